"""Sensitivity analysis with SALib: Morris screening of every uncertain parameter, then Sobol
indices for the most influential handful, on the headline outputs.

    python -m experiments.sensitivity --publish            # Morris r=6, Sobol N=64 -> docs/sensitivity.md
    python -m experiments.sensitivity --trajectories 3 --sobol-n 16 --years 5   # a quick look -> outputs/sensitivity/

Each sample runs the revised one-off scheme on the Lincolnshire-like county for ten years after its
own spin-up on the same seed (common random numbers), in parallel; results are cached in the store
folder so a rerun with the same design, configuration and model code reads them back.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from joblib import Parallel, delayed  # noqa: E402
from SALib.analyze import morris as morris_analyze  # noqa: E402
from SALib.analyze import sobol as sobol_analyze  # noqa: E402
from SALib.sample import morris as morris_sample  # noqa: E402
from SALib.sample import sobol as sobol_sample  # noqa: E402
from tqdm.auto import tqdm  # noqa: E402

from experiments.calibrate import base_config  # noqa: E402
from sim.observe.measures import SPENDING_SOURCES  # noqa: E402
from sim.running import draws  # noqa: E402
from sim.running.config import Config  # noqa: E402
from sim.running.draws import with_values  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TRAJECTORIES, SOBOL_N, TOP = 6, 64, 6  # the full design; smaller values give a quicker, noisier look
OUTPUTS = {
    "gap_terms": "school-terms without a substantive head (10 years)",
    "unfilled_vacancies": "vacancies unfilled at year end (yearly mean)",
    "executive_heads": "executive heads (year 10)",
    "federations": "federations and trusts (year 10)",
    "partnership_survival": "small schools still in an active partnership (year 10)",
    "below_floor": "schools below floor (yearly mean)",
    "cost": "money spent on joint work and cover, all sources (£, 10 years)",
}


def uncertain_parameters() -> dict[str, tuple[float, float]]:
    """The parameters nobody knows: the calibrated ones (their calibration ranges) and every other numeric
    assumption (half to one and a half times its default, ages three years either way, inside its domain)."""
    cfg = base_config()
    return {**draws.load_ranges(cfg), **draws.assumption_ranges(cfg)}


def outputs(values: dict[str, float], base: Config, seed: int) -> dict[str, float]:
    """The headline outputs of one run with ``values`` set."""
    from sim.running.run import run_model

    m = run_model(with_values(base, values), seed).measures
    y = m[m.term == -1]

    def series(measure: str, group: str = "all") -> pd.Series:
        return y[(y.measure == measure) & (y.group == group)].set_index("year")["value"]

    last = int(y.year.max())
    return {
        "gap_terms": series("gap_terms").sum(),
        "unfilled_vacancies": series("unfilled_vacancies").mean(),
        "executive_heads": series("executive_heads").get(last, 0.0),
        "federations": series("federations").get(last, 0.0) + series("trusts").get(last, 0.0),
        "partnership_survival": series("schools_in_active_partnership", "le110").get(last, 0.0),
        "below_floor": series("below_floor").mean(),
        "cost": sum(series(f"spent.{s}").sum() for s in SPENDING_SOURCES),
    }


def evaluate(
    problem: dict, X: np.ndarray, base: Config, seed: int, cache: Path, n_jobs: int, progress: bool = True
) -> pd.DataFrame:
    """Outputs for every row of ``X`` (cached by design, config and model code, so reruns resume)."""
    from sim.running.run import config_hash, model_code_hash

    code = model_code_hash()
    key = hashlib.sha1(
        json.dumps([problem["names"], X.round(10).tolist(), seed, config_hash(base), code]).encode()
    ).hexdigest()[:12]  # a new model or config never reuses old runs
    path = cache / f"{key}.parquet"
    if path.exists():
        return pd.read_parquet(path)
    cache.mkdir(parents=True, exist_ok=True)
    rows = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(outputs)(dict(zip(problem["names"], row)), base, seed) for row in X
    )
    out = pd.DataFrame(list(tqdm(rows, total=len(X), desc="runs", disable=not progress)))
    out.to_parquet(path, index=False)
    return out


def morris(params: dict, base: Config, trajectories: int, seed: int, cache: Path, n_jobs: int) -> pd.DataFrame:
    problem = {"num_vars": len(params), "names": list(params), "bounds": [list(v) for v in params.values()]}
    X = morris_sample.sample(problem, trajectories, num_levels=4, seed=seed)
    Y = evaluate(problem, X, base, seed, cache, n_jobs)
    rows = []
    for out in OUTPUTS:
        res = morris_analyze.analyze(problem, X, Y[out].to_numpy(), num_levels=4, seed=seed)
        scale = max(float(np.max(res["mu_star"])), 1e-12)
        for name, mu, sigma in zip(problem["names"], res["mu_star"], res["sigma"]):
            rows.append({"output": out, "parameter": name, "mu_star": mu, "sigma": sigma, "mu_star_rel": mu / scale})
    return pd.DataFrame(rows)


def sobol(params: dict, base: Config, n: int, seed: int, cache: Path, n_jobs: int) -> pd.DataFrame:
    problem = {"num_vars": len(params), "names": list(params), "bounds": [list(v) for v in params.values()]}
    X = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    Y = evaluate(problem, X, base, seed, cache, n_jobs)
    rows = []
    for out in OUTPUTS:
        y = Y[out].to_numpy()
        if np.allclose(y, y[0]):
            continue
        res = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed)
        for i, name in enumerate(problem["names"]):
            rows.append(
                {
                    "output": out,
                    "parameter": name,
                    "S1": res["S1"][i],
                    "S1_conf": res["S1_conf"][i],
                    "ST": res["ST"][i],
                    "ST_conf": res["ST_conf"][i],
                }
            )
    return pd.DataFrame(rows)


def morris_figure(mo: pd.DataFrame, path: Path, top: int = 8) -> None:
    fig, axes = plt.subplots(2, 4, figsize=(20, 9), constrained_layout=True)
    for ax, out in zip(axes.flat, OUTPUTS):
        d = mo[mo.output == out].nlargest(top, "mu_star").iloc[::-1]
        ax.barh([p.removeprefix("params.") for p in d.parameter], d.mu_star_rel, color="#1c7ed6")
        ax.set_title(OUTPUTS[out], fontsize=10)
        ax.set_xlim(0, 1.05)
        ax.tick_params(labelsize=8)
        ax.set_xlabel("Morris μ* (relative to the largest)", fontsize=8)
    axes.flat[-1].axis("off")
    fig.suptitle("Morris screening: the most influential parameters for each output")
    fig.savefig(path, dpi=100)
    plt.close(fig)


def sobol_figure(so: pd.DataFrame, path: Path) -> None:
    outs = list(so.output.unique())
    fig, axes = plt.subplots(2, 4, figsize=(20, 8), constrained_layout=True)
    for ax, out in zip(axes.flat, outs):
        d = so[so.output == out]
        x = np.arange(len(d))
        ax.bar(x - 0.2, d.S1.clip(lower=0), 0.4, yerr=d.S1_conf, label="first order S1", color="#74c0fc")
        ax.bar(x + 0.2, d.ST.clip(lower=0), 0.4, yerr=d.ST_conf, label="total ST", color="#1864ab")
        ax.set_xticks(x, [p.removeprefix("params.") for p in d.parameter], rotation=30, ha="right", fontsize=8)
        ax.set_title(OUTPUTS[out], fontsize=10)
        ax.set_ylim(0, 1.05)
    for ax in list(axes.flat)[len(outs) :]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=8)
    fig.suptitle("Sobol indices of the most influential parameters (share of output variance)")
    fig.savefig(path, dpi=100)
    plt.close(fig)


def page(
    mo: pd.DataFrame,
    so: pd.DataFrame,
    n_params: int,
    top: list[str],
    trajectories: int,
    sobol_n: int,
    years: int,
    date: datetime.date | None = None,
) -> str:
    """docs/sensitivity.md: the design, the leading parameters, the Sobol table and docs/sensitivity_notes.md."""
    n_morris = (n_params + 1) * trajectories
    n_sobol = sobol_n * (len(top) + 2)
    leaders = {out: list(mo[mo.output == out].nlargest(3, "mu_star").parameter) for out in OUTPUTS}
    lines = [
        "# Sensitivity analysis",
        "",
        f"Generated {date or datetime.date.today()} by `python -m experiments.sensitivity --trajectories "
        f"{trajectories} --sobol-n {sobol_n} --top {len(top)} --years {years} --publish` "
        f"({n_morris} Morris runs and {n_sobol} Sobol runs of the revised one-off scheme, "
        f"{years} years on the Lincolnshire-like county after its spin-up, one common seed).",
        *(
            [
                "",
                f"This is a reduced design (the full one is `--trajectories {TRAJECTORIES} --sobol-n {SOBOL_N} "
                f"--top {TOP}`): the ranking of the leading parameters is a screen, and indices within their "
                "confidence interval of zero, or of each other, are not distinguished.",
            ]
            if (trajectories, sobol_n, len(top)) != (TRAJECTORIES, SOBOL_N, TOP)
            else []
        ),
        "",
        f"**Screening.** Morris elementary effects for all {n_params} uncertain parameters: the calibrated ones "
        "over their calibration ranges, and every other numeric parameter marked *assumption* from half to one "
        "and a half times its default (ages three years either way; a default of zero, the lowest quarter of "
        "its valid domain), always inside its valid domain. Figures and rules taken from the documents, the "
        "spin-up's length and the county's layout are held fixed.",
        "",
        "![Morris](img/morris.png)",
        "",
        "| output | three most influential parameters (Morris μ*) |",
        "|---|---|",
    ]
    for out, names in leaders.items():
        lines.append(f"| {OUTPUTS[out]} | {', '.join(f'`{n}`' for n in names)} |")
    lines += [
        "",
        f"**Variance decomposition.** Sobol indices for the {len(top)} parameters with the highest mean "
        f"relative Morris μ* across outputs: {', '.join(f'`{t}`' for t in top)}.",
        "",
        "![Sobol](img/sobol.png)",
        "",
        "| output | parameter | S1 | ST |",
        "|---|---|---|---|",
    ]
    for r in so.itertuples():
        lines.append(f"| {r.output} | `{r.parameter}` | {r.S1:.2f} ± {r.S1_conf:.2f} | {r.ST:.2f} ± {r.ST_conf:.2f} |")
    notes = ROOT / "docs" / "sensitivity_notes.md"
    if notes.exists():
        lines += ["", notes.read_text()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--trajectories", type=int, default=TRAJECTORIES, help="Morris trajectories (runs: r x (k + 1))"
    )
    parser.add_argument("--sobol-n", type=int, default=SOBOL_N, help="Sobol base sample (runs: N x (top + 2))")
    parser.add_argument("--top", type=int, default=TOP, help="how many leading Morris parameters get Sobol indices")
    parser.add_argument("--years", type=int, default=10, help="years of each run after the spin-up")
    parser.add_argument("--seed", type=int, default=11, help="the one common seed of every run and of the samplers")
    parser.add_argument("--store", default="outputs/sensitivity", help="cache and output folder")
    parser.add_argument("--jobs", type=int, default=-1, help="parallel runs (-1: every core)")
    parser.add_argument("--publish", action="store_true", help="write into docs/ (default: the store folder)")
    args = parser.parse_args()
    base = base_config([f"run.horizon_years={args.years}"])
    params = uncertain_parameters()
    cache = Path(args.store)
    mo = morris(params, base, args.trajectories, args.seed, cache, args.jobs)
    ranking = mo.groupby("parameter").mu_star_rel.mean().sort_values(ascending=False)
    top = list(ranking.index[: args.top])
    so = sobol({k: params[k] for k in top}, base, args.sobol_n, args.seed, cache, args.jobs)
    docs = ROOT / "docs" if args.publish else cache
    img = docs / "img"
    img.mkdir(parents=True, exist_ok=True)
    morris_figure(mo, img / "morris.png")
    sobol_figure(so, img / "sobol.png")
    mo.to_csv(docs / "sensitivity_morris.csv", index=False)
    so.to_csv(docs / "sensitivity_sobol.csv", index=False)
    text = page(mo, so, len(params), top, args.trajectories, args.sobol_n, args.years)
    (docs / "sensitivity.md").write_text(text)
    print(ranking.head(15).to_string())
    print(f"written {docs / 'sensitivity.md'}")


if __name__ == "__main__":
    main()
