"""Typed configuration of the policy levers a scenario switches on.

One dataclass per lever; a scenario (``conf/scenario/*.yaml``) enables some and sets
their parameters. ``scenarios.levers`` turns each enabled entry into a lever object.
Years are academic years: 2012 means September 2012 to August 2013.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.state.params import ASSUMPTION, DOC_000, DOC_002, DOC_003, par


@dataclass
class LeverConfig:
    enabled: bool = par(False, doc="switch this lever on")
    start_year: int = par(2012, 1990, 2100, doc="first academic year the lever applies")
    end_year: int | None = par(None, 1990, 2100, doc="last academic year it applies (none: to the end)")


@dataclass
class GroupingLever(LeverConfig):
    """The authority groups schools into partnerships (000: cap 7, norm 5; schools of ~200 pupils)."""

    mode: str = par("assigned", doc="'assigned' geographic clusters or 'self_organised' pairs of willing neighbours")
    cap: int = par(7, 2, 30, DOC_000, "most schools per partnership ('cap ... to seven')")
    norm: int = par(5, 2, 30, DOC_000, "schools per partnership aimed for ('five as a norm')")
    max_roll: int = par(200, 1, 2000, DOC_000, "largest school eligible ('limited to schools with around 200 pupils')")
    max_minutes: float = par(
        30.0, 1, 180, DOC_000, "longest travel time between a member and the cluster's seed school"
    )
    single_max_minutes: float = par(
        45.0, 1, 240, ASSUMPTION, "a school left alone joins the nearest cluster with room within this drive"
    )
    participation: float = par(
        0.93, 0, 1, DOC_002, "share of eligible schools that join (7 of 99 stayed out, 000 Figure 5)"
    )
    commitment_years: int = par(
        0, 0, 50, DOC_000, "years a grouped partnership is legally bound and cannot dissolve (original scheme: five)"
    )


@dataclass
class StartupFundingLever(LeverConfig):
    """Start-up money per member school, released on an approved plan and MoU (000: £20,000 once)."""

    amount_per_school: float = par(20000.0, 0, 1e7, DOC_000, "£ per member school")
    years: int = par(1, 1, 50, DOC_000, "years the allowance is paid (1 = one-off)")
    conditional: bool = par(True, doc="released only once a business plan and MoU are approved")


@dataclass
class PremiumLever(LeverConfig):
    """A recurring partnership premium (000: £100,000 per partnership per annum, proposed 2012)."""

    amount_per_partnership: float = par(100000.0, 0, 1e8, DOC_000, "£ per partnership in the scheme per year")


@dataclass
class LumpSumLever(LeverConfig):
    """Partnership money folded into the formula lump sum for every school (002: c£90k to £115k)."""

    lump_sum: float = par(115000.0, 0, 1e7, DOC_002, "formula lump sum per school (£)")
    mode: str = par(
        "redistribute",
        doc="'redistribute' (default: the formula lump sum is paid from the fixed schools block, so the per-pupil "
        "rate falls and no public money is added); 'new_money': the rise is paid on top and counted as public cost",
    )


@dataclass
class BrokerLever(LeverConfig):
    """The authority brokers an executive head from a strong nearby school when recruitment fails (000)."""

    after_rounds: int = par(1, 0, 20, DOC_000, "failed advert rounds before brokering")
    before_advert: bool = par(
        False,
        doc="executive headship as the default answer: offer a vacancy to a nearby executive head before advertising",
    )


@dataclass
class DedicatedLeadershipLever(LeverConfig):
    """Funded dedicated partnership leadership time (000: only 8 of 47 partnerships had it)."""

    cost_per_partnership: float = par(
        30000.0, 0, 1e7, ASSUMPTION, "£ per partnership per year (a head released 1-3 days a week)"
    )


@dataclass
class AdviserLever(LeverConfig):
    """One adviser per partnership (002: 'the same adviser has been assigned to the group')."""

    cost_per_partnership: float = par(5000.0, 0, 1e7, ASSUMPTION, "£ per partnership per year")


@dataclass
class CollaborationInAppointmentsLever(LeverConfig):
    """Collaboration written into headteacher appointments: a head change costs less trust (000)."""

    trust_loss_factor: float = par(0.3, 0, 1, DOC_000, "multiplier on the trust lost at a head change")


@dataclass
class DigitalContactLever(LeverConfig):
    """Digital contact lowers the cost of distance (000: 'digital tools')."""

    travel_factor: float = par(0.6, 0, 1, ASSUMPTION, "multiplier on effective travel time and transport cost")


@dataclass
class FederationIncentiveLever(LeverConfig):
    """Incentives or an external trigger for federation after poor results or failed recruitment (000)."""

    proposal_factor: float = par(2.0, 0, 20, DOC_000, "multiplier on the chance of a federation proposal")
    trigger_after_rounds: int = par(
        2, 0, 20, DOC_000, "failed advert rounds that trigger an authority federation proposal (0 = never)"
    )


@dataclass
class SharedPostsLever(LeverConfig):
    """Mandatory shared business manager and SENCO across a partnership (000/003: the original scheme)."""

    cost_per_school: float = par(6000.0, 0, 1e6, ASSUMPTION, "£ per member school per year for the shared posts")
    leadership_gain: float = par(0.1, 0, 1, DOC_003, "head leadership time freed ('freed up headteacher time')")
    approval_factor: float = par(
        0.7, 0, 1, DOC_000, "multiplier on plan approval: schools resisted 'forced' joint appointments"
    )


@dataclass
class ScenarioConfig:
    """A named policy scenario: which levers apply, and when."""

    name: str = "baseline"
    description: str = ""
    source: str = ""
    grouping: GroupingLever = field(default_factory=GroupingLever)
    startup_funding: StartupFundingLever = field(default_factory=StartupFundingLever)
    premium: PremiumLever = field(default_factory=PremiumLever)
    lump_sum: LumpSumLever = field(default_factory=LumpSumLever)
    broker_executive: BrokerLever = field(default_factory=BrokerLever)
    dedicated_leadership: DedicatedLeadershipLever = field(default_factory=DedicatedLeadershipLever)
    adviser: AdviserLever = field(default_factory=AdviserLever)
    collaboration_in_appointments: CollaborationInAppointmentsLever = field(
        default_factory=CollaborationInAppointmentsLever
    )
    digital_contact: DigitalContactLever = field(default_factory=DigitalContactLever)
    federation_incentive: FederationIncentiveLever = field(default_factory=FederationIncentiveLever)
    shared_posts: SharedPostsLever = field(default_factory=SharedPostsLever)


LEVER_NAMES = [
    "grouping",
    "startup_funding",
    "premium",
    "lump_sum",
    "broker_executive",
    "dedicated_leadership",
    "adviser",
    "collaboration_in_appointments",
    "digital_contact",
    "federation_incentive",
    "shared_posts",
]
