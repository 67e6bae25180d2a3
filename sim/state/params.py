"""Mechanism parameters as typed dataclasses.

Every number a mechanism uses is here, with its allowed range and its provenance in the field
metadata (``par``). ``basis`` says where the value comes from, in one of four classes:

- ``figure``: the number is printed in the document ``src`` (a file in ``../shared/seeds``);
  ``quote`` is one unbroken passage holding every number used, ``derivation`` the arithmetic;
- ``mechanism``: the document ``src`` describes the rule (``quote``), the magnitude is assumed;
- ``assumption``: no document gives the rule or the number;
- ``setting``: a switch or numerical setting that is no claim about schools (a policy's own choices).

Mechanisms and assumptions carry their own ``prior`` range inside the allowed domain, with a one-line
``why_prior``: what the number means and why that range (a rate over the mean durations it implies, a
share inside what keeps its meaning, a midpoint over the rolls or drives the documents' schools span).
The uncertainty analysis draws every one of them uniformly over its prior (``sim.running.draws``);
``sampled`` says so, or why a parameter is held at its default ("no: <reason>").
Provenance and ranges are checked before any run starts (``sim.running.validation``);
docs/ODD.md and docs/parameters.csv tabulate them (``python -m experiments.param_table``).

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
SETTING = "setting"
DOCS = (DOC_000, DOC_001, DOC_002, DOC_003, DOC_004)
BASES = ("figure", "mechanism", "assumption", "setting")
DRAWN = "yes: uniform over the declared prior"  # how every mechanism and assumption is drawn unless it says why not


def par(
    default: Any,
    lo: float | None = None,
    hi: float | None = None,
    src: str = ASSUMPTION,
    doc: str = "",
    *,
    basis: str | None = None,
    quote: str = "",
    derivation: str = "",
    prior: tuple[float, float] | None = None,
    why_prior: str = "",
    sampled: str | None = None,
    factory: Any = None,
) -> Any:
    """A dataclass field with an allowed range [lo, hi], its provenance and a one-line meaning.

    ``src`` names the document (or ``assumption``, ``setting``); ``basis`` is one of ``BASES``;
    ``quote`` and ``derivation`` show where a figure or rule is printed; ``prior`` is the range the
    uncertainty analysis draws a mechanism or assumption from (``why_prior`` says what the number means and
    why that range), and ``sampled`` whether it is drawn: "yes: ..." (the default for a mechanism or
    assumption) or "no: <reason>" for one held at its default (``sim.running.draws`` reads it).
    ``factory`` makes a mutable default (a list)."""
    if sampled is None:
        sampled = {"setting": "no: a setting", "figure": "no: held at its document figure"}.get(basis or "", DRAWN)
    metadata = {
        "lo": lo,
        "hi": hi,
        "src": src,
        "doc": doc,
        "basis": basis,
        "quote": quote,
        "derivation": derivation,
        "prior": prior,
        "why_prior": why_prior,
        "sampled": sampled,
    }
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def drawn_today(meta: Any) -> bool:
    """Whether the uncertainty analysis draws this parameter today (its ``sampled`` says "yes")."""
    return str(meta.get("sampled") or "").startswith("yes")


@dataclass
class SpinupParams:
    """The years before the start, simulated under the pre-2012 policy (no programme)."""

    adverts_per_school_guess: float = par(
        0.2,
        0,
        5,
        SETTING,
        "headship adverts per school per year assumed in the first spin-up year (then measured)",
        basis="setting",
    )
    years: int = par(
        20,
        0,
        150,
        SETTING,
        "years simulated before September 2012 (the burn-in) after the opening; 20 is the shortest whole "
        "five years after which the stationarity panels hold on the county, England and plausible draws, "
        "and costs less than the 20 reported years (docs/validation.md)",
        basis="setting",
    )
    opening_years: int = par(
        10,
        0,
        40,
        SETTING,
        "years of ad hoc partnership formation replayed before the burn-in, the formation rule alone (a "
        "cheaper pre-2012 process: partnerships accumulate as they would have before fading acts), so that "
        "the burn-in starts near their stationary level (docs/validation.md)",
        basis="setting",
    )
    top_up_year: int = par(
        10,
        0,
        150,
        SETTING,
        "burn-in year at which federations are topped up to their stationary stock, the formations per year "
        "over the window divided by the separations per federation-year (0: never); federations last about "
        "14 years, longer than a short burn-in can build from none (docs/validation.md)",
        basis="setting",
    )
    top_up_window: int = par(
        5,
        1,
        40,
        SETTING,
        "years of the burn-in over which the federations' formation and separation rates are measured",
        basis="setting",
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
        basis="figure",
        quote="He spends half of his time teaching.",
        derivation="half of his time → 0.5",
    )
    teaching_mid_roll: float = par(
        150.0,
        30,
        500,
        ASSUMPTION,
        "roll at which a head teaches half that share",
        basis="assumption",
        prior=(75, 225),
        why_prior="the roll at which a head teaches half the most: from a three-class school (75) to one past one-form entry (225)",
    )
    teaching_roll_scale: float = par(
        35.0,
        5,
        200,
        ASSUMPTION,
        "how gradually teaching falls with roll",
        basis="assumption",
        prior=(17.5, 52.5),
        why_prior="teaching falls from most to little of its range over four scales: 70 to 210 pupils, neither a step nor flat",
    )
    head_of_school_time: float = par(
        0.35,
        0,
        1,
        DOC_000,
        "leadership time a head of school adds where an executive head leads ('reduce her time in class to act as head of school')",
        basis="mechanism",
        quote="the deputy head would have to reduce her time in class to act as head of school",
        prior=(0.0, 0.4),
        why_prior="from no head of school (a deputy kept in class) to two days a week released: whether it counts is as uncertain as how much",
    )
    travel_overhead_per_minute: float = par(
        0.004,
        0,
        0.05,
        ASSUMPTION,
        "share of an executive head's week lost per minute of mean travel between schools",
        basis="assumption",
        prior=(0.002, 0.006),
        why_prior="30 minutes between schools costs an executive head 6-18% of the week: a third of a day to nearly a day",
    )
    deputy_leadership_time: float = par(
        0.3,
        0,
        1,
        ASSUMPTION,
        "leadership time of a teacher acting up",
        basis="assumption",
        prior=(0.15, 0.45),
        why_prior="a teacher acting up as head and still teaching: from under a day to over two days a week out of class",
    )
    consultant_leadership_time: float = par(
        0.5,
        0,
        1,
        ASSUMPTION,
        "leadership time of a consultant head",
        basis="assumption",
        prior=(0.25, 0.75),
        why_prior="a consultant head the authority buys in: from a day and a quarter to nearly four days a week in the school",
    )
    floor: float = par(
        0.4,
        0,
        1,
        ASSUMPTION,
        "head-time present (share of a week) below which a school-term counts as short of leadership: two days a week",
        basis="assumption",
        prior=(0.2, 0.6),
        why_prior="one day a week (less than a teacher acting up) to three (more than a very small school's teaching head has)",
    )


@dataclass
class RetirementParams:
    enabled: bool = par(True, src=SETTING, doc="switch the retirement mechanism", basis="setting")
    mean_age: float = par(
        60.0,
        50,
        70,
        DOC_000,
        "mean planned retirement age ('assuming a retirement age of 60')",
        basis="figure",
        quote="assuming a retirement age of 60",
    )
    sd_age: float = par(
        2.5,
        0,
        6,
        ASSUMPTION,
        "spread of planned retirement ages around the mean",
        basis="assumption",
        prior=(1, 4),
        why_prior="spread of planned retirement ages: 1-4 years keeps most heads retiring in the 55-66 window around the documented 60",
    )
    min_age: float = par(
        55.0,
        45,
        65,
        ASSUMPTION,
        "earliest planned retirement age",
        basis="assumption",
        prior=(53, 57),
        why_prior="earliest planned retirement: the pension scheme's early age of 55, two years either way",
    )
    max_age: float = par(
        66.0,
        55,
        75,
        ASSUMPTION,
        "latest planned retirement age",
        basis="assumption",
        prior=(64, 68),
        why_prior="latest planned retirement: about the state pension age over the run (65-68), two years either way",
    )


@dataclass
class MovesParams:
    """Heads seeking a bigger headship: the hazard of starting to look, and what ends the search."""

    enabled: bool = par(True, src=SETTING, doc="switch voluntary moves to bigger jobs", basis="setting")
    seek_rate: float = par(
        0.07,
        0,
        2,
        ASSUMPTION,
        "yearly hazard of starting to seek a bigger headship (large school, average ambition, peak tenure)",
        basis="assumption",
        prior=(0.03, 0.2),
        why_prior="the calibration's prior (conf/calibration/default.yaml): the range the fit searched",
        sampled="yes: calibrated prior, from the posterior",
    )
    small_school_pull: float = par(
        3.0,
        1,
        8,
        DOC_000,
        "seek hazard multiplier for the smallest jobs ('find a head, appoint a head, lose a head')",
        basis="mechanism",
        quote="results in small schools being involved in a cycle of find a head, appoint a head, lose a head, find a head again",
        prior=(1.5, 6),
        why_prior="the smallest posts lose heads several times as often ('find a head, appoint a head, lose a head'): half again to six times, a factor of two either way of 3",
    )
    pull_mid_roll: float = par(
        150.0,
        50,
        400,
        ASSUMPTION,
        "pupils led at which the small-school pull is half spent",
        basis="assumption",
        prior=(100, 220),
        why_prior="pupils led where the small-school pull is half spent: between the documents' small schools (under 100) and a one-form entry (210)",
    )
    pull_roll_scale: float = par(
        35.0,
        5,
        150,
        ASSUMPTION,
        "how gradually the pull fades with pupils led",
        basis="assumption",
        prior=(15, 70),
        why_prior="how graded the pull is: from a change within one class (15 pupils) to one spread over the whole small-school range (70)",
    )
    ambition_weight: float = par(
        1.0,
        0,
        3,
        DOC_001,
        "how strongly ambition scales the seek hazard ('moving on to a bigger school')",
        basis="mechanism",
        quote="They are able to realise their ambitions through taking on the leadership of other schools – rather than moving on to a bigger school after a couple of years.",
        prior=(0.5, 2),
        why_prior="how strongly ambition scales seeking ('moving on to a bigger school'): a factor of two either way",
    )
    ambition_age_mid: float = par(
        45.0,
        25,
        65,
        DOC_000,
        "age at which a new head's ambition is average (young heads move on)",
        basis="mechanism",
        quote="That might work in terms of providing young headteachers with experience",
        prior=(40, 50),
        why_prior="age of a new head of average ambition: five years either way, inside the ages of first headships (30-52)",
    )
    ambition_mean: float = par(
        0.5,
        0,
        1,
        ASSUMPTION,
        "mean ambition (0-1) of a new head at the average age",
        basis="assumption",
        prior=(0.3, 0.7),
        why_prior="mean ambition on its 0-1 scale: any middle value that leaves room for a spread of 0.2 either way",
    )
    ambition_per_year: float = par(
        0.025,
        0,
        0.2,
        ASSUMPTION,
        "ambition lost per year of age at entry (0-1 scale)",
        basis="assumption",
        prior=(0.01, 0.05),
        why_prior="ambition lost per year of age at entry: over the 22 years of first-headship ages, from a fifth to all of the 0-1 scale",
    )
    ambition_sd: float = par(
        0.2,
        0,
        1,
        ASSUMPTION,
        "spread of ambition among heads of one age",
        basis="assumption",
        prior=(0.1, 0.3),
        why_prior="spread of ambition among heads of one age: 0.1-0.3 keeps most of them inside the 0-1 scale",
    )
    peak_tenure_years: float = par(
        2.5,
        0.5,
        10,
        DOC_001,
        "tenure at which heads most often start to look ('after a couple of years')",
        basis="mechanism",
        quote="rather than moving on to a bigger school after a couple of years",
        prior=(1.5, 5),
        why_prior="'after a couple of years': heads most often start to look between their second and fifth year",
    )
    tenure_shape: float = par(
        1.5,
        0.2,
        6,
        ASSUMPTION,
        "how sharply the seek hazard rises to and falls from its peak",
        basis="assumption",
        prior=(0.75, 3),
        why_prior="how sharply seeking peaks with tenure: from a broad hump to a clear peak, a factor of two either way",
    )
    settled_share: float = par(
        0.3,
        0,
        1,
        DOC_000,
        "seek hazard long after the peak relative to the peak (long-serving heads: '23', 'over 30 years')",
        basis="mechanism",
        quote="one headteacher had taken over from a colleague who had led the school for over 30 years and in another case the previous headteacher had been in post for 23 years",
        prior=(0.1, 0.5),
        why_prior="long-serving heads still move, rarely ('23', 'over 30 years' in post): a tenth to half the peak hazard",
    )
    age_mid: float = par(
        52.0,
        40,
        62,
        ASSUMPTION,
        "age at which the seek hazard has halved",
        basis="assumption",
        prior=(49, 56),
        why_prior="age at which seeking halves: late forties to mid fifties, about the earliest planned retirement (55)",
    )
    age_scale: float = par(
        3.0,
        0.5,
        10,
        ASSUMPTION,
        "how gradually older heads stop seeking",
        basis="assumption",
        prior=(1.5, 6),
        why_prior="how gradually older heads stop seeking: over 1.5 to 6 years of age, a factor of two either way",
    )
    partnership_hold: float = par(
        0.3,
        0,
        1,
        DOC_000,
        "share of the seek hazard removed by full partnership activity ('the development they were going to get')",
        basis="mechanism",
        quote="were able to see that even though it’s a small school, the development they were going to get was going to be good",
        prior=(0.1, 0.5),
        why_prior="seeking a full partnership removes ('the development they were going to get'): a tenth to half, never all",
    )
    give_up_rate: float = par(
        0.5,
        0,
        5,
        ASSUMPTION,
        "yearly hazard that a seeking head settles and stops looking",
        basis="assumption",
        prior=(0.25, 1),
        why_prior="yearly hazard a seeking head settles: a mean search of one to four years",
    )


@dataclass
class WellbeingParams:
    enabled: bool = par(True, src=SETTING, doc="switch wellbeing-driven exits", basis="setting")
    rested: float = par(
        0.75,
        0.3,
        1,
        ASSUMPTION,
        "wellbeing a head returns to without strain or support",
        basis="assumption",
        prior=(0.6, 0.9),
        why_prior="wellbeing without strain or support on its 0-1 scale: well above the burnout end, below the ceiling",
    )
    initial_sd: float = par(
        0.1,
        0,
        0.5,
        ASSUMPTION,
        "spread of a new head's wellbeing around the rested level",
        basis="assumption",
        prior=(0.05, 0.2),
        why_prior="spread of a new head's wellbeing: 0.05-0.2 of the 0-1 scale keeps nearly every new head above half",
    )
    recovery_per_term: float = par(
        0.1,
        0,
        1,
        ASSUMPTION,
        "share of the gap to the rested level recovered per term",
        basis="assumption",
        prior=(0.05, 0.25),
        why_prior="share of the gap recovered a term: half the gap closes in about one to four and a half years",
    )
    teaching_drain_per_term: float = par(
        0.02,
        0,
        0.3,
        DOC_002,
        "wellbeing lost per term per unit of teaching fraction ('more time teaching')",
        basis="mechanism",
        quote="Headteachers often have to spend more time teaching than headteachers in larger schools",
        prior=(0.01, 0.04),
        why_prior="strain of a full teaching load ('more time teaching'): 0.03-0.12 of the 0-1 scale a year, a factor of two either way",
    )
    isolation_drain_per_term: float = par(
        0.015,
        0,
        0.3,
        DOC_004,
        "wellbeing lost per term by the head of a very small school with no joint work (isolation)",
        basis="mechanism",
        quote="isolation can be a negative factor in whole-school improvement and can also impact on headteacher wellbeing",
        prior=(0.0075, 0.03),
        why_prior="isolation of the smallest schools' heads: up to 0.09 of the 0-1 scale a year, a factor of two either way",
    )
    isolation_mid_roll: float = par(
        150.0,
        30,
        400,
        ASSUMPTION,
        "pupils led at which isolation is half that of the smallest schools",
        basis="assumption",
        prior=(100, 220),
        why_prior="pupils led where isolation is half that of the smallest schools: between small (under 100) and a one-form entry (210)",
    )
    isolation_roll_scale: float = par(
        30.0,
        5,
        150,
        ASSUMPTION,
        "how gradually isolation fades with pupils led",
        basis="assumption",
        prior=(15, 60),
        why_prior="how graded isolation is with pupils led: from within one class (15 pupils) to across the small-school range (60)",
    )
    new_head_strain_per_term: float = par(
        0.02,
        0,
        0.3,
        DOC_000,
        "wellbeing lost per term by a new head without support ('four headteachers in five years')",
        basis="mechanism",
        quote="One of the focus group schools had gone through four headteachers in five years",
        prior=(0.01, 0.04),
        why_prior="a new head's strain ('four headteachers in five years'): a factor of two either way",
    )
    new_head_years: float = par(
        1.5,
        0.1,
        10,
        ASSUMPTION,
        "years over which a new head's strain fades (e-folding)",
        basis="assumption",
        prior=(0.75, 3),
        why_prior="how long a new head's strain lasts: from the first year to the first three (e-folding time)",
    )
    support_gain_per_term: float = par(
        0.03,
        0,
        0.3,
        DOC_004,
        "wellbeing gained per term at full partnership activity (less isolation, peer support)",
        basis="mechanism",
        quote="the formation of such a collaborative group could have a positive impact on the leadership of the schools, the wellbeing of the headteachers themselves",
        prior=(0.015, 0.06),
        why_prior="peer support at full activity: a factor of two either way, from less than to more than a full teaching load's strain",
    )
    executive_strain_per_term: float = par(
        0.02,
        0,
        0.3,
        ASSUMPTION,
        "wellbeing lost per term for each school an executive head leads beyond the first",
        basis="assumption",
        prior=(0.01, 0.04),
        why_prior="strain of each extra school an executive head leads: a factor of two either way",
    )
    travel_strain_per_minute: float = par(
        0.0004,
        0,
        0.01,
        ASSUMPTION,
        "wellbeing lost per term per minute of mean travel between an executive head's schools",
        basis="assumption",
        prior=(0.0002, 0.0008),
        why_prior="at 25 minutes between schools (Gipsey Bridge to Spilsby) 0.005-0.02 of wellbeing a term: a factor of two either way",
    )
    exit_rate_base: float = par(
        0.03,
        0,
        0.3,
        ASSUMPTION,
        "yearly hazard of leaving headship at full wellbeing",
        basis="assumption",
        prior=(0.015, 0.06),
        why_prior="yearly hazard a well head leaves headship for other reasons: 1.5-6% of heads a year",
    )
    exit_rate_burnout: float = par(
        0.3,
        0,
        3,
        ASSUMPTION,
        "extra yearly hazard of leaving at zero wellbeing (scales with (1 - w)^2)",
        basis="assumption",
        prior=(0.1, 1),
        why_prior="the calibration's prior (conf/calibration/default.yaml): the range the fit searched",
        sampled="yes: calibrated prior, from the posterior",
    )
    absence_per_term: float = par(
        0.008,
        0,
        0.1,
        DOC_000,
        "termly chance of a sickness or maternity absence (gaps 'not all ... caused by vacancies')",
        basis="mechanism",
        quote="Not all the headship gaps were caused by vacancies: they also included schools that were without a headteacher due to sickness or maternity leave.",
        prior=(0, 0.03),
        why_prior="the calibration's prior (conf/calibration/default.yaml): the range the fit searched",
        sampled="yes: calibrated prior, from the posterior",
    )
    absence_terms_max: int = par(
        2,
        1,
        6,
        ASSUMPTION,
        "longest absence in terms (drawn 1..max)",
        basis="assumption",
        prior=(1, 4),
        why_prior="longest absence: one term (an illness) to four (a maternity leave of a year and a term)",
    )


@dataclass
class RecruitmentParams:
    """Adverts draw applicants from three sources; governors judge them; the pool of aspiring heads."""

    reach_minutes: float = par(
        45.0,
        5,
        180,
        ASSUMPTION,
        "drive at which aspiring and sitting heads are half as likely to apply for a post",
        basis="assumption",
        prior=(30, 70),
        why_prior="drive at which applications halve: the documents' schools lie 25-40 minutes apart; a commute to a headship of 30 to 70 minutes",
    )
    reach_scale_minutes: float = par(
        8.0,
        0.5,
        60,
        ASSUMPTION,
        "how gradually applications fall with the drive",
        basis="assumption",
        prior=(4, 16),
        why_prior="how gradually applications fall with the drive: a factor of two either way",
    )
    pool_applications_per_year: float = par(
        1.5,
        0,
        20,
        ASSUMPTION,
        "applications an aspiring head makes in a year, spread over the posts advertised within reach",
        basis="assumption",
        prior=(0.3, 6),
        why_prior="the calibration's prior (conf/calibration/default.yaml): the range the fit searched",
        sampled="yes: calibrated prior, from the posterior",
    )
    head_applications_per_year: float = par(
        3.4,
        0,
        20,
        ASSUMPTION,
        "applications a head seeking a move makes in a year, spread over the posts within reach",
        basis="assumption",
        prior=(1.7, 6.8),
        why_prior="applications a seeking head makes in a year: one every two to seven months, a factor of two either way",
    )
    move_up_ratio: float = par(
        1.4,
        1,
        5,
        DOC_000,
        "ratio of pupils at which half of seeking heads find a post big enough ('a larger school')",
        basis="mechanism",
        quote="an increasing trend is for headship of a small school to be seen as a stepping-stone to leading a larger school",
        prior=(1.1, 2),
        why_prior="'a larger school': a seeking head wants from 10% more to twice the pupils",
    )
    move_up_scale: float = par(
        0.2,
        0.01,
        2,
        ASSUMPTION,
        "how gradually interest rises with the ratio of pupils",
        basis="assumption",
        prior=(0.1, 0.4),
        why_prior="how graded interest is in the ratio of pupils: a factor of two either way",
    )
    small_attractiveness: float = par(
        0.62,
        0.05,
        1,
        DOC_000,
        "applicants to the smallest schools relative to large ones (about 3 against 4.5, Figure 3)",
        basis="mechanism",
        quote="Overall the smallest school also had fewer applications per vacancy.",
        prior=(0.45, 0.85),
        why_prior="applicants to the smallest against large schools: Figure 3's about 3 against 4.5 (0.67), with room for its small counts",
    )
    size_mid_roll: float = par(
        100.0,
        20,
        400,
        DOC_000,
        "roll at which attractiveness is half-way (Figure 3 splits at 100)",
        basis="mechanism",
        quote="schools with fewer than 100 pupils generated over 40 per cent of the headteacher vacancies",
        prior=(70, 150),
        why_prior="roll where attractiveness is half-way: Figure 3 splits at 100 pupils; from 70 to 150",
    )
    size_roll_scale: float = par(
        25.0,
        2,
        150,
        ASSUMPTION,
        "how gradually attractiveness rises with roll",
        basis="assumption",
        prior=(12, 50),
        why_prior="how graded attractiveness is with roll: a factor of two either way",
    )
    va_factor: float = par(
        0.58,
        0,
        2,
        DOC_000,
        "applicant multiplier for voluntary aided schools (2.3 against 4.0)",
        basis="figure",
        quote="Voluntary aided Voluntary controlled 3 18 2.3 4.0 Primary schools with 100 or fewer pupils Nonchurch Voluntary aided Voluntary controlled Nonchurch 19",
        derivation="voluntary aided 2.3 applicants against 4.0 (voluntary controlled and non-church alike) → 2.3 / 4.0 = 0.575 → 0.58",
    )
    vc_factor: float = par(
        1.0,
        0,
        2,
        DOC_000,
        "applicant multiplier for voluntary controlled schools (4.0 as others)",
        basis="figure",
        quote="Voluntary aided Voluntary controlled 3 18 2.3 4.0 Primary schools with 100 or fewer pupils Nonchurch Voluntary aided Voluntary controlled Nonchurch 19",
        derivation="voluntary controlled 4.0 applicants against 4.0 → 1.0",
    )
    remoteness_per_minute: float = par(
        0.005,
        0,
        0.1,
        ASSUMPTION,
        "applicants fall by exp(-this x minutes from the nearest town)",
        basis="assumption",
        prior=(0.002, 0.01),
        why_prior="applicants lost per minute from a town: at 20 minutes out from 4% to 18% fewer",
    )
    partnership_boost: float = par(
        0.25,
        0,
        2,
        DOC_000,
        "applicant uplift at full partnership activity ('the development they were going to get')",
        basis="mechanism",
        quote="were able to see that even though it’s a small school, the development they were going to get was going to be good so it would be worth taking the post",
        prior=(0.1, 0.5),
        why_prior="applicant uplift at full activity ('the development they were going to get'): 10-50% more, never the doubling no document reports",
    )
    candidate_skill_sd: float = par(
        0.8,
        0.05,
        3,
        ASSUMPTION,
        "spread of candidates' leadership skill",
        basis="assumption",
        prior=(0.5, 1.2),
        why_prior="spread of candidates' skill against teachers' 0.6: from a little below it to twice it",
    )
    outside_skill_mean: float = par(
        0.0,
        -2,
        2,
        ASSUMPTION,
        "mean skill of applicants from outside the region",
        basis="assumption",
        prior=(-0.5, 0.5),
        why_prior="outside applicants' mean skill: up to half a unit (most of a teacher sd, 0.6) either side of the region's own",
    )
    appoint_bar: float = par(
        0.5,
        -3,
        3,
        DOC_000,
        "judged skill of the best candidate at which governors appoint half the time (Spilsby: two applicants, no appointment)",
        basis="mechanism",
        quote="The governors received only two applications for a replacement and were unable to make an appointment.",
        prior=(0, 1.2),
        why_prior="the calibration's prior (conf/calibration/default.yaml): the range the fit searched",
        sampled="yes: calibrated prior, from the posterior",
    )
    appoint_scale: float = par(
        0.2,
        0.01,
        2,
        ASSUMPTION,
        "how sharply governors' willingness rises with the best candidate",
        basis="assumption",
        prior=(0.1, 0.4),
        why_prior="how sharply governors' willingness rises with the best candidate: a factor of two either way",
    )
    assessment_noise: float = par(
        0.5,
        0,
        3,
        ASSUMPTION,
        "sd of governors' error in judging a candidate",
        basis="assumption",
        prior=(0.25, 1),
        why_prior="governors' error in judging a candidate: from a third of the candidates' spread (0.8) to more than all of it",
    )
    assessment_skill_effect: float = par(
        0.5,
        0,
        1,
        ASSUMPTION,
        "share of that error removed by a fully skilled governing body",
        basis="assumption",
        prior=(0.2, 0.8),
        why_prior="share of that error a fully skilled governing body removes: some to most, never none or all",
    )
    new_head_age_min: float = par(
        30.0,
        20,
        60,
        ASSUMPTION,
        "youngest age of a head appointed from outside the region",
        basis="assumption",
        prior=(28, 34),
        why_prior="youngest head appointed from outside: late twenties to mid thirties, after some years of teaching and leading",
    )
    new_head_age_max: float = par(
        52.0,
        25,
        65,
        ASSUMPTION,
        "oldest age at which anyone takes up a first headship",
        basis="assumption",
        prior=(48, 56),
        why_prior="oldest first headship: late forties to mid fifties, before planned retirement begins",
    )
    grow_per_teacher: float = par(
        0.024,
        0,
        0.5,
        ASSUMPTION,
        "aspiring heads (deputies, assistant heads) ready for headship per teacher per year",
        basis="assumption",
        prior=(0.012, 0.048),
        why_prior="ready leaders grown per teacher a year: a school of 8 teachers grows one every 2.5 to 10 years",
    )
    grown_leader_boost: float = par(
        1.0,
        0,
        10,
        DOC_000,
        "extra growth of leaders in schools led by an executive head (heads of school step up)",
        basis="mechanism",
        quote="federations and trusts are growing leadership capacity – and helping to recruit and retain staff",
        prior=(0.5, 2),
        why_prior="extra growth of leaders under an executive head (heads of school step up): half again to three times the usual",
    )
    grown_leader_bonus: float = par(
        0.3,
        0,
        2,
        DOC_000,
        "skill bonus of leaders grown as heads of school in federations and executive arrangements",
        basis="mechanism",
        quote="federations and trusts are growing leadership capacity – and helping to recruit and retain staff",
        prior=(0.1, 0.6),
        why_prior="skill bonus of a leader grown as a head of school: a sixth to a full teacher sd (0.6)",
    )
    pool_entry_age_min: float = par(
        30.0,
        20,
        55,
        ASSUMPTION,
        "youngest age of a new aspiring head",
        basis="assumption",
        prior=(27, 33),
        why_prior="youngest aspiring head: late twenties to early thirties, after some years of teaching",
    )
    pool_entry_age_max: float = par(
        45.0,
        25,
        60,
        ASSUMPTION,
        "oldest age of a new aspiring head",
        basis="assumption",
        prior=(40, 50),
        why_prior="oldest new aspiring head: forties, leaving years before the oldest first headship",
    )
    pool_attrition: float = par(
        0.12,
        0,
        1,
        ASSUMPTION,
        "yearly hazard that an aspiring head stops seeking headship",
        basis="assumption",
        prior=(0.06, 0.25),
        why_prior="yearly hazard an aspiring head stops seeking: a mean wait of four to seventeen years",
    )
    experience_gain: float = par(
        0.05,
        0,
        1,
        ASSUMPTION,
        "skill an aspiring head gains per year as a deputy",
        basis="assumption",
        prior=(0.02, 0.1),
        why_prior="skill a deputy gains a year: over five years a sixth to most of a teacher sd (0.6)",
    )
    deputy_cover_teachers: float = par(
        5.0,
        2,
        20,
        ASSUMPTION,
        "teachers at which a deputy acts up half the time (otherwise a consultant head)",
        basis="assumption",
        prior=(3, 8),
        why_prior="teachers at which a deputy acts up half the time: schools of three to eight classes (about 70-240 pupils)",
    )
    deputy_cover_scale: float = par(
        1.0,
        0.05,
        10,
        ASSUMPTION,
        "how gradually deputy cover becomes likely with teachers",
        basis="assumption",
        prior=(0.5, 2),
        why_prior="how graded deputy cover is with teachers: a factor of two either way",
    )
    consultant_cost_per_term: float = par(
        12000.0,
        0,
        100000,
        ASSUMPTION,
        "cost to the authority of a consultant head for a term",
        basis="assumption",
        prior=(8000, 20000),
        why_prior="a consultant head for a term: £24,000-60,000 a year, about a small school head's pay for part-time to full cover",
    )


@dataclass
class GovernorParams:
    body_size_small: int = par(
        9,
        3,
        20,
        ASSUMPTION,
        "governors sought by the smallest schools",
        basis="assumption",
        prior=(7, 12),
        why_prior="governors a small school seeks: bodies of seven to twelve",
    )
    body_size_large: int = par(
        12,
        3,
        25,
        ASSUMPTION,
        "governors sought by a larger school (federation GB of 15 at Denton and Harlaxton)",
        basis="assumption",
        prior=(10, 16),
        why_prior="a larger school's governing body: ten to sixteen (the Denton and Harlaxton federation had 15)",
    )
    federation_body_max: int = par(
        15,
        3,
        40,
        DOC_000,
        "seats of a federation's merged governing body (15 at Denton and Harlaxton)",
        basis="figure",
        quote="It comprises 15 governors",
    )
    size_mid_roll: float = par(
        110.0,
        20,
        400,
        ASSUMPTION,
        "roll at which a school is half-way to a large school's governance",
        basis="assumption",
        prior=(80, 160),
        why_prior="roll half-way to a large school's governance: about the documents' small-school line (110), from 80 to 160",
    )
    size_roll_scale: float = par(
        20.0,
        2,
        150,
        ASSUMPTION,
        "how gradually governance changes with roll",
        basis="assumption",
        prior=(10, 40),
        why_prior="how graded governance is with roll: a factor of two either way",
    )
    term_years: int = par(
        4,
        1,
        8,
        ASSUMPTION,
        "governor term of office in years",
        basis="assumption",
        prior=(3, 5),
        why_prior="a governor's term of office: three to five years",
    )
    renew_prob: float = par(
        0.6,
        0,
        1,
        ASSUMPTION,
        "chance a governor stands again at the end of a term",
        basis="assumption",
        prior=(0.4, 0.8),
        why_prior="chance a governor stands again: from fewer than half to most",
    )
    fill_prob_small: float = par(
        0.45,
        0,
        1,
        DOC_002,
        "chance a governor vacancy in the smallest schools is filled in a year ('recruiting ... governors is also a challenge')",
        basis="mechanism",
        quote="recruiting and supporting a team of committed and effective governors is also a challenge",
        prior=(0.25, 0.65),
        why_prior="'recruiting ... governors is also a challenge' in small schools: a quarter to two thirds of places filled in a year, below larger schools",
    )
    fill_prob_large: float = par(
        0.8,
        0,
        1,
        DOC_002,
        "chance a governor vacancy in a larger school is filled in a year",
        basis="mechanism",
        quote="recruiting and supporting a team of committed and effective governors is also a challenge",
        prior=(0.65, 0.95),
        why_prior="a larger school fills most governor places within a year",
    )
    new_skill_mean: float = par(
        0.45,
        0,
        1,
        ASSUMPTION,
        "skill of a new, untrained governor (and the level skills drift to)",
        basis="assumption",
        prior=(0.3, 0.6),
        why_prior="an untrained governor's skill on the 0-1 scale: a middle value, room left for training to add",
    )
    new_skill_sd: float = par(
        0.15,
        0,
        1,
        ASSUMPTION,
        "spread of new governors' skill",
        basis="assumption",
        prior=(0.08, 0.25),
        why_prior="spread of new governors' skill: keeps most inside the 0-1 scale",
    )
    openness_mean: float = par(
        0.5,
        0.05,
        1,
        DOC_000,
        "mean openness to partnership and federation",
        basis="mechanism",
        quote="Initially governors may need to be persuaded to support partnership work.",
        prior=(0.3, 0.7),
        why_prior="governors' mean openness to partnership and federation on the 0-1 scale: neither most nor few willing",
    )
    openness_sd: float = par(
        0.2,
        0,
        1,
        ASSUMPTION,
        "spread of governor openness",
        basis="assumption",
        prior=(0.1, 0.3),
        why_prior="spread of openness between governing bodies: keeps most inside the 0-1 scale",
    )
    training_gain: float = par(
        0.08,
        0,
        1,
        DOC_004,
        "skill gained per year at full partnership activity (joint governor training)",
        basis="mechanism",
        quote="a positive impact on the leadership of the schools, the wellbeing of the headteachers themselves and the expertise of their governing bodies",
        prior=(0.04, 0.16),
        why_prior="skill gained a year from joint governor training at full activity: a factor of two either way",
    )
    openness_gain: float = par(
        0.02,
        0,
        1,
        DOC_000,
        "openness gained per year at full partnership activity (governors 'persuaded')",
        basis="mechanism",
        quote="Initially governors may need to be persuaded to support partnership work.",
        prior=(0.01, 0.04),
        why_prior="openness gained a year at full activity (governors 'persuaded'): a factor of two either way",
    )
    skill_decay: float = par(
        0.03,
        0,
        1,
        ASSUMPTION,
        "yearly skill drift back towards the untrained level",
        basis="assumption",
        prior=(0.015, 0.06),
        why_prior="drift back to the untrained level: a half-life of 12 to 46 years, slower than governors' terms",
    )
    consent_exec_base: float = par(
        0.75,
        0,
        1,
        DOC_000,
        "chance governors accept sharing a head at average openness (Shropshire: 'not all schools agreed')",
        basis="mechanism",
        quote="Not all schools agreed to becoming federated and explored other formal collaborations.",
        prior=(0.5, 0.95),
        why_prior="'not all schools agreed': most governing bodies accept, some refuse",
    )
    consent_federation_base: float = par(
        0.7,
        0,
        1,
        DOC_000,
        "chance governors accept a federation proposal at average openness ('short-changed')",
        basis="mechanism",
        quote="they feel ‘short-changed’ when, as they perceive it, they have to share their headteacher and school",
        prior=(0.4, 0.9),
        why_prior="villages feel 'short-changed': federation is accepted less readily than a shared head",
    )
    fear_of_losing_head: float = par(
        0.2,
        0,
        1,
        DOC_000,
        "consent uplift when refusing risks losing an ambitious head (Spilsby link)",
        basis="mechanism",
        quote="We also knew that if we didn’t do it, it would be harder to retain the head.",
        prior=(0.1, 0.4),
        why_prior="consent uplift when refusing risks losing an ambitious head (Spilsby): a tenth to four tenths",
    )
    church_mix_factor: float = par(
        0.15,
        0,
        1,
        DOC_000,
        "consent multiplier for one head or governance over church and non-church schools ('problematic ... to share')",
        basis="mechanism",
        quote="it is often problematic for church and non-church schools to share the same governance structure",
        prior=(0.05, 0.6),
        why_prior="the calibration's prior (conf/calibration/default.yaml): the range the fit searched",
        sampled="yes: calibrated prior, from the posterior",
    )
    diocese_consent_va: float = par(
        0.4,
        0,
        1,
        DOC_000,
        "chance a voluntary aided school's diocese agrees to a head or governance shared outside it",
        basis="mechanism",
        quote="it is often problematic for church and non-church schools to share the same governance structure",
        prior=(0.2, 0.6),
        why_prior="a voluntary aided school's diocese holds its governance: from one in five to three in five agree to share outside it",
    )
    diocese_consent_vc: float = par(
        0.8,
        0,
        1,
        DOC_000,
        "chance a voluntary controlled school's diocese agrees to a head or governance shared outside it",
        basis="mechanism",
        quote="it is often problematic for church and non-church schools to share the same governance structure",
        prior=(0.6, 0.95),
        why_prior="a voluntary controlled school's diocese has less say: most agree",
    )


@dataclass
class FundingParams:
    per_pupil: float = par(
        3800.0,
        1000,
        10000,
        ASSUMPTION,
        "per-pupil formula funding (£; not given in the documents)",
        basis="assumption",
        prior=(3300, 4400),
        why_prior="the basic per-pupil rate (not in the documents): authorities' primary rates differ by some hundreds of pounds, about 15% either way",
    )
    lump_sum: float = par(
        90000.0,
        0,
        300000,
        DOC_002,
        "formula lump sum per school (£; 'c£90k')",
        basis="figure",
        quote="which has since risen from c£90k to £115k",
        derivation="£90k (before the rise) → 90000",
    )
    sparsity_max: float = par(
        0.0,
        0,
        100000,
        ASSUMPTION,
        "sparsity top-up for small remote schools (£; documents give no figure)",
        basis="assumption",
        prior=(0, 25000),
        why_prior="the documents give no sparsity figure: from none to a quarter of the allowed £100,000",
    )
    sparsity_roll: float = par(
        150.0,
        1,
        1000,
        ASSUMPTION,
        "roll at which sparsity funding is half given",
        basis="assumption",
        prior=(100, 200),
        why_prior="roll where the sparsity top-up is half given: from 100 pupils to about a one-form entry",
    )
    sparsity_roll_scale: float = par(
        20.0,
        1,
        200,
        ASSUMPTION,
        "how gradually sparsity funding tapers with roll",
        basis="assumption",
        prior=(10, 40),
        why_prior="how graded the top-up is with roll: a factor of two either way",
    )
    sparsity_minutes: float = par(
        15.0,
        0,
        120,
        ASSUMPTION,
        "minutes from a town at which sparsity funding is half given",
        basis="assumption",
        prior=(8, 25),
        why_prior="remoteness where the top-up is half given: 8-25 minutes from a town",
    )
    sparsity_minutes_scale: float = par(
        3.0,
        0.1,
        60,
        ASSUMPTION,
        "how gradually sparsity funding rises with remoteness",
        basis="assumption",
        prior=(1.5, 6),
        why_prior="how graded the top-up is with remoteness: a factor of two either way",
    )
    spend_share: float = par(
        1.0,
        0.5,
        1.2,
        ASSUMPTION,
        "core spending as a share of formula income",
        basis="assumption",
        prior=(0.95, 1.05),
        why_prior="schools spend about what they receive: 5% either way a year, beyond which reserves run away within a few years",
    )
    spend_noise: float = par(
        0.015,
        0,
        0.2,
        ASSUMPTION,
        "yearly sd of the spending share",
        basis="assumption",
        prior=(0.005, 0.03),
        why_prior="yearly noise in spending: 0.5-3% of income",
    )
    reserve_target_share: float = par(
        0.06,
        0,
        1,
        ASSUMPTION,
        "reserves a school aims to hold, as a share of income",
        basis="assumption",
        prior=(0.03, 0.1),
        why_prior="reserves a school aims to hold: 3-10% of income, about the 8% above which primary balances were once reclaimed",
    )
    reserve_adjust: float = par(
        0.3,
        0,
        1,
        ASSUMPTION,
        "share of the gap to the reserve target closed by next year's spending",
        basis="assumption",
        prior=(0.15, 0.6),
        why_prior="share of the gap to the reserve target closed a year: a school gets back to it in two to seven years",
    )
    release_cost_per_term: float = par(
        11000.0,
        0,
        50000,
        DOC_000,
        "release (backfill) cost per member school per term at full activity ('to release a member of staff ... it costs')",
        basis="mechanism",
        quote="backfilling teaching roles while staff are working/training with other staff",
        prior=(7000, 16000),
        why_prior="backfill at full activity ('to release a member of staff ... it costs'): about a supply teacher for one to three days a week over a term",
    )
    transport_cost_per_minute: float = par(
        60.0,
        0,
        1000,
        ASSUMPTION,
        "transport and fuel cost per member per term per minute of mean travel",
        basis="assumption",
        prior=(30, 120),
        why_prior="travel cost per minute of mean distance between members a term: a factor of two either way",
    )
    self_fund_budget_share: float = par(
        0.01,
        0,
        1,
        DOC_000,
        "share of its income a school will put into joint work from its own budget ('we have all agreed to put in money')",
        basis="mechanism",
        quote="we have all agreed to put in money from our own budgets",
        prior=(0.005, 0.02),
        why_prior="what a school puts into joint work from its own budget ('we have all agreed to put in money'): 0.5-2% of income",
    )
    self_fund_reserve_half: float = par(
        0.03,
        0.001,
        1,
        DOC_000,
        "reserves (share of income) at which a school's contribution is halved (78%: finance the main challenge)",
        basis="mechanism",
        quote="78 per cent said finance was the main challenge",
        prior=(0.015, 0.06),
        why_prior="reserves at which that contribution halves (78%: finance the main challenge): 1.5-6% of income",
    )
    spend_horizon_terms: float = par(
        5.0,
        1,
        30,
        DOC_000,
        "terms over which a partnership spreads its dedicated money ('over more than one school year')",
        basis="mechanism",
        quote="Headteachers appreciated being able to use the one-off funding over more than one school year.",
        prior=(3, 9),
        why_prior="'over more than one school year': dedicated money spread over one to three years of terms",
    )
    executive_uplift_per_school: float = par(
        6000.0,
        -50000,
        50000,
        ASSUMPTION,
        "net yearly pay uplift (£) paid by the schools for each school an executive head leads beyond the first",
        basis="assumption",
        prior=(2000, 12000),
        why_prior="an executive head's pay rise per extra school: from a small allowance to a move up the leadership scale",
    )
    head_of_school_allowance: float = par(
        3000.0,
        0,
        30000,
        ASSUMPTION,
        "yearly allowance (£) for a head of school in a school led by an executive head",
        basis="assumption",
        prior=(1500, 6000),
        why_prior="a head of school's allowance: from a responsibility payment to a deputy's pay differential",
    )


@dataclass
class PartnershipParams:
    active_level: float = par(
        0.2,
        0,
        1,
        DOC_002,
        "joint activity at or above which a partnership counts as active in the measures (a reporting definition)",
        basis="mechanism",
        quote="By January 2013 there were 40 active partnerships across Lincolnshire that were generally considered "
        "to be successful.",
        prior=(0.1, 0.3),
        why_prior="what counts as active: from occasional joint work to some regular work, below what heads keep up on their own time (0.25)",
    )
    trust_growth_per_term: float = par(
        0.25,
        0,
        1,
        DOC_004,
        "trust gained per term at full activity (newcomers need 'more than a year')",
        basis="mechanism",
        quote="it had taken more than a year of being part of another cluster before she felt included",
        prior=(0.12, 0.5),
        why_prior="trust built a term at full activity: newcomers need 'more than a year', so most of it in two to eight terms",
    )
    trust_decay_per_term: float = par(
        0.04,
        0,
        1,
        ASSUMPTION,
        "trust lost per term when joint work is idle",
        basis="assumption",
        prior=(0.02, 0.08),
        why_prior="trust lost a term when joint work is idle: a half-life of three to twelve years",
    )
    initial_trust: float = par(
        0.25,
        0,
        1,
        ASSUMPTION,
        "trust of a newly grouped partnership",
        basis="assumption",
        prior=(0.1, 0.4),
        why_prior="trust of a newly grouped partnership: low, below what deepening needs (0.5)",
    )
    prior_tie_trust: float = par(
        0.3,
        0,
        1,
        DOC_000,
        "extra trust where heads already worked together ('helped to provide the initial trust')",
        basis="mechanism",
        quote="two of the headteachers had previously worked with each other helped to provide the initial trust and momentum",
        prior=(0.15, 0.5),
        why_prior="extra trust where heads already worked together ('helped to provide the initial trust'): up to deepening's half-way",
    )
    head_change_trust_loss: float = par(
        0.45,
        0,
        1,
        DOC_000,
        "share of trust lost when a member's head changes ('the death of some partnerships')",
        basis="mechanism",
        quote="In the past a change of head has been the death of some partnerships when commitment has been lost.",
        prior=(0.2, 0.7),
        why_prior="a new head can be 'the death of some partnerships': from a setback to most trust lost",
    )
    activity_adjust_per_term: float = par(
        0.5,
        0,
        1,
        ASSUMPTION,
        "share of the gap to target activity closed each term",
        basis="assumption",
        prior=(0.25, 0.8),
        why_prior="share of the gap to target activity closed a term: activity settles within one to four terms",
    )
    free_activity: float = par(
        0.25,
        0,
        1,
        DOC_000,
        "activity heads sustain on their own time at no cost ('in addition to their day jobs')",
        basis="mechanism",
        quote="Everything is undertaken by school leaders in addition to their day jobs.",
        prior=(0.1, 0.4),
        why_prior="joint work heads keep up beside their day jobs: some, never most, of full activity",
    )
    dedicated_leadership_gain: float = par(
        0.3,
        0,
        1,
        DOC_000,
        "share by which dedicated leadership time raises what a partnership can do (8 of 47 had it)",
        basis="mechanism",
        quote="Only eight of the 47 partnerships made provision for some form of dedicated leadership support.",
        prior=(0.15, 0.6),
        why_prior="how much dedicated leadership time raises what a partnership can do (8 of 47 had it): 15-60%",
    )
    adviser_gain: float = par(
        0.1,
        0,
        1,
        DOC_002,
        "share by which a shared adviser raises what a partnership can do ('the same adviser has been assigned')",
        basis="mechanism",
        quote="The same adviser has been assigned to the group of schools in a partnership so that they are able to facilitate and help to coordinate and drive changes forward.",
        prior=(0.03, 0.2),
        why_prior="how much a shared adviser raises what a partnership can do: 3-20%, less than dedicated leadership",
    )
    comfortable_members: float = par(
        6.0,
        2,
        20,
        DOC_000,
        "members at which coordination starts to fail (3-6 work)",
        basis="figure",
        quote="partnerships ranged in size from three to six schools",
        derivation="six, the largest of the partnerships studied → 6",
    )
    unmanageable_members: float = par(
        10.5,
        3,
        30,
        DOC_000,
        "members at which coordination has mostly failed ('10 or 11 ... unmanageable')",
        basis="figure",
        quote="A big cluster of 10 or 11 schools is ‘unmanageable’",
        derivation="10 or 11 → (10 + 11) / 2 = 10.5",
    )
    travel_too_far_minutes: float = par(
        40.0,
        5,
        180,
        DOC_000,
        "mean travel time at which coordination has halved ('it takes 40 minutes')",
        basis="figure",
        quote="‘It takes 40 minutes for schools to get together if they want a joint staff meeting after school.’",
    )
    travel_scale_minutes: float = par(
        8.0,
        1,
        60,
        ASSUMPTION,
        "steepness of the travel penalty",
        basis="assumption",
        prior=(4, 16),
        why_prior="how steep the travel penalty is: a factor of two either way",
    )
    competition_km: float = par(
        3.0,
        0.1,
        50,
        DOC_000,
        "distance at which members half compete for pupils",
        basis="mechanism",
        quote="Competitive pressures can cut across collaborative activity.",
        prior=(1.5, 6),
        why_prior="distance within which members compete for pupils: neighbouring villages 1.5-6 km apart",
    )
    competition_scale_km: float = par(
        1.0,
        0.05,
        20,
        ASSUMPTION,
        "how gradually competition fades with distance",
        basis="assumption",
        prior=(0.5, 2),
        why_prior="how gradually competition fades with distance: a factor of two either way",
    )
    competition_penalty: float = par(
        0.25,
        0,
        1,
        DOC_000,
        "activity lost when every pair of members competes ('competitive pressures can cut across')",
        basis="mechanism",
        quote="Competitive pressures can cut across collaborative activity.",
        prior=(0.1, 0.5),
        why_prior="activity lost where every pair competes ('competitive pressures can cut across'): a tenth to half",
    )
    trust_activity_weight: float = par(
        0.5,
        0,
        1,
        DOC_000,
        "share of target activity that depends on trust ('relationships ... the cement')",
        basis="mechanism",
        quote="Relationships behind it are what will be the cement and sustain it",
        prior=(0.3, 0.7),
        why_prior="share of target activity resting on trust ('relationships ... the cement'): neither all nor none",
    )
    head_capacity_weight: float = par(
        0.5,
        0,
        1,
        DOC_002,
        "share of target activity that depends on member heads' leadership time",
        basis="mechanism",
        quote="the capacity of the headteacher to provide sufficient time to meet with other headteachers in the partnership",
        prior=(0.3, 0.7),
        why_prior="share of target activity resting on heads' leadership time: neither all nor none",
    )
    fade_activity: float = par(
        0.15,
        0,
        1,
        ASSUMPTION,
        "activity at which a partnership's dissolution hazard is half its peak",
        basis="assumption",
        prior=(0.08, 0.25),
        why_prior="activity where dissolution is half its peak: about the line of counting as active (0.2)",
    )
    fade_scale: float = par(
        0.05,
        0.005,
        0.5,
        ASSUMPTION,
        "how gradually the dissolution hazard rises as activity falls",
        basis="assumption",
        prior=(0.025, 0.1),
        why_prior="how gradually dissolution rises as activity falls: a factor of two either way",
    )
    dissolve_per_term: float = par(
        0.25,
        0,
        1,
        ASSUMPTION,
        "termly chance an idle partnership dissolves (its peak)",
        basis="assumption",
        prior=(0.1, 0.5),
        why_prior="termly chance an idle partnership dissolves: it lasts two to ten terms idle",
    )
    adhoc_per_year: float = par(
        0.08,
        0,
        1,
        DOC_000,
        "yearly hazard that an isolated school outside any partnership links up with a neighbour (friendship groups of heads)",
        basis="mechanism",
        quote="prior to 2012 many of the partnerships had been created on an opportunistic basis",
        prior=(0.04, 0.16),
        why_prior="yearly hazard an isolated school links with a neighbour (friendship groups of heads): once in 6 to 25 years",
    )
    adhoc_minutes: float = par(
        25.0,
        1,
        120,
        DOC_000,
        "drive at which an ad hoc partner is half as likely to be chosen (partners 1-10 miles apart)",
        basis="mechanism",
        quote="St Helena’s in Willoughby is, at seven miles, the furthest away.",
        prior=(15, 40),
        why_prior="drive at which an ad hoc partner is half as likely: partners 1-10 miles apart, 15-40 minutes",
    )
    adhoc_max_members: int = par(
        4,
        2,
        10,
        DOC_000,
        "largest ad hoc partnership (the case studies' own partnerships had four to six schools)",
        basis="mechanism",
        quote="partnerships ranged in size from three to six schools",
        prior=(3, 6),
        why_prior="largest ad hoc partnership: the case studies' own had four to six schools; three to six",
    )
    split_members: float = par(
        6.0,
        3,
        30,
        DOC_000,
        "size at which a low-trust partnership's split hazard is half its peak ('four have split off')",
        basis="mechanism",
        quote="one school was placed in a collaboration of six schools – but the partnership did not work and four have split off to form a new group",
        prior=(5, 9),
        why_prior="size where a low-trust partnership's split hazard is half ('four have split off'): above the norm of five, about the cap of seven",
    )
    split_members_scale: float = par(
        1.0,
        0.05,
        10,
        ASSUMPTION,
        "how gradually the split hazard rises with size",
        basis="assumption",
        prior=(0.5, 2),
        why_prior="how graded the split hazard is with size: a factor of two either way",
    )
    split_trust: float = par(
        0.3,
        0,
        1,
        DOC_000,
        "trust at which a large partnership's split hazard is half its peak",
        basis="mechanism",
        quote="one school was placed in a collaboration of six schools – but the partnership did not work and four have split off to form a new group",
        prior=(0.15, 0.45),
        why_prior="trust below which large partnerships split: under deepening's half-way (0.5)",
    )
    split_trust_scale: float = par(
        0.08,
        0.005,
        0.5,
        ASSUMPTION,
        "how gradually the split hazard falls with trust",
        basis="assumption",
        prior=(0.04, 0.16),
        why_prior="how graded the split hazard is with trust: a factor of two either way",
    )
    split_per_term: float = par(
        0.08,
        0,
        1,
        ASSUMPTION,
        "termly chance a large low-trust partnership splits (its peak)",
        basis="assumption",
        prior=(0.04, 0.16),
        why_prior="termly chance a large low-trust partnership splits: within 6 to 25 terms",
    )
    plan_approval_per_term: float = par(
        0.6,
        0,
        1,
        DOC_000,
        "termly chance a business plan and MoU are approved at full trust (some 'sent back')",
        basis="mechanism",
        quote="once a business plan had been approved and a MoU was in place then CfBT would release £20,000 per school",
        prior=(0.35, 0.85),
        why_prior="a plan and MoU at full trust are approved within a term or two, some 'sent back'",
    )
    formalise_per_term: float = par(
        0.04,
        0,
        1,
        DOC_000,
        "termly hazard a trusting, active partnership deepens one step (informal to MoU to formal)",
        basis="mechanism",
        quote="Many of the more informal partnerships may grow towards federation as they work ever more closely together.",
        prior=(0.02, 0.4),
        why_prior="the calibration's prior (conf/calibration/default.yaml): the range the fit searched",
        sampled="yes: calibrated prior, from the posterior",
    )
    structure_per_term: float = par(
        0.02,
        0,
        1,
        DOC_000,
        "termly hazard a trusting formal collaboration with dedicated leadership becomes structured",
        basis="mechanism",
        quote="Depth of joint working is unlikely to be achieved all the time that a partnership relies solely on leaders having to develop and coordinate activity alongside their day job.",
        prior=(0.01, 0.04),
        why_prior="termly hazard a formal collaboration with dedicated leadership becomes structured: a factor of two either way",
    )
    deepen_trust: float = par(
        0.5,
        0,
        1,
        DOC_000,
        "trust at which deepening is half as likely as at full trust",
        basis="mechanism",
        quote="Many of the more informal partnerships may grow towards federation as they work ever more closely together.",
        prior=(0.3, 0.7),
        why_prior="trust where deepening is half as likely as at full trust: a middle value on the 0-1 scale",
    )
    deepen_scale: float = par(
        0.08,
        0.005,
        0.5,
        ASSUMPTION,
        "how gradually deepening becomes likely with trust",
        basis="assumption",
        prior=(0.04, 0.16),
        why_prior="how graded deepening is with trust: a factor of two either way",
    )
    undedicated_structure_factor: float = par(
        0.1,
        0,
        1,
        DOC_000,
        "structuring hazard without dedicated leadership, relative to with it ('depth ... unlikely')",
        basis="mechanism",
        quote="Depth of joint working is unlikely to be achieved all the time that a partnership relies solely on leaders having to develop and coordinate activity alongside their day job.",
        prior=(0.03, 0.3),
        why_prior="structuring without dedicated leadership ('depth ... unlikely'): a thirtieth to a third of the hazard with it",
    )
    dedicate_per_year: float = par(
        0.3,
        0,
        1,
        DOC_000,
        "yearly chance a trusting partnership with an executive head releases dedicated leadership time",
        basis="mechanism",
        quote="Only eight of the 47 partnerships made provision for some form of dedicated leadership support.",
        prior=(0.15, 0.6),
        why_prior="yearly chance a trusting partnership with an executive head releases dedicated time: within two to seven years",
    )
    undedicate_per_year: float = par(
        0.2,
        0,
        1,
        ASSUMPTION,
        "yearly chance dedicated time ends once trust falls",
        basis="assumption",
        prior=(0.1, 0.4),
        why_prior="yearly chance dedicated time ends once trust falls: within two and a half to ten years",
    )
    hard_activity: float = par(
        0.6,
        0,
        1,
        DOC_000,
        "joint activity in a federation or trust (one head and governing body: joint work is how they run)",
        basis="mechanism",
        quote="By building in leadership assignments or postings to other schools as part of their everyday way of working, federations and trusts are growing leadership capacity",
        prior=(0.4, 0.9),
        why_prior="one head and governing body: joint work is much of how a federation runs, not all of it",
    )


@dataclass
class ExecutiveParams:
    enabled: bool = par(True, src=SETTING, doc="switch executive headship (brokered and at vacancies)", basis="setting")
    max_schools: int = par(
        4,
        2,
        10,
        DOC_000,
        "most schools one head may lead (Sutton St James: three federated plus one)",
        basis="figure",
        quote="She is the executive headteacher of three other local federated schools",
        derivation="three other schools → 3 + the school she took on → 4",
    )
    convergence_per_term: float = par(
        0.06,
        0,
        1,
        DOC_000,
        "share of the quality gap to the executive head's home school closed per term",
        basis="mechanism",
        quote="Access to the expertise and resources from the three federated schools has had an immediate and positive impact on school improvement.",
        prior=(0.03, 0.15),
        why_prior="an 'immediate' effect: from a slow pull (3% a term) to closing most of the gap in two years (15% a term)",
    )
    quality_mid: float = par(
        0.0,
        -3,
        3,
        DOC_000,
        "home-school quality at which governors are half as willing to accept its head ('a good school')",
        basis="mechanism",
        quote="It brokered the partnership with a good school and the appointment of an executive headteacher.",
        prior=(-0.5, 0.5),
        why_prior="home-school quality governors want ('a good school'): half a unit either side of the average, around the good threshold (-0.15)",
    )
    quality_scale: float = par(
        0.25,
        0.01,
        3,
        ASSUMPTION,
        "how sharply acceptance rises with the home school's quality",
        basis="assumption",
        prior=(0.12, 0.5),
        why_prior="how sharply acceptance rises with the home school's quality: a factor of two either way",
    )
    broker_max_minutes: float = par(
        30.0,
        5,
        120,
        DOC_000,
        "drive at which sharing a head is half as acceptable (Gipsey Bridge to Spilsby: 25 minutes)",
        basis="mechanism",
        quote="The schools in some partnerships are too distant from each other",
        prior=(20, 45),
        why_prior="drive at which sharing a head is half as acceptable: Gipsey Bridge to Spilsby (25 minutes) was shared; 20-45 minutes",
    )
    broker_minutes_scale: float = par(
        5.0,
        0.5,
        60,
        ASSUMPTION,
        "how gradually acceptability falls with the drive",
        basis="assumption",
        prior=(2.5, 10),
        why_prior="how gradually acceptability falls with the drive: a factor of two either way",
    )
    partner_trust_mid: float = par(
        0.4,
        0,
        1,
        DOC_000,
        "partnership trust at which governors are half as willing to offer a partner's head the post",
        basis="mechanism",
        quote="bringing schools together when a headteacher vacancy could not be filled",
        prior=(0.25, 0.6),
        why_prior="partnership trust where governors are half as willing to offer a partner's head the post: low to middling",
    )
    partner_trust_scale: float = par(
        0.08,
        0.005,
        0.5,
        ASSUMPTION,
        "how gradually that willingness rises with trust",
        basis="assumption",
        prior=(0.04, 0.16),
        why_prior="how graded that willingness is with trust: a factor of two either way",
    )
    permanent_per_term: float = par(
        0.55,
        0,
        1,
        DOC_000,
        "termly chance an interim executive arrangement is made permanent (Denton: 'acting basis' then permanent)",
        basis="mechanism",
        quote="Initially the appointment was on an acting basis but Sheri then took over permanently",
        prior=(0.3, 0.8),
        why_prior="an interim executive post made permanent (Denton: 'acting basis' then permanent): within one to three terms",
    )
    revert_per_year: float = par(
        0.08,
        0,
        1,
        ASSUMPTION,
        "yearly hazard a school stops sharing its executive head and seeks its own",
        basis="assumption",
        prior=(0.04, 0.16),
        why_prior="yearly hazard a school stops sharing its head: a shared headship lasts 6 to 25 years",
    )
    at_vacancy_share: float = par(
        0.3,
        0,
        1,
        DOC_000,
        "chance governors offer the post to a trusted partner's head at a vacancy (ad hoc, before 2012)",
        basis="mechanism",
        quote="bringing schools together when a headteacher vacancy could not be filled",
        prior=(0.1, 0.9),
        why_prior="the calibration's prior (conf/calibration/default.yaml): the range the fit searched",
        sampled="yes: calibrated prior, from the posterior",
    )
    adhoc_broker_share: float = par(
        0.15,
        0,
        1,
        DOC_000,
        "termly chance the authority finds an interim executive head after a failed advert without a brokering policy",
        basis="mechanism",
        quote="The current interim headteacher was commissioned by the local authority before Easter",
        prior=(0.05, 0.6),
        why_prior="the calibration's prior (conf/calibration/default.yaml): the range the fit searched",
        sampled="yes: calibrated prior, from the posterior",
    )


@dataclass
class FederationParams:
    enabled: bool = par(True, src=SETTING, doc="switch federation and trust formation", basis="setting")
    at_vacancy_per_term: float = par(
        0.25,
        0,
        1,
        DOC_000,
        "chance a trusting partnership proposes federation when a headship falls vacant ('usually at a vacancy')",
        basis="mechanism",
        quote="bringing schools together when a headteacher vacancy could not be filled",
        prior=(0.1, 0.9),
        why_prior="the calibration's prior (conf/calibration/default.yaml): the range the fit searched",
        sampled="yes: calibrated prior, from the posterior",
    )
    after_poor_results_per_year: float = par(
        0.08,
        0,
        1,
        DOC_000,
        "yearly chance of a federation proposal after grade 3-4 or a floor breach",
        basis="mechanism",
        quote="should give formal consideration to federations",
        prior=(0.03, 0.2),
        why_prior="yearly chance of a federation proposal after grade 3-4 or a floor breach: once in 5 to 33 years",
    )
    from_executive_per_year: float = par(
        0.45,
        0,
        1,
        DOC_000,
        "yearly chance schools sharing an executive head propose to federate (Denton and Harlaxton)",
        basis="mechanism",
        quote="When the federation was formed the governing body was reconstituted.",
        prior=(0.25, 0.7),
        why_prior="schools sharing a head propose to federate (Denton and Harlaxton): within one and a half to four years",
    )
    min_trust: float = par(
        0.5,
        0,
        1,
        DOC_000,
        "partnership trust at which federating is half as likely ('grow towards federation')",
        basis="mechanism",
        quote="Many of the more informal partnerships may grow towards federation as they work ever more closely together.",
        prior=(0.3, 0.7),
        why_prior="trust where federating is half as likely ('grow towards federation'): a middle value on the 0-1 scale",
    )
    trust_scale: float = par(
        0.08,
        0.005,
        0.5,
        ASSUMPTION,
        "how gradually federating becomes likely with trust",
        basis="assumption",
        prior=(0.04, 0.16),
        why_prior="how graded federating is with trust: a factor of two either way",
    )
    trust_share_academy: float = par(
        0.5,
        0,
        1,
        DOC_000,
        "chance a federation led by an academy becomes a multi-academy trust (partners convert)",
        basis="mechanism",
        quote="These partnerships mostly took the form of hard federations but two were academy trusts.",
        prior=(0.25, 0.75),
        why_prior="chance partners convert with an academy-led federation: from a quarter to three quarters",
    )
    max_size: int = par(
        3,
        2,
        10,
        DOC_000,
        "most schools in a federation ('two or three schools')",
        basis="figure",
        quote="Having two or three schools as part of a single governing structure",
        derivation="two or three → the larger, 3",
    )
    defederate_per_year: float = par(
        0.03,
        0,
        1,
        ASSUMPTION,
        "yearly hazard a federation separates again",
        basis="assumption",
        prior=(0.01, 0.06),
        why_prior="yearly hazard a federation separates: federations last 17 to 100 years",
    )
    defederate_at_exit: float = par(
        0.25,
        0,
        1,
        ASSUMPTION,
        "chance a federation separates when its executive head leaves",
        basis="assumption",
        prior=(0.1, 0.4),
        why_prior="chance a federation separates when its executive head leaves: a tenth to four tenths",
    )


@dataclass
class OutcomeParams:
    pupils_per_teacher: float = par(
        30.0,
        10,
        60,
        DOC_000,
        "pupils per class teacher (72 pupils, 3 classes; 100 pupils, 4 classes)",
        basis="mechanism",
        quote="Denton has 69 pupils on roll. They are taught in three classes",
        prior=(20, 35),
        why_prior="the case studies teach 23-25 pupils a class (69 or 72 in three classes, 100 in four); 35 a large mixed-age class",
    )
    min_teachers: int = par(
        2,
        1,
        10,
        DOC_000,
        "fewest class teachers in a school (St Margaret's: 48 pupils, two or three classes)",
        basis="mechanism",
        quote="weaknesses in teaching undoubtedly have a far greater impact within a three- or four-teacher school",
        prior=(2, 3),
        why_prior="fewest class teachers: St Margaret's 48 pupils are taught in two or three classes",
    )
    year_groups: int = par(
        7,
        1,
        9,
        SETTING,
        "year groups in a primary school (reception to year 6; KS2 cohort = roll / 7)",
        basis="setting",
    )
    teacher_sd: float = par(
        0.6,
        0,
        3,
        DOC_001,
        "spread of teacher quality ('one or two weak teachers')",
        basis="mechanism",
        quote="one or two weak teachers has a disproportionate effect in a three- or four-teacher school",
        prior=(0.4, 0.8),
        why_prior="spread of teacher quality ('one or two weak teachers'): a third either way of 0.6",
    )
    teacher_turnover: float = par(
        0.12,
        0,
        1,
        ASSUMPTION,
        "yearly share of teachers replaced",
        basis="assumption",
        prior=(0.08, 0.18),
        why_prior="yearly share of teachers replaced: 8-18%, teachers' usual rates of leaving and moving",
    )
    teacher_reversion_per_term: float = par(
        0.03,
        0,
        1,
        ASSUMPTION,
        "termly pull of teacher quality back to the school's recruit mean",
        basis="assumption",
        prior=(0.015, 0.06),
        why_prior="termly pull of quality back to the recruit mean: half-life of two to fifteen years",
    )
    leadership_gain_per_term: float = par(
        0.03,
        0,
        1,
        DOC_002,
        "teacher improvement per term per unit of leadership time above the usual for the school's size",
        basis="mechanism",
        quote="this leaves less time for strategic leadership and leading learning through lesson observation, providing feedback and coaching",
        prior=(0.015, 0.06),
        why_prior="teacher improvement a term per unit of extra leadership time: a factor of two either way",
    )
    partnership_gain_per_term: float = par(
        0.012,
        0,
        1,
        DOC_000,
        "teacher improvement per term at full partnership activity (65% -> 85% good lessons)",
        basis="mechanism",
        quote="There was a measurable improvement, from 65 per cent to 85 per cent, in the proportion of classroom",
        prior=(0.006, 0.024),
        why_prior="teacher improvement a term at full activity (65% to 85% good lessons): a factor of two either way",
    )
    gap_penalty_per_term: float = par(
        0.03,
        0,
        1,
        DOC_000,
        "teacher quality lost per term without a substantive head",
        basis="mechanism",
        quote="One of the focus group schools had gone through four headteachers in five years – it was through federation that the school eventually found stability.",
        prior=(0.015, 0.06),
        why_prior="teacher quality lost a term without a substantive head: a factor of two either way",
    )
    turnover_penalty: float = par(
        0.06,
        0,
        1,
        DOC_000,
        "quality lost per head change ('four headteachers in five years')",
        basis="mechanism",
        quote="One of the focus group schools had gone through four headteachers in five years – it was through federation that the school eventually found stability.",
        prior=(0.03, 0.12),
        why_prior="quality lost per head change ('four headteachers in five years'): a factor of two either way",
    )
    la_support_gain_per_term: float = par(
        0.008,
        0,
        1,
        ASSUMPTION,
        "teacher improvement per term from authority support to schools judged 3 or 4",
        basis="assumption",
        prior=(0.004, 0.016),
        why_prior="improvement a term from authority support to schools judged 3 or 4: a factor of two either way",
    )
    head_weight: float = par(
        0.3,
        0,
        2,
        ASSUMPTION,
        "weight of the leader's skill in school quality",
        basis="assumption",
        prior=(0.15, 0.6),
        why_prior="weight of the leader's skill in school quality: from a minor to a large part, a factor of two either way",
    )
    deputy_skill: float = par(
        -0.5,
        -3,
        3,
        ASSUMPTION,
        "leadership skill of a teacher acting up as head",
        basis="assumption",
        prior=(-0.8, -0.2),
        why_prior="a teacher acting up leads below an appointed head: a third to one and a third teacher sd (0.6) below average",
    )
    head_of_school_skill: float = par(
        -0.3,
        -3,
        3,
        ASSUMPTION,
        "leadership skill of a federation's head of school in a gap",
        basis="assumption",
        prior=(-0.6, 0),
        why_prior="a federation's head of school leads between a teacher acting up (-0.5) and an average head",
    )
    consultant_skill: float = par(
        0.0,
        -3,
        3,
        ASSUMPTION,
        "leadership skill of a consultant head",
        basis="assumption",
        prior=(-0.4, 0.4),
        why_prior="a consultant head: an experienced head, up to two thirds of a teacher sd either side of average",
    )
    good_threshold: float = par(
        -0.15,
        -3,
        3,
        DOC_000,
        "quality above which inspectors usually judge good",
        basis="mechanism",
        quote="only two thirds of children in the county were attending primary schools that were ‘good’ or ‘outstanding’ as judged by inspectors",
        prior=(-0.4, 0.1),
        why_prior="where 'good' begins: about two thirds of pupils in good schools (2012); a quarter unit either way",
    )
    outstanding_threshold: float = par(
        1.0,
        -3,
        4,
        DOC_000,
        "quality above which inspectors usually judge outstanding",
        basis="mechanism",
        quote="the number of ‘outstanding’ and ‘inadequate’ (respectively Grade 1 and Grade 4) small rural schools in Lincolnshire has remained the same",
        prior=(0.7, 1.3),
        why_prior="where 'outstanding' begins: well above average, about a fifth of schools; 0.3 either way",
    )
    inadequate_threshold: float = par(
        -1.2,
        -5,
        3,
        DOC_000,
        "quality below which inspectors usually judge inadequate",
        basis="mechanism",
        quote="the number of ‘outstanding’ and ‘inadequate’ (respectively Grade 1 and Grade 4) small rural schools in Lincolnshire has remained the same",
        prior=(-1.5, -0.9),
        why_prior="where 'inadequate' begins: a few percent of schools; 0.3 either way",
    )
    inspection_noise: float = par(
        0.35,
        0,
        3,
        ASSUMPTION,
        "sd of inspection judgement error",
        basis="assumption",
        prior=(0.2, 0.6),
        why_prior="inspectors' error: a third to a full teacher sd, less than the spread between schools' grades",
    )
    inspection_years: str = par(
        "5,4,2,1",
        src=DOC_000,
        doc="years to next inspection after grades 1,2,3,4 (65 of 99 small schools inspected in two years)",
        basis="mechanism",
        quote="A total of 65 of the 99 small rural primary schools that are the subject of this study were inspected during the same two-year period.",
        sampled="no: a list of years, not a number",
    )
    ks2_intercept: float = par(
        1.6,
        -5,
        5,
        DOC_000,
        "logit of the KS2 L4+ rate at quality 0 (county 81% in 2012)",
        basis="mechanism",
        quote="81 per cent of children in Lincolnshire primary schools achieved level 4 or higher in English and mathematics in 2012",
        prior=(1, 2.2),
        why_prior="the calibration's prior (conf/calibration/default.yaml): the range the fit searched",
        sampled="yes: calibrated prior, from the posterior",
    )
    ks2_slope: float = par(
        1.5,
        0,
        5,
        ASSUMPTION,
        "logit change in the KS2 L4+ rate per unit quality",
        basis="assumption",
        prior=(0.8, 2.5),
        why_prior="logit change in the KS2 L4+ rate per unit quality: schools a unit apart differ by about 15 to 35 points",
    )
    pupil_sd: float = par(
        0.5,
        0,
        3,
        DOC_000,
        "sd (logit) of a cohort's own ability around the school's level ('particular learning difficulties')",
        basis="mechanism",
        quote="some of them had particular learning difficulties",
        prior=(0.3, 0.8),
        why_prior="a cohort's own ability around its school's level ('particular learning difficulties'): 0.3-0.8 on the logit scale",
    )
    progress_intercept: float = par(
        0.9,
        -5,
        5,
        ASSUMPTION,
        "logit of a subject's expected-progress rate at quality 0 (about the national average)",
        basis="assumption",
        prior=(0.6, 1.2),
        why_prior="expected progress at average quality: logit 0.6-1.2, rates of 65% to 77% about the national average",
    )
    progress_slope: float = par(
        1.0,
        0,
        5,
        ASSUMPTION,
        "logit change in the expected-progress rate per unit quality",
        basis="assumption",
        prior=(0.5, 1.5),
        why_prior="logit change in the expected-progress rate per unit quality: half to one and a half, weaker than KS2's",
    )
    floor_attainment: float = par(
        0.6,
        0,
        1,
        DOC_000,
        "floor standard: share at L4+ (from 2011: 60 per cent)",
        basis="figure",
        quote="to require at least 60 per cent of primary pupils in each school to have achieved level 4 or above",
        derivation="60 per cent → 0.6",
    )
    floor_min_cohort: int = par(
        11,
        1,
        60,
        ASSUMPTION,
        "smallest KS2 cohort the floor standard is applied to (DfE practice; not in the documents)",
        basis="assumption",
        prior=(6, 16),
        why_prior="smallest cohort the floor standard applies to: DfE's eleven, five either way if read otherwise",
        sampled="no: the floor standard's own rule as DfE applies it (cohorts of eleven or more), not an unknown about schools",
    )
    floor_rwm_from_year: int = par(
        2012,
        1990,
        2100,
        DOC_000,
        "first academic year judged on reading, writing and maths (2013 results) rather than English and maths",
        basis="figure",
        quote="(and, for 2013, in reading, writing and mathematics)",
        derivation="2013 results → the academic year ending in them, 2013 − 1 → 2012",
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
    """Every numeric parameter whose basis is ``assumption``: dotted name -> (value, lo, hi)."""
    out = {}
    for section in fields(params):
        sec = getattr(params, section.name)
        if not is_dataclass(sec):
            continue
        for f in fields(sec):
            value = getattr(sec, f.name)
            meta = f.metadata
            if meta.get("basis") == "assumption" and isinstance(value, (int, float)) and not isinstance(value, bool):
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
