"""The one statistic: median paired difference, its 10-90% interval, share of draws where its sign holds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.analysis.robustness import (
    draw_means,
    format_number,
    paired_differences,
    robustness_table,
    sentence,
    share_sign_holds,
)


def pairs(differences: dict[int, list[float]], measure="gap_terms", scenario="x", baseline="y", county=0):
    """A paired-difference table: draw -> differences for seeds 0, 1, ..."""
    rows = [
        {
            "measure": measure,
            "scenario": scenario,
            "baseline": baseline,
            "draw": d,
            "seed": s,
            "county": county,
            "difference": v,
        }
        for d, values in differences.items()
        for s, v in enumerate(values)
    ]
    return pd.DataFrame(rows)


def test_hand_made_table_gives_the_defined_numbers():
    # draw means: -3, -1, 4; all runs: -4 -3 -2 1 3 5 -> median -0.5
    row = robustness_table(pairs({0: [-2, -4], 1: [1, -3], 2: [5, 3]})).iloc[0]
    assert row["median"] == -0.5
    assert row["low"] == pytest.approx(np.quantile([-4, -3, -2, 1, 3, 5], 0.1)) == pytest.approx(-3.5)
    assert row["high"] == pytest.approx(4.0)
    assert row["n_runs"] == 6 and row["n_draws"] == 3 and row["n_missing"] == 0
    assert row["sign"] == -1
    assert row["share_sign_holds"] == pytest.approx(2 / 3)
    assert row["label"] == "uncertain"


def test_sign_share_uses_draw_means_not_single_runs():
    # every draw has one positive and one more negative run: each draw's mean is negative
    table = pairs({d: [1.0, -3.0] for d in range(5)})
    row = robustness_table(table).iloc[0]
    assert row["median"] == -1.0
    assert row["share_sign_holds"] == 1.0
    assert row["label"] == "robust"


def test_counties_are_averaged_with_seeds_within_a_draw():
    table = pd.concat([pairs({0: [-1.0], 1: [-1.0]}, county=0), pairs({0: [3.0], 1: [-1.0]}, county=1)])
    means = draw_means(table).set_index("draw")["difference"]
    assert means.to_dict() == {0: 1.0, 1: -1.0}
    row = robustness_table(table).iloc[0]
    assert row["median"] == -1.0 and row["share_sign_holds"] == 0.5


def test_robust_at_exactly_ninety_percent_of_draws():
    table = pairs({d: [-1.0 if d < 9 else 2.0] for d in range(10)})
    row = robustness_table(table).iloc[0]
    assert row["share_sign_holds"] == pytest.approx(0.9)
    assert row["label"] == "robust"
    table = pairs({d: [-1.0 if d < 8 else 2.0] for d in range(10)})
    assert robustness_table(table).iloc[0]["label"] == "uncertain"


def test_a_zero_draw_mean_does_not_hold_a_nonzero_sign():
    assert share_sign_holds(np.array([-1.0, 0.0, -2.0, 0.0]), -1.0) == 0.5


def test_zero_median_reports_share_of_draws_with_no_difference():
    table = pairs({0: [0.0], 1: [0.0], 2: [0.0], 3: [0.5], 4: [-3.0]})
    row = robustness_table(table).iloc[0]
    assert row["median"] == 0 and row["sign"] == 0
    assert row["share_sign_holds"] == pytest.approx(3 / 5)
    row = robustness_table(table, zero_tol={"gap_terms": 1.0}).iloc[0]
    assert row["share_sign_holds"] == pytest.approx(4 / 5)
    assert row["favours"] == "unknown"
    assert robustness_table(table, better={"gap_terms": "lower"}).iloc[0]["favours"] == "neither"


def test_identical_scenarios_are_robustly_no_different():
    row = robustness_table(pairs({d: [0.0, 0.0] for d in range(4)})).iloc[0]
    assert row["share_sign_holds"] == 1.0 and row["label"] == "robust"
    assert sentence(row).startswith("no difference in gap terms between x and y: median 0")


def test_nan_differences_are_left_out_and_counted():
    table = pairs({0: [-2.0, np.nan], 1: [np.nan, np.nan], 2: [-1.0, -3.0], 3: [1.0, np.nan]})
    row = robustness_table(table).iloc[0]
    assert row["n_runs"] == 4 and row["n_missing"] == 4
    assert row["n_draws"] == 3  # draw 1 has no completed pair
    assert row["median"] == -1.5
    assert row["share_sign_holds"] == pytest.approx(2 / 3)


def test_all_missing_is_no_data_not_a_crash():
    row = robustness_table(pairs({0: [np.nan], 1: [np.nan]})).iloc[0]
    assert row["label"] == "no data" and np.isnan(row["median"]) and np.isnan(row["share_sign_holds"])
    assert "no completed run pairs" in sentence(row)


def test_a_single_draw_is_never_robust_by_default():
    table = pairs({0: [-5.0, -4.0, -6.0]})
    row = robustness_table(table).iloc[0]
    assert row["n_draws"] == 1 and row["share_sign_holds"] == 1.0
    assert row["label"] == "uncertain"
    assert robustness_table(table, min_draws=1).iloc[0]["label"] == "robust"
    assert "100% of 1 draws" in sentence(row)


def test_one_row_per_measure_scenario_and_baseline_with_direction():
    table = pd.concat(
        [
            pairs({d: [-10.0] for d in range(3)}, measure="gap_terms"),
            pairs({d: [0.2] for d in range(3)}, measure="quality"),
            pairs({d: [5.0] for d in range(3)}, measure="public_cost"),
            pairs({d: [-10.0] for d in range(3)}, measure="gap_terms", scenario="z"),
        ]
    )
    better = {"gap_terms": "lower", "quality": "higher", "public_cost": "lower"}
    out = robustness_table(table, better=better).set_index(["measure", "scenario"])
    assert len(out) == 4
    assert out.loc[("gap_terms", "x"), "favours"] == "scenario"
    assert out.loc[("quality", "x"), "favours"] == "scenario"
    assert out.loc[("public_cost", "x"), "favours"] == "baseline"
    with pytest.raises(ValueError, match="better must be"):
        robustness_table(table, better={"gap_terms": "smaller"})


def test_extra_keys_such_as_horizon_are_kept_apart():
    table = pd.concat(
        [pairs({0: [-1.0], 1: [-1.0]}).assign(horizon=10), pairs({0: [2.0], 1: [2.0]}).assign(horizon=20)]
    )
    out = robustness_table(table, keys=("measure", "scenario", "baseline", "horizon"))
    assert out.set_index("horizon")["median"].to_dict() == {10: -1.0, 20: 2.0}


def test_sentence_reads_plainly():
    row = {
        "measure": "gap_terms",
        "scenario": "X",
        "baseline": "Y",
        "median": -120.0,
        "low": -180.0,
        "high": -60.0,
        "n_draws": 40,
        "share_sign_holds": 0.97,
        "label": "robust",
        "favours": "scenario",
    }
    text = sentence(row, labels={"gap_terms": "headship-gap terms"})
    assert text == (
        "fewer headship-gap terms in X than in Y (better): median -120 (10–90%: -180 to -60), "
        "sign holds in 97% of draws: robust"
    )
    up = sentence(
        {**row, "measure": "quality", "median": 0.05, "low": 0.01, "high": 0.09, "favours": "scenario"},
        words=("higher", "lower"),
    )
    assert up.startswith("higher quality in X than in Y (better): median 0.05 (10–90%: 0.01 to 0.09)")


def test_format_number():
    assert format_number(-254000.4) == "-254,000"
    assert format_number(0.123456) == "0.123"
    assert format_number(float("nan")) == "n/a"


def test_paired_differences_pairs_by_draw_seed_and_county():
    rows = []
    for scenario, shift in (("base", 0.0), ("a", -2.0), ("b", 1.0)):
        for draw in range(2):
            for seed in range(2):
                rows.append(
                    {
                        "scenario": scenario,
                        "measure": "gap_terms",
                        "draw": draw,
                        "seed": seed,
                        "county": 0,
                        "value": 10 * draw + seed + shift,
                    }
                )
    runs = pd.DataFrame(rows[:-1])  # b's last run is missing: its pair is dropped
    paired = paired_differences(runs, baseline="base")
    assert list(paired.columns) == ["measure", "scenario", "baseline", "draw", "seed", "county", "difference"]
    assert (paired.loc[paired["scenario"] == "a", "difference"] == -2.0).all()
    assert (paired.loc[paired["scenario"] == "b", "difference"] == 1.0).all()
    assert len(paired) == 7
    with pytest.raises(ValueError, match="no runs"):
        paired_differences(runs, baseline="nope")
