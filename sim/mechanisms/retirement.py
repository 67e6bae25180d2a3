"""Retirement: heads retire at the end of the summer term once they reach their planned age.

Planned ages are drawn around 60 for every head when they enter the profession
(000_e0a2dbf228a17e9a.txt: "49 primary headteachers are due to retire between now and 2018
(assuming a retirement age of 60)"); their spread (``retirement.sd_age``, within ``min_age`` and
``max_age``) turns this into an age hazard rising through the late fifties. Aspiring heads in the
pool stop seeking headship long before (``recruitment.update_pool``).
"""

from __future__ import annotations

from sim.mechanisms import headship
from sim.state.curves import SUMMER
from sim.state.world import World


def step(model: World) -> None:
    """At the end of the summer term, heads who turn their planned retirement age over the summer retire."""
    if not model.params.retirement.enabled or model.term_in_year != SUMMER:
        return
    for head in model.heads_in_post():
        if head.age + 1 >= head.retirement_age:
            headship.leave(model, head, "retirement")
