"""What a command-line entry point is (``App``) and what its pre-flight decided (``Plan``).

``python -m sim`` (sim/running/cli.py) and ``python -m experiments.compare`` each describe
themselves with an ``App``; ``sim.running.app.run_app`` runs one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omegaconf import DictConfig


@dataclass
class Job:
    overrides: list[str]
    cfg: DictConfig  # composed, with the hydra node


@dataclass
class Plan:
    """What the pre-flight decided: the jobs, the folder, and the overrides Hydra gets on top."""

    multirun: bool
    jobs: list[Job]
    final: Path
    notes: list[str] = field(default_factory=list)
    swept: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)  # app-specific (e.g. the comparison's configs)


@dataclass
class App:
    """One entry point: its config, its Hydra-decorated main, and how it checks and keeps outputs."""

    prog: str
    config_name: str
    config_dir: Path | None
    hydra_main: Callable[[], Any]
    check_job: Callable[[DictConfig, Plan], list[str]]  # raise ConfigError, or return notes
    help_text: Callable[[list[str], list[Path]], str]
    root: type | None = None  # the typed config, to word errors
    folder: str = "staged"  # "staged" (python -m sim) or "store" (a resumable comparison)
    multirun: bool = True
    what: str = "setting"
    done: Callable[[Path], str] = lambda out: f"results written to {out}"
