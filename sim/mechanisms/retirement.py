"""Retirement: heads retire at the end of the summer term once they reach their planned age.

Planned ages are drawn around 60 (000_e0a2dbf228a17e9a.txt: "49 primary headteachers are
due to retire between now and 2018 (assuming a retirement age of 60)"), which gives an
age-based hazard rising steeply through the late fifties.
"""

from __future__ import annotations

from sim.mechanisms import headship
from sim.state.world import World


def due_to_retire(age: float, planned_age: float) -> bool:
    return age >= planned_age


def step(model: World) -> None:
    if not model.params.retirement.enabled or model.term_in_year != 2:
        return
    for head in model.heads_in_post():
        if due_to_retire(head.age + 1, head.retirement_age):  # they turn this age over the summer
            headship.leave(model, head, "retirement")
