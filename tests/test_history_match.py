"""History matching: a candidate is plausible when it fits the documents as the calibration required."""

import numpy as np
import pandas as pd

from experiments import calibrate as cal
from experiments import history_match as hm


def _fits(targets, offsets: list[float]) -> pd.DataFrame:
    """Candidates whose every target sits ``offset`` tolerances from the documented value."""
    rows = []
    for d, k in enumerate(offsets):
        row = {"draw": d + 1}
        for t in targets:
            row[t.id] = (k * t.tolerance) if t.kind == "negative" else t.value + k * t.tolerance
        rows.append(row)
    return pd.DataFrame(rows)


def test_closer_candidates_are_plausible_farther_ones_not():
    targets = cal.fit_targets()
    judged = hm.judge(_fits(targets, [0.0, 1.0, 1.4, 1.6, 3.0]), targets, cutoff=2.27)
    assert np.allclose(judged.distance, [0.0, 1.0, 1.96, 2.56, 9.0])  # mean squared error in tolerances
    assert list(judged.plausible) == [True, True, True, False, False]
    tighter = hm.judge(_fits(targets, [0.0, 1.0, 1.4]), targets, cutoff=1.5)
    assert list(tighter.plausible) == [True, True, False]  # a smaller cutoff keeps fewer


def test_a_failed_run_is_never_plausible():
    targets = cal.fit_targets()
    fits = _fits(targets, [0.0])
    fits.loc[0, targets[0].id] = np.nan
    assert not hm.judge(fits, targets, cutoff=2.27).plausible.iloc[0]


def test_shifts_find_the_assumption_the_screen_constrains():
    rng = np.random.default_rng(4)
    every = pd.DataFrame({"a": rng.uniform(0, 1, 400), "b": rng.uniform(0, 1, 400)})
    kept = every[every.a < 0.4]  # the screen keeps low a, whatever b
    moved = hm.shifts(every, kept, {"a": (0, 1), "b": (0, 1)})
    assert list(moved.parameter) == ["a", "b"]
    a, b = moved.set_index("parameter").loc["a"], moved.set_index("parameter").loc["b"]
    assert a.ks > 0.5 and a.ks_p < 1e-6 and a.plausible_p90 < 0.4
    assert b.ks < 0.2 and b.ks_p > 0.01


def test_the_cutoff_is_the_calibrations_final_tolerance():
    assert 0 < hm.final_tolerance() < 10
