"""Each mechanism moves things in the direction the documents describe."""

import numpy as np
import pytest

from sim.mechanisms import funding, governance, headship, moves, outcomes, partnerships, recruitment, wellbeing
from sim.running.run import build_model, run_model
from sim.state.agents import Partnership
from tests.conftest import make_config


def yearly_total(cfg, measure, group="all", seeds=range(1, 7), years=None):
    totals = []
    for seed in seeds:
        m = run_model(cfg, seed).measures
        d = m[(m.term == -1) & (m.measure == measure) & (m.group == group)]
        if years is not None:
            d = d[d.year.isin(years)]
        totals.append(d.value.sum())
    return float(np.mean(totals))


@pytest.fixture
def model():
    return build_model(make_config("region=lincolnshire", "run.horizon_years=2"), 5)


# ----- recruitment ------------------------------------------------------------------------
def test_fewer_applicants_means_more_unfilled_vacancies_and_gaps():
    base = make_config("run.horizon_years=8")
    scarce = make_config(
        "run.horizon_years=8", "params.recruitment.applicants_small=1", "params.recruitment.applicants_large=1.5"
    )
    assert yearly_total(scarce, "unfilled_vacancies") > yearly_total(base, "unfilled_vacancies")
    assert yearly_total(scarce, "gap_terms") > yearly_total(base, "gap_terms")


def test_higher_appointment_bar_means_more_readverts():
    base = make_config("run.horizon_years=8")
    picky = make_config("run.horizon_years=8", "params.recruitment.appoint_bar=1.2")
    assert yearly_total(picky, "adverts") > yearly_total(base, "adverts")


def test_expected_applicants_by_size_church_remoteness_and_partnership(model):
    small = next(
        s for s in model.schools if s.roll <= 100 and s.religion == "community" and s.partnership_activity == 0
    )
    large = next(s for s in model.schools if s.roll > 210 and s.religion == "community" and s.partnership_activity == 0)
    small.minutes_to_town = large.minutes_to_town = 0
    assert recruitment.expected_applicants(model, small) < recruitment.expected_applicants(model, large)
    base = recruitment.expected_applicants(model, small)
    small.religion = "VA"
    assert recruitment.expected_applicants(model, small) < base
    small.religion = "community"
    small.minutes_to_town = 40
    assert recruitment.expected_applicants(model, small) < base
    small.minutes_to_town = 0
    ps = Partnership(model, members=[small, large])
    ps.activity = 1.0
    assert recruitment.expected_applicants(model, small) > base


def test_brokering_executive_heads_lowers_headship_gaps():
    with_broker = make_config("run.horizon_years=8")
    without = make_config("run.horizon_years=8", "scenario.broker_executive.enabled=false")
    assert yearly_total(with_broker, "executive_brokered") > 0
    assert yearly_total(without, "executive_brokered") == 0
    assert yearly_total(with_broker, "gap_terms") < yearly_total(without, "gap_terms")


# ----- heads leaving ----------------------------------------------------------------------
def test_executive_headship_lowers_that_heads_move_rate(model):
    head = next(s.head for s in model.schools if s.roll <= 110 and not s.head.is_executive)
    p, ex = model.params.moves, model.params.executive
    head.age, head.ambition = 38, 0.8
    alone = moves.yearly_move_probability(head, p, ex)
    other = next(s for s in model.schools if s.head is not None and s.head is not head and not s.head.is_executive)
    head.covering.append(other)
    assert moves.yearly_move_probability(head, p, ex) < alone
    head.covering.clear()


def test_small_school_ambitious_young_heads_move_more(model):
    p, ex = model.params.moves, model.params.executive
    small = next(s.head for s in model.schools if s.roll <= 110 and not s.head.is_executive)
    large = next(s.head for s in model.schools if s.roll > 210 and not s.head.is_executive)
    for h in (small, large):
        h.age, h.ambition = 40, 0.7
    assert moves.yearly_move_probability(small, p, ex) > moves.yearly_move_probability(large, p, ex)
    small.age = 58
    assert moves.yearly_move_probability(small, p, ex) < moves.yearly_move_probability(large, p, ex)


def test_retirement_switch_and_age():
    on = make_config("run.horizon_years=6")
    off = make_config("run.horizon_years=6", "params.retirement.enabled=false")
    assert yearly_total(on, "exits.retirement", seeds=[1, 2]) > 0
    assert yearly_total(off, "exits.retirement", seeds=[1, 2]) == 0
    early = make_config("run.horizon_years=6", "params.retirement.mean_age=56", "params.retirement.min_age=50")
    assert yearly_total(early, "exits.retirement", seeds=[1, 2]) > yearly_total(on, "exits.retirement", seeds=[1, 2])


def test_wellbeing_isolation_and_load_raise_exits(model):
    p = model.params.wellbeing
    assert wellbeing.yearly_exit_probability(
        0.2, p.exit_rate_base, p.exit_rate_burnout
    ) > wellbeing.yearly_exit_probability(0.9, p.exit_rate_base, p.exit_rate_burnout)
    isolated = next(s.head for s in model.schools if s.roll <= 110 and not s.partnerships and not s.head.is_executive)
    supported = next(
        s.head for s in model.schools if s.roll <= 110 and s.soft_partnership is not None and not s.head.is_executive
    )
    supported.home.soft_partnership.activity = 0.9
    isolated.wellbeing = supported.wellbeing = 0.6
    wellbeing.update(model)
    assert supported.wellbeing > isolated.wellbeing


# ----- partnerships -----------------------------------------------------------------------
def _partnership(model, n=4):
    small = [s for s in model.schools if s.roll <= 110 and not s.partnerships]
    first = small[0]
    members = [first] + [s for s in model.neighbours(first, 30) if s in small][: n - 1]
    return Partnership(model, members=members, trust=0.6)


def test_head_change_lowers_partnership_trust(model):
    ps = _partnership(model)
    before = ps.trust
    headship.change_of_head(model, ps.members[0])
    assert ps.trust < before
    written_in = ps.trust
    model.authority.trust_loss_factor = 0.3  # collaboration written into appointments
    headship.change_of_head(model, ps.members[0])
    assert written_in - ps.trust < before - written_in


def test_money_running_out_lowers_activity(model):
    ps = _partnership(model)
    minutes = partnerships.mean_minutes(model, ps)
    ps.funds = 50_000
    funded = partnerships.target_activity(model, ps, minutes)
    ps.funds = 0
    assert partnerships.target_activity(model, ps, minutes) < funded


def test_dedicated_leadership_adviser_raise_and_competition_lowers_activity(model):
    ps = _partnership(model)
    ps.funds = 50_000
    minutes = partnerships.mean_minutes(model, ps)
    plain = partnerships.target_activity(model, ps, minutes)
    ps.dedicated = True
    assert partnerships.target_activity(model, ps, minutes) > plain
    ps.dedicated, ps.adviser = False, True
    assert partnerships.target_activity(model, ps, minutes) > plain
    ps.adviser = False
    for s in ps.members:
        s.x, s.y = ps.members[0].x, ps.members[0].y
    assert partnerships.competition(model, ps) == 1.0
    assert (
        partnerships.target_activity(model, ps, 0.0)
        < partnerships.target_activity(model, ps, 0.0) / (1 - model.params.partnerships.competition_penalty) - 1e-9
    )


def test_coordination_costs_rise_with_members_and_travel(model):
    p = model.params.partnerships
    assert partnerships.manageability(5, p.comfortable_members, p.unmanageable_members) == 1.0
    assert partnerships.manageability(11, p.comfortable_members, p.unmanageable_members) < 0.2
    assert partnerships.travel_factor(15, p.travel_too_far_minutes, p.travel_scale_minutes) > 0.9
    assert partnerships.travel_factor(40, p.travel_too_far_minutes, p.travel_scale_minutes) == pytest.approx(0.5)


def test_one_off_funding_runs_out_and_recurring_premium_keeps_activity_up():
    one_off = make_config("region=lincolnshire", "run.horizon_years=6")
    recurring = make_config(
        "region=lincolnshire",
        "run.horizon_years=6",
        "scenario.premium.enabled=true",
        "scenario.premium.amount_per_partnership=60000",
    )
    late = [2016, 2017]
    assert yearly_total(recurring, "partnership_activity", seeds=[1, 2], years=late) > yearly_total(
        one_off, "partnership_activity", seeds=[1, 2], years=late
    )
    assert yearly_total(one_off, "spent.programme", seeds=[1, 2], years=late) == 0


def test_assigned_grouping_respects_norm_cap_and_eligibility(model):
    model.step()
    parts = [p for p in model.partnerships if p.origin == "assigned"]
    assert parts, "the baseline grouping formed no partnerships"
    for p in parts:
        assert 2 <= len(p.members) <= 7
        assert all(s.roll <= 200 for s in p.members)


# ----- governors, executive heads, federations ---------------------------------------------
def test_church_mix_lowers_federation_consent(model):
    church = [s for s in model.schools if s.is_church][:2]
    mixed = [church[0], next(s for s in model.schools if not s.is_church)]
    for s in church + mixed:
        for g in s.governing_body.members:
            g.openness = 0.8
    same = sum(governance.consent_federation(model, church) for _ in range(400))
    mix = sum(governance.consent_federation(model, mixed) for _ in range(400))
    assert mix < same


def test_executive_head_lifts_led_school_quality(model):
    small = [s for s in model.schools if s.roll <= 110 and s.head is not None and not s.head.is_executive]
    strong = max(small, key=lambda s: s.quality)
    weak = min(small, key=lambda s: s.quality)
    start = weak.teachers.copy()
    model.term = 1  # spring: no yearly teacher turnover draws

    def weak_after_six_terms():
        for _ in range(6):
            outcomes.step(model)
        return weak.teachers.mean()

    own_head = weak_after_six_terms()
    weak.teachers[:] = start
    former = weak.head
    former.schools.remove(weak)
    weak.head = None
    headship.appoint(model, weak, strong.head, log=False)
    assert strong.head.is_executive
    assert weak_after_six_terms() > own_head


def test_joint_work_trains_governors(model):
    ps = _partnership(model)
    ps.activity = 1.0
    trained = ps.members[0].governing_body
    alone = next(s.governing_body for s in model.schools if not s.partnerships)
    for g in trained.members + alone.members:
        g.skill = 0.4
    model.term = 3  # an autumn term
    governance.step(model)
    assert trained.skill > alone.skill


# ----- money and outcomes -----------------------------------------------------------------
def test_sparsity_raises_income_of_small_remote_schools(model):
    school = next(s for s in model.schools if s.roll < 100)
    school.minutes_to_town = 30
    base = funding.formula_income(model, school)
    model.params.funding.sparsity_max = 40_000
    assert funding.formula_income(model, school) > base


def test_small_schools_have_noisier_results():
    rng = np.random.default_rng(0)
    small = [rng.normal(0, 0.8, 3).mean() for _ in range(2000)]
    large = [rng.normal(0, 0.8, 12).mean() for _ in range(2000)]
    assert np.std(small) > 1.5 * np.std(large)
    cfg = make_config("region=lincolnshire", "run.horizon_years=3")
    m = build_model(cfg, 2)
    while m.running:
        m.step()
    rates = {"small": [], "large": []}
    for s in m.schools:
        rates["small" if s.roll <= 110 else "large"].append(
            s.ks2_rate - outcomes.logistic(m.params.outcomes.ks2_intercept + m.params.outcomes.ks2_slope * s.quality)
        )
    assert np.std(rates["small"]) > np.std(rates["large"])


def test_headship_gaps_lower_quality(model):
    school = next(s for s in model.schools if s.roll <= 110 and s.head is not None and not s.head.is_executive)
    start = school.teachers.copy()
    model.term = 1
    outcomes.step(model)
    with_head = school.teachers.mean()
    school.teachers[:] = start
    school.head.absent_terms = 2
    school.cover = "deputy"
    outcomes.step(model)
    assert school.teachers.mean() < with_head


def test_executive_first_answer_fills_vacancies_without_adverts():
    base = make_config("run.horizon_years=6")
    push = make_config("run.horizon_years=6", "scenario=exec_headship_push")
    assert yearly_total(push, "adverts") < yearly_total(base, "adverts")
    assert yearly_total(push, "executive_at_vacancy") > yearly_total(base, "executive_at_vacancy")


def test_legal_commitment_keeps_partnerships_from_dissolving():
    free = make_config("region=lincolnshire", "run.horizon_years=5", "params.partnerships.fade_activity=0.6")
    bound = make_config(
        "region=lincolnshire",
        "run.horizon_years=5",
        "params.partnerships.fade_activity=0.6",
        "scenario.grouping.commitment_years=5",
    )
    assert yearly_total(bound, "partnerships", seeds=[1, 2], years=[2015]) > yearly_total(
        free, "partnerships", seeds=[1, 2], years=[2015]
    )


def test_head_changes_cost_trust_and_quality_during_a_run():
    cfg = make_config("region=lincolnshire", "run.horizon_years=3")
    model = build_model(cfg, 4)
    while model.running:
        model.step()
    assert sum(s.head_changes for s in model.schools) > 0
    assert any(e["event"] == "partnership_trust_lost" for e in model.events)


def test_federations_keep_a_head_under_executive_first():
    from sim.observe.invariants import check_all

    cfg = make_config("region=lincolnshire", "run.horizon_years=8", "scenario=exec_headship_push")
    model = build_model(cfg, 5)
    while model.running:
        model.step()
        check_all(model)
    for s in model.schools:
        fed = s.federation
        if fed is not None and s.head is None and s.vacancy is None:
            assert any(o.vacancy is not None for o in fed.members), f"federation school {s.urn} is orphaned"


def test_multi_year_startup_pays_once_a_year():
    cfg = make_config("region=lincolnshire", "run.horizon_years=3", "scenario=recurring_funding")
    model = build_model(cfg, 2)
    while model.running:
        model.step()
    released = {}
    for e in model.events:
        if e["event"] == "funding_released":
            released.setdefault((e["partnership"], e["year"]), 0)
            released[(e["partnership"], e["year"])] += 1
    assert released and max(released.values()) == 1
