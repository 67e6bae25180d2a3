"""Sensitivity of a scenario difference finds the parameter that drives it."""

import numpy as np
import pandas as pd
import pytest

from sim.analysis.difference_sensitivity import difference_sensitivity, what_to_measure


@pytest.mark.slow
def test_the_planted_driver_of_a_difference_comes_first():
    rng = np.random.default_rng(0)
    n = 120
    draws = pd.DataFrame(
        {"draw": range(n), "a": rng.uniform(0, 1, n), "b": rng.uniform(0, 1, n), "c": rng.uniform(0, 1, n)}
    )
    diff = pd.DataFrame(
        {
            "measure": "gap_terms",
            "scenario": "s",
            "baseline": "b0",
            "draw": range(n),
            "difference": -5 * draws.a + 0.2 * rng.normal(size=n),
        }
    )
    table = difference_sensitivity(draws, diff, {"a": (0, 1), "b": (0, 1), "c": (0, 1)}, seed=1, resamples=20)
    assert table.iloc[0].parameter == "a" and table.iloc[0]["rank"] == 1
    assert table.set_index("parameter").loc["a", "delta"] > 3 * table.set_index("parameter").loc["b", "delta"]
    decide = what_to_measure(table)
    assert list(decide.parameter) == ["a"]


def test_too_few_draws_give_no_index():
    draws = pd.DataFrame({"draw": range(4), "a": [0.1, 0.2, 0.3, 0.4]})
    diff = pd.DataFrame(
        {"measure": "m", "scenario": "s", "baseline": "b", "draw": range(4), "difference": [1, 2, 3, 4]}
    )
    assert difference_sensitivity(draws, diff, {"a": (0, 1)}).empty


@pytest.mark.slow
def test_with_few_draws_and_many_parameters_noise_is_not_reported_as_deciding():
    """Thirty draws, forty parameters, a difference none of them drives: delta scores are inflated by
    chance, and the dummy columns' highest score keeps every parameter out of the list."""
    rng = np.random.default_rng(3)
    n, k = 30, 40
    names = [f"p{i}" for i in range(k)]
    draws = pd.DataFrame({"draw": range(n), **{p: rng.uniform(0, 1, n) for p in names}})
    diff = pd.DataFrame(
        {"measure": "m", "scenario": "s", "baseline": "b", "draw": range(n), "difference": rng.normal(size=n)}
    )
    table = difference_sensitivity(draws, diff, {p: (0, 1) for p in names}, seed=2, resamples=20)
    assert table["delta"].median() > 0.1  # what chance alone scores with thirty draws
    assert (table["noise"] > table["delta"].median()).all()
    assert what_to_measure(table).empty


@pytest.mark.slow
def test_the_same_draws_give_the_same_indices_in_any_number_of_processes():
    rng = np.random.default_rng(8)
    n = 24
    draws = pd.DataFrame({"draw": range(n), "a": rng.uniform(0, 1, n), "b": rng.uniform(0, 1, n)})
    diff = pd.concat(
        [
            pd.DataFrame({"measure": m, "scenario": "s", "baseline": "b0", "draw": range(n), "difference": y})
            for m, y in (("m1", draws.a + rng.normal(size=n)), ("m2", rng.normal(size=n)))
        ]
    )
    bounds = {"a": (0, 1), "b": (0, 1)}
    first = difference_sensitivity(draws, diff, bounds, resamples=10)  # seed 0, the default
    pd.testing.assert_frame_equal(first, difference_sensitivity(draws, diff, bounds, resamples=10))
    pd.testing.assert_frame_equal(first, difference_sensitivity(draws, diff, bounds, resamples=10, n_jobs=2))
