"""One statistic for every comparison, and whether it survives parameter uncertainty.

Every headline answer compares a scenario with a baseline run by run: the same parameter draw,
seed and synthetic county under both (common random numbers), so ``difference`` is scenario
minus baseline for one run pair. For each (measure, scenario, baseline) this module reports

- ``median``: the median paired difference over all run pairs (all draws, seeds and counties);
- ``low``/``high``: its 10-90% interval over the same run pairs (all uncertainty at once);
- ``share_sign_holds``: average the differences over seeds and counties within each parameter
  draw, then the share of draws whose average has the sign of the overall median (strictly:
  a zero draw average does not hold a nonzero sign). When the median is exactly zero the
  statement is "no difference", and the share is that of draws whose average is within
  ``zero_tol`` of zero;
- ``label``: "robust" when the share is at least 0.9 over at least ``min_draws`` draws, else
  "uncertain" ("no data" when no pair has a difference).

The report, the CSVs, the figures and the dashboard should all read these numbers, never a
difference of medians or a mean beside them. docs/uncertainty.md states the same.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

KEYS = ("measure", "scenario", "baseline")
RUN = ("draw", "seed", "county")
QUANTILES = (0.1, 0.9)
ROBUST_SHARE = 0.9
MIN_DRAWS = 2

BETTER = ("lower", "higher")


def paired_differences(
    runs: pd.DataFrame, baseline: str, value: str = "value", extra_keys: Sequence[str] = ()
) -> pd.DataFrame:
    """Scenario minus baseline for every run pair (same measure, draw, seed, county, extra keys).

    ``runs`` has one row per (scenario, measure, draw, seed, county[, extra keys]) with a ``value``.
    Runs without a partner in the other scenario are left out: a pair needs both halves.
    """
    if baseline not in set(runs["scenario"]):
        raise ValueError(f"baseline scenario {baseline!r} has no runs")
    on = ["measure", *RUN, *extra_keys]
    base = runs.loc[runs["scenario"] == baseline, [*on, value]].rename(columns={value: "_base"})
    other = runs.loc[runs["scenario"] != baseline, ["scenario", *on, value]]
    pairs = other.merge(base, on=on, how="inner", validate="many_to_one")
    pairs["difference"] = pairs[value] - pairs["_base"]
    pairs.insert(1, "baseline", baseline)
    return pairs[["measure", "scenario", "baseline", *RUN, *extra_keys, "difference"]].reset_index(drop=True)


def draw_means(paired: pd.DataFrame, keys: Sequence[str] = KEYS) -> pd.DataFrame:
    """Each parameter draw's mean paired difference over its seeds and counties (NaN pairs left out)."""
    valid = paired.dropna(subset=["difference"])
    return valid.groupby([*keys, "draw"], sort=True, observed=True)["difference"].mean().reset_index()


def _sign(x: float) -> int:
    return 0 if x == 0 or np.isnan(x) else int(np.sign(x))


def share_sign_holds(draw_avg: np.ndarray, median: float, zero_tol: float = 0.0) -> float:
    """Share of draws whose average has the sign of ``median`` (or lies within ``zero_tol`` if it is 0)."""
    draw_avg = np.asarray(draw_avg, dtype=float)
    draw_avg = draw_avg[~np.isnan(draw_avg)]
    if draw_avg.size == 0 or np.isnan(median):
        return float("nan")
    sign = _sign(median)
    if sign == 0:
        return float(np.mean(np.abs(draw_avg) <= zero_tol))
    return float(np.mean(np.sign(draw_avg) == sign))


def favours(median: float, better: str | None) -> str:
    """Which side of the pair the median favours, given whether lower or higher is better."""
    sign = _sign(median)
    if better is None or np.isnan(median):
        return "unknown"
    if better not in BETTER:
        raise ValueError(f"better must be one of {BETTER}, not {better!r}")
    if sign == 0:
        return "neither"
    return "scenario" if (sign < 0) == (better == "lower") else "baseline"


def _tolerance(zero_tol: float | Mapping[str, float], measure: str) -> float:
    return float(zero_tol.get(measure, 0.0)) if isinstance(zero_tol, Mapping) else float(zero_tol)


def robustness_table(
    paired: pd.DataFrame,
    better: Mapping[str, str] | None = None,
    keys: Sequence[str] = KEYS,
    zero_tol: float | Mapping[str, float] = 0.0,
    min_draws: int = MIN_DRAWS,
) -> pd.DataFrame:
    """One row per (measure, scenario, baseline): median, 10-90% interval, share of draws, label.

    ``paired`` is the tidy table of paired differences (see module docstring); ``better`` maps a
    measure to "lower" or "higher" (measures not in it get "unknown" in ``favours``). NaN
    differences (failed or missing runs) are left out and counted in ``n_missing``.
    """
    better = better or {}
    means = draw_means(paired, keys)
    by_draw = {k: g["difference"].to_numpy() for k, g in means.groupby(list(keys), sort=True, observed=True)}
    rows = []
    for key, group in paired.groupby(list(keys), sort=True, observed=True):
        values = group["difference"].dropna().to_numpy(dtype=float)
        measure = dict(zip(keys, key))["measure"]
        avg = by_draw.get(key, np.array([]))
        median = float(np.median(values)) if values.size else float("nan")
        low, high = np.quantile(values, QUANTILES) if values.size else (np.nan, np.nan)
        share = share_sign_holds(avg, median, _tolerance(zero_tol, measure))
        if values.size == 0:
            label = "no data"
        elif avg.size >= min_draws and share >= ROBUST_SHARE:
            label = "robust"
        else:
            label = "uncertain"
        rows.append(
            {
                **dict(zip(keys, key)),
                "median": median,
                "low": float(low),
                "high": float(high),
                "n_runs": int(values.size),
                "n_missing": int(group["difference"].isna().sum()),
                "n_draws": int(avg.size),
                "sign": _sign(median),
                "share_sign_holds": share,
                "label": label,
                "better": better.get(measure, "unknown"),
                "favours": favours(median, better.get(measure)),
            }
        )
    columns = [*keys, "median", "low", "high", "n_runs", "n_missing", "n_draws", "sign", "share_sign_holds"]
    return pd.DataFrame(rows, columns=[*columns, "label", "better", "favours"])


def format_number(x: float) -> str:
    """Plain number for sentences: thousands separated, three significant figures below 100."""
    if np.isnan(x):
        return "n/a"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if x == 0:
        return "0"
    return f"{x:.3g}"


def sentence(
    row: Mapping,
    labels: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    words: tuple[str, str] = ("more", "fewer"),
    fmt: Callable[[float], str] = format_number,
) -> str:
    """One robustness row as a plain-English statement.

    ``labels`` maps a measure to its plain name ("headship-gap terms"), ``names`` a scenario id to
    its plain name, ``words`` gives the comparatives for a positive and a negative difference
    (("higher", "lower") suits quality or cost). Example: "fewer headship-gap terms in X than in Y
    (better): median -120 (10–90%: -180 to -60), sign holds in 97% of draws: robust".
    """
    labels, names = labels or {}, names or {}
    what = labels.get(row["measure"], str(row["measure"]).replace("_", " "))
    scenario = names.get(row["scenario"], row["scenario"])
    baseline = names.get(row["baseline"], row["baseline"])
    if row["label"] == "no data":
        return f"{what}, {scenario} against {baseline}: no completed run pairs"
    sign = _sign(row["median"])
    if sign == 0:
        head = f"no difference in {what} between {scenario} and {baseline}"
        holds = "no difference"
    else:
        head = f"{words[0] if sign > 0 else words[1]} {what} in {scenario} than in {baseline}"
        holds = "sign holds"
        verdict = {"scenario": " (better)", "baseline": " (worse)"}.get(row.get("favours", "unknown"), "")
        head += verdict
    share = row["share_sign_holds"]
    draws = int(row["n_draws"])
    of = f"{share:.0%} of {draws} draws" if draws < 10 else f"{share:.0%} of draws"
    interval = f"(10–90%: {fmt(row['low'])} to {fmt(row['high'])})"
    return f"{head}: median {fmt(row['median'])} {interval}, {holds} in {of}: {row['label']}"
