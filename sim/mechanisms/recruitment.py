"""Vacancies and recruitment: adverts, applicants, governors' decisions, cover.

000_e0a2dbf228a17e9a.txt, Figure 3: about 3 applicants per vacancy in schools of <=100 pupils
against about 4.5 in larger ones, 2.3 in voluntary aided schools; 28 of 40 vacancies filled by
September 2013; Spilsby: "only two applications ... unable to make an appointment", then one
applicant in the autumn. Governors appoint only above a bar, otherwise re-advertise next term;
meanwhile a deputy acts up, a consultant head is provided, or a partner's head covers.
"""

from __future__ import annotations

import math

import numpy as np

from sim.mechanisms import executive, federation, headship
from sim.mechanisms.headship import choose_cover, close_vacancy
from sim.mechanisms.population import new_head
from sim.state.agents import Cover, School, Vacancy
from sim.state.world import World


def expected_applicants(model: World, school: School) -> float:
    """Mean applicants per advert: size, church status, remoteness, partnership, pool depth."""
    r = model.params.recruitment
    rate = r.applicants_small if school.roll <= r.small_threshold else r.applicants_large
    rate *= r.va_factor if school.religion == "VA" else r.vc_factor if school.religion == "VC" else 1.0
    rate *= math.exp(-r.remoteness_coef * school.minutes_to_town / 30.0)
    rate *= 1.0 + r.partnership_boost * school.partnership_activity
    rate *= (len(model.pool) / model.initial_pool) ** r.pool_elasticity if model.pool else 0.5
    return rate


def open_vacancies(model: World) -> None:
    """Schools left without their head: one vacancy per federation (its first school), one per other school."""
    done: set[int] = set()
    while model.vacated:
        school, reason = model.vacated.pop(0)
        if school.head is not None:  # already filled with its federation's new head
            continue
        fed = school.federation
        if fed is not None:
            if fed.unique_id in done:
                school.cover = Cover.HEAD_OF_SCHOOL
                continue
            done.add(fed.unique_id)
        open_vacancy(model, school, reason)


def open_vacancy(model: World, school: School, reason: str) -> None:
    if school.federation is None and (
        federation.try_at_vacancy(model, school) or executive.offer_to_partner_head(model, school)
    ):
        return
    if (
        model.authority.brokering
        and model.authority.broker_before_advert
        and school.federation is None
        and executive.appoint_nearby(model, school)
    ):
        return
    school.vacancy = Vacancy(school=school, opened_term=model.term, reason=reason)
    school.cover = choose_cover(model, school)
    model.flows["vacancies_opened"] += 1
    model.log("vacancy_opened", school=school, reason=reason, cover=school.cover)
    for other in _federation_partners(school):
        if other.head is None:
            other.cover = Cover.HEAD_OF_SCHOOL
    advertise(model, school)  # the first advert runs during the outgoing head's notice term


def _federation_partners(school: School) -> list[School]:
    fed = school.federation
    return [s for s in fed.members if s is not school] if fed is not None else []


def advertise(model: World, school: School) -> bool:
    """One advert round: draw applicants, governors judge them; True if a head is appointed."""
    vac = school.vacancy
    r = model.params.recruitment
    rng = model.streams["recruitment"]
    vac.rounds += 1
    key = f"{school.band}|{school.religion}"
    if model.year not in vac.counted_years:
        vac.counted_years.add(model.year)
        model.flows[f"vacancies|{key}"] += 1
    n_app = int(rng.poisson(expected_applicants(model, school)))
    vac.applicants_total += n_app
    vac.last_applicants = n_app
    model.flows[f"adverts|{key}"] += 1
    model.flows[f"applicants|{key}"] += n_app
    internal_share = len(model.pool) / (len(model.pool) + model.initial_pool)  # the rest apply from outside
    n_internal = min(int(rng.binomial(n_app, internal_share)), len(model.pool))
    internal = (
        [model.pool[i] for i in rng.choice(len(model.pool), size=n_internal, replace=False)] if n_internal else []
    )
    skills = np.array([c.skill for c in internal] + list(rng.normal(0.0, 0.8, n_app - n_internal)))
    body = school.governing_body
    noise = r.assessment_noise * (1.0 - 0.5 * (body.skill if body else 0.0))
    judged = skills + rng.normal(0.0, noise, n_app) if n_app else skills
    appointed = n_app > 0 and judged.max() >= r.appoint_bar
    model.log(
        "advert",
        school=school,
        round=vac.rounds,
        applicants=n_app,
        outcome="appointed" if appointed else "no_appointment",
    )
    if not appointed:
        return False
    best = int(judged.argmax())
    if best < n_internal:
        head = internal[best]
    else:
        head = new_head(model, rng, age=float(rng.uniform(32, 52)))
        head.skill = float(skills[best])
    close_vacancy(model, school, "appointed")
    for target in [school] + [s for s in _federation_partners(school) if s.head is None]:
        headship.appoint(model, target, head, reason="appointed")
    return True


def step(model: World) -> None:
    """Re-advertise every vacancy that was open during this term."""
    for school in model.schools:
        vac = school.vacancy
        if vac is None or vac.opened_term == model.term:
            continue
        if federation.try_authority_trigger(model, school):
            continue
        advertise(model, school)


def update_pool(model: World) -> None:
    """Aspiring leaders: yearly inflow, growth from executive arrangements, attrition, ageing."""
    r = model.params.recruitment
    rng = model.streams["recruitment"]
    keep = rng.random(len(model.pool)) >= r.pool_attrition
    for head, stays in zip(list(model.pool), keep):
        head.age += 1
        head.skill += r.experience_gain
        if not stays or head.age >= head.retirement_age:
            model.pool.remove(head)
            head.remove()
    for _ in range(int(rng.poisson(r.pool_inflow_per_school * len(model.schools)))):
        model.pool.append(new_head(model, rng, age=float(rng.uniform(30, 45))))
    grown = executive.schools_led_by_executives(model) * model.params.executive.head_of_school_per_year
    for _ in range(int(rng.poisson(grown))):
        model.pool.append(
            new_head(model, rng, age=float(rng.uniform(30, 45)), skill_bonus=r.grown_leader_bonus, grown=True)
        )
