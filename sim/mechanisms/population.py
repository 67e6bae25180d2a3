"""The people of a region: heads with ages, skills and planned retirement, governors, the candidate pool.

Builds the schools of a region (synthetic or from a register) as agents, seats their governing
bodies, appoints a head to each and fills the candidate pool; ``new_head`` makes every head and
candidate the model ever creates.
"""

from __future__ import annotations

import math

import numpy as np

from sim.mechanisms import headship
from sim.mechanisms.federation import federate
from sim.state.agents import (
    SMALL_MAX,
    Form,
    GoverningBody,
    Governor,
    HeadState,
    Headteacher,
    Partnership,
    School,
)
from sim.state.regions import RegionConfig, schools_table
from sim.state.world import World


def build_population(model: World, cfg: RegionConfig, rng: np.random.Generator) -> None:
    """Create schools, heads, governors, the candidate pool and pre-2012 partnerships on ``model``.

    Schools come from a register file in the GIAS layout when ``cfg.register`` is set, otherwise
    from the synthetic builder; people and partnerships are drawn the same way in both cases.
    """
    p = model.params
    table = schools_table(cfg, rng)
    rolls = table["roll"].to_numpy()
    n = len(table)
    school_effect = rng.normal(0, cfg.school_effect_sd, n)
    start = model.start_year
    o = p.outcomes
    for i in range(n):
        roll = int(rolls[i])
        n_teachers = max(2, math.ceil(roll / o.pupils_per_teacher))
        mu = cfg.quality_mean + school_effect[i] - (cfg.small_quality_gap if roll <= SMALL_MAX else 0.0)
        row = table.iloc[i]
        school = School(
            model,
            urn=int(row.urn),
            name=str(row["name"]),
            roll=roll,
            x=float(row.x),
            y=float(row.y),
            religion=str(row.religion),
            academy=bool(row.academy),
            town=bool(row.town),
            minutes_to_town=float(row.minutes_to_town),
            teachers=rng.normal(mu, o.teacher_sd, n_teachers),
        )
        _seat_governors(model, school, rng, start)
        head = new_head(model, rng, age=_draw_head_age(cfg, rng), state=HeadState.IN_POST)
        headship.appoint(model, school, head, log=False)
        head.started_term = -int(rng.integers(0, 3 * int(min(20, max(1, head.age - 30)))))
    model.refresh_index()
    pool = int(round(p.recruitment.pool_per_school * n * cfg.pool_size_factor))
    for _ in range(pool):
        model.pool.append(new_head(model, rng, age=float(rng.uniform(30, 50))))
    _pre2012_partnerships(model, cfg, rng)


def _draw_head_age(cfg: RegionConfig, rng: np.random.Generator) -> float:
    return float(np.clip(rng.normal(cfg.head_age_mean, cfg.head_age_sd), 29, 63))


def new_head(
    model: World,
    rng: np.random.Generator,
    *,
    age: float,
    state: str = HeadState.CANDIDATE,
    skill_bonus: float = 0.0,
    grown: bool = False,
) -> Headteacher:
    """A head or candidate with skill, ambition (younger heads more ambitious) and a planned retirement age."""
    r = model.params.retirement
    planned = float(np.clip(rng.normal(r.mean_age, r.sd_age), r.min_age, r.max_age))
    if planned <= age:
        planned = age + float(rng.uniform(0.3, 3.0))
    ambition = float(np.clip(rng.normal(0.5 + (45 - age) / 40, 0.2), 0, 1))
    return Headteacher(
        model,
        age=age,
        skill=float(rng.normal(skill_bonus, 0.8)),
        ambition=ambition,
        wellbeing=float(np.clip(rng.normal(0.75, 0.1), 0.2, 1)),
        state=state,
        retirement_age=planned,
        grown=grown,
    )


def _seat_governors(model: World, school: School, rng: np.random.Generator, start: int) -> None:
    g = model.params.governors
    small = school.roll <= SMALL_MAX
    seats = g.body_size_small if small else g.body_size_large
    body = GoverningBody(seats)
    body.schools.append(school)
    school.governing_body = body
    fill = g.fill_prob_small if small else g.fill_prob_large
    filled = int(rng.binomial(seats, 0.75 + 0.2 * fill))
    for k in range(filled):
        body.members.append(
            Governor(
                model,
                body=body,
                skill=float(np.clip(rng.normal(0.5, 0.15), 0, 1)),
                openness=float(np.clip(rng.normal(g.openness_mean, g.openness_sd), 0, 1)),
                term_end_year=start + int(rng.integers(0, g.term_years)),
                role="chair" if k == 0 else "governor",
            )
        )


def _pre2012_partnerships(model: World, cfg: RegionConfig, rng: np.random.Generator) -> None:
    """Ad hoc federations and informal clusters formed before 2012 (000: 'opportunistic basis')."""
    small = [s for s in model.schools if s.roll <= SMALL_MAX]
    order = rng.permutation(len(small))
    made = 0
    for idx in order:
        if made >= cfg.pre2012_federations:
            break
        school = small[idx]
        if school.partnerships:
            continue
        partner = model.nearest(
            school,
            lambda s, me=school: not s.partnerships and s is not me and s.is_church == me.is_church,
            max_minutes=20,
        )
        if partner is None:
            continue
        federate(model, [partner, school], origin="ad_hoc", log=False, allow_trust=False)
        made += 1
    for idx in order:
        school = small[idx]
        if school.partnerships or rng.random() >= cfg.pre2012_adhoc_share:
            continue
        partner = model.nearest(school, lambda s, me=school: s.soft_partnership is None and s is not me, max_minutes=25)
        if partner is None:
            continue
        if partner.soft_partnership is None:
            Partnership(
                model,
                members=[school, partner],
                form=Form.INFORMAL,
                trust=float(rng.uniform(0.3, 0.6)),
                origin="ad_hoc",
            ).activity = 0.3
