"""How much pairing buys: the spread of paired differences against unpaired ones, per store.

    python -m experiments.pairing outputs/compare/<folder> [more folders] [--baseline no_programme]

Common random numbers make a scenario and its baseline differ only by the policy, run by run. For
each headline measure this prints the standard deviation of the paired differences (scenario
minus baseline on the same draw, county and seed) and of unpaired ones (every scenario run minus
every baseline run of another seed), and their variance ratio: the share of the noise pairing
leaves. docs/common_random_numbers.md records it for the model before and after draws by agent.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis.report import HEADLINES, summarise
from sim.running.ensemble import load

RUN = ["draw", "county", "seed"]


def pairing_table(root: str | Path, baseline: str, years: int = 10) -> pd.DataFrame:
    """One row per (measure, scenario): SD of paired and unpaired differences and their variance ratio."""
    measures, _, _ = load(root)
    for k in RUN:
        if k not in measures.columns:
            measures[k] = 0
    start = int(measures.year.min())
    window = list(range(start, start + years))
    rows = []
    for measure, group, title, how in HEADLINES:
        values = summarise(measures, measure, group, how, window)
        if values.empty:
            continue
        frame = values.rename("value").reset_index()
        for k in RUN:
            if k not in frame.columns:
                frame[k] = 0
        base = frame[frame.scenario == baseline].set_index(RUN).value
        for scenario in sorted(set(frame.scenario) - {baseline}):
            other = frame[frame.scenario == scenario].set_index(RUN).value
            paired = (other - base.reindex(other.index)).dropna()
            cross = other.to_numpy()[:, None] - base.to_numpy()[None, :]
            same = np.equal.outer(other.index.to_numpy(), base.index.to_numpy())
            unpaired = cross[~same]
            var_p, var_u = float(paired.var()), float(unpaired.var())
            rows.append(
                {
                    "measure": title,
                    "scenario": scenario,
                    "runs": len(paired),
                    "sd_paired": np.sqrt(var_p),
                    "sd_unpaired": np.sqrt(var_u),
                    "variance_ratio": var_p / var_u if var_u > 0 else np.nan,
                }
            )
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stores", nargs="+")
    parser.add_argument("--baseline", default="no_programme")
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    for root in args.stores:
        if not (Path(root) / "store.json").is_file():
            raise SystemExit(f"pairing error: {root} is not a results store (no store.json)")
        print(f"\n{root}\n")
        table = pairing_table(root, args.baseline, args.years)
        print("| measure | scenario | runs | SD paired | SD unpaired | variance ratio |")
        print("|---|---|---|---|---|---|")
        for r in table.itertuples():
            print(
                f"| {r.measure} | {r.scenario} | {r.runs} | {r.sd_paired:.3g} | {r.sd_unpaired:.3g} | "
                f"{r.variance_ratio:.2f} |"
            )


if __name__ == "__main__":
    main()
