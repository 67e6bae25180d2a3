"""Writing a run's outputs: tidy Parquet and CSV, the event log, the resolved config, a figure.

Each file is written to a temporary name and moved into place, so an interrupted run never
leaves a half-written file under the final name.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pandas as pd

import sim


def _atomic(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)


def write_frame(df: pd.DataFrame, path_stem: Path, formats: tuple[str, ...] = ("parquet", "csv")) -> None:
    for fmt in formats:
        path = path_stem.with_suffix(f".{fmt}")
        if fmt == "parquet":
            _atomic(path, lambda p: df.to_parquet(p, index=False))
        else:
            _atomic(path, lambda p: df.to_csv(p, index=False))


def write_text(path: Path, text: str) -> None:
    _atomic(path, lambda p: p.write_text(text))


def git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=Path(sim.__file__).parent, capture_output=True, text=True, timeout=5
        )
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def write_manifest(out: Path, **info) -> None:
    info = {"version": sim.__version__, "git_commit": git_commit(), **info}
    write_text(out / "manifest.json", json.dumps(info, indent=2, default=str))
