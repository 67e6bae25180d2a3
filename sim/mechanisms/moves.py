"""Voluntary moves: heads seek a bigger headship, then move within the region, move away, or settle.

000_e0a2dbf228a17e9a.txt: small-school headship "seen as a stepping-stone to leading a larger
school ... find a head, appoint a head, lose a head"; 001: heads move on "after a couple of
years"; long-serving heads stay ("23", "over 30 years"). A head starts to seek with a yearly hazard
that peaks a couple of years into a post (``peak_tenure_years``) and settles to a lower level,
falls with age, rises with ambition, and is strongest in the smallest jobs (the pull fades with
the pupils a head leads, so an executive head's bigger job already holds them: 000 "Executive
headship provides a means to retain able headteachers"). Active partnerships hold heads too.

A seeking head applies to adverts of bigger schools within reach (``recruitment``): appointed
there, they leave a vacancy behind (a vacancy chain). Meanwhile they may find a headship outside
the region (``region.outside_post_rate``) or stop looking (``give_up_rate``).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from sim.mechanisms import headship
from sim.state.agents import Headteacher, gather
from sim.state.curves import TERMS_PER_YEAR, hump_each, rising_each, termly, termly_array
from sim.state.world import World


def yearly_seek_hazard(model: World, head: Headteacher) -> float:
    """Yearly hazard that this head starts to seek a bigger headship (none without a school of their own)."""
    return float(yearly_seek_hazards(model, [head])[0]) if head.home is not None else 0.0


def yearly_seek_hazards(model: World, heads: list[Headteacher]) -> np.ndarray:
    """Yearly hazard that each head of a school starts to seek a bigger headship."""
    state = gather(  # one pass over the heads
        ((h.roll_led, h.ambition, h.started_term, h.age, h.schools[0].partnership_activity) for h in heads), 5
    )
    return _seek_hazards(model, *state.T)


def _seek_hazards(
    model: World, roll: np.ndarray, ambition: np.ndarray, started: np.ndarray, age: np.ndarray, activity: np.ndarray
) -> np.ndarray:
    p = model.params.moves
    tenure = (model.term - started) / TERMS_PER_YEAR
    pull = 1.0 + (p.small_school_pull - 1.0) * (1.0 - rising_each(roll, p.pull_mid_roll, p.pull_roll_scale))
    drive = np.maximum(0.0, 1.0 + p.ambition_weight * (2.0 * ambition - 1.0))
    timing = p.settled_share + (1.0 - p.settled_share) * hump_each(tenure, p.peak_tenure_years, p.tenure_shape)
    young = 1.0 - rising_each(age, p.age_mid, p.age_scale)
    hold = 1.0 - p.partnership_hold * activity
    return p.seek_rate * pull * drive * timing * young * hold


def _idle_rows(heads: list[Headteacher], term: int, idle: list[int], seekers: list[int]) -> Iterator[tuple]:
    """Sort the heads who may decide this term (a school of their own, present, not new in post) into ``idle`` and
    ``seekers`` (their places in ``heads``), and yield what each idle head's hazard of starting to seek reads: pupils
    led, ambition, start of post, age, their home school's ``partnership_activity``. Only these are made numbers
    (converting every head's attributes cost more than the decisions)."""
    for i, h in enumerate(heads):
        led = h.schools
        if not led or h.started_term >= term or h.absent_terms != 0:
            continue
        if h.seeking:
            seekers.append(i)
            continue
        idle.append(i)
        if len(led) == 1 and not h.covering:  # the commonest case, read without summing lists
            home = led[0]
            yield home.roll, h.ambition, h.started_term, h.age, home._activity
        else:
            yield led.roll + h.covering.roll, h.ambition, h.started_term, h.age, led[0]._activity


def step(model: World) -> None:
    """Heads start or stop seeking; seeking heads may take a headship outside the region."""
    p = model.params.moves
    if not p.enabled:
        return
    term = model.term
    in_post = model.heads_in_post()
    idle: list[int] = []
    seekers: list[int] = []
    roll, ambition, started, age, activity = gather(_idle_rows(in_post, term, idle, seekers), 5).T
    if not idle and not seekers:
        return
    keys = model.in_post.keys()
    d, s = np.array(idle, dtype=np.int64), np.array(seekers, dtype=np.int64)  # each draws for the decision they face
    p_start = termly_array(_seek_hazards(model, roll, ambition, started, age, activity))
    starting = d[model.draws.uniform("seek_start", term, keys[d]) < p_start]
    away = model.draws.uniform("seek_away", term, keys[s]) < termly(model.region.outside_post_rate)
    settle = ~away & (model.draws.uniform("seek_settle", term, keys[s]) < termly(p.give_up_rate))
    moving, settling = set(s[away].tolist()), set(s[settle].tolist())
    for i in sorted([*starting.tolist(), *moving, *settling]):  # in the heads' order, as decided above
        head = in_post[i]
        if i in moving:
            headship.leave(model, head, "moved_away")
        elif i in settling:
            head.seeking = False
        else:
            head.seeking = True
            model.flows["seeking_started"] += 1
