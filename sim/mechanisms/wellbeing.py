"""Wellbeing: isolation and teaching load wear heads down; partnership support restores them.

004_26727e809ee1f91f.txt (isolation, wellbeing in a rural cluster), 002 (heads of small
schools teach more, leaving less time), 000 (headship gaps also from sickness or maternity).
Low wellbeing raises the chance of leaving headship; temporary absences open headship gaps.
"""

from __future__ import annotations

from sim.mechanisms import headship
from sim.mechanisms.moves import termly
from sim.state.agents import clamp
from sim.state.world import World

RESTED = 0.75


def update(model: World) -> None:
    """Termly wellbeing change; absences start and end."""
    p = model.params.wellbeing
    heads = model.heads_in_post()
    rng = model.streams["wellbeing"]
    starts = rng.random(len(heads))
    lengths = rng.integers(1, p.absence_terms_max + 1, len(heads))
    fade = model.params.partnerships.fade_activity
    for head, u, length in zip(heads, starts, lengths):
        home = head.home or (head.covering[0] if head.covering else None)
        activity = home.partnership_activity if home is not None else 0.0
        if p.enabled:
            change = (
                -p.isolation_drain_per_term * (activity < fade)
                - p.teaching_drain_per_term * head.teaching_fraction
                + p.support_gain_per_term * activity
                + p.recovery_per_term * (RESTED - head.wellbeing)
            )
            head.wellbeing = clamp(head.wellbeing + change, 0.0, 1.0)
        if head.absent_terms > 0:
            head.absent_terms -= 1
            if head.absent_terms == 0:
                for school in head.schools:
                    school.cover = None
                    model.log("absence_ended", school=school, head=head)
        elif u < p.absence_per_term and head.schools:
            head.absent_terms = int(length)
            for school in head.schools:
                school.cover = headship.choose_cover(model, school)
                model.log("absence_started", school=school, head=head, terms=int(length), cover=school.cover)


def yearly_exit_probability(wellbeing: float, base: float, burnout: float) -> float:
    return float(min(1.0, base + burnout * (1.0 - wellbeing) ** 2))


def exits(model: World) -> None:
    """Heads who leave headship altogether (reason 'left')."""
    p = model.params.wellbeing
    if not p.enabled:
        return
    heads = [h for h in model.heads_in_post() if h.schools and h.started_term < model.term]
    draws = model.streams["wellbeing"].random(len(heads))
    for head, u in zip(heads, draws):
        if u < termly(yearly_exit_probability(head.wellbeing, p.exit_rate_base, p.exit_rate_burnout)):
            headship.leave(model, head, "left")
