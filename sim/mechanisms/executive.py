"""Executive headship: one head leading two or more schools.

000_e0a2dbf228a17e9a.txt: a head leading several schools stops teaching ("does not have a
teaching workload"), stays ("a means to retain able headteachers"), and lifts the schools led
(Denton and Harlaxton; Holbeach Bank: the authority "brokered the partnership with a good
school and the appointment of an executive headteacher"). When recruitment fails the authority
brokers an interim executive head from a strong nearby school (Gipsey Bridge to Spilsby, a
25-minute drive); governors on either side may refuse.
"""

from __future__ import annotations

from sim.mechanisms import governance, headship
from sim.state.agents import Cover, Headteacher, School
from sim.state.world import World


def schools_led_by_executives(model: World) -> int:
    return sum(1 for s in model.schools if s.head is not None and s.head.is_executive)


def can_lead_another(model: World, head: Headteacher | None) -> bool:
    ex = model.params.executive
    return (
        head is not None
        and head.absent_terms == 0
        and bool(head.schools)
        and head.n_led < ex.max_schools
        and head.home.quality >= ex.broker_min_quality
    )


def find_executive(model: World, school: School, candidates: list[School] | None = None) -> Headteacher | None:
    """The best nearby head able to take on ``school``: strong home school, close, with capacity."""
    ex = model.params.executive
    pool = candidates if candidates is not None else model.neighbours(school, ex.broker_max_minutes)
    best, best_score = None, -1e9
    for other in pool:
        head = other.head
        if other is school or not can_lead_another(model, head) or head.home is not other:
            continue
        minutes = model.minutes_between(school, other)
        if minutes > ex.broker_max_minutes:
            continue
        score = other.quality + 0.3 * head.skill - minutes / 60.0
        if score > best_score:
            best, best_score = head, score
    return best


def offer_to_partner_head(model: World, school: School) -> bool:
    """At a vacancy, governors may offer the post to a trusted partner's head (ad hoc, as before 2012)."""
    ex = model.params.executive
    if not ex.enabled or school.soft_partnership is None:
        return False
    partnership = school.soft_partnership
    if partnership.trust < 0.4 or model.streams["executive"].random() >= ex.at_vacancy_share:
        return False
    head = find_executive(model, school, partnership.members)
    if head is None or not governance.consent_executive(model, school):
        return False
    if not governance.consent_executive(model, head.home, losing_head_risk=head.ambition):
        return False
    headship.appoint(model, school, head, reason="executive")
    model.flows["executive_at_vacancy"] += 1
    model.log("executive_appointed", school=school, head=head, reason="partner_head_at_vacancy")
    return True


def appoint_nearby(model: World, school: School) -> bool:
    """Executive headship as the default answer to a vacancy: a strong nearby head takes the school on."""
    if not model.params.executive.enabled:
        return False
    head = find_executive(model, school)
    if head is None or not (
        governance.consent_executive(model, school)
        and governance.consent_executive(model, head.home, losing_head_risk=head.ambition)
    ):
        return False
    headship.appoint(model, school, head, reason="executive")
    model.flows["executive_at_vacancy"] += 1
    model.log("executive_appointed", school=school, head=head, reason="authority_default")
    return True


def broker(model: World, school: School) -> bool:
    """The authority links a failing recruitment to a strong nearby head as interim executive head."""
    head = find_executive(model, school)
    if head is None:
        return False
    if not (
        governance.consent_executive(model, school)
        and governance.consent_executive(model, head.home, losing_head_risk=head.ambition)
    ):
        model.log("executive_refused", school=school, head=head)
        model.flows["executive_refused"] += 1
        return False
    school.cover = Cover.EXECUTIVE
    school.cover_head = head
    head.covering.append(school)
    model.flows["executive_brokered"] += 1
    model.log("executive_brokered", school=school, head=head, cover=Cover.EXECUTIVE)
    return True


def step(model: World) -> None:
    """Make interim executive arrangements permanent, and broker new ones where adverts failed."""
    ex = model.params.executive
    if not ex.enabled:
        return
    la = model.authority
    rng = model.streams["executive"]
    for school in model.schools:
        vac = school.vacancy
        if vac is None:
            continue
        if school.cover_head is not None:
            if rng.random() < ex.permanent_per_term:
                head = school.cover_head
                headship.close_vacancy(model, school, "executive")
                headship.appoint(model, school, head, reason="executive")
        elif la.brokering and vac.rounds >= la.broker_after_rounds and school.cover != Cover.HEAD_OF_SCHOOL:
            broker(model, school)
