"""The model: a region of schools stepped one school term at a time.

``SchoolSystem`` builds the region, holds the agents, the event log and the money
ledger, and calls each mechanism module in a fixed order every term. Mechanisms live in
their own modules; levers in ``scenarios/levers.py``; measures in ``sim/measures.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from typing import Any

import mesa
import numpy as np
from scipy.spatial import cKDTree

from scenarios.config import ScenarioConfig
from scenarios.levers import build_levers
from sim import (
    executive,
    federation,
    funding,
    governance,
    measures,
    moves,
    outcomes,
    partnerships,
    recruitment,
    retirement,
    wellbeing,
)
from sim.agents import HeadState, Headteacher, LocalAuthority, Partnership, School
from sim.params import Params
from sim.regions import RegionConfig, build_region
from sim.streams import make_streams, mesa_seed, region_stream

TERM_NAMES = ("autumn", "spring", "summer")
TERM_MONTH = (9, 1, 4)


def _as(cls, value):
    """Accept a dataclass instance, a dict (e.g. from SolaraViz or OmegaConf) or None."""
    if value is None:
        return cls()
    if isinstance(value, cls):
        return value
    if is_dataclass(value):
        value = asdict(value)
    from sim.config import to_dataclass

    return to_dataclass(cls, value)


class SchoolSystem(mesa.Model):
    """Small rural primary schools, their heads, governors and partnerships, one step per term."""

    def __init__(
        self,
        *,
        region: RegionConfig | dict | str | None = None,
        params: Params | dict | None = None,
        scenario: ScenarioConfig | dict | None = None,
        seed: int = 42,
        start_year: int = 2012,
        horizon_years: int = 20,
        termly: bool = False,
        agent_data: bool = False,
    ) -> None:
        seed = int(seed)
        super().__init__(rng=mesa_seed(seed))
        if isinstance(region, str):
            from sim.config import load_region

            region = load_region(region)
        self.seed = seed
        self.region = _as(RegionConfig, region)
        self.params = _as(Params, params)
        self.scenario = _as(ScenarioConfig, scenario)
        self.start_year = int(start_year)
        self.horizon_years = int(horizon_years)
        self.streams = make_streams(seed)
        self.term = 0
        self._date = self.date
        self.events: list[dict[str, Any]] = []
        self.spent: dict[str, float] = defaultdict(float)  # money spent this term, by source
        self.money_in: dict[str, float] = defaultdict(float)  # cumulative inflows to schools and partnerships
        self.money_out: dict[str, float] = defaultdict(float)  # cumulative outflows
        self.flows: dict[str, float] = defaultdict(float)  # counts this term (vacancies, exits ...)
        self.pool: list[Headteacher] = []
        self.authority = LocalAuthority(self)
        self.levers = build_levers(self.scenario)
        self._index: cKDTree | None = None
        build_region(self, self.region, region_stream(self.region.seed))
        outcomes.initialise(self)
        self.initial_pool = max(1, len(self.pool))
        self.opening_balance = self.balance()
        funding.set_opening_budgets(self)
        self.collector = measures.Collector(self, termly=termly, agent_data=agent_data)

    # ----- time -------------------------------------------------------------------------
    @property
    def year(self) -> int:
        """Academic year of the current term (2012 = 2012/13)."""
        return self.start_year + self.term // 3

    @property
    def term_in_year(self) -> int:
        return self.term % 3

    @property
    def date(self) -> str:
        t = self.term_in_year
        cal_year = self.year + (0 if t == 0 else 1)
        return f"{cal_year}-{TERM_MONTH[t]:02d}"

    @property
    def n_terms(self) -> int:
        return 3 * self.horizon_years

    # ----- agents -----------------------------------------------------------------------
    @property
    def schools(self) -> list[School]:
        return self._schools

    @property
    def partnerships(self) -> list[Partnership]:
        return list(self.agents_by_type[Partnership]) if Partnership in self.agents_by_type else []

    def heads_in_post(self) -> list[Headteacher]:
        seen: dict[int, Headteacher] = {}
        for school in self._schools:
            for head in (school.head, school.cover_head):
                if head is not None and head.unique_id not in seen:
                    seen[head.unique_id] = head
        return list(seen.values())

    def refresh_index(self) -> None:
        """Spatial index over schools (KD-tree: no quadratic neighbour searches)."""
        self._schools = sorted(self.agents_by_type[School], key=lambda s: s.urn)
        self._xy = np.array([[s.x, s.y] for s in self._schools])
        self._index = cKDTree(self._xy)

    def minutes_between(self, a: School, b: School) -> float:
        """Driving minutes between two schools (straight line times a rural driving factor)."""
        return float(np.hypot(a.x - b.x, a.y - b.y)) * self.region.minutes_per_km

    def neighbours(self, school: School, max_minutes: float, k: int = 40) -> list[School]:
        """Schools within ``max_minutes``, nearest first (excluding ``school``)."""
        radius = max_minutes / self.region.minutes_per_km
        k = min(k, len(self._schools))
        dist, idx = self._index.query([school.x, school.y], k=k, distance_upper_bound=radius)
        return [
            self._schools[i]
            for d, i in zip(np.atleast_1d(dist), np.atleast_1d(idx))
            if np.isfinite(d) and self._schools[i] is not school
        ]

    def nearest(self, school: School, predicate: Callable[[School], bool], max_minutes: float) -> School | None:
        for other in self.neighbours(school, max_minutes):
            if predicate(other):
                return other
        return None

    # ----- heads ------------------------------------------------------------------------
    def install_head(self, school: School, head: Headteacher, *, log: bool = True, reason: str = "appointed") -> None:
        """Make ``head`` the substantive head of ``school`` (for executive heads: one more school)."""
        newly_appointed = head.state != HeadState.IN_POST
        if head in self.pool:
            self.pool.remove(head)
        head.state = HeadState.IN_POST
        if school in head.covering:
            head.covering.remove(school)
        if school not in head.schools:
            head.schools.append(school)
        school.head = head
        school.cover = None
        school.cover_head = None
        if newly_appointed:
            head.started_term = self.term
        if log:  # every school starts with a head, so any appointment during the run is a change of head
            partnerships.on_head_change(self, school)
            outcomes.on_head_change(self, school)
            school.head_changes += 1
        if log:
            self.log("head_appointed", school=school, head=head, reason=reason)

    def head_exits(self, head: Headteacher, reason: str, *, taken_over: tuple[School, ...] = ()) -> None:
        """A head leaves headship: every school they led or covered gets a vacancy or cover.

        ``taken_over`` schools get no vacancy: another head takes them on at once (federation).
        """
        led = list(head.schools)
        covered = list(head.covering)
        tenure = (self.term - head.started_term) / 3
        for school in led:
            self.log("head_exit", school=school, head=head, reason=reason, tenure_years=round(tenure, 2))
        self.flows[f"exits.{reason}"] += 1
        head.schools.clear()
        head.covering.clear()
        for school in covered:
            school.cover_head = None
            school.cover = recruitment.choose_cover(self, school)
            self.log("cover_changed", school=school, cover=school.cover, reason="executive_left")
        for school in led:
            school.head = None
        recruitment.open_vacancies(self, [s for s in led if s not in taken_over], reason)
        head.remove()

    # ----- money and events -------------------------------------------------------------
    def balance(self) -> float:
        """Money held by schools and partnerships (what the ledger must account for)."""
        return sum(s.reserves for s in self._schools) + sum(p.funds for p in self.partnerships)

    def receive(self, source: str, amount: float) -> None:
        self.money_in[source] += amount

    def pay(self, source: str, category: str, amount: float, *, external: bool = False) -> None:
        """Record spending by source; ``external`` spending (the authority's own) never touches balances."""
        self.spent[source] += amount
        if not external:
            self.money_out[category] += amount

    def log(
        self,
        event: str,
        *,
        school: School | None = None,
        head: Headteacher | None = None,
        partnership: Partnership | None = None,
        **fields: Any,
    ) -> None:
        row = {
            "term": self.term,
            "year": self.year,
            "date": self._date,
            "event": event,
            "school": school.urn if school is not None else None,
            "band": school.band if school is not None else None,
            "head": head.unique_id if head is not None else None,
            "age": round(head.age, 1) if head is not None else None,
            "partnership": partnership.unique_id if partnership is not None else None,
        }
        row.update(fields)
        self.events.append(row)

    # ----- the term ---------------------------------------------------------------------
    def step(self) -> None:
        """One school term. Order: policy, people, partnerships, money, outcomes, observe, departures."""
        self.flows.clear()
        self.spent.clear()
        self._date = self.date
        for lever in self.levers:
            lever.apply(self)
        partnerships.form_groups(self)
        wellbeing.update(self)
        governance.step(self)
        partnerships.step(self)
        funding.step(self)
        federation.step(self)
        outcomes.step(self)
        self.collector.observe_term()
        retirement.step(self)
        moves.step(self)
        wellbeing.exits(self)
        recruitment.step(self)
        executive.step(self)
        if self.term_in_year == 2:
            self.end_of_year()
        self.collector.collect()
        self.term += 1
        if self.term >= self.n_terms:
            self.running = False

    def end_of_year(self) -> None:
        """Ageing and the candidate pool's yearly turnover, at the end of the summer term."""
        for head in self.heads_in_post():
            head.age += 1
        recruitment.update_pool(self)
