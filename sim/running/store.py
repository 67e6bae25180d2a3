"""The results store: a Parquet dataset of finished runs plus their resolved configs.

Layout under one folder::

    store.json                          which config hash each scenario name stands for
    configs/<hash>.yaml                 resolved config of each scenario
    measures/<scenario>/<hash>-<seed>.parquet   tidy yearly measures of one run
    risk/<scenario>/<hash>-<seed>.parquet       each school's first headship-gap term in that run
    drivers/<scenario>/<hash>.parquet           each school's succession-risk drivers at the start

One file per run, written atomically by the worker that ran it: an interrupted ensemble
leaves only whole files, and rerunning skips every run whose file exists. A folder that
already holds a scenario under another config hash is refused before anything runs, so
results of different configurations are never mixed or overwritten.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
from omegaconf import OmegaConf

from sim.state.errors import ConfigError


class ResultsStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    # ----- identity ---------------------------------------------------------------------------
    def index(self) -> dict[str, str]:
        path = self.root / "store.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def check_compatible(self, hashes: dict[str, str]) -> None:
        """Refuse a folder holding a scenario of the same name under a different config."""
        held = self.index()
        for name, chash in hashes.items():
            if name in held and held[name] != chash:
                raise ConfigError(
                    f"output folder {self.root} already holds scenario '{name}' with config {held[name]}, "
                    f"but this run's config is {chash}; choose another folder (results are never mixed)"
                )

    def register(self, hashes: dict[str, str], configs: dict[str, dict]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "configs").mkdir(exist_ok=True)
        for name, chash in hashes.items():
            path = self.root / "configs" / f"{chash}.yaml"
            if not path.exists():
                atomic_write(path, lambda p, c=configs[name]: p.write_text(OmegaConf.to_yaml(OmegaConf.create(c))))
        merged = {**self.index(), **hashes}
        atomic_write(self.root / "store.json", lambda p: p.write_text(json.dumps(merged, indent=2, sort_keys=True)))

    # ----- runs -------------------------------------------------------------------------------
    def part(self, kind: str, scenario: str, chash: str, seed: int | None = None) -> Path:
        name = f"{chash}.parquet" if seed is None else f"{chash}-{seed}.parquet"
        return self.root / kind / scenario / name

    def done(self, scenario: str, chash: str, seed: int) -> bool:
        return (
            self.part("measures", scenario, chash, seed).exists() and self.part("risk", scenario, chash, seed).exists()
        )

    def write(self, kind: str, scenario: str, chash: str, seed: int | None, df: pd.DataFrame) -> None:
        path = self.part(kind, scenario, chash, seed)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, lambda p: df.to_parquet(p, index=False))

    def read(self, kind: str, scenarios: list[str] | None = None) -> pd.DataFrame:
        """All runs of ``kind`` for the scenarios under their registered config (sorted, reproducible)."""
        held = self.index()
        frames = []
        for name in scenarios if scenarios is not None else sorted(held):
            chash = held.get(name)
            folder = self.root / kind / name
            if chash is None or not folder.exists():
                continue
            for path in sorted(folder.glob(f"{chash}*.parquet")):
                frames.append(pd.read_parquet(path))
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def atomic_write(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(tmp)
    os.replace(tmp, path)
