"""Partnerships: formation, trust, activity, money, deepening, fading and splitting.

Rules and figures from 000_e0a2dbf228a17e9a.txt unless noted: the authority groups schools
(cap 7, norm 5, schools of around 200 pupils); start-up money follows an approved business plan
and MoU (some plans "sent back"); prior relationships give "initial trust and momentum"; trust
takes "more than a year" (004); "a change of head has been the death of some partnerships";
3-6 schools work, "10 or 11 ... unmanageable", "it takes 40 minutes"; competition for pupils
"can cut across collaborative activity"; depth needs dedicated leadership (only 8 of 47 had it);
a shared adviser helps (002); one-off money runs out and 78% name finance the main challenge.
"""

from __future__ import annotations

import math

import numpy as np

from sim.mechanisms import funding
from sim.state.agents import Form, Partnership, School, clamp
from sim.state.world import World


# ----- formation ----------------------------------------------------------------------------
def form_groups(model: World) -> None:
    """Apply the authority's grouping when a grouping lever fires."""
    grouping = model.authority.grouping
    if grouping is None:
        return
    model.authority.grouping = None
    if grouping["mode"] == "assigned":
        assign_clusters(model, grouping)
    elif grouping["mode"] == "self_organised":
        self_organise(model, grouping)


def _prior_ties(schools: list[School]) -> dict[int, set[int]]:
    ties: dict[int, set[int]] = {}
    for s in schools:
        for ps in s.partnerships:
            ties.setdefault(s.unique_id, set()).update(m.unique_id for m in ps.members if m is not s)
    return ties


def _new_partnership(model: World, members: list[School], ties: dict[int, set[int]], origin: str) -> Partnership:
    p = model.params.partnerships
    pairs = [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
    tied = sum(1 for a, b in pairs if b.unique_id in ties.get(a.unique_id, ())) / max(1, len(pairs))
    ps = Partnership(
        model,
        members=members,
        form=Form.INFORMAL,
        trust=min(1.0, p.initial_trust + p.prior_tie_trust * tied),
        origin=origin,
    )
    model.flows["partnerships_formed"] += 1
    model.log(
        "partnership_formed",
        school=members[0],
        partnership=ps,
        members=len(members),
        origin=origin,
        form=ps.form.name.lower(),
    )
    la = model.authority
    if la.startup_per_school > 0 and not la.startup_conditional:
        release_startup(model, ps)
    return ps


def assign_clusters(model: World, g: dict) -> None:
    """Geographic clusters of eligible schools, swept west to east, norm-sized, cap-limited."""
    rng = model.streams["partnerships"]
    eligible = [s for s in model.schools if s.roll <= g["max_roll"]]
    eligible = [s for s, joins in zip(eligible, rng.random(len(eligible)) < g["participation"]) if joins]
    ties = _prior_ties(eligible)
    for ps in {id(sp): sp for s in eligible if (sp := s.soft_partnership) is not None}.values():
        dissolve(model, ps, "regrouped")
    free = {s.unique_id for s in eligible}
    clusters: list[list[School]] = []
    for seed in sorted(eligible, key=lambda s: (s.x, s.urn)):
        if seed.unique_id not in free:
            continue
        free.discard(seed.unique_id)
        group = [seed]
        for nb in model.neighbours(seed, g["max_minutes"], k=60):
            if len(group) >= g["norm"]:
                break
            if nb.unique_id in free:
                free.discard(nb.unique_id)
                group.append(nb)
        clusters.append(group)
    singles = [c[0] for c in clusters if len(c) == 1]
    groups = [c for c in clusters if len(c) > 1]
    for school in singles:
        near = [
            c for c in groups if len(c) < g["cap"] and model.minutes_between(school, c[0]) <= g["max_minutes"] * 1.5
        ]
        if near:
            min(near, key=lambda c: model.minutes_between(school, c[0])).append(school)
    for group in groups:
        ps = _new_partnership(model, group, ties, "assigned")
        ps.bound_until_year = model.year + g.get("commitment_years", 0)


def self_organise(model: World, g: dict) -> None:
    """Willing schools pair up with a willing neighbour (groups of up to three)."""
    rng = model.streams["partnerships"]
    eligible = [s for s in model.schools if s.roll <= g["max_roll"] and s.soft_partnership is None]
    willing = {
        s.unique_id
        for s, u in zip(eligible, rng.random(len(eligible)))
        if u < s.governing_body.openness * g["participation"] * 1.4
    }
    ties = _prior_ties(eligible)
    for school in eligible:
        if school.unique_id not in willing or school.soft_partnership is not None:
            continue
        partner = model.nearest(
            school,
            lambda s: s.unique_id in willing and (s.soft_partnership is None or len(s.soft_partnership.members) < 3),
            g["max_minutes"],
        )
        if partner is None:
            continue
        if partner.soft_partnership is not None:
            partner.soft_partnership.add(school)
        else:
            _new_partnership(model, [partner, school], ties, "self_organised")


# ----- money --------------------------------------------------------------------------------
def release_startup(model: World, ps: Partnership) -> None:
    amount = model.authority.startup_per_school * len(ps.members)
    funding.grant_to_partnership(model, ps, amount, "programme_startup")
    ps.funded_years += 1
    ps.last_funded_year = model.year
    model.log("funding_released", school=ps.members[0], partnership=ps, amount=amount)


def _yearly_money(model: World, ps: Partnership) -> None:
    la = model.authority
    if (
        la.startup_per_school > 0
        and (ps.plan_approved or not la.startup_conditional)
        and 0 < ps.funded_years < la.startup_years
        and ps.last_funded_year < model.year
    ):
        release_startup(model, ps)
    starting = model.term - ps.founded_term < 3
    if (
        la.premium_per_partnership > 0
        and (ps.plan_approved or ps.form.is_hard or not la.startup_conditional)
        and (ps.is_active or starting)
    ):
        funding.grant_to_partnership(model, ps, la.premium_per_partnership, "programme_premium")
    if not ps.form.is_hard:
        if la.dedicated_leadership:
            model.pay("authority", "dedicated_leadership", la.dedicated_cost_per_year, external=True)
        if la.adviser_per_partnership:
            model.pay("authority", "advisers", la.adviser_cost_per_year, external=True)
        if la.shared_posts:
            funding.spend_for_partnership(model, ps, la.shared_posts_cost_per_school * len(ps.members), "shared_posts")


def _approve_plan(model: World, ps: Partnership) -> None:
    la = model.authority
    if ps.plan_approved or ps.form.is_hard or la.startup_per_school <= 0 or not la.startup_conditional:
        return
    p = model.params.partnerships
    chance = p.plan_approval_per_term * min(1.0, 0.5 + ps.trust)
    if la.shared_posts:
        chance *= la.shared_posts_approval_factor
    if model.streams["partnerships"].random() < chance:
        ps.plan_approved = True
        if ps.form < Form.INFORMAL_MOU:
            _set_form(model, ps, Form.INFORMAL_MOU)
        release_startup(model, ps)


# ----- activity and trust -------------------------------------------------------------------
def mean_minutes(model: World, ps: Partnership) -> float:
    """Mean travel time between members."""
    m = ps.members
    if len(m) < 2:
        return 0.0
    xy = np.array([[s.x, s.y] for s in m])
    d = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    return float(d.sum() / (len(m) * (len(m) - 1))) * model.region.minutes_per_km


def manageability(members: int, comfortable: float, unmanageable: float) -> float:
    """1 up to a comfortable size, falling to 0.1 at an unmanageable size."""
    if members <= comfortable:
        return 1.0
    return max(0.0, 1.0 - 0.9 * (members - comfortable) / max(1e-9, unmanageable - comfortable))


def travel_factor(minutes: float, too_far: float, scale: float) -> float:
    """Share of joint work that survives the travel: one half at the 'too far' time."""
    return 1.0 / (1.0 + math.exp((minutes - too_far) / scale))


def competition(model: World, ps: Partnership) -> float:
    """Share of member pairs close enough to compete for pupils."""
    m = ps.members
    km = model.params.partnerships.competition_km
    pairs = [(a, b) for i, a in enumerate(m) for b in m[i + 1 :]]
    if not pairs:
        return 0.0
    return sum(1 for a, b in pairs if math.hypot(a.x - b.x, a.y - b.y) < km) / len(pairs)


def target_activity(model: World, ps: Partnership, minutes: float) -> float:
    """Activity this partnership can sustain now: money, support, heads' time, size, distance, rivalry, trust."""
    p = model.params.partnerships
    la = model.authority
    support = p.dedicated_leadership_gain * ps.dedicated + p.adviser_gain * ps.adviser
    awaiting_plan = la.startup_per_school > 0 and la.startup_conditional and not ps.plan_approved
    if ps.funds > 0 or ps.form.is_hard or awaiting_plan:
        level = p.base_activity + support
    else:
        per_member = funding.member_term_cost(model, minutes)
        level = float(np.mean([funding.affordable_activity(model, s, per_member) for s in ps.members])) + support
    capacity = np.mean([s.leadership_time for s in ps.members])
    level *= 1.0 - p.head_capacity_weight + p.head_capacity_weight * capacity
    level *= manageability(len(ps.members), p.comfortable_members, p.unmanageable_members)
    level *= travel_factor(minutes * la.travel_cost_factor, p.travel_too_far_minutes, p.travel_scale_minutes)
    level *= 1.0 - p.competition_penalty * competition(model, ps)
    level *= 0.5 + 0.5 * ps.trust  # heads commit time and money to work they trust
    if ps.form.is_hard:
        level = max(level, 0.5)  # one governing body and head: joint work is how the schools run
    return float(min(1.0, level))


def _set_form(model: World, ps: Partnership, form: Form) -> None:
    old = ps.form
    ps.form = form
    model.log(
        "partnership_form_changed",
        school=ps.members[0],
        partnership=ps,
        form=form.name.lower(),
        from_form=old.name.lower(),
    )


def dissolve(model: World, ps: Partnership, reason: str) -> None:
    """End a partnership; unspent funds go back to members' reserves."""
    if ps.members and ps.funds > 0:
        share = ps.funds / len(ps.members)
        for s in ps.members:
            s.reserves += share
        ps.funds = 0.0
    model.flows[f"partnerships_ended.{reason}"] += 1
    model.log(
        "partnership_dissolved",
        school=ps.members[0] if ps.members else None,
        partnership=ps,
        reason=reason,
        members=len(ps.members),
        age_terms=model.term - ps.founded_term,
        origin=ps.origin,
        form=ps.form.name.lower(),
    )
    for s in list(ps.members):
        ps.discard(s)
    ps.remove()


def _split(model: World, ps: Partnership) -> None:
    """A large low-trust group splits: the members farthest from the first leave together."""
    first = ps.members[0]
    ordered = sorted(ps.members, key=lambda s: (model.minutes_between(first, s), s.urn))
    leaving = ordered[len(ordered) // 2 :]
    share = ps.funds * len(leaving) / len(ps.members)
    for s in leaving:
        ps.discard(s)
    ps.funds -= share
    new = Partnership(model, members=leaving, form=ps.form, trust=ps.trust, origin="split")
    new.funds = share
    new.plan_approved = ps.plan_approved
    new.funded_years = ps.funded_years
    new.activity = ps.activity
    model.flows["partnerships_split"] += 1
    model.log(
        "partnership_split",
        school=leaving[0],
        partnership=ps,
        members=len(ps.members),
        new_partnership=new.unique_id,
        new_members=len(leaving),
    )


def step(model: World) -> None:
    """Every term, for every partnership in a fixed order."""
    p = model.params.partnerships
    la = model.authority
    rng = model.streams["partnerships"]
    for ps in list(model.partnerships):
        if len(ps.members) < 2 and not ps.form.is_hard:
            dissolve(model, ps, "too_few")
            continue
        _approve_plan(model, ps)
        if model.term_in_year == 0:
            _yearly_money(model, ps)
        has_exec = any(s.head is not None and s.head.is_executive for s in ps.members)
        # an executive, deputy or assistant head released to lead joint work (000: 8 of 47 had it), paid
        # from dedicated money while it lasts or kept on once trust is high; or funded by the authority
        ps.dedicated = not ps.form.is_hard and (
            la.dedicated_leadership or (has_exec and (ps.funds > 0 or ps.trust >= p.deepen_trust))
        )
        ps.adviser = la.adviser_per_partnership and not ps.form.is_hard
        minutes = mean_minutes(model, ps)
        target = target_activity(model, ps, minutes)
        ps.activity += p.activity_adjust_per_term * (target - ps.activity)
        funding.spend_for_partnership(
            model, ps, funding.partnership_term_cost(model, ps, ps.activity, minutes), "partnership_activity"
        )
        ps.trust = float(
            clamp(
                ps.trust
                + p.trust_growth_per_term * ps.activity * (1 - ps.trust)
                - p.trust_decay_per_term * (1 - ps.activity) * ps.trust,
                0,
                1,
            )
        )
        u = rng.random(3)
        if ps.form.is_hard:
            continue
        if ps.trust >= p.deepen_trust and ps.activity >= 0.4:
            if ps.form == Form.INFORMAL and u[0] < p.formalise_per_term / 2:
                _set_form(model, ps, Form.INFORMAL_MOU)
            elif ps.form == Form.INFORMAL_MOU and u[0] < p.formalise_per_term:
                _set_form(model, ps, Form.FORMAL)
            elif ps.form == Form.FORMAL and ps.dedicated and u[0] < p.structure_per_term:
                _set_form(model, ps, Form.STRUCTURED)
        ps.inactive_terms = ps.inactive_terms + 1 if ps.activity < p.fade_activity else 0
        if ps.inactive_terms >= p.fade_terms and model.year >= ps.bound_until_year:
            dissolve(model, ps, "faded")
        elif (
            model.year >= ps.bound_until_year
            and len(ps.members) >= p.split_members
            and ps.trust < p.split_trust
            and model.term - ps.founded_term >= 3
            and u[1] < p.split_per_term
        ):
            _split(model, ps)
