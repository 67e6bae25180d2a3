"""Regenerate the worked comparison in docs/worked_example/ (report, figures, tables).

    python -m experiments.publish_example            # the README's default comparison, 20 seeds

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


def main() -> None:
    raw = OmegaConf.to_container(OmegaConf.load(CONF_DIR / "compare.yaml"), resolve=False)
    c = CompareConfig(**{k: v for k, v in raw.items() if k not in ("defaults", "hydra")})
    with tempfile.TemporaryDirectory() as tmp:
        report = run_comparison(c, Path(tmp))
        DOCS.mkdir(parents=True, exist_ok=True)
        for path in Path(tmp).iterdir():
            if path.suffix in (".md", ".png", ".csv", ".json"):
                shutil.copy(path, DOCS / path.name)
    print(f"{report.name} and figures copied to {DOCS}")


if __name__ == "__main__":
    main()
