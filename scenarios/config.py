"""Typed configuration of the policy levers a scenario switches on.

One dataclass per lever; a scenario (``conf/scenario/*.yaml``) enables some and sets
their parameters. ``scenarios.levers`` turns each enabled entry into a lever object.
Years are academic years: 2012 means September 2012 to August 2013.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.state.params import DOC_000, DOC_002, DOC_003, SETTING, par


@dataclass
class LeverConfig:
    enabled: bool = par(False, src=SETTING, doc="switch this lever on", basis="setting")
    start_year: int = par(2012, 1990, 2100, SETTING, "first academic year the lever applies", basis="setting")
    end_year: int | None = par(
        None, 1990, 2100, SETTING, "last academic year it applies (none: to the end)", basis="setting"
    )


@dataclass
class GroupingLever(LeverConfig):
    """The authority groups schools into partnerships (000: cap 7, norm 5; schools of ~200 pupils)."""

    mode: str = par(
        "assigned",
        src=SETTING,
        doc="'assigned' geographic clusters or 'self_organised' pairs of willing neighbours",
        basis="setting",
    )
    cap: int = par(
        7,
        2,
        30,
        DOC_000,
        "most schools per partnership ('cap ... to seven')",
        basis="setting",
        quote="The plan was to cap the number of schools in partnerships to seven and aim for five as a norm.",
    )
    norm: int = par(
        5,
        2,
        30,
        DOC_000,
        "schools per partnership aimed for ('five as a norm')",
        basis="setting",
        quote="The plan was to cap the number of schools in partnerships to seven and aim for five as a norm.",
    )
    max_roll: int = par(
        200,
        1,
        2000,
        DOC_000,
        "largest school eligible ('limited to schools with around 200 pupils')",
        basis="setting",
        quote="The scheme would be limited to schools with around 200 pupils.",
    )
    max_minutes: float = par(
        30.0, 1, 180, DOC_000, "longest travel time between a member and the cluster's seed school", basis="setting"
    )
    single_max_minutes: float = par(
        45.0,
        1,
        240,
        SETTING,
        "a school left alone joins the nearest cluster with room within this drive",
        basis="setting",
    )
    participation: float = par(
        0.93,
        0,
        1,
        DOC_000,
        "share of eligible schools that join (7 of 99 stayed out, 000 Figure 5)",
        basis="mechanism",
        quote="Not involved in any collaborative activity",
        prior=(0.8, 1),
        why_prior="most eligible schools join: 7 of the 99 small schools did no joint work at all",
    )
    commitment_years: int = par(
        0,
        0,
        50,
        DOC_000,
        "years a grouped partnership is legally bound and cannot dissolve (original scheme: five)",
        basis="setting",
        quote="schools would enter into a legal partnership arrangement for a minimum of five years",
    )


@dataclass
class StartupFundingLever(LeverConfig):
    """Start-up money per member school, released on an approved plan and MoU (000: £20,000 once)."""

    amount_per_school: float = par(
        20000.0,
        0,
        1e7,
        DOC_000,
        "£ per member school",
        basis="setting",
        quote="then CfBT would release £20,000 per school – but as a one-off rather than on a per annum basis",
    )
    years: int = par(
        1,
        1,
        50,
        DOC_000,
        "years the allowance is paid (1 = one-off)",
        basis="setting",
        quote="then CfBT would release £20,000 per school – but as a one-off rather than on a per annum basis",
    )
    conditional: bool = par(
        True, src=SETTING, doc="released only once a business plan and MoU are approved", basis="setting"
    )


@dataclass
class PremiumLever(LeverConfig):
    """A recurring partnership premium (000: £100,000 per partnership per annum, proposed 2012)."""

    amount_per_partnership: float = par(
        100000.0,
        0,
        1e8,
        DOC_000,
        "£ per partnership in the scheme per year",
        basis="setting",
        quote="providing a partnership premium of £100,000 per partnership per annum",
    )


@dataclass
class LumpSumLever(LeverConfig):
    """Partnership money folded into the formula lump sum for every school (002: c£90k to £115k)."""

    lump_sum: float = par(
        115000.0,
        0,
        1e7,
        DOC_002,
        "formula lump sum per school (£)",
        basis="setting",
        quote="which has since risen from c£90k to £115k",
    )
    mode: str = par(
        "redistribute",
        src=SETTING,
        doc="'redistribute' (default: the formula lump sum is paid from the fixed schools block, so the per-pupil "
        "rate falls and no public money is added); 'new_money': the rise is paid on top and counted as public cost",
        basis="setting",
    )


@dataclass
class BrokerLever(LeverConfig):
    """The authority brokers an executive head from a strong nearby school when recruitment fails (000)."""

    after_rounds: int = par(1, 0, 20, DOC_000, "failed advert rounds before brokering", basis="setting")
    before_advert: bool = par(
        False,
        src=SETTING,
        doc="executive headship as the default answer: offer a vacancy to a nearby executive head before advertising",
        basis="setting",
    )


@dataclass
class DedicatedLeadershipLever(LeverConfig):
    """Funded dedicated partnership leadership time (000: only 8 of 47 partnerships had it)."""

    cost_per_partnership: float = par(
        30000.0, 0, 1e7, SETTING, "£ per partnership per year (a head released 1-3 days a week)", basis="setting"
    )


@dataclass
class AdviserLever(LeverConfig):
    """One adviser per partnership (002: 'the same adviser has been assigned to the group')."""

    cost_per_partnership: float = par(5000.0, 0, 1e7, SETTING, "£ per partnership per year", basis="setting")


@dataclass
class CollaborationInAppointmentsLever(LeverConfig):
    """Collaboration written into headteacher appointments: a head change costs less trust (000)."""

    trust_loss_factor: float = par(
        0.3,
        0,
        1,
        DOC_000,
        "multiplier on the trust lost at a head change",
        basis="mechanism",
        quote="The governors were also open to involving a representative from one of the other schools in the appointment process in order to ensure that all candidates appreciated the significance of partnership working to the life of the school.",
        prior=(0.1, 0.6),
        why_prior="with a partner in the appointment a new head keeps most of the trust: the loss cut to a tenth to three fifths",
    )


@dataclass
class DigitalContactLever(LeverConfig):
    """Digital contact lowers the cost of distance (000: 'digital tools')."""

    travel_factor: float = par(
        0.6,
        0,
        1,
        DOC_000,
        "multiplier on effective travel time and transport cost",
        basis="mechanism",
        quote="Developing digital contact between schools helps to foster pupil contact and reduces costs",
        prior=(0.4, 0.85),
        why_prior="digital contact replaces some meetings, not all: 15-60% of the cost of distance saved",
    )


@dataclass
class FederationIncentiveLever(LeverConfig):
    """Incentives or an external trigger for federation after poor results or failed recruitment (000)."""

    proposal_factor: float = par(
        2.0,
        0,
        20,
        DOC_000,
        "multiplier on the chance of a federation proposal",
        basis="mechanism",
        quote="should give formal consideration to federations",
        prior=(1.3, 3.5),
        why_prior="how much incentives multiply federation proposals: from a third more to three and a half times",
    )
    trigger_after_rounds: int = par(
        2,
        0,
        20,
        DOC_000,
        "failed advert rounds that trigger an authority federation proposal (0 = never)",
        basis="setting",
    )


@dataclass
class SharedPostsLever(LeverConfig):
    """Mandatory shared business manager and SENCO across a partnership (000/003: the original scheme)."""

    cost_per_school: float = par(
        6000.0, 0, 1e6, SETTING, "£ per member school per year for the shared posts", basis="setting"
    )
    leadership_gain: float = par(
        0.1,
        0,
        1,
        DOC_003,
        "head leadership time freed ('freed up headteacher time')",
        basis="mechanism",
        quote="Access to a school business manager freed up headteacher time",
        prior=(0.05, 0.2),
        why_prior="head time a shared business manager frees ('freed up headteacher time'): a quarter of a day to a day a week",
    )
    approval_factor: float = par(
        0.7,
        0,
        1,
        DOC_000,
        "multiplier on plan approval: schools resisted 'forced' joint appointments",
        basis="mechanism",
        quote="they were unhappy about some of the details – in particular being ‘forced’ to have joint SENCOs and business managers",
        prior=(0.4, 0.95),
        why_prior="'forced' joint appointments slow plan approval: from a small delay to more than halving it",
    )


@dataclass
class BudgetLever(LeverConfig):
    """A yearly cap on what the programme commits: start-up grants, the premium, dedicated leadership and
    advisers are committed in a stated priority order until the year's budget is spent; the rest wait
    (start-up money) or go unfunded that year (recurring money). A limit on the levers, not a lever of its
    own: the split by lever keeps it on every subset."""

    per_year: float = par(
        250000.0,
        0,
        1e9,
        SETTING,
        "£ the programme may commit in an academic year (September to August)",
        basis="setting",
    )
    rollover: bool = par(
        False, src=SETTING, doc="carry what a year leaves unspent into the next (false: it lapses)", basis="setting"
    )
    by_risk: bool = par(
        True,
        src=SETTING,
        doc="commit to the partnership whose member has the highest in-run risk score first, then in order of "
        "application (false: in order of application only)",
        basis="setting",
    )


@dataclass
class TargetingLever(LeverConfig):
    """The programme's money goes only to partnerships with one of the N schools of highest in-run risk score
    (``sim.mechanisms.targeting``: a head near planned retirement, a small roll, a head working alone, a gap
    now), the list drawn up again every September. A limit on the money levers, kept on every subset."""

    n_schools: int = par(
        20, 1, 100000, SETTING, "schools of highest risk score whose partnerships the money may reach", basis="setting"
    )
    retirement_years: float = par(
        3.0, 0, 40, SETTING, "years to the head's planned retirement at which nearness counts half", basis="setting"
    )
    retirement_scale: float = par(
        1.0, 0.1, 20, SETTING, "years over which retirement nearness goes from little to most", basis="setting"
    )
    small_roll: float = par(60.0, 1, 2000, SETTING, "roll at which smallness counts half", basis="setting")
    small_roll_scale: float = par(
        15.0, 1, 1000, SETTING, "pupils over which smallness goes from little to most", basis="setting"
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
    budget: BudgetLever = field(default_factory=BudgetLever)
    targeting: TargetingLever = field(default_factory=TargetingLever)


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
# Limits on the money levers rather than levers of their own: applied each term after the levers, never
# switched off in a subset of the split by lever.
LIMIT_NAMES = ["budget", "targeting"]
