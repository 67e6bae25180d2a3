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


@pytest.mark.slow
def test_invariants_on_lincolnshire_region():
    cfg = make_config("region=lincolnshire", "run.horizon_years=4", "params.spinup.years=15")
    model = build_model(cfg, 3, check=True)
    while model.running:
        model.step()


class Place:
    """A stand-in school: only its roll."""

    def __init__(self, roll):
        self.roll = roll


def test_a_heads_schools_keep_count_of_their_pupils_through_every_change_copy_and_pickle():
    import copy
    import pickle

    from sim.state.agents import Led

    a, b, c = Place(40), Place(25), Place(90)
    led = Led([a])
    led.append(b)
    led.extend([c])
    led.insert(0, Place(7))
    assert led.roll == 162
    led.remove(b)
    led.pop(0)
    assert led.roll == 130
    led[0] = Place(1)
    assert led.roll == 91
    del led[0]
    assert led.roll == 90
    for twin in (copy.copy(led), copy.deepcopy(led), pickle.loads(pickle.dumps(led))):
        assert isinstance(twin, Led) and twin.roll == 90 and len(twin) == 1
    led.clear()
    assert led.roll == 0


class Aspiring:
    """A stand-in aspiring head: an id, a key and a school to apply from."""

    def __init__(self, n, base):
        self.unique_id, self.key, self.base, self.home = n, 1000 + n, base, None


def test_the_pools_kept_keys_and_schools_follow_every_join_leave_and_pickle():
    import pickle

    import numpy as np

    from sim.state.agents import Pool

    schools = [Place(10) for _ in range(5)]
    for i, s in enumerate(schools):
        s.position = i
    pool, rng, joined = Pool(), np.random.default_rng(4), []
    for n in range(400):  # joins and leaves in a random order, enough to drop the rows of leavers many times
        if joined and rng.uniform() < 0.45:
            pool.remove(joined.pop(int(rng.integers(len(joined)))))
        else:
            joined.append(Aspiring(n, schools[n % 5]))
            pool.append(joined[-1])
        if n % 37 == 0 and joined:
            pool.append(joined[0])  # joining again keeps one's place, as in a dict
            pool.discard(Aspiring(10_000, schools[0]))  # not a member: nothing happens
    for p in (pool, pickle.loads(pickle.dumps(pool))):
        members, keys, at = p.columns()
        assert [h.unique_id for h in members] == [h.unique_id for h in joined] == [h.unique_id for h in p]
        assert keys.tolist() == [h.key for h in joined] and at.tolist() == [h.base.position for h in joined]
    assert pool._n < 2 * len(joined) + 64  # leavers' rows were dropped


def test_a_run_makes_next_to_no_cyclic_garbage_so_the_collector_can_pause():
    """Runs pause the cyclic garbage collector (``collector_paused``): that is only safe while what a run
    drops is freed by reference counting. Were a mechanism to leave cycles behind (a head and a school
    pointing at each other after the head left, say), this would find thousands of them."""
    import gc

    from sim.running.run import collector_paused

    cfg = make_config("region=small", "run.horizon_years=4", "params.spinup.years=10")
    gc.collect()
    with collector_paused():
        assert not gc.isenabled()
        model = build_model(cfg, 3)
        while model.running:
            model.step()
        left_behind = gc.collect()
    assert gc.isenabled()
    assert left_behind < 500, f"a run left {left_behind} objects in reference cycles"


def test_each_term_inspects_exactly_the_schools_due_and_the_check_finds_one_misfiled():
    """Inspections visit only the schools filed under this year and term; the invariant sees a school filed wrongly."""
    from sim.mechanisms import outcomes
    from sim.observe import invariants

    model = build_model(make_config("region=small", "params.spinup.years=2"), 3, reuse=False)
    for _ in range(6):
        due = {
            s.urn
            for s in model.schools
            if (s.next_inspection_year, s.inspection_term) == (model.year, model.term_in_year)
        }
        before = [list(s.grade_history) for s in model.schools]
        outcomes.inspect(model)
        inspected = {s.urn for s, b in zip(model.schools, before) if len(s.grade_history) > len(b)}
        assert inspected == due
        invariants.check_all(model)
        model.step()
    model.schools[0].next_inspection_year += 1
    with pytest.raises(AssertionError, match="next inspection"):
        invariants.check_all(model)
