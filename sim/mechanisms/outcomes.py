"""Outcomes: teacher quality, school quality, Ofsted inspections, KS2 results, the floor standard.

School quality is the mean quality of its few teachers plus its head's contribution, so a
three-teacher school swings with one weak teacher (001_2b3e1c102beeb635.txt: "one or two weak
teachers has a disproportionate effect in a three- or four-teacher school"). Teachers improve
with leadership time above what a head of that size normally has (002: heads of small schools
"spend more time teaching ... less time for strategic leadership"), with partnership activity
(000: observations good or better "from 65 per cent to 85 per cent"), with authority support to
weak schools (000), and towards an executive head's school; headship gaps and head changes cost
quality. KS2 results are binomial in real cohort sizes (000: "only eight pupils in the cohort");
the floor standard is under 60% at L4+ and below-average progress (000, 2011 rule).
"""

from __future__ import annotations

import math

import numpy as np

from sim.state.agents import Cover, School, teaching_fraction_for_roll
from sim.state.world import World

COVER_SKILL = {Cover.DEPUTY: -0.5, Cover.HEAD_OF_SCHOOL: -0.3, Cover.CONSULTANT: 0.0}


def logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def inspection_cycle(model: World) -> list[int]:
    return [int(v) for v in model.params.outcomes.inspection_years.split(",")]


def leading_skill(school: School) -> float:
    if school.has_head_present:
        return school.head.skill
    if school.cover == Cover.EXECUTIVE and school.cover_head is not None:
        return school.cover_head.skill
    return COVER_SKILL.get(school.cover, -0.5)


def school_quality(model: World, school: School) -> float:
    return float(school.teachers.mean()) + model.params.outcomes.head_weight * leading_skill(school)


def grade_for(model: World, judged: float) -> int:
    o = model.params.outcomes
    if judged >= o.outstanding_threshold:
        return 1
    if judged >= o.good_threshold:
        return 2
    if judged >= o.inadequate_threshold:
        return 3
    return 4


def initialise(model: World) -> None:
    """Opening quality, last grade and inspection dates (spread over the cycle)."""
    rng = model.streams["outcomes"]
    cycle = inspection_cycle(model)
    for school in model.schools:
        school.baseline_mu = float(school.teachers.mean())
        school.baseline_leadership = 1.0 - teaching_fraction_for_roll(school.roll)
        school.quality = school_quality(model, school)
        school.grade = grade_for(model, school.quality + rng.normal(0, model.params.outcomes.inspection_noise))
        school.grade_history = [school.grade]
        school.next_inspection_year = model.start_year + int(rng.integers(0, cycle[school.grade - 1]))
        school.inspection_term = int(rng.integers(0, 3))


def step(model: World) -> None:
    o = model.params.outcomes
    la = model.authority
    rng = model.streams["outcomes"]
    yearly = model.term_in_year == 0
    for school in model.schools:
        lead = school.leadership_time
        if la.shared_posts and school.soft_partnership is not None:
            lead = min(1.0, lead + la.shared_posts_leadership_gain)
        drift = (
            o.leadership_gain_per_term * (lead - school.baseline_leadership)
            + o.partnership_gain_per_term * school.partnership_activity
            + o.la_support_gain_per_term * (school.grade >= 3)
            - o.gap_penalty_per_term * school.in_gap
        )
        leader = school.head if school.has_head_present else school.cover_head
        if leader is not None and leader.is_executive and leader.home is not None and leader.home is not school:
            drift += model.params.executive.convergence_per_term * (leader.home.quality - school.quality)
        t = school.teachers
        t += drift - o.teacher_reversion_per_term * (t - school.baseline_mu)
        if yearly:
            leave = rng.random(len(t)) < o.teacher_turnover
            if leave.any():
                t[leave] = rng.normal(school.baseline_mu, o.teacher_sd, int(leave.sum()))
        school.quality = school_quality(model, school)
    inspect(model, rng)
    if model.term_in_year == 2:
        key_stage_2(model, rng)


def inspect(model: World, rng: np.random.Generator) -> None:
    o = model.params.outcomes
    cycle = inspection_cycle(model)
    for school in model.schools:
        if school.next_inspection_year == model.year and school.inspection_term == model.term_in_year:
            previous = school.grade
            school.grade = grade_for(model, school.quality + rng.normal(0, o.inspection_noise))
            school.grade_history.append(school.grade)
            school.next_inspection_year = model.year + cycle[school.grade - 1]
            model.flows[f"inspections|{school.band}"] += 1
            model.log("inspection", school=school, grade=school.grade, previous=previous)


def key_stage_2(model: World, rng: np.random.Generator) -> None:
    """Year 6 results: binomial in the real cohort, so small schools' results are noisy."""
    o = model.params.outcomes
    national_progress = logistic(o.progress_intercept)
    for school in model.schools:
        cohort = max(1, round(school.roll / 7))
        school.ks2_cohort = cohort
        passed = rng.binomial(cohort, logistic(o.ks2_intercept + o.ks2_slope * school.quality))
        progressed = rng.binomial(cohort, logistic(o.progress_intercept + o.ks2_slope * school.quality))
        school.ks2_rate = passed / cohort
        school.below_floor = bool(school.ks2_rate < o.floor_attainment and progressed / cohort < national_progress)
