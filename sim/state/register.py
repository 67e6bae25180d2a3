"""A region from a school register in the layout of the Department for Education's public
establishment register (Get Information About Schools, "all establishment data" CSV).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from sim.state.errors import ConfigError


class RegisterSource(Protocol):
    """What the loader reads of a region's configuration (``RegionConfig`` has these fields)."""

    register: str | None
    register_la: str | None
    minutes_per_km: float


# Columns of the Department for Education's register (Get Information About Schools, "all
# establishment data" CSV) that the loader reads.
GIAS_COLUMNS = {
    "urn": "URN",
    "name": "EstablishmentName",
    "type": "TypeOfEstablishment (name)",
    "status": "EstablishmentStatus (name)",
    "phase": "PhaseOfEducation (name)",
    "religious": "ReligiousCharacter (name)",
    "pupils": "NumberOfPupils",
    "easting": "Easting",
    "northing": "Northing",
    "la": "LA (name)",
    "urban_rural": "UrbanRural (name)",
}
NO_RELIGION = {"", "none", "does not apply", "not applicable", "nan"}


def load_register(cfg: RegisterSource) -> pd.DataFrame:
    """Open primary schools from a GIAS-layout CSV, in the model's terms (km grid, church status).

    Voluntary aided / controlled come from the establishment type; academies and foundation
    schools with a religious character count as voluntary controlled church schools; rural schools
    get driving minutes to the nearest urban school. Raises ValueError naming a missing column.
    """
    path = Path(cfg.register).expanduser()
    if not path.is_absolute() and not path.exists():
        path = Path(__file__).resolve().parents[2] / path  # relative to the repository
    if not path.exists():
        raise ConfigError(f"region.register={cfg.register!r}: no such file")
    raw = pd.read_csv(path, encoding_errors="replace", low_memory=False)
    missing = [col for col in GIAS_COLUMNS.values() if col not in raw.columns]
    if missing:
        raise ConfigError(f"region.register={cfg.register!r} lacks column(s) {missing} of the GIAS layout")
    c = GIAS_COLUMNS
    keep = (raw[c["phase"]].astype(str).str.lower() == "primary") & raw[c["status"]].astype(str).str.startswith("Open")
    if cfg.register_la:
        keep &= raw[c["la"]].astype(str) == cfg.register_la
    df = raw[keep & raw[c["pupils"]].notna() & raw[c["easting"]].notna() & raw[c["northing"]].notna()]
    if len(df) < 2:
        raise ConfigError(
            f"region.register={cfg.register!r}: fewer than 2 open primary schools with pupils and "
            f"coordinates{' in ' + cfg.register_la if cfg.register_la else ''}"
        )
    kind = df[c["type"]].astype(str).str.lower()
    religious = ~df[c["religious"]].astype(str).str.strip().str.lower().isin(NO_RELIGION)
    religion = np.where(
        kind.str.contains("aided"), "VA", np.where(kind.str.contains("controlled") | religious, "VC", "community")
    )
    x = (df[c["easting"]].to_numpy(float) - df[c["easting"]].min()) / 1000
    y = (df[c["northing"]].to_numpy(float) - df[c["northing"]].min()) / 1000
    town = df[c["urban_rural"]].astype(str).str.lower().str.startswith("urban").to_numpy()
    xy = np.column_stack([x, y])
    if town.any():
        dist, _ = cKDTree(xy[town]).query(xy)
    else:
        dist = np.zeros(len(df))
    return (
        pd.DataFrame(
            {
                "urn": df[c["urn"]].astype(int).to_numpy(),
                "name": df[c["name"]].astype(str).to_numpy(),
                "roll": df[c["pupils"]].astype(int).clip(lower=1).to_numpy(),
                "x": x,
                "y": y,
                "religion": religion,
                "academy": kind.str.contains("academ").to_numpy(),
                "town": town,
                "minutes_to_town": np.where(town, 0.0, dist * cfg.minutes_per_km),
            }
        )
        .sort_values("urn")
        .reset_index(drop=True)
    )
