"""The schools of a region: synthetic (towns, villages, rolls by band, church mix, academies) or read
from a register file.

One builder, configured by ``RegionConfig`` (``sim.state.regions``). Every initial-state figure it
uses is a `calibration` fact copied into ``sim/data/region_figures.yaml``; `target` facts (2013
partnership forms, vacancies, executive heads ...) are never used here: the model must produce them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from sim.state.agents import SMALL_MAX
from sim.state.regions import RegionConfig


def draw_rolls(cfg: RegionConfig, rng: np.random.Generator) -> np.ndarray:
    """Rolls matching the band counts exactly, uniform within each band."""
    rolls = np.concatenate([rng.integers(b.lo, b.hi + 1, size=b.count) for b in cfg.size_bands])
    return rng.permutation(rolls)


def place_schools(cfg: RegionConfig, rolls: np.ndarray, rng: np.random.Generator):
    """Towns, then schools: most larger schools in towns, small ones in scattered villages."""
    n = len(rolls)
    towns = np.column_stack(
        [
            rng.uniform(cfg.town_margin, 1 - cfg.town_margin, cfg.n_towns) * cfg.width_km,
            rng.uniform(cfg.town_margin, 1 - cfg.town_margin, cfg.n_towns) * cfg.height_km,
        ]
    )
    in_town = np.where(rolls > cfg.town_roll, rng.random(n) < cfg.large_in_town, rng.random(n) < cfg.small_in_town)
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
    p_church = np.clip(
        church
        + np.where(rolls <= SMALL_MAX, cfg.small_church_tilt, -cfg.small_church_tilt * cfg.large_church_tilt_share),
        0,
        1,
    )
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
