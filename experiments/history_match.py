"""History matching of the assumptions: keep the prior draws that still fit the documents.

    python -m experiments.history_match                       # 800 candidate draws (more until 30 fit), every core
    python -m experiments.history_match --candidates 100 --min-plausible 0   # a quick look
    python -m experiments.history_match --publish             # also write conf/calibration/plausible.csv and docs/
    python -m experiments.history_match --out <folder>        # resume an interrupted screen (or extend it)

The calibration fits 14 parameters with every other assumption at its default. About two hundred
mechanisms and assumptions (magnitudes nobody has measured, the county builder's and the levers'
responses) are drawn over the prior range each declares (``sim.running.draws``); drawn all at once,
most such worlds are far from the county the documents describe (vacancy rates of 0.3-0.6 a year
against 0.19). A comparison that sampled them freely would report answers for worlds the evidence
rules out.

So each *candidate* draw (calibrated parameters from the posterior, every other assumption from
its prior: ``draws.prior_draws``) runs the calibration's own simulation: the revised one-off scheme
on the Lincolnshire-like county, spun up, then six years from September 2012, one seed. It is
*plausible* if it fits the fit targets as closely as the calibration required of its last
generation's particles: the mean squared error in tolerances at most the calibration's final
tolerance (``conf/calibration/posterior_meta.yaml``; ``--cutoff`` to choose another). This is one
wave of history matching by rejection, without an emulator. It screens out the implausible; it is
not a posterior (the plausible draws are used with equal weight, and the calibrated parameters
have already been conditioned on the same targets). Check targets are never used. If fewer than
``--min-plausible`` (30) of the ``--candidates`` fit, more candidates are drawn from the same seeded
sequence, chunk by chunk, until they do or ``--max-candidates`` have been run; the candidates' order
never depends on how many are run, so a folder can be extended with a larger ``--candidates``.

Outputs go to a folder of their own (``outputs/history_match/<date-time>/``): ``candidates.csv``
(every candidate's values, its model value of each fit target, its distance and whether it is
plausible), ``plausible.csv`` and ``summary.json``. ``--publish`` copies the plausible draws to
``conf/calibration/plausible.csv`` (what ``assumptions=true`` samples) and regenerates
docs/history_matching.md with its figure.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from experiments import calibrate as cal
from sim.running import draws as dr

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "history_matching.md"
FIG = ROOT / "docs" / "img" / "history_matching.png"
CHUNK = 20  # candidates per saved chunk (what an interrupted screen keeps)
SEED = 2013  # the candidates' sampling seed (the comparisons use theirs to order the plausible set)


def final_tolerance(path: Path = dr.POSTERIOR_META) -> float:
    """The calibration's last tolerance (mean squared error in tolerances) that its posterior particles met."""
    if not path.exists():
        raise SystemExit(f"{path} is missing: rerun python -m experiments.calibrate --publish, or give --cutoff")
    return float(yaml.safe_load(path.read_text())["final_epsilon"])


def inputs_hash() -> str:
    """What the candidates and their fits depend on: the posterior, the ranges, the default parameters and
    every assumption's declared prior."""
    import hashlib

    priors = json.dumps(sorted(dr.assumption_ranges(cal.base_config()).items())).encode()
    files = _sha([dr.POSTERIOR, dr.RANGES, cal.PARAM_DEFAULTS, cal.REGION_FILE])
    return hashlib.sha256(files.encode() + priors).hexdigest()[:16]


def posterior_hash() -> str:
    """The posterior and calibration ranges a plausible set was drawn from (checked by the test suite)."""
    return _sha([dr.POSTERIOR, dr.RANGES])


def _sha(files: list[Path]) -> str:
    import hashlib

    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:16]


def fit_one(values: dict[str, float], base, targets) -> dict[str, float]:
    """One candidate's model value of every fit target (the calibration's simulation, one seed)."""
    return cal.simulate(values, base=base, targets=targets, seeds=1, base_seed=SEED)


def screen(candidates: pd.DataFrame, out: Path, jobs: int) -> pd.DataFrame:
    """Every candidate's fit (one row each: ``draw`` and each target's model value), saved chunk by chunk."""
    from joblib import Parallel, delayed

    base = cal.base_config()
    targets = cal.fit_targets()
    folder = out / "fits"
    folder.mkdir(parents=True, exist_ok=True)
    ids = candidates["draw"].to_numpy()
    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    started = time.time()
    with Parallel(n_jobs=jobs) as pool:
        for n, chunk in enumerate(chunks):
            path = folder / f"chunk_{n:04d}.csv"
            if path.exists() and list(pd.read_csv(path, usecols=["draw"])["draw"]) == list(chunk):
                continue  # done before (a last, shorter chunk of a smaller screen is redone)
            rows = pool(delayed(fit_one)(dr.draw_values(candidates, int(d)), base, targets) for d in chunk)
            frame = pd.DataFrame(rows)
            frame.insert(0, "draw", chunk)
            tmp = path.with_suffix(".tmp")
            frame.to_csv(tmp, index=False)
            tmp.replace(path)
            done = min(len(ids), (n + 1) * CHUNK)
            print(f"  {done}/{len(ids)} candidates, {time.time() - started:.0f} s", file=sys.stderr)
    return pd.concat([pd.read_csv(folder / f"chunk_{n:04d}.csv") for n in range(len(chunks))], ignore_index=True)


def judge(fits: pd.DataFrame, targets, cutoff: float) -> pd.DataFrame:
    """Each candidate's distance (the calibration's) and whether it is plausible (distance <= cutoff)."""
    out = fits.copy()
    out["distance"] = [cal.distance_to(row, targets) for row in fits.to_dict("records")]
    out["plausible"] = out["distance"] <= cutoff
    return out


def shifts(
    candidates: pd.DataFrame,
    kept: pd.DataFrame,
    ranges: dict[str, tuple[float, float]],
    calibrated: set[str] = frozenset(),
) -> pd.DataFrame:
    """How far screening moved each assumption: the plausible draws' 10-90% range against the prior's,
    and the two-sample Kolmogorov-Smirnov distance between them (0: untouched, 1: disjoint)."""
    from scipy.stats import ks_2samp

    rows = []
    for key, (lo, hi) in ranges.items():
        before, after = candidates[key].to_numpy(), kept[key].to_numpy()
        if len(after) < 2:  # nothing to compare
            rows.append(
                {"parameter": key, "prior_low": lo, "prior_high": hi, "calibrated": key in calibrated, "ks": np.nan}
            )
            continue
        p10, med, p90 = np.quantile(after, [0.1, 0.5, 0.9])
        ks = ks_2samp(before, after)
        rows.append(
            {
                "parameter": key,
                "prior_low": lo,
                "prior_high": hi,
                "plausible_median": med,
                "plausible_p10": p10,
                "plausible_p90": p90,
                "calibrated": key in calibrated,
                "ks": float(ks.statistic),
                "ks_p": float(ks.pvalue),
            }
        )
    return pd.DataFrame(rows).sort_values("ks", ascending=False, ignore_index=True)


def figure(judged: pd.DataFrame, targets, moved: pd.DataFrame, path: Path) -> None:
    """Fit targets of every candidate against the plausible ones and the documents; the assumptions screening moved most."""
    from matplotlib.figure import Figure

    cols = 5
    rows = -(-len(targets) // cols) + 1
    fig = Figure(figsize=(14, 2.5 * rows))
    axes = fig.subplots(rows, cols)
    kept = judged[judged.plausible]
    for ax, t in zip(np.ravel(axes), targets):
        every = judged[t.id].dropna()
        lo, hi = np.nanquantile(every, [0.01, 0.99])
        lo, hi = min(lo, t.value - t.tolerance), max(hi, t.value + t.tolerance)
        bins = np.linspace(lo, hi, 25)
        ax.hist(every, bins=bins, color="#adb5bd", density=True, label="all candidates")
        ax.hist(kept[t.id].dropna(), bins=bins, color="#4c6ef5", alpha=0.75, density=True, label="plausible")
        ax.axvspan(t.value - t.tolerance, t.value + t.tolerance, color="#f59f00", alpha=0.25, lw=0)
        ax.axvline(t.value, color="#e8590c", lw=1.5)
        ax.set_title(t.id, fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_yticks([])
    np.ravel(axes)[0].legend(fontsize=7, frameon=False)
    for ax in np.ravel(axes)[len(targets) : (rows - 1) * cols]:
        ax.axis("off")
    assumptions = moved[~moved.calibrated].head(cols)
    for ax, row in zip(np.ravel(axes)[(rows - 1) * cols :], assumptions.itertuples()):
        bins = np.linspace(row.prior_low, row.prior_high, 16)
        ax.hist(judged[row.parameter], bins=bins, color="#adb5bd", density=True)
        ax.hist(kept[row.parameter], bins=bins, color="#4c6ef5", alpha=0.75, density=True)
        ax.set_title(f"{row.parameter.replace('params.', '')} (KS {row.ks:.2f})", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_yticks([])
    fig.suptitle(
        "History matching: fit targets of every candidate draw (grey) and of the plausible ones (blue), as densities, "
        "against the documents (orange: value and tolerance)\nbottom row: the uncalibrated assumptions the screen "
        "moved most (prior draws grey, plausible blue)",
        fontsize=9,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def report(meta: dict, moved: pd.DataFrame, judged: pd.DataFrame, targets) -> str:
    """docs/history_matching.md."""
    kept = judged[judged.plausible]
    lines = [
        "# History matching of the assumptions",
        "",
        f"Regenerate: `python -m experiments.history_match --candidates {meta['candidates']} --publish` "
        f"(run {meta['date']}, {meta['minutes']:.0f} minutes on {meta['jobs']} workers).",
        "",
        "**Why.** The calibration (docs/calibration.md) fits 14 parameters with every other assumption at its "
        f"default. The other {meta['assumptions']} mechanisms and assumptions (the model's, the county builder's "
        "and the levers' responses) are drawn uniformly over the prior range each declares with its own reason "
        "(`sim/state/params.py`, `sim/state/regions.py`, `scenarios/config.py`; listed in docs/parameters.csv "
        "and the tables of docs/ODD.md): a rate over the mean durations it implies, a share inside what keeps "
        "its meaning, an age a few years either way. Drawn all at once, most such draws describe a county the "
        "documents rule out, so a comparison sampling them freely would report answers for worlds the evidence "
        "excludes.",
        "",
        "**Method.** One wave of history matching by rejection. Each candidate draw takes the calibrated "
        "parameters from the posterior (by weight) and every other assumption from its prior. It runs the "
        "calibration's own simulation: the revised one-off scheme on the Lincolnshire-like county, spun up, then "
        "six years from September 2012, one seed. A candidate is *plausible* if its mean squared error over the "
        "fit targets, in units of their tolerances, is at most the calibration's final tolerance "
        f"({meta['cutoff']:.2f}): it fits the documents as closely as the calibration required of its own "
        "particles. Check targets are never used (docs/validation.md tests the model on them).",
        "",
        f"**Result.** {meta['plausible']} of {meta['candidates']} candidates are plausible "
        f"({meta['plausible'] / meta['candidates']:.0%}); they are `conf/calibration/plausible.csv`, which "
        "`python -m experiments.compare` samples by default (`assumptions=true`; `assumptions=false` draws the "
        "posterior only, every other assumption at its default).",
        "",
        "![history matching](img/history_matching.png)",
        "",
        "## Fit targets before and after the screen",
        "",
        "| target | documented | tolerance | all candidates: median (10–90%) | plausible: median (10–90%) |",
        "|---|---|---|---|---|",
    ]

    def span(x: pd.Series) -> str:
        q = np.nanquantile(x, [0.1, 0.5, 0.9])
        return f"{q[1]:.3g} ({q[0]:.3g} – {q[2]:.3g})"

    for t in targets:
        lines.append(f"| {t.id} | {t.value:g} | ±{t.tolerance:g} | {span(judged[t.id])} | {span(kept[t.id])} |")
    strong = moved[moved.ks_p < 0.01]
    lines += [
        "",
        "## What the documents say about the assumptions",
        "",
        f"Screening moved {len(strong)} of the {len(moved)} drawn parameters clearly (Kolmogorov–Smirnov test "
        "between the plausible draws and all candidates, p < 0.01): "
        f"{int(strong.calibrated.sum())} calibrated ones (the screen reweights the posterior's particles) and "
        f"{int((~strong.calibrated).sum())} uncalibrated assumption{'' if (~strong.calibrated).sum() == 1 else 's'}. "
        "The rest keep their prior: the fit targets say "
        "little about them, and their prior range stands as the uncertainty the comparisons carry "
        "(`sensitivity_of_differences.csv` in a comparison says which of them decide an answer). The ones moved "
        "most:",
        "",
        "| parameter | candidates drawn from | plausible median | plausible 10–90% | KS distance | p |",
        "|---|---|---|---|---|---|",
    ]
    for r in moved.head(15).itertuples():
        source = "the posterior" if r.calibrated else f"prior {r.prior_low:.4g} – {r.prior_high:.4g}"
        lines.append(
            f"| `{r.parameter}` | {source} | {r.plausible_median:.4g} | "
            f"{r.plausible_p10:.4g} – {r.plausible_p90:.4g} | {r.ks:.2f} | {r.ks_p:.2g} |"
        )
    lines += [
        "",
        "## Limits",
        "",
        "- One seed per candidate: seed noise moves a candidate's distance, so some borderline draws are kept or "
        "dropped by luck (the calibration's particles were judged the same way).",
        "- Rejection, not a posterior: plausible draws are used with equal weight, and the calibrated parameters "
        "come from a posterior already conditioned on the same targets (used once more here). A joint calibration "
        "of all the parameters, or a second wave with an emulator, would be the next step.",
        "- The screen is on the calibrated county. Another region uses the plausible draws' mechanism parameters "
        "and keeps its own region settings.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, default=800, help="prior draws run and judged (default 800)")
    parser.add_argument(
        "--min-plausible",
        type=int,
        default=30,
        help="draw more candidates, chunk by chunk, until at least this many are plausible (default 30; 0: never)",
    )
    parser.add_argument("--max-candidates", type=int, default=3000, help="most candidates run in all (default 3000)")
    parser.add_argument(
        "--cutoff",
        type=float,
        default=None,
        help="largest plausible distance (default: the calibration's final tolerance)",
    )
    parser.add_argument("--jobs", type=int, default=-1, help="parallel workers (-1: every core)")
    parser.add_argument(
        "--out", default=None, help="output folder (default outputs/history_match/<date-time>); resumes"
    )
    parser.add_argument("--publish", action="store_true", help="write conf/calibration/plausible.csv and docs/")
    args = parser.parse_args()
    if args.candidates < 2:
        parser.error(f"--candidates={args.candidates} is not allowed: need a whole number >= 2")
    if args.min_plausible < 0:
        parser.error(f"--min-plausible={args.min_plausible} is not allowed: need a whole number >= 0")
    if args.max_candidates < args.candidates:
        parser.error(f"--max-candidates={args.max_candidates} is below --candidates={args.candidates}")
    if args.cutoff is not None and not args.cutoff > 0:
        parser.error(f"--cutoff={args.cutoff} is not allowed: need a positive distance")
    if args.jobs == 0:
        parser.error("--jobs=0 is not allowed: need -1 (every core) or a whole number >= 1")
    cutoff = args.cutoff if args.cutoff is not None else final_tolerance()
    stamp = datetime.datetime.now().strftime("%Y-%m-%d/%H-%M-%S")
    out = Path(args.out or ROOT / "outputs" / "history_match" / stamp)
    out.mkdir(parents=True, exist_ok=True)
    settings = {"seed": SEED, "inputs": inputs_hash()}  # the candidate count may grow: the sequence is the same
    settings_file = out / "settings.json"
    if settings_file.exists() and json.loads(settings_file.read_text()) != settings:
        parser.error(f"--out={out} holds a screen of other settings (posterior, defaults or priors); give a new folder")
    settings_file.write_text(json.dumps(settings))

    base = cal.base_config()
    targets = cal.fit_targets()
    every = dr.prior_draws(base, args.max_candidates + 1, SEED).iloc[1:].reset_index(drop=True)
    summary = out / "summary.json"
    earlier_minutes = json.loads(summary.read_text())["minutes"] if summary.exists() else 0.0
    t0 = time.time()
    n = args.candidates
    while True:
        candidates = every.iloc[:n]
        fits = screen(candidates, out, args.jobs)
        judged = candidates.merge(judge(fits, targets, cutoff), on="draw")
        found = int(judged.plausible.sum())
        if found >= args.min_plausible or n >= args.max_candidates:
            break
        # enough more for the rate so far to reach the minimum, in whole chunks, a tenth to spare
        need = int(np.ceil(1.1 * args.min_plausible * n / max(found, 1)))
        n = min(args.max_candidates, max(n + CHUNK, -(-need // CHUNK) * CHUNK))
        print(f"{found} of {len(candidates)} plausible: screening {n} candidates", file=sys.stderr)
    args.candidates = n
    judged.to_csv(out / "candidates.csv", index=False)
    keys = [c for c in candidates.columns if c != "draw"]
    kept = judged.loc[judged.plausible, ["draw", *keys, "distance"]]
    kept.to_csv(out / "plausible.csv", index=False)
    ranges = dr.assumption_ranges(base)
    fitted = dr.load_ranges(base)
    moved = shifts(judged, kept, {k: ranges.get(k) or fitted[k] for k in keys}, set(fitted))
    moved.to_csv(out / "shifts.csv", index=False)
    meta = {
        "date": datetime.date.today().isoformat(),
        "candidates": args.candidates,
        "plausible": int(len(kept)),
        "cutoff": cutoff,
        "assumptions": len(ranges),
        "jobs": args.jobs if args.jobs > 0 else os.cpu_count(),
        # an interrupted screen resumed, or a finished one judged again, adds its own time to the earlier
        "minutes": earlier_minutes + (time.time() - t0) / 60,
    }
    (out / "summary.json").write_text(json.dumps(meta, indent=2))
    figure(judged, targets, moved, out / "history_matching.png")
    print(f"{len(kept)} of {args.candidates} candidates plausible (distance <= {cutoff:.2f})")
    if args.publish:
        if kept.empty:
            raise SystemExit("no candidate is plausible: nothing published (more --candidates, or a larger --cutoff)")
        kept.drop(columns=["draw", "distance"]).to_csv(dr.PLAUSIBLE, index=False)
        about = {k: meta[k] for k in ("date", "candidates", "plausible", "cutoff")}
        dr.PLAUSIBLE_META.write_text(
            "# Written by python -m experiments.history_match --publish beside plausible.csv: the screen that made\n"
            "# it and the posterior it drew from (tests/test_draws.py checks it is today's).\n"
            + yaml.safe_dump({**about, "posterior_sha": posterior_hash()}, sort_keys=False)
        )
        FIG.parent.mkdir(parents=True, exist_ok=True)
        (out / "history_matching.png").replace(FIG)
        DOC.write_text(report(meta, moved, judged, targets))
        print(f"published {dr.PLAUSIBLE} and {DOC}")
    print(f"written {out}")


if __name__ == "__main__":
    main()
