"""How long a spin-up the start needs: the stationarity panel and the cost, for each candidate length.

    python -m experiments.spinup_length                               # the county, 20 seeds, 10/15/20/25/80 years
    python -m experiments.spinup_length --region england --seeds 2 --lengths 15 20
    python -m experiments.spinup_length --draws 5 --seeds 10          # 5 plausible draws of the county
    python -m experiments.spinup_length ... --publish                 # also into docs/spinup_length.csv

For each length (``params.spinup.years``) it runs the no-programme baseline on ``--seeds`` seeds (each draw in
turn with ``--draws``: the comparison's first plausible draws, ``sim.running.draws.sample_draws``), judges every
rate of ``sim.analysis.stationarity.RATES`` over the twenty reported years by the panel's rule, and times one
run's spin-up against its reported years (CPU). It prints one markdown row per (draw, length): the rates that
hold, the ones that do not, and the spin-up's cost as a share of the reported years' (one run, so the
share moves with the host's load by a tenth or more; docs/performance.md has the benchmark's). With
``--publish`` the rows replace those of the same region, parameters, length and seeds in docs/spinup_length.csv,
which docs/validation.md shows (``python -m experiments.validate --publish``). The rule that chose
``params.spinup.years`` (docs/validation.md): the shortest length at which the panel holds on the county and
on England and costs less than the twenty reported years.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from sim.analysis.stationarity import stationarity

TABLE = Path(__file__).resolve().parent.parent / "docs" / "spinup_length.csv"


def overrides_of_draw(draw: int) -> list[str]:
    """The comparison's plausible draw ``draw`` as Hydra overrides (whole numbers stay whole)."""
    from sim.running.config import compose_config, load_config
    from sim.running.draws import draw_values, field_of, sample_draws

    cfg = load_config(compose_config(["scenario=no_programme"]))
    draws = sample_draws(cfg, draw + 1, 2012, assumptions=True)
    out = []
    for key, value in draw_values(draws, draw).items():
        if not key.startswith(("params.", "region.")):
            continue  # a lever's response: the baseline has no lever
        obj, name, _ = field_of(cfg, key)
        old = getattr(obj, name)
        whole = isinstance(old, int) and not isinstance(old, bool)
        out.append(f"{key}={int(round(value)) if whole else value}")
    return out


def cost_share(overrides: list[str]) -> float:
    """CPU of one run's spin-up as a share of its twenty reported years (seed 1)."""
    from sim.model import SchoolSystem
    from sim.running.config import compose_config, load_config
    from sim.running.run import build_model, collector_paused, release

    cfg = load_config(compose_config(["scenario=no_programme", *overrides]))
    with collector_paused():
        t = time.process_time()
        model: SchoolSystem = build_model(cfg, 1, reuse=False)
        spin = time.process_time() - t
        t = time.process_time()
        while model.running:
            model.step()
        reported = time.process_time() - t
    release(model)
    return spin / reported


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--region", default="lincolnshire")
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--lengths", type=int, nargs="+", default=[10, 15, 20, 25, 80])
    parser.add_argument("--draws", type=int, default=0, help="also judge the comparison's first N plausible draws")
    parser.add_argument("--jobs", type=int, default=-1)
    parser.add_argument("--publish", action="store_true", help="write the rows into docs/spinup_length.csv")
    args = parser.parse_args()
    for name, value in (("--seeds", args.seeds), ("--draws", args.draws + 1)):
        if value < 1:
            raise SystemExit(f"{name}={value} is not allowed: need a whole number >= 1")
    if any(n < 0 for n in args.lengths):
        raise SystemExit(f"--lengths {args.lengths}: need whole numbers >= 0")
    from experiments.stationarity import run

    cases = [("default point", [])] + [(f"draw {d}", overrides_of_draw(d)) for d in range(1, args.draws + 1)]
    print("| region | parameters | spin-up years | rates that hold | rates that do not | spin-up CPU / reported |")
    print("|---|---|---|---|---|---|")
    rows = []
    for label, extra in cases:
        for years in args.lengths:
            over = [f"region={args.region}", f"params.spinup.years={years}", *extra]
            table = stationarity(run(over, args.seeds, args.jobs))
            bad = table[~table.holds]
            failing = ", ".join(f"{r.measure}\\|{r.group} ({r.largest_change:+.0%})" for r in bad.itertuples()) or "-"
            share = cost_share(over)
            print(
                f"| {args.region} | {label} | {years} | {int(table.holds.sum())} of {len(table)} | {failing} "
                f"| {share:.2f} |",
                flush=True,
            )
            rows.append(
                {
                    "region": args.region,
                    "parameters": label,
                    "years": years,
                    "seeds": args.seeds,
                    "hold": int(table.holds.sum()),
                    "rates": len(table),
                    "not_holding": failing.replace("\\|", "|"),
                    "spinup_cpu_share": round(share, 2),
                }
            )
    if args.publish:
        new = pd.DataFrame(rows)
        if TABLE.exists():
            old = pd.read_csv(TABLE)
            keys = set(zip(new.region, new.parameters, new.years, new.seeds))
            old = old[[k not in keys for k in zip(old.region, old.parameters, old.years, old.seeds)]]
            new = pd.concat([old, new], ignore_index=True)
        new.sort_values(["region", "parameters", "years", "seeds"]).to_csv(TABLE, index=False)
        print(f"written {TABLE.relative_to(TABLE.parent.parent)}")


if __name__ == "__main__":
    pd.set_option("display.width", 200)
    main()
