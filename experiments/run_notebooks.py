"""Execute the notebooks with full settings and save them with their outputs, so a reader opening one
on the web sees the figures and tables without running anything.

    python -m experiments.run_notebooks                 # all three, full settings (a few minutes)
    python -m experiments.run_notebooks trainers        # only those whose file name starts with 'trainers'

Rerun it after any change to the model: the committed notebooks show the model's numbers. The test
suite runs the same notebooks with small settings (SIM_QUICK=1) without saving them
(tests/test_notebooks.py), and checks that the committed ones were executed with full settings.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
COMMAND = "python -m experiments.run_notebooks"


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def execute(path: Path, env: dict[str, str] | None = None, timeout: int = 3600) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh kernel, in its own folder; return it with its outputs."""
    nb = nbformat.read(path, as_version=4)
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def tidy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop per-run timestamps (smaller diffs) and record how the outputs were made."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata["smallschools"] = {
        "executed_with": "full settings (SIM_QUICK unset)",
        "regenerate": COMMAND,
        "git_commit": _commit(),
    }
    return nb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="run only notebooks whose file name starts with one of these")
    args = parser.parse_args()
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if args.names:
        paths = [p for p in paths if any(p.stem.startswith(n) for n in args.names)]
    if not paths:
        sys.exit(f"no notebook in {NOTEBOOKS} matches {args.names}")
    os.environ.pop("SIM_QUICK", None)  # full settings
    for path in paths:
        t0 = time.perf_counter()
        nb = tidy(execute(path, {"SOLARA_CHECK_HOOKS": "off"}))
        nbformat.write(nb, path)
        print(f"{path.relative_to(ROOT)}: executed in {time.perf_counter() - t0:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
