"""Mechanism parameters as typed dataclasses.

Every number a mechanism uses is here, with its plausible range and its source in the field
metadata: ``src`` names the seed document (file name in ``../shared/seeds``) where the documents
give the figure or the rule, or says ``assumption`` where they do not. Assumptions are what the
uncertainty analysis varies; the calibrated ones have a posterior (``conf/calibration/``).
Ranges are checked before any run starts (``sim.running.validation``); docs/ODD.md tabulates them.

Rates are yearly hazards (events per year) unless the name says ``per_term``; a yearly hazard h
becomes a termly chance 1 - exp(-h/3). Graded responses are smooth curves (``sim.state.curves``)
with a named midpoint and scale, never a hard threshold. ``tests/test_constants.py`` checks that
no mechanism hides a magnitude as a bare number.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from sim.state.errors import ConfigError

DOC_000 = "000_e0a2dbf228a17e9a.txt"  # CfBT/NFER supporting report (Lincolnshire)
DOC_001 = "001_2b3e1c102beeb635.txt"  # Hill blog, Small can be beautiful
DOC_002 = "002_c9f4dca45492e14f.txt"  # Lincolnshire scrutiny report, Feb 2014
DOC_003 = "003_7adab9aeb85452be.txt"  # Bennett, Working together
DOC_004 = "004_26727e809ee1f91f.txt"  # Lock, Clustering together (SIP cluster)
ASSUMPTION = "assumption"


def par(default: Any, lo: float | None = None, hi: float | None = None, src: str = ASSUMPTION, doc: str = "") -> Any:
    """A dataclass field with an allowed range [lo, hi], a source and a one-line meaning."""
    return field(default=default, metadata={"lo": lo, "hi": hi, "src": src, "doc": doc})


@dataclass
class SpinupParams:
    """The years before the start, simulated under the pre-2012 policy (no programme)."""

    adverts_per_school_guess: float = par(
        0.2, 0, 5, ASSUMPTION, "headship adverts per school per year assumed in the first spin-up year (then measured)"
    )
    years: int = par(
        80,
        0,
        150,
        ASSUMPTION,
        "years simulated before September 2012 so that the start is the model's own steady state (40 left "
        "moves within the region still rising by 15-20% over the run; 80 holds every rate, docs/validation.md)",
    )


@dataclass
class LeadershipParams:
    """Leadership time: what a head can give a school besides teaching, and what cover gives."""

    teaching_max: float = par(
        0.5,
        0,
        1,
        DOC_000,
        "share of the week the head of a very small school teaches (St Margaret's 0.5, Halton Holegate 0.4)",
    )
    teaching_mid_roll: float = par(150.0, 30, 500, ASSUMPTION, "roll at which a head teaches half that share")
    teaching_roll_scale: float = par(35.0, 5, 200, ASSUMPTION, "how gradually teaching falls with roll")
    head_of_school_time: float = par(
        0.35,
        0,
        1,
        DOC_000,
        "leadership time a head of school adds where an executive head leads ('reduce her time in class to act as head of school')",
    )
    travel_overhead_per_minute: float = par(
        0.004, 0, 0.05, ASSUMPTION, "share of an executive head's week lost per minute of mean travel between schools"
    )
    deputy_leadership_time: float = par(0.3, 0, 1, ASSUMPTION, "leadership time of a teacher acting up")
    consultant_leadership_time: float = par(0.5, 0, 1, ASSUMPTION, "leadership time of a consultant head")


@dataclass
class RetirementParams:
    enabled: bool = par(True, doc="switch the retirement mechanism")
    mean_age: float = par(60.0, 50, 70, DOC_000, "mean planned retirement age ('assuming a retirement age of 60')")
    sd_age: float = par(2.5, 0, 6, ASSUMPTION, "spread of planned retirement ages around the mean")
    min_age: float = par(55.0, 45, 65, ASSUMPTION, "earliest planned retirement age")
    max_age: float = par(66.0, 55, 75, ASSUMPTION, "latest planned retirement age")


@dataclass
class MovesParams:
    """Heads seeking a bigger headship: the hazard of starting to look, and what ends the search."""

    enabled: bool = par(True, doc="switch voluntary moves to bigger jobs")
    seek_rate: float = par(
        0.07,
        0,
        2,
        ASSUMPTION,
        "yearly hazard of starting to seek a bigger headship (large school, average ambition, peak tenure)",
    )
    small_school_pull: float = par(
        3.0, 1, 8, DOC_000, "seek hazard multiplier for the smallest jobs ('find a head, appoint a head, lose a head')"
    )
    pull_mid_roll: float = par(150.0, 50, 400, ASSUMPTION, "pupils led at which the small-school pull is half spent")
    pull_roll_scale: float = par(35.0, 5, 150, ASSUMPTION, "how gradually the pull fades with pupils led")
    ambition_weight: float = par(
        1.0, 0, 3, DOC_001, "how strongly ambition scales the seek hazard ('moving on to a bigger school')"
    )
    ambition_age_mid: float = par(
        45.0, 25, 65, DOC_001, "age at which a new head's ambition is average (young heads move on)"
    )
    ambition_mean: float = par(0.5, 0, 1, ASSUMPTION, "mean ambition (0-1) of a new head at the average age")
    ambition_per_year: float = par(0.025, 0, 0.2, ASSUMPTION, "ambition lost per year of age at entry (0-1 scale)")
    ambition_sd: float = par(0.2, 0, 1, ASSUMPTION, "spread of ambition among heads of one age")
    peak_tenure_years: float = par(
        2.5, 0.5, 10, DOC_001, "tenure at which heads most often start to look ('after a couple of years')"
    )
    tenure_shape: float = par(1.5, 0.2, 6, ASSUMPTION, "how sharply the seek hazard rises to and falls from its peak")
    settled_share: float = par(
        0.3,
        0,
        1,
        DOC_000,
        "seek hazard long after the peak relative to the peak (long-serving heads: '23', 'over 30 years')",
    )
    age_mid: float = par(52.0, 40, 62, ASSUMPTION, "age at which the seek hazard has halved")
    age_scale: float = par(3.0, 0.5, 10, ASSUMPTION, "how gradually older heads stop seeking")
    partnership_hold: float = par(
        0.3,
        0,
        1,
        DOC_000,
        "share of the seek hazard removed by full partnership activity ('the development they were going to get')",
    )
    give_up_rate: float = par(0.5, 0, 5, ASSUMPTION, "yearly hazard that a seeking head settles and stops looking")


@dataclass
class WellbeingParams:
    enabled: bool = par(True, doc="switch wellbeing-driven exits")
    rested: float = par(0.75, 0.3, 1, ASSUMPTION, "wellbeing a head returns to without strain or support")
    initial_sd: float = par(0.1, 0, 0.5, ASSUMPTION, "spread of a new head's wellbeing around the rested level")
    recovery_per_term: float = par(0.1, 0, 1, ASSUMPTION, "share of the gap to the rested level recovered per term")
    teaching_drain_per_term: float = par(
        0.02, 0, 0.3, DOC_002, "wellbeing lost per term per unit of teaching fraction ('more time teaching')"
    )
    isolation_drain_per_term: float = par(
        0.015,
        0,
        0.3,
        DOC_004,
        "wellbeing lost per term by the head of a very small school with no joint work (isolation)",
    )
    isolation_mid_roll: float = par(
        150.0, 30, 400, ASSUMPTION, "pupils led at which isolation is half that of the smallest schools"
    )
    isolation_roll_scale: float = par(30.0, 5, 150, ASSUMPTION, "how gradually isolation fades with pupils led")
    new_head_strain_per_term: float = par(
        0.02,
        0,
        0.3,
        DOC_000,
        "wellbeing lost per term by a new head without support ('four headteachers in five years')",
    )
    new_head_years: float = par(1.5, 0.1, 10, ASSUMPTION, "years over which a new head's strain fades (e-folding)")
    support_gain_per_term: float = par(
        0.03, 0, 0.3, DOC_004, "wellbeing gained per term at full partnership activity (less isolation, peer support)"
    )
    executive_strain_per_term: float = par(
        0.02, 0, 0.3, ASSUMPTION, "wellbeing lost per term for each school an executive head leads beyond the first"
    )
    travel_strain_per_minute: float = par(
        0.0004,
        0,
        0.01,
        ASSUMPTION,
        "wellbeing lost per term per minute of mean travel between an executive head's schools",
    )
    exit_rate_base: float = par(0.03, 0, 0.3, ASSUMPTION, "yearly hazard of leaving headship at full wellbeing")
    exit_rate_burnout: float = par(
        0.3, 0, 3, ASSUMPTION, "extra yearly hazard of leaving at zero wellbeing (scales with (1 - w)^2)"
    )
    absence_per_term: float = par(
        0.008,
        0,
        0.1,
        DOC_000,
        "termly chance of a sickness or maternity absence (gaps 'not all ... caused by vacancies')",
    )
    absence_terms_max: int = par(2, 1, 6, ASSUMPTION, "longest absence in terms (drawn 1..max)")


@dataclass
class RecruitmentParams:
    """Adverts draw applicants from three sources; governors judge them; the pool of aspiring heads."""

    reach_minutes: float = par(
        45.0, 5, 180, ASSUMPTION, "drive at which aspiring and sitting heads are half as likely to apply for a post"
    )
    reach_scale_minutes: float = par(8.0, 0.5, 60, ASSUMPTION, "how gradually applications fall with the drive")
    pool_applications_per_year: float = par(
        1.5,
        0,
        20,
        ASSUMPTION,
        "applications an aspiring head makes in a year, spread over the posts advertised within reach",
    )
    head_applications_per_year: float = par(
        3.4, 0, 20, ASSUMPTION, "applications a head seeking a move makes in a year, spread over the posts within reach"
    )
    move_up_ratio: float = par(
        1.4, 1, 5, DOC_000, "ratio of pupils at which half of seeking heads find a post big enough ('a larger school')"
    )
    move_up_scale: float = par(0.2, 0.01, 2, ASSUMPTION, "how gradually interest rises with the ratio of pupils")
    small_attractiveness: float = par(
        0.62,
        0.05,
        1,
        DOC_000,
        "applicants to the smallest schools relative to large ones (about 3 against 4.5, Figure 3)",
    )
    size_mid_roll: float = par(
        100.0, 20, 400, DOC_000, "roll at which attractiveness is half-way (Figure 3 splits at 100)"
    )
    size_roll_scale: float = par(25.0, 2, 150, ASSUMPTION, "how gradually attractiveness rises with roll")
    va_factor: float = par(0.58, 0, 2, DOC_000, "applicant multiplier for voluntary aided schools (2.3 against 4.0)")
    vc_factor: float = par(1.0, 0, 2, DOC_000, "applicant multiplier for voluntary controlled schools (4.0 as others)")
    remoteness_per_minute: float = par(
        0.005, 0, 0.1, ASSUMPTION, "applicants fall by exp(-this x minutes from the nearest town)"
    )
    partnership_boost: float = par(
        0.25, 0, 2, DOC_000, "applicant uplift at full partnership activity ('the development they were going to get')"
    )
    candidate_skill_sd: float = par(0.8, 0.05, 3, ASSUMPTION, "spread of candidates' leadership skill")
    outside_skill_mean: float = par(0.0, -2, 2, ASSUMPTION, "mean skill of applicants from outside the region")
    appoint_bar: float = par(
        0.5,
        -3,
        3,
        DOC_000,
        "judged skill of the best candidate at which governors appoint half the time (Spilsby: two applicants, no appointment)",
    )
    appoint_scale: float = par(
        0.2, 0.01, 2, ASSUMPTION, "how sharply governors' willingness rises with the best candidate"
    )
    assessment_noise: float = par(0.5, 0, 3, ASSUMPTION, "sd of governors' error in judging a candidate")
    assessment_skill_effect: float = par(
        0.5, 0, 1, ASSUMPTION, "share of that error removed by a fully skilled governing body"
    )
    new_head_age_min: float = par(30.0, 20, 60, ASSUMPTION, "youngest age of a head appointed from outside the region")
    new_head_age_max: float = par(52.0, 25, 65, ASSUMPTION, "oldest age at which anyone takes up a first headship")
    grow_per_teacher: float = par(
        0.024, 0, 0.5, ASSUMPTION, "aspiring heads (deputies, assistant heads) ready for headship per teacher per year"
    )
    grown_leader_boost: float = par(
        1.0, 0, 10, DOC_000, "extra growth of leaders in schools led by an executive head (heads of school step up)"
    )
    grown_leader_bonus: float = par(
        0.3, 0, 2, DOC_000, "skill bonus of leaders grown as heads of school in federations and executive arrangements"
    )
    pool_entry_age_min: float = par(30.0, 20, 55, ASSUMPTION, "youngest age of a new aspiring head")
    pool_entry_age_max: float = par(45.0, 25, 60, ASSUMPTION, "oldest age of a new aspiring head")
    pool_attrition: float = par(0.12, 0, 1, ASSUMPTION, "yearly hazard that an aspiring head stops seeking headship")
    experience_gain: float = par(0.05, 0, 1, ASSUMPTION, "skill an aspiring head gains per year as a deputy")
    deputy_cover_teachers: float = par(
        5.0, 2, 20, ASSUMPTION, "teachers at which a deputy acts up half the time (otherwise a consultant head)"
    )
    deputy_cover_scale: float = par(
        1.0, 0.05, 10, ASSUMPTION, "how gradually deputy cover becomes likely with teachers"
    )
    consultant_cost_per_term: float = par(
        12000.0, 0, 100000, ASSUMPTION, "cost to the authority of a consultant head for a term"
    )


@dataclass
class GovernorParams:
    body_size_small: int = par(9, 3, 20, ASSUMPTION, "governors sought by the smallest schools")
    body_size_large: int = par(
        12, 3, 25, DOC_000, "governors sought by a larger school (federation GB of 15 at Denton and Harlaxton)"
    )
    federation_body_max: int = par(
        15, 3, 40, DOC_000, "seats of a federation's merged governing body (15 at Denton and Harlaxton)"
    )
    size_mid_roll: float = par(
        110.0, 20, 400, DOC_000, "roll at which a school is half-way to a large school's governance"
    )
    size_roll_scale: float = par(20.0, 2, 150, ASSUMPTION, "how gradually governance changes with roll")
    term_years: int = par(4, 1, 8, ASSUMPTION, "governor term of office in years")
    renew_prob: float = par(0.6, 0, 1, ASSUMPTION, "chance a governor stands again at the end of a term")
    fill_prob_small: float = par(
        0.45,
        0,
        1,
        DOC_002,
        "chance a governor vacancy in the smallest schools is filled in a year ('recruiting ... governors is also a challenge')",
    )
    fill_prob_large: float = par(0.8, 0, 1, DOC_002, "chance a governor vacancy in a larger school is filled in a year")
    new_skill_mean: float = par(
        0.45, 0, 1, ASSUMPTION, "skill of a new, untrained governor (and the level skills drift to)"
    )
    new_skill_sd: float = par(0.15, 0, 1, ASSUMPTION, "spread of new governors' skill")
    openness_mean: float = par(0.5, 0.05, 1, DOC_000, "mean openness to partnership and federation")
    openness_sd: float = par(0.2, 0, 1, ASSUMPTION, "spread of governor openness")
    training_gain: float = par(
        0.08, 0, 1, DOC_004, "skill gained per year at full partnership activity (joint governor training)"
    )
    openness_gain: float = par(
        0.02, 0, 1, DOC_000, "openness gained per year at full partnership activity (governors 'persuaded')"
    )
    skill_decay: float = par(0.03, 0, 1, ASSUMPTION, "yearly skill drift back towards the untrained level")
    consent_exec_base: float = par(
        0.75,
        0,
        1,
        DOC_000,
        "chance governors accept sharing a head at average openness (Shropshire: 'not all schools agreed')",
    )
    consent_federation_base: float = par(
        0.7, 0, 1, DOC_000, "chance governors accept a federation proposal at average openness ('short-changed')"
    )
    fear_of_losing_head: float = par(
        0.2, 0, 1, DOC_000, "consent uplift when refusing risks losing an ambitious head (Spilsby link)"
    )
    church_mix_factor: float = par(
        0.15,
        0,
        1,
        DOC_000,
        "consent multiplier for one head or governance over church and non-church schools ('problematic ... to share')",
    )
    diocese_consent_va: float = par(
        0.4, 0, 1, DOC_000, "chance a voluntary aided school's diocese agrees to a head or governance shared outside it"
    )
    diocese_consent_vc: float = par(
        0.8,
        0,
        1,
        DOC_000,
        "chance a voluntary controlled school's diocese agrees to a head or governance shared outside it",
    )


@dataclass
class FundingParams:
    per_pupil: float = par(3800.0, 1000, 10000, ASSUMPTION, "per-pupil formula funding (£; not given in the documents)")
    lump_sum: float = par(90000.0, 0, 300000, DOC_002, "formula lump sum per school (£; 'c£90k')")
    sparsity_max: float = par(
        0.0, 0, 100000, ASSUMPTION, "sparsity top-up for small remote schools (£; documents give no figure)"
    )
    sparsity_roll: float = par(150.0, 1, 1000, ASSUMPTION, "roll at which sparsity funding is half given")
    sparsity_roll_scale: float = par(20.0, 1, 200, ASSUMPTION, "how gradually sparsity funding tapers with roll")
    sparsity_minutes: float = par(
        15.0, 0, 120, ASSUMPTION, "minutes from a town at which sparsity funding is half given"
    )
    sparsity_minutes_scale: float = par(
        3.0, 0.1, 60, ASSUMPTION, "how gradually sparsity funding rises with remoteness"
    )
    spend_share: float = par(1.0, 0.5, 1.2, ASSUMPTION, "core spending as a share of formula income")
    spend_noise: float = par(0.015, 0, 0.2, ASSUMPTION, "yearly sd of the spending share")
    reserve_target_share: float = par(0.06, 0, 1, ASSUMPTION, "reserves a school aims to hold, as a share of income")
    reserve_adjust: float = par(
        0.3, 0, 1, ASSUMPTION, "share of the gap to the reserve target closed by next year's spending"
    )
    release_cost_per_term: float = par(
        11000.0,
        0,
        50000,
        DOC_000,
        "release (backfill) cost per member school per term at full activity ('to release a member of staff ... it costs')",
    )
    transport_cost_per_minute: float = par(
        60.0, 0, 1000, DOC_000, "transport and fuel cost per member per term per minute of mean travel"
    )
    self_fund_budget_share: float = par(
        0.01,
        0,
        1,
        DOC_000,
        "share of its income a school will put into joint work from its own budget ('we have all agreed to put in money')",
    )
    self_fund_reserve_half: float = par(
        0.03,
        0.001,
        1,
        DOC_000,
        "reserves (share of income) at which a school's contribution is halved (78%: finance the main challenge)",
    )
    spend_horizon_terms: float = par(
        5.0,
        1,
        30,
        DOC_000,
        "terms over which a partnership spreads its dedicated money ('over more than one school year')",
    )
    executive_uplift_per_school: float = par(
        6000.0,
        -50000,
        50000,
        ASSUMPTION,
        "net yearly pay uplift (£) paid by the schools for each school an executive head leads beyond the first",
    )
    head_of_school_allowance: float = par(
        3000.0, 0, 30000, ASSUMPTION, "yearly allowance (£) for a head of school in a school led by an executive head"
    )


@dataclass
class PartnershipParams:
    trust_growth_per_term: float = par(
        0.25, 0, 1, DOC_004, "trust gained per term at full activity (newcomers need 'more than a year')"
    )
    trust_decay_per_term: float = par(0.04, 0, 1, ASSUMPTION, "trust lost per term when joint work is idle")
    initial_trust: float = par(0.25, 0, 1, ASSUMPTION, "trust of a newly grouped partnership")
    prior_tie_trust: float = par(
        0.3, 0, 1, DOC_000, "extra trust where heads already worked together ('helped to provide the initial trust')"
    )
    head_change_trust_loss: float = par(
        0.45, 0, 1, DOC_000, "share of trust lost when a member's head changes ('the death of some partnerships')"
    )
    activity_adjust_per_term: float = par(0.5, 0, 1, ASSUMPTION, "share of the gap to target activity closed each term")
    free_activity: float = par(
        0.25, 0, 1, DOC_000, "activity heads sustain on their own time at no cost ('in addition to their day jobs')"
    )
    dedicated_leadership_gain: float = par(
        0.3, 0, 1, DOC_000, "share by which dedicated leadership time raises what a partnership can do (8 of 47 had it)"
    )
    adviser_gain: float = par(
        0.1,
        0,
        1,
        DOC_002,
        "share by which a shared adviser raises what a partnership can do ('the same adviser has been assigned')",
    )
    comfortable_members: float = par(6.0, 2, 20, DOC_000, "members at which coordination starts to fail (3-6 work)")
    unmanageable_members: float = par(
        10.5, 3, 30, DOC_000, "members at which coordination has mostly failed ('10 or 11 ... unmanageable')"
    )
    travel_too_far_minutes: float = par(
        40.0, 5, 180, DOC_000, "mean travel time at which coordination has halved ('it takes 40 minutes')"
    )
    travel_scale_minutes: float = par(8.0, 1, 60, ASSUMPTION, "steepness of the travel penalty")
    competition_km: float = par(3.0, 0.1, 50, DOC_004, "distance at which members half compete for pupils")
    competition_scale_km: float = par(1.0, 0.05, 20, ASSUMPTION, "how gradually competition fades with distance")
    competition_penalty: float = par(
        0.25,
        0,
        1,
        DOC_000,
        "activity lost when every pair of members competes ('competitive pressures can cut across')",
    )
    trust_activity_weight: float = par(
        0.5, 0, 1, DOC_000, "share of target activity that depends on trust ('relationships ... the cement')"
    )
    head_capacity_weight: float = par(
        0.5, 0, 1, DOC_002, "share of target activity that depends on member heads' leadership time"
    )
    fade_activity: float = par(
        0.15, 0, 1, ASSUMPTION, "activity at which a partnership's dissolution hazard is half its peak"
    )
    fade_scale: float = par(
        0.05, 0.005, 0.5, ASSUMPTION, "how gradually the dissolution hazard rises as activity falls"
    )
    dissolve_per_term: float = par(0.25, 0, 1, ASSUMPTION, "termly chance an idle partnership dissolves (its peak)")
    adhoc_per_year: float = par(
        0.08,
        0,
        1,
        DOC_000,
        "yearly hazard that an isolated school outside any partnership links up with a neighbour (friendship groups of heads)",
    )
    adhoc_minutes: float = par(
        25.0,
        1,
        120,
        DOC_000,
        "drive at which an ad hoc partner is half as likely to be chosen (partners 1-10 miles apart)",
    )
    adhoc_max_members: int = par(
        4, 2, 10, DOC_000, "largest ad hoc partnership (the case studies' own partnerships had four to six schools)"
    )
    split_members: float = par(
        6.0,
        3,
        30,
        DOC_000,
        "size at which a low-trust partnership's split hazard is half its peak ('four have split off')",
    )
    split_members_scale: float = par(1.0, 0.05, 10, ASSUMPTION, "how gradually the split hazard rises with size")
    split_trust: float = par(0.3, 0, 1, DOC_000, "trust at which a large partnership's split hazard is half its peak")
    split_trust_scale: float = par(0.08, 0.005, 0.5, ASSUMPTION, "how gradually the split hazard falls with trust")
    split_per_term: float = par(0.08, 0, 1, ASSUMPTION, "termly chance a large low-trust partnership splits (its peak)")
    plan_approval_per_term: float = par(
        0.6, 0, 1, DOC_000, "termly chance a business plan and MoU are approved at full trust (some 'sent back')"
    )
    formalise_per_term: float = par(
        0.04, 0, 1, DOC_000, "termly hazard a trusting, active partnership deepens one step (informal to MoU to formal)"
    )
    structure_per_term: float = par(
        0.02,
        0,
        1,
        DOC_000,
        "termly hazard a trusting formal collaboration with dedicated leadership becomes structured",
    )
    deepen_trust: float = par(0.5, 0, 1, DOC_000, "trust at which deepening is half as likely as at full trust")
    deepen_scale: float = par(0.08, 0.005, 0.5, ASSUMPTION, "how gradually deepening becomes likely with trust")
    undedicated_structure_factor: float = par(
        0.1,
        0,
        1,
        DOC_000,
        "structuring hazard without dedicated leadership, relative to with it ('depth ... unlikely')",
    )
    dedicate_per_year: float = par(
        0.3,
        0,
        1,
        DOC_000,
        "yearly chance a trusting partnership with an executive head releases dedicated leadership time",
    )
    undedicate_per_year: float = par(0.2, 0, 1, ASSUMPTION, "yearly chance dedicated time ends once trust falls")
    hard_activity: float = par(
        0.6,
        0,
        1,
        DOC_000,
        "joint activity in a federation or trust (one head and governing body: joint work is how they run)",
    )


@dataclass
class ExecutiveParams:
    enabled: bool = par(True, doc="switch executive headship (brokered and at vacancies)")
    max_schools: int = par(
        4, 2, 10, DOC_000, "most schools one head may lead (Sutton St James: three federated plus one)"
    )
    convergence_per_term: float = par(
        0.06, 0, 1, DOC_000, "share of the quality gap to the executive head's home school closed per term"
    )
    quality_mid: float = par(
        0.0,
        -3,
        3,
        DOC_000,
        "home-school quality at which governors are half as willing to accept its head ('a good school')",
    )
    quality_scale: float = par(0.25, 0.01, 3, ASSUMPTION, "how sharply acceptance rises with the home school's quality")
    broker_max_minutes: float = par(
        30.0,
        5,
        120,
        DOC_000,
        "drive at which sharing a head is half as acceptable (Gipsey Bridge to Spilsby: 25 minutes)",
    )
    broker_minutes_scale: float = par(5.0, 0.5, 60, ASSUMPTION, "how gradually acceptability falls with the drive")
    partner_trust_mid: float = par(
        0.4,
        0,
        1,
        DOC_000,
        "partnership trust at which governors are half as willing to offer a partner's head the post",
    )
    partner_trust_scale: float = par(0.08, 0.005, 0.5, ASSUMPTION, "how gradually that willingness rises with trust")
    permanent_per_term: float = par(
        0.55,
        0,
        1,
        DOC_000,
        "termly chance an interim executive arrangement is made permanent (Denton: 'acting basis' then permanent)",
    )
    revert_per_year: float = par(
        0.08, 0, 1, ASSUMPTION, "yearly hazard a school stops sharing its executive head and seeks its own"
    )
    at_vacancy_share: float = par(
        0.3,
        0,
        1,
        DOC_000,
        "chance governors offer the post to a trusted partner's head at a vacancy (ad hoc, before 2012)",
    )
    adhoc_broker_share: float = par(
        0.15,
        0,
        1,
        DOC_000,
        "termly chance the authority finds an interim executive head after a failed advert without a brokering policy",
    )


@dataclass
class FederationParams:
    enabled: bool = par(True, doc="switch federation and trust formation")
    at_vacancy_per_term: float = par(
        0.25,
        0,
        1,
        DOC_000,
        "chance a trusting partnership proposes federation when a headship falls vacant ('usually at a vacancy')",
    )
    after_poor_results_per_year: float = par(
        0.08, 0, 1, DOC_000, "yearly chance of a federation proposal after grade 3-4 or a floor breach"
    )
    from_executive_per_year: float = par(
        0.45,
        0,
        1,
        DOC_000,
        "yearly chance schools sharing an executive head propose to federate (Denton and Harlaxton)",
    )
    min_trust: float = par(
        0.5, 0, 1, DOC_000, "partnership trust at which federating is half as likely ('grow towards federation')"
    )
    trust_scale: float = par(0.08, 0.005, 0.5, ASSUMPTION, "how gradually federating becomes likely with trust")
    trust_share_academy: float = par(
        0.5, 0, 1, DOC_000, "chance a federation led by an academy becomes a multi-academy trust (partners convert)"
    )
    max_size: int = par(3, 2, 10, DOC_000, "most schools in a federation ('two or three schools')")
    defederate_per_year: float = par(0.03, 0, 1, ASSUMPTION, "yearly hazard a federation separates again")
    defederate_at_exit: float = par(
        0.25, 0, 1, ASSUMPTION, "chance a federation separates when its executive head leaves"
    )


@dataclass
class OutcomeParams:
    pupils_per_teacher: float = par(
        30.0, 10, 60, DOC_000, "pupils per class teacher (72 pupils, 3 classes; 100 pupils, 4 classes)"
    )
    min_teachers: int = par(
        2, 1, 10, DOC_000, "fewest class teachers in a school (St Margaret's: 48 pupils, two or three classes)"
    )
    year_groups: int = par(
        7, 1, 9, DOC_000, "year groups in a primary school (reception to year 6; KS2 cohort = roll / 7)"
    )
    teacher_sd: float = par(0.6, 0, 3, DOC_001, "spread of teacher quality ('one or two weak teachers')")
    teacher_turnover: float = par(0.12, 0, 1, ASSUMPTION, "yearly share of teachers replaced")
    teacher_reversion_per_term: float = par(
        0.03, 0, 1, ASSUMPTION, "termly pull of teacher quality back to the school's recruit mean"
    )
    leadership_gain_per_term: float = par(
        0.03,
        0,
        1,
        DOC_002,
        "teacher improvement per term per unit of leadership time above the usual for the school's size",
    )
    partnership_gain_per_term: float = par(
        0.012, 0, 1, DOC_000, "teacher improvement per term at full partnership activity (65% -> 85% good lessons)"
    )
    gap_penalty_per_term: float = par(0.03, 0, 1, DOC_000, "teacher quality lost per term without a substantive head")
    turnover_penalty: float = par(
        0.06, 0, 1, DOC_000, "quality lost per head change ('four headteachers in five years')"
    )
    la_support_gain_per_term: float = par(
        0.008, 0, 1, DOC_000, "teacher improvement per term from authority support to schools judged 3 or 4"
    )
    head_weight: float = par(0.3, 0, 2, DOC_000, "weight of the leader's skill in school quality")
    deputy_skill: float = par(-0.5, -3, 3, ASSUMPTION, "leadership skill of a teacher acting up as head")
    head_of_school_skill: float = par(
        -0.3, -3, 3, ASSUMPTION, "leadership skill of a federation's head of school in a gap"
    )
    consultant_skill: float = par(0.0, -3, 3, ASSUMPTION, "leadership skill of a consultant head")
    good_threshold: float = par(-0.15, -3, 3, DOC_000, "quality above which inspectors usually judge good")
    outstanding_threshold: float = par(1.0, -3, 4, DOC_000, "quality above which inspectors usually judge outstanding")
    inadequate_threshold: float = par(-1.2, -5, 3, DOC_000, "quality below which inspectors usually judge inadequate")
    inspection_noise: float = par(0.35, 0, 3, ASSUMPTION, "sd of inspection judgement error")
    inspection_years: str = par(
        "5,4,2,1",
        src=DOC_000,
        doc="years to next inspection after grades 1,2,3,4 (65 of 99 small schools inspected in two years)",
    )
    ks2_intercept: float = par(1.6, -5, 5, DOC_000, "logit of the KS2 L4+ rate at quality 0 (county 81% in 2012)")
    ks2_slope: float = par(1.5, 0, 5, ASSUMPTION, "logit change in the KS2 L4+ rate per unit quality")
    pupil_sd: float = par(
        0.5,
        0,
        3,
        DOC_000,
        "sd (logit) of a cohort's own ability around the school's level ('particular learning difficulties')",
    )
    progress_intercept: float = par(
        0.9, -5, 5, ASSUMPTION, "logit of a subject's expected-progress rate at quality 0 (about the national average)"
    )
    progress_slope: float = par(1.0, 0, 5, ASSUMPTION, "logit change in the expected-progress rate per unit quality")
    floor_attainment: float = par(0.6, 0, 1, DOC_000, "floor standard: share at L4+ (from 2011: 60 per cent)")
    floor_min_cohort: int = par(
        11,
        1,
        60,
        ASSUMPTION,
        "smallest KS2 cohort the floor standard is applied to (DfE practice; not in the documents)",
    )
    floor_rwm_from_year: int = par(
        2012,
        1990,
        2100,
        DOC_000,
        "first academic year judged on reading, writing and maths (2013 results) rather than English and maths",
    )


@dataclass
class Params:
    """All mechanism parameters; one section per mechanism module."""

    spinup: SpinupParams = field(default_factory=SpinupParams)
    leadership: LeadershipParams = field(default_factory=LeadershipParams)
    retirement: RetirementParams = field(default_factory=RetirementParams)
    moves: MovesParams = field(default_factory=MovesParams)
    wellbeing: WellbeingParams = field(default_factory=WellbeingParams)
    recruitment: RecruitmentParams = field(default_factory=RecruitmentParams)
    governors: GovernorParams = field(default_factory=GovernorParams)
    funding: FundingParams = field(default_factory=FundingParams)
    partnerships: PartnershipParams = field(default_factory=PartnershipParams)
    executive: ExecutiveParams = field(default_factory=ExecutiveParams)
    federation: FederationParams = field(default_factory=FederationParams)
    outcomes: OutcomeParams = field(default_factory=OutcomeParams)


def assumptions(params: Params) -> dict[str, tuple[float, float, float]]:
    """Every numeric parameter marked ``assumption``: dotted name -> (value, lo, hi)."""
    out = {}
    for section in fields(params):
        sec = getattr(params, section.name)
        if not is_dataclass(sec):
            continue
        for f in fields(sec):
            value = getattr(sec, f.name)
            meta = f.metadata
            if meta.get("src") == ASSUMPTION and isinstance(value, (int, float)) and not isinstance(value, bool):
                out[f"{section.name}.{f.name}"] = (float(value), meta["lo"], meta["hi"])
    return out


def check_params(p: Params) -> None:
    """Combinations of parameters that make no sense (one line each, naming the keys)."""
    pairs = [
        ("retirement.min_age", p.retirement.min_age, "retirement.max_age", p.retirement.max_age),
        (
            "recruitment.new_head_age_min",
            p.recruitment.new_head_age_min,
            "recruitment.new_head_age_max",
            p.recruitment.new_head_age_max,
        ),
        (
            "recruitment.pool_entry_age_min",
            p.recruitment.pool_entry_age_min,
            "recruitment.pool_entry_age_max",
            p.recruitment.pool_entry_age_max,
        ),
        (
            "partnerships.comfortable_members",
            p.partnerships.comfortable_members,
            "partnerships.unmanageable_members",
            p.partnerships.unmanageable_members,
        ),
        (
            "outcomes.inadequate_threshold",
            p.outcomes.inadequate_threshold,
            "outcomes.good_threshold",
            p.outcomes.good_threshold,
        ),
        (
            "outcomes.good_threshold",
            p.outcomes.good_threshold,
            "outcomes.outstanding_threshold",
            p.outcomes.outstanding_threshold,
        ),
    ]
    for lo_key, lo, hi_key, hi in pairs:
        if lo >= hi:
            raise ConfigError(f"params.{lo_key}={lo} is not below params.{hi_key}={hi}; it must be")
    if p.federation.max_size > p.executive.max_schools:
        raise ConfigError(
            f"params.federation.max_size={p.federation.max_size} exceeds "
            f"params.executive.max_schools={p.executive.max_schools}: one head leads a federation"
        )
    try:
        cycle = [int(v) for v in p.outcomes.inspection_years.split(",")]
    except ValueError:
        cycle = []
    if len(cycle) != 4 or min(cycle) < 1:
        raise ConfigError(
            f"params.outcomes.inspection_years={p.outcomes.inspection_years!r} is not allowed: "
            "need four whole years >= 1, e.g. '5,4,2,1'"
        )
