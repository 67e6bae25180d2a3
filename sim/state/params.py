"""Mechanism parameters as typed dataclasses.

Every number carries its plausible range and its source in the field metadata:
``src`` names the seed document (file name in ``../shared/seeds``) or says
``assumption`` where the documents give no figure. ``sim.validation`` checks
ranges before any run starts; ``docs/ODD.md`` tabulates them.

Rates are per year unless the name says ``per_term``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
class RetirementParams:
    enabled: bool = par(True, doc="switch the retirement mechanism")
    mean_age: float = par(60.0, 50, 70, DOC_000, "mean planned retirement age ('assuming a retirement age of 60')")
    sd_age: float = par(2.0, 0, 6, ASSUMPTION, "spread of planned retirement ages around the mean")
    min_age: float = par(55.0, 45, 65, ASSUMPTION, "earliest planned retirement age")
    max_age: float = par(66.0, 55, 75, ASSUMPTION, "latest planned retirement age")


@dataclass
class MovesParams:
    enabled: bool = par(True, doc="switch voluntary moves to bigger jobs")
    base_rate: float = par(
        0.045, 0, 0.5, DOC_000, "yearly move probability of a head of average ambition in a >210 school"
    )
    small_school_pull: float = par(
        2.6, 1, 6, DOC_000, "move multiplier for schools of <=110 pupils ('find a head, appoint a head, lose a head')"
    )
    mid_school_pull: float = par(1.5, 1, 4, DOC_000, "move multiplier for schools of 111-210 pupils")
    ambition_weight: float = par(
        1.0,
        0,
        3,
        DOC_001,
        "how strongly ambition scales the move hazard ('moving on to a bigger school after a couple of years')",
    )
    age_taper_from: float = par(
        50.0, 35, 65, ASSUMPTION, "age after which heads stop seeking moves (linear taper to zero at 60)"
    )
    partnership_hold: float = par(
        0.35,
        0,
        1,
        DOC_000,
        "share of move hazard removed by full partnership activity ('partnership opportunities' hold heads)",
    )


@dataclass
class WellbeingParams:
    enabled: bool = par(True, doc="switch wellbeing-driven exits")
    isolation_drain_per_term: float = par(
        0.03, 0, 0.3, DOC_004, "wellbeing lost per term by a head with no active partnership (isolation)"
    )
    teaching_drain_per_term: float = par(0.05, 0, 0.3, DOC_002, "wellbeing lost per term per unit of teaching fraction")
    support_gain_per_term: float = par(0.06, 0, 0.3, DOC_004, "wellbeing gained per term at full partnership activity")
    recovery_per_term: float = par(0.08, 0, 1, ASSUMPTION, "rate of return towards the rested level 0.75")
    exit_rate_base: float = par(0.015, 0, 0.3, ASSUMPTION, "yearly probability of leaving headship at full wellbeing")
    exit_rate_burnout: float = par(
        0.25, 0, 1, ASSUMPTION, "extra yearly leaving probability at zero wellbeing (scales with (1-w)^2)"
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
    applicants_small: float = par(
        3.0, 0, 20, DOC_000, "mean applicants per advert for schools of <=100 pupils (Figure 3)"
    )
    applicants_large: float = par(
        4.5, 0, 20, DOC_000, "mean applicants per advert for schools of >100 pupils (derived from Figure 3)"
    )
    small_threshold: int = par(100, 1, 1000, DOC_000, "roll at or below which the small-school applicant rate applies")
    va_factor: float = par(0.58, 0, 2, DOC_000, "applicant multiplier for voluntary aided schools (2.3 against 4.0)")
    vc_factor: float = par(1.0, 0, 2, DOC_000, "applicant multiplier for voluntary controlled schools")
    remoteness_coef: float = par(0.15, 0, 2, ASSUMPTION, "applicants fall by exp(-coef * minutes to a town / 30)")
    partnership_boost: float = par(
        0.25, 0, 2, DOC_000, "applicant uplift at full partnership activity ('the development they were going to get')"
    )
    pool_elasticity: float = par(
        0.5, 0, 2, ASSUMPTION, "applicants scale with (candidate pool / initial pool) ** elasticity"
    )
    pool_per_school: float = par(
        0.4, 0, 5, ASSUMPTION, "initial aspiring leaders (deputies, assistant heads) per school"
    )
    pool_inflow_per_school: float = par(
        0.17,
        0,
        1,
        ASSUMPTION,
        "new aspiring leaders per school per year (keeps the 2012 pool steady without a programme)",
    )
    pool_attrition: float = par(0.12, 0, 1, ASSUMPTION, "yearly share of aspiring leaders who stop seeking headship")
    experience_gain: float = par(0.05, 0, 1, ASSUMPTION, "skill an aspiring leader gains per year as a deputy")
    grown_leader_bonus: float = par(
        0.3, 0, 2, DOC_000, "skill bonus of leaders grown as heads of school in federations and executive arrangements"
    )
    appoint_bar: float = par(
        0.25,
        -3,
        3,
        DOC_000,
        "governors appoint only a candidate judged above this skill (Spilsby: two applicants, no appointment)",
    )
    assessment_noise: float = par(
        0.5, 0, 3, ASSUMPTION, "sd of governors' error in judging a candidate, halved by full governor skill"
    )
    deputy_cover_teachers: float = par(
        5.0, 2, 20, ASSUMPTION, "teachers at which a deputy can always act up (less likely below)"
    )
    consultant_cost_per_term: float = par(
        12000.0, 0, 100000, ASSUMPTION, "cost to the authority of a consultant head for a term"
    )


@dataclass
class GovernorParams:
    body_size_small: int = par(9, 3, 20, ASSUMPTION, "governors sought by a school of <=110 pupils")
    body_size_large: int = par(
        12, 3, 25, DOC_000, "governors sought by a larger school (federation GB of 15 at Denton and Harlaxton)"
    )
    term_years: int = par(4, 1, 8, ASSUMPTION, "governor term of office in years")
    renew_prob: float = par(0.6, 0, 1, ASSUMPTION, "chance a governor stands again at the end of a term")
    fill_prob_small: float = par(
        0.45,
        0,
        1,
        DOC_002,
        "chance a governor vacancy in a small school is filled in a year ('recruiting ... governors is also a challenge')",
    )
    fill_prob_large: float = par(0.8, 0, 1, DOC_002, "chance a governor vacancy in a larger school is filled in a year")
    openness_mean: float = par(0.5, 0, 1, DOC_000, "mean openness to partnership and federation")
    openness_sd: float = par(0.2, 0, 1, ASSUMPTION, "spread of governor openness")
    training_gain: float = par(
        0.08, 0, 1, DOC_004, "skill gained per year at full partnership activity (joint governor training)"
    )
    skill_decay: float = par(0.03, 0, 1, ASSUMPTION, "yearly skill drift back towards the untrained level")
    consent_exec_base: float = par(
        0.75, 0, 1, DOC_000, "chance governors accept a brokered executive head (Shropshire: 'not all schools agreed')"
    )
    consent_federation_base: float = par(
        0.35, 0, 1, DOC_000, "chance governors accept a federation proposal at full openness ('short-changed')"
    )
    fear_of_losing_head: float = par(
        0.2, 0, 1, DOC_000, "consent uplift when refusing risks losing an ambitious head (Spilsby link)"
    )


@dataclass
class FundingParams:
    per_pupil: float = par(3800.0, 1000, 10000, ASSUMPTION, "per-pupil formula funding (£; not given in the documents)")
    lump_sum: float = par(90000.0, 0, 300000, DOC_002, "formula lump sum per school (£; 'c£90k')")
    sparsity_max: float = par(
        0.0, 0, 100000, ASSUMPTION, "sparsity top-up for small remote schools (£; documents give no figure)"
    )
    sparsity_roll: int = par(150, 1, 1000, ASSUMPTION, "roll below which sparsity funding applies, tapering to zero")
    sparsity_minutes: float = par(
        15.0, 0, 120, ASSUMPTION, "minutes from a town beyond which a school counts as sparse"
    )
    spend_share: float = par(1.0, 0.5, 1.2, ASSUMPTION, "core spending as a share of formula income")
    spend_noise: float = par(0.015, 0, 0.2, ASSUMPTION, "yearly sd of the spending share")
    initial_reserve_share: float = par(0.06, 0, 1, ASSUMPTION, "opening reserves as a share of income")
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
    self_fund_cap: float = par(
        0.5,
        0,
        1,
        DOC_000,
        "highest activity members sustain from their own budgets once dedicated money is gone (78% say finance is the main challenge)",
    )
    self_fund_budget_share: float = par(
        0.025,
        0,
        1,
        ASSUMPTION,
        "share of its formula income a school will put into joint work once dedicated money is gone",
    )
    reserve_adjust: float = par(
        0.3, 0, 1, ASSUMPTION, "share of the gap to the reserve target closed by next year's spending"
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
    base_activity: float = par(
        0.8, 0, 1, DOC_000, "activity a funded partnership of trusting heads sustains on heads' spare time"
    )
    dedicated_leadership_gain: float = par(
        0.3, 0, 1, DOC_000, "activity added by dedicated leadership time (8 of 47 had it)"
    )
    adviser_gain: float = par(
        0.1, 0, 1, DOC_002, "activity added by a shared adviser ('the same adviser has been assigned')"
    )
    comfortable_members: float = par(6.0, 2, 20, DOC_000, "members beyond which coordination falls away (3-6 work)")
    unmanageable_members: float = par(
        10.5, 3, 30, DOC_000, "members at which coordination has mostly failed ('10 or 11 ... unmanageable')"
    )
    travel_too_far_minutes: float = par(
        40.0, 5, 180, DOC_000, "mean travel time at which coordination has halved ('it takes 40 minutes')"
    )
    travel_scale_minutes: float = par(8.0, 1, 60, ASSUMPTION, "steepness of the travel penalty")
    competition_km: float = par(3.0, 0, 50, DOC_004, "members closer than this compete for pupils")
    competition_penalty: float = par(
        0.25,
        0,
        1,
        DOC_000,
        "activity lost when every pair of members competes ('competitive pressures can cut across')",
    )
    fade_activity: float = par(0.2, 0, 1, ASSUMPTION, "activity below which a partnership counts as inactive")
    fade_terms: int = par(3, 1, 30, ASSUMPTION, "consecutive inactive terms after which a partnership dissolves")
    split_members: int = par(
        6, 3, 30, DOC_000, "size at which a low-trust partnership may split ('four have split off')"
    )
    split_trust: float = par(0.3, 0, 1, DOC_000, "trust below which a large partnership may split")
    split_per_term: float = par(0.08, 0, 1, ASSUMPTION, "termly chance a large low-trust partnership splits")
    plan_approval_per_term: float = par(
        0.6, 0, 1, DOC_000, "termly chance a business plan and MoU are approved (some 'sent back')"
    )
    formalise_per_term: float = par(
        0.04, 0, 1, DOC_000, "termly chance a trusting MoU partnership becomes a formal collaboration"
    )
    structure_per_term: float = par(
        0.02, 0, 1, DOC_000, "termly chance a formal collaboration with dedicated leadership becomes structured"
    )
    deepen_trust: float = par(0.6, 0, 1, DOC_000, "trust needed before a partnership deepens a form")
    head_capacity_weight: float = par(
        0.5, 0, 1, DOC_002, "share of target activity that depends on member heads' leadership time"
    )


@dataclass
class ExecutiveParams:
    enabled: bool = par(True, doc="switch executive headship (brokered and at vacancies)")
    max_schools: int = par(
        4, 2, 10, DOC_000, "most schools one head may lead (Sutton St James: three federated plus one)"
    )
    move_hold: float = par(
        0.55, 0, 1, DOC_000, "share of an executive head's move hazard removed ('a means to retain able headteachers')"
    )
    convergence_per_term: float = par(
        0.08, 0, 1, DOC_000, "share of the quality gap to the executive head's home school closed per term"
    )
    broker_min_quality: float = par(
        0.2, -3, 3, DOC_000, "home-school quality an executive head must have ('a good school')"
    )
    broker_max_minutes: float = par(
        30.0, 5, 120, DOC_000, "longest drive for a brokered executive head (Gipsey Bridge to Spilsby: 25 minutes)"
    )
    permanent_per_term: float = par(
        0.3, 0, 1, DOC_000, "termly chance an interim executive arrangement is made permanent"
    )
    head_of_school_per_year: float = par(
        0.15, 0, 5, DOC_000, "aspiring leaders grown per year per school led by an executive head"
    )
    at_vacancy_share: float = par(
        0.25, 0, 1, DOC_000, "chance governors offer the post to a partner's head as executive head at a vacancy"
    )


@dataclass
class FederationParams:
    enabled: bool = par(True, doc="switch federation and trust formation")
    at_vacancy_per_term: float = par(
        0.25, 0, 1, DOC_000, "chance a close partnership proposes federation at a vacancy ('usually at a vacancy')"
    )
    after_poor_results_per_year: float = par(
        0.08, 0, 1, DOC_000, "yearly chance of a federation proposal after grade 3-4 or a floor breach"
    )
    church_mix_factor: float = par(
        0.15,
        0,
        1,
        DOC_000,
        "consent multiplier for a church/non-church mix ('problematic ... to share the same governance')",
    )
    min_trust: float = par(
        0.5, 0, 1, DOC_000, "trust a partnership needs before federating ('grow towards federation')"
    )
    trust_share_academy: float = par(
        0.5, 0, 1, DOC_000, "chance a federation led by an academy becomes a multi-academy trust (partners convert)"
    )
    max_size: int = par(3, 2, 10, DOC_000, "most schools in a federation ('two or three schools')")


@dataclass
class OutcomeParams:
    pupils_per_teacher: float = par(
        30.0, 10, 60, DOC_000, "pupils per class teacher (72 pupils, 3 classes; 100 pupils, 4 classes)"
    )
    teacher_sd: float = par(0.8, 0, 3, DOC_001, "spread of teacher quality ('one or two weak teachers')")
    teacher_turnover: float = par(0.12, 0, 1, ASSUMPTION, "yearly share of teachers replaced")
    teacher_reversion_per_term: float = par(
        0.03, 0, 1, ASSUMPTION, "termly pull of teacher quality back to the recruit mean"
    )
    leadership_gain_per_term: float = par(
        0.03,
        0,
        1,
        DOC_002,
        "teacher improvement per term per unit of leadership time above the usual for the school's size ('a head who teaches less leads more')",
    )
    partnership_gain_per_term: float = par(
        0.012, 0, 1, DOC_000, "teacher improvement per term at full partnership activity (65% -> 85% good lessons)"
    )
    gap_penalty_per_term: float = par(0.03, 0, 1, DOC_000, "teacher quality lost per term without a substantive head")
    turnover_penalty: float = par(
        0.06, 0, 1, DOC_000, "quality lost per head change ('four headteachers in five years')"
    )
    head_weight: float = par(0.35, 0, 2, DOC_000, "weight of the head's skill in school quality")
    good_threshold: float = par(-0.15, -3, 3, DOC_000, "quality above which inspectors usually judge good")
    outstanding_threshold: float = par(1.0, -3, 4, DOC_000, "quality above which inspectors usually judge outstanding")
    inadequate_threshold: float = par(-1.1, -5, 3, DOC_000, "quality below which inspectors usually judge inadequate")
    inspection_noise: float = par(0.35, 0, 3, ASSUMPTION, "sd of inspection judgement error")
    inspection_years: str = par(
        "5,4,2,1",
        src=DOC_000,
        doc="years to next inspection after grades 1,2,3,4 (65 of 99 small schools inspected in two years)",
    )
    ks2_intercept: float = par(1.6, -5, 5, DOC_000, "logit of the KS2 L4+ rate at quality 0 (county 81% in 2012)")
    ks2_slope: float = par(2.0, 0, 5, DOC_000, "logit change in KS2 L4+ rate per unit quality")
    progress_intercept: float = par(
        0.9, -5, 5, DOC_000, "logit of expected-progress rate at quality 0 (the national average)"
    )
    floor_attainment: float = par(0.6, 0, 1, DOC_000, "floor standard: share at L4+ in English and maths (2011 rule)")
    la_support_gain_per_term: float = par(
        0.008, 0, 1, DOC_000, "teacher improvement per term from authority support to grade 3-4 schools"
    )


@dataclass
class Params:
    """All mechanism parameters; one section per mechanism module."""

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
