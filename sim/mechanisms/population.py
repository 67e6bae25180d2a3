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
from sim.state.streams import key
from sim.state.world import World


def build_population(model: World, cfg: RegionConfig, rng: np.random.Generator) -> None:
    """Create schools, governors, heads and the pool of aspiring heads on ``model``."""
    o = model.params.outcomes
    r = model.params.recruitment
    table = schools_table(cfg, rng)
    school_effect = rng.normal(0, cfg.school_effect_sd, len(table))
    seated = ([], [], [], [], [])  # the opening governors (body, key, skill, openness, end of term), seated together
    for i, row in enumerate(table.itertuples(index=False)):
        roll = int(row.roll)
        n_teachers = max(o.min_teachers, math.ceil(roll / o.pupils_per_teacher))
        # small schools recruit weaker staff as they draw fewer applicants (the attractiveness curve)
        mu = (
            cfg.quality_mean
            + school_effect[i]
            - cfg.small_quality_gap * falling(roll, r.size_mid_roll, r.size_roll_scale)
        )
        school = School(
            model,
            urn=int(row.urn),
            name=str(row.name),
            roll=roll,
            x=float(row.x),
            y=float(row.y),
            religion=str(row.religion),
            academy=bool(row.academy),
            town=bool(row.town),
            minutes_to_town=float(row.minutes_to_town),
            teachers=rng.normal(mu, o.teacher_sd, n_teachers),
        )
        school.baseline_mu = float(mu)
        _seat_governors(model, school, rng, seated)
        ret = model.params.retirement
        age = float(np.clip(rng.normal(cfg.head_age_mean, cfg.head_age_sd), r.new_head_age_min, ret.mean_age))
        head = new_head(model, key("head0", school.urn), age=age, state=HeadState.IN_POST)
        headship.appoint(model, school, head, log=False)
        head.started_term = model.term - int(TERMS_PER_YEAR * rng.uniform(0, head.age - r.new_head_age_min))
    bodies, keys, skill, openness, term_end = seated
    model.governors.add_many(
        bodies, np.array(keys, dtype=np.uint64), np.array(skill), np.array(openness), np.array(term_end, dtype=np.int64)
    )
    model.refresh_index()
    years_in_pool = min(
        1.0 / r.pool_attrition if r.pool_attrition > 0 else math.inf, r.new_head_age_max - r.pool_entry_age_min
    )
    keys, ages, bases = [], [], []  # the opening pool, drawn school by school and made together
    for school in model.schools:
        for k in range(int(rng.poisson(r.grow_per_teacher * len(school.teachers) * years_in_pool))):
            ages.append(float(rng.uniform(r.pool_entry_age_min, r.pool_entry_age_max)))
            keys.append(key("pool0", school.urn, k))
            bases.append(school)
    model.pool.extend(
        new_heads(model, np.array(keys, dtype=np.uint64), ages, bases=bases, skill_bonus=0.0, grown=[False] * len(keys))
    )


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
    ret = model.params.retirement
    mv = model.params.moves
    wb = model.params.wellbeing
    d = model.draws
    ages = np.asarray(ages, dtype=float)
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
    retirement = np.maximum(planned, ages + 1.0)
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


def _seat_governors(model: World, school: School, rng: np.random.Generator, seated: tuple[list, ...]) -> None:
    """A school's governing body and its opening governors (appended to ``seated``: body, key, skill, openness,
    the year their term ends), drawn in the region's order."""
    g = model.params.governors
    seats = governor_seats(model, school.roll)
    body = GoverningBody(seats, model.governors)
    body.schools.append(school)
    school.governing_body = body
    fill = seat_fill_chance(model, school.roll)
    filled = int(rng.binomial(seats, fill + (1 - fill) * fill))  # two years of filling from an empty body
    bodies, keys, skill, openness, term_end = seated
    for k in range(filled):
        bodies.append(body)
        keys.append(key("governor0", school.urn, k))
        skill.append(clamp(rng.normal(g.new_skill_mean, g.new_skill_sd), 0, 1))
        openness.append(clamp(rng.normal(g.openness_mean, g.openness_sd), 0, 1))
        term_end.append(model.year + int(rng.integers(0, g.term_years)))
