"""The world the mechanisms act on: agents, calendar, geography, money ledger and event log.

``World`` is the bottom of the model's layers: it holds state and the helpers every mechanism
needs (dates, neighbours, the ledger, the event log, random streams), and calls no mechanism.
The schedule that calls the mechanisms each term is ``sim.model.SchoolSystem``, a ``World``.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from typing import Any

import mesa
import numpy as np
from scipy.spatial import cKDTree

from scenarios.config import ScenarioConfig
from sim.state.agents import (
    Governors,
    Headteacher,
    KeyedPeople,
    LocalAuthority,
    Partnership,
    Pool,
    School,
)
from sim.state.curves import TERMS_PER_YEAR, reach, rising_array
from sim.state.params import Params
from sim.state.regions import RegionConfig
from sim.state.streams import Draws, keys_of, mesa_seed

TERM_NAMES = ("autumn", "spring", "summer")
TERM_MONTH = (9, 1, 4)


REACH_BUDGET = 4_000_000  # school pairs within reach kept in memory (12 bytes each: 48 MB)
# A tree query's radius is widened by this (relative, and in km) so that rounding never leaves out a place that the
# exact distance test after it keeps: numerics, not a claim about schools.
QUERY_SLACK = 1e-9
GEOMETRY_KEPT = 8  # partnerships' geometries remembered per partnership there is (bounds that memo)
# adverts whose candidates and draws are found together where every pair's weight is kept (a county): there an
# advert's cost is mostly numpy's per-call overhead. England's adverts are found one by one: each weighs thousands
# of candidates, so batching saved little and its large temporaries left the heap fragmented (70-100 MB more)
OFFERS_AT_ONCE = 16
CELLS_PER_REACH = 2  # the grid's cells are this many to the reach (5 x 5 cells tested, 6.25 squared cell widths)
TOTALS_KEPT = 4  # regions whose sums of reach are kept for the process (England's: 130 KB)
REACH_DENSE_MAX = 2_500  # up to this many schools, every pair's weight is kept in one matrix (50 MB at most)


def within_reach_numpy(
    members: np.ndarray, x: np.ndarray, y: np.ndarray, xi: float, yi: float, km: float, minutes_per_km: float
) -> tuple[np.ndarray, np.ndarray]:
    """The ``members`` (at ``x``, ``y``) within ``km`` of (``xi``, ``yi``), ascending, and their distance in minutes."""
    dx = x - xi
    dy = y - yi
    inside = np.flatnonzero(dx * dx + dy * dy <= km * km)  # a ball query's test (squared distances)
    dx, dy = dx[inside], dy[inside]
    minutes = np.sqrt(dx * dx + dy * dy)  # not ``hypot``, which guards against overflow at several times the cost
    minutes *= minutes_per_km
    return members[inside], minutes


def within_reach_loop(
    members: np.ndarray, x: np.ndarray, y: np.ndarray, xi: float, yi: float, km: float, minutes_per_km: float
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - run compiled (``compiled_within_reach``)
    """``within_reach_numpy`` as one loop, for a large region's rows (``compiled_within_reach``): the same distance
    test and distances, with the same operations in the same order."""
    inside = np.empty(len(members), dtype=members.dtype)
    minutes = np.empty(len(members), dtype=np.float64)
    km2 = km * km
    n = 0
    for k in range(len(members)):  # without a branch: half the members are within reach, unpredictably
        dx = x[k] - xi
        dy = y[k] - yi
        squared = dx * dx + dy * dy
        inside[n] = members[k]
        minutes[n] = math.sqrt(squared) * minutes_per_km
        n += squared <= km2
    return inside[:n].copy(), minutes[:n].copy()


@functools.cache
def compiled_within_reach() -> Callable:
    """``within_reach_loop`` compiled with numba, imported here: only a region too large for a matrix of reach
    (``REACH_DENSE_MAX``) finds rows this way (numba's import and the kernel's load cost more than a county's rows
    would save)."""
    from numba import njit

    return njit(cache=True, nogil=True)(within_reach_loop)


class Reach:
    """The schools within reach of each school (sorted) and how much a falling distance curve keeps of each.

    Schools are binned on a grid of cells half as wide as the reach, so the schools within reach of
    a school are among those of its cell and the two rings around it (kept together, in order, per
    cell): one vectorised distance test per row, the same rows as a KD-tree's ball query, over
    about two thirds of the schools a grid of cells as wide as the reach would test. Rows are kept
    while they fit in ``budget`` entries (all of a county's; in England a row holds about 1,600
    schools, so the most recently asked-for are kept: a vacancy advertises again next term).
    """

    def __init__(self, xy: np.ndarray, minutes_per_km: float, mid: float, scale: float, budget: int) -> None:
        self.xy, self.minutes_per_km, self.mid, self.scale = xy, minutes_per_km, mid, scale
        self.km = reach(mid, scale) / minutes_per_km
        self.budget = budget
        self._rows: OrderedDict[int, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        width = self.km / CELLS_PER_REACH
        cells = np.floor((xy - xy.min(axis=0)) / width).astype(np.int64) if len(xy) else np.zeros((0, 2), int)
        self._cells = cells
        self._cell_of = cells[:, 0] * (int(cells[:, 1].max(initial=0)) + 1) + cells[:, 1]
        self._blocks: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}  # by cell: its neighbourhood's schools
        self.dense: np.ndarray | None = None  # weight of every pair, -1 beyond reach (small regions only)
        if len(xy) <= REACH_DENSE_MAX:
            self.dense = np.full((len(xy), len(xy)), -1.0)
            for i in range(len(xy)):
                near, weights = self._row(i)
                self.dense[i, near] = weights

    def _block(self, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The schools of school ``i``'s cell and of the cells within reach of it (ascending), and their coordinates."""
        c = int(self._cell_of[i])
        found = self._blocks.get(c)
        if found is None:
            cx, cy = self._cells[i]
            around = (np.abs(self._cells[:, 0] - cx) <= CELLS_PER_REACH) & (
                np.abs(self._cells[:, 1] - cy) <= CELLS_PER_REACH
            )
            members = np.flatnonzero(around).astype(np.int32)
            found = self._blocks[c] = (members, self.xy[members, 0], self.xy[members, 1])
        return found

    def _row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """The schools within reach of school ``i`` (ascending) and the curve's weight of each (one distance test
        over its neighbourhood: found row by row, faster than joining several rows' neighbourhoods)."""
        members, x, y = self._block(i)
        within_reach = compiled_within_reach() if len(self.xy) > REACH_DENSE_MAX else within_reach_numpy
        inside, minutes = within_reach(members, x, y, self.xy[i, 0], self.xy[i, 1], self.km, self.minutes_per_km)
        return inside, 1.0 - rising_array(minutes, self.mid, self.scale)

    def rows(self, positions: list[int]) -> list[tuple[np.ndarray, np.ndarray]]:
        """``_row`` of each school; those not kept are found and kept while they fit the budget."""
        kept = self._rows
        out = []
        for i in positions:
            found = kept.get(i)
            if found is None:
                found = kept[i] = self._row(i)
                self.budget -= len(found[0])
            else:
                kept.move_to_end(i)
            out.append(found)
        while self.budget < 0 and len(kept) > 1:  # the least recently asked-for rows go first
            _, (dropped, _) = kept.popitem(last=False)
            self.budget += len(dropped)
        return out

    def totals(self) -> np.ndarray:
        """Sum of the weights of each row (from the matrix, or found row by row and not kept).

        Finding every row of a region of England's size takes more than a second, so the sums are kept for
        the process by the schools' places and the curve: the next seed's model of the same region reuses them."""
        if self.dense is not None:
            return np.array([float(row[row >= 0.0].sum()) for row in self.dense])
        question = (
            hashlib.blake2b(self.xy.tobytes()).hexdigest(),
            self.xy.shape,
            self.minutes_per_km,
            self.mid,
            self.scale,
        )
        found = _TOTALS.get(question)
        if found is None:
            found = np.array([float(self._row(i)[1].sum()) for i in range(len(self.xy))])
            found.flags.writeable = False
            _TOTALS[question] = found
            while len(_TOTALS) > TOTALS_KEPT:
                _TOTALS.pop(next(iter(_TOTALS)))
        return found


_TOTALS: dict[tuple, np.ndarray] = {}  # ``Reach.totals`` of the regions met in this process, the latest last


class World(mesa.Model):
    """State of a region of schools: agents, time, places, money and events."""

    def __init__(
        self,
        *,
        region: RegionConfig,
        params: Params,
        scenario: ScenarioConfig,
        seed: int,
        start_year: int,
        horizon_years: int,
    ) -> None:
        super().__init__(rng=mesa_seed(seed))
        self.seed = seed
        self.region = region
        self.params = params
        self.scenario = scenario
        self.start_year = int(start_year)
        self.horizon_years = int(horizon_years)
        self.term = -TERMS_PER_YEAR * params.spinup.years  # the spin-up runs the years before the start (term 0)
        self.recording = False  # from the start of the run proper (``begin_recording``), after the spin-up
        # one root for the spin-up and the run: the county (region seed) and the run seed; the spin-up years
        # apply no scenario lever, so every scenario of a seed starts from the same state
        self.draws = Draws("run", region.seed, seed)
        self._date = self.date
        self.events: list[dict[str, Any]] = []
        self.spent: dict[str, float] = defaultdict(float)  # money spent this term, by source
        self.money_in: dict[str, float] = defaultdict(float)  # cumulative inflows to schools and partnerships
        self.money_out: dict[str, float] = defaultdict(float)  # cumulative outflows
        self.flows: dict[str, float] = defaultdict(float)  # counts this term (vacancies, exits ...)
        self.pool = Pool()  # aspiring heads (deputies and assistant heads seeking a headship)
        self._partnerships_by_key: list[Partnership] | None = None  # ``partnerships_by_key``, while it holds
        self.in_post = KeyedPeople()  # heads leading or covering at least one school
        self.vacated: list[tuple[School, str]] = []  # schools whose head left, awaiting recruitment
        self.adverts_per_school = params.spinup.adverts_per_school_guess  # last year's (the labour market's tightness)
        self.adverts_this_year = 0
        self.recruiting = False  # inside recruitment's phase of the term (its candidate index is valid)
        self.opening_balance = 0.0
        self.authority = LocalAuthority(self)
        self.governors = Governors()  # every governor of the region, one row each
        self._schools: list[School] = []
        self._index: cKDTree | None = None
        self._memos: dict[str, dict] = {}  # remembered answers, by mechanism or "places" (``memo``)

    # ----- time -------------------------------------------------------------------------
    @property
    def year(self) -> int:
        """Academic year of the current term (2012 = 2012/13)."""
        return self.start_year + self.term // TERMS_PER_YEAR

    @property
    def term_in_year(self) -> int:
        return self.term % TERMS_PER_YEAR

    @property
    def date(self) -> str:
        t = self.term_in_year
        cal_year = self.year + (0 if t == 0 else 1)
        return f"{cal_year}-{TERM_MONTH[t]:02d}"

    @property
    def n_terms(self) -> int:
        return TERMS_PER_YEAR * self.horizon_years

    def tenure_years(self, head: Headteacher) -> float:
        """Years a head has been in their current post."""
        return (self.term - head.started_term) / TERMS_PER_YEAR

    def begin_recording(self) -> None:
        """The start of the run proper: the event log, the ledger and counters from here."""
        self.recording = True
        self.events.clear()
        self.money_in.clear()
        self.money_out.clear()
        self.opening_balance = self.balance()
        for school in self._schools:
            school.gap_terms = 0
            school.head_changes = 0

    # ----- randomness -------------------------------------------------------------------
    def uniform(self, decision: str, agents: list, index: int = 0, *, keys: np.ndarray | None = None) -> np.ndarray:
        """One uniform per agent for ``decision`` this term (common random numbers by agent; their keys, if given)."""
        return self.draws.uniform(decision, self.term, keys_of(agents) if keys is None else keys, index)

    def uniforms(self, agents: list, *decisions: str, keys: np.ndarray | None = None) -> list[list[float]]:
        """``uniform`` for several decisions over the same agents (their keys gathered once, or given), as lists."""
        keys = keys_of(agents) if keys is None else keys
        return [self.draws.uniform(decision, self.term, keys).tolist() for decision in decisions]

    def chance(self, decision: str, agent, index: int = 0) -> float:
        """One uniform for one agent for ``decision`` this term."""
        return self.draws.u(decision, self.term, agent.key, index)

    def generator(self, decision: str, *parts: int | str) -> np.random.Generator:
        """A generator for a draw of many numbers, keyed by the decision, this term and its context."""
        return self.draws.generator(decision, self.term, *parts)

    # ----- agents -----------------------------------------------------------------------
    @property
    def schools(self) -> list[School]:
        return self._schools

    @property
    def partnerships(self) -> list[Partnership]:
        return list(self.agents_by_type[Partnership]) if Partnership in self.agents_by_type else []

    def partnerships_by_key(self) -> list[Partnership]:
        """Every partnership in order of key (each term's fixed order of passes over them), kept until one forms or
        ends (sorting thousands of them every term, from Mesa's set of agents, cost more than the pass itself)."""
        found = self._partnerships_by_key
        if found is None:
            found = self._partnerships_by_key = sorted(self.partnerships, key=lambda q: q.key)
        return list(found)

    def heads_in_post(self) -> list[Headteacher]:
        """Heads leading or covering schools, in the order they took up headship."""
        return list(self.in_post)

    # ----- places -----------------------------------------------------------------------
    def refresh_index(self) -> None:
        """Spatial index over schools (KD-tree: no quadratic neighbour searches)."""
        self._schools = sorted(self.agents_by_type[School], key=lambda s: s.urn)
        for i, school in enumerate(self._schools):
            school.position = i
        self._xy = np.array([[s.x, s.y] for s in self._schools])
        self.school_keys = keys_of(self._schools)  # in the schools' order (a school's key never changes)
        self.school_keys.flags.writeable = False
        self.school_urns = np.array([s.urn for s in self._schools])
        self.school_urns.flags.writeable = False
        self._index = cKDTree(self._xy)
        self._memos.clear()  # answers about places and schools no longer hold
        self.places_version = getattr(self, "places_version", 0) + 1  # for answers kept elsewhere (on agents)

    def memo(self, name: str) -> dict:
        """A mechanism's remembered answers, keyed by everything each depends on (kept with the model)."""
        found = self._memos.get(name)
        if found is None:
            found = self._memos[name] = {}
        return found

    def reach_table(self, mid_minutes: float, scale_minutes: float) -> Reach:
        """For every school, the schools within reach and how much a falling distance curve keeps of each.

        Computed once per curve (schools do not move): candidates and posts are found by the
        school they are at, not by a spatial query per advert.
        """
        places = self.memo("places")  # schools do not move
        found = places.get(("reach", mid_minutes, scale_minutes))
        if found is None:
            found = places[("reach", mid_minutes, scale_minutes)] = Reach(
                self._xy, self.region.minutes_per_km, mid_minutes, scale_minutes, budget=REACH_BUDGET
            )
        return found

    def minutes_between(self, a: School, b: School) -> float:
        """Driving minutes between two schools (straight line times a rural driving factor)."""
        return math.hypot(a.x - b.x, a.y - b.y) * self.region.minutes_per_km

    def neighbours(self, school: School, max_minutes: float, k: int = 40) -> list[School]:
        """Schools within ``max_minutes``, nearest first (excluding ``school``)."""
        places = self.memo("places")
        found = places.get(("near", school.urn, max_minutes, k))
        if found is None:
            radius = max_minutes / self.region.minutes_per_km
            k = min(k, len(self._schools))
            dist, idx = self._index.query([school.x, school.y], k=k, distance_upper_bound=radius)
            found = places[("near", school.urn, max_minutes, k)] = tuple(
                self._schools[i]
                for d, i in zip(np.atleast_1d(dist).tolist(), np.atleast_1d(idx).tolist())  # Python numbers: cheaper
                if math.isfinite(d) and self._schools[i] is not school
            )
        return list(found)

    def nearest(self, school: School, predicate: Callable[[School], bool], max_minutes: float) -> School | None:
        for other in self.neighbours(school, max_minutes):
            if predicate(other):
                return other
        return None

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
        if not self.recording:
            return
        term = self.term
        row = {
            "term": term,
            "year": self.start_year + term // TERMS_PER_YEAR,  # ``year``, without the property's call
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
