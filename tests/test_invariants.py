"""Property checks every term: leadership, agents, money (sim/invariants.py)."""

import pytest

from sim.running.run import build_model
from tests.conftest import make_config


@pytest.mark.parametrize(
    "overrides",
    [
        [],
        [
            "params.recruitment.pool_applications_per_year=0.1",
            "params.recruitment.head_applications_per_year=0.1",
            "region.outside_applicants=0.3",
        ],
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
    model = build_model(cfg, seed, check=True)  # checked every term of the spin-up and the run
    while model.running:
        model.step()


def test_invariants_on_lincolnshire_region():
    cfg = make_config("region=lincolnshire", "run.horizon_years=4", "params.spinup.years=15")
    model = build_model(cfg, 3, check=True)
    while model.running:
        model.step()
