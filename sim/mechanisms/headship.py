"""Headship changes: a head takes a school on, or leaves every school they lead.

Every appointment during a run is a change of head, which costs partnership trust and school
quality (000_e0a2dbf228a17e9a.txt: "a change of head has been the death of some partnerships");
every exit opens a vacancy or a cover arrangement at each school the head led.
"""

from __future__ import annotations

from sim.state.agents import Cover, HeadState, Headteacher, School
from sim.state.world import World


def appoint(model: World, school: School, head: Headteacher, *, log: bool = True, reason: str = "appointed") -> None:
    """Make ``head`` the substantive head of ``school`` (for executive heads: one more school)."""
    newly_appointed = head.state != HeadState.IN_POST
    if head in model.pool:
        model.pool.remove(head)
    head.state = HeadState.IN_POST
    if school in head.covering:
        head.covering.remove(school)
    if school not in head.schools:
        head.schools.append(school)
    school.head = head
    school.cover = None
    school.cover_head = None
    if newly_appointed:
        head.started_term = model.term
    if log:  # every school starts with a head, so any appointment during the run is a change of head
        change_of_head(model, school)
        model.log("head_appointed", school=school, head=head, reason=reason)


def change_of_head(model: World, school: School) -> None:
    """A new head weakens the school's soft partnerships (unless collaboration is in the job) and costs quality."""
    school.head_changes += 1
    loss = model.params.partnerships.head_change_trust_loss * model.authority.trust_loss_factor
    for ps in school.partnerships:
        if not ps.form.is_hard:
            ps.trust *= 1.0 - loss
            model.log("partnership_trust_lost", school=school, partnership=ps, trust=round(ps.trust, 3))
    school.teachers -= model.params.outcomes.turnover_penalty


def leave(model: World, head: Headteacher, reason: str, *, taken_over: tuple[School, ...] = ()) -> None:
    """A head leaves headship: every school they led or covered gets a vacancy or cover.

    ``taken_over`` schools get no vacancy: another head takes them on at once (federation). The
    schools left without a head wait in ``model.vacated`` until recruitment opens their vacancies.
    """
    led = list(head.schools)
    covered = list(head.covering)
    tenure = (model.term - head.started_term) / 3
    for school in led:
        model.log("head_exit", school=school, head=head, reason=reason, tenure_years=round(tenure, 2))
    model.flows[f"exits.{reason}"] += 1
    head.schools.clear()
    head.covering.clear()
    for school in covered:
        school.cover_head = None
        school.cover = choose_cover(model, school)
        model.log("cover_changed", school=school, cover=school.cover, reason="executive_left")
    for school in led:
        school.head = None
    model.vacated.extend((s, reason) for s in led if s not in taken_over)
    head.remove()


def choose_cover(model: World, school: School) -> str:
    """Who leads meanwhile: a federation's head of school, a deputy acting up, or a consultant head."""
    fed = school.federation
    if fed is not None and len(fed.members) > 1:
        return Cover.HEAD_OF_SCHOOL
    r = model.params.recruitment
    p_deputy = min(1.0, max(0.0, (len(school.teachers) - 2) / max(1.0, r.deputy_cover_teachers - 2)))
    return Cover.DEPUTY if model.streams["recruitment"].random() < p_deputy else Cover.CONSULTANT


def close_vacancy(model: World, school: School, outcome: str) -> None:
    vac = school.vacancy
    if vac is None:
        return
    model.flows[f"vacancies_closed.{outcome}"] += 1
    model.log(
        "vacancy_closed",
        school=school,
        outcome=outcome,
        rounds=vac.rounds,
        applicants=vac.applicants_total,
        terms_open=model.term - vac.opened_term + 1,
    )
    if school.cover_head is not None and outcome != "executive":
        cover_head = school.cover_head
        if school in cover_head.covering:
            cover_head.covering.remove(school)
    school.vacancy = None
