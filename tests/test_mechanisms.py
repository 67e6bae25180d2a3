"""Each mechanism moves things in the direction the documents describe."""

import numpy as np
import pytest

from sim.mechanisms import funding, governance, headship, moves, outcomes, partnerships, recruitment, wellbeing
from sim.running.run import build_model, run_model
from sim.state.agents import Partnership
from sim.state.curves import between, falling, hump, hump_each, rising, rising_each
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


def _plain_head(model, small=True):
    return next(
        s.head
        for s in model.schools
        if (s.roll <= 110) == small and s.head is not None and not s.head.is_executive and s.head.absent_terms == 0
    )


# ----- recruitment ------------------------------------------------------------------------
SCARCE = [
    "params.recruitment.pool_applications_per_year=0.1",
    "params.recruitment.head_applications_per_year=0.1",
    "region.outside_applicants=0.3",
]


@pytest.mark.slow
def test_fewer_applicants_means_more_unfilled_vacancies_and_gaps():
    base = make_config("run.horizon_years=8")
    scarce = make_config("run.horizon_years=8", *SCARCE)
    assert yearly_total(scarce, "applicants_per_advert") < yearly_total(base, "applicants_per_advert")
    assert yearly_total(scarce, "unfilled_vacancies") > yearly_total(base, "unfilled_vacancies")
    assert yearly_total(scarce, "gap_terms") > yearly_total(base, "gap_terms")


@pytest.mark.slow
def test_higher_appointment_bar_means_more_readverts():
    base = make_config("run.horizon_years=8")
    picky = make_config("run.horizon_years=8", "params.recruitment.appoint_bar=1.5")
    assert yearly_total(picky, "adverts") > yearly_total(base, "adverts")


@pytest.mark.slow
def test_attractiveness_by_size_church_remoteness_and_partnership(county):
    small = next(s for s in county.schools if s.roll <= 90 and s.religion == "community" and not s.partnerships)
    large = next(s for s in county.schools if s.roll > 300 and s.religion == "community" and not s.partnerships)
    small.minutes_to_town = large.minutes_to_town = 0
    assert recruitment.attractiveness(county, small) < recruitment.attractiveness(county, large)
    base = recruitment.expected_applicants(county, small)
    small.religion = "VA"
    assert recruitment.expected_applicants(county, small) < base
    small.religion = "community"
    small.minutes_to_town = 40
    assert recruitment.expected_applicants(county, small) < base
    small.minutes_to_town = 0
    ps = Partnership(county, members=[small, large])
    ps.activity = 1.0
    assert recruitment.expected_applicants(county, small) > base


@pytest.mark.slow
def test_brokering_executive_heads_lowers_headship_gaps():
    common = ["region=lincolnshire", "run.horizon_years=8", "params.spinup.years=15"]
    with_broker = make_config(*common)
    # no brokering at all: the lever off and none of the authority's occasional ad hoc brokering either
    without = make_config(*common, "scenario.broker_executive.enabled=false", "params.executive.adhoc_broker_share=0")
    assert yearly_total(with_broker, "executive_brokered") > 0
    assert yearly_total(with_broker, "executive_brokered") > yearly_total(without, "executive_brokered")
    assert yearly_total(with_broker, "gap_terms") < yearly_total(without, "gap_terms")


@pytest.mark.slow
def test_a_move_opens_a_vacancy_chain(county):
    """A head appointed to a bigger school of the region leaves a vacancy behind; nobody is lost or counted twice."""
    mover = next(h for h in county.heads_in_post() if h.schools and not h.is_executive and h.home.roll < 150)
    origin = mover.home
    target = next(
        s for s in county.schools if s.roll > 2 * origin.roll and s.head is not None and not s.head.is_executive
    )
    heads = len(county.heads_in_post())
    headship.leave(county, target.head, "retirement")
    county.flows.clear()
    headship.move(county, mover, target)
    assert target.head is mover and mover.schools == [target]
    assert origin.head is None and (origin, "moved") in county.vacated
    assert len(county.heads_in_post()) == heads - 1  # the retired head is gone; the mover is counted once
    assert county.flows["exits.moved"] == 1
    recruitment.open_vacancies(county)
    assert origin.head is not None or origin.vacancy is not None  # the chain goes on at the origin
    assert not county.vacated


@pytest.mark.slow
def test_moves_within_the_region_fill_vacancies_in_a_run():
    cfg = make_config("region=lincolnshire", "run.horizon_years=4", "params.spinup.years=10")
    model = build_model(cfg, 3)
    while model.running:
        model.step()
    moved_in = [e for e in model.events if e["event"] == "head_appointed" and e["reason"] == "moved_in"]
    moved_out = [e for e in model.events if e["event"] == "head_exit" and e["reason"] == "moved"]
    assert moved_in and len({e["head"] for e in moved_in}) == len({e["head"] for e in moved_out})


# ----- heads leaving ----------------------------------------------------------------------
@pytest.mark.slow
def test_seeking_peaks_a_couple_of_years_into_a_post(county):
    head = _plain_head(county)
    head.age, head.ambition = 38, 0.7
    rates = {}
    for years in (0.3, 2.5, 15):
        head.started_term = county.term - int(3 * years)
        rates[years] = moves.yearly_seek_hazard(county, head)
    assert rates[2.5] > rates[0.3] and rates[2.5] > rates[15] > 0


@pytest.mark.slow
def test_small_school_ambitious_young_heads_seek_more(county):
    small, large = _plain_head(county, True), _plain_head(county, False)
    for h in (small, large):
        h.age, h.ambition = 40, 0.7
        h.started_term = county.term - 8
    assert moves.yearly_seek_hazard(county, small) > moves.yearly_seek_hazard(county, large)
    young = moves.yearly_seek_hazard(county, small)
    small.age = 58
    assert moves.yearly_seek_hazard(county, small) < young
    small.age, small.ambition = 40, 0.2
    assert moves.yearly_seek_hazard(county, small) < young


@pytest.mark.slow
def test_leading_more_schools_holds_a_head_once(county):
    """An executive head's bigger job lowers the pull to move (counted once: through the pupils led)."""
    head = _plain_head(county)
    head.age, head.ambition, head.started_term = 38, 0.8, county.term - 8
    alone = moves.yearly_seek_hazard(county, head)
    other = next(s for s in county.schools if s.head is not None and s.head is not head and s.roll > 100)
    head.covering.append(other)
    assert moves.yearly_seek_hazard(county, head) < alone
    head.covering.clear()


@pytest.mark.slow
def test_retirement_switch_and_age():
    on = make_config("run.horizon_years=10")
    off = make_config("run.horizon_years=10", "params.retirement.enabled=false")
    assert yearly_total(on, "exits.retirement", seeds=[1, 2]) > 0
    assert yearly_total(off, "exits.retirement", seeds=[1, 2]) == 0
    early = make_config("run.horizon_years=10", "params.retirement.mean_age=56", "params.retirement.min_age=50")
    seeds = range(1, 9)  # a small region retires a few heads a year: enough years and seeds to see the share
    assert yearly_total(early, "mean_head_age", seeds=seeds) < yearly_total(on, "mean_head_age", seeds=seeds)
    share = {  # more careers end in retirement when it comes earlier
        name: yearly_total(cfg, "exits.retirement", seeds=seeds) / yearly_total(cfg, "exits", seeds=seeds)
        for name, cfg in (("early", early), ("on", on))
    }
    assert share["early"] > share["on"]


@pytest.mark.slow
def test_low_wellbeing_raises_exits_and_support_restores_wellbeing(county):
    head = _plain_head(county)
    head.wellbeing = 0.2
    low = wellbeing.yearly_exit_hazard(county, head)
    head.wellbeing = 0.9
    assert low > wellbeing.yearly_exit_hazard(county, head)
    isolated = next(
        s.head for s in county.schools if s.roll <= 110 and not s.partnerships and s.head and not s.head.is_executive
    )
    supported = next(
        s.head for s in county.schools if s.roll <= 110 and s.soft_partnership and s.head and not s.head.is_executive
    )
    supported.home.soft_partnership.activity = 0.9
    for h in (isolated, supported):
        h.wellbeing, h.started_term = 0.6, county.term - 30
    assert wellbeing.wellbeing_change(county, supported) > wellbeing.wellbeing_change(county, isolated)


@pytest.mark.slow
def test_new_heads_are_strained_and_isolation_fades_with_size(county):
    head = _plain_head(county)
    head.wellbeing = 0.6
    head.started_term = county.term - 30
    settled = wellbeing.wellbeing_change(county, head)
    head.started_term = county.term
    assert wellbeing.wellbeing_change(county, head) < settled
    w = county.params.wellbeing
    assert falling(60, w.isolation_mid_roll, w.isolation_roll_scale) > falling(
        400, w.isolation_mid_roll, w.isolation_roll_scale
    )


@pytest.mark.slow
def test_executive_workload_lowers_wellbeing(county):
    head = _plain_head(county, small=False)
    head.wellbeing, head.started_term = 0.7, county.term - 30
    partners = [s for s in county.neighbours(head.home, 40) if s.head is not None and s.head is not head][:3]
    head.covering.append(partners[0])
    two = wellbeing.wellbeing_change(county, head)
    head.covering.extend(partners[1:3])
    assert wellbeing.wellbeing_change(county, head) < two
    county.params.wellbeing.travel_strain_per_minute *= 10
    assert wellbeing.wellbeing_change(county, head) < two
    head.covering.clear()


# ----- partnerships -----------------------------------------------------------------------
def _partnership(model, n=4):
    small = [s for s in model.schools if s.roll <= 110 and not s.partnerships]
    first = small[0]
    members = [first] + [s for s in model.neighbours(first, 30) if s in small][: n - 1]
    return Partnership(model, members=members, trust=0.6)


@pytest.mark.slow
def test_head_change_lowers_partnership_trust(county):
    ps = _partnership(county)
    before = ps.trust
    headship.change_of_head(county, ps.members[0])
    assert ps.trust < before
    written_in = ps.trust
    county.authority.trust_loss_factor = 0.3  # collaboration written into appointments
    headship.change_of_head(county, ps.members[0])
    assert written_in - ps.trust < before - written_in


@pytest.mark.slow
def test_money_running_out_lowers_activity(county):
    ps = _partnership(county)
    minutes = partnerships.mean_minutes(county, ps)
    ps.funds = 50_000
    funded = partnerships.target_activity(county, ps, minutes)
    ps.funds = 0
    assert partnerships.target_activity(county, ps, minutes) < funded
    for s in ps.members:
        s.reserves = -0.05 * s.income  # in deficit: nothing more from the schools' own budgets
    assert partnerships.target_activity(county, ps, minutes) < funded


@pytest.mark.slow
def test_dedicated_leadership_adviser_raise_and_competition_lowers_activity(county):
    ps = _partnership(county)
    ps.funds = 50_000
    minutes = partnerships.mean_minutes(county, ps)
    plain = partnerships.target_activity(county, ps, minutes)
    ps.dedicated = True
    assert partnerships.target_activity(county, ps, minutes) > plain
    ps.dedicated, ps.adviser = False, True
    assert partnerships.target_activity(county, ps, minutes) > plain
    ps.adviser = False
    apart = partnerships.target_activity(county, ps, minutes)
    for s in ps.members:
        s.x, s.y = ps.members[0].x, ps.members[0].y
    county.refresh_index()  # schools have moved: what the county keeps about places no longer holds
    assert partnerships.competition(county, ps) > 0.9
    assert partnerships.target_activity(county, ps, minutes) < apart


@pytest.mark.slow
def test_coordination_costs_rise_with_members_and_travel(county):
    p = county.params.partnerships
    assert between(5, p.comfortable_members, p.unmanageable_members) > 0.9
    assert between(11, p.comfortable_members, p.unmanageable_members) < 0.1
    assert falling(15, p.travel_too_far_minutes, p.travel_scale_minutes) > 0.9
    assert falling(40, p.travel_too_far_minutes, p.travel_scale_minutes) == pytest.approx(0.5)


@pytest.mark.slow
def test_one_off_funding_runs_out_and_recurring_premium_keeps_activity_up():
    one_off = make_config("region=lincolnshire", "run.horizon_years=6", "params.spinup.years=10")
    recurring = make_config(
        "region=lincolnshire",
        "run.horizon_years=6",
        "params.spinup.years=10",
        "scenario.premium.enabled=true",
        "scenario.premium.amount_per_partnership=60000",
    )
    late = [2016, 2017]
    assert yearly_total(recurring, "partnership_activity", seeds=[1, 2], years=late) > yearly_total(
        one_off, "partnership_activity", seeds=[1, 2], years=late
    )
    assert yearly_total(one_off, "programme_granted", seeds=[1, 2], years=late) == 0


@pytest.mark.slow
def test_assigned_grouping_respects_norm_cap_and_eligibility(county):
    county.step()
    parts = [p for p in county.partnerships if p.origin == "assigned"]
    assert parts, "the baseline grouping formed no partnerships"
    for p in parts:
        assert 2 <= len(p.members) <= 7
        assert all(s.roll <= 200 for s in p.members)


@pytest.mark.slow
def test_ad_hoc_partnerships_form_without_a_programme():
    cfg = make_config("region=lincolnshire", "scenario=no_programme", "run.horizon_years=2", "params.spinup.years=15")
    model = build_model(cfg, 1)
    assert any(p.origin == "ad_hoc" for p in model.partnerships)
    none = make_config(
        "region=lincolnshire",
        "scenario=no_programme",
        "run.horizon_years=2",
        "params.spinup.years=15",
        "params.partnerships.adhoc_per_year=0",
    )
    assert not any(p.origin == "ad_hoc" for p in build_model(none, 1).partnerships)


# ----- governors, executive heads, federations ---------------------------------------------
@pytest.mark.slow
def test_church_mix_lowers_federation_consent(county):
    church = [s for s in county.schools if s.is_church][:2]
    mixed = [church[0], next(s for s in county.schools if not s.is_church)]
    for s in church + mixed:
        county.governors.openness[s.governing_body.rows] = 0.8
    same = mix = 0
    for term in range(400):
        county.term = term
        same += governance.consent_federation(county, church)
        mix += governance.consent_federation(county, mixed)
    assert mix < same


@pytest.mark.slow
def test_executive_head_lifts_led_school_quality(county):
    small = [s for s in county.schools if s.roll <= 110 and s.head is not None and not s.head.is_executive]
    strong = max(small, key=lambda s: s.quality)
    weak = min(small, key=lambda s: s.quality)
    start = weak.teachers.copy()
    county.term = 1  # spring: no yearly teacher turnover draws

    def weak_after_six_terms():
        for _ in range(6):
            outcomes.step(county)
        return weak.teachers.mean()

    own_head = weak_after_six_terms()
    weak.teachers[:] = start
    former = weak.head
    former.schools.remove(weak)
    weak.head = None
    headship.appoint(county, weak, strong.head, log=False)
    assert strong.head.is_executive
    assert weak_after_six_terms() > own_head


@pytest.mark.slow
def test_joint_work_trains_governors(county):
    ps = _partnership(county)
    ps.activity = 1.0
    trained = ps.members[0].governing_body
    alone = next(s.governing_body for s in county.schools if not s.partnerships)
    county.governors.skill[trained.rows + alone.rows] = 0.4
    county.term = 3  # an autumn term
    governance.step(county)
    assert trained.skill > alone.skill


@pytest.mark.slow
def test_federations_form_from_mechanisms_without_a_programme():
    cfg = make_config("region=lincolnshire", "scenario=no_programme", "run.horizon_years=2", "params.spinup.years=25")
    assert any(p.form.is_hard for p in build_model(cfg, 2).partnerships)
    off = make_config(
        "region=lincolnshire",
        "scenario=no_programme",
        "run.horizon_years=2",
        "params.spinup.years=25",
        "params.federation.enabled=false",
    )
    assert not any(p.form.is_hard for p in build_model(off, 2).partnerships)


@pytest.mark.slow
def test_executive_pay_is_a_cost_to_the_schools_led(county):
    head = _plain_head(county, small=False)
    other = next(s for s in county.neighbours(head.home, 40) if s.head is not None and s.head is not head)
    head.covering.append(other)
    before = head.home.reserves + other.reserves
    funding.pay_executive_costs(county)
    f = county.params.funding
    assert head.home.reserves + other.reserves == pytest.approx(
        before - f.executive_uplift_per_school - 2 * f.head_of_school_allowance  # a head of school in each
    )
    head.covering.clear()


# ----- money and outcomes -----------------------------------------------------------------
@pytest.mark.slow
def test_sparsity_raises_income_of_small_remote_schools(county):
    school = next(s for s in county.schools if s.roll < 100)
    school.minutes_to_town = 30
    base = funding.formula_income(county, school)
    county.params.funding.sparsity_max = 40_000
    assert funding.formula_income(county, school) > base


@pytest.mark.slow
def test_lump_sum_rise_as_new_money_or_within_a_fixed_block(county):
    small = min(county.schools, key=lambda s: s.roll)
    large = max(county.schools, key=lambda s: s.roll)
    before = {s: funding.formula_income(county, s) for s in (small, large)}
    block = sum(funding.formula_income(county, s) for s in county.schools)
    county.authority.lump_sum = 115_000
    county.authority.lump_sum_mode = "redistribute"
    assert funding.formula_income(county, small) > before[small]
    assert funding.formula_income(county, large) < before[large]
    assert sum(funding.formula_income(county, s) for s in county.schools) == pytest.approx(block)
    county.authority.lump_sum_mode = "new_money"
    assert sum(funding.formula_income(county, s) for s in county.schools) > block


@pytest.mark.slow
def test_small_schools_have_noisier_results():
    cfg = make_config("region=lincolnshire", "run.horizon_years=3", "params.spinup.years=10")
    m = build_model(cfg, 2)
    while m.running:
        m.step()
    rates = {"small": [], "large": []}
    o = m.params.outcomes
    for s in m.schools:
        rates["small" if s.roll <= 110 else "large"].append(
            s.ks2_rate - outcomes.logistic(o.ks2_intercept + o.ks2_slope * s.quality)
        )
    assert np.std(rates["small"]) > np.std(rates["large"])


@pytest.mark.slow
def test_headship_gaps_lower_quality(county):
    school = next(s for s in county.schools if s.roll <= 110 and s.head is not None and not s.head.is_executive)
    start = school.teachers.copy()
    county.term = 1
    outcomes.step(county)
    with_head = school.teachers.mean()
    school.teachers[:] = start
    school.head.absent_terms = 2
    school.cover = "deputy"
    outcomes.step(county)
    assert school.teachers.mean() < with_head


@pytest.mark.slow
def test_floor_standard_needs_weak_progress_in_every_subject(county):
    """Fewer schools fall below the floor when progress must be weak in three subjects rather than two."""
    counts = {}
    for year_rule in (2100, 1990):  # 2011 rule (English and maths) vs 2013 rule (reading, writing, maths)
        county.params.outcomes.floor_rwm_from_year = year_rule
        county.params.outcomes.floor_min_cohort = 1
        total = 0
        for term in range(2, 2 + 3 * 30, 3):
            county.term = term
            outcomes.key_stage_2(county)
            total += sum(s.below_floor for s in county.schools)
        counts[year_rule] = total
    assert counts[1990] < counts[2100]


@pytest.mark.slow
def test_executive_first_answer_fills_vacancies_without_adverts():
    base = make_config("run.horizon_years=6")
    push = make_config("run.horizon_years=6", "scenario=exec_headship_push")
    assert yearly_total(push, "adverts") < yearly_total(base, "adverts")
    assert yearly_total(push, "executive_at_vacancy") > yearly_total(base, "executive_at_vacancy")


@pytest.mark.slow
def test_legal_commitment_keeps_partnerships_from_dissolving():
    common = [
        "region=lincolnshire",
        "run.horizon_years=5",
        "params.spinup.years=10",
        "params.partnerships.fade_activity=0.6",
    ]
    free = make_config(*common)
    bound = make_config(*common, "scenario.grouping.commitment_years=5")
    assert yearly_total(bound, "partnerships", seeds=[1, 2], years=[2015]) > yearly_total(
        free, "partnerships", seeds=[1, 2], years=[2015]
    )


@pytest.mark.slow
def test_head_changes_cost_trust_and_quality_during_a_run():
    cfg = make_config("region=lincolnshire", "run.horizon_years=3", "params.spinup.years=10")
    model = build_model(cfg, 4)
    while model.running:
        model.step()
    assert sum(s.head_changes for s in model.schools) > 0
    assert any(e["event"] == "partnership_trust_lost" for e in model.events)


@pytest.mark.slow
def test_federations_keep_a_head_under_executive_first():
    cfg = make_config(
        "region=lincolnshire", "run.horizon_years=8", "params.spinup.years=10", "scenario=exec_headship_push"
    )
    model = build_model(cfg, 5, check=True)
    while model.running:
        model.step()
    for s in model.schools:
        fed = s.federation
        if fed is not None and s.head is None and s.vacancy is None:
            assert any(o.vacancy is not None for o in fed.members), f"federation school {s.urn} is orphaned"


@pytest.mark.slow
def test_federation_vacancies_get_interim_executive_cover():
    cfg = make_config(
        "region=lincolnshire",
        "run.horizon_years=10",
        "params.spinup.years=25",
        "params.federation.defederate_at_exit=0",
    )
    covered = 0
    for seed in (6, 7, 8):
        model = build_model(cfg, seed)
        while model.running:
            model.step()
            covered += sum(
                1
                for s in model.schools
                if s.federation is not None and s.vacancy is not None and s.cover_head is not None
            )
    assert covered > 0


@pytest.mark.slow
def test_multi_year_startup_pays_once_a_year():
    cfg = make_config(
        "region=lincolnshire", "run.horizon_years=3", "params.spinup.years=10", "scenario=recurring_funding"
    )
    model = build_model(cfg, 2)
    while model.running:
        model.step()
    released = {}
    for e in model.events:
        if e["event"] == "funding_released":
            released.setdefault((e["partnership"], e["year"]), 0)
            released[(e["partnership"], e["year"])] += 1
    assert released and max(released.values()) == 1


@pytest.mark.slow
def test_array_forms_give_the_scalar_rules_numbers(county):
    heads = [h for h in county.heads_in_post() if h.schools]
    one_by_one = [moves.yearly_seek_hazard(county, h) for h in heads]
    np.testing.assert_allclose(moves.yearly_seek_hazards(county, heads), one_by_one, rtol=1e-12, atol=0)
    x = np.linspace(-40.0, 260.0, 301)
    np.testing.assert_allclose(rising_each(x, 110.0, 15.0), [rising(v, 110.0, 15.0) for v in x], rtol=1e-12)
    t = np.linspace(-1.0, 30.0, 125)
    np.testing.assert_allclose(hump_each(t, 3.0, 1.5), [hump(v, 3.0, 1.5) for v in t], rtol=1e-12, atol=1e-300)
    heads = county.heads_in_post()
    np.testing.assert_allclose(
        wellbeing.wellbeing_changes(county, heads), [wellbeing.wellbeing_change(county, h) for h in heads], rtol=1e-12
    )


@pytest.mark.slow
def test_candidates_within_reach_are_the_same_from_the_matrix_and_from_rows(county):
    with recruitment.held_candidates(county):
        group = recruitment.candidates(county).group
        reach = recruitment._reach(county)
        assert reach.dense is not None  # a county keeps every pair
        schools = county.schools[::25]
        from_matrix = [group.near(county, s) for s in schools]
        dense, reach.dense = reach.dense, None  # as in England: rows found on demand
        try:
            from_rows = [group.near(county, s) for s in schools]
        finally:
            reach.dense = dense
    for (i, w), (j, v) in zip(from_matrix, from_rows):
        order = np.argsort(j)
        np.testing.assert_array_equal(i, j[order])
        np.testing.assert_array_equal(w, v[order])
    assert sum(len(i) for i, _ in from_matrix) > 0


@pytest.mark.slow
def test_offers_found_together_are_those_found_one_by_one(county):
    """An advert's candidates and draws are found with those of other adverts due that term: the same numbers."""
    with recruitment.held_candidates(county):
        c = recruitment.candidates(county)
        positions = [s.position for s in county.schools[::20]]
        reach = recruitment._reach(county)
        for dense in (reach.dense, None):  # the county's matrix, and rows as England finds them
            saved, reach.dense = reach.dense, dense
            try:
                together = recruitment.offers(county, c, positions)
                alone = {i: recruitment.offers(county, c, [i])[i] for i in positions}
            finally:
                reach.dense = saved
            for i in positions:
                a, b = together[i], alone[i]
                for name in ("idx", "rate", "near", "interest", "spread", "u"):
                    np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
                single = county.draws.uniform("apply", county.term, c.group.keys[a.idx], county.schools[i].key)
                np.testing.assert_array_equal(a.u, single)
        assert sum(len(together[i].idx) for i in positions) > 0


@pytest.mark.slow
def test_compiled_applicants_are_the_numpy_paths(county, monkeypatch):
    """A large region's adverts find their applicants in one compiled pass (``recruitment.compiled_applicants``):
    the same candidates, bit for bit, as the numpy path's offers and chances, including seeking heads and a head's
    own school (which they never apply to). Posts are made very attractive so that many apply."""
    appeal = recruitment.attractiveness
    monkeypatch.setattr(recruitment, "attractiveness", lambda m, s: 40.0 * appeal(m, s))
    with recruitment.held_candidates(county):
        c = recruitment.candidates(county)
        reach = recruitment._reach(county)
        saved, reach.dense = reach.dense, None  # rows as England finds them
        try:
            own_seeker = [s for s in county.schools if s.head is not None and id(s.head) in c.position]
            schools = county.schools[::7] + own_seeker[:5]
            assert own_seeker, "a seeking head's own school is among the cases"
            applied = n_heads = 0
            for school in schools:
                found = recruitment.offers(county, c, [school.position])[school.position]
                idx, chance, outside = recruitment.application_chances(county, school, found)
                expected = np.sort(idx[found.u < chance])
                got, got_outside = recruitment._applying_compiled(county, c, school)
                np.testing.assert_array_equal(got, expected)
                assert got_outside == outside
                if school.head is not None and id(school.head) in c.position:
                    assert c.position[id(school.head)] not in got
                applied += len(got)
                n_heads += int((got >= c.n_pool).sum())
        finally:
            reach.dense = saved
    assert applied > 100 and n_heads > 0


def test_compiled_reach_rows_are_numpys():
    """A large region's reach rows come from a compiled distance test: the same schools and minutes as numpy's."""
    from sim.state.world import REACH_DENSE_MAX, Reach, compiled_within_reach, within_reach_numpy

    within_reach = compiled_within_reach()

    rng = np.random.default_rng(4)
    xy = rng.uniform(0.0, 150.0, size=(REACH_DENSE_MAX + 300, 2))
    reach = Reach(xy, 1.6, 45.0, 8.0, budget=30_000)
    for i in (0, 99, 1_234, REACH_DENSE_MAX + 299):
        members, x, y = reach._block(i)
        args = (members, x, y, xy[i, 0], xy[i, 1], reach.km, 1.6)
        (a, m), (b, n) = within_reach(*args), within_reach_numpy(*args)
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(m, n)
        assert 0 < len(a) < len(members)


def test_reach_rows_are_a_ball_querys_and_the_curves_whether_kept_or_not():
    """Rows found on a grid (England's adverts, the sums of every row) hold the schools a KD-tree finds within
    reach, with the reach curve's weight of each, whether kept from an earlier question or found afresh."""
    from scipy.spatial import cKDTree

    from sim.state.curves import rising
    from sim.state.world import REACH_DENSE_MAX, Reach

    rng = np.random.default_rng(3)
    xy = rng.uniform(0.0, 150.0, size=(REACH_DENSE_MAX + 300, 2))  # beyond the matrix: rows on demand
    reach = Reach(xy, 1.6, 45.0, 8.0, budget=30_000)
    assert reach.dense is None
    asked = [5, 17, 2_000, 17, 2_799, 40]
    together = reach.rows(asked)
    tree = cKDTree(xy)
    for i, (members, weights) in zip(asked, together):
        expected = sorted(tree.query_ball_point(xy[i], reach.km))
        np.testing.assert_array_equal(members, expected)
        minutes = np.hypot(*(xy[members] - xy[i]).T) * 1.6
        np.testing.assert_allclose(weights, [1.0 - rising(m, 45.0, 8.0) for m in minutes], rtol=1e-12, atol=1e-15)
        alone = reach._row(i)
        np.testing.assert_array_equal(members, alone[0])
        np.testing.assert_array_equal(weights, alone[1])
    totals = reach.totals()
    np.testing.assert_array_equal(totals[asked], [float(reach._row(i)[1].sum()) for i in asked])
    from sim.state import world

    again = Reach(xy, 1.6, 45.0, 8.0, budget=30_000).totals()  # the same region: the sums kept for the process
    assert again is totals
    world._TOTALS.clear()
    np.testing.assert_array_equal(Reach(xy, 1.6, 45.0, 8.0, budget=30_000).totals(), totals)  # found afresh
    moved = xy.copy()
    moved[0] += 1.0
    assert not np.array_equal(Reach(moved, 1.6, 45.0, 8.0, budget=30_000).totals(), totals)  # another region
    assert not np.array_equal(Reach(xy, 1.6, 45.0, 9.0, budget=30_000).totals(), totals)  # another curve
    assert reach.budget < 30_000 and len(reach._rows) >= 1
