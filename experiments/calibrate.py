"""Calibration by ABC-SMC (pyabc) on the *fit* targets; the posterior kept as weighted draws.

    python -m experiments.calibrate                       # population 120, up to 6 generations, all cores
    python -m experiments.calibrate --population 40 --generations 2     # a quick look
    python -m experiments.calibrate --publish             # also write the posterior into conf/ and docs/

The calibration meant to replace it, screening then history matching in waves, is
``python -m experiments.waves`` (docs/calibration_waves.md).

Uniform priors over the ranges in conf/calibration/default.yaml (parameters nobody knows, each
inside its valid domain). Every particle runs the revised one-off scheme on the Lincolnshire-like
county: the spin-up under the pre-2012 policy, then the years from September 2012 to 2018, so
the fit targets cover levels (schools, partnerships, the county) and years (2012/13 and after).
The distance is the mean squared error of the fit targets in units of each target's tolerance.
ABC-SMC narrows the tolerance generation by generation (pyabc's adaptive epsilon); the last
generation's weighted particles are the posterior. Check targets are never used here.

Outputs go to a folder of their own (``outputs/calibration/<date>/``): the pyabc database (an
interrupted calibration is resumed with ``--resume <db>``), ``posterior.csv`` (one row per
particle: weight and parameter values), a summary and a figure. ``--publish`` copies the
posterior to conf/calibration/posterior.csv (sampled by the uncertainty comparisons), writes the
weighted posterior medians as defaults (conf/params/default.yaml for mechanism parameters,
conf/region/lincolnshire.yaml for the county's own) and regenerates docs/calibration.md.

Reproducible with ``--jobs 1`` (one seeded generator); with more workers pyabc's parallel
sampler accepts particles in the order they finish, so the posterior is statistically, not
bitwise, the same.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import time
from functools import partial
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import yaml  # noqa: E402

from sim.analysis import targets as tg  # noqa: E402
from sim.running import draws  # noqa: E402
from sim.running.config import CONF_DIR, Config  # noqa: E402
from sim.running.draws import field_of, with_values  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RANGES = draws.RANGES
POSTERIOR = draws.POSTERIOR
PARAM_DEFAULTS = CONF_DIR / "params" / "default.yaml"
REGION_FILE = CONF_DIR / "region" / "lincolnshire.yaml"
DOC = ROOT / "docs" / "calibration.md"
FIG = ROOT / "docs" / "img" / "calibration.png"
HORIZON = 6  # 2012/13 to 2017/18: the fit targets' years


def load_ranges(path: Path = RANGES, cfg: Config | None = None) -> dict[str, tuple[float, float]]:
    """Calibration ranges (the priors), checked against each parameter's valid domain before any run."""
    return draws.load_ranges(cfg or base_config(), path)


def base_config(overrides: list[str] | None = None) -> Config:
    from sim.running.config import compose_config, load_config

    return load_config(
        compose_config(
            ["scenario=revised_one_off", "region=lincolnshire", f"run.horizon_years={HORIZON}", *(overrides or [])]
        )
    )


def fit_targets() -> list[tg.Target]:
    from sim.observe.measures import measure_groups

    return [t for t in tg.load(known_measures=measure_groups()) if t.use == "fit"]


def particle_seed(values: dict[str, float], base_seed: int) -> int:
    """A run seed that depends only on the particle (so a particle gives the same result in any worker)."""
    from sim.state.streams import key

    text = json.dumps({k: round(float(v), 12) for k, v in sorted(values.items())})
    return key("particle", base_seed, text) & 0xFFFFFFFF


def simulate(values: dict, *, base: Config, targets: list[tg.Target], seeds: int, base_seed: int) -> dict[str, float]:
    """Run one particle (``seeds`` runs) and return each fit target's median model value."""
    from sim.running.run import run_model

    cfg = with_values(base, {k: float(v) for k, v in dict(values).items()})
    first = particle_seed(dict(values), base_seed)
    runs = [run_model(cfg, (first + i) % (2**32), reuse=False).measures for i in range(seeds)]
    out = {}
    for t in targets:
        vals = [tg.measure(t, r) for r in runs]
        out[t.id] = float(np.nanmedian(vals)) if np.isfinite(vals).any() else float("nan")
    return out


def distance(x: dict, x0: dict, *, tolerance: dict[str, float], kinds: dict[str, str]) -> float:
    """Mean squared tolerance-scaled error over the fit targets (a failed measure counts as far)."""
    err = []
    for k, tol in tolerance.items():
        v = x.get(k, np.nan)
        if not np.isfinite(v):
            err.append(100.0)
        elif kinds[k] == "negative":
            err.append(0.0 if v < 0 else (v / tol) ** 2)
        else:
            err.append(((v - x0[k]) / tol) ** 2)
    return float(np.mean(err))


def distance_to(fit: dict[str, float], targets: list[tg.Target]) -> float:
    """``distance`` of one fit (target id -> model value) from the targets' documented values."""
    return distance(
        fit,
        {t.id: t.value for t in targets},
        tolerance={t.id: t.tolerance for t in targets},
        kinds={t.id: t.kind for t in targets},
    )


def run_abc(
    *,
    population: int,
    generations: int,
    seeds: int,
    jobs: int,
    db: Path,
    base_seed: int = 2012,
    overrides: list[str] | None = None,
    ranges_file: Path = RANGES,
    resume: bool = False,
    max_simulations: int | None = None,
    alpha: float = 0.5,
    scheduler: str | None = None,
):
    """Run (or resume) ABC-SMC; return the pyabc History (on a Dask cluster's workers with ``scheduler``).

    ``alpha`` is the share of particles each generation's tolerance keeps (its first tolerance is
    that quantile of a sample from the prior); with one generation this is rejection ABC.
    """
    import pyabc

    base = base_config(overrides)
    ranges = load_ranges(ranges_file, base)
    targets = fit_targets()
    prior = pyabc.Distribution(**{k: pyabc.RV("uniform", lo, hi - lo) for k, (lo, hi) in ranges.items()})
    model = partial(simulate, base=base, targets=targets, seeds=seeds, base_seed=base_seed)
    dist = partial(distance, tolerance={t.id: t.tolerance for t in targets}, kinds={t.id: t.kind for t in targets})
    np.random.seed(base_seed)
    client = None
    if scheduler:
        from sim.running.ensemble import connect

        client = connect(scheduler, default=True)
        sampler = pyabc.sampler.DaskDistributedSampler(dask_client=client)
    elif jobs == 1:
        sampler = pyabc.sampler.SingleCoreSampler()
    else:
        sampler = pyabc.sampler.MulticoreEvalParallelSampler(n_procs=jobs if jobs > 0 else os.cpu_count())
    abc = pyabc.ABCSMC(
        _Model(model),
        prior,
        _Distance(dist),
        population_size=population,
        sampler=sampler,
        eps=pyabc.QuantileEpsilon(alpha=alpha),
        # one Gaussian kernel (Silverman's bandwidth) for all particles: broad in a dozen dimensions, so the
        # importance weights stay even (a kernel per particle from its neighbours collapsed them to a few)
        transitions=pyabc.transition.MultivariateNormalTransition(),
    )
    url = f"sqlite:///{db}"
    if resume:
        abc.load(url, 1)
    else:
        abc.new(url, {t.id: t.value for t in targets})
    stop = {"max_nr_populations": generations}
    if max_simulations:
        stop["max_total_nr_simulations"] = max_simulations
    try:
        return abc.run(**stop)
    finally:
        if client is not None:
            client.close()


class _Model:
    """A picklable pyabc model wrapping ``simulate`` (pyabc passes a Parameter mapping)."""

    def __init__(self, fn) -> None:
        self.fn = fn

    def __call__(self, par) -> dict:
        return self.fn(dict(par))


class _Distance:
    def __init__(self, fn) -> None:
        self.fn = fn

    def __call__(self, x, x0) -> float:
        return self.fn(x, x0)


def posterior_frame(history) -> pd.DataFrame:
    """The last generation's particles: one row each, its normalised weight and parameter values."""
    df, w = history.get_distribution(m=0, t=history.max_t)
    out = df.reset_index(drop=True).copy()
    out.insert(0, "weight", np.asarray(w) / np.sum(w))
    return out


def best_particles(history, n: int) -> list[dict[str, float]]:
    """The ``n`` particles of the last generation closest to the targets (one run each)."""
    population = history.get_population(t=history.max_t)
    ranked = sorted(population.particles, key=lambda p: p.distance)[:n]
    return [{k: float(v) for k, v in p.parameter.items()} for p in ranked]


def point_estimate(
    candidates: list[dict[str, float]], base: Config, targets: list[tg.Target], seeds: int = 8
) -> tuple[dict[str, float], list[dict]]:
    """The candidate whose median over ``seeds`` runs is closest to the targets, and every candidate's score.

    The weighted medians of each parameter separately need not fit jointly (in a dozen dimensions
    they rarely do); the defaults are instead the posterior particle that fits best when rerun on
    fresh seeds, so a lucky single run does not decide.
    """
    scores = []
    for i, values in enumerate(candidates):
        fit = simulate(values, base=base, targets=targets, seeds=seeds, base_seed=7)
        scores.append({"candidate": i, "distance": distance_to(fit, targets), "fit": fit})
    best = min(scores, key=lambda r: r["distance"])
    return candidates[best["candidate"]], scores


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    order = np.argsort(values)
    v, w = np.asarray(values)[order], np.asarray(weights)[order]
    cum = np.cumsum(w) / w.sum()
    return float(np.interp(q, cum, v))


def summarise(post: pd.DataFrame, ranges: dict[str, tuple[float, float]]) -> pd.DataFrame:
    rows = []
    w = post.weight.to_numpy()
    for key, (lo, hi) in ranges.items():
        x = post[key].to_numpy()
        p10, med, p90 = (weighted_quantile(x, w, q) for q in (0.1, 0.5, 0.9))
        rows.append(
            {
                "parameter": key,
                "prior_low": lo,
                "prior_high": hi,
                "median": med,
                "p10": p10,
                "p90": p90,
                # how much the data narrowed it: 1 - (posterior 10-90% width) / (prior 10-90% width)
                "narrowing": 1 - (p90 - p10) / (0.8 * (hi - lo)),
            }
        )
    return pd.DataFrame(rows)


def generations_table(history) -> pd.DataFrame:
    pops = history.get_all_populations()
    pops = pops[pops.t >= 0]
    table = pops[["t", "epsilon", "samples"]].rename(columns={"t": "generation", "samples": "simulations"})
    table["ess"] = [effective_sample_size(history.get_distribution(m=0, t=int(t))[1]) for t in table.generation]
    return table


def effective_sample_size(weights) -> float:
    """Kish's effective number of particles: how many equally weighted draws the weighted ones are worth."""
    w = np.asarray(weights, dtype=float)
    return float(w.sum() ** 2 / (w**2).sum()) if w.sum() > 0 else 0.0


def figure(post: pd.DataFrame, ranges: dict[str, tuple[float, float]], path: Path) -> None:
    keys = list(ranges)
    cols = 4
    rows = -(-len(keys) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(13, 2.3 * rows))
    for ax, key in zip(np.ravel(axes), keys):
        lo, hi = ranges[key]
        ax.hist(post[key], bins=15, range=(lo, hi), weights=post.weight, color="#4c6ef5", alpha=0.8)
        ax.axhline(1 / 15, color="grey", ls="--", lw=1)  # the flat prior on the same bins
        ax.set_title(key.replace("params.", ""), fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_xlim(lo, hi)
    for ax in np.ravel(axes)[len(keys) :]:
        ax.axis("off")
    fig.suptitle("Posterior of the calibrated parameters (bars) against the flat prior (dashed), weighted particles")
    plt.tight_layout()
    plt.savefig(path, dpi=110)
    plt.close(fig)


def publish(post: pd.DataFrame, summary: pd.DataFrame, out: Path, meta: dict, point: dict[str, float]) -> None:
    """Write the posterior into conf/ (its draws; ``point`` as the defaults) and regenerate docs/calibration.md."""
    POSTERIOR.parent.mkdir(parents=True, exist_ok=True)
    post.to_csv(POSTERIOR, index=False)
    medians = point
    params: dict[str, dict[str, float]] = {}
    region: dict[str, float] = {}
    base = base_config()
    for key, v in medians.items():
        obj, name, _ = field_of(base, key)
        value = round(v) if isinstance(getattr(obj, name), int) else round(float(v), 4)
        if key.startswith("params."):
            params.setdefault(key.split(".")[1], {})[name] = value
        else:
            region[name] = value
    header = (
        "# Mechanism parameters. Every default, range and source lives in sim/state/params.py (tabulated in\n"
        "# docs/ODD.md); the values below override those defaults: the calibration's point estimate of\n"
        f"# {meta['date']} (`python -m experiments.calibrate --publish`, ABC-SMC: {meta['point_rule']}; see\n"
        "# docs/calibration.md). The whole posterior is conf/calibration/posterior.csv.\n"
        "defaults:\n  - params_schema\n  - _self_\n\n"
    )
    PARAM_DEFAULTS.write_text(header + yaml.safe_dump(params, sort_keys=True))
    text = calibrated_block(REGION_FILE.read_text(), region, meta["date"])
    REGION_FILE.write_text(text)
    FIG.parent.mkdir(parents=True, exist_ok=True)
    (out / "calibration.png").replace(FIG) if (out / "calibration.png").exists() else None
    DOC.write_text(report(summary, meta))
    write_meta(meta)


def write_meta(meta: dict) -> None:
    """conf/calibration/posterior_meta.yaml: how the posterior was made and the tolerance its particles met."""
    header = (
        "# Written by python -m experiments.calibrate --publish beside posterior.csv: how the posterior was\n"
        "# made, and the tolerance its last generation's particles met (the mean squared error of the fit\n"
        "# targets in units of their tolerances), which experiments.history_match uses as its cutoff.\n"
    )
    keep = {k: meta[k] for k in ("date", "population", "alpha", "seeds", "simulations")}
    keep["generations"] = len(meta["generations"])
    keep["final_epsilon"] = float(meta["generations"][-1]["epsilon"])
    draws.POSTERIOR_META.write_text(header + yaml.safe_dump(keep, sort_keys=False))


def calibrated_block(text: str, region: dict[str, float], date: str) -> str:
    """The region file with its calibrated block (re)written: the calibrated keys set there once,
    and the same keys elsewhere in the file commented out (a key may appear only once in YAML)."""
    import re

    start, end = "# calibrated:start", "# calibrated:end"
    if start in text:
        text = text[: text.index(start)] + text[text.index(end) + len(end) + 1 :]
    for key in region:
        text = re.sub(rf"^{re.escape(key)}:(.*)$", rf"# {key}:\1  (calibrated: see the block below)", text, flags=re.M)
    block = (
        f"{start} (the calibration's point estimate, python -m experiments.calibrate --publish, {date})\n"
        + yaml.safe_dump(region, sort_keys=True)
        + f"{end}\n"
    )
    return text.rstrip("\n") + "\n" + block


def report(summary: pd.DataFrame, meta: dict) -> str:
    gens = meta["generations"]
    alpha = meta.get("alpha", 0.5)
    keep = f"keeps the {alpha:.0%} of particles closest to the targets"
    if meta["max_generations"] == 1:
        how = (
            f"rejection ABC: one generation drawn from the prior, whose tolerance {keep} (pyabc's quantile "
            "epsilon on a first sample from the prior); every accepted particle weighs the same"
        )
    else:
        how = f"sequential Monte Carlo: each generation's tolerance {keep} of the previous one (adaptive epsilon)"
    method = (
        f"**Method.** Approximate Bayesian computation (pyabc {meta['pyabc']}), {how}. Uniform priors over the "
        "ranges of `conf/calibration/default.yaml`; each particle runs the revised one-off scheme on the "
        f"Lincolnshire-like county, spun up under the pre-2012 policy and then {HORIZON} academic years from "
        "September 2012; the distance is the mean squared error of the fit targets in units of their "
        "tolerances. The last generation's weighted particles are the posterior, stored as draws in "
        "`conf/calibration/posterior.csv`, which the uncertainty comparisons sample; one of them, chosen as "
        "below, gives the defaults. "
    )
    lines = [
        "# Calibration",
        "",
        f"Regenerate: `python -m experiments.calibrate --population {meta['population']} --generations "
        f"{meta['max_generations']} --seeds {meta['seeds']} --alpha {alpha:g} --publish` (run {meta['date']}, "
        f"{meta['simulations']} simulations, {meta['minutes']:.0f} minutes on {meta['jobs']} workers).",
        "",
        method,
        "Check targets are never used here (docs/validation.md tests the calibrated model on them).",
        "",
        f"**Fit targets** ({len(meta['fit_targets'])}): " + ", ".join(f"`{t}`" for t in meta["fit_targets"]) + ".",
        "",
        "## Generations",
        "",
        "| generation | epsilon (mean squared error in tolerances) | simulations | effective particles |",
        "|---|---|---|---|",
        *[f"| {g['generation']} | {g['epsilon']:.3g} | {g['simulations']} | {g['ess']:.0f} |" for g in gens],
        "",
        "## Posterior",
        "",
        "Narrowing = 1 − (posterior 10–90% width) / (prior 10–90% width): near 0, the fit targets say little "
        "about the parameter and its prior range stands as the uncertainty the comparisons carry.",
        "",
        "![posterior](img/calibration.png)",
        "",
        "| parameter | prior | posterior median | posterior 10–90% | narrowing |",
        "|---|---|---|---|---|",
    ]
    for r in summary.itertuples():
        lines.append(
            f"| `{r.parameter}` | {r.prior_low:g} – {r.prior_high:g} | {r.median:.4g} | {r.p10:.4g} – {r.p90:.4g} | "
            f"{r.narrowing:.2f} |"
        )
    lines += [
        "",
        "## Defaults: the calibration's point estimate",
        "",
        f"The defaults (`conf/params/default.yaml`, the calibrated block of `conf/region/lincolnshire.yaml`) are, "
        f"{meta['point_rule']}. The weighted medians of each parameter separately (table above) need not fit "
        "jointly; both are shown against the targets, each the median of 8 runs.",
        "",
        "| parameter | default (point estimate) |",
        "|---|---|",
        *[f"| `{k}` | {v:.4g} |" for k, v in sorted(meta["point"].items())],
        "",
        "| target | documented | tolerance | model at the defaults | model at the weighted medians |",
        "|---|---|---|---|---|",
        *[
            f"| {k} | {v['target']:g} | ±{v['tolerance']:g} | {v['model']:.3g} | {v.get('median_model', float('nan')):.3g} |"
            for k, v in meta["fit"].items()
        ],
        "",
    ]
    last = gens[-1]
    pop = meta["population"]
    if last["ess"] < pop / 3:
        lines += [
            "## Limits",
            "",
            f"The last generation's importance weights are uneven: its {pop} particles are worth "
            f"{last['ess']:.0f} equally weighted ones (Kish's effective sample size). In {len(meta['point'])} "
            "dimensions a Gaussian proposal's density varies by orders of magnitude between particles, so a few "
            "particles carry most of the weight; the posterior's intervals above rest on those few. A larger "
            "population (a few hundred particles), fewer calibrated parameters, or more targets that inform each "
            "of them would spread the weight; the uncertainty comparisons sample this posterior as it is "
            "(`sim/running/draws.py`), together with the priors of every other assumption, screened by history "
            "matching (docs/history_matching.md).",
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--population", type=int, default=120)
    parser.add_argument("--generations", type=int, default=6)
    parser.add_argument("--seeds", type=int, default=1, help="runs per particle (their median is compared)")
    parser.add_argument(
        "--alpha", type=float, default=0.5, help="share of particles each tolerance keeps, in (0, 1) (default 0.5)"
    )
    parser.add_argument("--jobs", type=int, default=-1)
    parser.add_argument(
        "--scheduler", default=None, help="a Dask scheduler's address: run the particles on its workers"
    )
    parser.add_argument("--max-simulations", type=int, default=None)
    parser.add_argument("--out", default=None, help="output folder (default outputs/calibration/<date-time>)")
    parser.add_argument("--resume", default=None, help="a pyabc database of an interrupted calibration")
    parser.add_argument("--publish", action="store_true", help="write the posterior into conf/ and docs/")
    parser.add_argument(
        "--publish-from", default=None, help="publish a finished calibration's folder (its abc.db) without rerunning it"
    )
    parser.add_argument(
        "--candidates", type=int, default=6, help="best particles rerun on 8 seeds to choose the defaults (default 6)"
    )
    parser.add_argument("overrides", nargs="*", help="Hydra overrides applied to every particle")
    args = parser.parse_args(argv)
    for name in ("population", "generations", "seeds"):
        if getattr(args, name) < 1:
            parser.error(f"--{name}={getattr(args, name)} is not allowed: need a whole number >= 1")
    if not 0 < args.alpha < 1:
        parser.error(f"--alpha={args.alpha} is not allowed: need a share strictly between 0 and 1")
    if args.candidates < 1:
        parser.error(f"--candidates={args.candidates} is not allowed: need a whole number >= 1")
    import pyabc

    t0 = time.time()
    if args.publish_from:
        out = Path(args.publish_from)
        db = out / "abc.db"
        if not db.is_file():
            parser.error(f"--publish-from={out}: no abc.db there (the folder of a finished calibration)")
        history = pyabc.History(f"sqlite:///{db.resolve()}")
        earlier = json.loads((out / "summary.json").read_text()) if (out / "summary.json").exists() else {}
        minutes = earlier.get("minutes", 0.0)
        settings = {k: earlier.get(k, getattr(args, k)) for k in ("population", "seeds", "alpha")}
        settings["max_generations"] = earlier.get("max_generations", args.generations)
        jobs = earlier.get("jobs", args.jobs)
    else:
        stamp = datetime.datetime.now().strftime("%Y-%m-%d/%H-%M-%S")
        out = Path(args.out or ROOT / "outputs" / "calibration" / stamp)
        out.mkdir(parents=True, exist_ok=True)
        db = Path(args.resume) if args.resume else out / "abc.db"
        history = run_abc(
            population=args.population,
            generations=args.generations,
            seeds=args.seeds,
            jobs=args.jobs,
            db=db.resolve(),
            overrides=args.overrides,
            resume=bool(args.resume),
            max_simulations=args.max_simulations,
            alpha=args.alpha,
            scheduler=args.scheduler,
        )
        minutes = (time.time() - t0) / 60
        settings = {
            "population": args.population,
            "seeds": args.seeds,
            "alpha": args.alpha,
            "max_generations": args.generations,
        }
        jobs = args.jobs if args.jobs > 0 else os.cpu_count()
    ranges = load_ranges()
    post = posterior_frame(history)
    post = post[["weight", *ranges]]
    post.to_csv(out / "posterior.csv", index=False)
    summary = summarise(post, ranges)
    summary.to_csv(out / "posterior_summary.csv", index=False)
    figure(post, ranges, out / "calibration.png")
    targets = fit_targets()
    base = base_config(args.overrides)
    medians = dict(zip(summary.parameter, summary["median"]))
    point, scores = point_estimate(best_particles(history, args.candidates), base, targets)
    at_median = simulate(medians, base=base, targets=targets, seeds=8, base_seed=7)
    at_point = min(scores, key=lambda r: r["distance"])["fit"]
    meta = {
        "date": datetime.date.today().isoformat(),
        **settings,
        "jobs": jobs,
        "minutes": minutes,
        "simulations": int(history.total_nr_simulations),
        "pyabc": pyabc.__version__,
        "generations": generations_table(history).to_dict("records"),
        "fit_targets": [t.id for t in targets],
        "point_rule": f"of the {args.candidates} particles of the last generation closest to the targets, the one "
        "whose median over 8 fresh seeds fits best",
        "point": point,
        "candidates": [{"candidate": r["candidate"], "distance": r["distance"]} for r in scores],
        "fit": {
            t.id: {
                "target": t.value,
                "tolerance": t.tolerance,
                "model": at_point[t.id],
                "median_model": at_median[t.id],
            }
            for t in targets
        },
    }
    (out / "summary.json").write_text(json.dumps(meta, indent=2))
    print(summary.round(4).to_string(index=False))
    if args.publish or args.publish_from:
        publish(post, summary, out, meta, point)
        print(f"published {POSTERIOR}, {PARAM_DEFAULTS}, {REGION_FILE} and {DOC}")
    print(f"written {out}")


if __name__ == "__main__":
    main()
