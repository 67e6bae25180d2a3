"""Federations and multi-academy trusts: one governing body and one executive head for 2-3 schools.

000_e0a2dbf228a17e9a.txt: informal partnerships "may grow towards federation", usually when a
headship falls vacant or performance stays weak ("an external stimulus may be need to trigger
the formation of a federation or trust"); governing bodies can refuse, villages feel
"short-changed", and "it is often problematic for church and non-church schools to share the
same governance structure". Federations are mostly of "two or three schools".
"""

from __future__ import annotations

from sim.mechanisms import executive, governance, headship
from sim.state.agents import Form, Partnership, School
from sim.state.world import World


def federate(
    model: World, schools: list[School], *, origin: str, log: bool = True, allow_trust: bool = True
) -> Partnership:
    """Join ``schools`` under one governing body and the first school's head as executive head.

    If the lead school is an academy the group may form a multi-academy trust instead
    (``allow_trust``), in which case the partners convert.
    """
    f = model.params.federation
    lead = schools[0]
    head = lead.head
    rng = model.streams["federation"]
    as_trust = allow_trust and lead.academy and rng.random() < f.trust_share_academy  # partners join the lead's trust
    existing = next((s.federation for s in schools if s.federation is not None), None)
    if existing is not None:
        fed = existing
        for s in schools:
            if s not in fed.members:
                fed.add(s)
    else:
        fed = Partnership(
            model, members=list(schools), form=Form.TRUST if as_trust else Form.FEDERATION, trust=0.7, origin=origin
        )
        fed.activity = 0.6
    if fed.form == Form.TRUST:
        for school in fed.members:
            school.academy = True
    governance.merge_bodies(model, fed.members)
    for school in schools[1:]:
        if school.head is not None and school.head is not head:
            if log:
                headship.leave(model, school.head, "executive_change", taken_over=(school,))
            else:
                _retire_quietly(school)
        if school.vacancy is not None:
            headship.close_vacancy(model, school, "federation")
        headship.appoint(model, school, head, log=log, reason="federation")
    if log:
        model.flows["federations_formed"] += 1
        model.log(
            "federation_formed",
            school=lead,
            head=head,
            partnership=fed,
            form=fed.form.name.lower(),
            members=len(fed.members),
            origin=origin,
        )
    return fed


def _retire_quietly(school: School) -> None:
    """Initial state only: the second school's former head is not modelled."""
    head = school.head
    head.schools.remove(school)
    school.head = None
    if not head.schools:
        head.remove()


def _eligible_partner(model: World, school: School, partner: School) -> bool:
    f = model.params.federation
    fed = partner.federation
    size = len(fed.members) if fed is not None else 1
    return (
        partner is not school
        and size < f.max_size
        and school.federation is None
        and executive.can_lead_another(model, partner.head)
        and partner.head.home is partner
    )


def _propose(model: World, school: School, candidates: list[School], chance: float, origin: str) -> bool:
    rng = model.streams["federation"]
    if rng.random() >= min(1.0, chance * model.authority.federation_incentive):
        return False
    partners = [p for p in candidates if _eligible_partner(model, school, p)]
    if not partners:
        return False
    partner = max(partners, key=lambda p: p.quality - model.minutes_between(school, p) / 60.0)
    if not governance.consent_federation(model, [partner, school]):
        model.flows["federation_refused"] += 1
        model.log("federation_refused", school=school, origin=origin)
        return False
    federate(model, [partner, school], origin=origin)
    return True


def try_at_vacancy(model: World, school: School) -> bool:
    """A close partnership may federate when a headship falls vacant."""
    f = model.params.federation
    soft = school.soft_partnership
    if not f.enabled or soft is None or soft.trust < f.min_trust:
        return False
    return _propose(model, school, soft.members, f.at_vacancy_per_term, "vacancy")


def try_authority_trigger(model: World, school: School) -> bool:
    """External trigger: after persistent recruitment failure the authority proposes federation."""
    la = model.authority
    f = model.params.federation
    vac = school.vacancy
    if (
        not f.enabled
        or la.federation_trigger_rounds <= 0
        or vac is None
        or vac.rounds < la.federation_trigger_rounds
        or school.federation is not None
    ):
        return False
    candidates = model.neighbours(school, model.params.executive.broker_max_minutes)
    return _propose(model, school, candidates, 1.0, "authority_trigger")


def step(model: World) -> None:
    """Yearly (autumn): after poor results a trusting partnership may federate with a strong partner."""
    f = model.params.federation
    if not f.enabled or model.term_in_year != 0:
        return
    for school in model.schools:
        soft = school.soft_partnership
        if (
            school.federation is not None
            or soft is None
            or soft.trust < f.min_trust
            or not (school.grade >= 3 or school.below_floor)
            or school.head is None
            or school.head.is_executive
        ):
            continue
        _propose(model, school, soft.members, f.after_poor_results_per_year, "poor_results")
