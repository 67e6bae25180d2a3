"""Compiled kernels for regions too large for a matrix of reach (England): who applies to one advert (the same
applicants as ``recruitment.offers`` and ``recruitment.application_chances`` give, without building their
arrays) and a reach row's distance test (``Reach._row``).

An English advert has about 2,700 candidates within reach (aspiring heads and seeking heads at the
schools of its reach row), each with their own common random number for applying to it
(``Draws.uniform("apply", term, candidate keys, school key)``), of whom about three apply. Found
with numpy, that is some fifteen passes over arrays of that length and a third of England's time;
here it is one pass that hashes each candidate's key and compares the uniform with their chance.

Numbers are bit for bit those of the numpy path: the same SplitMix64 steps on unsigned 64-bit
integers, and the same products in the same order for each chance. A seeking head's interest in a
post of this size is a curve computed by numpy (``rising_array``; numpy's ``tanh`` is not the C
library's in the last bit), so the kernel hands seeking heads back with their uniform and weight and
the caller finishes them with numpy. ``within_reach`` is a reach row's distance test, likewise.

numba is imported only when a region too large for a matrix of reach (``REACH_DENSE_MAX``) first
finds a row: importing it takes about 0.2 s and loading the kernels from numba's cache (beside this
file, or the user's cache where that is read-only) about 0.16 s more, compiling them on a first run
about 0.7 s. That is more than a county's adverts would save, so small regions keep the numpy path.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from sim.state.streams import _GOLDEN, _M1, _M2


@njit(cache=True, nogil=True)
def _mix(x):  # SplitMix64's finaliser, as ``streams._mix_in_place`` (uint64 arithmetic wraps)
    x = x + np.uint64(_GOLDEN)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(_M1)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(_M2)
    return x ^ (x >> np.uint64(31))


@njit(cache=True, nogil=True)
def applicants_within_reach(
    schools, weights, order, starts, keys, competing_at, pool_rate, n_pool, appeal, base, salt
):  # pragma: no cover - compiled
    """Candidates at ``schools`` (a reach row, with the curve's ``weights``) who apply to this advert.

    ``order``/``starts``: the candidate index sorted by school and where each school's candidates begin;
    ``keys``: the candidates' keys in that order; ``competing_at``: adverts a candidate at each school expects
    within reach; ``pool_rate``: an aspiring head's applications a year; ``base``: the decision's base key mixed
    with the school's key (``Draws._base("apply", school key)``); ``salt``: ``Draws._salt(term)``. An aspiring
    head's chance depends only on the school they are at, so it is found once per school. Returns the aspiring
    heads who apply (positions in the candidate index) and the seeking heads within reach with their weight and
    uniform (their interest in the post is the caller's)."""
    total = 0
    for s in schools:
        total += starts[s + 1] - starts[s]
    pool_out = np.empty(total, dtype=np.int64)
    heads_out = np.empty(total, dtype=np.int64)
    heads_near = np.empty(total, dtype=np.float64)
    heads_u = np.empty(total, dtype=np.float64)
    n_applied = 0
    n_heads = 0
    to_unit = 1.0 / 9007199254740992.0  # 2**-53
    for r in range(len(schools)):
        s = schools[r]
        near = weights[r]
        chance = pool_rate * appeal  # as ``application_chances`` multiplies, in the same order
        chance *= near
        chance /= 1.0 + competing_at[s]
        chance = min(chance, 1.0)
        for j in range(starts[s], starts[s + 1]):
            i = order[j]
            u = np.float64(_mix(_mix(keys[j] ^ base) ^ salt) >> np.uint64(11)) * to_unit
            if i >= n_pool:
                heads_out[n_heads] = i
                heads_near[n_heads] = near
                heads_u[n_heads] = u
                n_heads += 1
            elif u < chance:
                pool_out[n_applied] = i
                n_applied += 1
    return pool_out[:n_applied], heads_out[:n_heads], heads_near[:n_heads], heads_u[:n_heads]


@njit(cache=True, nogil=True)
def within_reach(members, x, y, xi, yi, km, minutes_per_km):  # pragma: no cover - compiled
    """The ``members`` (at ``x``, ``y``) within ``km`` of (``xi``, ``yi``) and their distance in minutes: the
    distance test and distances of ``Reach._row``, with the same operations in the same order."""
    inside = np.empty(len(members), dtype=members.dtype)
    minutes = np.empty(len(members), dtype=np.float64)
    km2 = km * km
    n = 0
    for k in range(len(members)):  # without a branch: half the members are within reach, unpredictably
        dx = x[k] - xi
        dy = y[k] - yi
        squared = dx * dx + dy * dy
        inside[n] = members[k]
        minutes[n] = math.sqrt(squared) * minutes_per_km
        n += squared <= km2
    return inside[:n].copy(), minutes[:n].copy()
