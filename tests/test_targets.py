"""Targets: parsing, validation errors, measurement on a hand-made run, calibration improving the fit."""

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
    "use": "fit",
    "basis": "fitted",
    "basis_why": "w",
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
            "definition.num[0].measure='happiness' is not a measure the model produces",
        ),
        ({"basis": "guess"}, "basis='guess'"),
        ({"use": "check"}, "fit targets, and only they, are fitted"),
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
    assert tg.measure(ratio, run) == 3.0 and ratio.within(3.5) and not ratio.within(4.5)
    assert ratio.reproduced(3.5, 2.5, 4.0) and not ratio.reproduced(3.5, 3.2, 4.0)  # 3 outside the 10-90% band
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
    assert tg.measure(fall, run) == pytest.approx(-0.1) and fall.within(-0.1) and not fall.within(0.05)
    card = tg.scorecard([ratio], pd.concat([run.assign(seed=1), run.assign(seed=2)]))
    assert card.loc[0, "model_median"] == 3.0 and bool(card.loc[0, "within"]) and bool(card.loc[0, "reproduced"])
    assert not bool(card.loc[0, "counts"])  # a fitted target never counts


def test_every_shipped_target_says_how_it_is_met():
    targets = tg.load(known_measures=known_measures())
    assert {t.basis for t in targets} == set(tg.BASES)
    assert all(t.basis_why for t in targets)
    assert all((t.use == "fit") == (t.basis == "fitted") for t in targets)


def test_calibration_ranges_are_checked(tmp_path):
    from experiments.calibrate import load_ranges

    bad = tmp_path / "r.yaml"
    bad.write_text("params.moves.seek_rate: [0.2, 0.1]\n")
    with pytest.raises(ConfigError, match="low must be below high"):
        load_ranges(bad)
    bad.write_text("params.governors.renew_prob: [0.5, 1.5]\n")
    with pytest.raises(ConfigError, match="valid domain"):
        load_ranges(bad)
    bad.write_text("params.moves.teleport: [0, 1]\n")
    with pytest.raises(ConfigError, match="no such parameter"):
        load_ranges(bad)
    bad.write_text("moves.seek_rate: [0, 1]\n")
    with pytest.raises(ConfigError, match="no such parameter"):
        load_ranges(bad)
    assert load_ranges()  # the shipped ranges are valid


@pytest.mark.slow
def test_abc_smc_narrows_the_tolerance_and_keeps_weighted_draws(tmp_path):
    from experiments.calibrate import posterior_frame, run_abc

    ranges = tmp_path / "ranges.yaml"
    ranges.write_text("params.recruitment.appoint_bar: [-0.5, 1.5]\nregion.outside_applicants: [0.5, 3.0]\n")
    history = run_abc(
        population=6,
        generations=2,
        seeds=1,
        jobs=1,
        db=tmp_path / "abc.db",
        overrides=["params.spinup.years=10", "run.horizon_years=2"],
        ranges_file=ranges,
    )
    pops = history.get_all_populations()
    eps = pops[pops.t >= 0].epsilon.to_numpy()
    assert len(eps) == 2 and eps[1] <= eps[0]  # the tolerance narrows
    post = posterior_frame(history)
    assert post.weight.sum() == pytest.approx(1.0) and len(post) == 6
    assert post["params.recruitment.appoint_bar"].between(-0.5, 1.5).all()
    assert post["region.outside_applicants"].between(0.5, 3.0).all()


@pytest.mark.slow
def test_sensitivity_parameters_and_outputs():
    from dataclasses import fields

    from experiments.sensitivity import OUTPUTS, outputs, uncertain_parameters
    from sim.running.draws import with_values
    from sim.state.params import Params
    from tests.conftest import make_config

    params = uncertain_parameters()
    assert len(params) > 30
    for key, (lo, hi) in params.items():
        if not key.startswith("params."):  # the county builder's and the levers' ranges are checked where declared
            continue
        _, section, name = key.split(".")
        meta = next(f.metadata for f in fields(getattr(Params(), section)) if f.name == name)
        assert lo < hi and meta["lo"] <= lo and hi <= meta["hi"], key
    cfg = make_config("run.horizon_years=3")
    low = outputs({"params.recruitment.appoint_bar": -0.3}, cfg, 1)
    high = outputs({"params.recruitment.appoint_bar": 1.2}, cfg, 1)
    assert set(low) == set(OUTPUTS) and all(np.isfinite(v) for v in low.values())
    assert high["unfilled_vacancies"] >= low["unfilled_vacancies"]  # a pickier bar leaves more posts open
    assert with_values(cfg, {"params.governors.term_years": 3.4}).params.governors.term_years == 3  # ints stay ints


def test_the_calibrated_block_sets_each_region_key_once():
    import yaml

    from experiments.calibrate import calibrated_block

    text = "name: x\n# [source] a comment\nquality_mean: 0.05\nwidth_km: 10\n"
    once = calibrated_block(text, {"quality_mean": -0.2}, "2026-12-01")
    assert yaml.safe_load(once) == {"name": "x", "quality_mean": -0.2, "width_km": 10}
    assert calibrated_block(once, {"quality_mean": -0.3}, "2026-12-02").count("quality_mean: -0.3") == 1
    assert "# quality_mean: 0.05" in once  # the documented value stays readable


@pytest.mark.slow
def test_calibration_runs_on_a_dask_cluster(tmp_path):
    from distributed import LocalCluster

    from experiments.calibrate import posterior_frame, run_abc

    ranges = tmp_path / "ranges.yaml"
    ranges.write_text("params.recruitment.appoint_bar: [-0.5, 1.5]\n")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        history = run_abc(
            population=4,
            generations=1,
            seeds=1,
            jobs=2,
            db=tmp_path / "abc.db",
            overrides=["params.spinup.years=4", "run.horizon_years=2"],
            ranges_file=ranges,
            scheduler=cluster.scheduler_address,
        )
    post = posterior_frame(history)
    assert len(post) == 4 and post["params.recruitment.appoint_bar"].between(-0.5, 1.5).all()
