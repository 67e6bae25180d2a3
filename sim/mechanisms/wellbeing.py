"""Wellbeing: teaching load, isolation, a new head's first years and an executive head's workload wear
heads down; partnership support restores them. Low wellbeing raises the hazard of leaving headship.

004_26727e809ee1f91f.txt (rural heads' isolation "may eventually undermine their passion for the
job"; cluster support), 002 (heads of small schools teach more, leaving less time; heads "feel less
isolated"), 000 (support for new heads: "an impossible year for me as a head" without it; gaps also
from sickness or maternity). Isolation fades with the pupils a head leads (it is the smallest
schools' heads who work alone) and with joint work; an executive head's strain grows with the
schools led and the roads between them. Temporary absences open headship gaps.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from sim.mechanisms import headship
from sim.mechanisms.leadership import mean_travel_minutes, teaching_fractions
from sim.state.agents import Headteacher, gather
from sim.state.curves import TERMS_PER_YEAR, rising_each, termly_array
from sim.state.world import World


def wellbeing_change(model: World, head: Headteacher) -> float:
    """This term's change in a head's wellbeing."""
    return float(wellbeing_changes(model, [head])[0])


def wellbeing_changes(model: World, heads: list[Headteacher]) -> np.ndarray:
    """This term's change in each head's wellbeing."""
    return _changes_and_levels(model, heads)[0]


def _head_rows(heads: list[Headteacher], teaching: list[float]) -> Iterator[tuple]:
    """Each head's start of post, wellbeing, pupils and schools led, and at their home school (their first school,
    or the first they cover) its partnerships' activity and the head's teaching share: a head of one school who
    covers none, the commonest case, is read without summing lists."""
    for h in heads:
        led, covering = h.schools, h.covering
        if len(led) == 1 and not covering:
            home = led[0]
            yield h.started_term, h.wellbeing, home.roll, 1, home._activity, teaching[home.position]
            continue
        home = led[0] if led else covering[0] if covering else None
        roll, n_led = led.roll + covering.roll, len(led) + len(covering)
        if home is None:
            yield h.started_term, h.wellbeing, roll, n_led, 0.0, 0.0
        else:
            yield h.started_term, h.wellbeing, roll, n_led, home._activity, teaching[home.position]


def _changes_and_levels(model: World, heads: list[Headteacher]) -> tuple[np.ndarray, np.ndarray]:
    """This term's change in each head's wellbeing, and their wellbeing now (read in the same pass)."""
    p = model.params.wellbeing
    state = gather(_head_rows(heads, teaching_fractions(model)), 6)  # one pass over the heads
    started, wellbeing, roll, led, activity, teaching = state.T
    tenure = (model.term - started) / TERMS_PER_YEAR
    executive = led >= 2
    change = p.support_gain_per_term * activity + p.recovery_per_term * (p.rested - wellbeing)
    change -= (
        p.isolation_drain_per_term
        * (1.0 - rising_each(roll, p.isolation_mid_roll, p.isolation_roll_scale))
        * (1.0 - activity)
    )
    change -= p.new_head_strain_per_term * np.exp(-tenure / p.new_head_years) * (1.0 - activity)
    travel = np.zeros(len(heads))
    executives = np.flatnonzero(executive)
    travel[executives] = [mean_travel_minutes(model, heads[i]) for i in executives.tolist()]
    change -= np.where(executive, p.executive_strain_per_term * (led - 1), p.teaching_drain_per_term * teaching)
    change -= np.where(executive, p.travel_strain_per_minute * travel, 0.0)
    return change, wellbeing


def update(model: World) -> None:
    """Termly wellbeing change; absences start and end (an absence's length drawn only for a head who starts one)."""
    p = model.params.wellbeing
    heads = model.heads_in_post()
    starts = model.uniform("absence", heads, keys=model.in_post.keys()).tolist()
    if p.enabled and heads:
        change, now = _changes_and_levels(model, heads)
        after = np.clip(now + change, 0.0, 1.0).tolist()
    else:
        after = [h.wellbeing for h in heads]
    absence = p.absence_per_term
    for head, value, u in zip(heads, after, starts):  # absences read no one's wellbeing
        head.wellbeing = value
        if head.absent_terms > 0:
            head.absent_terms -= 1
            if head.absent_terms == 0:
                for school in head.schools:
                    school.cover = None
                    model.log("absence_ended", school=school, head=head)
        elif u < absence and head.schools:
            head.absent_terms = 1 + int(model.chance("absence_length", head) * p.absence_terms_max)
            for school in head.schools:
                school.cover = headship.choose_cover(model, school)
                model.log("absence_started", school=school, head=head, terms=head.absent_terms, cover=school.cover)


def yearly_exit_hazard(model: World, head: Headteacher) -> float:
    """Yearly hazard of leaving headship altogether: a base rate plus burnout at low wellbeing."""
    return float(yearly_exit_hazards(model, [head])[0])


def yearly_exit_hazards(model: World, heads: list[Headteacher]) -> np.ndarray:
    """``yearly_exit_hazard`` of each head."""
    return _exit_hazards(model, np.array([h.wellbeing for h in heads], dtype=float))


def _exit_hazards(model: World, wellbeing: np.ndarray) -> np.ndarray:
    p = model.params.wellbeing
    strain = 1.0 - wellbeing
    return p.exit_rate_base + p.exit_rate_burnout * strain**2


def exits(model: World) -> None:
    """Heads who leave headship altogether (reason 'left'); not in the term they started."""
    if not model.params.wellbeing.enabled:
        return
    term = model.term
    in_post = model.heads_in_post()
    at_risk = [i for i, h in enumerate(in_post) if h.schools and h.started_term < term]  # not new in post
    if not at_risk:
        return
    wellbeing = np.array([in_post[i].wellbeing for i in at_risk], dtype=float)
    chance = termly_array(_exit_hazards(model, wellbeing))
    rows = np.array(at_risk, dtype=np.int64)
    leaving = rows[model.draws.uniform("leave", term, model.in_post.keys()[rows]) < chance]
    for i in leaving.tolist():  # decided from what was read above: one head's leaving changes no other's chance
        headship.leave(model, in_post[i], "left")
