"""Leadership time: how much of a week someone spends leading a school rather than teaching.

One rule (``leadership_time``) gives each school, once a term, the head-time present
(``school.leadership_time``, a share of a week):

- its own head, present and leading only it: the week less teaching, ``1 - teaching_fraction``
  (000_e0a2dbf228a17e9a.txt: Halton Holegate teaches 0.4, St Margaret's 0.5; 002: "more time
  teaching ... less time for strategic leadership");
- an executive head (substantive or interim cover): the week less travel between the schools,
  shared over the schools led, ``max(0, 1 - travel_overhead_per_minute x mean drive) / n`` (an
  executive head "does not have a teaching workload"), plus ``head_of_school_time``, what a head
  of school adds ("the deputy head would have to reduce her time in class to act as head of
  school", 000): whether a head of school exists and how long they are out of class is not
  measured, so its prior starts at 0;
- no head leading: what cover gives (``consultant_leadership_time``, else ``deputy_leadership_time``);
- plus the shared-posts gain in a soft partnership (003), at most a whole week.

The measures (``sim.observe.measures``) read it as ``leadership_time`` and count the school-terms
below ``leadership.floor`` as ``leadership_short_terms``; quality (``outcomes``) and a
partnership's capacity (``partnerships``) use it.
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


def leadership_time(
    model: World, school: School, teaching: float | None = None, executive: float | None = None
) -> float:
    """Head-time present at this school this term (share of a week): its own head's time net of teaching, an executive
    head's share (net of travel, over the schools led) plus a head of school's time, or cover's; the module docstring.

    ``teaching``: ``teaching_fraction`` for this school's roll, if known; ``executive``: ``executive_share`` of the
    head leading it, if known."""
    p = model.params.leadership
    head = school.head  # ``school.leader``, its commonest case (a head of its own, present) read without properties
    if head is None or head.absent_terms != 0:
        head = school.leader
    if head is not None and head.is_executive:
        time = (executive_share(model, head) if executive is None else executive) + p.head_of_school_time
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


def _usual_times(model: World) -> list[tuple[float, float, float]]:
    """Each school's (``teaching_fraction``, the week less it, that at most a whole week), by position (rolls are
    fixed: found once per setting)."""
    p = model.params.leadership
    known = model.memo("usual_times")
    k = (p.teaching_max, p.teaching_mid_roll, p.teaching_roll_scale)
    found = known.get(k)
    if found is None:
        found = known[k] = [(t, 1.0 - t, min(1.0, 1.0 - t)) for t in teaching_fractions(model)]
    return found


def update(model: World) -> None:
    """Every school's leadership time this term, and what a head of a school its size usually has.

    The commonest case, a school's own head present and leading only it (without shared posts), is read directly;
    an executive head's share is found once for all the schools they lead."""
    shared_posts = model.authority.shared_posts
    shares: dict[Headteacher, float] = {}  # executive heads' shares this term
    for school, (teaching, usual, own) in zip(model.schools, _usual_times(model)):
        school.usual_leadership = usual
        head = school.head
        if head is None or head.absent_terms != 0 or shared_posts:
            school.leadership_time = leadership_time(model, school, teaching)
        elif len(head.schools) + len(head.covering) < 2:
            school.leadership_time = own
        else:
            share = shares.get(head)
            if share is None:
                share = shares[head] = executive_share(model, head)
            school.leadership_time = leadership_time(model, school, teaching, share)
