"""Each lever charged for its own effect: a lever's costs against that lever's effect, never another's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.analysis.decomposition import all_subsets, lever_parts, subset_label
from sim.analysis.report import ALL_LEVERS, CE_COLUMNS, NOTHING_MEASURABLE, cost_effectiveness, lever_costs

GAP, PARTNERS, PUBLIC, SCHOOL = (
    "gap_terms|le110",
    "schools_in_active_partnership|le110",
    "public_cost|all",
    "school_cost|all",
)
N_DRAWS, N_SEEDS = 6, 2


def lever_effect(lever: str, measure: str, draw: int, seed: int) -> float:
    """Lever a averts 10 to 12.5 gap terms and costs £100; lever b averts nothing (±0.5 by draw) and costs £10,500."""
    if lever == "a":
        return {GAP: -10.0 - 0.5 * draw, PUBLIC: 100.0}.get(measure, 0.0)
    return {GAP: 0.5 if draw % 2 else -0.5, PUBLIC: 10_000.0, SCHOOL: 500.0}.get(measure, 0.0)


def synthetic(levers=("a", "b"), effect=lever_effect) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Runs of scenario ``s`` with every subset of its levers on (additive effects), its run pairs
    against the baseline (all levers against none) and the robustness medians of those pairs."""
    rows, pairs = [], []
    for measure in (GAP, PARTNERS, PUBLIC, SCHOOL):
        for draw in range(N_DRAWS):
            for seed in range(N_SEEDS):
                base = 50.0 + draw + seed
                for subset in all_subsets(list(levers)):
                    value = base + sum(effect(i, measure, draw, seed) for i in subset)
                    rows.append(
                        {"scenario": "s", "measure": measure, "levers": subset_label(subset), "draw": draw,
                         "seed": seed, "county": 0, "value": value}
                    )  # fmt: skip
                whole = sum(effect(i, measure, draw, seed) for i in levers)
                pairs.append(
                    {"measure": measure, "scenario": "s", "baseline": "none", "draw": draw, "county": 0, "seed": seed,
                     "difference": whole}
                )  # fmt: skip
    pairs = pd.DataFrame(pairs)
    robust = pairs.groupby(["measure", "scenario"], as_index=False).difference.median()
    robust = robust.rename(columns={"difference": "median"})
    return pd.DataFrame(rows), pairs, robust


def table(levers=("a", "b"), effect=lever_effect) -> pd.DataFrame:
    runs, pairs, robust = synthetic(levers, effect)
    parts = lever_parts(runs, {"s": list(levers)})
    return cost_effectiveness(robust, "none", 100, pairs=pairs, consultant_per_term=12_000.0, parts=parts)


def test_each_lever_is_charged_its_own_cost_against_its_own_effect():
    ce = table()
    assert list(ce.columns) == CE_COLUMNS and "lever" in ce.columns
    assert list(ce.lever) == [ALL_LEVERS, "a", "b"]
    rows = ce.set_index("lever")
    a, b, whole = rows.loc["a"], rows.loc["b"], rows.loc[ALL_LEVERS]
    averted_a = np.mean([10.0 + 0.5 * d for d in range(N_DRAWS)])
    assert a.small_school_gap_terms_averted == pytest.approx(averted_a)
    assert a.extra_public_cost == pytest.approx(100.0) and a.extra_school_cost == pytest.approx(0.0)
    # a's effect at a's cost, not at b's
    assert a.public_cost_per_gap_term_averted == pytest.approx(100.0 / averted_a)
    assert a.full_cost_per_gap_term_averted == pytest.approx(100.0 / averted_a)
    per_draw = [100.0 / (10.0 + 0.5 * d) for d in range(N_DRAWS)]
    assert a.public_cost_per_gap_term_averted_p10 == pytest.approx(np.quantile(per_draw, 0.1))
    assert a.public_cost_per_gap_term_averted_p90 == pytest.approx(np.quantile(per_draw, 0.9))
    assert a.n_draws == N_DRAWS and a.n_runs == N_DRAWS * N_SEEDS
    # b's cost against b's own (zero) effect: no number, and the note says so
    assert b.extra_public_cost == pytest.approx(10_000.0) and b.extra_full_cost == pytest.approx(10_500.0)
    assert b.small_school_gap_terms_averted == pytest.approx(0.0)
    assert b.small_school_gap_terms_averted_p10 < 0 < b.small_school_gap_terms_averted_p90
    for column in [c for c in CE_COLUMNS if "_cost_per_" in c]:
        assert np.isnan(b[column]), column
    assert f"small-school gap terms: {NOTHING_MEASURABLE}" in b.note
    # neither lever adds schools to partnerships: no price per school for either
    assert np.isnan(a.public_cost_per_extra_school_in_partnership)
    assert f"small schools in an active partnership: {NOTHING_MEASURABLE}" in a.note
    # the scenario's own row keeps its medians, and its levers' parts add up beside them
    whole_averted = -np.median([-10.0 - 0.5 * d + (0.5 if d % 2 else -0.5) for d in range(N_DRAWS)])
    assert whole.small_school_gap_terms_averted == pytest.approx(whole_averted)
    assert whole.extra_public_cost == pytest.approx(10_100.0)
    assert whole.public_cost_per_gap_term_averted == pytest.approx(10_100.0 / whole_averted)
    assert whole.levers_sum_small_school_gap_terms_averted == pytest.approx(
        a.small_school_gap_terms_averted + b.small_school_gap_terms_averted
    )
    assert whole.levers_sum_extra_public_cost == pytest.approx(10_100.0)
    assert whole.levers_sum_extra_full_cost == pytest.approx(10_600.0)
    assert whole.consultant_head_per_term == a.consultant_head_per_term == 12_000.0


def test_a_lever_that_saves_money_or_does_harm_gets_no_price():
    def effect(lever: str, measure: str, draw: int, seed: int) -> float:
        if lever == "a":  # averts gaps and saves public money
            return {GAP: -8.0 - draw, PUBLIC: -1_000.0, SCHOOL: 1_300.0}.get(measure, 0.0)
        return {GAP: 3.0 + draw, PUBLIC: 2_000.0}.get(measure, 0.0)  # costs money and adds gaps

    rows = table(effect=effect).set_index("lever")
    a, b = rows.loc["a"], rows.loc["b"]
    assert np.isnan(a.public_cost_per_gap_term_averted)
    assert a.full_cost_per_gap_term_averted == pytest.approx(300.0 / a.small_school_gap_terms_averted)
    assert "saving public money" in a.note
    assert np.isnan(b.public_cost_per_gap_term_averted) and "measurably worse" in b.note


def test_an_effect_below_the_tolerance_is_not_priced_even_with_a_narrow_band():
    def effect(lever: str, measure: str, draw: int, seed: int) -> float:
        return {GAP: -0.4, PUBLIC: 50.0}.get(measure, 0.0)  # the same tiny effect in every draw

    ce = table(levers=("a",), effect=effect)
    lever = ce[ce.lever == "a"].iloc[0]
    assert lever.small_school_gap_terms_averted_p10 == pytest.approx(0.4)
    assert np.isnan(lever.public_cost_per_gap_term_averted) and "less than the tolerance" in lever.note


def test_without_a_lever_split_the_scenario_row_stands_alone():
    _, pairs, robust = synthetic()
    ce = cost_effectiveness(robust, "none", 100, pairs=pairs)
    assert list(ce.lever) == [ALL_LEVERS] and np.isnan(ce.levers_sum_extra_public_cost.iloc[0])
    assert lever_costs(None, 100).columns.tolist() == CE_COLUMNS
