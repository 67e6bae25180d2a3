"""Targets: parsing, validation errors, measurement on a hand-made run, calibration improving the fit."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.analysis import targets as tg
from sim.observe.measures import known_measures
from sim.state.errors import ConfigError

GOOD = {
    "id": "t1",
    "value": 3.0,
    "tolerance": 1.0,
    "why": "w",
    "mode": "mechanism",
    "use": "fit",
    "source_file": "000_e0a2dbf228a17e9a.txt",
    "quote": "q",
    "definition": {
        "num": [{"measure": "applicants", "group": "le110", "years": [2012]}],
        "den": [{"measure": "adverts", "group": "le110", "years": [2012]}],
    },
}


def test_shipped_targets_parse_and_cover_the_documented_figures():
    targets = tg.load(known_measures=known_measures())
    ids = {t.id for t in targets}
    assert {
        "small_schools_hard",
        "small_schools_with_executive_head",
        "vacancies_unfilled",
        "acting_heads",
        "applicants_small",
        "partnerships_with_dedicated_leadership",
    } <= ids
    assert any(t.use == "fit" for t in targets) and any(t.use == "check" for t in targets)
    assert all(t.quote and t.source_file.endswith(".txt") for t in targets)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"tolerance": 0}, "tolerance=0 must be a positive number"),
        ({"tolerance": "wide"}, "must be a positive number"),
        ({"quote": None}, "missing field(s) ['quote']"),
        (
            {"definition": {"num": [{"measure": "happiness", "group": "all", "years": [2012]}]}},
            "unknown measure 'happiness'",
        ),
        ({"mode": "guess"}, "mode='guess'"),
        ({"definition": {"num": [{"measure": "vacancies", "group": 111210, "years": [2012]}]}}, "must be a string"),
    ],
)
def test_bad_targets_are_refused_naming_the_target(change, message):
    entry = {**GOOD, **change}
    with pytest.raises(tg.TargetError) as err:
        tg.parse([entry], known_measures())
    assert "t1" in str(err.value) and message in str(err.value)


def test_measurement_on_a_hand_made_run():
    rows = [
        (2012, -1, "applicants", "le110", 30.0),
        (2012, -1, "adverts", "le110", 10.0),
        (2012, -1, "vacancies", "le110", 19.0),
        (2013, -1, "grade_share.3", "le110", 0.2),
        (2012, -1, "grade_share.3", "le110", 0.3),
        (2012, 0, "applicants", "le110", 99.0),  # termly: ignored
    ]
    run = pd.DataFrame(rows, columns=["year", "term", "measure", "group", "value"])
    ratio = tg.parse([GOOD], known_measures())[0]
    assert tg.measure(ratio, run) == 3.0 and ratio.passes(3.5) and not ratio.passes(4.5)
    rate = tg.parse(
        [{**GOOD, "definition": {"num": [{"measure": "vacancies", "group": "le110", "years": [2012]}], "den": 99}}]
    )[0]
    assert tg.measure(rate, run) == pytest.approx(19 / 99)
    fall = tg.parse(
        [
            {
                **GOOD,
                "definition": {
                    "kind": "negative",
                    "num": [{"measure": "grade_share.3", "group": "le110", "years": [2013]}],
                    "minus": [{"measure": "grade_share.3", "group": "le110", "years": [2012]}],
                },
            }
        ]
    )[0]
    assert tg.measure(fall, run) == pytest.approx(-0.1) and fall.passes(-0.1) and not fall.passes(0.05)
    card = tg.scorecard([ratio], pd.concat([run.assign(seed=1), run.assign(seed=2)]))
    assert card.loc[0, "model_median"] == 3.0 and bool(card.loc[0, "within"])


def test_calibration_ranges_are_checked(tmp_path):
    from experiments.calibrate import load_ranges

    bad = tmp_path / "r.yaml"
    bad.write_text("moves.base_rate: [0.2, 0.1]\n")
    with pytest.raises(ConfigError, match="low must be below high"):
        load_ranges(bad)
    bad.write_text("governors.renew_prob: [0.5, 1.5]\n")
    with pytest.raises(ConfigError, match="valid domain"):
        load_ranges(bad)
    bad.write_text("moves.teleport: [0, 1]\n")
    with pytest.raises(ConfigError, match="no such parameter"):
        load_ranges(bad)
    assert load_ranges()  # the shipped ranges are valid


def test_calibration_improves_fit_distance_on_a_small_budget(tmp_path):
    from experiments.calibrate import base_config, calibrate, evaluate, fit_targets, posterior, with_params

    ranges = {"moves.base_rate": (0.01, 0.2), "recruitment.appoint_bar": (-0.5, 1.5)}
    base = base_config()
    bad = with_params(base, {"moves.base_rate": 0.01, "recruitment.appoint_bar": -0.5})  # a poor starting point
    draws = calibrate(24, 1, tmp_path, ranges, n_jobs=2, base=bad, progress=False)
    fitted = {k: float(posterior(draws, 0.2)[k].median()) for k in ranges}
    seeds = [5, 6, 7]
    assert evaluate(with_params(bad, fitted), seeds, fit_targets()) < evaluate(bad, seeds, fit_targets())
    again = calibrate(24, 1, tmp_path, ranges, n_jobs=2, base=bad, progress=False)  # resumes: nothing reruns
    pd.testing.assert_frame_equal(draws, again)
    assert np.isfinite(draws.distance).all() and Path(tmp_path / "draws.parquet").exists()


def test_sensitivity_parameters_and_outputs():
    from dataclasses import fields

    from experiments.calibrate import with_params
    from experiments.sensitivity import OUTPUTS, outputs, uncertain_parameters
    from sim.state.params import Params
    from tests.conftest import make_config

    params = uncertain_parameters()
    assert len(params) > 30
    for key, (lo, hi) in params.items():
        section, _, name = key.partition(".")
        meta = next(f.metadata for f in fields(getattr(Params(), section)) if f.name == name)
        assert lo < hi and meta["lo"] <= lo and hi <= meta["hi"], key
    cfg = make_config("run.horizon_years=3")
    low = outputs({"recruitment.appoint_bar": -0.3}, cfg, 1)
    high = outputs({"recruitment.appoint_bar": 0.9}, cfg, 1)
    assert set(low) == set(OUTPUTS) and all(np.isfinite(v) for v in low.values())
    assert high["unfilled_vacancies"] >= low["unfilled_vacancies"]  # a pickier bar leaves more posts open
    assert with_params(cfg, {"governors.term_years": 3.4}).params.governors.term_years == 3  # ints stay ints
