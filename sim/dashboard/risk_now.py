"""The succession-risk register from the current state of a running model.

``sim.analysis.risk`` builds the register from ensemble runs that start in September 2012. The
dashboard asks a different question: from the term on screen, which schools face a headship gap
in the next 1, 3 and 5 years? So the running model is copied (pickled: every agent, partnership,
vacancy and the event log as they stand), each copy gets its own random streams from now on, and
each is stepped five more years. The drivers (head's age, applicants, partnership, cover nearby)
are read from the model as it stands, with ``risk.school_drivers``; the per-run first-gap terms are
combined with ``risk.register_from_runs``. The same model state and seed give the same register.
"""

from __future__ import annotations

import pickle
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.analysis import risk
from sim.dashboard.session import REGISTRY_LOCK
from sim.model import SchoolSystem
from sim.running.run import release
from sim.state import agent_ids, streams

HORIZON_YEARS = max(risk.HORIZONS)


def snapshot(model: SchoolSystem) -> tuple[bytes, int]:
    """The model's whole state as bytes, and the next agent id Mesa would hand out.

    The caller holds the model still (no step in between). The id counter is peeked, not used up,
    so the running model goes on exactly as if no snapshot had been taken.
    """
    with REGISTRY_LOCK:
        next_id = agent_ids.peek_next_id(model)
    return pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL), next_id


def restore(blob: bytes, next_id: int, seed: int | None = None) -> SchoolSystem:
    """A copy of the snapshot; with ``seed``, its own random streams from now on."""
    model: SchoolSystem = pickle.loads(blob)
    with REGISTRY_LOCK:
        agent_ids.continue_ids(model, next_id)  # new agents get ids the copy has not used
    if seed is not None:
        reseed(model, seed)
    return model


def reseed(model: SchoolSystem, seed: int) -> None:
    """Give a copy its own luck from now on, whichever source of randomness the model keeps."""
    if hasattr(model, "streams") and hasattr(streams, "make_streams"):  # one Generator per process
        model.streams = streams.make_streams(seed)
    if hasattr(model, "draws") and hasattr(streams, "Draws"):  # counter-based draws from one root per run
        model.draws = streams.Draws("dashboard risk", int(model.seed), seed)
    model.random = random.Random(seed)
    model.rng = np.random.default_rng(seed)


def replicate_seeds(model: SchoolSystem, runs: int) -> list[int]:
    """Seeds of the copies: fixed by the model's seed and the term, so a recompute gives the same register."""
    seq = np.random.SeedSequence([int(model.seed), int(model.term), 7919])
    return [int(s.generate_state(1)[0]) for s in seq.spawn(runs)]


def first_gaps_from_now(model: SchoolSystem, terms: int) -> dict[int, int | None]:
    """Step ``model`` ``terms`` more terms; each school's first term (0 = the next) without a head, or None."""
    start = model.term
    model.horizon_years = max(model.horizon_years, -(-(start + terms) // 3))  # room to look ahead
    model.running = True
    base = {s.urn: s.gap_terms for s in model.schools}
    first: dict[int, int | None] = dict.fromkeys(base)
    for k in range(terms):
        model.step()
        for s in model.schools:
            if first[s.urn] is None and s.gap_terms > base[s.urn]:
                first[s.urn] = k
    return first


@dataclass
class RiskNow:
    """A register and the moment it describes."""

    register: pd.DataFrame
    term: int
    when: str  # e.g. "Autumn 2013 – term 4 of 60"
    runs: int
    years: int
    settings: dict = field(default_factory=dict)
    build: int = 0  # which model of the session it came from


def register_now(
    blob: bytes,
    next_id: int,
    seeds: list[int],
    *,
    years: int = HORIZON_YEARS,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """The register from a snapshot: one copy per seed, each stepped ``years`` ahead."""
    first = restore(blob, next_id)
    drivers = risk.school_drivers(first)
    release(first)
    runs = []
    for i, seed in enumerate(seeds):
        copy = restore(blob, next_id, seed)
        runs.append(first_gaps_from_now(copy, 3 * years))
        release(copy)
        if progress is not None:
            progress(i + 1, len(seeds))
    return risk.register_from_runs(drivers, runs)


# Plain column names for the screen and the CSV a user downloads (chances first: never cut off).
COLUMNS = {
    "name": "School",
    "p_gap_1y": "Gap within 1 year",
    "p_gap_3y": "Gap within 3 years",
    "p_gap_5y": "Gap within 5 years",
    "roll": "Pupils",
    "religion": "Church status",
    "head_age": "Head's age",
    "years_to_planned_retirement": "Years to planned retirement",
    "expected_applicants": "Applicants an advert would draw",
    "partnership_form": "Partnership",
    "executive_cover_available": "Executive head nearby",
    "head_is_executive": "Led by an executive head",
    "in_gap_now": "Without a substantive head now",
    "risk_score": "Risk score (targeting)",
}
SCREEN = list(COLUMNS)[:11]
RELIGION = {"community": "community", "VC": "church (VC)", "VA": "church (VA)"}
FORMS = {
    "none": "none",
    "informal": "informal",
    "informal_mou": "informal, MoU",
    "formal": "formal",
    "structured": "structured",
    "federation": "federation",
    "trust": "trust",
}


def readable(register: pd.DataFrame, columns: list[str] = SCREEN) -> pd.DataFrame:
    """The register with plain headers and words: percentages, 'no head now' for a missing age."""
    out = pd.DataFrame(index=register.index)
    for key in columns:
        if key not in register:
            continue
        col = register[key]
        if key.startswith("p_gap"):
            col = col.map(lambda p: f"{p:.0%}")
        elif key == "head_age":
            col = col.map(lambda a: "no head now" if pd.isna(a) else f"{a:.0f}")
        elif key == "years_to_planned_retirement":
            col = col.map(lambda a: "–" if pd.isna(a) else f"{max(0.0, a):.0f}")
        elif key == "expected_applicants":
            col = col.map(lambda a: f"{a:.1f}")
        elif key == "religion":
            col = col.map(lambda r: RELIGION.get(r, r))
        elif key == "partnership_form":
            col = col.map(lambda f: FORMS.get(f, str(f).replace("_", " ")))
        elif register[key].dtype == bool:
            col = col.map(lambda b: "yes" if b else "no")
        out[COLUMNS[key]] = col
    return out


def download_table(result: RiskNow) -> pd.DataFrame:
    """The whole register for a CSV: school id, plain headers, probabilities as numbers, and when."""
    reg = result.register
    out = reg.rename(columns={**COLUMNS, "school": "URN"}).drop(columns=["x", "y"], errors="ignore")
    out.insert(0, "From", result.when)
    out["Runs"] = result.runs
    return out
