"""The one place randomness comes from: common random numbers by agent and decision.

Every random number is a function of (run root, decision, term, agent key): a school's or a
head's draw for one decision in one term does not depend on how many other agents exist or in
which order they are visited. A policy that adds one executive head therefore changes only the
draws that concern that head, and scenario differences are effects, not reshuffled noise (the
per-agent streams of Starsim, done here by counter-based hashing instead of slots).

- ``Draws.uniform(decision, term, keys)``: one uniform in [0, 1) per agent key, vectorised;
- ``Draws.u(decision, term, key)``: the same number for one agent (pure Python, identical);
- ``Draws.normal`` / ``Draws.poisson``: the inverse distribution function of those uniforms;
- ``Draws.generator(decision, *parts)``: a numpy Generator for a draw that needs a variable
  number of values (an advert's outside applicants), seeded from the decision and its context;
- ``Draws.base_key`` / ``Draws.term_key`` with ``keyed_uniform``: the same uniforms in compiled code (a large
  region's adverts, ``recruitment.applicants_within_reach``).

Keys are 64-bit integers derived from stable names (``key("school", urn)``), never from
Python's ``hash`` (which differs between processes), so results are identical in any process or
launcher. A run's root is (region seed, run seed): the synthetic county is the same in every run
of an ensemble (``region_stream``), the people in it and what happens to them vary by run seed,
and the years before the start (the spin-up, ``sim.model``) do not depend on the scenario.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable

import numpy as np
from scipy.special import ndtri
from scipy.special.cython_special import ndtri as ndtri_scalar  # the same function, without a ufunc's overhead

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_M1 = 0xBF58476D1CE4E5B9
_M2 = 0x94D049BB133111EB
_TERM = 0xD6E8FEB86659FD93
_INDEX = 0xA0761D6478BD642F
_START = 0x243F6A8885A308D3
_TO_UNIT = 1.0 / float(1 << 53)
_U = {name: np.uint64(v) for name, v in (("golden", _GOLDEN), ("m1", _M1), ("m2", _M2))}
_S30, _S27, _S31, _S11 = (np.uint64(s) for s in (30, 27, 31, 11))
_BELOW_ONE = 1 - 1e-12  # the largest uniform a normal is drawn from (``Draws.z``, ``Draws.normal``)
_SMALL = 6  # below this many keys the pure-Python path is faster (same numbers)


def _mix(x: int) -> int:
    """SplitMix64's finaliser on one 64-bit integer."""
    x = (x + _GOLDEN) & _MASK
    x = ((x ^ (x >> 30)) * _M1) & _MASK
    x = ((x ^ (x >> 27)) * _M2) & _MASK
    return x ^ (x >> 31)


def _mix_array(x: np.ndarray) -> np.ndarray:
    """``_mix`` over a uint64 array (wrapping arithmetic)."""
    return _mix_in_place(np.array(x, dtype=np.uint64))


def mix_uint64(x: np.uint64) -> np.uint64:
    """``_mix`` on one unsigned 64-bit integer, for compiled code: ``numba.njit`` it at use (its uint64 arithmetic
    wraps as ``_mix`` masks). The same steps as ``_mix_in_place``."""
    x = x + np.uint64(_GOLDEN)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(_M1)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(_M2)
    return x ^ (x >> np.uint64(31))


def keyed_uniform(agent_key: np.uint64, base: np.uint64, salt: np.uint64) -> float:
    """The uniform ``Draws.uniform`` gives an agent, from its key, the decision's ``Draws.base_key`` and the term's
    ``Draws.term_key`` (as uint64), for compiled code like ``mix_uint64``: the same steps as ``Draws._unit``."""
    return np.float64(mix_uint64(mix_uint64(agent_key ^ base) ^ salt) >> np.uint64(11)) * _TO_UNIT


def _mix_in_place(x: np.ndarray) -> np.ndarray:
    """``_mix_array`` overwriting ``x`` (uint64 arrays wrap silently; no temporary arrays beyond the shifts)."""
    x += _U["golden"]
    x ^= x >> _S30
    x *= _U["m1"]
    x ^= x >> _S27
    x *= _U["m2"]
    x ^= x >> _S31
    return x


def key(*parts: int | str) -> int:
    """A stable 64-bit key from names and integers (the same on every machine and in every process)."""
    h = _START
    for part in parts:
        value = (zlib.crc32(part.encode()) | (len(part) << 32)) if isinstance(part, str) else int(part) & _MASK
        h = _mix(h ^ value)
    return h


def keys_for(name: str, *parts: np.ndarray) -> np.ndarray:
    """``key(name, a, b, ...)`` for each row of integer arrays ``parts`` (the same numbers, vectorised)."""
    h = np.full(np.broadcast(*parts).shape, key(name), dtype=np.uint64)
    for part in parts:
        h = _mix_in_place(h ^ np.asarray(part).astype(np.int64).view(np.uint64))
    return h


def slot_keys(keys: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Keys for numbered slots of each agent (its pupils, its teachers): ``counts[i]`` keys derived from ``keys[i]``."""
    owner = np.repeat(np.arange(len(counts)), counts)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    slot = (np.arange(len(owner)) - first[owner]).astype(np.uint64)
    return _mix_array(np.asarray(keys, dtype=np.uint64)[owner] ^ _mix_array(slot))


def keys_of(agents: Iterable) -> np.ndarray:
    """The ``key`` attribute of each agent, as a uint64 array."""
    return np.fromiter((a.key for a in agents), dtype=np.uint64)


class Draws:
    """Common random numbers for one run: a function of decision, term and agent key."""

    def __init__(self, *root: int | str) -> None:
        self.root = key(*root)
        self._bases: dict[tuple[str, int], int] = {}
        self._decisions: dict[str, int] = {}  # key(root, decision): what every index of a decision starts from
        self._terms: dict[int, int] = {}  # ``term_key`` of each term met (looked up: cheaper than its arithmetic)

    def base_key(self, decision: str, index: int = 0) -> int:
        """The key an agent's key is mixed with first for ``decision`` (and ``index``) in this run, every term:
        ``key(root, decision, index)``, its first two parts found once per decision."""
        b = self._bases.get((decision, index))
        if b is None:
            d = self._decisions.get(decision)
            if d is None:
                d = self._decisions[decision] = key(self.root, decision)
            b = self._bases[(decision, index)] = _mix(d ^ (int(index) & _MASK))
        return b

    @staticmethod
    def term_key(term: int) -> int:
        """What a term's draws mix in second (after ``base_key``): the same for every decision and run."""
        return ((term & _MASK) * _TERM + _INDEX) & _MASK

    def uniform(self, decision: str, term: int, keys: np.ndarray, index: int = 0) -> np.ndarray:
        """One uniform in [0, 1) per agent key (``index`` separates several draws of one decision)."""
        k = np.asarray(keys, dtype=np.uint64)
        if k.size <= _SMALL:
            return np.array([self.u(decision, term, int(a), index) for a in k.ravel()]).reshape(k.shape)
        return self._unit(k ^ np.uint64(self.base_key(decision, index)), term)

    def uniform_rows(
        self, decision: str, term: int, keys: np.ndarray, indices: list[int], counts: np.ndarray
    ) -> np.ndarray:
        """``uniform`` for several rows of keys at once, each row with its own ``index`` (rows one after another,
        ``counts[r]`` keys in row ``r``): the same numbers as one call per row."""
        bases = np.array([self.base_key(decision, index) for index in indices], dtype=np.uint64)
        return self._unit(np.asarray(keys, dtype=np.uint64) ^ np.repeat(bases, counts), term)

    def _unit(self, keyed: np.ndarray, term: int) -> np.ndarray:
        """Uniforms from agent keys already mixed with their decision's base (``keyed``, overwritten)."""
        x = _mix_in_place(keyed)
        x ^= np.uint64(self.term_key(term))
        x = _mix_in_place(x)
        x >>= _S11
        return x.astype(np.float64) * _TO_UNIT

    def u(
        self,
        decision: str,
        term: int,
        agent_key: int,
        index: int = 0,
        _golden: int = _GOLDEN,
        _mask: int = _MASK,
        _m1: int = _M1,
        _m2: int = _M2,
        _to_unit: float = _TO_UNIT,
    ) -> float:
        """The uniform ``uniform`` would give this one agent (``_mix`` twice, written out: the commonest draw).

        The constants are bound as defaults (local reads, not global ones) and the term's key is looked up:
        15% fewer machine instructions a call. Never pass the underscored arguments."""
        b = self._bases.get((decision, index))
        if b is None:
            b = self.base_key(decision, index)
        salt = self._terms.get(term)
        if salt is None:
            salt = self._terms[term] = self.term_key(term)
        x = ((agent_key ^ b) + _golden) & _mask
        x = ((x ^ (x >> 30)) * _m1) & _mask
        x = ((x ^ (x >> 27)) * _m2) & _mask
        x = (((x ^ (x >> 31)) ^ salt) + _golden) & _mask
        x = ((x ^ (x >> 30)) * _m1) & _mask
        x = ((x ^ (x >> 27)) * _m2) & _mask
        return ((x ^ (x >> 31)) >> 11) * _to_unit

    def normal(self, decision: str, term: int, keys: np.ndarray, index: int = 0) -> np.ndarray:
        """One standard normal per agent key."""
        return ndtri(np.clip(self.uniform(decision, term, keys, index), 1e-12, _BELOW_ONE))

    def z(self, decision: str, term: int, agent_key: int, index: int = 0) -> float:
        """One standard normal for one agent."""
        u = self.u(decision, term, agent_key, index)
        return ndtri_scalar(1e-12 if u < 1e-12 else _BELOW_ONE if u > _BELOW_ONE else u)  # ``normal``'s clip

    def poisson(self, decision: str, term: int, keys: np.ndarray, means: np.ndarray, index: int = 0) -> np.ndarray:
        """One Poisson count per agent key with the given means."""
        return poisson_quantile(self.uniform(decision, term, keys, index), means)

    def generator(self, decision: str, *parts: int | str) -> np.random.Generator:
        """A Generator for a draw of a variable number of values, seeded by the decision and its context."""
        k = key(self.root, decision, *parts)
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence([k & 0xFFFFFFFF, k >> 32])))


def poisson_quantile(u: np.ndarray, means: np.ndarray) -> np.ndarray:
    """The Poisson count at cumulative probability ``u`` (inverse CDF, exact; for the small means used here)."""
    u = np.asarray(u, dtype=float)
    m = np.broadcast_to(np.maximum(np.asarray(means, dtype=float), 0.0), u.shape)
    out = np.zeros(u.shape, dtype=np.int64)
    pmf = np.exp(-m)
    cdf = pmf.copy()
    todo = u > cdf
    k = 0
    limit = float(m.max(initial=0.0) + 20 * np.sqrt(m.max(initial=0.0)) + 20)
    while todo.any() and k < limit:
        k += 1
        pmf = pmf * m / k
        cdf = cdf + pmf
        out[todo] = k
        todo &= u > cdf
    return out


def poisson_count(u: float, mean: float) -> int:
    """``poisson_quantile`` for one uniform and one mean, without arrays."""
    m = max(float(mean), 0.0)
    pmf = math.exp(-m)
    cdf = pmf
    k = 0
    limit = m + 20 * math.sqrt(m) + 20
    while u > cdf and k < limit:
        k += 1
        pmf = pmf * m / k
        cdf = cdf + pmf
    return k


def region_stream(region_seed: int) -> np.random.Generator:
    """The generator that builds a synthetic region: its own seed, so one county is the same in every run."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([key("region") & 0xFFFFFFFF, int(region_seed)])))


def mesa_seed(seed: int) -> int:
    """The integer handed to ``mesa.Model(rng=...)`` (the model never draws from Mesa's own generator)."""
    return key("mesa", seed) & 0x7FFFFFFF
