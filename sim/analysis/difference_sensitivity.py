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

With few draws the ranking is rough: the confidence intervals say how rough, and a parameter
whose interval reaches zero is not reported as deciding anything.
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
) -> pd.DataFrame:
    """One row per (measure, scenario, baseline, parameter): delta, its interval, S1, rank.

    ``draws`` has a ``draw`` column and one column per parameter; ``draw_differences`` has the
    ``keys``, ``draw`` and ``difference`` (each draw's mean paired difference).
    """
    names = [k for k in bounds if k in draws.columns and draws[k].nunique() > 1]
    rows = []
    if not names:
        return pd.DataFrame(columns=[*keys, "parameter", "delta", "delta_low", "delta_high", "S1", "rank"])
    from SALib.analyze import delta as salib_delta

    for group, d in draw_differences.groupby(list(keys), sort=True):
        merged = d.merge(draws, on="draw", how="inner").dropna(subset=["difference"])
        if len(merged) < MIN_DRAWS or merged["difference"].nunique() < 2:
            continue
        problem = {"num_vars": len(names), "names": names, "bounds": [list(bounds[n]) for n in names]}
        X = merged[names].to_numpy(dtype=float)
        Y = merged["difference"].to_numpy(dtype=float)
        with (
            warnings.catch_warnings(),
            contextlib.redirect_stdout(io.StringIO()),
            contextlib.redirect_stderr(io.StringIO()),
        ):
            warnings.simplefilter("ignore")
            res = salib_delta.analyze(
                problem, X, Y, num_resamples=resamples, seed=seed, print_to_console=False, method="all"
            )
        delta = np.asarray(res["delta_raw"], dtype=float)
        conf = np.asarray(res["delta_raw_conf"], dtype=float)
        s1 = np.asarray(res["S1"], dtype=float)
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
                    "draws": len(merged),
                }
            )
    out = pd.DataFrame(rows)
    return out.sort_values([*keys, "rank"]).reset_index(drop=True) if len(out) else out


def what_to_measure(table: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """For each comparison, the parameters that decide it (delta's interval clear of the rest's noise)."""
    if table.empty:
        return table
    keys = [k for k in KEYS if k in table.columns]
    noise = table.groupby(keys)["delta"].transform("median")  # what an irrelevant parameter scores with these draws
    deciding = table[table["delta_low"] > noise]
    return deciding.groupby(keys, sort=True).head(top).reset_index(drop=True)
