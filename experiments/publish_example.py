"""Regenerate the worked comparison in docs/worked_example/ (report, figures, tables).

    python -m experiments.publish_example                  # the README's default comparison
    python -m experiments.publish_example --from <folder>  # copy a finished comparison's report

Runs the default comparison into a temporary store and copies the report, figures and CSV tables
(not the Parquet store) into docs/worked_example/, which docs/scenarios.md shows.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from omegaconf import OmegaConf

from experiments.compare import CompareConfig, run_comparison
from sim.running.config import CONF_DIR

DOCS = Path(__file__).resolve().parent.parent / "docs" / "worked_example"


def copy_report(folder: Path) -> None:
    """The report, figures and tables of a comparison folder (not its Parquet store) into docs/worked_example/."""
    DOCS.mkdir(parents=True, exist_ok=True)
    for old in DOCS.iterdir():
        old.unlink()
    for path in Path(folder).iterdir():
        if (
            path.is_file()
            and path.suffix in (".md", ".png", ".csv", ".json")
            and path.name not in ("design.json", "store.json")
        ):
            shutil.copy(path, DOCS / path.name)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from", dest="source", default=None, help="a finished comparison folder to copy from")
    args = parser.parse_args()
    if args.source:
        if not (Path(args.source) / "report.md").is_file():
            raise SystemExit(f"publish_example error: {args.source} holds no report.md")
        copy_report(Path(args.source))
        print(f"report and figures of {args.source} copied to {DOCS}")
        return
    raw = OmegaConf.to_container(OmegaConf.load(CONF_DIR / "compare.yaml"), resolve=False)
    c = CompareConfig(**{k: v for k, v in raw.items() if k not in ("defaults", "hydra")})
    with tempfile.TemporaryDirectory() as tmp:
        run_comparison(c, Path(tmp))
        copy_report(Path(tmp))
    print(f"report and figures copied to {DOCS}")


if __name__ == "__main__":
    main()
