"""The comparison report: figures with bands, paired differences, money, cost-effectiveness,
the succession-risk register and a short markdown summary.

    python -m experiments.report <store folder> [--baseline no_programme] [--risk revised_one_off]

Reads only the results store; the report is written by ``sim.running.report.write_report`` (its
tables and figures are ``sim.analysis.report`` and ``sim.analysis.report_figures``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.running.report import write_report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store")
    parser.add_argument("--baseline", default="no_programme")
    parser.add_argument("--risk", default="revised_one_off")
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    if not (Path(args.store) / "store.json").is_file():
        raise SystemExit(f"report error: {args.store} is not a results store (no store.json)")
    try:
        print(write_report(args.store, baseline=args.baseline, risk_scenario=args.risk, report_years=args.years))
    except (ValueError, KeyError) as err:  # a store without those scenarios or runs
        raise SystemExit(f"report error: {' '.join(str(err).split())}") from None


if __name__ == "__main__":
    main()
