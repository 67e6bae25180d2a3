"""Which assumptions decide an answer: global sensitivity of the *difference* between two scenarios.

A comparison runs every scenario on the same parameter draws (and seeds and counties), so each
draw has one paired difference per headline measure (its mean over seeds and counties). Which
uncertain parameters move that difference most? SALib's moment-independent delta measure
(Borgonovo; ``SALib.analyze.delta``) works on any sample of the inputs, so it reads the
comparison's own draws: no extra runs. For each (measure, scenario, baseline) and each
parameter it gives ``delta`` (the expected shift of the difference's whole distribution when the
parameter is known, 0 to 1), its bootstrap confidence interval, and ``S1`` (the share of the
difference's variance the parameter explains alone). Ranked by delta, the top of the list is
what an authority should measure to narrow the answer (DESIGN question 7).

With few draws and a hundred parameters every delta is inflated by chance (each is estimated from
a handful of draws per conditional class). So each analysis also scores as many dummy parameters
as real ones: columns of random numbers that cannot affect anything (the dummy-parameter
criterion of screening methods, with as many chances to score high as the parameters have). The
top of the dummies' delta intervals is the comparison's ``noise``; a parameter is reported as
deciding an answer only when its whole interval lies above that. Measured on planted problems of
the main job's size (30 draws, 113 parameters): 1 of 15 pure-noise comparisons flagged a
parameter, and a driver explaining 95% of a difference was flagged in 1 of 4. Comparing with the
dummies' highest delta instead (not the top of their intervals) flagged noise in 8 of 30. With a
few dozen draws the list is conservative, and the report says when nothing clears the floor.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

KEYS = ("measure", "scenario", "baseline")
MIN_DRAWS = 8  # below this many draws no index is computed at all


def difference_sensitivity(
    draws: pd.DataFrame,
    draw_differences: pd.DataFrame,
    bounds: dict[str, tuple[float, float]],
    *,
    seed: int = 0,
    resamples: int = 100,
    keys: Sequence[str] = KEYS,
    dummies: int | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """One row per (measure, scenario, baseline, parameter): delta, its interval, S1, rank, and the
    comparison's ``noise`` (the top of the delta intervals of ``dummies`` random columns; default as many
    as parameters).

    ``draws`` has a ``draw`` column and one column per parameter; ``draw_differences`` has the
    ``keys``, ``draw`` and ``difference`` (each draw's mean paired difference). Comparisons are
    analysed on ``n_jobs`` processes (the same numbers on any number).
    """
    names = [k for k in bounds if k in draws.columns and draws[k].nunique() > 1]
    empty = pd.DataFrame(columns=[*keys, "parameter", "delta", "delta_low", "delta_high", "S1", "rank", "noise"])
    if not names:
        return empty
    dummies = len(names) if dummies is None else dummies
    noise_cols = [f"dummy_{i}" for i in range(dummies)]
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7]))
    noise_frame = pd.DataFrame(rng.uniform(0, 1, (len(draws), dummies)), columns=noise_cols, index=draws.index)
    draws = pd.concat([draws, noise_frame], axis=1)
    tasks = []
    for group, d in draw_differences.groupby(list(keys), sort=True):
        merged = d.merge(draws, on="draw", how="inner").dropna(subset=["difference"])
        if len(merged) < MIN_DRAWS or merged["difference"].nunique() < 2:
            continue
        tasks.append((group, merged[[*names, *noise_cols]].to_numpy(dtype=float), merged["difference"].to_numpy(float)))
    if not tasks:
        return empty
    bounds_all = [list(bounds[n]) for n in names] + [[0.0, 1.0]] * dummies
    problem = {"num_vars": len(names) + dummies, "names": [*names, *noise_cols], "bounds": bounds_all}
    if n_jobs == 1 or len(tasks) == 1:
        results = [_delta(problem, X, Y, resamples, seed) for _, X, Y in tasks]
    else:
        from joblib import Parallel, delayed

        results = Parallel(n_jobs=n_jobs)(delayed(_delta)(problem, X, Y, resamples, seed) for _, X, Y in tasks)
    rows = []
    for (group, X, _), (delta, conf, s1) in zip(tasks, results):
        noise = float(np.max(delta[len(names) :] + conf[len(names) :])) if dummies else 0.0
        delta, conf, s1 = delta[: len(names)], conf[: len(names)], s1[: len(names)]
        order = np.argsort(-delta)
        rank = np.empty(len(names), dtype=int)
        rank[order] = np.arange(1, len(names) + 1)
        for i, name in enumerate(names):
            rows.append(
                {
                    **dict(zip(keys, group)),
                    "parameter": name,
                    "delta": delta[i],
                    "delta_low": max(0.0, delta[i] - conf[i]),
                    "delta_high": delta[i] + conf[i],
                    "S1": s1[i],
                    "rank": int(rank[i]),
                    "noise": noise,
                    "draws": len(X),
                }
            )
    out = pd.DataFrame(rows)
    return out.sort_values([*keys, "rank"]).reset_index(drop=True)


def _delta(problem: dict, X: np.ndarray, Y: np.ndarray, resamples: int, seed: int):
    """SALib's delta (raw, with its bootstrap interval half-width) and S1 for every column of ``X``."""
    from SALib.analyze import delta as salib_delta

    with (
        warnings.catch_warnings(),
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        warnings.simplefilter("ignore")
        # SALib seeds numpy's global generator only for a truthy seed: 0 would leave it unseeded
        res = salib_delta.analyze(
            problem, X, Y, num_resamples=resamples, seed=seed + 1, print_to_console=False, method="all"
        )
    return (
        np.asarray(res["delta_raw"], dtype=float),
        np.asarray(res["delta_raw_conf"], dtype=float),
        np.asarray(res["S1"], dtype=float),
    )


def what_to_measure(table: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """For each comparison, the parameters that decide it: delta's whole interval above every
    dummy (random) column's interval."""
    if table.empty:
        return table
    keys = [k for k in KEYS if k in table.columns]
    deciding = table[table["delta_low"] > table["noise"]]
    return deciding.groupby(keys, sort=True).head(top).reset_index(drop=True)
