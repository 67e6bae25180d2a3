"""Smooth response curves: every graded response in the mechanisms is one of these, with named parameters.

No mechanism switches at a hard threshold: where the documents describe a level beyond which
something changes ("10 or 11 is unmanageable", "40 minutes is too far", small schools of about
100 pupils), the response passes through that level smoothly with a named midpoint and scale.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

TERMS_PER_YEAR = 3  # autumn, spring, summer
AUTUMN, SPRING, SUMMER = range(TERMS_PER_YEAR)
NEGLIGIBLE_SCALES = 7.0  # a logistic has fallen below 0.1% this many scales past its midpoint


def rising(x: float, mid: float, scale: float, _exp: Callable[[float], float] = math.exp) -> float:
    """0 well below ``mid``, 1/2 at ``mid``, 1 well above; ``scale`` sets how gradual (logistic). ``math.exp`` is
    bound as a default (a local read: the curves are called hundreds of thousands of times a run)."""
    z = (x - mid) / (scale if scale > 1e-9 else 1e-9)
    if z >= 0:
        return 1.0 / (1.0 + _exp(-z))
    e = _exp(z)
    return e / (1.0 + e)


def falling(x: float, mid: float, scale: float, _exp: Callable[[float], float] = math.exp) -> float:
    """1 well below ``mid``, 1/2 at ``mid``, 0 well above: ``1 - rising``, written out (one call, not two: the
    commonest curve)."""
    z = (x - mid) / (scale if scale > 1e-9 else 1e-9)
    if z >= 0:
        return 1.0 - 1.0 / (1.0 + _exp(-z))
    e = _exp(z)
    return 1.0 - e / (1.0 + e)


def rising_array(x: np.ndarray, mid: float, scale: float) -> np.ndarray:
    """``rising`` over an array."""
    return 0.5 * (1.0 + np.tanh(0.5 * (np.asarray(x, dtype=float) - mid) / max(scale, 1e-9)))


def rising_each(x: np.ndarray, mid: float, scale: float) -> np.ndarray:
    """``rising`` for each element of an array, by the same formula (``rising_array`` is its tanh form)."""
    z = (np.asarray(x, dtype=float) - mid) / max(scale, 1e-9)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def hump_each(t: np.ndarray, peak: float, shape: float) -> np.ndarray:
    """``hump`` for each element of an array."""
    t = np.asarray(t, dtype=float)
    r = np.where(t > 0, t, 1.0) / max(peak, 1e-9)
    return np.where(t > 0, np.exp(shape * (np.log(r) + 1.0 - r)), 0.0)


def between(x: float, high_at: float, low_at: float) -> float:
    """A falling logistic that is 0.9 at ``high_at`` and 0.1 at ``low_at`` (e.g. comfortable vs unmanageable sizes)."""
    half = 0.5 * (high_at + low_at)
    scale = (low_at - high_at) / (2.0 * math.log(9.0))
    return falling(x, half, scale)


def hump(t: float, peak: float, shape: float) -> float:
    """0 at t = 0, 1 at ``peak``, fading afterwards (a gamma-shaped bump; ``shape`` sets its width)."""
    if t <= 0:
        return 0.0
    r = t / max(peak, 1e-9)
    return math.exp(shape * (math.log(r) + 1.0 - r))


def termly(yearly_hazard: float) -> float:
    """Chance of an event within one term for a yearly hazard rate (events per year)."""
    return -math.expm1(-max(0.0, yearly_hazard) / TERMS_PER_YEAR)


def yearly(yearly_hazard: float) -> float:
    """Chance of an event within one year for a yearly hazard rate."""
    return -math.expm1(-max(0.0, yearly_hazard))


def termly_array(yearly_hazard: np.ndarray) -> np.ndarray:
    """``termly`` over an array."""
    return -np.expm1(-np.maximum(0.0, yearly_hazard) / TERMS_PER_YEAR)


def reach(mid: float, scale: float) -> float:
    """Distance beyond which a falling logistic with this midpoint and scale is negligible (search radius)."""
    return mid + NEGLIGIBLE_SCALES * scale


def clamp(value: float, lo: float, hi: float) -> float:
    """A scalar clipped to [lo, hi] (np.clip is slow on scalars)."""
    return float(lo) if value < lo else float(hi) if value > hi else float(value)
