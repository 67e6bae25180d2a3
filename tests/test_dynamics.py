"""Dynamics over years: a stationary baseline, smooth responses, careers with a clock."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.analysis.stationarity import Rule, stationarity, summary
from sim.mechanisms import funding, partnerships
from sim.running.run import build_model, run_model
from sim.state.agents import Partnership
from tests.conftest import make_config


@pytest.fixture(scope="module")
def grouped():
    model = build_model(make_config("run.horizon_years=2", "params.spinup.years=10"), 3)
    small = sorted((s for s in model.schools if s.roll <= 110), key=lambda s: s.x)
    ps = Partnership(model, members=small[:4], trust=0.5)
    return model, ps


@settings(max_examples=60, deadline=None)
@given(funds=st.floats(0, 400_000), step=st.floats(0, 2_000))
def test_activity_is_continuous_and_rising_in_funds(grouped, funds, step):
    model, ps = grouped
    minutes = partnerships.mean_minutes(model, ps)
    ps.funds = funds
    low = partnerships.target_activity(model, ps, minutes)
    ps.funds = funds + step
    high = partnerships.target_activity(model, ps, minutes)
    p, f = model.params.partnerships, model.params.funding
    full = len(ps.members) * funding.member_term_cost(model, minutes)
    lipschitz = (1 - p.free_activity) / (f.spend_horizon_terms * full)  # the steepest the response can be
    assert 0 <= high - low <= lipschitz * step + 1e-12


@settings(max_examples=40, deadline=None)
@given(activity=st.floats(0, 1), step=st.floats(0, 0.01))
def test_dissolution_hazard_rises_smoothly_as_activity_falls(grouped, activity, step):
    model, _ = grouped
    p = model.params.partnerships
    from sim.state.curves import falling

    hi, lo = falling(activity, p.fade_activity, p.fade_scale), falling(activity + step, p.fade_activity, p.fade_scale)
    assert 0 <= hi - lo <= step / (4 * p.fade_scale) + 1e-12  # a logistic's slope is at most 1 / (4 scale)


@pytest.mark.slow
def test_small_region_baseline_is_stationary():
    """No programme: every rate holds over twenty years (within noise on a 40-school county).

    About a hundred comparisons (33 rates, three windows) are made, so a change must also exceed
    four standard errors to count as drift; a real imbalance (a pool that doubles) is far beyond.
    """
    cfg = make_config("scenario=no_programme", "run.horizon_years=20")
    measures = [run_model(cfg, seed).measures for seed in range(1, 13)]
    import pandas as pd

    table = stationarity(pd.concat(measures), Rule(noise_se=4.0))
    assert table.holds.all(), summary(table)


def test_a_drifting_series_is_caught():
    import pandas as pd

    rows = [
        {"seed": s, "year": y, "term": -1, "measure": "candidate_pool", "group": "all", "value": 100 + 5 * (y - 2012)}
        for s in range(3)
        for y in range(2012, 2032)
    ]
    table = stationarity(pd.DataFrame(rows))
    assert not table.holds.all()


def test_the_start_is_the_same_for_every_scenario_of_a_seed():
    a = build_model(make_config("scenario=no_programme"), 11)
    b = build_model(make_config("scenario=recurring_funding"), 11)
    assert [s.head.key if s.head else None for s in a.schools] == [s.head.key if s.head else None for s in b.schools]
    assert [round(s.quality, 12) for s in a.schools] == [round(s.quality, 12) for s in b.schools]


def test_the_reused_start_gives_the_same_run_as_a_fresh_spin_up():
    import sim.running.run as run

    cfg = make_config("run.horizon_years=4")
    first = run_model(cfg, 5).measures
    run._SPUN_UP.clear()
    direct = run.SchoolSystem(**run.model_kwargs(cfg), seed=5)
    while direct.running:
        direct.step()
    fresh = [r for r in direct.collector.rows]
    assert [tuple(r) for r in first[["year", "term", "measure", "group", "value"]].itertuples(index=False)] == [
        tuple(r) for r in fresh
    ]
