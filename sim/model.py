"""The model: a region of schools stepped one school term at a time.

``SchoolSystem`` is the schedule on top of the model's layers: it builds the region's people
(``sim.mechanisms.population``), runs the years before the start under the pre-2012 policy (the
spin-up: no scenario lever applies, so the start is the model's own steady state and the same for
every scenario of a seed), then each term applies the scenario's levers (``scenarios/levers.py``),
calls each mechanism module (``sim/mechanisms/``) in a fixed order, and hands the state to the
measures (``sim/observe/measures.py``). The state itself is ``sim.state.world.World``.
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
    leadership,
    moves,
    outcomes,
    partnerships,
    population,
    recruitment,
    retirement,
    spinup,
    wellbeing,
)
from sim.observe import invariants, measures
from sim.state.curves import SUMMER, TERMS_PER_YEAR
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
        check: bool = False,
        configure: bool = True,
    ) -> None:
        super().__init__(
            region=_as(RegionConfig, region),
            params=_as(Params, params),
            scenario=_as(ScenarioConfig, scenario),
            seed=int(seed),
            start_year=start_year,
            horizon_years=horizon_years,
        )
        self.check = check
        population.build_population(self, self.region, region_stream(self.region.seed))
        outcomes.initialise(self)
        funding.set_opening_budgets(self)
        self.spin_up()
        population.apply_heads_file(self)  # the heads an authority knows replace the drawn ones at the start
        if configure:  # ``configure=False`` leaves a spun-up model to be configured later (sim.running.run)
            self.configure(scenario=self.scenario, horizon_years=horizon_years, termly=termly, agent_data=agent_data)

    def spin_up(self) -> None:
        """The years before the start under the pre-2012 policy (no scenario lever applies): the opening (ad hoc
        partnerships forming alone), then the burn-in, in which the federations are topped up to the stock at
        which the formations and separations it measures balance (``sim.mechanisms.spinup``)."""
        s = self.params.spinup
        self.levers = []
        partnerships.open_ad_hoc(self, s.opening_years)
        ledger = spinup.Ledger()
        start = self.term
        while self.term < 0:
            self._term()
            ledger.add_term(self)
            self.term += 1
            year = (self.term - start) / TERMS_PER_YEAR
            if year == s.top_up_year:
                federation.top_up(self, ledger.stationary_federations(s.top_up_window))

    def configure(
        self,
        *,
        scenario: ScenarioConfig,
        horizon_years: int,
        termly: bool = False,
        agent_data: bool = False,
        check: bool | None = None,
    ) -> None:
        """Set up the run proper on a spun-up model: the scenario's levers, the horizon, what is collected."""
        assert self.term == 0 and not self.recording, "configure a model at the start, before it runs"
        self.scenario = _as(ScenarioConfig, scenario)
        self.levers = build_levers(self.scenario)
        self.horizon_years = int(horizon_years)
        if check is not None:
            self.check = check
        self.collector = measures.Collector(self, termly=termly, agent_data=agent_data)
        self.begin_recording()
        if self.check:
            invariants.check_all(self)

    def _term(self) -> None:
        """One school term. Order: policy, people, partnerships, money, outcomes, observe, departures, recruitment."""
        self.flows.clear()
        self.spent.clear()
        self._date = self.date
        if self.recording:
            for lever in self.levers:
                lever.apply(self)
        partnerships.form_groups(self)
        leadership.update(self)
        wellbeing.update(self)
        governance.step(self)
        partnerships.step(self)
        funding.step(self)
        outcomes.step(self)
        if self.recording:
            self.collector.observe_term()
        federation.step(self)  # changes that vacate a school count from the next term, as every departure does
        executive.step(self)
        retirement.step(self)
        moves.step(self)
        wellbeing.exits(self)
        recruitment.step(self)
        if self.term_in_year == SUMMER:
            self.end_of_year()
        if self.check:
            invariants.check_all(self)

    def step(self) -> None:
        """One recorded term of the run."""
        self._term()
        self.collector.collect()
        self.term += 1
        if self.term >= self.n_terms:
            self.running = False

    def end_of_year(self) -> None:
        """Ageing and the pool of aspiring heads' yearly turnover, at the end of the summer term."""
        for head in self.heads_in_post():
            head.age += 1
        recruitment.update_pool(self)
