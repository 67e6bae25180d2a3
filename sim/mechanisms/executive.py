"""Executive headship: one head leading two or more schools.

000_e0a2dbf228a17e9a.txt: a head leading several schools stops teaching ("does not have a
teaching workload"), stays ("a means to retain able headteachers"), and lifts the schools led
(Denton and Harlaxton; Holbeach Bank: the authority "brokered the partnership with a good
school and the appointment of an executive headteacher"). When recruitment fails the authority
brokers an interim executive head from a strong nearby school (Gipsey Bridge to Spilsby, a
25-minute drive); before 2012 it did so only now and then ("an opportunistic basis"). Governors
on either side may refuse, more so across church lines. The costs and limits of the role live
where they act: leadership time shared over the schools and the roads between them
(``leadership``), workload (``wellbeing``), pay (``funding``), at most ``max_schools`` schools.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable

from sim.mechanisms import governance, headship
from sim.state.agents import Cover, Headteacher, School
from sim.state.curves import AUTUMN, falling, reach, rising
from sim.state.world import World


def can_lead_another(model: World, head: Headteacher | None, extra: int = 1) -> bool:
    """A present head of a school of their own with room for ``extra`` more schools."""
    return (
        head is not None
        and head.absent_terms == 0
        and bool(head.schools)
        and head.n_led + extra <= model.params.executive.max_schools
    )


def search_minutes(model: World) -> float:
    """Drive beyond which sharing a head is no longer acceptable at all (where to look for one)."""
    ex = model.params.executive
    return reach(ex.broker_max_minutes, ex.broker_minutes_scale)


def appeal(model: World, school: School, head: Headteacher) -> float:
    """How acceptable ``head`` is to lead ``school`` (0-1): the quality of their own school and the drive."""
    ex = model.params.executive
    home = head.home
    return rising(home.quality, ex.quality_mid, ex.quality_scale) * falling(
        model.minutes_between(school, home), ex.broker_max_minutes, ex.broker_minutes_scale
    )


def drives_from(model: World, school: School, others: list[School] | None = None) -> Iterable[tuple[School, float]]:
    """Each of ``others`` (by default the schools within the search radius, nearest first) with how much the drive
    from ``school`` keeps of a head's ``appeal`` (its falling curve): fixed, as schools do not move, so the nearby
    schools' are remembered (as a compact array: England has some 16,700 schools with up to 40 neighbours each)."""
    ex = model.params.executive
    mid, scale = ex.broker_max_minutes, ex.broker_minutes_scale
    if others is not None:
        return [(other, falling(model.minutes_between(school, other), mid, scale)) for other in others]
    radius = search_minutes(model)
    places = model.memo("places")
    question = ("executive_drives", school.urn, radius, mid, scale)
    found = places.get(question)
    if found is None:
        near = tuple(model.neighbours(school, radius))
        drives = array("d", (falling(model.minutes_between(school, other), mid, scale) for other in near))
        found = places[question] = (near, drives)
    return zip(*found)


def find_executive(
    model: World, school: School, candidates: list[School] | None = None, extra: int = 1
) -> Headteacher | None:
    """The most acceptable nearby head able to take on ``school`` (and ``extra - 1`` federation partners).

    A head's appeal is the quality curve (at most 1) times the drive's (``drives_from``), so a school whose drive
    alone does not beat the best so far is passed over without reading its head: the same head is found."""
    ex = model.params.executive
    mid, scale = ex.quality_mid, ex.quality_scale
    best, best_appeal = None, 0.0
    for other, drive in drives_from(model, school, candidates):
        if drive <= best_appeal or other is school:
            continue
        head = other.head
        if not can_lead_another(model, head, extra) or head.home is not other:
            continue
        if school in head.schools or school in head.covering:
            continue
        a = rising(other.quality, mid, scale) * drive  # ``appeal``
        if a > best_appeal:
            best, best_appeal = head, a
    return best


def _both_consent(model: World, school: School, head: Headteacher) -> bool:
    return governance.consent_executive(
        model, school, head, appeal=appeal(model, school, head)
    ) and governance.consent_executive(model, head.home, head, losing_head_risk=head.ambition)


def offer_to_partner_head(model: World, school: School) -> bool:
    """At a vacancy, governors may offer the post to a trusted partner's head (ad hoc, as before 2012)."""
    ex = model.params.executive
    partnership = school.soft_partnership
    if not ex.enabled or partnership is None:
        return False
    willing = ex.at_vacancy_share * rising(partnership.trust, ex.partner_trust_mid, ex.partner_trust_scale)
    if model.chance("offer_partner_head", school) >= willing:
        return False
    head = find_executive(model, school, partnership.members)
    if head is None or not _both_consent(model, school, head):
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
    if head is None or not _both_consent(model, school, head):
        return False
    headship.appoint(model, school, head, reason="executive")
    model.flows["executive_at_vacancy"] += 1
    model.log("executive_appointed", school=school, head=head, reason="authority_default")
    return True


def _vacancy_schools(school: School) -> list[School]:
    """The schools one vacancy stands for: the school and its federation partners without a head."""
    return [school] + [s for s in headship.federation_partners(school) if s.head is None]


def broker(model: World, school: School, reason: str) -> bool:
    """The authority links a failing recruitment to a strong nearby head as interim executive head."""
    targets = _vacancy_schools(school)
    head = find_executive(model, school, extra=len(targets))
    if head is None:
        return False
    if not _both_consent(model, school, head):
        model.log("executive_refused", school=school, head=head)
        model.flows["executive_refused"] += 1
        return False
    for target in targets:
        target.cover = Cover.EXECUTIVE
        target.cover_head = head
        head.covering.append(target)
    model.flows["executive_brokered"] += 1
    model.log("executive_brokered", school=school, head=head, cover=Cover.EXECUTIVE, reason=reason)
    return True


def after_failed_advert(model: World, school: School) -> None:
    """After an advert fails: interim executive cover, brokered by policy or, now and then, ad hoc."""
    ex = model.params.executive
    vac = school.vacancy
    if not ex.enabled or vac is None or school.cover_head is not None:
        return
    la = model.authority
    if la.brokering:
        if vac.rounds >= la.broker_after_rounds:
            broker(model, school, "policy")
    elif model.chance("adhoc_broker", school) < ex.adhoc_broker_share:
        broker(model, school, "ad_hoc")


def step(model: World) -> None:
    """Interim arrangements made permanent; shared headships that end (the school seeks its own head again)."""
    ex = model.params.executive
    if not ex.enabled:
        return
    # schools found in one pass and checked again at their turn: an earlier school's change can end a later one's
    # cover, never start one (the same for executive heads below, whose standing down only ends arrangements)
    covered_vacancies = [s for s in model.schools if s.vacancy is not None and s.cover_head is not None]
    for school in covered_vacancies:
        vac = school.vacancy
        head = school.cover_head
        if vac is None or head is None:
            continue
        if model.chance("make_permanent", school) < ex.permanent_per_term and can_lead_another(model, head, 0):
            covered = [s for s in _vacancy_schools(school) if s.cover_head is head]
            headship.close_vacancy(model, school, "executive")
            for target in covered:
                headship.appoint(model, target, head, reason="executive")
    if model.term_in_year != AUTUMN:
        return
    p_revert = -math.expm1(-ex.revert_per_year)
    shared = [
        s
        for s in model.schools
        if (h := s.head) is not None and h.is_executive and h.home is not s and s.federation is None
    ]
    for school in shared:
        head = school.head
        if head is None or not head.is_executive or head.home is school or school.federation is not None:
            continue
        if model.chance("revert", school) < p_revert:
            headship.stand_down(model, head, school, "stood_down")
