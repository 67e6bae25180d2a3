"""Governors: four-year terms, hard-to-fill seats in small schools, training, and consent.

002_c9f4dca45492e14f.txt: in small schools "recruiting and supporting a team of committed and
effective governors is also a challenge". 004: joint governor training raises confidence and
skill. 000: governors may refuse executive headship or federation ("Not all schools agreed"),
accept it to keep their head (Spilsby), and "it is often problematic for church and non-church
schools to share the same governance structure"; a church school's diocese has its own say.
How hard seats are to fill, and how many there are, change smoothly with a school's size.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from operator import attrgetter

import numpy as np

from sim.mechanisms.population import governor_seats, seat_fill_chance
from sim.state.agents import GoverningBody, Headteacher, School, gather
from sim.state.curves import AUTUMN
from sim.state.streams import keys_for
from sim.state.world import World


def bodies(model: World) -> list[GoverningBody]:
    """Every governing body once, in the order of its first school."""
    return list(dict.fromkeys(map(attrgetter("governing_body"), model.schools)))


def step(model: World) -> None:
    """Yearly, in the autumn term: terms end, seats are filled, skills and openness change."""
    if model.term_in_year != AUTUMN:
        return
    g = model.params.governors
    table = model.governors
    all_bodies = bodies(model)
    ending = np.flatnonzero(table.alive[: table.n] & (table.term_end[: table.n] <= model.year))
    renew = model.draws.uniform("governor_renew", model.term, table.key[ending]) < g.renew_prob
    table.term_end[ending[renew]] += g.term_years
    leaving = ending[~renew]
    for row in leaving.tolist():
        table.body[row].rows.remove(row)
    table.remove_many(leaving)
    _fill_seats(model, all_bodies)
    trained = list(map(attrgetter("rows"), all_bodies))
    activity = np.fromiter(  # each body's schools' highest ``partnership_activity``
        (
            s[0]._activity if len(s) == 1 else max(x._activity for x in s)
            for s in map(attrgetter("schools"), all_bodies)
        ),
        dtype=float,
        count=len(all_bodies),
    )
    counts = np.fromiter(map(len, trained), dtype=np.int64, count=len(trained))
    rows = np.fromiter(chain.from_iterable(trained), dtype=np.int64, count=int(counts.sum()))
    gain, opening = np.repeat(g.training_gain * activity, counts), np.repeat(g.openness_gain * activity, counts)
    skill, openness = table.skill[rows], table.openness[rows]
    table.skill[rows] = np.clip(skill + gain * (1 - skill) - g.skill_decay * (skill - g.new_skill_mean), 0, 1)
    table.openness[rows] = np.clip(openness + opening * (1 - openness), 0, 1)
    table.compact()


def _body_rows(all_bodies: list[GoverningBody]) -> Iterator[tuple[int, int, int]]:
    """Each body's seats less its governors, its pupils, and its first school's position."""
    for body in all_bodies:
        schools = body.schools
        first = schools[0]
        yield (
            body.seats - len(body.rows),
            first.roll if len(schools) == 1 else sum(s.roll for s in schools),
            first.position,
        )


def _fill_seats(model: World, all_bodies: list[GoverningBody]) -> None:
    """Each empty seat is filled this year with a chance rising with the body's pupils; new governors' draws
    are their own (keyed by the body's first school, the term and the seat)."""
    g = model.params.governors
    d = model.draws
    state = gather(_body_rows(all_bodies), 3)  # one pass over the bodies
    seats_short, governed, first_position = state.T.astype(np.int64)
    vacancies = np.maximum(0, seats_short)
    rolls, by_roll = np.unique(governed, return_inverse=True)
    settings = (g.fill_prob_small, g.fill_prob_large, g.size_mid_roll, g.size_roll_scale)
    known = model.memo("seat_fill_chance").setdefault(settings, {})  # by pupils governed: a body's size changes rarely
    fill_by_roll = []
    for roll in rolls.tolist():
        chance = known.get(roll)
        if chance is None:
            chance = known[roll] = seat_fill_chance(model, roll)
        fill_by_roll.append(chance)
    fill = np.array(fill_by_roll)[by_roll]
    # every open seat's draw at once: seat k of each body with more than k vacancies, seat by seat
    open_seats = [np.flatnonzero(vacancies > k) for k in range(int(vacancies.max(initial=0)))]
    if not open_seats:
        return
    counts = np.array([len(o) for o in open_seats])
    open_body, open_seat = np.concatenate(open_seats), np.repeat(np.arange(len(open_seats)), counts)
    seat_keys = model.school_keys[first_position[open_body]]
    u = d.uniform_rows("governor_fill", model.term, seat_keys, list(range(len(counts))), counts)
    filled = u < fill[open_body]
    body, seat = open_body[filled], open_seat[filled]
    if not len(body):
        return
    order = np.lexsort((seat, body))  # body by body, each body's seats in order
    body, seat = body[order], seat[order]
    keys = keys_for("governor", model.school_urns[first_position[body]], model.term, seat)
    skill = np.clip(g.new_skill_mean + g.new_skill_sd * d.normal("governor_skill", 0, keys), 0, 1)
    openness = np.clip(g.openness_mean + g.openness_sd * d.normal("governor_openness", 0, keys), 0, 1)
    model.governors.add_many([all_bodies[i] for i in body.tolist()], keys, skill, openness, model.year + g.term_years)


def _diocese_agrees(model: World, school: School, decision: str, index: int) -> bool:
    """A church school's diocese must agree to a head or governance shared with a school of another character."""
    g = model.params.governors
    p = g.diocese_consent_va if school.religion == "VA" else g.diocese_consent_vc
    return model.chance(f"diocese_{decision}", school, index) < p


def _governors_willing(model: World, school: School, base: float) -> float:
    g = model.params.governors
    return base * school.governing_body.openness / g.openness_mean


def consent_executive(
    model: World, school: School, head: Headteacher, *, appeal: float = 1.0, losing_head_risk: float = 0.0
) -> bool:
    """Do this school's governors (and, across church lines, its diocese) accept sharing ``head``?

    ``school`` is either the school that would gain an executive head (``appeal``: how good and how
    near the head's own school is) or the head's own school, whose governors lend their head
    (``losing_head_risk``: refusing may lose an ambitious head).
    """
    g = model.params.governors
    home = head.home or school
    p = _governors_willing(model, school, g.consent_exec_base) * appeal + g.fear_of_losing_head * losing_head_risk
    mixed = school is not home and school.is_church != home.is_church
    if mixed:
        p *= g.church_mix_factor
    if model.chance("consent_exec", school, head.key) >= min(1.0, p):
        return False
    return not (mixed and school.is_church and not _diocese_agrees(model, school, "exec", head.key))


def consent_federation(model: World, schools: list[School]) -> bool:
    """Do all governing bodies (and the dioceses of church schools in a mixed group) accept federation?"""
    g = model.params.governors
    mixed = len({s.is_church for s in schools}) > 1
    lead = schools[0].key
    for school in schools:
        p = _governors_willing(model, school, g.consent_federation_base)
        if mixed:
            p *= g.church_mix_factor
        if model.chance("consent_federation", school, lead) >= min(1.0, p):
            return False
        if mixed and school.is_church and not _diocese_agrees(model, school, "federation", lead):
            return False
    return True


def merge_bodies(model: World, schools: list[School]) -> GoverningBody:
    """Federation: one governing body for all its schools (fewer seats than before: 15 at Denton and Harlaxton)."""
    old: list[GoverningBody] = []
    for s in schools:
        if s.governing_body not in old:
            old.append(s.governing_body)
    seats = min(model.params.governors.federation_body_max, sum(b.seats for b in old))
    table = model.governors
    merged = GoverningBody(seats, table)
    members = sorted((r for b in old for r in b.rows), key=lambda r: -table.skill[r])
    for row in members[:seats]:
        table.seat(row, merged)
    for row in members[seats:]:
        table.remove(row)
    for b in old:
        for s in b.schools:
            if s not in merged.schools:
                merged.schools.append(s)
            s.governing_body = merged
    return merged


def split_body(model: World, body: GoverningBody) -> None:
    """A federation separates: each school gets its own governing body, the governors shared out in turn."""
    table = model.governors
    new = {}
    for s in body.schools:
        new[s] = GoverningBody(governor_seats(model, s.roll), table)
        new[s].schools.append(s)
    schools = list(body.schools)
    for i, row in enumerate(sorted(body.rows, key=lambda r: int(table.key[r]))):
        target = new[schools[i % len(schools)]]
        if target.vacancies > 0:
            table.seat(row, target)
        else:
            table.remove(row)
    for s in schools:
        s.governing_body = new[s]
