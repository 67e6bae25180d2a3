"""Headship changes: a head takes a school on, moves to another, or leaves every school they lead.

Every appointment during a run is a change of head, which costs partnership trust and school
quality (000_e0a2dbf228a17e9a.txt: "a change of head has been the death of some partnerships";
"four headteachers in five years"). A head who leaves opens a vacancy at each school they led
(one per federation); the schools wait in ``model.vacated`` until recruitment acts on them, so a
move within the region opens a vacancy chain. Meanwhile someone covers: a federation's head of
school, a deputy acting up (more likely in larger schools) or a consultant head.
"""

from __future__ import annotations

from sim.state.agents import Cover, HeadState, Headteacher, School
from sim.state.curves import rising
from sim.state.world import World


def appoint(model: World, school: School, head: Headteacher, *, log: bool = True, reason: str = "appointed") -> None:
    """Make ``head`` the substantive head of ``school`` (for executive heads: one more school)."""
    newly_appointed = head.state != HeadState.IN_POST
    model.pool.discard(head)
    if head not in model.in_post:
        model.in_post.append(head)
    head.state = HeadState.IN_POST
    head.base = None
    if school in head.covering:
        head.covering.remove(school)
    if school not in head.schools:
        head.schools.append(school)
    school.head = head
    school.cover = None
    school.cover_head = None
    if newly_appointed:
        head.started_term = model.term
        head.seeking = False
        if head.first_headship_term is None:
            head.first_headship_term = model.term
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


def _release(model: World, head: Headteacher, reason: str, taken_over: tuple[School, ...]) -> None:
    """The head stops leading every school: covered schools get other cover, led ones wait for recruitment."""
    led = list(head.schools)
    covered = list(head.covering)
    tenure = model.tenure_years(head)
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


def leave(model: World, head: Headteacher, reason: str, *, taken_over: tuple[School, ...] = ()) -> None:
    """A head leaves headship in the region (retires, moves away, leaves the profession, stands down).

    ``taken_over`` schools get no vacancy: another head takes them on at once (federation).
    """
    _release(model, head, reason, taken_over)
    model.in_post.discard(head)
    head.remove()


def move(model: World, head: Headteacher, school: School) -> None:
    """A head of one school in the region is appointed to another: their old schools fall vacant (a chain)."""
    _release(model, head, "moved", ())
    head.state = HeadState.CANDIDATE  # between posts for the moment of the move
    appoint(model, school, head, reason="moved_in")


def stand_down(model: World, head: Headteacher, school: School, reason: str) -> None:
    """An executive head stops leading one of their schools (the arrangement ends there); it falls vacant."""
    if school in head.schools:
        head.schools.remove(school)
    if school in head.covering:
        head.covering.remove(school)
        school.cover_head = None
        school.cover = choose_cover(model, school)
        return
    school.head = None
    model.log("head_exit", school=school, head=head, reason=reason, tenure_years=None)
    model.flows[f"exits.{reason}"] += 1
    model.vacated.append((school, reason))


def choose_cover(model: World, school: School) -> str:
    """Who leads meanwhile: a federation's head of school, a deputy acting up, or a consultant head."""
    fed = school.federation
    if fed is not None and len(fed.members) > 1:
        return Cover.HEAD_OF_SCHOOL
    r = model.params.recruitment
    p_deputy = rising(len(school.teachers), r.deputy_cover_teachers, r.deputy_cover_scale)
    return Cover.DEPUTY if model.chance("cover", school) < p_deputy else Cover.CONSULTANT


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
    for s in [school, *federation_partners(school)]:
        cover_head = s.cover_head
        if cover_head is not None and outcome != "executive" and s in cover_head.covering:
            cover_head.covering.remove(s)
            s.cover_head = None
    school.vacancy = None


def federation_partners(school: School) -> list[School]:
    fed = school.federation
    return [s for s in fed.members if s is not school] if fed is not None else []
