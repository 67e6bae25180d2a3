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


def _head_rows(heads: list[Headteacher]) -> Iterator[tuple]:
    """What each head decides from: has a school, present, seeking, pupils led, ambition, start of post, age and their
    home school's ``partnership_activity`` (a head of one school who covers none, the commonest case, is read
    without summing lists)."""
    for h in heads:
        led = h.schools
        if len(led) == 1 and not h.covering:
            home = led[0]
            yield True, h.absent_terms == 0, h.seeking, home.roll, h.ambition, h.started_term, h.age, home._activity
        else:
            yield (
                bool(led),
                h.absent_terms == 0,
                h.seeking,
                led.roll + h.covering.roll,
                h.ambition,
                h.started_term,
                h.age,
                led[0]._activity if led else 0.0,
            )


def step(model: World) -> None:
    """Heads start or stop seeking; seeking heads may take a headship outside the region."""
    p = model.params.moves
    if not p.enabled:
        return
    term = model.term
    in_post = model.heads_in_post()
    state = gather(_head_rows(in_post), 8)  # one pass over the heads: each decides from what is read here
    has_school, present, seeking, roll, ambition, started, age, activity = state.T
    eligible = np.flatnonzero((has_school > 0.0) & (started < term) & (present > 0.0))  # not new in post
    if not len(eligible):
        return
    keys = model.in_post.keys()
    idle = seeking[eligible] == 0.0
    d, seekers = eligible[idle], eligible[~idle]  # each head draws only for the decision they face
    p_start = termly_array(_seek_hazards(model, roll[d], ambition[d], started[d], age[d], activity[d]))
    starting = d[model.draws.uniform("seek_start", term, keys[d]) < p_start]
    away = model.draws.uniform("seek_away", term, keys[seekers]) < termly(model.region.outside_post_rate)
    settle = ~away & (model.draws.uniform("seek_settle", term, keys[seekers]) < termly(p.give_up_rate))
    moving, settling = set(seekers[away].tolist()), set(seekers[settle].tolist())
    for i in sorted([*starting.tolist(), *moving, *settling]):  # in the heads' order, as decided above
        head = in_post[i]
        if i in moving:
            headship.leave(model, head, "moved_away")
        elif i in settling:
            head.seeking = False
        else:
            head.seeking = True
            model.flows["seeking_started"] += 1
