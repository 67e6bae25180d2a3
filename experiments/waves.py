"""Calibration by screening and multi-wave history matching with Gaussian-process emulators.

    python -m experiments.waves                            # screen the 14 calibrated parameters, then waves
    python -m experiments.waves --out <folder>             # resume an interrupted run (or add --max-waves)
    python -m experiments.waves --scheduler tcp://host:8786   # the runs on a Dask cluster's workers
    python -m experiments.waves --publish                  # also write conf/calibration/waves_set.csv and docs/

Each model run is the calibration's own simulation (``experiments.calibrate.simulate``, one seed):
the revised one-off scheme on the Lincolnshire-like county, spun up, then six years from September
2012, scored on the ``use: fit`` targets of ``sim/data/targets.yaml``. Check targets are never used.

1. **Screen.** A Latin hypercube of ``--screen-size`` points over the prior box (the ranges of
   ``conf/calibration/default.yaml``; ``--space all`` adds every sampled assumption's declared prior),
   one run each, and five dummy parameters the model never sees. RBD-FAST (SALib, 6 harmonics)
   gives each parameter's first-order index on each target. A parameter is kept if, for at least one
   target, its index is at least ``--screen-threshold`` (0.05) and above the largest index any dummy
   reaches on any target (the estimator's noise floor at that design size). The others stay at their
   defaults.
2. **Waves.** Wave 1's design is a Latin hypercube over the kept parameters' box; a later wave's
   is a maximin subset of the points still non-implausible (the volume sample below, topped up by
   rejection sampling from the prior box). Every design point runs on ``--seeds`` seeds (10).
   One scikit-learn ``GaussianProcessRegressor`` per target is fitted on the seed means (inputs in
   the unit cube, outputs standardised, Matern 5/2 with one length scale per input plus a
   WhiteKernel). The implausibility of a point x on target t is

       I_t(x) = |z_t - E[f_t(x)]| / sqrt(V_obs + V_disc + V_seed + V_em(x))

   with V_obs = (tolerance / 2)^2 (a target's tolerance read as two standard deviations of the
   documented figure), V_disc = (``--discrepancy`` x |z_t|)^2 (model discrepancy, 10% of the
   figure), V_seed the design's pooled seed-to-seed variance (the mean over design points of the
   variance across their seeds) and V_em(x) the emulator's variance of the mean at x (its
   predictive variance less the fitted white noise). V_seed enters whole, not divided by the seed
   count: the documents' county is one realisation of its history, so the model's seed-to-seed
   spread is part of how far a single county may sit from the model's mean; the uncertainty of a
   design point's seed mean (V_seed / seeds) is what the WhiteKernel carries. ``--seed-variance
   mean`` divides it by the seeds instead (the tighter reading, which rules out more). A target the
   documents give as a fall (``kind: negative``) counts only an emulated rise: max(E[f], 0).
   A point is non-implausible if its largest I (``--measure max``; ``second`` for the
   second-largest) is below ``--cutoff`` (3) under every wave's emulators so far.
3. **Space removed.** A fixed uniform sample of ``--volume`` points of the box is judged after every
   wave; its non-implausible share is the space that wave left. The waves stop when a wave keeps
   more than 1 - ``--min-shrink`` (0.9) of the share before it (the space stopped shrinking), when
   nothing is left, or at ``--max-waves``.
4. **Final set and defaults.** The final set is the volume sample's non-implausible points after the
   last wave. The default point is the point of the set nearest the set's centre (its mean, in
   unit-cube distance) whose largest implausibility under the last wave's emulators is below the
   cutoff: a representative of the set chosen by a rule, not the best of a few reruns.

Outputs go to one folder (``outputs/waves/<date-time>/``): ``settings.json``; ``screen/`` (design,
one JSON per run, ``table.csv`` of indices, ``kept.json``); ``wave_NN/`` (design, one JSON per
point and seed under ``runs/``, ``emulators.csv``, ``design_implausibility.csv``, ``summary.json``);
``final/`` (``set.csv``, ``default.json``) and ``summary.json``. Rerunning with ``--out <folder>``
resumes: a finished run is never redone (emulators are refitted from the saved runs, the same
way); a folder made with other settings is refused. ``--publish`` writes the final set to
``conf/calibration/waves_set.csv`` (its ``default`` column marks the default point) and the waves to
``docs/calibration_waves.md``; it changes no default.

How long: one run of the calibrated county takes 0.5-0.9 s of CPU (mean 0.64 s over 8 draws from the
prior box, after the first run's set-up; measured on the 2-core development machine, 2026-12-07).
The default full run, 200 screening runs plus up to 5 waves of 150 points x 10 seeds (at most 7,700
runs), needs about 7,700 x 0.64 s = 1.4 CPU hours and a few minutes of emulator fitting: about 45
minutes on 2 cores (``--jobs -1``), fewer if the space stops shrinking before wave 5, minutes on a
Dask cluster.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import shlex
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SET_FILE = ROOT / "conf" / "calibration" / "waves_set.csv"
DOC = ROOT / "docs" / "calibration_waves.md"
SEED = 2014  # the designs' and the volume sample's seed; run seeds are SEED + seed index
DUMMIES = tuple(f"dummy_{i}" for i in range(1, 6))  # the screen's parameters the model never sees: its noise floor
HARMONICS = 6  # RBD-FAST's harmonics (Tarantola, Gatelli and Mara 2006); fewer keep a small screen's noise down
FORMAT = 1  # the folder's layout: a folder of another layout is refused, not misread
TOP_UPS = 20  # most extra uniform samples of the box drawn to find a later wave's design

Simulator = Callable[[dict[str, float], int], dict[str, float]]
"""A model: (parameter values, seed index) -> each target's value in that one run."""


@dataclass(frozen=True)
class Observed:
    """A documented figure: its value, its standard deviation and whether it is a fall (``negative``)."""

    id: str
    value: float
    sd: float
    kind: str = "value"


@dataclass(frozen=True)
class Settings:
    """What the waves' results depend on (``max_waves`` aside: a finished folder can be given more waves)."""

    seeds: int = 10
    design: int = 150
    max_waves: int = 5
    cutoff: float = 3.0
    discrepancy: float = 0.1
    measure: str = "max"
    seed_variance: str = "whole"
    volume: int = 50_000
    min_shrink: float = 0.1
    screen_size: int = 200
    screen_threshold: float = 0.05
    seed: int = SEED

    def key(self) -> dict:
        """The settings a resumed folder must share."""
        return {k: v for k, v in asdict(self).items() if k != "max_waves"}


def check(s: Settings, n_params: int | None) -> None:
    """Raise ValueError (one line: the option, its value, the allowed range) for an option out of range.

    The design sizes are checked against the number of parameters in the space, the most the screen can keep
    (not at all with ``n_params`` None: before the space is known)."""
    n = n_params or 0
    rules = [
        ("seeds", s.seeds >= 1, "a whole number >= 1"),
        ("max-waves", s.max_waves >= 1, "a whole number >= 1"),
        ("cutoff", s.cutoff > 0, "a number > 0"),
        ("design", n_params is None or s.design >= n + 2, f"a whole number >= {n + 2} (parameters + 2)"),
        ("discrepancy", s.discrepancy >= 0, "a number >= 0"),
        ("measure", s.measure in ("max", "second"), "max or second"),
        ("seed-variance", s.seed_variance in ("whole", "mean"), "whole or mean"),
        ("volume", s.volume >= 100, "a whole number >= 100"),
        ("min-shrink", 0 < s.min_shrink < 1, "a share strictly between 0 and 1"),
        (
            "screen-size",
            n_params is None or s.screen_size == 0 or s.screen_size >= n + 2,
            f"0 (no screen) or a whole number >= {n + 2} (parameters + 2)",
        ),
        ("screen-threshold", 0 < s.screen_threshold < 1, "a share strictly between 0 and 1"),
    ]
    for name, ok, allowed in rules:
        if not ok:
            value = getattr(s, name.replace("-", "_"))
            raise ValueError(
                f"--{name}={value:g} is not allowed: need {allowed}"
                if isinstance(value, float)
                else f"--{name}={value} is not allowed: need {allowed}"
            )


# --- implausibility and emulators -------------------------------------------------------------------


def implausibility(
    z: float,
    mean: np.ndarray,
    var_obs: float,
    var_disc: float,
    var_seed: float,
    var_em: np.ndarray | float = 0.0,
    kind: str = "value",
) -> np.ndarray:
    """I = |z - E[f(x)]| / sqrt(V_obs + V_disc + V_seed + V_em(x)); for a documented fall, max(E[f], 0) / sd."""
    mean = np.asarray(mean, dtype=float)
    gap = np.maximum(mean, 0.0) if kind == "negative" else np.abs(z - mean)
    return gap / np.sqrt(var_obs + var_disc + var_seed + np.asarray(var_em, dtype=float))


@dataclass
class Emulator:
    """A Gaussian process of one target's seed mean over the unit cube, and the target's variances."""

    target: Observed
    gp: object
    y_mean: float
    y_sd: float
    noise: float  # the fitted white noise, in standardised units
    var_seed: float
    var_obs: float
    var_disc: float
    points: int

    def predict(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Emulated mean and variance of the mean at unit-cube points ``u``."""
        mu, sd = self.gp.predict(u, return_std=True)
        var = np.maximum(sd**2 - self.noise, 0.0) * self.y_sd**2
        return mu * self.y_sd + self.y_mean, var

    def implausibility(self, u: np.ndarray) -> np.ndarray:
        """The target's implausibility at unit-cube points ``u``."""
        mean, var = self.predict(u)
        t = self.target
        return implausibility(t.value, mean, self.var_obs, self.var_disc, self.var_seed, var, t.kind)

    def summary(self, names: list[str]) -> dict:
        """The fitted kernel and every variance, as one row of ``emulators.csv`` (``names``: the inputs)."""
        params = self.gp.kernel_.get_params()
        scales = np.atleast_1d(params["k1__k2__length_scale"])
        return {
            "target": self.target.id,
            "points": self.points,
            "kernel": str(self.gp.kernel_),
            **{f"length_scale[{n}]": float(s) for n, s in zip(names, scales)},
            "sd_white_noise": float(np.sqrt(self.noise) * self.y_sd),
            "sd_obs": float(np.sqrt(self.var_obs)),
            "sd_disc": float(np.sqrt(self.var_disc)),
            "sd_seed": float(np.sqrt(self.var_seed)),
        }


def fit_emulator(u: np.ndarray, means: np.ndarray, var_seed: float, target: Observed, discrepancy: float) -> Emulator:
    """Fit one target's GP on the design's seed means (rows with no finite mean are left out)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

    ok = np.isfinite(means)
    x, y = u[ok], means[ok]
    y_mean, y_sd = float(np.mean(y)), float(np.std(y)) or 1.0
    d = u.shape[1]
    kernel = ConstantKernel(1.0, (1e-3, 1e3)) * Matern(np.full(d, 0.5), (1e-2, 1e2), nu=2.5) + WhiteKernel(
        0.1, (1e-8, 1e1)
    )
    gp = GaussianProcessRegressor(kernel, normalize_y=False, n_restarts_optimizer=2, random_state=0)
    with warnings.catch_warnings():  # a length scale at its bound is an input the target ignores: expected
        warnings.simplefilter("ignore", ConvergenceWarning)
        gp.fit(x, (y - y_mean) / y_sd)
    noise = float(gp.kernel_.get_params()["k2__noise_level"])
    return Emulator(
        target=target,
        gp=gp,
        y_mean=y_mean,
        y_sd=y_sd,
        noise=noise,
        var_seed=var_seed,
        var_obs=target.sd**2,
        var_disc=(discrepancy * abs(target.value)) ** 2,
        points=int(ok.sum()),
    )


def ranked(table: np.ndarray, measure: str) -> np.ndarray:
    """Each row's largest (``max``) or second-largest (``second``) implausibility over the targets."""
    s = np.sort(np.nan_to_num(table, nan=np.inf), axis=1)
    return s[:, -1] if measure == "max" or s.shape[1] < 2 else s[:, -2]


def judge(emulators: list[Emulator], u: np.ndarray) -> np.ndarray:
    """Implausibility of every point (rows) on every emulated target (columns)."""
    return np.column_stack([e.implausibility(u) for e in emulators]) if len(u) else np.empty((0, len(emulators)))


# --- designs ------------------------------------------------------------------------------------------


def latin(n: int, d: int, seed: int) -> np.ndarray:
    """A Latin hypercube of ``n`` points in the unit cube of ``d`` dimensions."""
    from scipy.stats import qmc

    return qmc.LatinHypercube(d=d, seed=np.random.default_rng(seed)).random(n)


def maximin(pool: np.ndarray, n: int) -> np.ndarray:
    """``n`` points of ``pool`` chosen greedily far apart (first: the one nearest the pool's centre)."""
    if len(pool) <= n:
        return pool.copy()
    chosen = [int(np.argmin(((pool - pool.mean(axis=0)) ** 2).sum(axis=1)))]
    gap = ((pool - pool[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(n - 1):
        nxt = int(np.argmax(gap))
        chosen.append(nxt)
        gap = np.minimum(gap, ((pool - pool[nxt]) ** 2).sum(axis=1))
    return pool[chosen]


def to_values(u: np.ndarray, ranges: dict[str, tuple[float, float]]) -> pd.DataFrame:
    lo = np.array([r[0] for r in ranges.values()])
    hi = np.array([r[1] for r in ranges.values()])
    return pd.DataFrame(lo + u * (hi - lo), columns=list(ranges))


# --- runs ---------------------------------------------------------------------------------------------


def _one(simulator: Simulator, point: int, seed: int, values: dict[str, float]) -> tuple[int, int, dict[str, float]]:
    return point, seed, simulator(values, seed)


def _outcomes(simulator: Simulator, todo: list, jobs: int, scheduler: str | None) -> Iterator[tuple]:
    """Each (point, seed, result) as it finishes: in this process, through joblib or on a Dask cluster."""
    if scheduler:
        from sim.running.ensemble import on_dask

        yield from on_dask(scheduler, _one, [(simulator, p, s, v) for p, s, v in todo])
    elif jobs == 1:
        for p, s, v in todo:
            yield _one(simulator, p, s, v)
    else:
        from joblib import Parallel, delayed

        yield from Parallel(n_jobs=jobs, return_as="generator_unordered")(
            delayed(_one)(simulator, p, s, v) for p, s, v in todo
        )


def run_design(
    simulator: Simulator,
    design: pd.DataFrame,
    seeds: int,
    folder: Path,
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    say: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
) -> pd.DataFrame:
    """Every design point on ``seeds`` seeds, one JSON file per run in ``folder`` (runs already there are
    not rerun); returns one row per run: ``point``, ``seed`` and each target's value."""
    folder.mkdir(parents=True, exist_ok=True)
    path = lambda p, s: folder / f"p{p:04d}_s{s:02d}.json"  # noqa: E731
    rows = design.to_dict("records")
    todo = [(p, s, rows[p]) for p in range(len(rows)) for s in range(seeds) if not path(p, s).exists()]
    if todo:
        say(f"  {len(todo)} of {len(rows) * seeds} runs to do in {folder}")
    started, done = time.time(), 0
    for p, s, result in _outcomes(simulator, todo, jobs, scheduler):
        tmp = path(p, s).with_suffix(".tmp")
        tmp.write_text(json.dumps({k: float(v) for k, v in result.items()}))
        tmp.replace(path(p, s))
        done += 1
        if done % 50 == 0:
            say(f"  {done}/{len(todo)} runs, {time.time() - started:.0f} s")
    out = []
    for p in range(len(rows)):
        for s in range(seeds):
            out.append({"point": p, "seed": s, **json.loads(path(p, s).read_text())})
    return pd.DataFrame(out)


def seed_moments(runs: pd.DataFrame, targets: list[str], n: int) -> tuple[pd.DataFrame, dict[str, float]]:
    """Each design point's seed mean of every target, and every target's pooled seed variance (0 with one seed)."""
    means = runs.groupby("point")[targets].mean().reindex(range(n))
    if runs.seed.nunique() < 2:
        return means, dict.fromkeys(targets, 0.0)
    var = runs.groupby("point")[targets].var(ddof=1)
    return means, {t: float(np.nanmean(var[t])) if var[t].notna().any() else 0.0 for t in targets}


# --- screen -------------------------------------------------------------------------------------------


def screen(
    simulator: Simulator,
    ranges: dict[str, tuple[float, float]],
    observed: list[Observed],
    s: Settings,
    folder: Path,
    *,
    jobs: int = 1,
    scheduler: str | None = None,
) -> tuple[list[str], pd.DataFrame]:
    """The parameters the targets can identify, and the table of first-order indices (RBD-FAST, SALib)."""
    from SALib.analyze import rbd_fast

    folder.mkdir(parents=True, exist_ok=True)
    names = [*ranges, *DUMMIES]
    design_file = folder / "design.csv"
    if design_file.exists():
        u = pd.read_csv(design_file)[names].to_numpy(float)
    else:
        u = latin(s.screen_size, len(names), s.seed)
        pd.DataFrame(u, columns=names).to_csv(design_file, index=False)
    values = to_values(u[:, : len(ranges)], ranges)
    runs = run_design(simulator, values, 1, folder / "runs", jobs=jobs, scheduler=scheduler)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    table = pd.DataFrame(index=names, dtype=float)
    for t in observed:
        y = runs[t.id].to_numpy(float)
        ok = np.isfinite(y)
        n = int(ok.sum())
        if n < max(len(ranges) + 2, 12) or np.nanstd(y) == 0:
            table[t.id] = np.nan  # too few measured runs, or the target did not vary: it identifies nothing
            continue
        # SALib's bias correction (and its bootstrap on half the runs) needs 2 x harmonics below a half
        harmonics = max(1, min(HARMONICS, (n - 1) // 5))
        with np.errstate(divide="ignore", invalid="ignore"):  # a constant bootstrap resample: its spread unused
            si = rbd_fast.analyze(problem, u[ok], y[ok], M=harmonics, num_resamples=10, seed=s.seed)
        table[t.id] = si["S1"]
    # the noise floor: the largest index any dummy reaches on any target (an index that size arises by chance)
    floor = float(np.nanmax(table.loc[list(DUMMIES)].to_numpy(), initial=0.0))
    real = table.loc[list(ranges)]
    strong = (real >= s.screen_threshold) & (real > floor)
    kept = [k for k in ranges if strong.loc[k].any()]
    table["kept"] = [k in kept for k in table.index]
    table.index.name = "parameter"
    table.to_csv(folder / "table.csv")
    (folder / "kept.json").write_text(json.dumps(kept, indent=1))
    return kept, table


# --- waves --------------------------------------------------------------------------------------------


def settings_guard(out: Path, key: dict) -> None:
    """Write ``settings.json``, or refuse (ValueError, one line) a folder made with other settings."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "settings.json"
    if path.exists() and json.loads(path.read_text()) != json.loads(json.dumps(key)):
        raise ValueError(f"--out={out} holds waves of other settings (targets, ranges or options); give a new folder")
    path.write_text(json.dumps(key, indent=1))


def run_waves(
    simulator: Simulator,
    ranges: dict[str, tuple[float, float]],
    observed: list[Observed],
    out: Path,
    s: Settings = Settings(),
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    inputs: str = "",
    command: str = "",
    say: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
) -> dict:
    """Screen, then history-match wave by wave into ``out`` (resumable); return the summary.

    ``command`` is the command line that regenerates it (quoted by the published page).

    ``inputs`` names what the simulator depends on beyond its arguments (a hash of the model's files),
    so a folder made from other inputs is refused."""
    check(s, len(ranges))
    out = Path(out)
    settings_guard(
        out,
        {
            **s.key(),
            "ranges": {k: list(v) for k, v in ranges.items()},
            "observed": [asdict(t) for t in observed],
            "inputs": inputs,
            "format": FORMAT,
        },
    )
    if s.screen_size:
        kept, table = screen(simulator, ranges, observed, s, out / "screen", jobs=jobs, scheduler=scheduler)
        say(f"screen: {len(kept)} of {len(ranges)} parameters kept: {', '.join(kept) or 'none'}")
        if not kept:
            raise ValueError("the screen kept no parameter: the fit targets identify none (see screen/table.csv)")
    else:
        kept, table = list(ranges), None
    space = {k: ranges[k] for k in kept}
    d = len(space)
    volume = np.random.default_rng(np.random.SeedSequence([s.seed, 1])).random((s.volume, d))
    alive = np.ones(s.volume, dtype=bool)
    last_table = np.zeros((s.volume, 0))
    waves: list[dict] = []
    every: list[list[Emulator]] = []  # each wave's emulators: a point must pass all of them
    stop = f"--max-waves={s.max_waves} reached"
    for k in range(1, s.max_waves + 1):
        folder = out / f"wave_{k:02d}"
        design = wave_design(folder, k, volume[alive], every, s)
        if design is None:
            stop = "no non-implausible point left to design a wave on"
            break
        runs = run_design(simulator, to_values(design, space), s.seeds, folder / "runs", jobs=jobs, scheduler=scheduler)
        means, var_seed = seed_moments(runs, [t.id for t in observed], len(design))
        share = s.seeds if s.seed_variance == "mean" else 1
        emulators = [
            fit_emulator(design, means[t.id].to_numpy(float), var_seed[t.id] / share, t, s.discrepancy)
            for t in observed
            if means[t.id].notna().sum() >= d + 2
        ]
        skipped = [t.id for t in observed if t.id not in {e.target.id for e in emulators}]
        every.append(emulators)
        before = float(alive.mean())
        idx = np.flatnonzero(alive)
        table_k = judge(emulators, volume[idx])
        alive[idx] = ranked(table_k, s.measure) < s.cutoff
        last_table = np.full((s.volume, len(emulators)), np.nan)
        last_table[idx] = table_k
        on_runs = np.column_stack(
            [
                implausibility(
                    e.target.value,
                    means[e.target.id].to_numpy(float),
                    e.var_obs,
                    e.var_disc,
                    e.var_seed,
                    0.0,
                    e.target.kind,
                )
                for e in emulators
            ]
        )
        design_max = np.nan_to_num(on_runs, nan=np.inf).max(axis=1)
        pd.DataFrame({"point": range(len(design)), "max_implausibility": design_max}).join(
            pd.DataFrame(on_runs, columns=[e.target.id for e in emulators])
        ).to_csv(folder / "design_implausibility.csv", index=False)
        pd.DataFrame([e.summary(list(space)) for e in emulators]).to_csv(folder / "emulators.csv", index=False)
        kept_share = float(alive.mean())
        wave = {
            "wave": k,
            "design": int(len(design)),
            "seeds": s.seeds,
            "runs": int(len(design) * s.seeds),
            "share_before": before,
            "share_kept": kept_share,
            "removed": before - kept_share,
            "design_min_max_implausibility": float(np.min(design_max)),
            "design_median_max_implausibility": float(np.median(design_max)),
            "design_non_implausible": int((design_max < s.cutoff).sum()),
            "targets_not_emulated": skipped,
        }
        (folder / "summary.json").write_text(json.dumps(wave, indent=1))
        waves.append(wave)
        say(f"wave {k}: {len(design)} points x {s.seeds} seeds, {kept_share:.3%} of the box left (was {before:.3%})")
        if kept_share == 0:
            stop = "nothing left: no point of the box is non-implausible"
            break
        if kept_share > (1 - s.min_shrink) * before:
            stop = f"the space stopped shrinking (wave {k} kept {kept_share / before:.0%} of what was left)"
            break
    final = final_set(volume, alive, last_table, space, s)
    summary = {
        "parameters": list(ranges),
        "kept": kept,
        "waves": waves,
        "stop": stop,
        "final_size": int(alive.sum()),
        "volume": s.volume,
        "default": final["default"],
        "settings": asdict(s),
        "date": datetime.date.today().isoformat(),
        "command": command,
    }
    if table is not None:
        summary["screen"] = table.reset_index().to_dict("records")
    (out / "final").mkdir(exist_ok=True)
    final["set"].to_csv(out / "final" / "set.csv", index=False)
    (out / "final" / "default.json").write_text(json.dumps(final["default"], indent=1))
    (out / "summary.json").write_text(json.dumps(summary, indent=1, default=float))
    return summary


def wave_design(folder: Path, k: int, pool: np.ndarray, every: list[list[Emulator]], s: Settings) -> np.ndarray | None:
    """Wave ``k``'s design in the unit cube (read back if saved): a Latin hypercube for wave 1, then a maximin
    subset of the non-implausible ``pool``, topped up to five times the design size by rejection sampling
    of the box under every earlier wave's emulators (None if nothing non-implausible is found)."""
    path = folder / "design.csv"
    if path.exists():
        return pd.read_csv(path).to_numpy(float)
    d = pool.shape[1]
    if k == 1:
        u = latin(s.design, d, s.seed + k)
    else:
        rng = np.random.default_rng(np.random.SeedSequence([s.seed, 2, k]))
        for _ in range(TOP_UPS):
            if len(pool) >= 5 * s.design:
                break
            draw = rng.random((s.volume, d))
            pool = np.vstack([pool, draw[non_implausible(draw, every, s)]])
        if len(pool) == 0:
            return None
        u = maximin(pool, s.design)
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(u, columns=[f"u{i}" for i in range(d)]).to_csv(path, index=False)
    return u


def non_implausible(u: np.ndarray, every: list[list[Emulator]], s: Settings) -> np.ndarray:
    """Which points of ``u`` pass every wave's emulators."""
    alive = np.ones(len(u), dtype=bool)
    for emulators in every:
        idx = np.flatnonzero(alive)
        alive[idx] = ranked(judge(emulators, u[idx]), s.measure) < s.cutoff
    return alive


def final_set(
    volume: np.ndarray, alive: np.ndarray, table: np.ndarray, space: dict[str, tuple[float, float]], s: Settings
) -> dict:
    """The non-implausible points (values and their largest implausibility) and the default among them."""
    u = volume[alive]
    largest = np.nan_to_num(table[alive], nan=np.inf).max(axis=1) if table.shape[1] else np.zeros(len(u))
    values = to_values(u, space)
    values["max_implausibility"] = largest
    values["default"] = False
    default = None
    pick = default_index(u, largest, s.cutoff)
    if pick is not None:
        values.loc[pick, "default"] = True
        default = {k: float(values.loc[pick, k]) for k in space}
    return {"set": values, "default": default}


def default_index(u: np.ndarray, largest: np.ndarray, cutoff: float) -> int | None:
    """The row of ``u`` nearest the rows' mean (unit-cube distance) whose largest implausibility is below ``cutoff``."""
    if len(u) == 0:
        return None
    dist = ((u - u.mean(axis=0)) ** 2).sum(axis=1)
    dist[~(largest < cutoff)] = np.inf
    i = int(np.argmin(dist))
    return i if np.isfinite(dist[i]) else None


# --- the model ----------------------------------------------------------------------------------------


class ModelSimulator:
    """The calibration's simulation of one parameter point on one seed (picklable; builds its config once)."""

    def __init__(self, overrides: list[str] | None = None) -> None:
        self.overrides = list(overrides or [])
        self._setup = None

    def __getstate__(self) -> dict:
        return {"overrides": self.overrides, "_setup": None}

    def __call__(self, values: dict[str, float], seed: int) -> dict[str, float]:
        from experiments import calibrate as cal

        if self._setup is None:
            self._setup = (cal.base_config(self.overrides), cal.fit_targets())
        base, targets = self._setup
        return cal.simulate(values, base=base, targets=targets, seeds=1, base_seed=SEED + seed)


def model_problem(space: str, overrides: list[str]) -> tuple[dict[str, tuple[float, float]], list[Observed], str]:
    """The prior box (calibrated ranges, plus every sampled assumption's prior with ``all``), the fit targets
    as observations (sd = tolerance / 2) and a hash of the files the runs depend on."""
    from experiments import calibrate as cal
    from sim.analysis.targets import TARGETS_FILE
    from sim.running import draws as dr

    base = cal.base_config(overrides)
    ranges = cal.load_ranges(cfg=base)
    if space == "all":
        ranges = {**ranges, **dr.assumption_ranges(base)}
    observed = [Observed(t.id, t.value, t.tolerance / 2, t.kind) for t in cal.fit_targets()]
    files = [dr.RANGES, TARGETS_FILE, cal.PARAM_DEFAULTS, cal.REGION_FILE]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files) + json.dumps(overrides).encode())
    return ranges, observed, digest.hexdigest()[:16]


# --- publishing ---------------------------------------------------------------------------------------


def report(summary: dict, out: Path, final: pd.DataFrame | None = None) -> str:
    """docs/calibration_waves.md from a finished folder's summary (and its final set, for each parameter's spread)."""
    s = summary["settings"]
    lines = [
        "# Calibration by history matching in waves",
        "",
        f"Regenerate: `{summary.get('command') or 'python -m experiments.waves'} --publish` (run {summary['date']}, "
        f"folder `{out.name}`). The method is described in `experiments/waves.py`: a screen of which parameters "
        "the fit targets identify, then waves of Gaussian-process emulators and implausibility "
        f"(observation sd = tolerance / 2, model discrepancy {s['discrepancy']:.0%} of the figure, the seed "
        f"variance {'whole' if s.get('seed_variance', 'whole') == 'whole' else 'over the seeds'}, the emulator's "
        f"variance), non-implausible if the {'largest' if s['measure'] == 'max' else 'second-largest'} "
        f"implausibility over the targets is below {s['cutoff']:g}.",
        "",
        "**What uses it.** Nothing yet: the defaults (`conf/params/default.yaml`, the calibrated block of "
        "`conf/region/lincolnshire.yaml`) and the comparisons' draws (`conf/calibration/plausible.csv`) still come "
        "from the ABC-SMC calibration and the one-wave screen (docs/calibration.md, docs/history_matching.md). "
        "Moving them to this set, and the default point below, remakes every published number.",
        "",
    ]
    if "screen" in summary:
        targets = [c for c in summary["screen"][0] if c not in ("parameter", "kept")]
        lines += [
            "## Screen",
            "",
            f"{s['screen_size']} runs (Latin hypercube, one seed); RBD-FAST first-order index of each parameter on "
            f"each target. Kept: an index of at least {s['screen_threshold']:g} on some target and above the largest any of the "
            "five dummy parameters (which the model never reads) reaches on any target.",
            "",
            "| parameter | " + " | ".join(targets) + " | kept |",
            "|---|" + "---|" * (len(targets) + 1),
        ]
        for r in summary["screen"]:
            cells = " | ".join("" if pd.isna(r[t]) else f"{r[t]:.2f}" for t in targets)
            lines.append(f"| `{r['parameter']}` | {cells} | {'yes' if r['kept'] else ''} |")
        lines.append("")
    lines += [
        "## Waves",
        "",
        f"Share of a uniform sample of {summary['volume']} points of the prior box left non-implausible after "
        f"each wave. Stopped: {summary['stop']}.",
        "",
        "| wave | design points | seeds | box left before | box left after | removed | design points fitting "
        "| smallest max implausibility of a design point |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for w in summary["waves"]:
        lines.append(
            f"| {w['wave']} | {w['design']} | {w['seeds']} | {w['share_before']:.3%} | {w['share_kept']:.3%} | "
            f"{w['removed']:.3%} | {w['design_non_implausible']} | {w['design_min_max_implausibility']:.2f} |"
        )
    lines += ["", "## Final set and default point", ""]
    lines.append(
        f"{summary['final_size']} points of the sample are non-implausible after the last wave: "
        "`conf/calibration/waves_set.csv` (its `default` column marks the default point: the point nearest the "
        "set's centre, in unit-cube distance, whose largest implausibility is below the cutoff)."
    )
    if summary["default"]:
        if final is None or final.empty:
            lines += ["", "| parameter | default point |", "|---|---|"]
            lines += [f"| `{k}` | {v:.4g} |" for k, v in summary["default"].items()]
        else:
            lines += [
                "",
                "How far the waves narrowed each parameter: the final set's 10–90% range and its whole extent "
                "(the prior box's range is in conf/calibration/default.yaml).",
                "",
                "| parameter | default point | final set 10–90% | final set min – max |",
                "|---|---|---|---|",
            ]
            for k, v in summary["default"].items():
                q10, q90 = final[k].quantile([0.1, 0.9])
                lines.append(
                    f"| `{k}` | {v:.4g} | {q10:.4g} – {q90:.4g} | {final[k].min():.4g} – {final[k].max():.4g} |"
                )
    lines.append("")
    return "\n".join(lines)


def publish(out: Path) -> None:
    """Write the finished folder's final set to conf/calibration/waves_set.csv and its waves to docs/."""
    summary = json.loads((out / "summary.json").read_text())
    if not summary["final_size"]:
        raise ValueError("the final set is empty: nothing published")
    final = pd.read_csv(out / "final" / "set.csv")
    final.to_csv(SET_FILE, index=False)
    DOC.write_text(report(summary, out, final))


def regenerate(argv: list[str]) -> list[str]:
    """The options that decide the results: ``argv`` without where and how it ran (--out, --jobs, --scheduler,
    --publish)."""
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a in ("--out", "--jobs", "--scheduler"):
            skip = True
        elif a != "--publish" and not a.startswith(("--out=", "--jobs=", "--scheduler=")):
            out.append(a)
    return out


def main(argv: list[str] | None = None) -> None:
    d = Settings()
    parser = argparse.ArgumentParser(
        prog="python -m experiments.waves", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--space", choices=("calibrated", "all"), default="calibrated", help="the prior box screened")
    parser.add_argument("--params", default=None, help="comma-separated keys: only these parameters of the space")
    parser.add_argument("--screen-size", type=int, default=d.screen_size, help="screening runs (0: keep every one)")
    parser.add_argument("--screen-threshold", type=float, default=d.screen_threshold, help="smallest index kept")
    parser.add_argument("--design", type=int, default=d.design, help="design points per wave")
    parser.add_argument("--seeds", type=int, default=d.seeds, help="seeds per design point")
    parser.add_argument("--max-waves", type=int, default=d.max_waves)
    parser.add_argument("--cutoff", type=float, default=d.cutoff, help="largest non-implausible implausibility")
    parser.add_argument("--discrepancy", type=float, default=d.discrepancy, help="model discrepancy sd / |figure|")
    parser.add_argument("--measure", default=d.measure, help="max or second: which implausibility is judged")
    parser.add_argument(
        "--seed-variance", default=d.seed_variance, help="whole (one county is one run) or mean (over the seeds)"
    )
    parser.add_argument("--volume", type=int, default=d.volume, help="uniform points judged to measure the space left")
    parser.add_argument("--min-shrink", type=float, default=d.min_shrink, help="stop when a wave removes less")
    parser.add_argument("--jobs", type=int, default=-1, help="parallel workers (-1: every core)")
    parser.add_argument("--scheduler", default=None, help="a Dask scheduler's address: run on its workers")
    parser.add_argument("--out", default=None, help="output folder (default outputs/waves/<date-time>); resumes")
    parser.add_argument("--publish", action="store_true", help="write conf/calibration/waves_set.csv and docs/")
    parser.add_argument("overrides", nargs="*", help="Hydra overrides applied to every run (e.g. region=small)")
    args = parser.parse_args(argv)
    s = Settings(
        seeds=args.seeds,
        design=args.design,
        max_waves=args.max_waves,
        cutoff=args.cutoff,
        discrepancy=args.discrepancy,
        measure=args.measure,
        seed_variance=args.seed_variance,
        volume=args.volume,
        min_shrink=args.min_shrink,
        screen_size=args.screen_size,
        screen_threshold=args.screen_threshold,
    )
    if args.jobs == 0:
        parser.error("--jobs=0 is not allowed: need -1 (every core) or a whole number >= 1")
    try:
        check(s, None)  # every option but the sizes, before the config is even composed
        ranges, observed, inputs = model_problem(args.space, args.overrides)
        if args.params:
            wanted = [k.strip() for k in args.params.split(",") if k.strip()]
            unknown = [k for k in wanted if k not in ranges]
            if unknown:
                parser.error(f"--params: {unknown[0]} is not a parameter of --space={args.space}")
            ranges = {k: ranges[k] for k in wanted}
        check(s, len(ranges))
    except ValueError as err:
        parser.error(str(err))
    stamp = datetime.datetime.now().strftime("%Y-%m-%d/%H-%M-%S")
    out = Path(args.out or ROOT / "outputs" / "waves" / stamp)
    t0 = time.time()
    try:
        summary = run_waves(
            ModelSimulator(args.overrides),
            ranges,
            observed,
            out,
            s,
            jobs=args.jobs,
            scheduler=args.scheduler,
            inputs=inputs,
            command=shlex.join(
                ["python", "-m", "experiments.waves", *regenerate(sys.argv[1:] if argv is None else argv)]
            ),
        )
    except ValueError as err:
        raise SystemExit(str(err)) from None
    print(f"{summary['final_size']} of {s.volume} points non-implausible; stopped: {summary['stop']}")
    print(f"default point: {summary['default']}")
    print(f"{(time.time() - t0) / 60:.1f} minutes")
    if args.publish:
        try:
            publish(out)
        except ValueError as err:
            raise SystemExit(str(err)) from None
        print(f"published {SET_FILE} and {DOC}")
    print(f"written {out}")


if __name__ == "__main__":
    main()
