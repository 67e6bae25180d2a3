"""Is the no-programme baseline stationary? The panel of every yearly rate over twenty years.

    python -m experiments.stationarity outputs/2026-12-01/10-00-00_no_programme_lincolnshire
    python -m experiments.stationarity --run region=lincolnshire --seeds 10
    python -m experiments.stationarity --run region=england --seeds 2 --publish england

Reads the tidy results of a ``python -m sim scenario=no_programme`` run folder (or runs one into
outputs/stationarity/), compares every rate of ``sim.analysis.stationarity.RATES`` in each
later five-year window with its first five years, and prints the table. ``--publish NAME``
writes docs/stationarity_NAME.csv and docs/img/stationarity_NAME.png, which docs/validation.md
shows. Exits 1 if a rate drifts beyond the rule.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from sim.analysis.stationarity import stationarity, summary  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def run(overrides: list[str], seeds: int, jobs: int = -1) -> pd.DataFrame:
    """Run the no-programme baseline for ``seeds`` seeds (in parallel) and return the tidy measures."""
    from joblib import Parallel, delayed

    from sim.running.config import compose_config, load_config

    cfg = load_config(compose_config(["scenario=no_programme", *overrides]))
    if cfg.run.horizon_years < 10:
        raise SystemExit(f"run.horizon_years={cfg.run.horizon_years}: need at least 10 years to judge stationarity")
    seed_list = [cfg.run.seed + i for i in range(seeds)]
    frames = Parallel(n_jobs=jobs)(delayed(_one)(cfg, s) for s in seed_list)
    return pd.concat(frames, ignore_index=True)


def _one(cfg, seed: int) -> pd.DataFrame:
    from sim.running.run import run_model

    return run_model(cfg, seed, reuse=False).measures


def figure(measures: pd.DataFrame, table: pd.DataFrame, title: str, path: Path) -> None:
    """Every rate's yearly mean over seeds relative to its first five years, with the ±10% band."""
    y = measures[measures.term == -1]
    keys = [(r.measure, r.group) for r in table.itertuples()]
    cols = 6
    rows = -(-len(keys) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(16, 2.0 * rows), sharex=True)
    years = sorted(y.year.unique())
    for ax, (measure, group), row in zip(np.ravel(axes), keys, table.itertuples()):
        d = y[(y.measure == measure) & (y.group == group)]
        series = d.pivot_table(index="seed", columns="year", values="value", aggfunc="sum").reindex(columns=years)
        mean = series.fillna(0).mean(axis=0)
        base = mean.iloc[:5].mean()
        rel = mean / base if base else mean * 0 + 1
        ax.axhspan(0.9, 1.1, color="#d3f9d8", lw=0)
        ax.plot(years, rel.values, color="#1c7ed6" if row.holds else "#c92a2a", lw=1.5)
        ax.axhline(1, color="black", lw=0.6)
        ax.set_ylim(0.6, 1.4)
        ax.set_title(f"{measure}|{group}", fontsize=7, color="black" if row.holds else "#c92a2a")
        ax.tick_params(labelsize=6)
    for ax in np.ravel(axes)[len(keys) :]:
        ax.axis("off")
    fig.suptitle(f"{title}: each rate / its first-five-year mean (mean of seeds); green = within ±10%", fontsize=10)
    plt.tight_layout()
    plt.savefig(path, dpi=100)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", help="a run folder holding results.parquet")
    parser.add_argument("--run", nargs="*", default=None, help="run the baseline with these Hydra overrides")
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=-1)
    parser.add_argument("--publish", metavar="NAME", help="write docs/stationarity_NAME.csv and its figure")
    args = parser.parse_args()
    if args.folder:
        path = Path(args.folder)
        path = path / "results.parquet" if path.is_dir() else path
        if not path.exists():
            raise SystemExit(f"{path}: no such results file (run python -m sim scenario=no_programme first)")
        measures = pd.read_parquet(path)
    else:
        measures = run(args.run or [], args.seeds, args.jobs)
        out = ROOT / "outputs" / "stationarity"
        out.mkdir(parents=True, exist_ok=True)
        measures.to_parquet(out / f"{(args.publish or 'run')}.parquet")
    table = stationarity(measures)
    pd.set_option("display.width", 200)
    print(table.drop(columns=["kind"]).round(3).to_string(index=False))
    print(summary(table))
    if args.publish:
        docs = ROOT / "docs"
        (docs / "img").mkdir(parents=True, exist_ok=True)
        table.to_csv(docs / f"stationarity_{args.publish}.csv", index=False)
        figure(
            measures,
            table,
            f"No programme, {args.publish}, {measures.seed.nunique()} seeds",
            docs / "img" / f"stationarity_{args.publish}.png",
        )
        print(f"written docs/stationarity_{args.publish}.csv and docs/img/stationarity_{args.publish}.png")
    if not table.holds.all():
        sys.exit(1)


if __name__ == "__main__":
    main()
