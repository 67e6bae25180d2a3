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
from collections.abc import Iterator

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


def _grade_cuts(o) -> tuple[float, float, float]:
    """The judged quality each of grades 1 to 3 needs (the first reached decides; grade 4 below them all)."""
    return (o.outstanding_threshold, o.good_threshold, o.inadequate_threshold)


def grade_for(model: World, judged: float) -> int:
    """Ofsted grade 1 (outstanding) to 4 (inadequate) for a judged quality."""
    cuts = _grade_cuts(model.params.outcomes)
    return next((grade for grade, cut in enumerate(cuts, start=1) if judged >= cut), len(cuts) + 1)


def grades_for(model: World, judged: np.ndarray) -> list[int]:
    """``grade_for`` of each judged quality (set from the last cut to the first, so the first reached decides)."""
    cuts = _grade_cuts(model.params.outcomes)
    grade = np.full(len(judged), len(cuts) + 1)
    for g in range(len(cuts), 0, -1):
        grade[judged >= cuts[g - 1]] = g
    return grade.tolist()


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


def _school_rows(schools: list[School], cover_skill: dict[str, float], deputy_skill: float) -> Iterator[tuple]:
    """Each school's leadership time, usual leadership, partnership activity, weak grade, gap, pull from an
    executive head's home school and leading skill (``leading_skill``): a school led by its own head present, the
    commonest case, is read without the ``leader`` property (no gap, no pull, its head's skill)."""
    for s in schools:
        head = s.head
        if head is not None and head.absent_terms == 0 and head.schools[0] is s:
            yield s.leadership_time, s.usual_leadership, s._activity, s.grade in WEAK_GRADES, False, 0.0, head.skill
            continue
        leader = s.leader
        yield (
            s.leadership_time,
            s.usual_leadership,
            s._activity,  # ``partnership_activity``
            s.grade in WEAK_GRADES,
            leader is None or leader is not head,  # ``in_gap``: no head of its own present
            _pull_from_home(s, leader),
            leader.skill if leader is not None else cover_skill.get(s.cover, deputy_skill),
        )


def step(model: World) -> None:
    o = model.params.outcomes
    ex = model.params.executive
    schools = model.schools
    state = gather(_school_rows(schools, cover_skills(o), o.deputy_skill), 7)  # one pass over the schools
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
    """The schools due an inspection this term are judged (their quality plus noise), in the schools' order."""
    o = model.params.outcomes
    year = model.year
    due = sorted(model.inspections_due.pop((year, model.term_in_year), ()))
    if not due:
        return
    cycle = inspection_cycle(model)
    schools = [model.schools[i] for i in due]
    noise = model.draws.normal("inspection", model.term, model.school_keys[due])  # ``draws.z`` of each school
    judged = np.array([s.quality for s in schools]) + o.inspection_noise * noise
    for school, grade in zip(schools, grades_for(model, judged)):
        previous = school.grade
        school.grade = grade
        school.grade_history.append(grade)
        school.next_inspection_year = year + cycle[grade - 1]
        model.flows[f"inspections|{school.band}"] += 1
        model.log("inspection", school=school, grade=grade, previous=previous)
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

    first_pupil = np.cumsum(cohort) - cohort  # each school's pupils are consecutive (every cohort has one at least)

    def pupils_who(decision: str, chance: np.ndarray, index: int = 0) -> np.ndarray:
        """How many of each school's year 6 pupils succeed, given each pupil's ``chance``: one draw per pupil (a
        binomial count per school, summed over each school's run of pupils)."""
        hit = model.draws.uniform(decision, term, pupil_keys, index) < chance
        return np.add.reduceat(hit, first_pupil, dtype=np.int64)

    attain = 1.0 / (1.0 + np.exp(-(o.ks2_intercept + o.ks2_slope * quality + ability)))
    passed = pupils_who("ks2_attainment", attain[pupil_school])
    national = logistic(o.progress_intercept)
    p_progress = 1.0 / (1.0 + np.exp(-(o.progress_intercept + o.progress_slope * quality + ability)))
    progress = p_progress[pupil_school]  # each pupil's chance, the same in every subject
    weak = {
        name: pupils_who("ks2_progress", progress, subject) / cohort < national for subject, name in enumerate(SUBJECTS)
    }
    weak_attainment = (cohort >= o.floor_min_cohort) & (passed / cohort < o.floor_attainment)

    def below_by(rule: tuple[str, ...]) -> np.ndarray:
        return weak_attainment & np.logical_and.reduce([weak[s] for s in rule])

    below = below_by(floor_subjects(model))
    below_2011 = below_by(SUBJECTS_2011_RULE)
    for school, n, k, b, b11 in zip(schools, cohort.tolist(), passed.tolist(), below.tolist(), below_2011.tolist()):
        school.ks2_cohort = n
        school.ks2_rate = float(k) / n
        school.below_floor = b
        school.below_floor_2011_rule = b11
