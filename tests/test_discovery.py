"""Scenario discovery with PRIM: a planted box is found; degenerate outcomes give a sentence, not a crash."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from sim.analysis.discovery import (
    Box,
    boxes_table,
    condition,
    discovery_markdown,
    find_boxes,
    no_longer_beats,
    reading,
)

OUTCOME = "the one-off scheme no longer beats recurring money"


def planted(seed: int = 0, n: int = 400, noise: float = 0.03):
    """Four uniform inputs; of interest when x1 > 0.7 and x2 < 0.3, with a share of labels flipped."""
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.uniform(size=(n, 4)), columns=["x1", "x2", "x3", "x4"])
    y = ((x["x1"] > 0.7) & (x["x2"] < 0.3)).to_numpy()
    return x, np.where(rng.uniform(size=n) < noise, ~y, y)


@pytest.fixture(scope="module")
def found():
    x, y = planted()
    return find_boxes(x, y)


@pytest.mark.slow
def test_prim_recovers_the_planted_box(found):
    assert found.note is None and found.n_draws == 400
    box = found.boxes[0]
    limits = box.limits.set_index("parameter")
    assert set(limits.index) == {"x1", "x2"}  # the inert inputs are not restricted
    assert limits.loc["x1", "lower"] == pytest.approx(0.7, abs=0.05)
    assert limits.loc["x1", "upper"] == limits.loc["x1", "full_upper"]
    assert limits.loc["x2", "upper"] == pytest.approx(0.3, abs=0.05)
    assert limits.loc["x2", "lower"] == limits.loc["x2", "full_lower"]
    assert box.coverage >= 0.7 and box.density >= 0.8
    assert box.mass == pytest.approx(box.n / 400)
    assert (limits[["qp_lower", "qp_upper"]].max(axis=1) < 0.05).all()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_prim_recovers_the_planted_box_for_other_samples(seed):
    x, y = planted(seed)
    limits = find_boxes(x, y).boxes[0].limits.set_index("parameter")
    assert set(limits.index) == {"x1", "x2"}
    assert limits.loc["x1", "lower"] == pytest.approx(0.7, abs=0.05)
    assert limits.loc["x2", "upper"] == pytest.approx(0.3, abs=0.05)


def test_markdown_lists_boxes_with_coverage_density_and_a_plain_reading(found):
    text = discovery_markdown(
        found, OUTCOME, labels={"x1": "retirement age spread"}, ranges={"x1": (0.0, 1.0), "x2": (0.0, 1.0)}
    )
    assert text.startswith(f"## {OUTCOME}\n")
    assert "**Box 1**: coverage" in text and "density" in text and "mass" in text
    assert "The one-off scheme no longer beats recurring money mostly when retirement age spread above 0.6" in text
    assert "x2 below 0." in text
    assert "| retirement age spread | 0.6" in text and "| 0 to 1 | <0.001 |" in text


def test_boxes_table_is_tidy(found):
    table = boxes_table(found)
    assert list(table["parameter"]) == ["x1", "x2"] and table["box"].eq(1).all()
    assert {"coverage", "density", "mass", "lower", "upper"} <= set(table.columns)


def test_no_draw_of_interest_gives_a_sentence():
    x, _ = planted()
    result = find_boxes(x, np.zeros(len(x), dtype=bool))
    assert not result.boxes and "none of the 400 draws" in result.note
    assert "No box: it happens in none of the 400 draws" in discovery_markdown(result, OUTCOME)
    assert boxes_table(result).empty


def test_every_draw_of_interest_gives_a_sentence():
    x, _ = planted()
    result = find_boxes(x, np.ones(len(x), dtype=bool))
    assert not result.boxes and "all 400 draws" in result.note


def test_too_few_draws_gives_a_sentence():
    x, y = planted(n=8)
    result = find_boxes(x, y | np.array([True] + [False] * 7))
    assert "too few" in result.note


def test_an_outcome_without_structure_gives_no_box():
    x, _ = planted()
    result = find_boxes(x, np.random.default_rng(3).uniform(size=len(x)) < 0.2)
    assert not result.boxes and "spread out" in result.note


def test_missing_values_and_constant_parameters_are_handled():
    x, y = planted()
    x["fixed"] = 1.0
    x.loc[:9, "x3"] = np.nan
    result = find_boxes(x, y)
    assert result.n_dropped == 10 and result.n_draws == 390
    assert "fixed" not in set(boxes_table(result)["parameter"])
    assert "10 draws with missing values were left out" in discovery_markdown(result, OUTCOME)


def test_a_series_outcome_is_aligned_by_draw():
    x, y = planted()
    x.index = pd.Index(range(100, 500), name="draw")
    shuffled = pd.Series(y, index=x.index).sample(frac=1.0, random_state=0)
    assert found_limits(find_boxes(x, shuffled)) == found_limits(find_boxes(x, y))
    with pytest.raises(ValueError, match="400 draws but 3 outcomes"):
        find_boxes(x, [True, False, True])


def found_limits(result):
    return boxes_table(result)[["parameter", "lower", "upper"]].to_dict("list")


def test_ema_logging_stays_quiet(caplog):
    caplog.set_level(logging.DEBUG)  # as under Hydra, which sets the root logger to INFO
    x, y = planted()
    find_boxes(x, y)
    assert not [r for r in caplog.records if r.name.startswith("EMA")]


def test_conditions_in_words():
    base = {"parameter": "p", "full_lower": 0.0, "full_upper": 1.0}
    assert condition({**base, "lower": 0.7, "upper": 1.0}) == "p above 0.7"
    assert condition({**base, "lower": 0.0, "upper": 0.3}) == "p below 0.3"
    assert condition({**base, "lower": 0.2, "upper": 0.3}, {"p": "pay gap"}) == "pay gap between 0.2 and 0.3"
    assert condition({"parameter": "kind", "lower": {"b", "a"}, "upper": {"b", "a"}}) == "kind is one of a, b"
    box = Box(pd.DataFrame([{**base, "lower": 0.7, "upper": 1.0}]), coverage=0.8, density=0.9, mass=0.1, n=10, k=9)
    assert reading(box, "it fails") == (
        "it fails mostly when p above 0.7: 80% of the draws where it happens lie in this region, "
        "and it happens in 90% of the draws inside it."
    )


def test_no_longer_beats_per_draw():
    rows = [
        {"measure": "gap_terms", "scenario": "a", "baseline": "b", "draw": d, "seed": s, "county": 0, "difference": v}
        for d, values in enumerate([[-5, -3], [2, -1], [0, 0], [-1, -2]])
        for s, v in enumerate(values)
    ]
    paired = pd.DataFrame(rows)
    out = no_longer_beats(paired, "gap_terms", "a", "b", better="lower")
    assert out.to_dict() == {0: False, 1: True, 2: True, 3: False}
    assert no_longer_beats(paired, "gap_terms", "a", "b", better="higher").to_dict() == {
        0: True,
        1: False,
        2: True,
        3: True,
    }
    with pytest.raises(ValueError, match="no paired differences"):
        no_longer_beats(paired, "quality", "a", "b", better="higher")
