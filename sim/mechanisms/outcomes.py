"""Outcomes: teacher quality, school quality, Ofsted inspections, KS2 results, the floor standard.

School quality is the mean quality of its few teachers plus its leader's contribution, so a
three-teacher school swings with one weak teacher (001_2b3e1c102beeb635.txt: "one or two weak
teachers has a disproportionate effect in a three- or four-teacher school"). Teachers improve
with leadership time above what a head of that size normally has (002: heads of small schools
"spend more time teaching ... less time for strategic leadership"), with partnership activity
(000: observations good or better "from 65 per cent to 85 per cent"), with authority support to
schools judged 3 or 4 (000), and towards an executive head's school; headship gaps and head
changes cost quality. KS2 results are binomial in real cohort sizes (000: "only eight pupils in
the cohort") around a cohort's own ability. The floor standard (000, footnote 2): under 60% at
L4+ and expected progress below the national rate as well, in English and maths until 2012 and in
reading, writing and maths from the 2013 results; cohorts too small to judge are not counted.
"""

from __future__ import annotations

import math

import numpy as np

from sim.state.agents import WEAK_GRADES, Cover, Headteacher, School, gather
from sim.state.curves import AUTUMN, SUMMER, TERMS_PER_YEAR
from sim.state.streams import keys_of, slot_keys
from sim.state.world import World


def logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def inspection_cycle(model: World) -> list[int]:
    return [int(v) for v in model.params.outcomes.inspection_years.split(",")]


def leading_skill(model: World, school: School, leader: Headteacher | None) -> float:
    """Skill of whoever leads the school now (``leader``, its ``school.leader``): its head, an interim executive
    head, or else whoever covers: a head of school, a consultant head or a deputy."""
    if leader is not None:
        return leader.skill
    o = model.params.outcomes
    return cover_skills(o).get(school.cover, o.deputy_skill)


def cover_skills(o) -> dict[str, float]:
    """Skill of the cover that is not a head (a deputy acting up otherwise: ``o.deputy_skill``)."""
    return {Cover.HEAD_OF_SCHOOL: o.head_of_school_skill, Cover.CONSULTANT: o.consultant_skill}


def grade_for(model: World, judged: float) -> int:
    """Ofsted grade 1 (outstanding) to 4 (inadequate) for a judged quality."""
    o = model.params.outcomes
    cuts = (o.outstanding_threshold, o.good_threshold, o.inadequate_threshold)
    return next((grade for grade, cut in enumerate(cuts, start=1) if judged >= cut), len(cuts) + 1)


def initialise(model: World) -> None:
    """One array of every teacher's quality (each school's teachers a view of it); opening grades and cycle."""
    schools = model.schools
    counts = np.array([len(s.teachers) for s in schools])
    model.teacher_quality = np.concatenate([s.teachers for s in schools]).astype(float)
    model.teacher_school = np.repeat(np.arange(len(schools)), counts)
    model.teacher_offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    model.teacher_counts = counts
    model.teacher_keys = slot_keys(keys_of(schools), counts)
    model.baseline_mu = np.array([s.baseline_mu for s in schools])
    model.teacher_mu = model.baseline_mu[model.teacher_school]  # each teacher's school's baseline (fixed)
    for s, a, n in zip(schools, model.teacher_offsets, counts):
        s._slot = (int(a), int(n))
    cycle = inspection_cycle(model)
    o = model.params.outcomes
    model.inspections_due = {}
    for s in schools:
        s.quality = float(s.teachers.mean()) + o.head_weight * leading_skill(model, s, s.leader)
        s.grade = grade_for(model, s.quality + o.inspection_noise * model.draws.z("inspection", model.term, s.key))
        s.grade_history = [s.grade]
        s.next_inspection_year = model.year + int(model.draws.u("first_inspection", 0, s.key) * cycle[s.grade - 1])
        s.inspection_term = int(TERMS_PER_YEAR * model.draws.u("inspection_term", 0, s.key))
        _schedule_inspection(model, s)


def _schedule_inspection(model: World, school: School) -> None:
    """File the school under the year and term of its next inspection (only ``initialise`` and ``inspect`` set
    them), so that each term visits only the schools inspected then."""
    model.inspections_due.setdefault((school.next_inspection_year, school.inspection_term), []).append(school.position)


def _pull_from_home(school: School, leader: Headteacher | None) -> float:
    """How far an executive head's home school's quality is above this one's (0 unless led from another school)."""
    if leader is None:
        return 0.0
    schools, covering = leader.schools, leader.covering
    if len(schools) + len(covering) < 2 or not schools or schools[0] is school:
        return 0.0
    return schools[0].quality - school.quality


def step(model: World) -> None:
    o = model.params.outcomes
    ex = model.params.executive
    schools = model.schools
    cover_skill = cover_skills(o)
    state = gather(  # one pass over the schools (``leading_skill`` of each written out: teachers' drift leaves it)
        (
            (
                s.leadership_time,
                s.usual_leadership,
                s._activity,  # ``partnership_activity``
                s.grade in WEAK_GRADES,
                leader is None or leader is not s.head,  # ``in_gap``: no head of its own present
                _pull_from_home(s, leader),
                leader.skill if leader is not None else cover_skill.get(s.cover, o.deputy_skill),
            )
            for s in schools
            for leader in (s.leader,)
        ),
        7,
    )
    leadership, usual, activity, weak, gap, pull, skill = state.T
    time = leadership - usual
    drift = (
        o.leadership_gain_per_term * time
        + o.partnership_gain_per_term * activity
        + o.la_support_gain_per_term * weak
        - o.gap_penalty_per_term * gap
    )
    executive_led = pull != 0.0
    drift[executive_led] += ex.convergence_per_term * pull[executive_led]
    t = model.teacher_quality
    mu = model.teacher_mu
    t += drift[model.teacher_school] - o.teacher_reversion_per_term * (t - mu)
    if model.term_in_year == AUTUMN:
        leave = model.draws.uniform("teacher_leaves", model.term, model.teacher_keys) < o.teacher_turnover
        if leave.any():
            fresh = mu + o.teacher_sd * model.draws.normal("teacher_joins", model.term, model.teacher_keys)
            t[leave] = fresh[leave]
    quality = np.add.reduceat(t, model.teacher_offsets) / model.teacher_counts + o.head_weight * skill
    for school, q in zip(schools, quality.tolist()):
        school.quality = q
    inspect(model)
    if model.term_in_year == SUMMER:
        key_stage_2(model)


def inspect(model: World) -> None:
    o = model.params.outcomes
    cycle = inspection_cycle(model)
    year, term_in_year = model.year, model.term_in_year
    schools = model.schools
    for i in sorted(model.inspections_due.pop((year, term_in_year), ())):  # in the schools' order
        school = schools[i]
        previous = school.grade
        judged = school.quality + o.inspection_noise * model.draws.z("inspection", model.term, school.key)
        school.grade = grade_for(model, judged)
        school.grade_history.append(school.grade)
        school.next_inspection_year = model.year + cycle[school.grade - 1]
        model.flows[f"inspections|{school.band}"] += 1
        model.log("inspection", school=school, grade=school.grade, previous=previous)
        _schedule_inspection(model, school)


SUBJECTS_2011_RULE = ("english", "maths")
SUBJECTS_2013_RULE = ("reading", "writing", "maths")
SUBJECTS = tuple(dict.fromkeys(SUBJECTS_2013_RULE + SUBJECTS_2011_RULE))  # each drawn once a year


def floor_subjects(model: World) -> tuple[str, ...]:
    """Subjects whose progress the floor standard judges this year (English and maths, then R, W and M)."""
    return SUBJECTS_2013_RULE if model.year >= model.params.outcomes.floor_rwm_from_year else SUBJECTS_2011_RULE


def year6(model: World) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each school's KS2 cohort (roll / year groups), and every year 6 pupil's school and key (rolls are fixed)."""
    cached = getattr(model, "_year6", None)
    if cached is None:
        o = model.params.outcomes
        cohort = np.maximum(1, np.round(np.array([s.roll for s in model.schools]) / o.year_groups)).astype(np.int64)
        school = np.repeat(np.arange(len(cohort)), cohort)
        cached = model._year6 = (cohort, school, slot_keys(model.school_keys, cohort))
    return cached


def key_stage_2(model: World) -> None:
    """Year 6 results around each cohort's own ability, binomial in the real cohort; the floor standard."""
    o = model.params.outcomes
    schools = model.schools
    keys = model.school_keys
    term = model.term
    quality = np.array([s.quality for s in schools])
    cohort, pupil_school, pupil_keys = year6(model)
    ability = o.pupil_sd * model.draws.normal("cohort_ability", term, keys)

    def pupils_who(decision: str, chance: np.ndarray, index: int = 0) -> np.ndarray:
        """How many of each school's year 6 pupils succeed: one draw per pupil (a binomial count per school)."""
        hit = model.draws.uniform(decision, term, pupil_keys, index) < chance[pupil_school]
        return np.bincount(pupil_school, weights=hit, minlength=len(schools))

    passed = pupils_who("ks2_attainment", 1.0 / (1.0 + np.exp(-(o.ks2_intercept + o.ks2_slope * quality + ability))))
    national = logistic(o.progress_intercept)
    p_progress = 1.0 / (1.0 + np.exp(-(o.progress_intercept + o.progress_slope * quality + ability)))
    weak = {}
    for subject, name in enumerate(SUBJECTS):
        weak[name] = pupils_who("ks2_progress", p_progress, subject) / cohort < national
    weak_attainment = (cohort >= o.floor_min_cohort) & (passed / cohort < o.floor_attainment)

    def below_by(rule: tuple[str, ...]) -> np.ndarray:
        return weak_attainment & np.logical_and.reduce([weak[s] for s in rule])

    below = below_by(floor_subjects(model))
    below_2011 = below_by(SUBJECTS_2011_RULE)
    for school, n, k, b, b11 in zip(schools, cohort, passed, below, below_2011):
        school.ks2_cohort = int(n)
        school.ks2_rate = float(k) / int(n)
        school.below_floor = bool(b)
        school.below_floor_2011_rule = bool(b11)
