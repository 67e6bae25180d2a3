"""Succession risk: each school's chance of a headship gap within 1, 3 and 5 years, and why.

The register is what trainers and authority officers act on: for every school, the share of
ensemble runs in which it spends at least one term without a substantive head within 1, 3 and
5 years of the start, next to the drivers the documents name: the head's age (000: retirements
at ~60), school size and church status (000 Figure 3: fewer applicants), expected applicants,
partnership form, and whether a strong nearby head could step in as executive head. ``risk_score``
is the in-run score the targeting and budget limits rank schools by (``sim.mechanisms.targeting``,
at the scenario's ``scenario.targeting`` settings), so the register shows the list an authority
would draw up at that moment.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.mechanisms import executive, recruitment, targeting
from sim.state.agents import School
from sim.state.world import World

HORIZONS = (1, 3, 5)


def school_drivers(model: World) -> pd.DataFrame:
    """One row per school: who it is and the drivers of its succession risk, at this moment.

    The ensemble reads them after the first term, once a scenario's grouping has formed.
    """
    rows = []
    with recruitment.held_candidates(model):
        for s in model.schools:
            rows.append(_drivers(model, s))
    return pd.DataFrame(rows)


def _drivers(model: World, s: School) -> dict:
    head = s.head
    return {
        "school": s.urn,
        "name": s.name,
        "x": s.x,
        "y": s.y,
        "roll": s.roll,
        "band": s.band,
        "religion": s.religion,
        "head_age": round(head.age, 1) if head is not None else np.nan,
        "head_tenure_years": round((model.term - head.started_term) / 3, 1) if head is not None else np.nan,
        "head_is_executive": bool(head is not None and head.is_executive),
        "years_to_planned_retirement": round(head.retirement_age - head.age, 1) if head is not None else np.nan,
        "expected_applicants": round(recruitment.expected_applicants(model, s), 2),
        "partnership_form": s.main_form.name.lower(),
        "partnership_activity": round(s.partnership_activity, 2),
        "executive_cover_available": executive.find_executive(model, s) is not None,
        "in_gap_now": s.in_gap,
        "risk_score": round(targeting.risk_score(s, model.scenario.targeting), 3),
    }


def gap_terms_by_school(
    model: World, n_terms: int, first: dict[int, int | None] | None = None
) -> dict[int, int | None]:
    """Step ``model`` up to term ``n_terms`` and return each school's first gap term (0-based) or None.

    ``first`` carries the record of terms already stepped, so a run can be inspected part-way.
    """
    first = {s.urn: None for s in model.schools} if first is None else first
    while model.running and model.term < n_terms:
        t = model.term
        model.step()
        for s in model.schools:
            if first[s.urn] is None and s.gap_terms > 0:
                first[s.urn] = t
    return first


def register_from_runs(drivers: pd.DataFrame, first_gaps: list[dict[int, int | None]]) -> pd.DataFrame:
    """Combine per-run first-gap terms into probabilities per school and horizon."""
    reg = drivers.copy()
    n = len(first_gaps)
    for years in HORIZONS:
        limit = 3 * years
        hits = np.array(
            [[1 if (fg.get(urn) is not None and fg[urn] < limit) else 0 for urn in reg["school"]] for fg in first_gaps]
        )
        reg[f"p_gap_{years}y"] = hits.mean(axis=0) if n else np.nan
    reg["runs"] = n
    return reg.sort_values(["p_gap_3y", "p_gap_1y", "school"], ascending=[False, False, True]).reset_index(drop=True)
