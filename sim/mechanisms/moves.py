"""Voluntary moves: ambitious heads of small schools leave for bigger jobs.

000_e0a2dbf228a17e9a.txt: small-school headship "seen as a stepping-stone to leading a larger
school ... find a head, appoint a head, lose a head"; 001: heads move on "after a couple of
years". Executive headship and active partnerships hold them (000: "Executive headship
provides a means to retain able headteachers of small schools").
"""

from __future__ import annotations

from sim.mechanisms import headship
from sim.state.agents import SMALL_MAX, Headteacher, clamp
from sim.state.params import ExecutiveParams, MovesParams
from sim.state.world import World


def yearly_move_probability(head: Headteacher, p: MovesParams, ex: ExecutiveParams) -> float:
    """Yearly chance this head leaves for a bigger job."""
    home = head.home
    if home is None:
        return 0.0
    roll = max(s.roll for s in head.schools)
    pull = p.small_school_pull if roll <= SMALL_MAX else p.mid_school_pull if roll <= 210 else 1.0
    if head.is_executive:
        pull = 1.0  # leading several schools is the bigger job
    ambition = max(0.0, 1.0 + p.ambition_weight * (2.0 * head.ambition - 1.0))
    age_factor = clamp((60.0 - head.age) / max(1e-9, 60.0 - p.age_taper_from), 0.0, 1.0)
    rate = p.base_rate * pull * ambition * age_factor
    if head.is_executive:
        rate *= 1.0 - ex.move_hold
    rate *= 1.0 - p.partnership_hold * home.partnership_activity
    return float(min(1.0, rate))


def termly(yearly: float) -> float:
    return 1.0 - (1.0 - yearly) ** (1.0 / 3.0)


def step(model: World) -> None:
    p = model.params.moves
    if not p.enabled:
        return
    heads = [h for h in model.heads_in_post() if h.schools and h.started_term < model.term]  # not in their first term
    draws = model.streams["moves"].random(len(heads))
    for head, u in zip(heads, draws):
        if u < termly(yearly_move_probability(head, p, model.params.executive)):
            headship.leave(model, head, "move")
