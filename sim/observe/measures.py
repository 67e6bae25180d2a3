"""Measures: what the model reports, yearly by default or termly on request.

Rows are tidy: (year, term, measure, group, value). ``term`` is 0/1/2 for autumn/spring/summer
rows (termly collection) and -1 for whole-year rows. ``group`` is a size band (le110, 111_210,
gt210), a band|church pair, a form or grade, the schools under 180 pupils (lt180), or ``all``. Stocks of
a year are read at the end of its summer term (``heads_reaching_60_within``: at its start, in the autumn
term); flows are summed over the year's terms; ``leadership_time`` (head-time present,
``sim.mechanisms.leadership``) is a mean over schools each term, and over the year's terms in a
whole-year row. docs/ODD.md lists every measure; ``measure_groups`` lists every measure with its groups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from sim.state.agents import SIZE_BANDS, Cover, Form, gather
from sim.state.curves import AUTUMN, SUMMER, TERMS_PER_YEAR
from sim.state.world import World

YEAR = -1
ALL = "all"
SPENDING_SOURCES = ("programme", "school_budgets", "authority", "lump_sum")
EXIT_REASONS = ("retirement", "moved", "moved_away", "left", "executive_change", "stood_down")
RELIGIONS = ("community", "VC", "VA")  # a school's church status, as the county builders set it
GRADES = (1, 2, 3, 4)
# the schools whose count below the KS2 floor the documents follow: 000_e0a2dbf228a17e9a.txt "of the 46 primary
# schools that in 2010 were below the government's new floor target, 30 had fewer than 180 pupils";
# 002_c9f4dca45492e14f.txt "The number of schools with less than 180 pupils ... below floor has reduced dramatically"
FLOOR_ROLL_UNDER = 180
LT180 = "lt180"
# 000_e0a2dbf228a17e9a.txt: "49 primary headteachers are due to retire between now and 2018 (assuming a retirement
# age of 60)": heads in post who are, or within k years will be, 60 or over (k up to ten years ahead)
DUE_TO_RETIRE_AGE = 60
RETIRE_HORIZONS = tuple(range(11))


class Collector:
    """Collects measures from a model; nothing here changes the model."""

    def __init__(self, model: World, *, termly: bool = False, agent_data: bool = False) -> None:
        self.model = model
        self.termly = termly
        self.agent_data = agent_data
        self.rows: list[tuple[int, int, str, str, float]] = []
        self.school_rows: list[dict] = []
        self._reset_year()
        self._term_stocks: dict[tuple[str, str], float] = {}
        # how many grades each school's history held at the last yearly read: the grades after them are the year's
        self._grades_seen: dict[int, int] = {s.unique_id: len(s.grade_history) for s in model.schools}

    def _reset_year(self) -> None:
        self.year_flows: dict[tuple[str, str], float] = defaultdict(float)
        self.gap_schools: dict[str, set[int]] = defaultdict(set)
        self.cover_schools: dict[str, set[int]] = defaultdict(set)
        self.leadership_sums: dict[str, float] = defaultdict(float)  # by group: head-time summed over school-terms
        self.school_terms: dict[str, int] = defaultdict(int)  # by group: school-terms observed

    def _emit(self, term: int, values: dict[tuple[str, str], float]) -> None:
        year = self.model.year
        self.rows.extend((year, term, m, g, float(v)) for (m, g), v in values.items())

    # ----- during the term (before departures) -----------------------------------------------
    def observe_term(self) -> None:
        m = self.model
        stocks: dict[tuple[str, str], float] = defaultdict(float)
        floor = m.params.leadership.floor
        sums, terms = self.leadership_sums, self.school_terms
        for s in m.schools:
            time = s.leadership_time  # this term's head-time present (set at the start of the term)
            sums[s.band] += time
            terms[s.band] += 1
            if time < floor:
                stocks[("leadership_short_terms", s.band)] += 1
                stocks[("leadership_short_terms", ALL)] += 1
            if s.in_gap:
                s.gap_terms += 1
                stocks[("gap_terms", s.band)] += 1
                stocks[("gap_terms", ALL)] += 1
                self.gap_schools[s.band].add(s.unique_id)
                if s.cover is not None:
                    stocks[(f"cover.{s.cover}", ALL)] += 1
                    self.cover_schools[s.band].add(s.unique_id)
        for name in ("gap_terms", "leadership_short_terms"):
            for band in SIZE_BANDS:
                stocks.setdefault((name, band), 0.0)
            stocks.setdefault((name, ALL), 0.0)
        for key, v in stocks.items():
            self.year_flows[key] += v
        self._term_stocks = stocks
        if m.term_in_year == AUTUMN:  # read once a year, before the year's departures
            self.year_flows.update(due_to_retire(h.age for h in m.heads_in_post()))

    # ----- at the end of the step ---------------------------------------------------------------
    def collect(self) -> None:
        m = self.model
        flows: dict[tuple[str, str], float] = defaultdict(float)
        for key, v in m.flows.items():
            name, _, group = key.partition("|")
            flows[(name, group or ALL)] += v
            if group:
                if "|" in group:  # band|religion: also count it in its band
                    flows[(name, group.split("|")[0])] += v
                flows[(name, ALL)] += v
        for source in SPENDING_SOURCES:
            flows[(f"spent.{source}", ALL)] += m.spent.get(source, 0.0)
        for key, v in flows.items():
            self.year_flows[key] += v
        if self.termly:
            values = dict(self._term_stocks)
            values.update(flows)
            values.update(self.snapshot())
            self._emit(m.term_in_year, values)
        if m.term_in_year == SUMMER:
            values = dict(self.year_flows)
            for band in SIZE_BANDS:
                values[("schools_with_gap", band)] = len(self.gap_schools[band])
                values[("acting_schools", band)] = len(self.cover_schools[band])
            values[("schools_with_gap", ALL)] = sum(len(v) for v in self.gap_schools.values())
            values[("acting_schools", ALL)] = sum(len(v) for v in self.cover_schools.values())
            values.update(self.snapshot())
            values.update(self.year_leadership())
            values.update(self.year_inspections())
            values.update(_ratios(values))
            heads = values[("heads_in_post", ALL)]
            values[("head_turnover", ALL)] = values[("exits", ALL)] / heads if heads else 0.0
            self._emit(YEAR, values)
            if self.agent_data:
                self.school_rows.extend(school_records(m))
            self._reset_year()

    def year_leadership(self) -> dict[tuple[str, str], float]:
        """``leadership_time`` of the year: head-time present per school per term, by group, averaged over the
        school-terms of the year (each term counts as much as the others: every school is observed every term)."""
        sums, terms = self.leadership_sums, self.school_terms
        out = {("leadership_time", band): sums[band] / terms[band] for band in terms if terms[band]}
        if terms:
            out[("leadership_time", ALL)] = sum(sums.values()) / sum(terms.values())
        return out

    def year_inspections(self) -> dict[tuple[str, str], float]:
        """The year's inspections, each paired with the school's previous one, by group: how many gave each grade
        (``inspection_grade.<g>``) and how many followed an inspection that had given it
        (``inspection_previous_grade.<g>``). 000_e0a2dbf228a17e9a.txt (Figure 15) compares the small schools
        inspected in two years with "the grades they received in their previous inspection"."""
        out: dict[tuple[str, str], float] = {
            (f"{name}.{g}", group): 0.0
            for name in ("inspection_grade", "inspection_previous_grade")
            for g in GRADES
            for group in (*SIZE_BANDS, ALL)
        }
        seen = self._grades_seen
        for s in self.model.schools:
            history = s.grade_history
            n = len(history)
            before = seen.get(s.unique_id, n)
            if n > before:
                for previous, grade in zip(history[before - 1 : n - 1], history[before:n]):
                    for group in (s.band, ALL):
                        out[(f"inspection_grade.{grade}", group)] += 1
                        out[(f"inspection_previous_grade.{previous}", group)] += 1
            seen[s.unique_id] = n
        return out

    def snapshot(self) -> dict[tuple[str, str], float]:
        """Stocks at this moment."""
        m = self.model
        v: dict[tuple[str, str], float] = defaultdict(float)
        schools = m.schools
        heads = m.heads_in_post()
        v[("schools", ALL)] = len(schools)
        v[("heads_in_post", ALL)] = len(heads)
        v[("candidate_pool", ALL)] = len(m.pool)
        # one pass over the heads and one over the schools, then counts and means over arrays (the same numbers as
        # one pass per measure: each mean is numpy's over the same values in the same order)
        head_rows = gather(((h.seeking, h.n_led, h.started_term, h.age) for h in heads), 4)
        seeking, n_led, started, age = head_rows.T
        reserves = [s.reserves for s in schools]
        v[("heads_seeking", ALL)] = int(seeking.sum())
        v[("schools_in_deficit", ALL)] = sum(1 for r in reserves if r < 0)
        executive = n_led >= 2
        v[("executive_heads", ALL)] = int(executive.sum())
        v[("schools_per_executive", ALL)] = float(np.mean(n_led[executive])) if executive.any() else 0.0
        v[("mean_tenure_years", ALL)] = float(np.mean((m.term - started) / TERMS_PER_YEAR)) if heads else 0.0
        v[("mean_head_age", ALL)] = float(np.mean(age)) if heads else 0.0
        rows = gather(map(_school_row, schools), 11)
        led_by_exec, vacant, leadership, quality, floor, floor_2011, grade, pupils, cohort, rate, led = rows.T
        by_band: dict[str, list[int]] = defaultdict(list)  # positions of the schools of each band
        for i, s in enumerate(schools):
            by_band[s.band].append(i)
        groups = [(band, np.array(at)) for band, at in by_band.items()] + [(ALL, slice(None))]
        for band, at in groups:
            n = len(schools) if band == ALL else len(at)
            v[("schools", band)] = n
            v[("schools_led_by_executive", band)] = int(led_by_exec[at].sum())
            v[("unfilled_vacancies", band)] = int(vacant[at].sum())
            v[("leadership_time", band)] = float(np.mean(leadership[at]))
            v[("quality", band)] = float(np.mean(quality[at]))
            v[("below_floor", band)] = int(floor[at].sum())
            v[("below_floor_2011_rule", band)] = int(floor_2011[at].sum())
            for g in GRADES:
                v[(f"grade_share.{g}", band)] = int((grade[at] == g).sum()) / n
        under = pupils < FLOOR_ROLL_UNDER
        v[("below_floor", LT180)] = int(floor[under].sum())
        v[("below_floor_2011_rule", LT180)] = int(floor_2011[under].sum())
        v[("good_or_better_pupils", ALL)] = float(pupils[grade <= 2].sum() / pupils.sum())
        # how thinly executive heads are spread, as their schools see it: each school led now (by its own head or an
        # interim executive head, present) by a head of two or more schools, with the number that head leads
        stretched = led >= 2
        v[("schools_per_executive_head", ALL)] = float(np.mean(led[stretched])) if stretched.any() else 0.0
        small_at = np.array(by_band.get("le110", []), dtype=int)
        if len(small_at):
            v[("led_by_head_of_3plus", "le110")] = float(np.mean(led[small_at] >= 3))
        for band, at in groups:
            cohorts = int(cohort[at].sum())
            if cohorts > 0:
                v[("ks2_l4_rate", band)] = float(np.nansum(rate[at] * cohort[at]) / cohorts)
        small = [schools[i] for i in by_band.get("le110", [])]
        categories = [s.main_form.category for s in small]
        for cat in (1, 2, 3, 4, 5):
            v[("small_school_category", str(cat))] = categories.count(cat)
        v[("small_schools_with_mou", "le110")] = sum(1 for s in small if any(p.mou for p in s.partnerships))
        parts = m.partnerships
        for form in Form:
            if form != Form.NONE:
                v[("partnerships", form.name.lower())] = sum(1 for p in parts if p.form == form)
        soft = [p for p in parts if not p.form.is_hard]
        v[("partnerships", ALL)] = len(parts)
        v[("active_partnerships", ALL)] = sum(1 for p in soft if p.is_active)
        v[("dedicated_partnerships", ALL)] = sum(1 for p in soft if p.dedicated)
        v[("partnership_activity", ALL)] = float(np.mean([p.activity for p in soft])) if soft else 0.0
        v[("partnership_trust", ALL)] = float(np.mean([p.trust for p in soft])) if soft else 0.0
        v[("programme_partnerships_alive", ALL)] = sum(1 for p in soft if p.scheme)
        v[("programme_partnerships_active", ALL)] = sum(1 for p in soft if p.scheme and p.is_active)
        v[("partnership_funds", ALL)] = sum(p.funds for p in parts)
        v[("partnerships_with_small", ALL)] = sum(1 for p in parts if any(s.band == "le110" for s in p.members))
        in_active = [s for s in schools if any(p.is_active for p in s.partnerships if not p.form.is_hard)]
        v[("schools_in_active_partnership", ALL)] = len(in_active)
        v[("schools_in_active_partnership", "le110")] = sum(1 for s in in_active if s.band == "le110")
        v[("federations", ALL)] = v[("partnerships", "federation")]
        v[("trusts", ALL)] = v[("partnerships", "trust")]
        v[("reserves", ALL)] = sum(reserves)
        return v


def due_to_retire(ages: Iterable[float]) -> dict[tuple[str, str], float]:
    """``heads_reaching_60_within.<k>``: of the heads (their ages this year), how many are 60 or over now or will be
    within k years (a head aged 54 this year is 60 within six years)."""
    a = np.fromiter(ages, dtype=float)
    return {(f"heads_reaching_60_within.{k}", ALL): int((a + k >= DUE_TO_RETIRE_AGE).sum()) for k in RETIRE_HORIZONS}


def _school_row(s) -> tuple:
    """What ``Collector.snapshot`` reads of a school, in one pass."""
    head = s.head
    return (
        (head is not None and head.is_executive) or s.cover_head is not None,
        s.vacancy is not None,
        s.leadership_time,
        s.quality,
        s.below_floor,
        s.below_floor_2011_rule,
        s.grade,
        s.roll,
        s.ks2_cohort,
        s.ks2_rate,
        _schools_of_leader(s),
    )


def _schools_of_leader(s) -> int:
    """How many schools the head leading this school now leads (0 if no head leads it: a gap under other cover)."""
    leader = s.leader
    return 0 if leader is None else leader.n_led


def _ratios(values: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    """Applicants per advert by group; head turnover."""
    out = {}
    for (name, group), n in list(values.items()):
        if name == "adverts" and n > 0:
            out[("applicants_per_advert", group)] = values.get(("applicants", group), 0.0) / n
        if name == "vacancies" and group in SIZE_BANDS + (ALL,) and values.get(("schools", group)):
            out[("vacancy_rate", group)] = n / values[("schools", group)]
    exits = sum(v for (name, g), v in values.items() if name.startswith("exits.") and g == ALL)
    out[("exits", ALL)] = exits
    return out


def school_records(model: World) -> list[dict]:
    """Opt-in agent-level data: one row per school per year."""
    rows = []
    for s in model.schools:
        head = s.head
        rows.append(
            {
                "year": model.year,
                "school": s.urn,
                "roll": s.roll,
                "band": s.band,
                "religion": s.religion,
                "academy": s.academy,
                "x": s.x,
                "y": s.y,
                "head": head.unique_id if head else None,
                "head_age": head.age if head else None,
                "executive": bool(head and head.is_executive),
                "vacancy": s.vacancy is not None,
                "cover": s.cover,
                "quality": s.quality,
                "grade": s.grade,
                "ks2_rate": s.ks2_rate,
                "below_floor": s.below_floor,
                "main_form": s.main_form.name.lower(),
                "partnership_activity": s.partnership_activity,
                "reserves": s.reserves,
                "gap_terms": s.gap_terms,
            }
        )
    return rows


def measure_groups() -> dict[str, frozenset[str]]:
    """Every measure the collector can emit, with the groups it emits it for: the one list that target and report
    definitions are checked against (docs/ODD.md describes each)."""
    bands = frozenset((*SIZE_BANDS, ALL))
    church = bands | {f"{band}|{religion}" for band in SIZE_BANDS for religion in RELIGIONS}
    small = frozenset({"le110"})
    by_band = [
        "gap_terms",
        "schools_with_gap",
        "acting_schools",
        "unfilled_vacancies",
        "schools",
        "leadership_short_terms",
        "schools_led_by_executive",
        "leadership_time",
        "quality",
        "ks2_l4_rate",
        "inspections",
        "vacancy_rate",
        *(f"grade_share.{g}" for g in GRADES),
        *(f"inspection_grade.{g}" for g in GRADES),
        *(f"inspection_previous_grade.{g}" for g in GRADES),
    ]
    only_all = [
        "exits",
        "head_turnover",
        "heads_in_post",
        "candidate_pool",
        "executive_heads",
        "schools_per_executive",
        "schools_per_executive_head",
        "mean_tenure_years",
        "mean_head_age",
        "good_or_better_pupils",
        "active_partnerships",
        "dedicated_partnerships",
        "partnership_activity",
        "partnership_trust",
        "programme_partnerships_alive",
        "programme_partnerships_active",
        "partnership_funds",
        "partnerships_with_small",
        "federations",
        "trusts",
        "reserves",
        "executive_brokered",
        "executive_at_vacancy",
        "executive_refused",
        "federations_formed",
        "federation_refused",
        "partnerships_formed",
        "partnerships_split",
        "vacancies_opened",
        "heads_seeking",
        "schools_in_deficit",
        "seeking_started",
        "pool_joined",
        "pool_left",
        "programme_granted",
        *(f"exits.{r}" for r in EXIT_REASONS),
        *(f"applicants_from.{r}" for r in ("pool", "head", "outside")),
        *(f"appointed_from.{r}" for r in ("pool", "head", "outside")),
        *(f"federations_ended.{r}" for r in ("separated", "head_left")),
        *(f"cover.{c}" for c in (Cover.DEPUTY, Cover.CONSULTANT, Cover.EXECUTIVE, Cover.HEAD_OF_SCHOOL)),
        *(f"vacancies_closed.{o}" for o in ("appointed", "executive", "federation")),
        *(f"partnerships_ended.{r}" for r in ("faded", "regrouped", "too_few")),
        *(f"spent.{s}" for s in SPENDING_SOURCES),
        *(f"heads_reaching_60_within.{k}" for k in RETIRE_HORIZONS),
    ]
    out = {name: bands for name in by_band} | {name: frozenset({ALL}) for name in only_all}
    out |= {name: church for name in ("vacancies", "adverts", "applicants", "applicants_per_advert")}
    out |= {name: bands | {LT180} for name in ("below_floor", "below_floor_2011_rule")}
    out |= {"led_by_head_of_3plus": small, "small_schools_with_mou": small}
    out["schools_in_active_partnership"] = small | {ALL}
    out["small_school_category"] = frozenset(str(c) for c in (1, 2, 3, 4, 5))
    out["partnerships"] = frozenset({ALL} | {f.name.lower() for f in Form if f != Form.NONE})
    return out


def known_measures() -> set[str]:
    """Every measure name the collector can emit (for checking target and report definitions)."""
    return set(measure_groups())
