"""Hydra structured configuration: the typed schema of every config group.

``conf/`` holds the YAML files; this module registers their schemas (dataclasses) with
Hydra's ConfigStore so that a wrong type fails at composition, and ``sim.running.validation``
checks ranges before any run starts. ``compose_config`` is the one way code composes a
configuration (CLI pre-flight, comparisons, notebooks, dashboard): any error comes out as a
one-line ``ConfigError`` (``sim.running.reword``).

The region files carry no schema entry of their own: ``Config.region`` types them, so the
``region`` group holds only real choices and ``python -m experiments.compare region=england``
(a plain value there) is not mistaken for a group override.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING, DictConfig, OmegaConf, open_dict

from scenarios.config import ScenarioConfig
from sim.state.errors import ConfigError
from sim.state.params import SETTING, Params, par
from sim.state.regions import Band, RegionConfig
from sim.state.typed import to_dataclass

CONF_DIR = Path(__file__).resolve().parents[2] / "conf"


@dataclass
class RunConfig:
    seed: int = par(42, 0, 2**32 - 1, SETTING, "seed of the first run; run i uses seed + i", basis="setting")
    n_seeds: int = par(
        3, 1, 100000, SETTING, "runs of this configuration (seeds seed .. seed + n_seeds - 1)", basis="setting"
    )
    start_year: int = par(2012, 1990, 2100, SETTING, "academic year the run starts (September)", basis="setting")
    horizon_years: int = par(20, 1, 200, SETTING, "years simulated (three terms each)", basis="setting")
    termly: bool = par(False, src=SETTING, doc="also write termly rows, not only yearly ones", basis="setting")
    agent_data: bool = par(False, src=SETTING, doc="also write one row per school per year", basis="setting")
    figure: bool = par(True, src=SETTING, doc="draw the summary figure", basis="setting")
    check: bool = par(
        False,
        src=SETTING,
        doc="check the invariants (sim/observe/invariants.py) after every term; stop at the first broken one",
        basis="setting",
    )


@dataclass
class Config:
    region: RegionConfig = MISSING
    params: Params = field(default_factory=Params)
    scenario: ScenarioConfig = MISSING
    run: RunConfig = field(default_factory=RunConfig)


def register_configs() -> None:
    """The schemas of the whole config and of the params and scenario groups, in Hydra's ConfigStore
    (where ``conf/config.yaml`` and the group files name them as defaults)."""
    cs = ConfigStore.instance()
    schema = OmegaConf.structured(Config)
    cs.store(name="config_schema", node=schema)
    cs.store(group="params", name="params_schema", node=schema.params)
    cs.store(group="scenario", name="scenario_schema", node=ScenarioConfig)


register_configs()


def compose_config(
    overrides: list[str] | None = None,
    *,
    config_name: str = "config",
    config_dir: Path | None = CONF_DIR,
    extra_dirs: tuple[Path, ...] | list[Path] = (),
    with_hydra: bool = False,
    multirun: bool = False,
    root: type | None = None,
    job_name: str = "app",
) -> DictConfig:
    """Compose ``conf/<config_name>.yaml`` with overrides, for code, notebooks and the CLI's pre-flight.

    Through Hydra's compose API (``hydra.compose``). ``extra_dirs`` are a user's ``--config-dir``
    folders, searched where Hydra's main searches that folder: after ``config_dir``, before the
    schemas. ``with_hydra`` keeps the ``hydra`` node (run folder, choices; ``job_name`` is its job's
    name); ``multirun`` composes a sweep's base configuration (sweep overrides allowed, as for
    ``--multirun``). Hydra's global state is as it was afterwards, so this also works inside a Hydra
    task. Raises ``CompositionError`` (a one-line ``ConfigError``) for anything Hydra, OmegaConf or
    YAML refuses.
    """
    from sim.running.reword import CompositionError, reword

    overrides = [str(o) for o in overrides or []]
    folders = config_loader(config_dir, extra_dirs)
    for o in overrides:
        if o.lstrip("+~").startswith("="):
            raise CompositionError(f"the override {o!r} has no key; write key=value, e.g. run.n_seeds=5")
    typed_root = root or (Config if config_name == "config" else None)
    try:
        cfg = folders.compose(config_name, overrides, multirun=multirun, job_name=job_name)
    except Exception as err:  # noqa: BLE001 - every composition failure becomes one line
        raise CompositionError(
            reword(err, overrides=overrides, root=typed_root, search_dirs=[*folders.extra_dirs, *folders.main])
        ) from err
    strict_switches(overrides, typed_root)
    name_by_choice(cfg)
    if not with_hydra:
        with open_dict(cfg):
            cfg.pop("hydra", None)
    return cfg


def strict_switches(overrides: list[str], root: type | None) -> None:
    """Refuse ``run.termly=2``: OmegaConf would read any number as a switch (true unless 0)."""
    if root is None:
        return
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from sim.running.reword import CompositionError, field_at
    from sim.running.validation import _base

    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
    except Exception:  # noqa: BLE001 - composition has accepted them; sweeps are checked job by job
        return
    for o in parsed:
        if o.is_sweep_override() or o.is_delete():
            continue
        info = field_at(root, o.key_or_group)
        if info is None or _base(info[0]) is not bool:
            continue
        value = o.value()
        if not isinstance(value, bool):
            raise CompositionError(
                f"{o.key_or_group}={o.get_value_element_as_str()} is not allowed: need true or false"
            )


HYDRA_LOCK = threading.RLock()  # Hydra's global state, held while one thread composes


class ConfigFolders:
    """Where configurations are found: ``config_dir`` (``conf/``, or None: the ConfigStore only) and a
    user's ``--config-dir`` folders, which Hydra searches after ``config_dir`` and before the schemas
    (as its main does for ``--config-dir``), given to Hydra as a ``hydra.searchpath`` override.

    Also serves as the config loader of Hydra's override parser (``get_group_options``, for ``glob``)."""

    def __init__(self, config_dir: Path | None = CONF_DIR, extra_dirs: tuple[Path, ...] | list[Path] = ()) -> None:
        from sim.running.reword import CompositionError

        self.main = [Path(config_dir)] if config_dir else []
        self.extra_dirs = [Path(d).expanduser().resolve() for d in extra_dirs]
        for d in self.extra_dirs:
            if not d.is_dir():
                raise CompositionError(f"--config-dir {d}: no such folder")

    def overrides(self) -> list[str]:
        """The ``hydra.searchpath`` override that adds the user's folders (none without them)."""
        if not self.extra_dirs:
            return []
        return ["hydra.searchpath=[" + ",".join(quote_override(f"file://{d}") for d in self.extra_dirs) + "]"]

    @contextmanager
    def hydra(self, job_name: str = "app") -> Iterator[Any]:
        """Hydra initialised on ``config_dir`` (its public API); yields its config loader. Whatever Hydra
        was initialised with before (a running Hydra task) is restored afterwards. Hydra's state is one
        per process, so threads compose one at a time (the dashboard composes in several)."""
        from hydra import initialize, initialize_config_dir
        from hydra.core.global_hydra import GlobalHydra

        with HYDRA_LOCK:
            outer = GlobalHydra.instance().hydra
            GlobalHydra.instance().clear()
            try:
                if self.main:
                    init = initialize_config_dir(version_base="1.3", config_dir=str(self.main[0]), job_name=job_name)
                else:
                    init = initialize(version_base="1.3", config_path=None, job_name=job_name)
                with init:
                    yield GlobalHydra.instance().config_loader()
            finally:
                if outer is not None:
                    GlobalHydra.instance().clear()
                    GlobalHydra.instance().initialize(outer)

    def compose(
        self, config_name: str, overrides: list[str], multirun: bool = False, job_name: str = "app"
    ) -> DictConfig:
        """The configuration with Hydra's node (``hydra.compose``; a sweep's base through the same loader)."""
        from hydra import compose
        from hydra.types import RunMode

        given = [*self.overrides(), *overrides]
        with self.hydra(job_name) as loader:
            if multirun:
                return loader.load_configuration(config_name=config_name, overrides=given, run_mode=RunMode.MULTIRUN)
            return compose(config_name=config_name, overrides=given, return_hydra_config=True)

    def get_group_options(
        self, group_name: str, results_filter: Any = None, config_name: str | None = None, overrides: Any = None
    ) -> list[str]:
        """The options of a config group in every folder (``ObjectType.CONFIG`` by default)."""
        from hydra.core.object_type import ObjectType

        with self.hydra() as loader:
            return loader.get_group_options(
                group_name,
                results_filter=results_filter or ObjectType.CONFIG,
                config_name=config_name,
                overrides=[*self.overrides(), *(overrides or [])],
            )


def config_loader(config_dir: Path | None = CONF_DIR, extra_dirs: tuple[Path, ...] | list[Path] = ()) -> ConfigFolders:
    """The folders configurations are found in (``ConfigFolders``: compose, group options)."""
    return ConfigFolders(config_dir, extra_dirs)


def quote_override(value: str) -> str:
    """A value Hydra's override parser reads back verbatim."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def name_by_choice(cfg: DictConfig, choices: Any = None) -> None:
    """A region or scenario file that sets no name of its own is named after the file.

    An empty user scenario file would otherwise run under the schema's default name
    ``baseline``, which means the revised one-off scheme. ``choices`` default to the
    config's own ``hydra.runtime.choices``.
    """
    if choices is None:
        choices = OmegaConf.select(cfg, "hydra.runtime.choices", default=None)
    if choices is None:
        return
    defaults = {"region": RegionConfig().name, "scenario": ScenarioConfig().name}
    for group, default_name in defaults.items():
        choice = choices.get(group)
        node = cfg.get(group)
        if not choice or node is None or OmegaConf.is_missing(cfg, group):
            continue
        if OmegaConf.select(node, "name", default=None) == default_name and choice != default_name:
            node.name = Path(str(choice)).name


def load_region(name: str) -> RegionConfig:
    """A built-in region by name (lincolnshire, england, small)."""
    return to_dataclass(RegionConfig, compose_config([f"region={name}"]).region)


def _unresolvable(cfg: DictConfig) -> list[str]:
    """``key=${...}`` for each setting whose interpolation cannot be resolved (to name it in the error)."""
    out = []

    def walk(node: Any, prefix: str) -> None:
        items = node.items_ex(resolve=False) if isinstance(node, DictConfig) else []
        for k, _ in items:
            key = f"{prefix}.{k}" if prefix else str(k)
            if key == "hydra":
                continue
            if OmegaConf.is_interpolation(node, k):
                try:
                    node[k]
                except Exception:  # noqa: BLE001 - any failure to resolve is what we look for
                    out.append(f"{key}={OmegaConf.to_container(node, resolve=False)[k]}")
            elif isinstance(node.get(k), DictConfig):
                walk(node.get(k), key)

    try:
        walk(cfg, "")
    except Exception:  # noqa: BLE001 - best effort: only used to word an error
        pass
    return out


def load_config(cfg: DictConfig) -> Config:
    """Typed, range-checked config from a composed DictConfig (raises ConfigError)."""
    from omegaconf.errors import OmegaConfBaseException

    from sim.running.reword import reword
    from sim.running.validation import validate

    try:
        sections = [k for k in cfg if k != "hydra"]  # read in place: a copy without Hydra's node cost 15 ms
        unset = [k for k in sections if OmegaConf.is_missing(cfg, k)]
        nodes = {k: cfg[k] for k in sections if k not in unset}
        missing = sorted(
            [*unset, *(m for v in nodes.values() if OmegaConf.is_config(v) for m in OmegaConf.missing_keys(v))]
        )
        if missing:
            raise ConfigError(f"{missing[0]} is not set; give it on the command line, e.g. {missing[0]}=<value>")
        plain = {k: OmegaConf.to_container(v, resolve=True) if OmegaConf.is_config(v) else v for k, v in nodes.items()}
        typed = to_dataclass(Config, plain)
    except OmegaConfBaseException as err:
        raise ConfigError(reword(err, overrides=_unresolvable(cfg), root=Config)) from err
    except (TypeError, ValueError) as err:
        raise ConfigError(str(err)) from err
    validate(typed)
    return typed


__all__ = ["Band", "Config", "RunConfig", "compose_config", "load_config", "load_region", "to_dataclass"]
