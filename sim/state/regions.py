"""What a region is: ``RegionConfig`` (``conf/region/*.yaml``), the schema of the Lincolnshire-like
county, the England-scale system and the small test county.

Its schools are built by ``sim.state.region_schools``. This module imports no numerical library,
so that the configuration's schema (``sim.running.config``) loads without them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.state.params import ASSUMPTION, DOC_000, SETTING, par


@dataclass
class Band:
    lo: int = 1
    hi: int = 90
    count: int = 0


@dataclass
class RegionConfig:
    name: str = "lincolnshire"
    description: str = ""
    seed: int = par(
        1, 0, 2**32 - 1, SETTING, "seed of the synthetic county itself (the same county in every run)", basis="setting"
    )
    size_bands: list[Band] = par(
        None,
        src=SETTING,
        doc="the county's schools by roll band {lo, hi, count}; each region file sets its own (Lincolnshire's from "
        "000 Figure 1, sim/data/region_figures.yaml)",
        basis="setting",
        factory=lambda: [Band(15, 90, 75)],
    )
    share_community: float = par(
        0.48,
        0,
        1,
        DOC_000,
        "community schools ('faith ... matches nearly exactly ... community')",
        basis="figure",
        quote="Voluntary aided Voluntary controlled 3 18 2.3 4.0 Primary schools with 100 or fewer pupils Nonchurch Voluntary aided Voluntary controlled Nonchurch 19",
        derivation="vacancies by kind stand for schools by kind: 19 non-church of 3 + 18 + 19 → 19 / 40 = 0.475 → 0.48",
    )
    share_vc: float = par(
        0.44,
        0,
        1,
        DOC_000,
        "voluntary controlled schools (18 of 40 vacancies, Figure 3)",
        basis="figure",
        quote="Voluntary aided Voluntary controlled 3 18 2.3 4.0 Primary schools with 100 or fewer pupils Nonchurch Voluntary aided Voluntary controlled Nonchurch 19",
        derivation="vacancies by kind stand for schools by kind: 18 voluntary controlled of 3 + 18 + 19 → 18 / 40 = 0.45, less 0.01 so that the three shares add up to 1 → 0.44",
    )
    share_va: float = par(
        0.08,
        0,
        1,
        DOC_000,
        "voluntary aided schools (3 of 40 vacancies, Figure 3)",
        basis="figure",
        quote="Voluntary aided Voluntary controlled 3 18 2.3 4.0 Primary schools with 100 or fewer pupils Nonchurch Voluntary aided Voluntary controlled Nonchurch 19",
        derivation="vacancies by kind stand for schools by kind: 3 voluntary aided of 3 + 18 + 19 → 3 / 40 = 0.075 → 0.08",
    )
    small_church_tilt: float = par(
        0.08,
        0,
        0.5,
        DOC_000,
        "extra church share among schools of <=110 pupils (10 of 17 small vacancies were church)",
        basis="mechanism",
        quote="Primary schools with 100 or fewer pupils Nonchurch Voluntary aided Voluntary controlled Nonchurch 19 2 8 7",
        prior=(0.04, 0.14),
        why_prior="extra church share among small schools (10 of 17 small vacancies were church): a few to fourteen points",
    )
    academies: int = par(
        60,
        0,
        100000,
        DOC_000,
        "academies among the primaries (60 in Lincolnshire)",
        basis="figure",
        quote="Over a fifth of primary schools (60) in the county are academies",
    )
    width_km: float = par(
        110.0,
        1,
        2000,
        DOC_000,
        "east-west extent (fourth largest authority by area)",
        basis="mechanism",
        quote="Lincolnshire County Council is, in geographical terms, the fourth largest local education authority in England.",
        prior=(95, 125),
        why_prior="the county's east-west extent: with its height, an area of about 5,000 to 9,000 km² (Lincolnshire's authority covers about 5,900)",
    )
    height_km: float = par(
        65.0,
        1,
        2000,
        DOC_000,
        "north-south extent",
        basis="mechanism",
        quote="Lincolnshire County Council is, in geographical terms, the fourth largest local education authority in England.",
        prior=(55, 75),
        why_prior="the county's north-south extent: with its width, an area of about 5,000 to 9,000 km²",
    )
    n_towns: int = par(
        12,
        1,
        5000,
        ASSUMPTION,
        "market towns holding most larger schools",
        basis="assumption",
        prior=(8, 16),
        why_prior="market towns that hold most larger schools: eight to sixteen in a large rural county",
    )
    town_radius_km: float = par(
        2.5,
        0,
        50,
        ASSUMPTION,
        "spread of schools around a town centre",
        basis="assumption",
        prior=(1.5, 4),
        why_prior="spread of a town's schools around its centre: a small market town's 1.5-4 km",
    )
    town_roll: int = par(
        180,
        1,
        2000,
        DOC_000,
        "roll above which a school counts as large when schools are placed in towns or villages",
        basis="mechanism",
        quote="over half have fewer than 180 pupils",
        prior=(150, 210),
        why_prior="roll above which a school is placed as a town school: 'over half have fewer than 180 pupils'; 150 to a one-form entry (210)",
    )
    small_in_town: float = par(
        0.12,
        0,
        1,
        ASSUMPTION,
        "chance a school of at most town_roll pupils is in a town (most small schools are in villages)",
        basis="assumption",
        prior=(0.05, 0.2),
        why_prior="chance a smaller school is in a town: most small schools are in villages; one in twenty to one in five",
    )
    town_margin: float = par(
        0.05,
        0,
        0.49,
        ASSUMPTION,
        "share of the county's width and height at each edge where no town centre is placed",
        basis="assumption",
        prior=(0.02, 0.1),
        why_prior="share of the county's width and height at each edge where no town centre lies: 2-10%, towns near but not on the edge",
    )
    large_church_tilt_share: float = par(
        0.5,
        0,
        5,
        ASSUMPTION,
        "share of small_church_tilt taken off the church share of schools above 110 pupils",
        basis="assumption",
        prior=(0.25, 0.75),
        why_prior="about what keeps the county's church share (99 small of 276 schools would need 0.56): a quarter either way",
    )
    large_in_town: float = par(
        0.8,
        0,
        1,
        ASSUMPTION,
        "chance a school of more than town_roll pupils is in a town",
        basis="assumption",
        prior=(0.6, 0.95),
        why_prior="chance a larger school is in a town: most, not all (some large villages)",
    )
    minutes_per_km: float = par(
        1.6,
        0.1,
        10,
        DOC_000,
        "rural driving minutes per straight-line km (Gipsey Bridge-Spilsby ~25 min)",
        basis="mechanism",
        quote="‘It takes 40 minutes for schools to get together if they want a joint staff meeting after school.’",
        prior=(1.2, 2.2),
        why_prior="rural driving minutes per straight-line km: 27-50 km an hour as the crow flies (Gipsey Bridge-Spilsby about 25 minutes)",
    )
    head_age_mean: float = par(
        47.0,
        25,
        65,
        SETTING,
        "mean head age of the starting guess the spin-up replaces (its ages come from careers)",
        basis="setting",
    )
    head_age_sd: float = par(7.5, 0, 20, SETTING, "spread of head ages in that starting guess", basis="setting")
    outside_post_rate: float = par(
        0.6,
        0,
        20,
        ASSUMPTION,
        "yearly hazard that a head seeking a move finds a headship outside the region",
        basis="assumption",
        prior=(0.2, 2.5),
        why_prior="the calibration's prior (conf/calibration/default.yaml): the range the fit searched",
        sampled="yes: calibrated prior, from the posterior",
    )
    outside_applicants: float = par(
        1.6,
        0,
        20,
        ASSUMPTION,
        "applicants per advert from outside the region to a fully attractive school",
        basis="assumption",
        prior=(0.5, 3),
        why_prior="the calibration's prior (conf/calibration/default.yaml): the range the fit searched",
        sampled="yes: calibrated prior, from the posterior",
    )
    quality_mean: float = par(
        0.05,
        -3,
        3,
        DOC_000,
        "mean quality of the teachers schools recruit (two thirds of pupils in good schools, 2012)",
        basis="mechanism",
        quote="only two thirds of children in the county were attending primary schools that were ‘good’ or ‘outstanding’ as judged by inspectors",
        prior=(-0.5, 0.2),
        why_prior="the calibration's prior (conf/calibration/default.yaml): the range the fit searched",
        sampled="yes: calibrated prior, from the posterior",
    )
    small_quality_gap: float = par(
        0.15,
        -2,
        2,
        DOC_000,
        "how far small schools' recruits fall below others' (50 of 69 twice-satisfactory had <210 pupils)",
        basis="mechanism",
        quote="Lincolnshire had 69 primary schools that had been graded as ‘satisfactory’ for the last two inspections and, of these, 50 were small schools with fewer than 210 pupils on roll",
        prior=(0.05, 0.3),
        why_prior="how far small schools' recruits fall below others' (50 of 69 twice-satisfactory had under 210 pupils): a twelfth to half a teacher sd",
    )
    school_effect_sd: float = par(
        0.3,
        0,
        3,
        ASSUMPTION,
        "spread of school-level quality around the mean",
        basis="assumption",
        prior=(0.15, 0.45),
        why_prior="spread of schools' quality around the mean: a quarter to three quarters of a teacher sd",
    )
    register: str | None = par(
        None,
        src=SETTING,
        doc="CSV in the GIAS register layout to build the schools from (else synthetic)",
        basis="setting",
    )
    register_la: str | None = par(
        None, src=SETTING, doc="keep only this local authority ('LA (name)') from the register", basis="setting"
    )
    heads_file: str | None = par(
        None,
        src=SETTING,
        doc="CSV of heads' ages and start years (columns urn, head_age, head_start_year) replacing the drawn "
        "ones of the heads in post at those schools when the run starts (GIAS holds neither)",
        basis="setting",
    )

    @property
    def n_schools(self) -> int:
        return sum(b.count for b in self.size_bands)
