"""Calibration by approximate Bayesian computation (rejection) on the *fit* targets.

    python -m experiments.calibrate                        # 3000 prior draws, keep the closest 2%
    python -m experiments.calibrate --draws 400 --keep 0.05 --no-write   # a quick look

Draws the unknown parameters from uniform priors over the ranges in conf/calibration/default.yaml
(Latin hypercube), runs the revised one-off scheme on the Lincolnshire-like county for each draw
(two seeds, the two academic years from September 2012; the fit targets describe 2012/13), and keeps the draws whose fit-target
distance (mean squared error in units of each target's tolerance) is smallest. The posterior
medians become the defaults in conf/params/default.yaml; docs/calibration.md reports the fitted
set, its spread and the diagnostics. Draws are stored as they finish, so an interrupted
calibration resumes.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import time
from dataclasses import fields
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import yaml  # noqa: E402
from joblib import Parallel, delayed  # noqa: E402
from scipy.stats import qmc  # noqa: E402
from tqdm.auto import tqdm  # noqa: E402

from sim.analysis import targets as tg  # noqa: E402
from sim.running.config import CONF_DIR, Config  # noqa: E402
from sim.state.errors import ConfigError  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RANGES = CONF_DIR / "calibration" / "default.yaml"
DEFAULTS = CONF_DIR / "params" / "default.yaml"


def load_ranges(path: Path = RANGES) -> dict[str, tuple[float, float]]:
    """Calibration ranges, checked against each parameter's valid domain before any run."""
    from sim.state.params import Params

    raw = yaml.safe_load(Path(path).read_text()) or {}
    out = {}
    for key, span in raw.items():
        section, _, name = key.partition(".")
        sec = getattr(Params(), section, None)
        meta = next((f.metadata for f in fields(sec) if f.name == name), None) if sec is not None else None
        if meta is None:
            raise ConfigError(f"calibration range {key}: no such parameter params.{key}")
        if not (isinstance(span, list) and len(span) == 2):
            raise ConfigError(f"calibration range {key}={span!r}: need [low, high]")
        lo, hi = float(span[0]), float(span[1])
        if lo >= hi:
            raise ConfigError(f"calibration range {key}=[{lo}, {hi}]: low must be below high")
        if (meta["lo"] is not None and lo < meta["lo"]) or (meta["hi"] is not None and hi > meta["hi"]):
            raise ConfigError(
                f"calibration range {key}=[{lo}, {hi}] leaves the valid domain "
                f"[{meta['lo']}, {meta['hi']}] of params.{key}"
            )
        out[key] = (lo, hi)
    return out


def with_params(cfg: Config, values: dict[str, float]) -> Config:
    """A copy of ``cfg`` with dotted params set (types kept: ints stay ints)."""
    new = copy.deepcopy(cfg)
    for key, v in values.items():
        section, _, name = key.partition(".")
        sec = getattr(new.params, section)
        old = getattr(sec, name)
        setattr(sec, name, type(old)(round(v)) if isinstance(old, int) and not isinstance(old, bool) else float(v))
    return new


def fit_targets() -> list[tg.Target]:
    from sim.observe.measures import known_measures

    return [t for t in tg.load(known_measures=known_measures()) if t.use == "fit" and t.counts]


def evaluate(cfg: Config, seeds: list[int], targets: list[tg.Target]) -> float:
    """Fit-target distance of one configuration over a few seeds."""
    from sim.running.run import run_model

    measures = pd.concat([run_model(cfg, s).measures for s in seeds], ignore_index=True)
    return tg.distance(targets, measures)


def _draw_task(index: int, values: dict[str, float], base: Config, seeds: list[int]) -> dict:
    return {"draw": index, **values, "distance": evaluate(with_params(base, values), seeds, fit_targets())}


def base_config(horizon: int = 2) -> Config:
    from sim.running.config import compose_config, load_config

    return load_config(
        compose_config(["scenario=revised_one_off", "region=lincolnshire", f"run.horizon_years={horizon}"])
    )


def calibrate(
    draws: int,
    seeds: int,
    store: Path,
    ranges: dict[str, tuple[float, float]],
    n_jobs: int = -1,
    base: Config | None = None,
    progress: bool = True,
    seed: int = 7,
) -> pd.DataFrame:
    """Run (or resume) the prior draws; return every draw with its distance."""
    base = base or base_config()
    keys = list(ranges)
    unit = qmc.LatinHypercube(d=len(keys), seed=seed).random(draws)
    lo = np.array([ranges[k][0] for k in keys])
    hi = np.array([ranges[k][1] for k in keys])
    samples = lo + unit * (hi - lo)
    run_seeds = list(range(1001, 1001 + seeds))
    store.mkdir(parents=True, exist_ok=True)
    done_path = store / "draws.parquet"
    fingerprint = _fingerprint(base, keys, seeds, seed)
    stamp = store / "draws.json"
    if done_path.exists() and (not stamp.exists() or stamp.read_text() != fingerprint):
        raise ConfigError(f"{done_path} holds draws of another model, configuration or design; use another --store")
    stamp.write_text(fingerprint)
    done = pd.read_parquet(done_path) if done_path.exists() else pd.DataFrame()
    if len(done) and list(done.columns[1:-1]) != keys:
        raise ConfigError(f"{done_path} holds draws of other parameters; use another --store")
    todo = [i for i in range(draws) if not len(done) or i not in set(done["draw"])]
    batch = 200
    bar = tqdm(total=len(todo), desc="draws", disable=not progress)
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        rows = Parallel(n_jobs=n_jobs)(
            delayed(_draw_task)(i, dict(zip(keys, samples[i])), base, run_seeds) for i in chunk
        )
        done = pd.concat([done, pd.DataFrame(rows)], ignore_index=True).sort_values("draw")
        tmp = done_path.with_suffix(".tmp")
        done.to_parquet(tmp, index=False)
        tmp.replace(done_path)
        bar.update(len(chunk))
    bar.close()
    return done[done["draw"] < draws].reset_index(drop=True)


def _fingerprint(base: Config, keys: list[str], seeds: int, seed: int) -> str:
    """What the stored draws depend on: config, model code, parameters and design."""
    import json

    from sim.running.run import config_hash, model_code_hash

    return json.dumps(
        {"config": config_hash(base), "code": model_code_hash(), "keys": keys, "seeds": seeds, "lhs_seed": seed}
    )


def posterior(draws: pd.DataFrame, keep: float) -> pd.DataFrame:
    n = max(5, int(round(keep * len(draws))))
    return draws.nsmallest(n, "distance")


def write_defaults(fitted: dict[str, float], note: str, path: Path = DEFAULTS) -> None:
    """Write the fitted medians as the default params config (keeps the schema header)."""
    nested: dict[str, dict] = {}
    base = base_config()
    for key, v in fitted.items():
        section, _, name = key.partition(".")
        old = getattr(getattr(base.params, section), name)
        nested.setdefault(section, {})[name] = int(round(v)) if isinstance(old, int) else round(float(v), 4)
    text = (
        "# Mechanism parameters. Every default, range and source lives in sim/params.py (tabulated in\n"
        "# docs/ODD.md); the values below override those defaults.\n"
        + "".join(f"# {line}\n" for line in note.splitlines())
        + "defaults:\n  - params_schema\n  - _self_\n\n"
        + yaml.safe_dump(nested, sort_keys=True)
    )
    path.write_text(text)


def figures(draws: pd.DataFrame, post: pd.DataFrame, ranges: dict, path: Path) -> None:
    keys = list(ranges)
    cols = 4
    rows = int(np.ceil(len(keys) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(16, 3 * rows), constrained_layout=True)
    for ax, key in zip(axes.flat, keys):
        ax.hist(draws[key], bins=20, range=ranges[key], color="#ced4da", label="prior draws", density=True)
        ax.hist(post[key], bins=20, range=ranges[key], color="#1c7ed6", alpha=0.8, label="accepted", density=True)
        ax.axvline(post[key].median(), color="#c92a2a", lw=2, label="fitted (median)")
        ax.set_title(key, fontsize=10)
        ax.tick_params(labelsize=8)
    for ax in list(axes.flat)[len(keys) :]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=8)
    fig.suptitle(f"ABC rejection: {len(post)} of {len(draws)} draws accepted (closest by fit-target distance)")
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draws", type=int, default=3000)
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--keep", type=float, default=0.02)
    parser.add_argument("--store", default="outputs/calibration")
    parser.add_argument("--jobs", type=int, default=-1)
    parser.add_argument("--no-write", action="store_true", help="do not change conf/params/default.yaml or docs")
    args = parser.parse_args()
    ranges = load_ranges()
    base = base_config()
    before = evaluate(base, list(range(1001, 1001 + 8)), fit_targets())
    t0 = time.perf_counter()
    draws = calibrate(args.draws, args.seeds, Path(args.store), ranges, args.jobs, base)
    minutes = (time.perf_counter() - t0) / 60
    post = posterior(draws, args.keep)
    fitted = {k: float(post[k].median()) for k in ranges}
    after = evaluate(with_params(base, fitted), list(range(1001, 1001 + 8)), fit_targets())
    print(f"fit-target distance: defaults {before:.3f} -> fitted {after:.3f} (8 seeds)")
    if args.no_write:
        print(pd.Series(fitted).to_string())
        return
    today = datetime.date.today()
    note = (
        f"Fitted {today} by `python -m experiments.calibrate --draws {args.draws} --seeds {args.seeds} "
        f"--keep {args.keep}`\n(ABC rejection on the fit targets of sim/data/targets.yaml; see docs/calibration.md)."
    )
    write_defaults(fitted, note)
    from experiments.param_table import ODD, render

    ODD.write_text(render(ODD.read_text()))  # the ODD parameter tables show the fitted values
    img = ROOT / "docs" / "img"
    img.mkdir(parents=True, exist_ok=True)
    figures(draws, post, ranges, img / "calibration.png")
    lines = [
        "# Calibration",
        "",
        f"Fitted {today} with `python -m experiments.calibrate --draws {args.draws} --seeds {args.seeds} "
        f"--keep {args.keep}` ({minutes:.1f} minutes wall-clock on this machine).",
        "",
        "**Method.** Approximate Bayesian computation by rejection. The parameters nobody knows get uniform "
        "priors over the plausible ranges in `conf/calibration/default.yaml` (each checked to lie inside the "
        "parameter's valid domain). For each Latin-hypercube draw the revised one-off scheme runs on the "
        "Lincolnshire-like county from September 2012 for two years on two seeds; the distance is the mean "
        "squared error of the *fit* targets in units of each target's tolerance. The closest "
        f"{args.keep:.0%} of draws form the posterior; its medians became the defaults in "
        "`conf/params/default.yaml`. The *check* targets were not used; the scorecard "
        "([validation.md](validation.md)) reports fit and check targets separately.",
        "",
        f"**Fit-target distance** (8 fresh seeds): defaults {before:.2f} → fitted {after:.2f} "
        "(1 means every target off by one tolerance on average).",
        "",
        "| parameter | prior range | fitted (posterior median) | posterior 10–90% |",
        "|---|---|---|---|",
    ]
    for k in ranges:
        lines.append(
            f"| `params.{k}` | [{ranges[k][0]:g}, {ranges[k][1]:g}] | {fitted[k]:.3g} | "
            f"{post[k].quantile(0.1):.3g} – {post[k].quantile(0.9):.3g} |"
        )
    lines += [
        "",
        "![posterior marginals](img/calibration.png)",
        "",
        "**Diagnostics.** A posterior that fills its prior range (a flat blue histogram) means the fit "
        "targets do not pin that parameter down; a narrow one means they do. Accepted distances: "
        f"median {post.distance.median():.2f}, worst {post.distance.max():.2f}; all draws: median "
        f"{draws.distance.median():.2f}.",
        "",
    ]
    (ROOT / "docs" / "calibration.md").write_text("\n".join(lines))
    print("fitted defaults written to conf/params/default.yaml; docs/calibration.md")


if __name__ == "__main__":
    main()
