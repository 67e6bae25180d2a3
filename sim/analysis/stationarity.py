"""Is the no-programme baseline stationary? Every yearly rate against its first five years.

The model's start is its own steady state (the spin-up), so without a programme its rates must
hold over twenty years: a rate that moves is a mechanism out of balance, not a finding. For each
rate in ``RATES``, averaged over seeds, this compares every later five-year window with the first
five years. A rate holds when it stays within ``tolerance`` (10%) of its first-five-year mean, or,
for counts, within ``count_floor`` in absolute terms (the rule of ``../shared/tools/drift.py``:
a count of 3 a year moving to 3.4 is noise, not drift), or, for shares and latent means, within
``rate_floor`` (one percentage point of a share; 0.01 on the latent quality scale, whose mean
is near zero so that a relative change means nothing). The standard error of each change over
seeds says how much of a move noise alone could make.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# (measure, group, kind): kind "count" may use the absolute floor, "rate" is judged relatively only
RATES: list[tuple[str, str, str]] = [
    ("vacancy_rate", "le110", "rate"),
    ("vacancy_rate", "111_210", "rate"),
    ("vacancy_rate", "gt210", "rate"),
    ("vacancies", "all", "count"),
    ("applicants_per_advert", "le110", "rate"),
    ("applicants_per_advert", "111_210", "rate"),
    ("applicants_per_advert", "gt210", "rate"),
    ("unfilled_vacancies", "all", "count"),
    ("candidate_pool", "all", "count"),
    ("heads_in_post", "all", "count"),
    ("heads_seeking", "all", "count"),
    ("schools_led_by_executive", "all", "count"),
    ("schools_led_by_executive", "le110", "count"),
    ("executive_heads", "all", "count"),
    ("federations", "all", "count"),
    ("partnerships", "all", "count"),
    ("schools_in_active_partnership", "le110", "count"),
    ("exits.retirement", "all", "count"),
    ("exits.moved", "all", "count"),
    ("exits.moved_away", "all", "count"),
    ("exits.left", "all", "count"),
    ("mean_tenure_years", "all", "rate"),
    ("mean_head_age", "all", "rate"),
    ("gap_terms", "all", "count"),
    ("grade_share.1", "all", "rate"),
    ("grade_share.2", "all", "rate"),
    ("grade_share.3", "all", "rate"),
    ("grade_share.2", "le110", "rate"),
    ("grade_share.3", "le110", "rate"),
    ("below_floor", "all", "count"),
    ("quality", "all", "rate"),
    ("ks2_l4_rate", "all", "rate"),
    ("reserves", "all", "rate"),
]


@dataclass(frozen=True)
class Rule:
    window: int = 5
    tolerance: float = 0.10
    count_floor: float = 1.0
    rate_floor: float = 0.01
    noise_se: float = 0.0  # also accept a change within this many standard errors (small test regions)


def yearly(measures: pd.DataFrame) -> pd.DataFrame:
    """Whole-year rows as seed x year tables, one per (measure, group)."""
    return measures[measures.term == -1]


def stationarity(measures: pd.DataFrame, rule: Rule = Rule()) -> pd.DataFrame:
    """One row per rate: first-window mean, every later window's relative change, the largest, and a verdict."""
    y = yearly(measures)
    years = sorted(y.year.unique())
    starts = years[:: rule.window]
    windows = [tuple(years[i : i + rule.window]) for i in range(0, len(years), rule.window)]
    windows = [w for w in windows if len(w) == rule.window]
    if len(windows) < 2:
        raise ValueError(f"need at least {2 * rule.window} years of results, got {len(years)}")
    rows = []
    for measure, group, kind in RATES:
        d = y[(y.measure == measure) & (y.group == group)]
        if d.empty:
            continue
        table = d.pivot_table(index="seed", columns="year", values="value", aggfunc="sum").reindex(columns=years)
        table = table.fillna(0.0)
        per_window = np.column_stack([table[list(w)].mean(axis=1).to_numpy() for w in windows])
        first = per_window[:, 0]
        base = first.mean()
        row = {"measure": measure, "group": group, "kind": kind, "first": base, "seeds": len(table)}
        worst, worst_abs, worst_se = 0.0, 0.0, 0.0
        for j, w in enumerate(windows[1:], start=1):
            diff = per_window[:, j] - first
            change = diff.mean()
            rel = change / abs(base) if base else (0.0 if change == 0 else np.inf)
            row[f"{w[0]}-{w[-1]}"] = rel
            if abs(rel) >= abs(worst):
                worst, worst_abs = rel, change
                worst_se = diff.std(ddof=1) / np.sqrt(len(diff)) if len(diff) > 1 else np.nan
        row["largest_change"] = worst
        row["largest_change_abs"] = worst_abs
        row["se_abs"] = worst_se
        row["holds"] = bool(
            abs(worst) <= rule.tolerance
            or (kind == "count" and abs(worst_abs) <= rule.count_floor)
            or (kind == "rate" and abs(worst_abs) <= rule.rate_floor)
            or (rule.noise_se > 0 and abs(worst_abs) <= rule.noise_se * worst_se)
        )
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs["windows"] = [f"{w[0]}-{w[-1]}" for w in windows]
    out.attrs["starts"] = starts
    return out


def summary(table: pd.DataFrame) -> str:
    """One line: how many rates hold, and which do not."""
    bad = table[~table.holds]
    text = f"{int(table.holds.sum())} of {len(table)} rates hold within the rule"
    if len(bad):
        text += "; not: " + ", ".join(f"{r.measure}|{r.group} ({r.largest_change:+.0%})" for r in bad.itertuples())
    return text
