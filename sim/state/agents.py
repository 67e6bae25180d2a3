"""Agents of the small-school model (Mesa 3).

Agents hold state; the rules that change it live in one module per mechanism
(``sim/mechanisms/``). Entities follow DESIGN section 3. Every agent has a ``key``: a stable
64-bit identity derived from where it comes from (a school's URN; a head's first post or
advert), which keys its random draws (``sim.state.streams``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from itertools import chain

import mesa
import numpy as np

from sim.state.curves import clamp  # noqa: F401  (re-exported for mechanisms)
from sim.state.streams import key as make_key

SMALL_MAX = 110  # the study population of 000_e0a2dbf228a17e9a.txt: "a maximum of 110 pupils"
MEDIUM_MAX = 210
SIZE_BANDS = ("le110", "111_210", "gt210")
WEAK_GRADES = (3, 4)  # Ofsted: satisfactory / requires improvement, and inadequate


def size_band(roll: int) -> str:
    """Size band used throughout the measures: <=110, 111-210, >210 pupils."""
    if roll <= SMALL_MAX:
        return "le110"
    if roll <= MEDIUM_MAX:
        return "111_210"
    return "gt210"


class Form(IntEnum):
    """Partnership form on the loose-to-tight spectrum (000, Figures 4 and 5)."""

    NONE = 0
    INFORMAL = 1
    INFORMAL_MOU = 2
    FORMAL = 3
    STRUCTURED = 4
    FEDERATION = 5
    TRUST = 6

    def __init__(self, value: int) -> None:
        self.is_hard = value >= 5  # a federation or a trust (an attribute, not a property: read for every school)

    @property
    def category(self) -> int:
        """The 000 Figure 5 category (1 none ... 5 hard) of a school whose main form this is."""
        return {0: 1, 1: 2, 2: 2, 3: 3, 4: 4, 5: 5, 6: 5}[int(self)]


class HeadState:
    IN_POST = "in_post"
    CANDIDATE = "candidate"


class Cover:
    """How a school without a substantive head present is led meanwhile (000: acting heads)."""

    DEPUTY = "deputy"  # a member of staff acting up
    CONSULTANT = "consultant"  # a consultant head provided by the authority
    EXECUTIVE = "executive"  # a partner school's head as interim executive head
    HEAD_OF_SCHOOL = "head_of_school"  # a federation school awaiting its new executive head


@dataclass
class Vacancy:
    """A headship post being filled; one per school (or per federation)."""

    school: School
    opened_term: int
    reason: str
    rounds: int = 0
    applicants_total: int = 0
    last_applicants: int = 0
    counted_years: set = field(default_factory=set)


class Led(list):
    """The schools a head leads or covers, with their pupils counted as schools join and leave (rolls are fixed)."""

    __slots__ = ("_roll",)  # unset until asked (a new, copied or unpickled list: its schools may not be built yet)

    @property
    def roll(self) -> int:
        try:  # read directly (no ``getattr`` call): the count is asked for far more often than it is unset
            found = self._roll
        except AttributeError:
            found = None
        if found is None:
            found = self._roll = sum(s.roll for s in self)
        return found

    def __getstate__(self) -> None:  # the count is not copied: it is found again from the schools
        return None

    def append(self, school: School) -> None:
        super().append(school)
        if getattr(self, "_roll", None) is not None:
            self._roll += school.roll

    def remove(self, school: School) -> None:
        super().remove(school)
        if getattr(self, "_roll", None) is not None:
            self._roll -= school.roll

    def clear(self) -> None:
        super().clear()
        self._roll = 0

    def _changed(self) -> None:
        self._roll = None

    def extend(self, schools) -> None:
        super().extend(schools)
        self._changed()

    def insert(self, index: int, school: School) -> None:
        super().insert(index, school)
        self._changed()

    def pop(self, index: int = -1) -> School:
        school = super().pop(index)
        self._changed()
        return school

    def __setitem__(self, index, value) -> None:
        super().__setitem__(index, value)
        self._changed()

    def __delitem__(self, index) -> None:
        super().__delitem__(index)
        self._changed()

    def __iadd__(self, schools):
        self.extend(schools)
        return self


class Headteacher(mesa.Agent):
    """A head in post (leading one school, or several as executive head) or an aspiring head in the pool."""

    __slots__ = tuple(  # held in the object, not in a dictionary of its own: one read less per attribute
        (
            "unique_id model pos key age skill ambition wellbeing state retirement_age grown base schools "
            "covering started_term first_headship_term absent_terms seeking"
        ).split()
    )

    def __init__(
        self,
        model: mesa.Model,
        *,
        key: int,
        age: float = 45.0,
        skill: float = 0.0,
        ambition: float = 0.5,
        wellbeing: float = 0.75,
        state: str = HeadState.CANDIDATE,
        retirement_age: float = 60.0,
        grown: bool = False,
        base: School | None = None,
    ) -> None:
        super().__init__(model)
        self.key = key
        self.age = age
        self.skill = skill
        self.ambition = ambition
        self.wellbeing = wellbeing
        self.state = state
        self.retirement_age = retirement_age
        self.grown = grown
        self.base = base  # the school an aspiring head works at (where they apply from)
        self.schools = Led()  # led substantively (2+ = executive head; the first is home)
        self.covering = Led()  # led as interim executive cover
        self.started_term = -1  # start of the current post
        self.first_headship_term: int | None = None
        self.absent_terms = 0
        self.seeking = False  # looking for a bigger headship

    @property
    def n_led(self) -> int:
        return len(self.schools) + len(self.covering)

    @property
    def is_executive(self) -> bool:
        return len(self.schools) + len(self.covering) >= 2

    @property
    def home(self) -> School | None:
        return self.schools[0] if self.schools else None

    @property
    def roll_led(self) -> int:
        """Pupils in all schools this head leads (the size of the job)."""
        return self.schools.roll + self.covering.roll


def gather(rows: Iterable[tuple], width: int) -> np.ndarray:
    """Agents' numbers read in one pass (a tuple of ``width`` numbers or booleans each) as a float array, one row per
    agent: the same array as ``np.array(rows, dtype=float)``, built without an intermediate object per row."""
    return np.fromiter(chain.from_iterable(rows), dtype=float).reshape(-1, width)


def grow_columns(owner: object, names: tuple[str, ...]) -> None:
    """Double the length of ``owner``'s full column arrays (64 rows at least), keeping their rows (zeros after)."""
    for name in names:
        old = getattr(owner, name)
        grown = np.zeros(max(64, 2 * len(old)), dtype=old.dtype)
        grown[: len(old)] = old
        setattr(owner, name, grown)


class People:
    """An insertion-ordered set of heads (the pool of aspiring heads; the heads in post): O(1) add and remove."""

    def __init__(self) -> None:
        self._by_id: dict[int, Headteacher] = {}

    def append(self, head: Headteacher) -> None:
        self._by_id[head.unique_id] = head

    def extend(self, heads: list[Headteacher]) -> None:
        for head in heads:
            self.append(head)

    def remove(self, head: Headteacher) -> None:
        del self._by_id[head.unique_id]

    def discard(self, head: Headteacher) -> None:
        self._by_id.pop(head.unique_id, None)

    def __contains__(self, head: object) -> bool:
        return getattr(head, "unique_id", None) in self._by_id and self._by_id[head.unique_id] is head

    def __iter__(self):
        return iter(list(self._by_id.values()))

    def __len__(self) -> int:
        return len(self._by_id)


class KeyedPeople(People):
    """People with each member's key kept in an array, in the set's order (the heads in post): a term's draws over
    every member read the keys at once instead of head by head, which is what a region of England's size waits on
    (each head's attributes are scattered in memory).

    Rows follow the set's order (a new member's row is the next; one who joins again while still counted keeps
    theirs); the rows of those who left are dropped once they are half of all rows."""

    _columns: tuple[str, ...] = ("_keys",)

    def __init__(self) -> None:
        super().__init__()
        self._row: dict[int, int] = {}  # by unique id: the member's row
        self._n = 0  # rows in use, those of leavers included
        self._keys = np.zeros(0, dtype=np.uint64)
        self._alive = np.zeros(0, dtype=bool)

    def _fill(self, row: int, head: Headteacher) -> None:
        self._keys[row] = head.key

    def append(self, head: Headteacher) -> None:
        row = self._row.get(head.unique_id)
        if row is None:
            row = self._row[head.unique_id] = self._n
            self._n += 1
            if row == len(self._alive):
                grow_columns(self, (*self._columns, "_alive"))
        self._fill(row, head)
        self._alive[row] = True
        super().append(head)

    def remove(self, head: Headteacher) -> None:
        super().remove(head)
        self._alive[self._row.pop(head.unique_id)] = False
        if 2 * len(self._row) < self._n and self._n > 64:
            self._compact()

    def discard(self, head: Headteacher) -> None:
        if head in self:
            self.remove(head)

    def keys(self) -> np.ndarray:
        """The members' keys, in the set's order."""
        return self._keys[: self._n][self._alive[: self._n]]

    def _compact(self) -> None:
        alive = np.flatnonzero(self._alive[: self._n])
        for name in self._columns:
            column = getattr(self, name)
            column[: len(alive)] = column[alive]
        self._alive[:] = False
        self._alive[: len(alive)] = True
        self._n = len(alive)
        self._row = {head_id: i for i, head_id in enumerate(self._by_id)}  # the rows kept are in the set's order


class Pool(KeyedPeople):
    """The aspiring heads, with each one's key and the position of the school they apply from kept in arrays (the
    candidate index reads them every term). A member's school is fixed while they are in the pool (schools'
    positions are set before the pool is formed)."""

    _columns = ("_keys", "_at")

    def __init__(self) -> None:
        super().__init__()
        self._at = np.zeros(0, dtype=np.int64)

    def _fill(self, row: int, head: Headteacher) -> None:
        super()._fill(row, head)
        self._at[row] = (head.base if head.base is not None else head.home).position

    def columns(self) -> tuple[list[Headteacher], np.ndarray, np.ndarray]:
        """The members in order, their keys and their schools' positions."""
        alive = self._alive[: self._n]
        return list(self._by_id.values()), self._keys[: self._n][alive], self._at[: self._n][alive]


class Governors:
    """Every governor of the region, one row each: key, skill (0-1), openness to sharing (0-1), the year their
    term of office ends.

    Governors act only through their governing body's decisions (``sim.mechanisms.governance``),
    so they are rows updated together each year rather than one Mesa agent each; a governing
    body lists its rows.
    """

    def __init__(self) -> None:
        self.n = 0  # rows in use (alive or not)
        self.key = np.zeros(0, dtype=np.uint64)
        self.skill = np.zeros(0)
        self.openness = np.zeros(0)
        self.term_end = np.zeros(0, dtype=np.int64)
        self.alive = np.zeros(0, dtype=bool)
        self.body: list[GoverningBody | None] = []

    def __len__(self) -> int:
        return int(self.alive[: self.n].sum())

    def add_many(
        self,
        bodies: list[GoverningBody],
        keys: np.ndarray,
        skill: np.ndarray,
        openness: np.ndarray,
        term_end_year: int | np.ndarray,
    ) -> None:
        """``add`` for several new governors at once (the i-th seated on ``bodies[i]``), in that order; the year
        their terms end, one for all or one each."""
        while self.n + len(bodies) > len(self.key):
            grow_columns(self, ("key", "skill", "openness", "term_end", "alive"))
        rows = slice(self.n, self.n + len(bodies))
        self.key[rows], self.skill[rows], self.openness[rows] = keys, skill, openness
        self.term_end[rows], self.alive[rows] = term_end_year, True
        for row, body in enumerate(bodies, start=self.n):
            body.rows.append(row)
        self.body.extend(bodies)
        self.n += len(bodies)

    def seat(self, row: int, body: GoverningBody) -> None:
        """Move a sitting governor's row to ``body`` (a federation's merged body, or a separated school's)."""
        self.body[row] = body
        body.rows.append(row)

    def remove(self, row: int) -> None:
        """A governor leaves (the body's list of rows is the caller's to update)."""
        self.alive[row] = False
        self.body[row] = None

    def remove_many(self, rows: np.ndarray) -> None:
        """``remove`` for several governors at once."""
        self.alive[rows] = False
        for row in rows.tolist():
            self.body[row] = None

    def compact(self) -> None:
        """Drop the rows of governors who left, renumbering every body's rows (once they outnumber the sitting)."""
        n = self.n
        alive = self.alive[:n]
        if n - int(alive.sum()) <= max(64, n // 2):
            return
        keep = np.flatnonzero(alive)
        renumber = np.full(n, -1, dtype=np.int64)
        renumber[keep] = np.arange(len(keep))
        bodies = {id(b): b for b in self.body if b is not None}.values()
        for b in bodies:
            b.rows = [int(renumber[r]) for r in b.rows]
        for name in ("key", "skill", "openness", "term_end", "alive"):
            setattr(self, name, getattr(self, name)[keep].copy())
        self.body = [self.body[r] for r in keep]
        self.n = len(keep)


class GoverningBody:
    """The governors of one school, or of a federation after merging (their rows in ``Governors``)."""

    def __init__(self, seats: int, governors: Governors) -> None:
        self.seats = seats
        self.governors = governors
        self.rows: list[int] = []
        self.schools: list[School] = []

    @property
    def skill(self) -> float:
        m = self.rows
        return sum(self.governors.skill[m].tolist()) / len(m) if m else 0.0

    @property
    def openness(self) -> float:
        m = self.rows
        return sum(self.governors.openness[m].tolist()) / len(m) if m else 0.5

    @property
    def vacancies(self) -> int:
        return max(0, self.seats - len(self.rows))


class School(mesa.Agent):
    """A primary school: roll, church status, location, budget, quality, head, governors."""

    __slots__ = tuple(  # as a head's
        (
            "unique_id model pos urn key name roll x y religion academy town minutes_to_town _teachers _slot band "
            "position head cover cover_head vacancy governing_body partnerships _activity leadership_time "
            "usual_leadership quality grade grade_history next_inspection_year inspection_term ks2_rate "
            "ks2_cohort below_floor below_floor_2011_rule baseline_mu income reserves head_changes gap_terms"
        ).split()
    )

    def __init__(
        self,
        model: mesa.Model,
        *,
        urn: int,
        name: str,
        roll: int,
        x: float,
        y: float,
        religion: str = "community",
        academy: bool = False,
        town: bool = False,
        minutes_to_town: float = 0.0,
        teachers: np.ndarray | None = None,
    ) -> None:
        super().__init__(model)
        self.urn = urn
        self.key = make_key("school", urn)
        self.name = name
        self.roll = roll
        self.x = x
        self.y = y
        self.religion = religion
        self.academy = academy
        self.town = town
        self.minutes_to_town = minutes_to_town
        self._teachers = np.asarray(teachers if teachers is not None else np.zeros(1), dtype=float)
        self._slot: tuple[int, int] | None = None  # (start, count) in the model's teacher array once outcomes start
        self.band = size_band(roll)
        self.position = -1  # where it is in the model's ``schools`` (by URN), once the region is built
        self.head: Headteacher | None = None
        self.cover: str | None = None
        self.cover_head: Headteacher | None = None
        self.vacancy: Vacancy | None = None
        self.governing_body: GoverningBody | None = None
        self.partnerships: list[Partnership] = []  # changed only by ``Partnership.add`` and ``discard``
        self._activity = 0.0  # ``partnership_activity``, refreshed whenever a partnership's activity or members change
        self.leadership_time = 1.0  # this term's leadership time (sim.mechanisms.leadership)
        self.usual_leadership = 1.0  # what a head of a school this size usually has
        self.quality = 0.0
        self.grade = 2
        self.grade_history: list[int] = []
        self.next_inspection_year = 2013
        self.inspection_term = 0
        self.ks2_rate = float("nan")
        self.ks2_cohort = 0
        self.below_floor = False  # under the floor rule in force this year
        self.below_floor_2011_rule = False  # the same results judged by the 2011 rule (English and maths)
        self.baseline_mu = 0.0
        self.income = 0.0
        self.reserves = 0.0
        self.head_changes = 0
        self.gap_terms = 0

    @property
    def teachers(self) -> np.ndarray:
        """Quality of each class teacher: a view of the model's teacher array once outcomes are initialised."""
        if self._slot is None:
            return self._teachers
        start, count = self._slot
        return self.model.teacher_quality[start : start + count]

    @teachers.setter
    def teachers(self, values: np.ndarray) -> None:
        if self._slot is None:
            self._teachers = np.asarray(values, dtype=float)
        else:
            start, count = self._slot
            self.model.teacher_quality[start : start + count] = values

    @property
    def is_church(self) -> bool:
        return self.religion != "community"

    @property
    def has_head_present(self) -> bool:
        """A substantive head (own or executive) who is not absent."""
        return self.head is not None and self.head.absent_terms == 0

    @property
    def in_gap(self) -> bool:
        """A school-term without a substantive head present (vacancy or absence)."""
        return not self.has_head_present

    @property
    def main_form(self) -> Form:
        return max((p.form for p in self.partnerships), default=Form.NONE)

    @property
    def federation(self) -> Partnership | None:
        for p in self.partnerships:
            if p.form.is_hard:
                return p
        return None

    @property
    def soft_partnership(self) -> Partnership | None:
        for p in self.partnerships:
            if not p.form.is_hard:
                return p
        return None

    @property
    def partnership_activity(self) -> float:
        """The joint work of the most active partnership the school is in (kept as partnerships change)."""
        return self._activity

    def _refresh_activity(self) -> None:
        best = 0.0
        for p in self.partnerships:
            a = p._activity  # the ``activity`` property's value, without its call
            if a > best:
                best = a
        self._activity = best

    @property
    def leader(self) -> Headteacher | None:
        """Whoever leads the school now as a head: its own head if present, else a present interim executive head."""
        head = self.head
        if head is not None and head.absent_terms == 0:  # ``has_head_present``, written out (read for every school)
            return head
        cover = self.cover_head
        return cover if cover is not None and cover.absent_terms == 0 else None


class Partnership(mesa.Agent):
    """A group of schools with a form, trust, activity, funds and support (ordered members)."""

    __slots__ = tuple(  # as a head's
        (
            "unique_id model pos key members form trust _activity funds dedicated adviser plan_approved "
            "founded_term origin scheme funded_years last_funded_year bound_until_year geometry"
        ).split()
    )

    def __init__(
        self,
        model: mesa.Model,
        *,
        members: list[School],
        form: Form = Form.INFORMAL,
        trust: float = 0.15,
        origin: str = "assigned",
    ) -> None:
        super().__init__(model)
        model._partnerships_by_key = None  # the model's kept order of partnerships no longer holds
        self.key = make_key("partnership", model.term, min(s.urn for s in members), int(form), origin)
        self.members: list[School] = []
        self.form = form
        self.trust = trust
        self._activity = 0.0
        self.funds = 0.0
        self.dedicated = False
        self.adviser = False
        self.plan_approved = False
        self.founded_term = model.term
        self.origin = origin
        self.scheme = origin in ("assigned", "self_organised")  # in the authority's scheme: may bid for its money
        self.funded_years = 0
        self.last_funded_year = -1
        self.bound_until_year = -1  # legally committed partnerships cannot dissolve before this year
        self.geometry: tuple | None = None  # kept by ``partnerships._geometry`` while the members stay the same
        for school in members:
            self.add(school)

    def remove(self) -> None:
        self.model._partnerships_by_key = None
        super().remove()

    @property
    def activity(self) -> float:
        """Joint work, 0-1 (each member school keeps the highest of its partnerships')."""
        return self._activity

    @activity.setter
    def activity(self, value: float) -> None:
        self._activity = value
        for school in self.members:
            school._refresh_activity()

    def add(self, school: School) -> None:
        self.members.append(school)
        self.geometry = None
        school.partnerships.append(self)
        school._refresh_activity()

    def discard(self, school: School) -> None:
        self.members.remove(school)
        self.geometry = None
        school.partnerships.remove(self)
        school._refresh_activity()

    @property
    def mou(self) -> bool:
        """A signed MoU or heads of agreement (000 Figure 5 brackets)."""
        return self.plan_approved or Form.INFORMAL_MOU <= self.form <= Form.STRUCTURED

    @property
    def is_active(self) -> bool:
        """Active, as the measures count it: joint work at or above ``params.partnerships.active_level``."""
        return self.activity >= self.model.params.partnerships.active_level


class LocalAuthority(mesa.Agent):
    """The authority: holds the policy the scenario's levers set each term.

    Mechanisms read these fields; levers (``scenarios/levers.py``) write them.
    """

    def __init__(self, model: mesa.Model) -> None:
        super().__init__(model)
        self.key = make_key("authority")
        self.grouping: dict | None = None  # set for one term when the authority groups schools
        self.startup_per_school = 0.0
        self.startup_years = 1
        self.startup_conditional = True
        self.premium_per_partnership = 0.0
        self.lump_sum: float | None = None
        self.lump_sum_mode = "redistribute"
        self.brokering = False
        self.broker_after_rounds = 1
        self.broker_before_advert = False
        self.dedicated_leadership = False
        self.dedicated_cost_per_year = 0.0
        self.adviser_per_partnership = False
        self.adviser_cost_per_year = 0.0
        self.trust_loss_factor = 1.0
        self.travel_cost_factor = 1.0
        self.federation_incentive = 1.0
        self.federation_trigger_rounds = 0
        self.shared_posts = False
        self.shared_posts_cost_per_school = 0.0
        self.shared_posts_leadership_gain = 0.0
        self.shared_posts_approval_factor = 1.0
        # The budget's and targeting's limits on programme money (a sim.mechanisms.funding.ProgrammeLimits,
        # made when either lever first applies; None without them).
        self.programme_limits: object | None = None
