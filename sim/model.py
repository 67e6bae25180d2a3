"""The model: a region of schools stepped one school term at a time.

``SchoolSystem`` is the schedule on top of the model's layers: it builds the region's people
(``sim.mechanisms.population``), applies the scenario's levers (``scenarios/levers.py``), calls
each mechanism module (``sim/mechanisms/``) in a fixed order every term, and hands the state to
the measures (``sim/observe/measures.py``). The state itself is ``sim.state.world.World``.
"""

from __future__ import annotations

from dataclasses import asdict, is_dataclass

from scenarios.config import ScenarioConfig
from scenarios.levers import build_levers
from sim.mechanisms import (
    executive,
    federation,
    funding,
    governance,
    moves,
    outcomes,
    partnerships,
    population,
    recruitment,
    retirement,
    wellbeing,
)
from sim.observe import measures
from sim.state.params import Params
from sim.state.regions import RegionConfig
from sim.state.streams import region_stream
from sim.state.typed import to_dataclass
from sim.state.world import World


def _as(cls, value):
    """Accept a dataclass instance, a dict (e.g. from SolaraViz or OmegaConf) or None."""
    if value is None:
        return cls()
    if isinstance(value, cls):
        return value
    if is_dataclass(value):
        value = asdict(value)
    return to_dataclass(cls, value)


class SchoolSystem(World):
    """Small rural primary schools, their heads, governors and partnerships, one step per term."""

    def __init__(
        self,
        *,
        region: RegionConfig | dict | None = None,
        params: Params | dict | None = None,
        scenario: ScenarioConfig | dict | None = None,
        seed: int = 42,
        start_year: int = 2012,
        horizon_years: int = 20,
        termly: bool = False,
        agent_data: bool = False,
    ) -> None:
        super().__init__(
            region=_as(RegionConfig, region),
            params=_as(Params, params),
            scenario=_as(ScenarioConfig, scenario),
            seed=int(seed),
            start_year=start_year,
            horizon_years=horizon_years,
        )
        self.levers = build_levers(self.scenario)
        population.build_population(self, self.region, region_stream(self.region.seed))
        outcomes.initialise(self)
        self.initial_pool = max(1, len(self.pool))
        funding.set_opening_budgets(self)
        self.collector = measures.Collector(self, termly=termly, agent_data=agent_data)

    def _recruit(self) -> None:
        """Open a vacancy at every school whose head has just left."""
        if self.vacated:
            recruitment.open_vacancies(self)

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
        self._recruit()
        outcomes.step(self)
        self.collector.observe_term()
        retirement.step(self)
        self._recruit()
        moves.step(self)
        self._recruit()
        wellbeing.exits(self)
        self._recruit()
        recruitment.step(self)
        self._recruit()
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
