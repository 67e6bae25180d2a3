"""The dashboard's pictures in the docs, taken from the current code.

    python -m experiments.screenshots          # writes docs/img/dashboard*.png (a few minutes)

Starts the dashboard (``solara run sim/app.py``) on a free localhost port, drives Debian's
headless chromium through Playwright as a trainer would (the guide's steps in docs/dashboard.md),
takes every picture of the dashboard in the docs, writes them and stops the server. Run it after
any change under sim/dashboard/ or sim/app.py and commit the images with it. Beside them it writes
``docs/img/dashboard_screenshots.json``: a hash of the dashboard's code the pictures were taken
from, and of each picture; a test checks both against the current files, so a guide never shows a
screen the code no longer draws (and a change that leaves the pictures as they were still says so).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

from experiments import dashboard_browser as db

IMG = db.ROOT / "docs" / "img"
TAKEN_FROM = IMG / "dashboard_screenshots.json"  # the code the pictures were taken from
CODE = ("sim/dashboard", "sim/app.py")  # the dashboard's code: what the pictures show
# Every picture of the dashboard in the docs, and what it shows.
PICTURES = {
    "dashboard.png": "the county map after four terms (Autumn 2013), the default scenario and seed",
    "dashboard_story.png": "a school in trouble and its story, after two years",
    "dashboard_risk.png": "the succession-risk register from Summer 2014",
    "dashboard_compare.png": "what the revised one-off scheme changes against no programme, paired runs over ten years",
}


def take(out: Path = IMG, compare_runs: int = 8, compare_years: int = 10) -> list[Path]:
    """Take every picture in ``PICTURES`` into ``out``; returns the files written."""
    problem = db.missing()
    if problem:
        raise SystemExit(f"cannot take the screenshots: {problem}")
    written = []

    def picture(page, name: str) -> None:
        path = out / name
        db.shot(page, path)
        written.append(path)
        print(f"wrote {path.relative_to(db.ROOT) if path.is_relative_to(db.ROOT) else path}", file=sys.stderr)

    with tempfile.TemporaryDirectory() as tmp, db.serve(Path(tmp) / "server.log") as server, db.chromium() as browser:
        ctx, page, _ = db.open_page(browser, server.url)
        try:
            for term in range(1, 5):
                db.step(page, term)
            page.get_by_text("Autumn 2013 – term 4 of 60").first.wait_for()
            picture(page, "dashboard.png")

            for term in (5, 6):
                db.step(page, term)
            db.open_tab(page, "A school's story")
            page.get_by_role("button", name="Show me a school in trouble").click()
            page.get_by_text("Now (Summer 2014 – term 6 of 60):").wait_for()
            picture(page, "dashboard_story.png")

            db.open_tab(page, "Succession risk")
            page.get_by_role("button", name="Work out the risk from Summer 2014").click()
            page.get_by_text("From Summer 2014 – term 6 of 60").first.wait_for(timeout=300_000)
            page.get_by_role("columnheader", name="Gap within 3 years").wait_for()
            picture(page, "dashboard_risk.png")

            db.open_tab(page, "Compare policies")
            runs, years = page.get_by_role("slider").nth(0), page.get_by_role("slider").nth(1)
            runs.focus()
            runs.press("Home")
            for _ in range(compare_runs - 2):
                runs.press("ArrowRight")
            years.focus()
            years.press("Home")
            for _ in range(compare_years - 1):
                years.press("ArrowRight")
            page.get_by_text(f"Years: {compare_years}").wait_for()
            page.get_by_role("button", name=f"Compare ({2 * compare_runs} runs)").click()
            heading = page.get_by_text("What each policy changes").first
            heading.wait_for(timeout=900_000)
            heading.evaluate("e => e.scrollIntoView({block: 'start'})")  # the differences and their ranges
            picture(page, "dashboard_compare.png")
        finally:
            db.close(ctx, page)
    return written


def code_hash(root: Path = db.ROOT) -> str:
    """A hash of the dashboard's code (every .py file under ``CODE``, by path and content)."""
    h = hashlib.sha256()
    files = sorted(
        f for c in CODE for f in ((root / c).rglob("*.py") if (root / c).is_dir() else [root / c]) if f.is_file()
    )
    for f in files:
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def record(out: Path = IMG) -> dict:
    """Write what the pictures in ``out`` were taken from (``TAKEN_FROM``) and return it."""
    taken = {"code": code_hash(), "pictures": {name: file_hash(out / name) for name in sorted(PICTURES)}}
    (out / TAKEN_FROM.name).write_text(json.dumps(taken, indent=2) + "\n")
    return taken


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], prog="python -m experiments.screenshots")
    parser.add_argument("--out", type=Path, default=IMG, help="folder for the pictures (default: docs/img)")
    parser.add_argument("--compare-runs", type=int, default=8, help="runs per scenario in the comparison picture")
    parser.add_argument("--compare-years", type=int, default=10, help="years of the comparison picture")
    args = parser.parse_args(argv)
    take(args.out, args.compare_runs, args.compare_years)
    record(args.out)


if __name__ == "__main__":
    main()
