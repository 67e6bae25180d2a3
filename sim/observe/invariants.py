"""Checks that must hold after every step; the tests run them every term.

Each returns nothing and raises AssertionError naming what broke.
"""

from __future__ import annotations

import numpy as np

from sim.state.agents import HeadState, Headteacher, Partnership, School
from sim.state.world import World


def check_leadership(model: World) -> None:
    """Every school has a head or a recorded cover arrangement; heads and schools point at each other."""
    max_led = model.params.executive.max_schools
    for s in model.schools:
        assert s.head is not None or s.cover is not None, f"school {s.urn} has neither head nor cover"
        if s.head is not None:
            assert s in s.head.schools, f"school {s.urn}: head {s.head.unique_id} does not list it"
            assert s.head.state == HeadState.IN_POST
            assert s.vacancy is None, f"school {s.urn} has a head and an open vacancy"
        if s.head is not None and s.head.absent_terms == 0:
            assert s.cover is None, f"school {s.urn} has a head present and cover {s.cover}"
        if s.cover_head is not None:
            assert s in s.cover_head.covering, f"school {s.urn}: cover head does not list it"
    for h in model.heads_in_post():
        assert h.n_led <= max_led, f"head {h.unique_id} leads {h.n_led} schools (max {max_led})"
        for s in h.schools:
            assert s.head is h, f"head {h.unique_id} lists school {s.urn} which has another head"
        for s in h.covering:
            assert s.cover_head is h and s.head is None
        counted = sum(s.roll for s in h.schools) + sum(s.roll for s in h.covering)
        assert h.roll_led == counted, f"head {h.unique_id}: pupils led {h.roll_led}, schools' rolls {counted}"


def check_agents(model: World) -> None:
    """Agents are neither lost nor duplicated."""
    heads = set(model.agents_by_type[Headteacher]) if Headteacher in model.agents_by_type else set()
    in_post = set(model.heads_in_post())
    referenced = {h for s in model.schools for h in (s.head, s.cover_head) if h is not None}
    assert in_post == referenced, "the register of heads in post disagrees with the schools' heads"
    pool = set(model.pool)
    assert len(pool) == len(model.pool), "a candidate appears twice in the pool"
    assert not (in_post & pool), "a head in post is still in the candidate pool"
    assert heads == in_post | pool, f"{len(heads - in_post - pool)} head agents are neither in post nor candidates"
    for h in pool:
        assert h.state == HeadState.CANDIDATE and not h.schools and not h.covering
    members, keys, at = model.pool.columns()
    assert members == list(model.pool), "the pool's kept columns are not in the pool's order"
    assert keys.tolist() == [h.key for h in members], "the pool's kept keys disagree with its members'"
    assert at.tolist() == [h.base.position for h in members], "the pool's kept schools disagree with its members'"
    assert model.in_post.keys().tolist() == [h.key for h in model.heads_in_post()], (
        "the kept keys of the heads in post disagree with theirs"
    )
    filed = {(i, when) for when, positions in model.inspections_due.items() for i in positions}
    assert all((s.position, (s.next_inspection_year, s.inspection_term)) in filed for s in model.schools), (
        "a school is not filed under its next inspection"
    )
    table = model.governors
    bodies = {id(s.governing_body): s.governing_body for s in model.schools}.values()
    seated = [r for b in bodies for r in b.rows]
    assert len(set(seated)) == len(seated), "a governor sits twice"
    assert set(seated) == set(np.flatnonzero(table.alive[: table.n]).tolist()), (
        "governors and governing-body seats disagree"
    )
    for b in bodies:
        assert all(table.body[r] is b for r in b.rows)
        assert len(b.rows) <= b.seats, "a governing body has more governors than seats"
    for s in model.schools:
        assert s in s.governing_body.schools
    parts = set(model.agents_by_type[Partnership]) if Partnership in model.agents_by_type else set()
    for p in parts:
        assert len(set(p.members)) == len(p.members), f"partnership {p.unique_id} lists a member twice"
        for s in p.members:
            assert p in s.partnerships
    for s in model.schools:
        for p in s.partnerships:
            assert p in parts and s in p.members
        assert sum(1 for p in s.partnerships if p.form.is_hard) <= 1, f"school {s.urn} in two federations"
        assert sum(1 for p in s.partnerships if not p.form.is_hard) <= 1, f"school {s.urn} in two soft partnerships"
        best = max([0.0, *(p.activity for p in s.partnerships)])
        assert s.partnership_activity == best, (
            f"school {s.urn}: activity {s.partnership_activity}, partnerships' {best}"
        )
    assert len(model.agents_by_type[School]) == len(model.schools)


def check_money(model: World, tolerance: float = 1e-6) -> None:
    """Balance = opening balance + inflows - outflows."""
    expected = model.opening_balance + sum(model.money_in.values()) - sum(model.money_out.values())
    actual = model.balance()
    assert abs(actual - expected) <= tolerance * max(1.0, abs(expected)), f"money: {actual:.2f} != {expected:.2f}"


def check_all(model: World) -> None:
    check_leadership(model)
    check_agents(model)
    check_money(model)
