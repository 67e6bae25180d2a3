"""The authority's in-run succession-risk score: which schools its programme money reaches first.

One rule, used by the targeting and budget limits during a run and shown in the risk register
(``sim.analysis.risk``): the sum of four drivers the register reports, each from 0 to 1: the
head's nearness to planned retirement (000: retirements at ~60; no head in post counts 1),
smallness (000 Figure 3: small schools draw fewer applicants), a head working alone (1 minus the
school's joint activity: isolation, 000) and a gap now (no substantive head present, or an open
vacancy). The midpoints are the authority's choice (``scenario.targeting``), so a register and a
run read them from the same settings.
"""

from __future__ import annotations

from scenarios.config import TargetingLever
from sim.state.agents import School
from sim.state.curves import falling
from sim.state.world import World


def risk_score(school: School, rule: TargetingLever) -> float:
    """A school's risk score now, from 0 (no driver) to 4 (every driver at its most)."""
    head = school.head
    retiring = (
        1.0 if head is None else falling(head.retirement_age - head.age, rule.retirement_years, rule.retirement_scale)
    )
    small = falling(school.roll, rule.small_roll, rule.small_roll_scale)
    alone = 1.0 - min(1.0, max(0.0, school.partnership_activity))
    gap = 1.0 if school.in_gap or school.vacancy is not None else 0.0
    return retiring + small + alone + gap


def ranked_schools(model: World, rule: TargetingLever) -> list[School]:
    """Every school, highest risk score first (ties by school number, so the order is reproducible)."""
    return sorted(model.schools, key=lambda s: (-risk_score(s, rule), s.urn))


def top_schools(model: World, rule: TargetingLever) -> frozenset[int]:
    """The URNs of the ``rule.n_schools`` schools of highest risk score."""
    return frozenset(s.urn for s in ranked_schools(model, rule)[: rule.n_schools])
