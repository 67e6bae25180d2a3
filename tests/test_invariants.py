"""Property checks every term: leadership, agents, money (sim/invariants.py)."""

import pytest

from sim.observe.invariants import check_all
from sim.running.run import build_model
from tests.conftest import make_config


@pytest.mark.parametrize(
    "overrides",
    [
        [],
        ["params.recruitment.applicants_small=0.5", "params.recruitment.applicants_large=0.8"],
        ["params.executive.max_schools=2", "params.federation.max_size=2"],
        [
            "scenario.premium.enabled=true",
            "scenario.dedicated_leadership.enabled=true",
            "scenario.federation_incentive.enabled=true",
            "scenario.shared_posts.enabled=true",
        ],
        ["scenario=exec_headship_push"],
        ["scenario=national_rollout"],
        ["scenario=original_2012", "scenario.grouping.mode=self_organised"],
    ],
    ids=["baseline", "scarce_applicants", "tight_exec_limit", "many_levers", "exec_push", "national", "self_org"],
)
@pytest.mark.parametrize("seed", [1, 2])
def test_invariants_hold_every_term(overrides, seed):
    cfg = make_config("run.horizon_years=10", *overrides)
    model = build_model(cfg, seed)
    check_all(model)
    while model.running:
        model.step()
        check_all(model)


def test_invariants_on_lincolnshire_region():
    cfg = make_config("region=lincolnshire", "run.horizon_years=4")
    model = build_model(cfg, 3)
    check_all(model)
    while model.running:
        model.step()
        check_all(model)
