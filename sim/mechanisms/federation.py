"""Federations and multi-academy trusts: one governing body and one executive head for 2-3 schools.

000_e0a2dbf228a17e9a.txt: informal partnerships "may grow towards federation", usually when a
headship falls vacant or performance stays weak ("an external stimulus may be need to trigger
the formation of a federation or trust"), or where schools already share an executive head
(Denton and Harlaxton: caretaker head, then federation); governing bodies can refuse, villages
feel "short-changed", and "it is often problematic for church and non-church schools to share the
same governance structure". Federations are mostly of "two or three schools"; a federation led by
an academy may become a multi-academy trust (Gipsey Bridge's ISIS trust). Federations can
separate again, most often when their executive head leaves.
"""

from __future__ import annotations

import math

import numpy as np

from sim.mechanisms import executive, governance, headship
from sim.state.agents import WEAK_GRADES, Form, Partnership, School
from sim.state.curves import AUTUMN, rising
from sim.state.world import World


def federate(model: World, schools: list[School], *, origin: str) -> Partnership:
    """Join ``schools`` under one governing body and the first school's head as executive head."""
    f = model.params.federation
    lead = schools[0]
    head = lead.head
    existing = next((s.federation for s in schools if s.federation is not None), None)
    if existing is not None:
        fed = existing
        for s in schools:
            if s not in fed.members:
                fed.add(s)
    else:
        as_trust = lead.academy and model.chance("becomes_trust", lead) < f.trust_share_academy
        soft = lead.soft_partnership
        trust = soft.trust if soft is not None else model.params.partnerships.initial_trust
        fed = Partnership(
            model, members=list(schools), form=Form.TRUST if as_trust else Form.FEDERATION, trust=trust, origin=origin
        )
        fed.activity = model.params.partnerships.hard_activity
    if fed.form == Form.TRUST:
        for school in fed.members:
            school.academy = True
    governance.merge_bodies(model, fed.members)
    for school in schools[1:]:
        if school.head is head:
            continue  # already shared this head
        if school.head is not None:
            headship.leave(model, school.head, "executive_change", taken_over=(school,))
        headship.close_vacancy(model, school, "federation")
        headship.appoint(model, school, head, reason="federation")
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


def _eligible_partner(model: World, school: School, partner: School) -> bool:
    f = model.params.federation
    fed = partner.federation
    size = len(fed.members) if fed is not None else 1
    head = partner.head
    extra = 0 if head is not None and head is school.head else 1
    return (
        partner is not school
        and size < f.max_size
        and school.federation is None
        and executive.can_lead_another(model, head, extra)
        and head.home is partner
    )


def _propose(
    model: World, school: School, candidates: list[School], chance: float, origin: str, u: float | None = None
) -> bool:
    """A proposal to federate ``school`` with its most appealing eligible partner among ``candidates``, with
    ``chance`` (``u``: the school's draw for it this term, if taken)."""
    if u is None:
        u = model.chance(f"federation_{origin}", school)
    if u >= min(1.0, chance * model.authority.federation_incentive):
        return False
    partners = [p for p in candidates if _eligible_partner(model, school, p)]
    if not partners:
        return False
    partner = max(partners, key=lambda p: (executive.appeal(model, school, p.head), -p.urn))
    if not governance.consent_federation(model, [partner, school]):
        model.flows["federation_refused"] += 1
        model.log("federation_refused", school=school, origin=origin)
        return False
    federate(model, [partner, school], origin=origin)
    return True


def _willing(model: World, school: School) -> float:
    """How ready a school's soft partnership is to federate (trust)."""
    f = model.params.federation
    soft = school.soft_partnership
    return 0.0 if soft is None else rising(soft.trust, f.min_trust, f.trust_scale)


def try_at_vacancy(model: World, school: School) -> bool:
    """A trusting partnership may federate when a headship falls vacant."""
    f = model.params.federation
    soft = school.soft_partnership
    if not f.enabled or soft is None:
        return False
    return _propose(model, school, soft.members, f.at_vacancy_per_term * _willing(model, school), "vacancy")


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
    candidates = model.neighbours(school, executive.search_minutes(model))
    return _propose(model, school, candidates, 1.0, "authority_trigger")


def separate(model: World, fed: Partnership, reason: str) -> None:
    """A federation separates: its schools get their own governing bodies; a head keeps only their own school."""
    members = list(fed.members)
    body = members[0].governing_body
    head = next((s.head for s in members if s.head is not None), None)
    model.flows[f"federations_ended.{reason}"] += 1
    model.log("federation_separated", school=members[0], partnership=fed, reason=reason, members=len(members))
    for s in members:
        fed.discard(s)
    fed.remove()
    governance.split_body(model, body)
    if head is not None:
        for s in list(head.schools):
            if s is not head.home and s in members:
                headship.stand_down(model, head, s, "stood_down")


def separate_at_exit(model: World, fed: Partnership) -> bool:
    """When a federation's executive head leaves, it may separate rather than recruit one head for all."""
    f = model.params.federation
    if model.chance("separate_at_exit", fed) >= f.defederate_at_exit:
        return False
    separate(model, fed, "head_left")
    return True


def step(model: World) -> None:
    """Yearly (autumn): federation after poor results or from a shared head; some federations separate.

    The draws are taken for every federation and every school at once (a draw depends only on the decision, the
    term and the agent's key). A school whose draws are at or above both routes' largest chances can propose
    nothing, so only the others are looked at.
    """
    f = model.params.federation
    if not f.enabled or model.term_in_year != AUTUMN:
        return
    p_separate = -math.expm1(-f.defederate_per_year)
    feds = [p for p in model.partnerships_by_key() if p.form.is_hard]
    for fed, u in zip(feds, model.uniform("separate", feds).tolist()):
        if u < p_separate:
            separate(model, fed, "separated")
    p_poor = -math.expm1(-f.after_poor_results_per_year)
    p_shared = -math.expm1(-f.from_executive_per_year)
    incentive = model.authority.federation_incentive
    schools = model.schools
    u_shared = model.uniform("federation_shared_head", schools, keys=model.school_keys)
    u_poor = model.uniform("federation_poor_results", schools, keys=model.school_keys)
    # the poor-results route's chance is at most ``p_poor`` (a partnership's willingness is at most 1)
    may = (u_shared < min(1.0, p_shared * incentive)) | (u_poor < min(1.0, p_poor * incentive))
    for i in np.flatnonzero(may).tolist():
        school = schools[i]
        if school.federation is not None:
            continue
        head = school.head
        if head is not None and head.is_executive and head.home is not school and head.home.federation is None:
            _propose(model, school, [head.home], p_shared, "shared_head", float(u_shared[i]))
        elif (
            (school.grade in WEAK_GRADES or school.below_floor)
            and school.soft_partnership is not None
            and school.has_head_present
            and not school.head.is_executive
        ):
            _propose(
                model,
                school,
                school.soft_partnership.members,
                p_poor * _willing(model, school),
                "poor_results",
                float(u_poor[i]),
            )


def top_up(model: World, target: float | None) -> int:
    """Federate schools by the model's own routes until the stock reaches ``target`` (rounded): first schools
    already sharing a head (the shared-head route), then schools in a partnership willing to federate (as at a
    vacancy). Governors may refuse, as always. Returns how many federations were made."""
    current = sum(1 for p in model.partnerships_by_key() if p.form.is_hard)
    missing = 0 if target is None else int(round(target)) - current
    if missing <= 0:
        return 0
    schools = model.schools
    order = [schools[i] for i in model.generator("federation_top_up").permutation(len(schools))]
    made = 0
    for school in order:
        head = school.head
        if made < missing and school.federation is None and head is not None and head.is_executive:
            if head.home is not school and head.home.federation is None:
                made += _propose(model, school, [head.home], 1.0, "shared_head")
    for school in order:
        soft = school.soft_partnership
        if made < missing and school.federation is None and soft is not None:
            made += _propose(model, school, soft.members, _willing(model, school), "vacancy")
    return made
