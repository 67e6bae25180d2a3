"""Range checks on a composed configuration, before any run starts.

Hydra rejects wrong types; this module rejects values outside the range each field
declares (``par(default, lo, hi, ...)``) and combinations that make no sense, with one line
naming the key, the value and what is allowed.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from sim.state.errors import ConfigError


def check_ranges(obj: Any, prefix: str) -> None:
    for f in fields(obj):
        value = getattr(obj, f.name)
        key = f"{prefix}.{f.name}"
        if is_dataclass(value):
            check_ranges(value, key)
            continue
        if isinstance(value, list):
            for i, item in enumerate(value):
                if is_dataclass(item):
                    check_ranges(item, f"{key}[{i}]")
            continue
        lo, hi = f.metadata.get("lo"), f.metadata.get("hi")
        if value is None or isinstance(value, (bool, str)) or (lo is None and hi is None):
            continue
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ConfigError(f"{key}={value!r} is outside the allowed range [{lo}, {hi}]")


def validate(cfg: Any) -> None:
    """Check a ``sim.config.Config`` object (dataclass form). Raises ConfigError."""
    check_ranges(cfg.region, "region")
    check_ranges(cfg.params, "params")
    check_ranges(cfg.scenario, "scenario")
    check_ranges(cfg.run, "run")
    r = cfg.region
    shares = r.share_community + r.share_vc + r.share_va
    if abs(shares - 1.0) > 1e-6:
        raise ConfigError(f"region.share_community + share_vc + share_va = {shares:.3f}; they must add up to 1")
    if r.register:
        from sim.state.register import load_register

        load_register(r)  # a missing file or column stops the run here, before any output
    for i, band in enumerate([] if r.register else r.size_bands):
        if band.lo < 1 or band.hi < band.lo or band.count < 0:
            raise ConfigError(
                f"region.size_bands[{i}]={band.lo}-{band.hi} x{band.count}: need 1 <= lo <= hi and count >= 0"
            )
    if not r.register and r.n_schools < 2:
        raise ConfigError(f"region.size_bands hold {r.n_schools} schools; at least 2 are needed")
    if not r.register and r.academies > r.n_schools:
        raise ConfigError(f"region.academies={r.academies} exceeds the {r.n_schools} schools in region.size_bands")
    p = cfg.params
    if p.federation.max_size > p.executive.max_schools:
        raise ConfigError(
            f"params.federation.max_size={p.federation.max_size} exceeds "
            f"params.executive.max_schools={p.executive.max_schools}: one head leads a federation"
        )
    if p.retirement.min_age > p.retirement.max_age:
        raise ConfigError(f"params.retirement.min_age={p.retirement.min_age} is above max_age={p.retirement.max_age}")
    try:
        cycle = [int(v) for v in p.outcomes.inspection_years.split(",")]
    except ValueError:
        cycle = []
    if len(cycle) != 4 or min(cycle) < 1:
        raise ConfigError(
            f"params.outcomes.inspection_years={p.outcomes.inspection_years!r}: "
            "need four whole years >= 1, e.g. '5,4,2,1'"
        )
    _check_scenario(cfg)


def _check_scenario(cfg: Any) -> None:
    from scenarios.config import LEVER_NAMES

    s = cfg.scenario
    last_year = cfg.run.start_year + cfg.run.horizon_years - 1
    g = s.grouping
    if g.enabled and g.mode not in ("assigned", "self_organised"):
        raise ConfigError(f"scenario.grouping.mode={g.mode!r}: allowed 'assigned' or 'self_organised'")
    if g.enabled and g.norm > g.cap:
        raise ConfigError(f"scenario.grouping.norm={g.norm} exceeds scenario.grouping.cap={g.cap}")
    p = cfg.params
    needs = {
        "broker_executive": ("executive", p.executive.enabled),
        "federation_incentive": ("federation", p.federation.enabled),
    }
    for name, (mechanism, on) in needs.items():
        if getattr(s, name).enabled and not on:
            raise ConfigError(
                f"scenario.{name} is enabled but params.{mechanism}.enabled=false: the lever has no mechanism to act on"
            )
    for name in LEVER_NAMES:
        lever = getattr(s, name)
        if not lever.enabled:
            continue
        if lever.start_year > last_year:
            raise ConfigError(
                f"scenario.{name}.start_year={lever.start_year} is after the run's last year "
                f"{last_year} (run.start_year + run.horizon_years - 1)"
            )
        if lever.end_year is not None and lever.end_year < lever.start_year:
            raise ConfigError(f"scenario.{name}.end_year={lever.end_year} is before its start_year={lever.start_year}")
