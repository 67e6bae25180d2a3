"""Synthetic regions: a Lincolnshire-like county, an England-scale system, a small test county.

One builder, configured by ``RegionConfig`` (``conf/region/*.yaml``). Every initial-state
figure it uses is a `calibration` fact copied into ``sim/data/region_figures.yaml``;
`target` facts (2013 partnership forms, vacancies, executive heads ...) are never used
here: the model must produce them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from sim.state.agents import SMALL_MAX
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


def draw_rolls(cfg: RegionConfig, rng: np.random.Generator) -> np.ndarray:
    """Rolls matching the band counts exactly, uniform within each band."""
    rolls = np.concatenate([rng.integers(b.lo, b.hi + 1, size=b.count) for b in cfg.size_bands])
    return rng.permutation(rolls)


def place_schools(cfg: RegionConfig, rolls: np.ndarray, rng: np.random.Generator):
    """Towns, then schools: most larger schools in towns, small ones in scattered villages."""
    n = len(rolls)
    towns = np.column_stack(
        [rng.uniform(0.05, 0.95, cfg.n_towns) * cfg.width_km, rng.uniform(0.05, 0.95, cfg.n_towns) * cfg.height_km]
    )
    in_town = np.where(rolls > 180, rng.random(n) < cfg.large_in_town, rng.random(n) < 0.12)
    which = rng.integers(0, cfg.n_towns, n)
    offset = rng.normal(0, cfg.town_radius_km, (n, 2))
    village = np.column_stack([rng.uniform(0, cfg.width_km, n), rng.uniform(0, cfg.height_km, n)])
    xy = np.where(in_town[:, None], towns[which] + offset, village)
    xy[:, 0] = np.clip(xy[:, 0], 0, cfg.width_km)
    xy[:, 1] = np.clip(xy[:, 1], 0, cfg.height_km)
    dist, _ = cKDTree(towns).query(xy)
    minutes = np.where(in_town, 0.0, dist * cfg.minutes_per_km)
    return xy, in_town, minutes


def draw_religion(cfg: RegionConfig, rolls: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    church = cfg.share_vc + cfg.share_va
    va_share = cfg.share_va / church if church > 0 else 0.0
    p_church = np.clip(church + np.where(rolls <= SMALL_MAX, cfg.small_church_tilt, -cfg.small_church_tilt * 0.5), 0, 1)
    is_church = rng.random(len(rolls)) < p_church
    is_va = rng.random(len(rolls)) < va_share
    return np.where(is_church, np.where(is_va, "VA", "VC"), "community")


def synthetic_schools(cfg: RegionConfig, rng: np.random.Generator) -> pd.DataFrame:
    """The schools of a synthetic region: rolls by band, towns and villages, church mix, academies."""
    rolls = draw_rolls(cfg, rng)
    n = len(rolls)
    xy, in_town, minutes = place_schools(cfg, rolls, rng)
    religion = draw_religion(cfg, rolls, rng)
    academy = np.zeros(n, dtype=bool)
    if cfg.academies:
        weights = np.sqrt(rolls.astype(float))
        academy[rng.choice(n, size=min(cfg.academies, n), replace=False, p=weights / weights.sum())] = True
    return pd.DataFrame(
        {
            "urn": 100001 + np.arange(n),
            "name": [f"School {100001 + i}" for i in range(n)],
            "roll": rolls,
            "x": xy[:, 0],
            "y": xy[:, 1],
            "religion": religion,
            "academy": academy,
            "town": in_town,
            "minutes_to_town": minutes,
        }
    )


def schools_table(cfg: RegionConfig, rng: np.random.Generator) -> pd.DataFrame:
    """The region's schools: read from a register file in the GIAS layout, or synthetic."""
    if cfg.register:
        from sim.state.register import load_register

        return load_register(cfg)
    return synthetic_schools(cfg, rng)
