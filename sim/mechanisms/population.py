"""The people of a region: schools as agents, their governors, a head for each, the pool of aspiring heads.

Builds the region's schools (synthetic or from a register), seats their governing bodies, gives
each school a head and fills the pool of aspiring heads. Ages, tenures and the pool drawn here are
only a starting guess: the spin-up (``sim.model``) then runs the years before the start so that
September 2012 is the model's own steady state. ``new_head`` makes every head and aspiring head
the model ever creates; their traits are their own draws (keyed by who they are).
"""

from __future__ import annotations

import math

import numpy as np

from sim.mechanisms import headship
from sim.state.agents import GoverningBody, HeadState, Headteacher, School
from sim.state.curves import TERMS_PER_YEAR, clamp, falling, rising
from sim.state.region_schools import schools_table
from sim.state.regions import RegionConfig
from sim.state.streams import keys_for
from sim.state.world import World


def build_population(model: World, cfg: RegionConfig, rng: np.random.Generator) -> None:
    """Create schools, governors, heads and the pool of aspiring heads on ``model``.

    The region's draws are taken school by school, in one pass and in the order they always were (teachers,
    governors, the head's age and tenure); the agents are then made in the same order as ever (each school, then
    its head), with the keys of all governors, heads and aspiring heads made at once (``keys_for``) and the heads'
    traits drawn together (``head_traits``): the same numbers, without a Python pass per key or per trait."""
    o = model.params.outcomes
    r = model.params.recruitment
    ret = model.params.retirement
    table = schools_table(cfg, rng)
    school_effect = rng.normal(0, cfg.school_effect_sd, len(table))
    rolls = [int(roll) for roll in table["roll"].tolist()]
    mus, teachers, ages, tenures = [], [], [], []
    drawn = ([], [], [], [], [])  # each school's seats and opening governors, then theirs: skill, openness, term's end
    for i, roll in enumerate(rolls):
        n_teachers = max(o.min_teachers, math.ceil(roll / o.pupils_per_teacher))
        # small schools recruit weaker staff as they draw fewer applicants (the attractiveness curve)
        mu = (
            cfg.quality_mean
            + school_effect[i]
            - cfg.small_quality_gap * falling(roll, r.size_mid_roll, r.size_roll_scale)
        )
        mus.append(mu)
        teachers.append(rng.normal(mu, o.teacher_sd, n_teachers))
        _draw_governors(model, roll, rng, drawn)
        age = float(min(max(rng.normal(cfg.head_age_mean, cfg.head_age_sd), r.new_head_age_min), ret.mean_age))
        ages.append(age)  # ``np.clip``'s result, without its cost on one number
        tenures.append(rng.uniform(0, age - r.new_head_age_min))
    seats, filled, skill, openness, term_end = drawn
    urns = table["urn"].to_numpy(dtype=np.int64)
    head_keys = keys_for("head0", urns)
    head_skill, ambition, wellbeing, retirement_age = head_traits(model, head_keys, np.array(ages), skill_bonus=0.0)
    bodies = []
    columns = (table[c].tolist() for c in ("urn", "name", "x", "y", "religion", "academy", "town", "minutes_to_town"))
    for i, (urn, name, x, y, religion, academy, town, minutes) in enumerate(zip(*columns)):
        school = School(
            model,
            urn=int(urn),
            name=str(name),
            roll=rolls[i],
            x=float(x),
            y=float(y),
            religion=str(religion),
            academy=bool(academy),
            town=bool(town),
            minutes_to_town=float(minutes),
            teachers=teachers[i],
        )
        school.baseline_mu = float(mus[i])
        body = GoverningBody(seats[i], model.governors)
        body.schools.append(school)
        school.governing_body = body
        bodies.extend([body] * filled[i])
        head = Headteacher(  # what ``new_head`` makes of this head's key and age
            model,
            key=int(head_keys[i]),
            age=ages[i],
            skill=float(head_skill[i]),
            ambition=float(ambition[i]),
            wellbeing=float(wellbeing[i]),
            state=HeadState.IN_POST,
            retirement_age=float(retirement_age[i]),
        )
        headship.appoint(model, school, head, log=False)
        head.started_term = model.term - int(TERMS_PER_YEAR * tenures[i])
    model.governors.add_many(
        bodies,
        keys_for("governor0", np.repeat(urns, filled), _slots(filled)),
        np.array(skill),
        np.array(openness),
        np.array(term_end, dtype=np.int64),
    )
    model.refresh_index()
    years_in_pool = min(
        1.0 / r.pool_attrition if r.pool_attrition > 0 else math.inf, r.new_head_age_max - r.pool_entry_age_min
    )
    ages, counts = [], []  # the opening pool, drawn school by school and made together
    for school in model.schools:
        n = int(rng.poisson(r.grow_per_teacher * len(school.teachers) * years_in_pool))
        counts.append(n)
        ages.extend(rng.uniform(r.pool_entry_age_min, r.pool_entry_age_max, n).tolist())  # n draws of one each
    keys = keys_for("pool0", np.repeat(model.school_urns, counts), _slots(counts))
    bases = [school for school, n in zip(model.schools, counts) for _ in range(n)]
    model.pool.extend(new_heads(model, keys, ages, bases=bases, skill_bonus=0.0, grown=[False] * len(keys)))


def _slots(counts: list[int]) -> np.ndarray:
    """0, 1, ... counts[i] - 1 for each i, one after another (the numbers of each school's governors or members)."""
    counts = np.asarray(counts, dtype=np.int64)
    first = np.cumsum(counts) - counts
    return np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(first, counts)


def apply_heads_file(model: World) -> None:
    """At the start of the run, after the spin-up: the heads' ages and start years the region's heads
    file gives (``sim.state.heads_file``) replace the drawn ones of the head in post at those schools.

    A head's ambition and planned retirement age depend on their age; they are made again from the
    head's own draws, as ``new_head`` makes them for that age. A school without a head of its own
    then (a vacancy under cover) keeps its cover.
    """
    name = model.region.heads_file
    if not name:
        return
    from sim.state.heads_file import age_range, read_heads

    heads = read_heads(name, {s.urn for s in model.schools}, model.start_year, age_range(model.params))
    for school in model.schools:
        given, head = heads.get(school.urn), school.head
        if given is None or head is None:
            continue
        head.age = given.age
        head.started_term = model.term - TERMS_PER_YEAR * (model.start_year - given.start_year)
        head.ambition, head.retirement_age = age_traits(model, head.key, head.age)


def age_traits(model: World, head_key: int, age: float) -> tuple[float, float]:
    """A head's ambition (younger heads more ambitious) and planned retirement age at ``age``, from their own
    draws: what ``new_head`` gives a new head and a heads file's known age gives a head in post."""
    ret = model.params.retirement
    mv = model.params.moves
    d = model.draws
    planned = clamp(ret.mean_age + ret.sd_age * d.z("retirement_age", 0, head_key), ret.min_age, ret.max_age)
    ambition = clamp(
        mv.ambition_mean
        + mv.ambition_per_year * (mv.ambition_age_mid - age)
        + mv.ambition_sd * d.z("ambition", 0, head_key),
        0,
        1,
    )
    return ambition, max(planned, age + 1.0)


def new_head(
    model: World,
    head_key: int,
    *,
    age: float,
    state: str = HeadState.CANDIDATE,
    base: School | None = None,
    skill_bonus: float = 0.0,
    grown: bool = False,
) -> Headteacher:
    """A head or aspiring head with skill, ambition (younger heads more ambitious) and a planned retirement age.

    ``new_heads`` makes many at once with the same numbers (a test checks it)."""
    d = model.draws
    ambition, retirement_age = age_traits(model, head_key, age)
    wb = model.params.wellbeing
    return Headteacher(
        model,
        key=head_key,
        age=age,
        skill=skill_bonus + model.params.recruitment.candidate_skill_sd * d.z("skill", 0, head_key),
        ambition=ambition,
        wellbeing=clamp(wb.rested + wb.initial_sd * d.z("wellbeing", 0, head_key), 0, 1),
        state=state,
        retirement_age=retirement_age,
        grown=grown,
        base=base,
    )


def head_traits(
    model: World, keys: np.ndarray, ages: np.ndarray, *, skill_bonus
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The skill, ambition, wellbeing and planned retirement age ``new_head`` gives each head of these keys and
    ages, drawn together."""
    ret = model.params.retirement
    mv = model.params.moves
    wb = model.params.wellbeing
    d = model.draws
    planned = np.clip(ret.mean_age + ret.sd_age * d.normal("retirement_age", 0, keys), ret.min_age, ret.max_age)
    ambition = np.clip(
        mv.ambition_mean
        + mv.ambition_per_year * (mv.ambition_age_mid - ages)
        + mv.ambition_sd * d.normal("ambition", 0, keys),
        0,
        1,
    )
    skill = np.asarray(skill_bonus, dtype=float) + model.params.recruitment.candidate_skill_sd * d.normal(
        "skill", 0, keys
    )
    wellbeing = np.clip(wb.rested + wb.initial_sd * d.normal("wellbeing", 0, keys), 0, 1)
    return skill, ambition, wellbeing, np.maximum(planned, ages + 1.0)


def new_heads(
    model: World,
    keys: np.ndarray,
    ages,
    *,
    state: str = HeadState.CANDIDATE,
    bases: list[School | None],
    skill_bonus,
    grown,
) -> list[Headteacher]:
    """``new_head`` for many at once (a year's new aspiring heads): the same numbers, drawn together."""
    ages = np.asarray(ages, dtype=float)
    skill, ambition, wellbeing, retirement = head_traits(model, keys, ages, skill_bonus=skill_bonus)
    return [
        Headteacher(
            model,
            key=k,
            age=a,
            skill=sk,
            ambition=am,
            wellbeing=w,
            state=state,
            retirement_age=r,
            grown=g,
            base=b,
        )
        for k, a, sk, am, w, r, g, b in zip(
            np.asarray(keys, dtype=np.uint64).tolist(),
            ages.tolist(),
            skill.tolist(),
            ambition.tolist(),
            wellbeing.tolist(),
            retirement.tolist(),
            grown,
            bases,
        )
    ]


def governance_scale(model: World, roll: float) -> float:
    """0 for the smallest schools, 1 for large ones: how far a school's governance is a large school's."""
    g = model.params.governors
    return rising(roll, g.size_mid_roll, g.size_roll_scale)


def governor_seats(model: World, roll: float) -> int:
    """Seats on the governing body of a school of ``roll`` pupils."""
    g = model.params.governors
    return int(round(g.body_size_small + (g.body_size_large - g.body_size_small) * governance_scale(model, roll)))


def seat_fill_chance(model: World, roll: float) -> float:
    """Chance an empty seat on the governing body of ``roll`` pupils is filled within a year."""
    g = model.params.governors
    return g.fill_prob_small + (g.fill_prob_large - g.fill_prob_small) * governance_scale(model, roll)


def _draw_governors(model: World, roll: int, rng: np.random.Generator, drawn: tuple[list, ...]) -> None:
    """The opening governing body of a school of ``roll`` pupils, drawn in the region's order: its seats and how
    many are filled, then each governor's skill, openness and the year their term ends (appended to ``drawn``)."""
    g = model.params.governors
    seats = governor_seats(model, roll)
    fill = seat_fill_chance(model, roll)
    filled = int(rng.binomial(seats, fill + (1 - fill) * fill))  # two years of filling from an empty body
    n_seats, n_filled, skill, openness, term_end = drawn
    n_seats.append(seats)
    n_filled.append(filled)
    year = model.year
    for _ in range(filled):
        skill.append(clamp(rng.normal(g.new_skill_mean, g.new_skill_sd), 0, 1))
        openness.append(clamp(rng.normal(g.openness_mean, g.openness_sd), 0, 1))
        term_end.append(year + int(rng.integers(0, g.term_years)))
