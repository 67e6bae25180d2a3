"""What a region is: ``RegionConfig`` (``conf/region/*.yaml``), the schema of the Lincolnshire-like
county, the England-scale system and the small test county.

Its schools are built by ``sim.state.region_schools``. This module imports no numerical library,
so that the configuration's schema (``sim.running.config``) loads without them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.state.params import ASSUMPTION, DOC_000, par


@dataclass
class Band:
    lo: int = 1
    hi: int = 90
    count: int = 0


@dataclass
class RegionConfig:
    name: str = "lincolnshire"
    description: str = ""
    seed: int = par(1, 0, 2**32 - 1, doc="seed of the synthetic county itself (the same county in every run)")
    size_bands: list[Band] = field(default_factory=lambda: [Band(15, 90, 75)])
    share_community: float = par(
        0.48, 0, 1, DOC_000, "community schools ('faith ... matches nearly exactly ... community')"
    )
    share_vc: float = par(0.44, 0, 1, DOC_000, "voluntary controlled schools (18 of 40 vacancies, Figure 3)")
    share_va: float = par(0.08, 0, 1, DOC_000, "voluntary aided schools (3 of 40 vacancies, Figure 3)")
    small_church_tilt: float = par(
        0.08, 0, 0.5, DOC_000, "extra church share among schools of <=110 pupils (10 of 17 small vacancies were church)"
    )
    academies: int = par(60, 0, 100000, DOC_000, "academies among the primaries (60 in Lincolnshire)")
    width_km: float = par(110.0, 1, 2000, DOC_000, "east-west extent (fourth largest authority by area)")
    height_km: float = par(65.0, 1, 2000, DOC_000, "north-south extent")
    n_towns: int = par(12, 1, 5000, ASSUMPTION, "market towns holding most larger schools")
    town_radius_km: float = par(2.5, 0, 50, ASSUMPTION, "spread of schools around a town centre")
    large_in_town: float = par(0.8, 0, 1, ASSUMPTION, "chance a school of >180 pupils is in a town")
    minutes_per_km: float = par(
        1.6, 0.1, 10, DOC_000, "rural driving minutes per straight-line km (Gipsey Bridge-Spilsby ~25 min)"
    )
    head_age_mean: float = par(
        47.0,
        25,
        65,
        ASSUMPTION,
        "mean head age of the starting guess the spin-up replaces (its ages come from careers)",
    )
    head_age_sd: float = par(7.5, 0, 20, ASSUMPTION, "spread of head ages in that starting guess")
    outside_post_rate: float = par(
        0.6, 0, 20, ASSUMPTION, "yearly hazard that a head seeking a move finds a headship outside the region"
    )
    outside_applicants: float = par(
        1.6, 0, 20, ASSUMPTION, "applicants per advert from outside the region to a fully attractive school"
    )
    quality_mean: float = par(
        0.05,
        -3,
        3,
        DOC_000,
        "mean quality of the teachers schools recruit (two thirds of pupils in good schools, 2012)",
    )
    small_quality_gap: float = par(
        0.15,
        -2,
        2,
        DOC_000,
        "how far small schools' recruits fall below others' (50 of 69 twice-satisfactory had <210 pupils)",
    )
    school_effect_sd: float = par(0.3, 0, 3, ASSUMPTION, "spread of school-level quality around the mean")
    register: str | None = par(None, doc="CSV in the GIAS register layout to build the schools from (else synthetic)")
    register_la: str | None = par(None, doc="keep only this local authority ('LA (name)') from the register")

    @property
    def n_schools(self) -> int:
        return sum(b.count for b in self.size_bands)
