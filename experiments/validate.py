"""Validation scorecard: the revised one-off scheme from September 2012 against the documents.

    python -m experiments.validate                 # 40 seeds, writes outputs/validation/ (scorecard, figure)
    python -m experiments.validate --publish       # the same, and regenerates docs/validation.md
    python -m experiments.validate --seeds 100 --store outputs/validation/mine

Runs the `revised_one_off` scenario on the Lincolnshire-like county over an ensemble (resumable
store, all cores), measures every target of sim/data/targets.yaml exactly as defined there, and
writes the scorecard: each target's model median and 10-90% range, and how honestly it is met
(``basis``: input, identity, fitted or emergent, with the reason). A target is reproduced when
the median lies within its tolerance *and* the documented value lies inside the model's 10-90%
band; only emergent targets count. The published page also carries the stationarity panel of the
no-programme baseline (``python -m experiments.stationarity ... --publish``).
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from sim.analysis import targets as tg  # noqa: E402
from sim.observe.measures import known_measures  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "validation.md"
FIG = ROOT / "docs" / "img" / "validation.png"
OUT = ROOT / "outputs" / "validation"


def run_validation(
    seeds: int = 40,
    store: str | Path | None = None,
    overrides: list[str] | None = None,
    n_jobs: int = -1,
    horizon: int = 5,
    progress: bool = True,
) -> pd.DataFrame:
    """Run the ensemble (or reuse it) and return the scorecard.

    Without ``store`` the runs go to ``outputs/validation/runs/<config hash>``: a changed model or
    setting gets a store of its own instead of being refused by the last one.
    """
    from sim.running.config import compose_config, load_config
    from sim.running.ensemble import load, run_ensemble, seed_set
    from sim.running.run import config_hash

    targets = tg.load(known_measures=known_measures())
    cfg = load_config(
        compose_config(
            ["scenario=revised_one_off", "region=lincolnshire", f"run.horizon_years={horizon}", *(overrides or [])]
        )
    )
    store = store or OUT / "runs" / config_hash(cfg)
    run_ensemble({"revised_one_off": cfg}, seed_set(2013, seeds), store, n_jobs=n_jobs, progress=progress)
    measures, _, _ = load(store, ["revised_one_off"])
    return tg.scorecard(targets, measures)


def figure(card: pd.DataFrame, path: Path) -> None:
    """Each target's model range relative to its tolerance band."""
    card = card.iloc[::-1]
    fig, ax = plt.subplots(figsize=(10, 0.34 * len(card) + 1.5))
    for i, r in enumerate(card.itertuples()):
        scale = r.tolerance if r.kind == "value" else max(abs(r.target), 1e-9)
        lo, mid, hi = (
            (r.model_p10 - r.target) / scale,
            (r.model_median - r.target) / scale,
            (r.model_p90 - r.target) / scale,
        )
        colour = "#2b8a3e" if r.reproduced else "#c92a2a"
        if not r.counts:
            colour = "#868e96"
        ax.plot([max(lo, -6), min(hi, 6)], [i, i], color=colour, lw=2.5, alpha=0.6)
        if abs(mid) > 5.8:  # far off the scale: an arrow at the edge, with the value
            ax.plot(5.8 if mid > 0 else -5.8, i, ">" if mid > 0 else "<", color=colour, ms=9)
            ax.annotate(
                f"{mid:+.0f}",
                (5.5 if mid > 0 else -5.5, i),
                fontsize=7,
                ha="right" if mid > 0 else "left",
                va="center",
                color=colour,
            )
        else:
            ax.plot(mid, i, "o", color=colour)
    ax.axvspan(-1, 1, color="#d3f9d8", alpha=0.6, lw=0)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(range(len(card)), [f"{r.id} ({r.basis})" for r in card.itertuples()], fontsize=8)
    ax.set_xlim(-6, 6)
    ax.set_xlabel(
        "(model - target) / tolerance: median and 10-90% of runs; green band = within tolerance; "
        "grey = not counted (input, identity, fitted)"
    )
    ax.set_title("Validation scorecard: revised one-off scheme, Lincolnshire-like county")
    plt.tight_layout()
    plt.savefig(path, dpi=110)
    plt.close(fig)


def _fmt(x: float) -> str:
    return f"{x:,.3g}" if abs(x) < 1000 else f"{x:,.0f}"


STATIONARITY = (("lincolnshire", "the Lincolnshire-like county"), ("england", "England"))
BASIS_WORDS = {
    "emergent": "comes from the mechanisms: nothing is set from it or fitted to it",
    "fitted": "calibration fits parameters to it",
    "identity": "follows arithmetically from inputs or fitted targets",
    "input": "a parameter or the initial state is set from it",
}


def stationarity_section() -> list[str]:
    """The no-programme stationarity panel, from the published tables (docs/stationarity_*.csv)."""
    lines = ["## Stationarity of the no-programme baseline", ""]
    found = False
    for name, label in STATIONARITY:
        path = ROOT / "docs" / f"stationarity_{name}.csv"
        if not path.exists():
            continue
        found = True
        table = pd.read_csv(path)
        bad = table[~table.holds]
        lines += [
            f"**{label}** (`python -m experiments.stationarity --run region={name} --seeds {int(table.seeds.max())} "
            f"--publish {name}`): {int(table.holds.sum())} of {len(table)} rates stay within ±10% of their "
            "first-five-year mean in every later five-year window (counts: or within 1 a year, as "
            "`../shared/tools/drift.py` judges; shares and latent means: or within 0.01), after a "
            "spin-up of `params.spinup.years` (80) years"
            + (
                "."
                if bad.empty
                else "; not: "
                + ", ".join(
                    f"`{r.measure}|{r.group}` {r.largest_change:+.0%} (±{2 * r.se_abs / abs(r.first):.0%} noise)"
                    for r in bad.itertuples()
                )
                + "."
            ),
            "",
            f"![stationarity {name}](img/stationarity_{name}.png)",
            "",
            "| rate | first 5 years | largest change in a later 5-year window | ±2 se | holds |",
            "|---|---|---|---|---|",
        ]
        for r in table.itertuples():
            noise = 2 * r.se_abs / abs(r.first) if r.first else float("nan")
            lines.append(
                f"| {r.measure}|{r.group} | {_fmt(r.first)} | {r.largest_change:+.1%} | {noise:.1%} | "
                f"{'yes' if r.holds else '**no**'} |"
            )
        lines.append("")
    if not found:
        lines += ["(not yet published: run `python -m experiments.stationarity --run ... --publish NAME`)", ""]
    return lines


def markdown(card: pd.DataFrame, seeds: int, note: str = "") -> str:
    counted = card[card.counts]
    lines = [
        "# Validation: how far the model reproduces what Lincolnshire saw",
        "",
        f"Regenerate: `python -m experiments.validate --seeds {seeds} --publish` (generated {datetime.date.today()}). "
        f"The revised one-off scenario runs from September 2012 on the Lincolnshire-like county over {seeds} "
        "seeds, each spun up from its own start under the pre-2012 policy; every target of "
        "`sim/data/targets.yaml` is measured exactly as defined there (measures, groups, academic years).",
        "",
        "A target is **reproduced** when the model median lies within the target's tolerance *and* the "
        "documented value lies inside the model's 10–90% band over runs. Each target says how the model "
        "meets it: " + "; ".join(f"**{k}**: {v}" for k, v in BASIS_WORDS.items()) + ". Only emergent "
        "targets count.",
        "",
        f"**Reproduced, emergent targets only: {int(counted.reproduced.sum())} of {len(counted)}.** "
        f"Fit targets reproduced: {int(card[card.use == 'fit'].reproduced.sum())} of {int((card.use == 'fit').sum())} "
        f"(the calibration's own targets, not counted). All targets by basis: "
        + ", ".join(f"{b} {int((card.basis == b).sum())}" for b in BASIS_WORDS)
        + ".",
        "",
        "![scorecard](img/validation.png)",
        "",
    ]
    for use, title in (
        ("check", "Check targets (kept aside from calibration)"),
        ("fit", "Fit targets (used by calibration)"),
    ):
        lines += [
            f"## {title}",
            "",
            "| target | documented | tolerance | model median | model 10–90% | reproduced | basis | why | source |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in card[card.use == use].itertuples():
            doc = "a fall (< 0)" if r.kind == "negative" else _fmt(r.target)
            tol = "–" if r.kind == "negative" else f"±{_fmt(r.tolerance)}"
            mark = "yes" if r.reproduced else ("within tolerance, outside band" if r.within else "**no**")
            lines.append(
                f"| {r.id} | {doc} | {tol} | {_fmt(r.model_median)} | {_fmt(r.model_p10)} – "
                f"{_fmt(r.model_p90)} | {mark} | {r.basis} | {r.basis_why} | {r.source_file} |"
            )
        lines.append("")
    lines += stationarity_section()
    if note:
        lines += ["## Misses and why", "", note, ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--store", default=None, help="results store (default outputs/validation/runs/<config hash>)")
    parser.add_argument("--jobs", type=int, default=-1)
    parser.add_argument("--publish", action="store_true", help="regenerate docs/validation.md, its figure and CSV")
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. params.moves.seek_rate=0.05")
    args = parser.parse_args()
    if args.seeds < 1:
        parser.error(f"--seeds={args.seeds} is not allowed: need a whole number >= 1")
    card = run_validation(args.seeds, args.store, args.overrides, args.jobs)
    OUT.mkdir(parents=True, exist_ok=True)
    notes = ROOT / "docs" / "validation_notes.md"
    text = markdown(card, args.seeds, notes.read_text() if notes.exists() else "")
    targets = [(OUT / "validation.md", OUT / "img" / "validation.png", OUT / "validation.csv")]
    if args.publish:
        targets.append((DOC, FIG, ROOT / "docs" / "validation.csv"))
    for doc, fig, csv in targets:
        fig.parent.mkdir(parents=True, exist_ok=True)
        figure(card, fig)
        doc.write_text(text)
        card.to_csv(csv, index=False)
        print(f"written {doc}")
    print(card[["id", "target", "model_median", "model_p10", "model_p90", "reproduced", "use", "basis"]].to_string())


if __name__ == "__main__":
    main()
