"""Synthetic regions: a Lincolnshire-like county, an England-scale system, a small test county.

One builder, configured by ``RegionConfig`` (``conf/region/*.yaml``). Every initial-state
figure it uses is a `calibration` fact copied into ``sim/data/region_figures.yaml``;
`target` facts (2013 partnership forms, vacancies, executive heads ...) are never used
here: the model must produce them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from sim.agents import (
    SMALL_MAX,
    Form,
    GoverningBody,
    Governor,
    HeadState,
    Headteacher,
    Partnership,
    School,
)
from sim.params import ASSUMPTION, DOC_000, par

if TYPE_CHECKING:
    from sim.model import SchoolSystem


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
    head_age_mean: float = par(47.0, 25, 65, DOC_000, "mean head age (49 of ~276 due to retire by 2018 at 60)")
    head_age_sd: float = par(7.5, 0, 20, DOC_000, "spread of head ages")
    pool_size_factor: float = par(1.0, 0, 10, ASSUMPTION, "multiplier on the initial candidate pool")
    pre2012_federations: int = par(
        7, 0, 100000, DOC_000, "two-school federations formed ad hoc before 2012 (Frithville 2010, Denton 2011)"
    )
    pre2012_adhoc_share: float = par(
        0.25, 0, 1, DOC_000, "share of small schools in ad hoc informal partnerships before 2012"
    )
    quality_mean: float = par(
        0.05, -3, 3, DOC_000, "mean teacher quality at the start (two thirds of pupils in good schools, 2012)"
    )
    small_quality_gap: float = par(
        0.3, -2, 2, DOC_000, "how far small schools start below others (50 of 69 twice-satisfactory had <210 pupils)"
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


def build_region(model: SchoolSystem, cfg: RegionConfig, rng: np.random.Generator) -> None:
    """Create schools, heads, governors, the candidate pool and pre-2012 partnerships on ``model``.

    Schools come from a register file in the GIAS layout when ``cfg.register`` is set, otherwise
    from the synthetic builder; people and partnerships are drawn the same way in both cases.
    """
    p = model.params
    table = load_register(cfg) if cfg.register else synthetic_schools(cfg, rng)
    rolls = table["roll"].to_numpy()
    n = len(table)
    school_effect = rng.normal(0, cfg.school_effect_sd, n)
    start = model.start_year
    o = p.outcomes
    for i in range(n):
        roll = int(rolls[i])
        n_teachers = max(2, math.ceil(roll / o.pupils_per_teacher))
        mu = cfg.quality_mean + school_effect[i] - (cfg.small_quality_gap if roll <= SMALL_MAX else 0.0)
        row = table.iloc[i]
        school = School(
            model,
            urn=int(row.urn),
            name=str(row["name"]),
            roll=roll,
            x=float(row.x),
            y=float(row.y),
            religion=str(row.religion),
            academy=bool(row.academy),
            town=bool(row.town),
            minutes_to_town=float(row.minutes_to_town),
            teachers=rng.normal(mu, o.teacher_sd, n_teachers),
        )
        _seat_governors(model, school, rng, start)
        head = new_head(model, rng, age=_draw_head_age(cfg, rng), state=HeadState.IN_POST)
        model.install_head(school, head, log=False)
        head.started_term = -int(rng.integers(0, 3 * int(min(20, max(1, head.age - 30)))))
    model.refresh_index()
    pool = int(round(p.recruitment.pool_per_school * n * cfg.pool_size_factor))
    for _ in range(pool):
        model.pool.append(new_head(model, rng, age=float(rng.uniform(30, 50))))
    _pre2012_partnerships(model, cfg, rng)


def _draw_head_age(cfg: RegionConfig, rng: np.random.Generator) -> float:
    return float(np.clip(rng.normal(cfg.head_age_mean, cfg.head_age_sd), 29, 63))


def new_head(
    model: SchoolSystem,
    rng: np.random.Generator,
    *,
    age: float,
    state: str = HeadState.CANDIDATE,
    skill_bonus: float = 0.0,
    grown: bool = False,
) -> Headteacher:
    """A head or candidate with skill, ambition (younger heads more ambitious) and a planned retirement age."""
    r = model.params.retirement
    planned = float(np.clip(rng.normal(r.mean_age, r.sd_age), r.min_age, r.max_age))
    if planned <= age:
        planned = age + float(rng.uniform(0.3, 3.0))
    ambition = float(np.clip(rng.normal(0.5 + (45 - age) / 40, 0.2), 0, 1))
    return Headteacher(
        model,
        age=age,
        skill=float(rng.normal(skill_bonus, 0.8)),
        ambition=ambition,
        wellbeing=float(np.clip(rng.normal(0.75, 0.1), 0.2, 1)),
        state=state,
        retirement_age=planned,
        grown=grown,
    )


def _seat_governors(model: SchoolSystem, school: School, rng: np.random.Generator, start: int) -> None:
    g = model.params.governors
    small = school.roll <= SMALL_MAX
    seats = g.body_size_small if small else g.body_size_large
    body = GoverningBody(seats)
    body.schools.append(school)
    school.governing_body = body
    fill = g.fill_prob_small if small else g.fill_prob_large
    filled = int(rng.binomial(seats, 0.75 + 0.2 * fill))
    for k in range(filled):
        body.members.append(
            Governor(
                model,
                body=body,
                skill=float(np.clip(rng.normal(0.5, 0.15), 0, 1)),
                openness=float(np.clip(rng.normal(g.openness_mean, g.openness_sd), 0, 1)),
                term_end_year=start + int(rng.integers(0, g.term_years)),
                role="chair" if k == 0 else "governor",
            )
        )


def _pre2012_partnerships(model: SchoolSystem, cfg: RegionConfig, rng: np.random.Generator) -> None:
    """Ad hoc federations and informal clusters formed before 2012 (000: 'opportunistic basis')."""
    from sim.federation import federate

    small = [s for s in model.schools if s.roll <= SMALL_MAX]
    order = rng.permutation(len(small))
    made = 0
    for idx in order:
        if made >= cfg.pre2012_federations:
            break
        school = small[idx]
        if school.partnerships:
            continue
        partner = model.nearest(
            school,
            lambda s, me=school: not s.partnerships and s is not me and s.is_church == me.is_church,
            max_minutes=20,
        )
        if partner is None:
            continue
        federate(model, [partner, school], origin="ad_hoc", log=False, allow_trust=False)
        made += 1
    for idx in order:
        school = small[idx]
        if school.partnerships or rng.random() >= cfg.pre2012_adhoc_share:
            continue
        partner = model.nearest(school, lambda s, me=school: s.soft_partnership is None and s is not me, max_minutes=25)
        if partner is None:
            continue
        if partner.soft_partnership is None:
            Partnership(
                model,
                members=[school, partner],
                form=Form.INFORMAL,
                trust=float(rng.uniform(0.3, 0.6)),
                origin="ad_hoc",
            ).activity = 0.3


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


def load_register(cfg: RegionConfig) -> pd.DataFrame:
    """Open primary schools from a GIAS-layout CSV, in the model's terms (km grid, church status).

    Voluntary aided / controlled come from the establishment type; academies and foundation
    schools with a religious character count as voluntary controlled church schools; rural schools
    get driving minutes to the nearest urban school. Raises ValueError naming a missing column.
    """
    from sim.validation import ConfigError

    path = Path(cfg.register).expanduser()
    if not path.is_absolute() and not path.exists():
        path = Path(__file__).resolve().parent.parent / path  # relative to the repository
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
