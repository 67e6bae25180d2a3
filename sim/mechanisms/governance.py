"""Governors: four-year terms, hard-to-fill seats in small schools, training, and consent.

002_c9f4dca45492e14f.txt: in small schools "recruiting and supporting a team of committed and
effective governors is also a challenge". 004: joint governor training raises confidence and
skill. 000: governors may refuse executive headship or federation ("Not all schools agreed"),
accept it to keep their head (Spilsby), and find a church/non-church mix hard to govern jointly.
"""

from __future__ import annotations

from sim.state.agents import SMALL_MAX, GoverningBody, Governor, School, clamp
from sim.state.world import World


def bodies(model: World) -> list[GoverningBody]:
    seen: dict[int, GoverningBody] = {}
    for school in model.schools:
        body = school.governing_body
        seen.setdefault(id(body), body)
    return list(seen.values())


def step(model: World) -> None:
    """Yearly, in the autumn term: terms end, seats are filled, skills change."""
    if model.term_in_year != 0:
        return
    g = model.params.governors
    rng = model.streams["governors"]
    for body in bodies(model):
        small = all(s.roll <= SMALL_MAX for s in body.schools) and len(body.schools) == 1
        activity = max(s.partnership_activity for s in body.schools)
        for gov in list(body.members):
            if gov.term_end_year <= model.year:
                if rng.random() < g.renew_prob:
                    gov.term_end_year += g.term_years
                else:
                    body.members.remove(gov)
                    gov.remove()
        fill = g.fill_prob_small if small else g.fill_prob_large
        for _ in range(int(rng.binomial(body.vacancies, fill))):
            body.members.append(
                Governor(
                    model,
                    body=body,
                    skill=clamp(rng.normal(0.45, 0.15), 0, 1),
                    openness=clamp(rng.normal(g.openness_mean, g.openness_sd), 0, 1),
                    term_end_year=model.year + g.term_years,
                )
            )
        for gov in body.members:
            gov.skill = float(
                clamp(
                    gov.skill + g.training_gain * activity * (1 - gov.skill) - g.skill_decay * (gov.skill - 0.45), 0, 1
                )
            )
            gov.openness = clamp(gov.openness + 0.02 * activity, 0, 1)


def consent_executive(model: World, school: School, *, losing_head_risk: float = 0.0) -> bool:
    """Do these governors accept an executive head (or lending their head to another school)?"""
    g = model.params.governors
    body = school.governing_body
    p = g.consent_exec_base * (0.5 + body.openness) + g.fear_of_losing_head * losing_head_risk
    return bool(model.streams["governors"].random() < min(1.0, p))


def consent_federation(model: World, schools: list[School]) -> bool:
    """Do all governing bodies accept federation? A church/non-church mix makes it much harder."""
    g = model.params.governors
    f = model.params.federation
    mixed = len({s.is_church for s in schools}) > 1
    rng = model.streams["governors"]
    for school in schools:
        p = g.consent_federation_base * 2 * school.governing_body.openness
        p *= model.authority.federation_incentive**0.5
        if mixed:
            p *= f.church_mix_factor
        if rng.random() >= min(1.0, p):
            return False
    return True


def merge_bodies(model: World, schools: list[School]) -> GoverningBody:
    """Federation: one governing body for all its schools (fewer seats than before)."""
    old = []
    for s in schools:
        if s.governing_body not in old:
            old.append(s.governing_body)
    seats = min(15, max(b.seats for b in old) + 3)
    merged = GoverningBody(seats)
    members = sorted((m for b in old for m in b.members), key=lambda m: -m.skill)
    for gov in members[:seats]:
        gov.body = merged
        merged.members.append(gov)
    for gov in members[seats:]:
        gov.remove()
    for b in old:
        for s in b.schools:
            if s not in merged.schools:
                merged.schools.append(s)
            s.governing_body = merged
    return merged
