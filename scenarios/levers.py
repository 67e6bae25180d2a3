"""Policy levers as small objects the model applies every term.

In the spirit of Covasim/Starsim interventions: a lever has a start (and optional end)
academic year, and each term it writes the authority's policy state; mechanisms read
that state. A lever outside its years restores the default, so levers compose and a
lever starting in year 5 cannot touch years 1-4.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from scenarios.config import LEVER_NAMES, LIMIT_NAMES, LeverConfig, ScenarioConfig
from sim.mechanisms import funding, targeting
from sim.state.curves import AUTUMN
from sim.state.world import World


class Lever:
    """Base lever: active from ``start_year`` to ``end_year`` inclusive."""

    name = "lever"

    def __init__(self, cfg: LeverConfig) -> None:
        self.cfg = cfg

    def active(self, year: int) -> bool:
        end = self.cfg.end_year
        return self.cfg.start_year <= year and (end is None or year <= end)

    def apply(self, model: World) -> None:
        if self.active(model.year):
            self.switch_on(model)
        else:
            self.switch_off(model)

    def switch_on(self, model: World) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def switch_off(self, model: World) -> None:
        """Default: nothing to undo."""

    def describe(self) -> dict[str, Any]:
        return {"lever": self.name, **asdict(self.cfg)}


class Grouping(Lever):
    name = "grouping"

    def switch_on(self, model: World) -> None:
        if model.year == self.cfg.start_year and model.term_in_year == 0:
            model.authority.grouping = {
                k: getattr(self.cfg, k)
                for k in (
                    "mode",
                    "cap",
                    "norm",
                    "max_roll",
                    "max_minutes",
                    "single_max_minutes",
                    "participation",
                    "commitment_years",
                )
            }


class StartupFunding(Lever):
    name = "startup_funding"

    def switch_on(self, model: World) -> None:
        la = model.authority
        la.startup_per_school = self.cfg.amount_per_school
        la.startup_years = self.cfg.years
        la.startup_conditional = self.cfg.conditional

    def switch_off(self, model: World) -> None:
        model.authority.startup_per_school = 0.0


class Premium(Lever):
    name = "premium"

    def switch_on(self, model: World) -> None:
        model.authority.premium_per_partnership = self.cfg.amount_per_partnership

    def switch_off(self, model: World) -> None:
        model.authority.premium_per_partnership = 0.0


class LumpSum(Lever):
    name = "lump_sum"

    def switch_on(self, model: World) -> None:
        model.authority.lump_sum = self.cfg.lump_sum
        model.authority.lump_sum_mode = self.cfg.mode

    def switch_off(self, model: World) -> None:
        model.authority.lump_sum = None


class BrokerExecutive(Lever):
    name = "broker_executive"

    def switch_on(self, model: World) -> None:
        model.authority.brokering = True
        model.authority.broker_after_rounds = self.cfg.after_rounds
        model.authority.broker_before_advert = self.cfg.before_advert

    def switch_off(self, model: World) -> None:
        model.authority.brokering = False
        model.authority.broker_before_advert = False


class DedicatedLeadership(Lever):
    name = "dedicated_leadership"

    def switch_on(self, model: World) -> None:
        model.authority.dedicated_leadership = True
        model.authority.dedicated_cost_per_year = self.cfg.cost_per_partnership

    def switch_off(self, model: World) -> None:
        model.authority.dedicated_leadership = False


class Adviser(Lever):
    name = "adviser"

    def switch_on(self, model: World) -> None:
        model.authority.adviser_per_partnership = True
        model.authority.adviser_cost_per_year = self.cfg.cost_per_partnership

    def switch_off(self, model: World) -> None:
        model.authority.adviser_per_partnership = False


class CollaborationInAppointments(Lever):
    name = "collaboration_in_appointments"

    def switch_on(self, model: World) -> None:
        model.authority.trust_loss_factor = self.cfg.trust_loss_factor

    def switch_off(self, model: World) -> None:
        model.authority.trust_loss_factor = 1.0


class DigitalContact(Lever):
    name = "digital_contact"

    def switch_on(self, model: World) -> None:
        model.authority.travel_cost_factor = self.cfg.travel_factor

    def switch_off(self, model: World) -> None:
        model.authority.travel_cost_factor = 1.0


class FederationIncentive(Lever):
    name = "federation_incentive"

    def switch_on(self, model: World) -> None:
        model.authority.federation_incentive = self.cfg.proposal_factor
        model.authority.federation_trigger_rounds = self.cfg.trigger_after_rounds

    def switch_off(self, model: World) -> None:
        model.authority.federation_incentive = 1.0
        model.authority.federation_trigger_rounds = 0


class SharedPosts(Lever):
    name = "shared_posts"

    def switch_on(self, model: World) -> None:
        la = model.authority
        la.shared_posts = True
        la.shared_posts_cost_per_school = self.cfg.cost_per_school
        la.shared_posts_leadership_gain = self.cfg.leadership_gain
        la.shared_posts_approval_factor = self.cfg.approval_factor

    def switch_off(self, model: World) -> None:
        model.authority.shared_posts = False


class Budget(Lever):
    """A yearly cap on programme money: the authority commits it in its order until the year's budget is spent
    (``sim.mechanisms.partnerships.programme_round``)."""

    name = "budget"

    def switch_on(self, model: World) -> None:
        limits = funding.programme_limits(model, create=True)
        limits.per_year = self.cfg.per_year
        limits.rollover = self.cfg.rollover
        limits.by_risk = self.cfg.by_risk

    def switch_off(self, model: World) -> None:
        limits = funding.programme_limits(model)
        if limits is not None:
            limits.per_year = None


class Targeting(Lever):
    """Programme money only for partnerships with one of the N schools of highest in-run risk score, the list
    drawn up again every September (``sim.mechanisms.targeting``)."""

    name = "targeting"

    def switch_on(self, model: World) -> None:
        limits = funding.programme_limits(model, create=True)
        if limits.targets is None or model.term_in_year == AUTUMN:
            limits.targets = targeting.top_schools(model, self.cfg)

    def switch_off(self, model: World) -> None:
        limits = funding.programme_limits(model)
        if limits is not None:
            limits.targets = None


LEVER_CLASSES: dict[str, type[Lever]] = {
    cls.name: cls
    for cls in (
        Grouping,
        StartupFunding,
        Premium,
        LumpSum,
        BrokerExecutive,
        DedicatedLeadership,
        Adviser,
        CollaborationInAppointments,
        DigitalContact,
        FederationIncentive,
        SharedPosts,
    )
}
assert sorted(LEVER_CLASSES) == sorted(LEVER_NAMES)
LIMIT_CLASSES: dict[str, type[Lever]] = {cls.name: cls for cls in (Budget, Targeting)}
assert sorted(LIMIT_CLASSES) == sorted(LIMIT_NAMES)


def build_levers(scenario: ScenarioConfig) -> list[Lever]:
    """The enabled levers of a scenario, in a fixed order, then its limits on programme money (applied after the
    levers that set what the money is)."""
    classes = {**LEVER_CLASSES, **LIMIT_CLASSES}
    names = [*LEVER_NAMES, *LIMIT_NAMES]
    return [classes[name](getattr(scenario, name)) for name in names if getattr(scenario, name).enabled]


MONEY_LEVERS = ("startup_funding", "premium", "dedicated_leadership", "adviser")


def smallest_commitment(scenario: ScenarioConfig) -> tuple[float, str] | None:
    """The smallest single commitment of the scenario's programme money in its first year (a start-up grant to a
    partnership of two, a premium, a year of dedicated leadership or of an adviser) and what it is; None when the
    scenario has no programme money. A budget below it funds nothing at all."""
    first = min(
        (getattr(scenario, name).start_year for name in MONEY_LEVERS if getattr(scenario, name).enabled), default=None
    )
    if first is None:
        return None
    costs = {
        "startup_funding": (2 * scenario.startup_funding.amount_per_school, "start-up money for a partnership of two"),
        "premium": (scenario.premium.amount_per_partnership, "one partnership's premium"),
        "dedicated_leadership": (
            scenario.dedicated_leadership.cost_per_partnership,
            "one partnership's dedicated leadership",
        ),
        "adviser": (scenario.adviser.cost_per_partnership, "one partnership's adviser"),
    }
    found = [
        costs[name]
        for name in MONEY_LEVERS
        if getattr(scenario, name).enabled and getattr(scenario, name).start_year == first
    ]
    return min(found) if found else None
