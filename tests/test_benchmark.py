"""The benchmark's helpers: what they count and how they summarise (no timings are asserted)."""

from __future__ import annotations

import math

import pytest

from experiments.benchmark import (
    SEASONS,
    TermTimes,
    available_scenarios,
    log_slope,
    main_job_design,
    scaled_region,
    timed_run,
)


def test_term_times_split_spinup_reported_and_together():
    t = TermTimes("baseline", schools=10, setup=0.5, spinup=[0.1, 0.2, 0.3], run=[1.0, 2.0, 0.5])
    assert t.seconds == pytest.approx(4.6)
    assert t.us_per_school_term("spinup") == pytest.approx(0.6 / 30 * 1e6)
    assert t.us_per_school_term("run") == pytest.approx(3.5 / 30 * 1e6)
    assert t.us_per_school_term() == pytest.approx(4.6 / 60 * 1e6)  # setup counts: the user waits for it


def test_slowest_term_names_its_term_and_season():
    t = TermTimes("baseline", schools=1, setup=0.0, spinup=[0.1, 0.9, 0.1], run=[0.2, 0.3, 0.4])
    assert t.slowest() == (-2, "spring", 0.9)  # spin-up terms count back from autumn 2012 (term 0)
    t = TermTimes("baseline", schools=1, setup=0.0, spinup=[0.1], run=[0.2, 0.3, 5.0, 0.1])
    assert t.slowest() == (2, "summer", 5.0)
    assert SEASONS[0] == "autumn"


def test_empty_part_has_no_cost():
    assert math.isnan(TermTimes("x", 5, 0.0, [], [1.0]).us_per_school_term("spinup"))


def test_log_slope():
    assert log_slope([1000, 4000], [1.0, 4.0]) == pytest.approx(1.0)
    assert log_slope([1000, 4000], [1.0, 16.0]) == pytest.approx(2.0)


def test_every_scenario_file_is_scanned():
    names = available_scenarios()
    assert {"baseline", "no_programme", "revised_one_off", "national_rollout"} <= set(names)


def test_scaled_region_keeps_the_requested_size():
    from sim.running.config import compose_config, load_config

    cfg = load_config(compose_config(["scenario=baseline", *scaled_region(1000)]))
    assert 900 <= cfg.region.n_schools <= 1100


def test_timed_run_times_every_term_and_leaves_the_model_as_it_was():
    from sim.model import SchoolSystem

    term = SchoolSystem._term
    t = timed_run(["region=small", "params.spinup.years=2", "run.horizon_years=1"], "baseline")
    assert SchoolSystem._term is term
    assert (len(t.spinup), len(t.run), t.scenario) == (6, 3, "baseline")
    assert t.schools > 0 and min(t.spinup + t.run) >= 0 and t.setup >= 0


def test_workers_run_the_main_jobs_kind_of_work():
    from omegaconf import OmegaConf

    from experiments.benchmark import ROOT

    configs, seeds, draws, counties = main_job_design(2)
    job = OmegaConf.load(ROOT / "conf" / "compare.yaml")
    assert list(configs) == list(job.scenarios)
    assert all(c.run.horizon_years == job.horizon_years for c in configs.values())
    assert (len(draws), len(counties), len(seeds)) == (2, 2, 1)
    assert draws[1]  # a plausible draw, not the defaults again
