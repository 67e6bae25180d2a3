"""Vacancies and recruitment: adverts, applicants from three sources, governors' decisions, the pool.

000_e0a2dbf228a17e9a.txt, Figure 3: about 3 applicants per vacancy in schools of <=100 pupils
against about 4.5 in larger ones, 2.3 in voluntary aided schools; 28 of 40 vacancies filled by
September 2013; Spilsby: "only two applications ... unable to make an appointment", then one
applicant in the autumn. An advert draws applicants from

- the region's aspiring heads (deputies and assistant heads in the pool, each at a school), who
  apply to posts within reach;
- sitting heads of the region seeking a bigger headship (``moves``), who apply to posts within
  reach at schools bigger than the job they have: appointed, they leave a vacancy behind, so a
  move within the region opens a vacancy chain;
- applicants from outside the region (a Poisson number, ``region.outside_applicants``).

Every source applies less to small, remote and voluntary aided schools and more to schools in an
active partnership (000: "the development they were going to get was going to be good"). Governors
judge the applicants with an error that skilled governors halve, and appoint with a chance rising
smoothly with the best judged candidate; otherwise they re-advertise next term, while a deputy acts
up, a consultant head is provided, or an interim executive head covers (``executive``).

The pool of aspiring heads is fed every year by the region's own schools (deputies and assistant
heads ready for headship, faster where an executive head grows heads of school: 000 "a production
line") and drained by appointments, by those who stop seeking, and by age.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from sim.mechanisms import executive, federation, headship
from sim.mechanisms.headship import choose_cover, close_vacancy, federation_partners
from sim.mechanisms.population import new_head, new_heads
from sim.state.agents import Cover, HeadState, Headteacher, School, Vacancy
from sim.state.curves import rising, rising_array
from sim.state.streams import key, keyed_uniform, keys_for, mix_uint64, poisson_count
from sim.state.world import OFFERS_AT_ONCE, Reach, World


def attractiveness(model: World, school: School) -> float:
    """How much a post here draws applicants, relative to a large, central, community school (1)."""
    r = model.params.recruitment
    size = r.small_attractiveness + (1.0 - r.small_attractiveness) * rising(
        school.roll, r.size_mid_roll, r.size_roll_scale
    )
    church = r.va_factor if school.religion == "VA" else r.vc_factor if school.religion == "VC" else 1.0
    remote = math.exp(-r.remoteness_per_minute * school.minutes_to_town)
    partnership = 1.0 + r.partnership_boost * school.partnership_activity
    return size * church * remote * partnership


def posts_in_reach(model: World) -> np.ndarray:
    """For each school, the other schools within reach, weighted by the reach curve (fixed: schools do not move).

    Candidates spread their applications over the posts advertised within reach, so where schools
    are dense each advert draws from more candidates but each candidate has more posts to choose
    from: applicants per advert do not grow with density (England against a rural county).
    """
    r = model.params.recruitment
    places, question = model.memo("places"), ("posts_in_reach", r.reach_minutes, r.reach_scale_minutes)
    found = places.get(question)
    if found is None:
        found = places[question] = _reach(model).totals() - 1.0  # not itself
    return found


def _reach(model: World) -> Reach:
    r = model.params.recruitment
    return model.reach_table(r.reach_minutes, r.reach_scale_minutes)


@dataclass
class Group:
    """Candidates of one kind, by the school each is at (positions in ``model.schools``)."""

    people: list[Headteacher]
    keys: np.ndarray
    at: np.ndarray  # the school each candidate is at
    competing: np.ndarray  # adverts each candidate expects within reach in a year, besides the one at hand
    competing_at: np.ndarray  # the same by school (every candidate at a school expects the same)
    reach: Reach  # the reach table (``_reach``), looked up once per index rather than once per advert
    _by_school: tuple[np.ndarray, np.ndarray] | None = None  # candidates sorted by school, where each school's begin

    @classmethod
    def of(cls, model: World, people: list[Headteacher], keys: np.ndarray, at: np.ndarray) -> Group:
        competing_at = model.adverts_per_school * posts_in_reach(model)
        return cls(people, keys, at, competing_at[at], competing_at, _reach(model))

    def by_school(self, model: World) -> tuple[np.ndarray, np.ndarray]:
        """The candidates sorted by the school each is at (stable), and where each school's candidates begin."""
        if self._by_school is None:
            order = np.argsort(self.at, kind="stable")
            self._by_school = order, np.searchsorted(self.at[order], np.arange(len(model.schools) + 1))
        return self._by_school

    def near(self, model: World, school: School) -> tuple[np.ndarray, np.ndarray]:
        """Indices of the candidates within reach of ``school`` and the factor by which distance scales their interest.

        In no particular order (whoever uses the order sorts what it keeps: sorting every candidate
        within reach of an English advert would cost more than finding them)."""
        idx, near, _ = self.near_each(model, [school.position])
        return idx, near

    def near_each(self, model: World, positions: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``near`` for several schools at once: their rows one after another, and how long each row is."""
        reach = self.reach
        if reach.dense is not None:  # one flat pass over the rows' weights (2-d indexing and sums cost twice as much)
            width = len(self.at)
            weights = reach.dense.take(positions, axis=0).take(self.at, axis=1).ravel()
            flat = (weights >= 0.0).nonzero()[0]
            rows_end = flat.searchsorted(np.arange(len(positions) + 1) * width)
            return flat % width if width else flat, weights.take(flat), np.diff(rows_end)
        order, starts = self.by_school(model)
        found = reach.rows(positions)
        if len(found) == 1:  # an English advert: the same numbers without joining rows
            schools, weights = found[0]
            first = starts[schools]
            counts = starts[schools + 1] - first
            through = np.cumsum(counts)
            total = int(through[-1]) if len(through) else 0
            if not total:
                return np.zeros(0, dtype=int), np.zeros(0), np.array([0])
            offsets = np.repeat(first - (through - counts), counts)
            offsets += np.arange(total)
            return order[offsets], np.repeat(weights, counts), np.array([total])
        schools = np.concatenate([f[0] for f in found])
        first = starts[schools]
        counts = starts[schools + 1] - first
        through = np.cumsum(counts)
        total = int(through[-1])
        per_row = np.diff(through[np.cumsum([len(f[0]) for f in found]) - 1], prepend=0)
        if not total:
            return np.zeros(0, dtype=int), np.zeros(0), per_row
        offsets = np.repeat(first - (through - counts), counts)
        weights = np.concatenate([f[1] for f in found])
        return order[offsets + np.arange(total)], np.repeat(weights, counts), per_row  # by school, not by candidate


@dataclass
class Offer:
    """One school's advert this term as its candidates see it, before the school's appeal and its own head are
    known: who is within reach, and each one's own uniform for applying to it (computed for the term's
    adverts together: ``offers``)."""

    idx: np.ndarray  # positions in the candidate index
    rate: np.ndarray  # applications a year each would make to a post as attractive as a large central school
    near: np.ndarray  # how much distance keeps of their interest
    interest: np.ndarray  # a seeking head's interest in a post this size (1 for the pool)
    spread: np.ndarray  # 1 + the other adverts each expects within reach
    u: np.ndarray  # each one's draw for applying here this term


@dataclass
class Candidates:
    """This term's aspiring heads (the pool) then seeking heads, in one index (built once a term;
    who takes a post is skipped later)."""

    term: int
    group: Group
    n_pool: int  # the first ``n_pool`` people are aspiring heads, the rest seeking heads
    rate: np.ndarray  # applications a year each would make to a post as attractive as a large central school
    roll: np.ndarray  # pupils in the schools a seeking head leads (1 for the pool: unused)
    position: dict[int, int]  # where each seeking head is in ``group.people``, by id
    offers: dict[int, Offer] = field(default_factory=dict)  # this term's adverts, by school position (``offers``)
    due: list[int] | None = None  # schools expected to advertise this term, in the order they will (positions)
    _keys_by_school: np.ndarray | None = None

    def keys_by_school(self, model: World) -> np.ndarray:
        """Each candidate's key in the order of ``Group.by_school`` (an advert reads them school by school)."""
        if self._keys_by_school is None:
            self._keys_by_school = self.group.keys[self.group.by_school(model)[0]]
        return self._keys_by_school


@contextmanager
def held_candidates(model: World) -> Iterator[None]:
    """Keep one candidate index while nothing changes (e.g. reading every school's expected applicants)."""
    saved = model.recruiting, model.__dict__.get("_candidates")
    model.recruiting, model._candidates = True, None
    try:
        yield
    finally:
        model.recruiting, model._candidates = saved


def candidates(model: World) -> Candidates:
    """The candidate index: built once per recruitment phase (``step``) and fresh whenever asked outside it."""
    cached = getattr(model, "_candidates", None)
    if cached is not None and cached.term == model.term and model.recruiting:
        return cached
    r = model.params.recruitment
    pool, pool_keys, pool_at = model.pool.columns()
    in_post = model.heads_in_post()
    seeking = [  # present heads of a school of their own who seek a bigger one
        i for i, h in enumerate(in_post) if h.seeking and h.absent_terms == 0 and h.schools
    ]
    seekers, seeker_keys = [in_post[i] for i in seeking], model.in_post.keys()[np.array(seeking, dtype=np.intp)]
    people = pool + seekers
    n = len(pool)
    rate = np.full(len(people), r.pool_applications_per_year)
    rate[n:] = r.head_applications_per_year
    seekers_at = np.array([h.schools[0].position for h in seekers], dtype=np.int64)
    cands = Candidates(
        term=model.term,
        group=Group.of(model, people, np.concatenate([pool_keys, seeker_keys]), np.concatenate([pool_at, seekers_at])),
        n_pool=n,
        rate=rate,
        roll=np.concatenate([np.ones(n), np.array([h.roll_led for h in seekers], dtype=float)]),
        position={id(h): n + i for i, h in enumerate(seekers)},
    )
    if model.recruiting:
        model._candidates = cands
    return cands


def offers(model: World, c: Candidates, positions: list[int]) -> dict[int, Offer]:
    """The offers of several schools' adverts, found together: one reach lookup, one vectorised draw."""
    idx, near, counts = c.group.near_each(model, positions)
    interest = np.ones(len(idx))
    heads = np.flatnonzero(idx >= c.n_pool)
    if len(positions) == 1:  # one school's roll, and the offer is the whole of each array
        i = positions[0]
        rolls = float(model.schools[i].roll)
        interest[heads] = move_up_interest(model, rolls, c.roll[idx[heads]])
        u = model.draws.uniform("apply", model.term, c.group.keys[idx], model.schools[i].key)
        return {i: Offer(idx, c.rate[idx], near, interest, 1.0 + c.group.competing[idx], u)}
    schools = model.schools
    rolls = np.array([float(schools[i].roll) for i in positions]).repeat(counts)
    interest[heads] = move_up_interest(model, rolls[heads], c.roll[idx[heads]])
    keys = [schools[i].key for i in positions]
    u = model.draws.uniform_rows("apply", model.term, c.group.keys[idx], keys, counts)
    rate, spread = c.rate[idx], 1.0 + c.group.competing[idx]
    ends = counts.cumsum().tolist()
    # each offer holds views of the batch's arrays: the batch lives until its last offer is taken, which is no more
    # memory than copies of every offer made now (together they are the batch)
    return {
        i: Offer(idx[start:end], rate[start:end], near[start:end], interest[start:end], spread[start:end], u[start:end])
        for i, start, end in zip(positions, [0, *ends], ends)
    }


def offer(model: World, school: School) -> Offer:
    """This school's offer: during recruitment, found with those of the next schools due to advertise this term."""
    c = candidates(model)
    i = school.position
    if not (model.recruiting and c is getattr(model, "_candidates", None)) or c.group.reach.dense is None:
        return offers(model, c, [i])[i]  # alone: outside recruitment, or rows found one at a time
    found = c.offers.pop(i, None)
    if found is not None:
        return found
    if c.due is None:  # every vacancy re-advertises and every school just left without a head advertises
        due = {s.position for s in model.schools if s.vacancy is not None} | {s.position for s, _ in model.vacated}
        c.due = sorted(due)
    at = bisect.bisect_left(c.due, i)
    together = [i] + [j for j in c.due[at : at + OFFERS_AT_ONCE] if j != i and j not in c.offers][: OFFERS_AT_ONCE - 1]
    c.due = [j for j in c.due if j not in together]
    c.offers.update(offers(model, c, together))
    return c.offers.pop(i)


def move_up_interest(model: World, roll: float | np.ndarray, roll_led: np.ndarray) -> np.ndarray:
    """A seeking head's interest in a post of ``roll`` pupils, against the pupils they lead now (a bigger job)."""
    r = model.params.recruitment
    return rising_array(roll / np.maximum(roll_led, 1.0), r.move_up_ratio, r.move_up_scale)


def chance_to_apply(
    rate: np.ndarray | float,
    appeal: float,
    near: np.ndarray | float,
    interest: np.ndarray | float,
    spread: np.ndarray | float,
) -> np.ndarray | float:
    """Each candidate's chance to apply this term, before the cap at 1: a year's applications at this post's appeal,
    kept by distance and interest, spread over this post and the others expected within reach. Over arrays (numpy)
    or one candidate's numbers (the compiled pass, ``applicants_within_reach``, calls this very function)."""
    chance = rate * appeal
    chance *= near
    chance *= interest
    chance /= spread
    return chance


def own_heads(c: Candidates, school: School) -> list[int]:
    """Where the heads who lead ``school`` now are in the candidate index (a head does not apply to their own)."""
    return [c.position[id(h)] for h in (school.head, school.cover_head) if h is not None and id(h) in c.position]


def application_chances(
    model: World, school: School, found: Offer | None = None
) -> tuple[np.ndarray, np.ndarray, float]:
    """Candidates within reach (positions in the candidate index, in no particular order) and each one's chance to
    apply; the outside mean."""
    c = candidates(model)
    found = offer(model, school) if found is None else found
    appeal = attractiveness(model, school)
    idx = found.idx
    chance = chance_to_apply(found.rate, appeal, found.near, found.interest, found.spread)
    for j in own_heads(c, school):
        chance[idx == j] = 0.0
    return idx, np.minimum(chance, 1.0, out=chance), model.region.outside_applicants * appeal


def expected_applicants(model: World, school: School) -> float:
    """Mean applicants an advert here would draw now (for the risk register)."""
    c = candidates(model)
    idx, chance, outside = application_chances(model, school, offers(model, c, [school.position])[school.position])
    order = np.argsort(idx, kind="stable")
    idx, chance = idx[order], chance[order]
    heads = idx >= c.n_pool
    return float(chance[~heads].sum() + chance[heads].sum() + outside)


APPLIED_FROM = {source: f"applicants_from.{source}" for source in ("pool", "head", "outside")}  # flows by source


@dataclass
class Applicant:
    source: str  # pool | head | outside
    key: int
    skill: float
    person: Headteacher | None


def applying(model: World, school: School) -> tuple[np.ndarray, float]:
    """The candidates who apply to this advert (positions in the candidate index, ascending) and the outside mean."""
    c = candidates(model)
    if c.group.reach.dense is not None:
        found = offer(model, school)
        idx, chance, outside_mean = application_chances(model, school, found)
        applied = idx[found.u < chance]
        applied.sort()
        return applied, outside_mean
    return _applying_compiled(model, c, school)


def _applying_compiled(model: World, c: Candidates, school: School) -> tuple[np.ndarray, float]:
    """``applying`` in a region too large for a matrix of reach (England): one compiled pass over the candidates
    within reach (``applicants_within_reach``), the same applicants as ``application_chances`` gives."""
    r = model.params.recruitment
    appeal = attractiveness(model, school)
    ((schools, weights),) = c.group.reach.rows([school.position])
    order, starts = c.group.by_school(model)
    pool, heads, near, u = compiled_applicants()(
        schools,
        weights,
        order,
        starts,
        c.keys_by_school(model),
        c.group.competing_at,
        float(r.pool_applications_per_year),
        float(r.head_applications_per_year),
        c.n_pool,
        appeal,
        np.uint64(model.draws.base_key("apply", school.key)),
        np.uint64(model.draws.term_key(model.term)),
    )
    found = pool
    if len(heads):  # seeking heads whose draw falls under their chance at the greatest interest: finish their chance
        interest = move_up_interest(model, float(school.roll), c.roll[heads])
        chance = chance_to_apply(c.rate[heads], appeal, near, interest, 1.0 + c.group.competing[heads])
        found = np.concatenate([pool, heads[u < np.minimum(chance, 1.0)]])
    found.sort()
    for j in own_heads(c, school):
        found = found[found != j]
    return found, model.region.outside_applicants * appeal


def applicants_within_reach(
    schools, weights, order, starts, keys, competing_at, pool_rate, head_rate, n_pool, appeal, base, salt
):  # pragma: no cover - run compiled (``compiled_applicants``)
    """Candidates at ``schools`` (a reach row, with the curve's ``weights``) who apply to this advert: the numbers of
    ``offers`` and ``application_chances`` in one pass, without building their arrays.

    An English advert has about 2,700 candidates within reach, each with their own common random number for
    applying to it, of whom about three apply: found with numpy, that is some fifteen passes over arrays of that
    length and a third of England's time. ``order``/``starts``: the candidate index sorted by school and where
    each school's candidates begin; ``keys``: the candidates' keys in that order; ``competing_at``: adverts a
    candidate at each school expects within reach; ``pool_rate``, ``head_rate``: an aspiring and a seeking head's
    applications a year; ``base`` and ``salt``: ``Draws.base_key("apply", school key)`` and
    ``Draws.term_key(term)``. An aspiring head's chance depends only on the school they are at, so it is found once
    per school (``chance_to_apply`` with an interest of 1, as the numpy path's). A seeking head's interest in a post
    of this size is a curve computed by numpy (numpy's ``tanh`` is not the C library's in the last bit), so seeking
    heads are handed back with their weight and uniform (positions in the candidate index) for the caller to
    finish; only those whose uniform falls under their chance at an interest of 1, which bounds it (an interest is
    at most 1, and rounding keeps the order of products and quotients): the others could not apply. Aspiring heads
    who apply, as positions. Bit for bit the numpy path's: the same SplitMix64 steps (``keyed_uniform``) and the
    same chance."""
    total = 0
    for s in schools:
        total += starts[s + 1] - starts[s]
    pool_out = np.empty(total, dtype=np.int64)
    heads_out = np.empty(total, dtype=np.int64)
    heads_near = np.empty(total, dtype=np.float64)
    heads_u = np.empty(total, dtype=np.float64)
    n_applied = 0
    n_heads = 0
    for r in range(len(schools)):
        s = schools[r]
        near = weights[r]
        spread = 1.0 + competing_at[s]
        chance = min(chance_to_apply(pool_rate, appeal, near, 1.0, spread), 1.0)
        for j in range(starts[s], starts[s + 1]):
            i = order[j]
            u = keyed_uniform(keys[j], base, salt)
            if i >= n_pool:
                if u < min(chance_to_apply(head_rate, appeal, near, 1.0, spread), 1.0):
                    heads_out[n_heads] = i
                    heads_near[n_heads] = near
                    heads_u[n_heads] = u
                    n_heads += 1
            elif u < chance:
                pool_out[n_applied] = i
                n_applied += 1
    return pool_out[:n_applied], heads_out[:n_heads], heads_near[:n_heads], heads_u[:n_heads]


@functools.cache
def compiled_applicants():
    """``applicants_within_reach`` compiled with numba, imported here: only a region too large for a matrix of
    reach (``REACH_DENSE_MAX``) finds applicants this way. Importing numba takes about 0.2 s and loading the kernel
    from numba's cache (beside this file, or the user's cache where that is read-only) about 0.16 s more,
    compiling it after this file changes about 0.7 s: more than a county's adverts would save. The functions it
    calls are compiled into it (``register_jitable``); the cache follows this file, so ``keyed_uniform`` and
    ``mix_uint64`` (``sim.state.streams``) are the ones to watch: ``tests/test_mechanisms.py`` checks the two
    paths agree bit for bit."""
    from numba import njit
    from numba.extending import register_jitable

    for function in (mix_uint64, keyed_uniform, chance_to_apply):
        register_jitable(function)
    return njit(cache=True, nogil=True)(applicants_within_reach)


def draw_applicants(model: World, school: School) -> list[Applicant]:
    """Who applies to this advert (each candidate's decision is their own draw)."""
    c = candidates(model)
    applied, outside_mean = applying(model, school)
    out: list[Applicant] = []
    people, n_pool, candidate, in_post = c.group.people, c.n_pool, HeadState.CANDIDATE, HeadState.IN_POST
    for i in applied.tolist():  # the pool first, then seeking heads, each in the index's order
        head = people[i]
        if i < n_pool:
            if head.state == candidate:
                out.append(Applicant("pool", head.key, head.skill, head))
        elif head.state == in_post and head.seeking and head.schools and head.absent_terms == 0:
            out.append(Applicant("head", head.key, head.skill, head))
    r = model.params.recruitment
    n_outside = poisson_count(model.draws.u("outside", model.term, school.key), outside_mean)
    for k in range(n_outside):
        k_out = key("outside", school.urn, model.term, k)
        skill = r.outside_skill_mean + r.candidate_skill_sd * model.draws.z("skill", 0, k_out)
        out.append(Applicant("outside", k_out, skill, None))
    return out


def open_vacancies(model: World) -> None:
    """Schools left without their head: one vacancy per federation (its first school), one per other school."""
    while model.vacated:
        school, reason = model.vacated.pop(0)
        if school.head is not None or school.vacancy is not None:
            continue
        fed = school.federation
        if fed is not None:
            if any(s.vacancy is not None for s in fed.members):
                school.cover = Cover.HEAD_OF_SCHOOL  # the federation's one vacancy covers it
                continue
            if federation.separate_at_exit(model, fed):
                model.vacated.insert(0, (school, reason))
                continue
        open_vacancy(model, school, reason)


def open_vacancy(model: World, school: School, reason: str) -> None:
    """A headship falls vacant: a partnership may federate or share a head at once; otherwise advertise."""
    if school.federation is None and (
        federation.try_at_vacancy(model, school) or executive.offer_to_partner_head(model, school)
    ):
        return
    la = model.authority
    if (
        la.brokering
        and la.broker_before_advert
        and school.federation is None
        and executive.appoint_nearby(model, school)
    ):
        return
    school.vacancy = Vacancy(school=school, opened_term=model.term, reason=reason)
    school.cover = choose_cover(model, school)
    model.flows["vacancies_opened"] += 1
    model.log("vacancy_opened", school=school, reason=reason, cover=school.cover)
    for other in federation_partners(school):
        if other.head is None:
            other.cover = Cover.HEAD_OF_SCHOOL
    advertise(model, school)  # the first advert runs during the outgoing head's notice term


def advertise(model: World, school: School) -> bool:
    """One advert round: applicants apply, governors judge them; True if a head is appointed."""
    vac = school.vacancy
    r = model.params.recruitment
    vac.rounds += 1
    model.adverts_this_year += 1
    group = f"{school.band}|{school.religion}"
    if model.year not in vac.counted_years:
        vac.counted_years.add(model.year)
        model.flows[f"vacancies|{group}"] += 1
    applicants = draw_applicants(model, school)
    n_app = len(applicants)
    vac.applicants_total += n_app
    vac.last_applicants = n_app
    model.flows[f"adverts|{group}"] += 1
    model.flows[f"applicants|{group}"] += n_app
    best, best_judged = None, -math.inf
    if applicants:
        flows, z, term, school_key = model.flows, model.draws.z, model.term, school.key
        body = school.governing_body
        noise = r.assessment_noise * (1.0 - r.assessment_skill_effect * (body.skill if body else 0.0))
        for a in applicants:
            flows[APPLIED_FROM[a.source]] += 1
            judged = a.skill + noise * z("judge", term, a.key, school_key)
            if judged > best_judged:
                best, best_judged = a, judged
    appointed = best is not None and model.chance("appoint", school) < rising(
        best_judged, r.appoint_bar, r.appoint_scale
    )
    model.log(
        "advert",
        school=school,
        round=vac.rounds,
        applicants=n_app,
        outcome="appointed" if appointed else "no_appointment",
    )
    if not appointed:
        executive.after_failed_advert(model, school)
        return False
    close_vacancy(model, school, "appointed")
    targets = [school] + [s for s in federation_partners(school) if s.head is None]
    if best.source == "head":
        model.flows[f"appointed_from.{best.source}"] += 1
        headship.move(model, best.person, school)
        for other in targets[1:]:
            headship.appoint(model, other, best.person, reason="appointed")
        return True
    head = best.person
    if head is None:
        head = new_head(model, best.key, age=_outside_age(model, best.key))
        head.skill = best.skill
    model.flows[f"appointed_from.{best.source}"] += 1
    for target in targets:
        headship.appoint(model, target, head, reason="appointed")
    return True


def _outside_age(model: World, head_key: int) -> float:
    r = model.params.recruitment
    return r.new_head_age_min + (r.new_head_age_max - r.new_head_age_min) * model.draws.u("age", 0, head_key)


def step(model: World) -> None:
    """Open vacancies where heads left, then re-advertise every vacancy opened in an earlier term."""
    model.recruiting, model._candidates = True, None
    try:
        _recruit(model)
    finally:
        model.recruiting, model._candidates = False, None  # the index and offers nobody took are not kept


def _recruit(model: World) -> None:
    open_vacancies(model)
    term = model.term
    # every vacancy opened from here on is this term's (its first advert runs at once), so the earlier ones are those
    # open now: found in one pass, each checked again when its turn comes (an advert before it may have closed it)
    waiting = [s for s in model.schools if s.vacancy is not None and s.vacancy.opened_term != term]
    for school in waiting:
        vac = school.vacancy
        if vac is None or vac.opened_term == term:
            continue
        if federation.try_authority_trigger(model, school):
            continue
        advertise(model, school)
        open_vacancies(model)  # a head appointed from another school of the region leaves a vacancy (a chain)


def update_pool(model: World) -> None:
    """Aspiring heads, yearly: experience and ageing, those who stop seeking, and new ones from every school.

    Also measures this year's adverts per school, which candidates expect within reach next year.
    """
    model.adverts_per_school = model.adverts_this_year / max(1, len(model.schools))
    model.adverts_this_year = 0
    r = model.params.recruitment
    p_leave = -math.expm1(-r.pool_attrition)
    pool, keys, _ = model.pool.columns()
    for head, u in zip(pool, model.uniform("pool_leave", pool, keys=keys)):
        head.age += 1
        head.skill += r.experience_gain
        if u < p_leave or head.age > r.new_head_age_max:
            model.pool.remove(head)
            head.remove()
            model.flows["pool_left"] += 1
    schools = model.schools
    grows = np.array(
        [1.0 + r.grown_leader_boost * (h is not None and h.is_executive) for s in schools for h in (s.leader,)]
    )
    means = r.grow_per_teacher * model.teacher_counts * grows
    counts = model.draws.poisson("pool_growth", model.term, model.school_keys, means)
    span = r.pool_entry_age_max - r.pool_entry_age_min
    at = np.repeat(np.arange(len(schools)), counts)  # one entry per new aspiring head, school by school
    if not len(at):
        return
    nth = np.arange(len(at)) - np.repeat(np.cumsum(counts) - counts, counts)
    keys = keys_for("aspiring", model.school_urns[at], model.term, nth)
    ages = r.pool_entry_age_min + span * model.draws.uniform("age", 0, keys)
    grown = (grows[at] > 1.0).tolist()
    bonus = [r.grown_leader_bonus if g else 0.0 for g in grown]
    model.pool.extend(
        new_heads(model, keys, ages, bases=[schools[i] for i in at.tolist()], skill_bonus=bonus, grown=grown)
    )
    model.flows["pool_joined"] += len(at)
