"""Leadership time: how much of a week someone spends leading a school rather than teaching.

Heads of small schools teach for much of the week (000_e0a2dbf228a17e9a.txt: Halton Holegate 0.4,
St Margaret's 0.5; 002: "more time teaching ... less time for strategic leadership"). An executive
head does not teach ("does not have a teaching workload") but shares a week over several schools
and the roads between them; a head of school leads day to day ("the deputy head would have to
reduce her time in class to act as head of school"). Cover (a teacher acting up, a consultant
head, an interim executive head) gives a school what it can. Each school's leadership time is
computed once a term and kept on the school (``school.leadership_time``).
"""

from __future__ import annotations

from sim.state.agents import Cover, Headteacher, School
from sim.state.curves import falling
from sim.state.world import World


def teaching_fraction(model: World, roll: int) -> float:
    """Share of the week a head teaches in a school of ``roll`` pupils (smoothly less in larger schools)."""
    p = model.params.leadership
    known = model.memo("teaching_fraction")
    k = (roll, p.teaching_max, p.teaching_mid_roll, p.teaching_roll_scale)
    found = known.get(k)
    if found is None:
        found = known[k] = p.teaching_max * falling(roll, p.teaching_mid_roll, p.teaching_roll_scale)
    return found


def teaching_fractions(model: World) -> list[float]:
    """``teaching_fraction`` of every school, by position (rolls are fixed: found once per setting)."""
    p = model.params.leadership
    known = model.memo("teaching_fractions")
    k = (p.teaching_max, p.teaching_mid_roll, p.teaching_roll_scale)
    found = known.get(k)
    if found is None:
        found = known[k] = [teaching_fraction(model, s.roll) for s in model.schools]
    return found


def mean_travel_minutes(model: World, head: Headteacher) -> float:
    """Mean drive from an executive head's home school to the other schools they lead."""
    home = head.home or (head.covering[0] if head.covering else None)
    others = [s for s in head.schools + head.covering if s is not home]
    if home is None or not others:
        return 0.0
    known = model.memo("travel_minutes")  # by where the schools are (they do not move)
    places = (model.region.minutes_per_km, home.x, home.y, *((s.x, s.y) for s in others))
    found = known.get(places)
    if found is None:
        found = known[places] = sum(model.minutes_between(home, s) for s in others) / len(others)
    return found


def executive_share(model: World, head: Headteacher) -> float:
    """Leadership time an executive head gives each school: a week, less travel, shared over the schools."""
    p = model.params.leadership
    week = max(0.0, 1.0 - p.travel_overhead_per_minute * mean_travel_minutes(model, head))
    return week / max(1, head.n_led)


def leadership_time(model: World, school: School, teaching: float | None = None) -> float:
    """Leadership time this school gets this term, from its head, an executive head and a head of school, or cover.

    ``teaching``: ``teaching_fraction`` for this school's roll, if known."""
    p = model.params.leadership
    head = school.head  # ``school.leader``, its commonest case (a head of its own, present) read without properties
    if head is None or head.absent_terms != 0:
        head = school.leader
    if head is not None and head.is_executive:
        time = executive_share(model, head) + p.head_of_school_time
    elif head is not None:
        time = 1.0 - (teaching_fraction(model, school.roll) if teaching is None else teaching)
    elif school.cover == Cover.CONSULTANT:
        time = p.consultant_leadership_time
    else:
        time = p.deputy_leadership_time  # a teacher acting up, or a head of school holding the fort
    la = model.authority
    if la.shared_posts and school.soft_partnership is not None:
        time += la.shared_posts_leadership_gain  # a shared business manager frees the head (003)
    return min(1.0, time)


def update(model: World) -> None:
    """Every school's leadership time this term, and what a head of a school its size usually has."""
    for school, teaching in zip(model.schools, teaching_fractions(model)):
        school.usual_leadership = 1.0 - teaching
        school.leadership_time = leadership_time(model, school, teaching)
