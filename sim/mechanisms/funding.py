"""School budgets and partnership money.

Formula income = per-pupil money + lump sum (002_c9f4dca45492e14f.txt: "risen from c£90k to
£115k") + sparsity. Partnership money comes from the scenario (start-up money on an approved
plan and MoU, or a recurring premium; 000). Joint work costs release cover and transport
(000: "to release a member of staff from the classroom ... it costs"; "the costly bit is moving
pupils around"); once dedicated money is spent, members pay from their own budgets or stop.

Money is conserved: every change to a school's reserves or a partnership's funds goes through
``receive``/``pay`` on the model, and ``World.balance`` must equal opening balance plus
inflows minus outflows (checked every step in the tests).
"""

from __future__ import annotations

from sim.state.agents import Cover, Partnership, School
from sim.state.world import World


def formula_income(model: World, school: School) -> float:
    f = model.params.funding
    lump = model.authority.lump_sum if model.authority.lump_sum is not None else f.lump_sum
    sparse = 0.0
    if school.roll < f.sparsity_roll and school.minutes_to_town >= f.sparsity_minutes:
        sparse = f.sparsity_max * (1.0 - school.roll / f.sparsity_roll)
    return f.per_pupil * school.roll + lump + sparse


def set_opening_budgets(model: World) -> None:
    f = model.params.funding
    for school in model.schools:
        school.income = formula_income(model, school)
        school.reserves = f.initial_reserve_share * school.income
    model.opening_balance = model.balance()


def affordable_activity(model: World, school: School, per_member_term_cost: float) -> float:
    """Activity a school will pay for from its own budget (a capped share of its income)."""
    f = model.params.funding
    if per_member_term_cost <= 0:
        return f.self_fund_cap
    return min(f.self_fund_cap, f.self_fund_budget_share * school.income / (3 * per_member_term_cost))


def member_term_cost(model: World, mean_minutes: float) -> float:
    """Release cover plus transport for one member for one term at full activity."""
    f = model.params.funding
    return f.release_cost_per_term + f.transport_cost_per_minute * mean_minutes * model.authority.travel_cost_factor


def partnership_term_cost(model: World, ps: Partnership, activity: float, mean_minutes: float) -> float:
    return activity * len(ps.members) * member_term_cost(model, mean_minutes)


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


def step(model: World) -> None:
    """Consultant heads every term; formula income and core spending each April (summer term)."""
    cost = model.params.recruitment.consultant_cost_per_term
    for school in model.schools:
        if school.cover == Cover.CONSULTANT and not school.has_head_present:
            model.pay("authority", "consultant_heads", cost, external=True)
    if model.term_in_year != 2:
        return
    f = model.params.funding
    noise = model.streams["funding"].normal(0.0, f.spend_noise, len(model.schools))
    for school, eps in zip(model.schools, noise):
        school.income = formula_income(model, school)
        target = f.initial_reserve_share * school.income
        core = max(0.0, school.income * (f.spend_share + eps) + f.reserve_adjust * (school.reserves - target))
        school.reserves += school.income
        model.receive("formula", school.income)
        school.reserves -= core
        model.money_out["core"] += core
