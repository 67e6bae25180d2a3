"""The dashboard's pictures in the docs are taken from the dashboard's current code.

``python -m experiments.screenshots`` retakes every picture in docs/img/dashboard*.png; this
checks, by commit time, that none was committed before the last change to the dashboard's code,
so a guide never shows a screen the code no longer draws.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from experiments.screenshots import PICTURES

ROOT = Path(__file__).resolve().parents[1]
CODE = ["sim/dashboard/", "sim/app.py"]


def commit_time(*paths: str) -> int | None:
    """Unix time of the last commit touching ``paths`` (None if none, or not a git checkout)."""
    out = subprocess.run(
        ["git", "log", "-1", "--format=%ct", "--", *paths], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return int(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def test_every_dashboard_picture_is_one_the_script_takes():
    shown = {p.name for p in (ROOT / "docs" / "img").glob("dashboard*.png")}
    assert shown == set(PICTURES), "docs/img/dashboard*.png and experiments/screenshots.PICTURES differ"


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")
def test_dashboard_pictures_are_newer_than_the_dashboard_code():
    code = commit_time(*CODE)
    if code is None:
        pytest.skip("the dashboard's code has no commit here (a shallow or exported copy)")
    for name in PICTURES:
        taken = commit_time(f"docs/img/{name}")
        assert taken is not None and taken >= code, (
            f"docs/img/{name} is older than the last change to {' or '.join(CODE)}: "
            "run python -m experiments.screenshots and commit the pictures"
        )
