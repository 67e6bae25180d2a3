"""Partnerships: formation, trust, activity, money, deepening, fading and splitting.

Rules and figures from 000_e0a2dbf228a17e9a.txt unless noted: the authority groups schools
(cap 7, norm 5, schools of around 200 pupils); start-up money follows an approved business plan
and MoU (some plans "sent back"); before 2012 partnerships formed "on an opportunistic basis",
among heads who knew each other; prior relationships give "initial trust and momentum"; trust
takes "more than a year" (004); "a change of head has been the death of some partnerships";
3-6 schools work, "10 or 11 ... unmanageable", "it takes 40 minutes"; competition for pupils
"can cut across collaborative activity"; depth needs dedicated leadership (only 8 of 47 had it);
a shared adviser helps (002); one-off money runs out and 78% name finance the main challenge.

Joint activity is a smooth function of money, trust, heads' time, size, distance and rivalry:
heads sustain some joint work on their own time (``free_activity``); the rest is paid for, from
the partnership's dedicated money spread over several terms and from what members put in from
their own budgets. A partnership's hazard of dissolving rises smoothly as its activity falls.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy.spatial import cKDTree

from sim.mechanisms import funding
from sim.state.agents import Form, Partnership, School
from sim.state.curves import AUTUMN, TERMS_PER_YEAR, between, clamp, falling, reach, rising
from sim.state.world import GEOMETRY_KEPT, QUERY_SLACK, World

_between = functools.cache(between)  # a group's manageability, by its size and the setting (few of each in a run)


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
            ties.setdefault(s.urn, set()).update(m.urn for m in ps.members if m is not s)
    return ties


def new_partnership(
    model: World, members: list[School], origin: str, ties: dict[int, set[int]] | None = None
) -> Partnership:
    """A new informal partnership; trust starts higher where the heads already worked together."""
    p = model.params.partnerships
    if ties is None:
        tied = 1.0  # an ad hoc partnership is made by heads who know each other
    else:
        pairs = [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
        tied = sum(1 for a, b in pairs if b.urn in ties.get(a.urn, ())) / max(1, len(pairs))
    ps = Partnership(
        model,
        members=members,
        form=Form.INFORMAL,
        trust=min(1.0, p.initial_trust + p.prior_tie_trust * tied),
        origin=origin,
    )
    ps.activity = target_activity(model, ps, mean_minutes(model, ps))  # joint work starts at once
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
    if origin != "ad_hoc" and la.startup_per_school > 0 and not la.startup_conditional:
        release_startup(model, ps)
    return ps


def assign_clusters(model: World, g: dict) -> None:
    """Geographic clusters of eligible schools, swept west to east, norm-sized, cap-limited.

    Partnerships already formal or deeper join the scheme as they are (000: the revised scheme "broadly
    adopted" the partnerships envisaged; early adopters drew down their allocation); informal links are
    regrouped, their heads' ties giving the new groups trust.
    """
    eligible = [s for s in model.schools if s.roll <= g["max_roll"]]
    eligible = [s for s, u in zip(eligible, model.uniform("grouping_join", eligible)) if u < g["participation"]]
    kept = {id(sp): sp for s in eligible if (sp := s.soft_partnership) is not None and sp.form >= Form.FORMAL}
    for ps in kept.values():
        join_scheme(model, ps)
        ps.bound_until_year = max(ps.bound_until_year, model.year + g.get("commitment_years", 0))
    eligible = [s for s in eligible if s.soft_partnership is None or id(s.soft_partnership) not in kept]
    ties = _prior_ties(eligible)
    for ps in {id(sp): sp for s in eligible if (sp := s.soft_partnership) is not None}.values():
        dissolve(model, ps, "regrouped")
    free = {s.urn for s in eligible}
    clusters: list[list[School]] = []
    for seed in sorted(eligible, key=lambda s: (s.x, s.urn)):
        if seed.urn not in free:
            continue
        free.discard(seed.urn)
        group = [seed]
        for nb in model.neighbours(seed, g["max_minutes"]):
            if len(group) >= g["norm"]:
                break
            if nb.urn in free:
                free.discard(nb.urn)
                group.append(nb)
        clusters.append(group)
    singles = [c[0] for c in clusters if len(c) == 1]
    groups = [c for c in clusters if len(c) > 1]
    if singles and groups:
        # a lone school joins the nearest group with room whose first school is close enough: groups found near
        # it by a tree of their first schools (not every group for every school), a hair wider than the limit so
        # that the exact test below decides, and taken in the groups' order so that ties go as they always did
        firsts = cKDTree([(c[0].x, c[0].y) for c in groups])
        radius = g["single_max_minutes"] / model.region.minutes_per_km * (1 + QUERY_SLACK) + QUERY_SLACK
        for school in singles:
            near = [
                c
                for i in sorted(firsts.query_ball_point((school.x, school.y), radius))
                if len(c := groups[i]) < g["cap"] and model.minutes_between(school, c[0]) <= g["single_max_minutes"]
            ]
            if near:
                min(near, key=lambda c: model.minutes_between(school, c[0])).append(school)
    for group in groups:
        ps = new_partnership(model, group, "assigned", ties)
        ps.bound_until_year = model.year + g.get("commitment_years", 0)


def self_organise(model: World, g: dict) -> None:
    """Willing schools pair up with a willing neighbour (groups of up to ``adhoc_max_members``)."""
    size = model.params.partnerships.adhoc_max_members
    mean_open = model.params.governors.openness_mean
    for ps in model.partnerships:
        if not ps.form.is_hard and all(s.roll <= g["max_roll"] for s in ps.members):
            join_scheme(model, ps)  # existing partnerships of eligible schools may bid too
    eligible = [s for s in model.schools if s.roll <= g["max_roll"] and s.soft_partnership is None]
    willing = {
        s.urn
        for s, u in zip(eligible, model.uniform("self_organise", eligible))
        if u < g["participation"] * s.governing_body.openness / mean_open
    }
    ties = _prior_ties(eligible)
    for school in eligible:
        if school.urn not in willing or school.soft_partnership is not None:
            continue
        partner = model.nearest(
            school,
            lambda s: s.urn in willing and (s.soft_partnership is None or len(s.soft_partnership.members) < size),
            g["max_minutes"],
        )
        if partner is None:
            continue
        if partner.soft_partnership is not None:
            partner.soft_partnership.add(school)
        else:
            new_partnership(model, [partner, school], "self_organised", ties)


def form_ad_hoc(model: World) -> None:
    """Yearly: isolated schools outside any partnership link up with a neighbour whose head they know.

    Before 2012 this was how partnerships formed in Lincolnshire ("an opportunistic basis",
    000); it goes on under every scenario. The hazard falls with roll as heads' isolation does
    (the same curve as in ``wellbeing``: it is the isolated heads who seek partners).

    Every school draws (a draw depends only on the school's key), and only those whose draw falls
    under their chance are looked at, in the schools' order: this pass only ever adds schools to
    partnerships, so a school that is alone when its turn comes was alone when the pass began.
    """
    p = model.params.partnerships
    schools = model.schools
    seeking = np.flatnonzero(model.uniform("adhoc", schools, keys=model.school_keys) < _adhoc_chances(model))
    radius = reach(p.adhoc_minutes, p.travel_scale_minutes)
    for i in seeking.tolist():
        school = schools[i]
        if school.soft_partnership is not None:
            continue
        for other in model.neighbours(school, radius):
            group = other.soft_partnership
            if group is not None and (len(group.members) >= p.adhoc_max_members or group.origin != "ad_hoc"):
                continue
            minutes = model.minutes_between(school, other)
            if model.chance("adhoc_partner", school, other.key) >= falling(
                minutes, p.adhoc_minutes, p.travel_scale_minutes
            ):
                continue
            if group is not None:
                group.add(school)
                model.log("partnership_joined", school=school, partnership=group, members=len(group.members))
            else:
                new_partnership(model, [other, school], "ad_hoc")
            break


def _adhoc_chances(model: World) -> np.ndarray:
    """Each school's yearly chance of seeking an ad hoc partner, by position (rolls are fixed: found once per
    setting)."""
    p = model.params.partnerships
    w = model.params.wellbeing
    known = model.memo("adhoc_chances")
    k = (p.adhoc_per_year, w.isolation_mid_roll, w.isolation_roll_scale)
    found = known.get(k)
    if found is None:
        hazard = -math.expm1(-p.adhoc_per_year)
        found = known[k] = np.array(
            [hazard * falling(s.roll, w.isolation_mid_roll, w.isolation_roll_scale) for s in model.schools]
        )
        found.flags.writeable = False
    return found


def open_ad_hoc(model: World, years: int) -> None:
    """The opening before the burn-in: ``years`` autumns of ad hoc formation alone, dated in the years before
    the burn-in (a cheaper pre-2012 process: heads' ties accumulate as they would have, before fading and
    the rest of the model act), so that the burn-in starts near the partnerships' stationary level."""
    start = model.term
    for years_before in range(years, 0, -1):
        model.term = start - TERMS_PER_YEAR * years_before
        form_ad_hoc(model)
    model.term = start


# ----- money --------------------------------------------------------------------------------
def join_scheme(model: World, ps: Partnership) -> None:
    """An existing partnership joins the authority's scheme: it may bid for its money (paid at once if unconditional)."""
    ps.scheme = True
    la = model.authority
    if la.startup_per_school > 0 and not la.startup_conditional and ps.funded_years == 0:
        release_startup(model, ps)


def release_startup(model: World, ps: Partnership, decided: bool = False) -> None:
    """Pay a partnership its start-up money; under a budget or targeting it asks the authority's next round
    instead (``programme_round``), which pays it with ``decided``."""
    if not decided and funding.limited(model):
        limits = funding.programme_limits(model)
        limits.waiting.setdefault(ps.key, (model.term, ps))
        return
    amount = model.authority.startup_per_school * len(ps.members)
    funding.grant_to_partnership(model, ps, amount, "programme_startup")
    ps.funded_years += 1
    ps.last_funded_year = model.year
    model.log("funding_released", school=ps.members[0], partnership=ps, amount=amount)


def _yearly_money(model: World, ps: Partnership) -> None:
    la = model.authority
    if not funding.limited(model):  # else the authority's round commits the programme's money (programme_round)
        for kind, amount in _yearly_requests(model, ps):
            _commit(model, ps, kind, amount)
    if not ps.form.is_hard:
        if la.shared_posts:
            funding.spend_for_partnership(model, ps, la.shared_posts_cost_per_school * len(ps.members), "shared_posts")


def _yearly_requests(model: World, ps: Partnership) -> list[tuple[str, float]]:
    """The programme money a partnership is due this year, in the order it is paid: a further year of start-up
    money, the premium, a year of dedicated leadership, a year of an adviser."""
    la = model.authority
    approved = ps.plan_approved or not la.startup_conditional
    due = []
    if (
        la.startup_per_school > 0
        and approved
        and 0 < ps.funded_years < la.startup_years
        and ps.last_funded_year < model.year
    ):
        due.append(("startup", la.startup_per_school * len(ps.members)))
    if la.premium_per_partnership > 0 and ps.scheme and (approved or la.startup_per_school <= 0):
        due.append(("premium", la.premium_per_partnership))
    if not ps.form.is_hard:
        if la.dedicated_leadership:
            due.append(("dedicated_leadership", la.dedicated_cost_per_year))
        if la.adviser_per_partnership:
            due.append(("adviser", la.adviser_cost_per_year))
    return due


def _commit(model: World, ps: Partnership, kind: str, amount: float) -> None:
    """Pay one of a partnership's programme commitments (``_yearly_requests`` names the kinds)."""
    la = model.authority
    if kind == "startup":
        release_startup(model, ps, decided=True)
    elif kind == "premium":
        funding.grant_to_partnership(model, ps, amount, "programme_premium")
    elif kind == "dedicated_leadership":
        model.pay("authority", "dedicated_leadership", la.dedicated_cost_per_year, external=True)
    elif kind == "adviser":
        model.pay("authority", "advisers", la.adviser_cost_per_year, external=True)


def programme_round(model: World) -> None:
    """Under a budget or targeting, once a term before the partnerships' pass: the authority commits programme
    money in its order until the year's budget is spent.

    Requests: start-up money waiting since the term it was asked for (at formation, on joining the scheme or on
    an approved plan) and, each September, every partnership's money for the year (``_yearly_requests``). Order:
    the partnership with the highest member risk score first (``sim.mechanisms.targeting``; unless the budget's
    ``by_risk`` is off), then the term asked, then the partnership's key; a partnership's own requests in
    ``_yearly_requests`` order. A request that does not fit what is left, or whose partnership holds no target
    school, is declined: start-up money waits for a later round (while the start-up lever lasts), the year's
    recurring money lapses until next September.
    """
    from sim.mechanisms import targeting

    limits = funding.programme_limits(model)
    la = model.authority
    if limits.year != model.year:
        limits.new_year(model.year)
    requests: list[tuple[int, Partnership, str, float]] = []
    for key, (asked, ps) in list(limits.waiting.items()):
        if len(ps.members) < 2 or ps.form.is_hard or la.startup_per_school <= 0 or ps.funded_years:
            del limits.waiting[key]  # gone, federated, already paid, or the start-up offer is over
        else:
            requests.append((asked, ps, "startup", la.startup_per_school * len(ps.members)))
    if model.term_in_year == AUTUMN:
        for ps in model.partnerships_by_key():
            if len(ps.members) >= 2:
                requests.extend((model.term, ps, kind, amount) for kind, amount in _yearly_requests(model, ps))
    if not requests:
        return
    rule = model.scenario.targeting
    scores: dict[int, float] = {}

    def need(ps: Partnership) -> float:
        if not limits.by_risk or limits.per_year is None:
            return 0.0
        if ps.key not in scores:
            scores[ps.key] = max(targeting.risk_score(s, rule) for s in ps.members)
        return -scores[ps.key]

    kinds = ["startup", "premium", "dedicated_leadership", "adviser"]
    requests.sort(key=lambda r: (need(r[1]), r[0], r[1].key, kinds.index(r[2])))
    for _, ps, kind, amount in requests:
        reason = "not_targeted" if not limits.reaches(ps) else None if limits.affordable(amount) else "budget"
        if reason is not None:
            model.log(
                "programme_declined", school=ps.members[0], partnership=ps, outcome=kind, amount=amount, reason=reason
            )
            continue
        limits.spend(amount)
        if kind == "startup":
            limits.waiting.pop(ps.key, None)
        elif kind == "dedicated_leadership":
            limits.leadership.add(ps.key)
        elif kind == "adviser":
            limits.advisers.add(ps.key)
        model.log("programme_committed", school=ps.members[0], partnership=ps, outcome=kind, amount=amount)
        _commit(model, ps, kind, amount)


def _approve_plan(model: World, ps: Partnership) -> None:
    la = model.authority
    if ps.plan_approved or ps.form.is_hard or la.startup_per_school <= 0 or not la.startup_conditional:
        return
    if not ps.scheme:
        return
    p = model.params.partnerships
    chance = p.plan_approval_per_term * trust_factor(model, ps)
    if la.shared_posts:
        chance *= la.shared_posts_approval_factor
    if model.chance("plan_approval", ps) < chance:
        ps.plan_approved = True
        if ps.form < Form.INFORMAL_MOU:
            _set_form(model, ps, Form.INFORMAL_MOU)
        release_startup(model, ps)


# ----- activity and trust -------------------------------------------------------------------
def mean_minutes(model: World, ps: Partnership) -> float:
    """Mean travel time between members."""
    return _geometry(model, ps)[0]


def competition(model: World, ps: Partnership) -> float:
    """Share of member pairs close enough to compete for pupils (smoothly with distance)."""
    return _geometry(model, ps)[1]


def _geometry_curve(model: World) -> tuple:
    """What every partnership's ``_geometry`` depends on besides its members' places (read once per pass)."""
    p = model.params.partnerships
    return (p.competition_km, p.competition_scale_km, model.region.minutes_per_km, model.places_version)


def _geometry(model: World, ps: Partnership, curve: tuple | None = None) -> tuple[float, float]:
    """(mean minutes between members, share of member pairs competing): a function of where the members are,
    so kept by the members' places in the region (positions: schools do not move; the memo is forgotten when
    the schools are indexed again, and by ``step`` when it has grown to many times the partnerships there are).
    ``curve``: ``_geometry_curve``, if known."""
    if curve is None:
        curve = _geometry_curve(model)
    kept = ps.geometry  # the partnership's own, while its members and the places stay the same
    if kept is not None and kept[0] == curve:
        return kept[1]
    cache = model.memo("partnership_geometry")
    places = (*curve, *(s.position for s in ps.members))
    found = cache.get(places)
    if found is None:
        found = cache[places] = (_mean_minutes(model, ps.members), _competition(model, ps.members))
    ps.geometry = (curve, found)
    return found


def _mean_minutes(model: World, m: list) -> float:
    if len(m) < 2:
        return 0.0
    if len(m) == 2:  # the matrix below holds the one distance twice and zeros: its mean is that distance, exactly
        a, b = m
        return float(np.hypot(a.x - b.x, a.y - b.y)) * model.region.minutes_per_km
    xy = np.array([[s.x, s.y] for s in m])
    d = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    return float(d.sum() / (len(m) * (len(m) - 1))) * model.region.minutes_per_km


def _competition(model: World, m: list) -> float:
    p = model.params.partnerships
    pairs = [(a, b) for i, a in enumerate(m) for b in m[i + 1 :]]
    if not pairs:
        return 0.0
    return sum(
        falling(math.hypot(a.x - b.x, a.y - b.y), p.competition_km, p.competition_scale_km) for a, b in pairs
    ) / len(pairs)


def trust_factor(model: World, ps: Partnership) -> float:
    """Heads commit time and money to work they trust."""
    w = model.params.partnerships.trust_activity_weight
    return 1.0 - w + w * ps.trust


def potential(model: World, ps: Partnership, minutes: float, rivalry: float | None = None) -> float:
    """Activity this group could sustain if every cost were paid: trust, heads' time, size, distance, rivalry, support
    (``rivalry``: its ``competition``, if known)."""
    p = model.params.partnerships
    members = ps.members
    capacity = sum([s.leadership_time for s in members]) / len(members)
    level = trust_factor(model, ps)
    level *= 1.0 - p.head_capacity_weight + p.head_capacity_weight * capacity
    level *= _between(len(members), p.comfortable_members, p.unmanageable_members)
    level *= falling(minutes * model.authority.travel_cost_factor, p.travel_too_far_minutes, p.travel_scale_minutes)
    level *= 1.0 - p.competition_penalty * (competition(model, ps) if rivalry is None else rivalry)
    level *= 1.0 + p.dedicated_leadership_gain * ps.dedicated + p.adviser_gain * ps.adviser
    return min(1.0, level)


def money_per_term(model: World, ps: Partnership) -> tuple[float, float]:
    """(dedicated money the partnership spends per term, what members put in from their own budgets)."""
    dedicated = ps.funds / model.params.funding.spend_horizon_terms
    return dedicated, funding.contributions_per_term(model, ps.members)


def target_activity(
    model: World,
    ps: Partnership,
    minutes: float,
    reach: float | None = None,
    money: tuple[float, float] | None = None,
    unit: float | None = None,
) -> float:
    """Activity this partnership sustains now: its potential, of which heads' own time gives ``free_activity``
    and money the rest, the share of the release work (cover, transport) the money pays for at that potential
    (``reach``, ``money`` and ``unit``: its potential, ``money_per_term`` and ``funding.member_term_cost``, if
    known)."""
    p = model.params.partnerships
    if ps.form.is_hard:
        return p.hard_activity
    reach = potential(model, ps, minutes) if reach is None else reach
    full = reach * len(ps.members) * (funding.member_term_cost(model, minutes) if unit is None else unit)
    dedicated, own = money if money is not None else money_per_term(model, ps)
    released = 1.0 if full <= 0 else min(1.0, (dedicated + own) / full)
    return reach * (p.free_activity + (1.0 - p.free_activity) * released)


def pay_for_activity(
    model: World,
    ps: Partnership,
    activity: float,
    minutes: float,
    reach: float | None = None,
    money: tuple[float, float] | None = None,
    unit: float | None = None,
) -> float:
    """Pay for joint work at ``activity`` this term, the part beyond what heads do on their own time: dedicated
    money and members' budgets share its cost in proportion to what each offers. Returns the activity paid for
    (the caller sets it).

    Members never pay more than they offered this term; release work that nobody can pay for does
    not happen (activity falls to what was paid for), so joint work stops when the money does.
    """
    p = model.params.partnerships
    free = p.free_activity
    if ps.form.is_hard or free >= 1.0:
        return activity
    reach = potential(model, ps, minutes) if reach is None else reach
    unit = funding.member_term_cost(model, minutes) if unit is None else unit
    members = ps.members
    cost = max(0.0, activity - free * reach) / (1.0 - free) * len(members) * unit
    if cost <= 0:
        return activity
    dedicated, own = money if money is not None else money_per_term(model, ps)
    from_funds = min(ps.funds, cost * dedicated / (dedicated + own)) if dedicated + own > 0 else 0.0
    from_members = min(own, cost - from_funds)
    from_funds = min(ps.funds, cost - from_members)  # the partnership's own money covers what members cannot
    unpaid = cost - from_funds - from_members
    if unpaid > 0:
        activity -= unpaid * (1.0 - free) / (len(members) * unit)
    ps.funds -= from_funds
    model.pay("programme", "partnership_activity", from_funds)
    share = from_members / len(members)
    for school in members:
        school.reserves -= share
    model.pay("school_budgets", "partnership_activity", from_members)
    return activity


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
    new = Partnership(model, members=leaving, form=ps.form, trust=ps.trust, origin=ps.origin)
    new.funds = share
    new.plan_approved = ps.plan_approved
    new.funded_years = ps.funded_years
    new.last_funded_year = ps.last_funded_year
    new.activity = ps.activity
    new.bound_until_year = ps.bound_until_year
    new.scheme = ps.scheme
    model.flows["partnerships_split"] += 1
    model.log(
        "partnership_split",
        school=leaving[0],
        partnership=ps,
        members=len(ps.members),
        new_partnership=new.unique_id,
        new_members=len(leaving),
    )


def _update_dedicated(model: World, ps: Partnership) -> None:
    """Dedicated leadership: funded by the authority, or released by a trusting partnership with an executive head."""
    p = model.params.partnerships
    la = model.authority
    if ps.form.is_hard:
        ps.dedicated = False
        return
    if la.dedicated_leadership:
        ps.dedicated = not funding.limited(model) or ps.key in funding.programme_limits(model).leadership
        return
    if model.term_in_year != AUTUMN:
        return
    willing = rising(ps.trust, p.deepen_trust, p.deepen_scale)
    if ps.dedicated:
        if model.chance("undedicate", ps) < p.undedicate_per_year * (1.0 - willing):
            ps.dedicated = False
    elif any((leader := s.leader) is not None and leader.is_executive for s in ps.members):
        if model.chance("dedicate", ps) < p.dedicate_per_year * willing:
            ps.dedicated = True


def _adviser_paid(model: World, ps: Partnership) -> bool:
    """Whether the partnership's adviser is paid for this year (always, unless a budget or targeting decides)."""
    return not funding.limited(model) or ps.key in funding.programme_limits(model).advisers


def _deepen(model: World, ps: Partnership, u: float) -> None:
    """Trusting, active partnerships formalise step by step; structure needs dedicated leadership (``u``: the
    partnership's ``deepen`` draw this term)."""
    p = model.params.partnerships
    willing = rising(ps.trust, p.deepen_trust, p.deepen_scale) * ps.activity
    if ps.form in (Form.INFORMAL, Form.INFORMAL_MOU):
        if u < p.formalise_per_term * willing:
            _set_form(model, ps, Form(ps.form + 1))
    elif ps.form == Form.FORMAL:
        factor = 1.0 if ps.dedicated else p.undedicated_structure_factor
        if u < p.structure_per_term * willing * factor:
            _set_form(model, ps, Form.STRUCTURED)


def step(model: World) -> None:
    """Every term, for every partnership in a fixed order; ad hoc partnerships form once a year.

    Each partnership's draws this term (deepening, fading, splitting) are taken for all of them at once: a
    draw depends only on the decision, the term and the partnership's key.
    """
    p = model.params.partnerships
    la = model.authority
    autumn = model.term_in_year == AUTUMN
    if autumn:
        form_ad_hoc(model)
    if funding.limited(model):
        programme_round(model)
    partnerships = model.partnerships_by_key()
    geometry = model.memo("partnership_geometry")
    if len(geometry) > GEOMETRY_KEPT * (len(partnerships) + 1):
        geometry.clear()
    curve = _geometry_curve(model)
    year = model.year
    approving = la.startup_per_school > 0 and la.startup_conditional
    adjust = p.activity_adjust_per_term
    draws = model.uniforms(partnerships, "deepen", "dissolve", "split")
    for ps, u_deepen, u_dissolve, u_split in zip(partnerships, *draws):
        n = len(ps.members)
        if n < 2:
            dissolve(model, ps, "too_few")
            continue
        hard = ps.form.is_hard  # no form in this pass becomes or stops being hard
        if approving and not hard and not ps.plan_approved:
            _approve_plan(model, ps)
        if autumn:
            _yearly_money(model, ps)
        if hard or autumn or la.dedicated_leadership:  # else the autumn's decision stands
            _update_dedicated(model, ps)
        ps.adviser = la.adviser_per_partnership and not hard and _adviser_paid(model, ps)
        minutes, rivalry = _geometry(model, ps, curve)
        activity = ps.activity
        if hard:
            settled = activity + adjust * (p.hard_activity - activity)
            if settled != activity:  # once settled, setting it again would change nothing
                ps.activity = activity = settled
        else:
            # the potential, the money on offer and a member's full cost, found once: nothing they depend on
            # changes before paying
            unit = funding.member_term_cost(model, minutes)
            reach = potential(model, ps, minutes, rivalry)
            money = money_per_term(model, ps)
            activity += adjust * (target_activity(model, ps, minutes, reach, money, unit) - activity)
            ps.activity = activity = pay_for_activity(model, ps, activity, minutes, reach, money, unit)
        trust = ps.trust
        ps.trust = trust = clamp(
            trust + p.trust_growth_per_term * activity * (1 - trust) - p.trust_decay_per_term * (1 - activity) * trust,
            0,
            1,
        )
        if hard:
            continue
        _deepen(model, ps, u_deepen)
        if year < ps.bound_until_year:
            continue
        # each curve is at most 1, so a draw at or above the rate needs no curve
        if u_dissolve < p.dissolve_per_term and u_dissolve < p.dissolve_per_term * falling(
            activity, p.fade_activity, p.fade_scale
        ):
            dissolve(model, ps, "faded")
        elif u_split < p.split_per_term and u_split < p.split_per_term * rising(
            n, p.split_members, p.split_members_scale
        ) * falling(trust, p.split_trust, p.split_trust_scale):
            _split(model, ps)
