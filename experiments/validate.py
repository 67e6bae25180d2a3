"""Validation scorecard: the revised one-off scheme from September 2012 against the documents.

    python -m experiments.validate                 # 40 seeds, writes outputs/validation/ (scorecard, figure)
    python -m experiments.validate --publish       # the same, and regenerates docs/validation.md
    python -m experiments.validate --seeds 100 --store outputs/validation/mine
    python -m experiments.validate --ensemble --publish   # the comparison's plausible draws, side by side
    python -m experiments.validate --ensemble --draws 10 --seeds 2 --counties 1
    python -m experiments.validate --targets my_targets.yaml   # another targets file, checked the same way

Runs the `revised_one_off` scenario on the Lincolnshire-like county over an ensemble (resumable
store, all cores), measures every target of sim/data/targets.yaml exactly as defined there, and
writes the scorecard: each target's model median and 10-90% range, and how honestly it is met
(``basis``: input, identity, fitted or emergent, with the reason). A target is reproduced when
the median lies within its tolerance *and* the documented value lies inside the model's 10-90%
band; only emergent targets count. The published page also carries the stationarity panel of the
no-programme baseline (``python -m experiments.stationarity ... --publish``). The targets are checked
before anything runs: a target naming a measure or group the model does not produce, or a tolerance
that is not positive, stops it with one line naming the target.

``--ensemble`` scores the comparison's own ensemble instead of the default point: the draws
``python -m experiments.compare`` uses (``sample_draws`` with conf/compare.yaml's draws, base seed
and assumptions; draw 0 the defaults, the others plausible draws), on its counties, each draw on
seeds of its own (posterior predictive), every run pooled into one median and 10-90% band under
the same rule. It writes docs/validation_ensemble.csv (the columns of docs/validation.csv),
docs/validation_ensemble.json (its settings and time) and the side-by-side section of
docs/validation.md, leaving that page's other sections as they are.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from tqdm.auto import tqdm  # noqa: E402

from sim.analysis import targets as tg  # noqa: E402
from sim.observe.measures import measure_groups  # noqa: E402
from sim.state.params import SpinupParams  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "validation.md"
FIG = ROOT / "docs" / "img" / "validation.png"
OUT = ROOT / "outputs" / "validation"
ENSEMBLE_CSV = ROOT / "docs" / "validation_ensemble.csv"
ENSEMBLE_META = ROOT / "docs" / "validation_ensemble.json"  # the ensemble's settings and run time
ENSEMBLE_HEADING = "## The comparison's ensemble: the default point and every plausible draw"
COMPARE = ROOT / "conf" / "compare.yaml"


def run_validation(
    seeds: int = 40,
    store: str | Path | None = None,
    overrides: list[str] | None = None,
    n_jobs: int = -1,
    horizon: int = 5,
    progress: bool = True,
    targets_file: str | Path = tg.TARGETS_FILE,
) -> pd.DataFrame:
    """Run the ensemble (or reuse it) and return the scorecard.

    Without ``store`` the runs go to ``outputs/validation/runs/<config hash>-<model code hash>``: a changed
    model or setting gets a store of its own instead of being refused by the last one (or, were only the
    settings hashed, reused with the measures of older code).
    """
    from sim.running.config import compose_config, load_config
    from sim.running.ensemble import load, run_ensemble, seed_set
    from sim.running.run import config_hash, model_code_hash

    targets = tg.load(targets_file, known_measures=measure_groups())
    cfg = load_config(
        compose_config(
            ["scenario=revised_one_off", "region=lincolnshire", f"run.horizon_years={horizon}", *(overrides or [])]
        )
    )
    store = store or OUT / "runs" / f"{config_hash(cfg)}-{model_code_hash()}"
    run_ensemble({"revised_one_off": cfg}, seed_set(2013, seeds), store, n_jobs=n_jobs, progress=progress)
    measures, _, _ = load(store, ["revised_one_off"])
    return tg.scorecard(targets, measures)


def compare_settings(path: Path = COMPARE) -> dict:
    """The comparison's draws, seeds, counties, base seed and assumptions switch (conf/compare.yaml)."""
    import yaml

    raw = yaml.safe_load(path.read_text())
    return {k: raw[k] for k in ("draws", "seeds", "counties", "base_seed", "assumptions")}


def draw_seeds(base_seed: int, draw: int, n: int) -> list[int]:
    """``n`` run seeds of one draw's own (posterior predictive: no two draws share a seed's noise);
    the first ``k`` are the same for any ``n >= k``, so more seeds extend a store."""
    import numpy as np

    return [int(s.generate_state(1)[0]) for s in np.random.SeedSequence([base_seed, 2013, draw]).spawn(n)]


def run_ensemble_validation(
    draws: int,
    seeds: int,
    counties: int,
    store: str | Path | None = None,
    overrides: list[str] | None = None,
    n_jobs: int = -1,
    horizon: int = 5,
    progress: bool = True,
    base_seed: int | None = None,
    assumptions: bool | None = None,
    targets_file: str | Path = tg.TARGETS_FILE,
) -> tuple[pd.DataFrame, dict]:
    """Score the comparison's ensemble: its first ``draws`` draws on its first ``counties`` counties,
    ``seeds`` seeds per draw and county (each draw its own), all runs pooled; returns (scorecard, settings).

    The draws and counties come from ``sim.running.comparison.design_tables``, the function the
    comparison itself calls, with conf/compare.yaml's base seed and assumptions switch unless given.
    Without ``store`` the runs go to ``outputs/validation/ensemble/<hash of config, model code and design>``."""
    from sim.running.comparison import CompareConfig, design_tables
    from sim.running.config import compose_config, load_config
    from sim.running.ensemble import load, run_ensemble
    from sim.running.run import config_hash, model_code_hash

    c = compare_settings()
    base_seed = c["base_seed"] if base_seed is None else base_seed
    assumptions = c["assumptions"] if assumptions is None else assumptions
    targets = tg.load(targets_file, known_measures=measure_groups())
    cfg = load_config(
        compose_config(
            ["scenario=revised_one_off", "region=lincolnshire", f"run.horizon_years={horizon}", *(overrides or [])]
        )
    )
    plan = CompareConfig(
        scenarios=["revised_one_off"],
        baseline="revised_one_off",
        draws=draws,
        seeds=seeds,
        counties=counties,
        base_seed=base_seed,
        assumptions=assumptions,
    )
    values, regions, table = design_tables(plan, {"revised_one_off": cfg})
    key = json.dumps([config_hash(cfg), model_code_hash(), table.to_dict("list"), regions], sort_keys=True)
    store = Path(store or OUT / "ensemble" / hashlib.sha1(key.encode()).hexdigest()[:12])
    wanted = {(d, county, s) for d in values for county in regions for s in draw_seeds(base_seed, d, seeds)}
    ran = 0
    for d in tqdm(values, desc="draws", unit="draw", disable=not progress):
        ran += run_ensemble(
            {"revised_one_off": cfg},
            draw_seeds(base_seed, d, seeds),
            store,
            n_jobs=n_jobs,
            progress=False,
            draws={d: values[d]},
            counties=regions,
        ).get("ran", 0)
    measures, _, _ = load(store, ["revised_one_off"], draws=list(values), counties=list(regions))
    runs = pd.MultiIndex.from_frame(measures[["draw", "county", "seed"]])
    measures = measures[runs.isin(list(wanted))]
    settings = {
        "draws": draws,
        "seeds": seeds,
        "counties": counties,
        "base_seed": base_seed,
        "assumptions": assumptions,
        "runs": len(wanted),
        "ran": ran,  # the rest were already in the store
        "horizon_years": horizon,
        "overrides": list(overrides or []),
    }
    return tg.scorecard(targets, measures), settings


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
            f"spin-up of `params.spinup.years` ({SpinupParams().years}) years"
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
    return lines + spinup_length_section()


def spinup_length_section() -> list[str]:
    """How the spin-up's length was chosen: the panel and the cost at each length (docs/spinup_length.csv)."""
    path = ROOT / "docs" / "spinup_length.csv"
    if not path.exists():
        return []
    table = pd.read_csv(path).fillna("")
    lines = [
        "### How long a spin-up",
        "",
        "The start must be stationary, and a spin-up per parameter draw must cost less than the twenty years it "
        "serves. The rule: `params.spinup.years` is the shortest length at which the panel above holds on the "
        "county and on England and the spin-up costs less CPU than the twenty reported years "
        f"(`python -m experiments.spinup_length`, `--region england`, `--draws 5`; now {SpinupParams().years} years, "
        f"after an opening of {SpinupParams().opening_years} years of ad hoc partnership formation and with the "
        f"federations topped up in the burn-in's year {SpinupParams().top_up_year}: docs/ODD.md section 3.2). "
        "The cost share is one run's, on a shared host (docs/performance.md has the benchmark's).",
        "",
        "| region | parameters | spin-up years | seeds | rates that hold | rates that do not | spin-up CPU / reported |",
        "|---|---|---|---|---|---|---|",
    ]
    draws = table[table.parameters.astype(str).str.startswith("draw")]
    if len(draws):
        verdicts = []
        for (years, seeds), group in draws.groupby(["years", "seeds"]):
            held = int((group.hold == group.rates).sum())
            verdicts.append(f"{held} of {len(group)} draws hold every rate after {years} years ({int(seeds)} seeds)")
        now = draws[draws.years == SpinupParams().years]
        most = now[now.seeds == now.seeds.max()]
        met = len(most) > 0 and bool((most.hold == most.rates).all())
        persistent = [
            f"{name}'s {rate}" for name, group in now.groupby("parameters") for rate in missed_every_time(group)
        ]
        lines[4:4] = [
            "On the comparison's first plausible draws of the county: "
            + "; ".join(verdicts)
            + ". "
            + ("The panel is met on every draw. " if met else "The panel is not yet met on every draw. ")
            + "A county's federations and executive heads number in the tens or fewer, so a rate's five-year "
            "mean moves by about a tenth from seed to seed alone, and which rates miss the panel's 10% changes "
            "with the seeds drawn. A rate that a draw misses at every number of seeds is a drift rather than "
            "noise: " + (", ".join(persistent) if persistent else "none") + ".",
            "",
        ]
    for r in table.itertuples():
        failing = str(r.not_holding).replace("|", "\\|") or "-"
        lines.append(
            f"| {r.region} | {r.parameters} | {r.years} | {r.seeds} | {r.hold} of {r.rates} | {failing} | "
            f"{float(r.spinup_cpu_share):.2f} |"
        )
    return lines + [""]


def missed_every_time(rows: pd.DataFrame) -> list[str]:
    """The rates missed in every one of ``rows`` (one draw at one length, several numbers of seeds); none from one row."""
    if len(rows) < 2:
        return []
    missed = [{part.split(" (")[0] for part in str(v).split(", ")} - {"-", ""} for v in rows.not_holding]
    return sorted(set.intersection(*missed))


def markdown(card: pd.DataFrame, seeds: int, note: str = "", ensemble: list[str] | None = None) -> str:
    """The validation page: the default point's scorecard, the ensemble section (if given), the stationarity panel."""
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
    lines += ensemble or []
    lines += stationarity_section()
    if note:
        lines += ["## Misses and why", "", note, ""]
    return "\n".join(lines)


def _verdict(r) -> str:
    return "yes" if r.reproduced else ("within tolerance, outside band" if r.within else "**no**")


def _band(r) -> str:
    return f"{_fmt(r.model_median)} ({_fmt(r.model_p10)} – {_fmt(r.model_p90)})"


def ensemble_section(default: pd.DataFrame | None, ensemble: pd.DataFrame, settings: dict) -> list[str]:
    """The default point's and the comparison's ensemble's verdicts side by side, one row per target."""
    n = settings
    counted = ensemble[ensemble.counts]
    ran = n.get("ran", n["runs"])
    stored = f", the other {n['runs'] - ran} read from its store" if ran < n["runs"] else ""
    lines = [
        ENSEMBLE_HEADING,
        "",
        f"Regenerate: `python -m experiments.validate --ensemble --draws {n['draws']} --seeds {n['seeds']} "
        f"--counties {n['counties']} --publish` (generated {n.get('generated', '')}; {n['runs']} runs, "
        f"{ran} of them run in {n.get('seconds', 0) / 60:.1f} min on {n.get('cores', '?')} core(s){stored}). "
        "The comparison does not run the "
        "default point alone: it runs the draws `python -m experiments.compare` takes (conf/compare.yaml: "
        f"base seed {n['base_seed']}, assumptions={str(n['assumptions']).lower()}; draw 0 the defaults, the "
        f"others plausible draws from conf/calibration/plausible.csv) on its counties (county 0 the region as "
        "configured, the others synthetic Lincolnshire-like layouts). Here the revised one-off scenario runs "
        f"on the first {n['draws']} of those draws and {n['counties']} counties, {n['seeds']} seed(s) per draw "
        "and county, each draw on seeds of its own, and every run is pooled into one median and 10–90% band "
        "(the posterior predictive). The rule is the one above: reproduced when the median lies within the "
        "tolerance *and* the documented value inside the 10–90% band. Parameter uncertainty widens the band, "
        "so its half of the rule is easier to meet than at the default point: a pass here says the documented "
        "figure is among the outcomes the draws allow and the draws' median is near it, not that every draw "
        "reproduces it. CSV: `docs/validation_ensemble.csv`.",
        "",
    ]
    summary = f"**Reproduced, emergent targets only: ensemble {int(counted.reproduced.sum())} of {len(counted)}"
    base = None
    if default is not None and set(default.id) == set(ensemble.id):
        base = default.set_index("id")
        summary += f"; default point {int(base[base.counts].reproduced.sum())} of {int(base.counts.sum())}"
    lines += [summary + ".**", ""]
    if base is not None:
        moved = [r.id for r in ensemble.itertuples() if bool(base.loc[r.id, "reproduced"]) != bool(r.reproduced)]
        lines += [
            "Verdicts that differ between the default point and the ensemble: "
            + (", ".join(f"`{m}`" for m in moved) if moved else "none")
            + ".",
            "",
        ]
    lines += [
        "| target | use | basis | documented | tolerance | default median (10–90%) | default | "
        "ensemble median (10–90%) | ensemble |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for use in ("check", "fit"):
        for r in ensemble[ensemble.use == use].itertuples():
            doc = "a fall (< 0)" if r.kind == "negative" else _fmt(r.target)
            tol = "–" if r.kind == "negative" else f"±{_fmt(r.tolerance)}"
            if base is not None:
                b = base.loc[r.id]
                left = f"{_band(b)} | {_verdict(b)}"
            else:
                left = "– | –"
            lines.append(f"| {r.id} | {r.use} | {r.basis} | {doc} | {tol} | {left} | {_band(r)} | {_verdict(r)} |")
    return [*lines, ""]


def published_ensemble_section(default: pd.DataFrame | None) -> list[str]:
    """The ensemble section from the published ensemble (docs/validation_ensemble.csv and .json); none if absent."""
    if not (ENSEMBLE_CSV.exists() and ENSEMBLE_META.exists()):
        return []
    return ensemble_section(default, pd.read_csv(ENSEMBLE_CSV), json.loads(ENSEMBLE_META.read_text()))


def splice(text: str, section: list[str]) -> str:
    """``text`` (a validation page) with its ensemble section replaced by ``section``, or the section
    added before the stationarity panel (else before the misses, else at the end); nothing else changes."""
    lines = text.split("\n")
    if ENSEMBLE_HEADING in lines:
        start = lines.index(ENSEMBLE_HEADING)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        return "\n".join([*lines[:start], *section, *lines[end:]])
    for heading in ("## Stationarity of the no-programme baseline", "## Misses and why"):
        if heading in lines:
            at = lines.index(heading)
            return "\n".join([*lines[:at], *section, *lines[at:]])
    return "\n".join([*lines, "", *section])


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose refusals are one line naming the option (exit status 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message}\n")


def check_options(args: argparse.Namespace) -> str | None:
    """The first option value that cannot run, in one line (None if all can)."""
    if args.ensemble:
        for name in ("draws", "seeds", "counties"):
            value = getattr(args, name)
            if value is not None and value < 1:
                return f"--{name}={value} is not allowed: need a whole number >= 1"
    else:
        if args.seeds is not None and args.seeds < 1:
            return f"--seeds={args.seeds} is not allowed: need a whole number >= 1"
        given = [name for name in ("draws", "counties") if getattr(args, name) is not None]
        if given:
            return f"--{given[0]} needs --ensemble: the default point has one draw and one county"
    if args.jobs == 0 or args.jobs < -1:
        return f"--jobs={args.jobs} is not allowed: need -1 (every core) or a whole number >= 1"
    return None


def main(argv: list[str] | None = None) -> None:
    parser = OneLineParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--seeds",
        type=int,
        default=None,
        help="seeds (default 40); with --ensemble, seeds per draw and county (default conf/compare.yaml's seeds)",
    )
    parser.add_argument("--store", default=None, help="results store (default outputs/validation/runs/<config hash>)")
    parser.add_argument("--jobs", type=int, default=-1)
    parser.add_argument("--publish", action="store_true", help="regenerate docs/validation.md, its figure and CSV")
    parser.add_argument(
        "--ensemble",
        action="store_true",
        help="score the comparison's draws instead of the default point (--publish: docs/validation_ensemble.csv "
        "and that section of docs/validation.md only)",
    )
    parser.add_argument("--draws", type=int, default=None, help="with --ensemble: draws (default conf/compare.yaml's)")
    parser.add_argument(
        "--counties", type=int, default=None, help="with --ensemble: counties (default conf/compare.yaml's)"
    )
    parser.add_argument(
        "--targets", type=Path, default=tg.TARGETS_FILE, help="targets file (default sim/data/targets.yaml)"
    )
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. params.moves.seek_rate=0.05")
    args = parser.parse_args(argv)
    problem = check_options(args)
    if problem:
        parser.error(problem)
    try:  # before anything runs: a bad target stops here, in one line naming it
        tg.load(args.targets, known_measures=measure_groups())
    except tg.TargetError as err:
        parser.error(str(err))
    from sim.state.errors import ConfigError

    try:
        if args.ensemble:
            ensemble_main(args)
        else:
            default_main(args)
    except ConfigError as err:
        parser.error(str(err))


def default_main(args: argparse.Namespace) -> None:
    """Score the default point; with --publish, regenerate docs/validation.md (the ensemble section from its CSV)."""
    seeds = 40 if args.seeds is None else args.seeds
    card = run_validation(seeds, args.store, args.overrides, args.jobs, targets_file=args.targets)
    OUT.mkdir(parents=True, exist_ok=True)
    notes = ROOT / "docs" / "validation_notes.md"
    text = markdown(card, seeds, notes.read_text() if notes.exists() else "", published_ensemble_section(card))
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


def ensemble_main(args: argparse.Namespace) -> None:
    """Score the comparison's ensemble; with --publish, write docs/validation_ensemble.csv and .json and
    replace only the ensemble section of docs/validation.md."""
    import os

    c = compare_settings()
    pick = {k: c[k] if getattr(args, k) is None else getattr(args, k) for k in ("draws", "seeds", "counties")}
    started = time.perf_counter()
    card, settings = run_ensemble_validation(
        pick["draws"], pick["seeds"], pick["counties"], args.store, args.overrides, args.jobs, targets_file=args.targets
    )
    settings.update(
        generated=str(datetime.date.today()),
        seconds=round(time.perf_counter() - started, 1),
        cores=os.cpu_count() if args.jobs == -1 else args.jobs,
    )
    OUT.mkdir(parents=True, exist_ok=True)
    published = ROOT / "docs" / "validation.csv"
    default = pd.read_csv(published) if published.exists() else None
    section = ensemble_section(default, card, settings)
    card.to_csv(OUT / "validation_ensemble.csv", index=False)
    (OUT / "validation_ensemble.md").write_text("\n".join(section))
    print(f"written {OUT / 'validation_ensemble.csv'}", file=sys.stderr)
    if args.publish:
        card.to_csv(ENSEMBLE_CSV, index=False)
        ENSEMBLE_META.write_text(json.dumps(settings, indent=1) + "\n")
        DOC.write_text(splice(DOC.read_text() if DOC.exists() else "", section))
        print(f"written {ENSEMBLE_CSV}, {ENSEMBLE_META}, {DOC} (its ensemble section)", file=sys.stderr)
    print(card[["id", "target", "model_median", "model_p10", "model_p90", "reproduced", "use", "basis"]].to_string())
    print(f"{settings['runs']} runs in {settings['seconds']:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
