"""School budgets and partnership money: formula income, spending, reserves, executive pay, cover costs.

Formula income = per-pupil money + lump sum (002_c9f4dca45492e14f.txt: "risen from c£90k to
£115k") + sparsity. The lump-sum lever is either new money (the authority's public cost is the
rise times the number of schools) or a redistribution within a fixed schools block (the per-pupil
rate falls so that the block is unchanged: larger schools pay for the rise). Partnership money
comes from the scenario (start-up money on an approved plan and MoU, or a recurring premium; 000).
Joint work costs release cover and transport (000: "to release a member of staff from the
classroom ... it costs"; "the costly bit is moving pupils around"). Schools put some of their own
budget into joint work, less as their reserves run down (000: 78% name finance the main
challenge): reserves and deficits are the budget stress that limits what a school and a
partnership can do. Executive heads are paid an uplift, and heads of school an allowance, by the
schools they lead.

Money is conserved: every change to a school's reserves or a partnership's funds goes through
``receive``/``pay`` on the model, and ``World.balance`` must equal opening balance plus
inflows minus outflows (checked every step in the tests).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import add

import numpy as np

from sim.state.agents import Cover, Partnership, School
from sim.state.curves import SUMMER, TERMS_PER_YEAR, falling, rising
from sim.state.world import World


def lump_sum(model: World) -> float:
    """The formula lump sum in force this year."""
    la = model.authority
    return model.params.funding.lump_sum if la.lump_sum is None else la.lump_sum


def per_pupil(model: World) -> float:
    """The per-pupil rate in force: lowered when a lump-sum rise is redistributed within a fixed block."""
    f = model.params.funding
    la = model.authority
    if la.lump_sum is None or la.lump_sum_mode != "redistribute":
        return f.per_pupil
    pupils = sum(s.roll for s in model.schools)
    return f.per_pupil - (la.lump_sum - f.lump_sum) * len(model.schools) / max(1, pupils)


def formula_income(model: World, school: School, rates: tuple[float, float] | None = None) -> float:
    """A school's formula income this year; ``rates``: ``formula_rates`` found once for a pass over every school
    (the per-pupil rate sums every school's roll, so finding it per school would make that pass quadratic)."""
    rate, lump = formula_rates(model) if rates is None else rates
    return rate * school.roll + lump + sparsity(model, school)


def formula_incomes(model: World) -> np.ndarray:
    """``formula_income`` of every school, by position: the same arithmetic, as one calculation."""
    rate, lump = formula_rates(model)
    return rate * rolls(model) + lump + sparsities(model)


def sparsity(model: World, school: School) -> float:
    """The sparsity part of a school's formula income: more for a small school far from a town."""
    f = model.params.funding
    return (
        f.sparsity_max
        * falling(school.roll, f.sparsity_roll, f.sparsity_roll_scale)
        * rising(school.minutes_to_town, f.sparsity_minutes, f.sparsity_minutes_scale)
    )


def sparsities(model: World) -> np.ndarray:
    """``sparsity`` of every school, by position (rolls and places are fixed: found once per setting)."""
    f = model.params.funding
    known = model.memo("sparsities")
    k = (f.sparsity_max, f.sparsity_roll, f.sparsity_roll_scale, f.sparsity_minutes, f.sparsity_minutes_scale)
    found = known.get(k)
    if found is None:
        found = known[k] = np.array([sparsity(model, school) for school in model.schools], dtype=float)
        found.flags.writeable = False
    return found


def rolls(model: World) -> np.ndarray:
    """Every school's roll, by position (rolls are fixed: found once)."""
    known = model.memo("rolls")
    found = known.get("rolls")
    if found is None:
        found = known["rolls"] = np.array([school.roll for school in model.schools], dtype=float)
        found.flags.writeable = False
    return found


def formula_rates(model: World) -> tuple[float, float]:
    """The per-pupil rate and the lump sum in force, the same for every school of the region."""
    return per_pupil(model), lump_sum(model)


def set_opening_budgets(model: World) -> None:
    f = model.params.funding
    rates = formula_rates(model)
    for school in model.schools:
        school.income = formula_income(model, school, rates)
        school.reserves = f.reserve_target_share * school.income
    model.opening_balance = model.balance()


def reserve_share(school: School) -> float:
    """Reserves as a share of a year's income (0 without income)."""
    return school.reserves / school.income if school.income > 0 else 0.0


def contributions_per_term(model: World, schools: Iterable[School]) -> float:
    """What ``schools`` will put into joint work from their own budgets this term, summed in their order: each
    less as its reserves run down."""
    f = model.params.funding
    budget_share, half = f.self_fund_budget_share, f.self_fund_reserve_half
    total = 0.0
    for school in schools:
        share = max(0.0, reserve_share(school))
        total += budget_share * school.income / TERMS_PER_YEAR * share / (share + half)
    return total


def member_term_cost(model: World, mean_minutes: float) -> float:
    """Release cover plus transport for one member for one term at full activity."""
    f = model.params.funding
    return f.release_cost_per_term + f.transport_cost_per_minute * mean_minutes * model.authority.travel_cost_factor


def spend_for_partnership(model: World, ps: Partnership, amount: float, category: str) -> None:
    """Pay from the partnership's dedicated funds first, then equally from members' reserves."""
    from_funds = min(ps.funds, amount)
    if from_funds > 0:
        ps.funds -= from_funds
        model.pay("programme", category, from_funds)
    rest = amount - from_funds
    if rest > 0 and ps.members:
        share = rest / len(ps.members)
        for school in ps.members:
            school.reserves -= share
        model.pay("school_budgets", category, rest)


def grant_to_partnership(model: World, ps: Partnership, amount: float, source: str) -> None:
    ps.funds += amount
    model.receive(source, amount)
    model.flows["programme_granted"] += amount


@dataclass
class ProgrammeLimits:
    """The authority's limits on programme money (``scenario.budget``, ``scenario.targeting``) and what they decide.

    ``per_year`` None: no cap; ``targets`` None: no targeting. The year's budget is committed in the order
    ``sim.mechanisms.partnerships.programme_round`` sets; what it left unspent lapses unless ``rollover``.
    """

    per_year: float | None = None
    rollover: bool = False
    by_risk: bool = True
    targets: frozenset[int] | None = None  # URNs of the schools the money may reach through their partnerships
    year: int | None = None  # the academic year ``left`` belongs to
    left: float = 0.0  # what the year's budget still holds
    waiting: dict[int, tuple[int, Partnership]] = field(default_factory=dict)  # start-up money: key -> (term asked, ps)
    leadership: set[int] = field(default_factory=set)  # partnerships whose dedicated leadership is paid this year
    advisers: set[int] = field(default_factory=set)  # partnerships whose adviser is paid this year
    committed: float = 0.0  # committed this year (a check: never above the year's budget)

    @property
    def active(self) -> bool:
        return self.per_year is not None or self.targets is not None

    def new_year(self, year: int) -> None:
        """Open the budget of ``year``: the yearly amount, plus what last year left when it rolls over."""
        carry = self.left if self.rollover and self.year is not None and self.per_year is not None else 0.0
        self.year = year
        self.left = (self.per_year or 0.0) + carry
        self.committed = 0.0
        self.leadership.clear()
        self.advisers.clear()

    def affordable(self, amount: float) -> bool:
        return self.per_year is None or amount <= self.left or math.isclose(amount, self.left)

    def spend(self, amount: float) -> None:
        self.committed += amount
        if self.per_year is not None:
            self.left -= amount

    def reaches(self, ps: Partnership) -> bool:
        """Whether targeting lets the money reach this partnership (one of its members is a target school)."""
        return self.targets is None or any(s.urn in self.targets for s in ps.members)


def programme_limits(model: World, create: bool = False) -> ProgrammeLimits | None:
    """The authority's limits on programme money (None until a budget or targeting lever first applies)."""
    la = model.authority
    found = la.programme_limits
    if found is None and create:
        found = la.programme_limits = ProgrammeLimits()
    return found


def limited(model: World) -> bool:
    """Whether programme money is committed through the authority's round (a budget or targeting applies)."""
    found = programme_limits(model)
    return found is not None and (found.active or bool(found.waiting))


def pay_executive_costs(model: World) -> None:
    """Yearly: each executive head's uplift and an allowance for the head of school in every school they lead
    (``leadership`` gives each of them the head of school's time), shared by the schools led."""
    f = model.params.funding
    for head in model.heads_in_post():
        extra = len(head.schools) + len(head.covering) - 1  # ``head.n_led - 1``
        if extra <= 0:
            continue
        led = head.schools + head.covering
        total = extra * f.executive_uplift_per_school + len(led) * f.head_of_school_allowance
        for school in led:
            school.reserves -= total / len(led)
        model.pay("school_budgets", "executive_pay", total)


def step(model: World) -> None:
    """Consultant heads every term; formula income, core spending and executive pay each April (summer term).

    The year's budgets are one calculation over every school at once (the same arithmetic, school by school, as
    ``formula_income`` and the spending rule); income and spending are booked school by school in their order.
    """
    cost = model.params.recruitment.consultant_cost_per_term
    schools = model.schools
    for school in schools:
        if school.cover == Cover.CONSULTANT and not school.has_head_present:
            model.pay("authority", "consultant_heads", cost, external=True)
    if model.term_in_year != SUMMER:
        return
    f = model.params.funding
    la = model.authority
    if la.lump_sum is not None and la.lump_sum_mode != "redistribute":
        model.pay("lump_sum", "lump_sum_rise", (la.lump_sum - f.lump_sum) * len(schools), external=True)
    noise = f.spend_noise * model.draws.normal("spending", model.term, model.school_keys)
    income = formula_incomes(model)
    reserves = np.array([school.reserves for school in schools], dtype=float)
    wanted = income * (f.spend_share + noise) + f.reserve_adjust * (reserves - f.reserve_target_share * income)
    core = np.where(wanted > 0.0, wanted, 0.0)  # ``max(0.0, wanted)``
    left = reserves + income - core
    incomes = income.tolist()
    for school, paid, kept in zip(schools, incomes, left.tolist()):
        school.income = paid
        school.reserves = kept
    for paid in incomes:
        model.receive("formula", paid)
    if incomes:
        model.money_out["core"] = reduce(add, core.tolist(), model.money_out["core"])  # summed school by school
    pay_executive_costs(model)
