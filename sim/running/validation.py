"""One validation path for every number that enters a run, before any run starts.

``validate(cfg)`` walks every field of every typed config (region, params, scenario, run; the
comparison's options through ``check_fields``) and refuses, with one line naming the key, the
value and what is allowed:

- a value of the wrong type (a whole number where one is needed, true/false for switches);
- NaN or infinity anywhere;
- a value outside the range its field declares (``par(default, lo, hi, ...)`` metadata);
- sizes above the limits in ``LIMITS`` (seeds, schools, pupils, workers, sweep jobs, register
  file size), each saying how to go beyond it (``SIM_LIMIT_<NAME>=<n>`` raises a limit);
- combinations that make no sense (region, levers; mechanism parameters through
  ``sim.state.params.check_params`` when that function exists);
- a schema whose provenance is incomplete (``check_provenance``): a parameter without a basis, a
  mechanism or assumption without a prior range, a prior range outside the allowed domain.

It is generic over the dataclasses, so parameters added later are checked with no change here.
``notes(cfg)`` lists what is accepted but worth saying (e.g. a lever that starts after the run), with
``lever_warnings(cfg)``: levers no school can take up or that contradict each other ("warning: ...").

``ensemble_misses()`` reads the other validation, of the model against the documents' figures over
the comparison's parameter draws (docs/validation_ensemble.csv), as one sentence per missed target
for a report's caveats.
"""

from __future__ import annotations

import math
import re
import types
from dataclasses import fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import pandas as pd

from sim.state.errors import ConfigError

# Limits on sizes live in sim/state/limits.py so the register loader can use them too.
from sim.state.limits import LIMITS, Limit, check_limit, limit  # noqa: F401 - part of this module's API

# Fields whose size is limited (key -> limit name); size bands and registers are checked apart.
FIELD_LIMITS = {
    "run.n_seeds": "n_seeds",
    "seeds": "compare_seeds",
    "draws": "draws",
    "counties": "counties",
    "n_jobs": "n_jobs",
}

# Names that become folder names: letters, digits, '_', '-', '.', not starting with '.'.
NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")
NAME_FIELDS = {"region.name", "scenario.name"}


# ----- one field -------------------------------------------------------------------------------


def _fmt(x: Any) -> str:
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return str(x)


def allowed(meta: dict, hint: Any = None) -> str:
    """What a field allows, in words, e.g. 'a number in [0, 1]' or 'a whole number >= 1'."""
    lo, hi = meta.get("lo"), meta.get("hi")
    kind = {int: "a whole number", float: "a number", bool: "true or false", str: "text"}.get(_base(hint), "a value")
    if lo is not None and hi is not None:
        return f"{kind} in [{_fmt(lo)}, {_fmt(hi)}]"
    if lo is not None:
        return f"{kind} >= {_fmt(lo)}"
    if hi is not None:
        return f"{kind} <= {_fmt(hi)}"
    return kind


def _optional(hint: Any) -> bool:
    return get_origin(hint) in (Union, types.UnionType) and type(None) in get_args(hint)


def _base(hint: Any) -> Any:
    """``int | None`` -> int; other hints unchanged."""
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else Any
    return hint


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def check_value(key: str, value: Any, hint: Any, meta: dict | None = None) -> None:
    """Type, finiteness and range of one value (recursing into dataclasses and lists)."""
    meta = meta or {}
    if value is None:
        if hint is Any or _optional(hint):
            return
        raise ConfigError(f"{key} is empty; allowed: {allowed(meta, hint)}")
    base = _base(hint)
    if is_dataclass(base):
        if not is_dataclass(value):
            raise ConfigError(f"{key}={_show(value)} is not allowed: {key} is a group of settings, not one value")
        check_fields(value, key)
        return
    origin = get_origin(base)
    if origin in (list, tuple):
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"{key}={_show(value)} is not allowed: need a list, e.g. [a,b]")
        inner = get_args(base)[0] if get_args(base) else Any
        for i, item in enumerate(value):
            check_value(f"{key}[{i}]", item, inner, {})
        return
    if base is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{key}={_show(value)} is not allowed: need true or false")
        return
    if base is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{key}={_show(value)} is not allowed: need {allowed(meta, hint)}")
    elif base is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{key}={_show(value)} is not allowed: need {allowed(meta, hint)}")
        if not math.isfinite(value):
            raise ConfigError(f"{key}={value} is not a finite number; allowed: {allowed(meta, hint)}")
    elif base is str:
        if not isinstance(value, str):
            raise ConfigError(f"{key}={_show(value)} is not allowed: need text")
        if "\n" in value or "\r" in value or "\x00" in value:
            raise ConfigError(f"{key}={value!r} is not allowed: one line of text, no control characters")
        if key in NAME_FIELDS and not NAME.match(value):
            raise ConfigError(
                f"{key}={value!r} is not allowed: it names output folders, so use 1 to 64 letters, digits, "
                "'_', '-' or '.' (not starting with '.')"
            )
        return
    elif isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"{key}={value} is not a finite number")
    lo, hi = meta.get("lo"), meta.get("hi")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ConfigError(f"{key}={_fmt(value)} is not allowed: need {allowed(meta, type(value))}")
        if key in FIELD_LIMITS:
            check_limit(key, value, FIELD_LIMITS[key])


def check_fields(obj: Any, prefix: str = "") -> None:
    """Check every field of the dataclass ``obj`` against its type hint and ``par`` metadata."""
    hints = get_type_hints(type(obj))
    for f in fields(obj):
        key = f"{prefix}.{f.name}" if prefix else f.name
        check_value(key, getattr(obj, f.name), hints.get(f.name, Any), dict(f.metadata))


LABELS = ("name", "description", "source")  # what a config is called, not a parameter


@cache
def check_provenance(cls: type, prefix: str) -> None:
    """Every field of the dataclass ``cls`` (nested sections included) states its provenance (``par``'s
    ``basis``); a numeric mechanism or assumption has a prior range inside its allowed domain [lo, hi]; a figure or
    mechanism quotes its document. Checked once per schema; raises ConfigError naming the key."""
    from sim.state.params import BASES, DOCS

    hints = get_type_hints(cls)
    for f in fields(cls):
        key = f"{prefix}.{f.name}"
        base = _base(hints.get(f.name, Any))
        if is_dataclass(base):
            check_provenance(base, key)
            continue
        meta = f.metadata
        basis = meta.get("basis")
        if basis is None:
            if f.name in LABELS:
                continue
            raise ConfigError(f"{key} has no basis: declare it with par(..., basis=one of {', '.join(BASES)})")
        if basis not in BASES:
            raise ConfigError(f"{key} has basis={basis!r}: need one of {', '.join(BASES)}")
        if basis in ("figure", "mechanism") and (meta.get("src") not in DOCS or not meta.get("quote")):
            raise ConfigError(f"{key} ({basis}) names no source document and quote: give src=DOC_..., quote=...")
        if basis not in ("mechanism", "assumption") or base not in (int, float):
            continue
        prior, lo, hi = meta.get("prior"), meta.get("lo"), meta.get("hi")
        if prior is None:
            raise ConfigError(f"{key} ({basis}) has no prior range: declare prior=(low, high) and why_prior")
        a, b = prior
        if a > b or (lo is not None and a < lo) or (hi is not None and b > hi):
            raise ConfigError(
                f"{key} has prior [{_fmt(a)}, {_fmt(b)}] outside its allowed domain [{_fmt(lo)}, {_fmt(hi)}]"
            )


# Kept for callers of the first version.
def check_ranges(obj: Any, prefix: str) -> None:
    check_fields(obj, prefix)


# ----- the whole configuration -----------------------------------------------------------------


def validate(cfg: Any) -> None:
    """Check a ``sim.running.config.Config`` (dataclass form) before any run. Raises ConfigError."""
    for part in ("region", "params", "scenario", "run"):
        check_provenance(type(getattr(cfg, part)), part)
        check_fields(getattr(cfg, part), part)
    _check_run(cfg)
    _check_region(cfg)
    from sim.state.heads_file import check_heads_file

    check_heads_file(cfg)  # after the region's own checks: its schools are the URNs the file may name
    _check_params(cfg.params)
    _check_scenario(cfg)


def _check_run(cfg: Any) -> None:
    run = cfg.run
    last = run.seed + run.n_seeds - 1
    if last > 2**32 - 1:
        raise ConfigError(
            f"run.seed={run.seed} with run.n_seeds={run.n_seeds} reaches seed {last}; seeds must stay <= {2**32 - 1}"
        )


def _check_region(cfg: Any) -> None:
    r = cfg.region
    shares = r.share_community + r.share_vc + r.share_va
    if abs(shares - 1.0) > 1e-6:
        raise ConfigError(
            f"region.share_community + share_vc + share_va = {shares:.3f} (share_va={r.share_va}); "
            "they must add up to 1"
        )
    if r.register:
        from sim.state.register import load_register

        table = load_register(r)  # a bad file stops the run here, before any output
        check_limit("region.register: schools", len(table), "schools")
        return
    if not r.size_bands:
        raise ConfigError("region.size_bands is empty; need at least one band {lo, hi, count}")
    for i, band in enumerate(r.size_bands):
        key = f"region.size_bands[{i}]"
        if band.lo < 1 or band.hi < band.lo or band.count < 0:
            raise ConfigError(
                f"{key}={band.lo}-{band.hi} x{band.count} is not allowed: need 1 <= lo <= hi and count >= 0"
            )
        check_limit(f"{key}.hi", band.hi, "pupils")
        check_limit(f"{key}.count", band.count, "schools")
    check_limit("region.size_bands (total count)", r.n_schools, "schools")
    if r.n_schools < 2:
        raise ConfigError(f"region.size_bands hold {r.n_schools} schools; at least 2 are needed")
    if r.academies > r.n_schools:
        raise ConfigError(f"region.academies={r.academies} exceeds the {r.n_schools} schools in region.size_bands")


def _check_params(p: Any) -> None:
    """Cross-field checks of mechanism parameters: ``check_params`` of sim.state.params if it exists."""
    from sim.state import params as params_module

    check = getattr(params_module, "check_params", None)
    if check is not None:
        check(p)
        return
    _legacy_param_checks(p)


def _legacy_param_checks(p: Any) -> None:
    """The cross-field checks that lived here before ``check_params`` (skipped for missing fields)."""
    fed, exe = getattr(p, "federation", None), getattr(p, "executive", None)
    if hasattr(fed, "max_size") and hasattr(exe, "max_schools") and fed.max_size > exe.max_schools:
        raise ConfigError(
            f"params.federation.max_size={fed.max_size} exceeds "
            f"params.executive.max_schools={exe.max_schools}: one head leads a federation"
        )
    ret = getattr(p, "retirement", None)
    if hasattr(ret, "min_age") and hasattr(ret, "max_age") and ret.min_age > ret.max_age:
        raise ConfigError(f"params.retirement.min_age={ret.min_age} is above max_age={ret.max_age}")
    years = getattr(getattr(p, "outcomes", None), "inspection_years", None)
    if isinstance(years, str):
        try:
            cycle = [int(v) for v in years.split(",")]
        except ValueError:
            cycle = []
        if len(cycle) != 4 or min(cycle) < 1:
            raise ConfigError(
                f"params.outcomes.inspection_years={years!r} is not allowed: need four whole years >= 1, e.g. '5,4,2,1'"
            )


def _lever_names() -> list[str]:
    from scenarios.config import LEVER_NAMES

    return list(LEVER_NAMES)


def _check_scenario(cfg: Any) -> None:
    s = cfg.scenario
    g = s.grouping
    if g.enabled and g.mode not in ("assigned", "self_organised"):
        raise ConfigError(f"scenario.grouping.mode={g.mode!r} is not allowed: choose 'assigned' or 'self_organised'")
    if s.lump_sum.enabled and s.lump_sum.mode not in ("new_money", "redistribute"):
        raise ConfigError(
            f"scenario.lump_sum.mode={s.lump_sum.mode!r} is not allowed: choose 'new_money' or 'redistribute'"
        )
    if g.enabled and g.norm > g.cap:
        raise ConfigError(f"scenario.grouping.norm={g.norm} exceeds scenario.grouping.cap={g.cap}")
    p = cfg.params
    needs = {"broker_executive": "executive", "federation_incentive": "federation"}
    for name, mechanism in needs.items():
        lever, mech = getattr(s, name, None), getattr(p, mechanism, None)
        if lever is not None and lever.enabled and mech is not None and not getattr(mech, "enabled", True):
            raise ConfigError(
                f"scenario.{name} is enabled but params.{mechanism}.enabled=false: the lever has no mechanism to act on"
            )
    first = cfg.run.start_year
    for name in _lever_names():
        lever = getattr(s, name)
        if not lever.enabled:
            continue
        if lever.end_year is not None and lever.end_year < lever.start_year:
            raise ConfigError(f"scenario.{name}.end_year={lever.end_year} is before its start_year={lever.start_year}")
        if lever.end_year is not None and lever.end_year < first:
            raise ConfigError(
                f"scenario.{name}.end_year={lever.end_year} is before the run starts (run.start_year={first}): "
                f"the lever would never apply; set scenario.{name}.enabled=false or a later end_year"
            )
    _check_programme_limits(cfg)


def _check_programme_limits(cfg: Any) -> None:
    """A budget too small for the programme's first commitment funds nothing, and targeting more schools than
    the region holds targets nothing: refused with one line, as the comparison refuses its own."""
    s = cfg.scenario
    if s.budget.enabled:
        from scenarios.levers import smallest_commitment

        need = smallest_commitment(s)
        if need is not None and s.budget.per_year < need[0]:
            raise ConfigError(
                f"scenario.budget.per_year={s.budget.per_year:g} is below the programme's smallest first-year "
                f"commitment, £{need[0]:,.0f} ({need[1]}), so it would fund nothing: need £{need[0]:,.0f} or more"
            )
    if s.targeting.enabled:
        from sim.state.region_schools import schools_table
        from sim.state.streams import region_stream

        schools = len(schools_table(cfg.region, region_stream(cfg.region.seed)))
        if s.targeting.n_schools > schools:
            raise ConfigError(
                f"scenario.targeting.n_schools={s.targeting.n_schools} is more than the region's {schools} schools "
                f"(region={cfg.region.name}): need 1 to {schools}"
            )


def _smallest_roll(cfg: Any) -> int | None:
    """The smallest roll of the region's schools (rolls do not change during a run); None if unknown."""
    region = cfg.region
    if region.register:
        from sim.state.register import read_register  # the same (cached) read the run's checks make

        try:
            rolls = read_register(region)[0]["roll"]
        except ConfigError:
            return None  # the register's own check says why
        return int(rolls.min()) if len(rolls) else None
    bands = [b.lo for b in region.size_bands if b.count > 0]
    return min(bands) if bands else None


def lever_warnings(cfg: Any) -> list[str]:
    """Levers that are accepted but can do nothing, or that contradict each other: one line each, starting
    'warning: ' and naming the key(s). The run goes ahead (a user may mean it); the line says why it is idle."""
    s = cfg.scenario
    g, money = s.grouping, [n for n in ("startup_funding", "premium") if getattr(s, n).enabled]
    out = []
    if g.enabled:
        smallest = _smallest_roll(cfg)
        if smallest is not None and g.max_roll < smallest:
            out.append(
                f"scenario.grouping.max_roll={g.max_roll} is below every school's roll (the smallest has "
                f"{smallest} pupils), so no school joins the programme"
            )
        if g.participation == 0:
            out.append("scenario.grouping.participation=0: no eligible school joins the programme")
        if g.start_year < cfg.run.start_year:
            out.append(
                f"scenario.grouping.start_year={g.start_year} is before the run starts (run.start_year="
                f"{cfg.run.start_year}): the authority groups schools only in that year, so no school is grouped"
            )
    if money and not g.enabled:
        named = " and ".join(f"scenario.{name}" for name in money)
        out.append(
            f"{named} {'is' if len(money) == 1 else 'are'} enabled but scenario.grouping is not: only partnerships "
            "in the authority's programme can draw this money, so none is paid"
        )
    st = s.startup_funding
    if st.enabled and st.amount_per_school == 0:
        out.append("scenario.startup_funding.amount_per_school=0: the lever pays nothing")
    if s.premium.enabled and s.premium.amount_per_partnership == 0:
        out.append("scenario.premium.amount_per_partnership=0: the lever pays nothing")
    if st.enabled and g.enabled:
        if st.end_year is not None and st.end_year < g.start_year:
            out.append(
                f"scenario.startup_funding.end_year={st.end_year} is before scenario.grouping.start_year="
                f"{g.start_year}: the money stops before any partnership is in the programme"
            )
        elif not st.conditional and st.start_year > g.start_year:
            out.append(
                f"scenario.startup_funding.conditional=false with start_year={st.start_year} after "
                f"scenario.grouping.start_year={g.start_year}: money without a business plan is released only "
                "when schools are grouped, so none is paid"
            )
    f = s.federation_incentive
    if f.enabled and f.proposal_factor == 1 and f.trigger_after_rounds == 0:
        out.append(
            "scenario.federation_incentive.proposal_factor=1 with trigger_after_rounds=0: the lever changes nothing"
        )
    if f.enabled and f.proposal_factor == 0:
        out.append(
            "scenario.federation_incentive.proposal_factor=0 stops every federation proposal, "
            "those schools would make on their own included"
        )
    if s.collaboration_in_appointments.enabled and s.collaboration_in_appointments.trust_loss_factor == 1:
        out.append("scenario.collaboration_in_appointments.trust_loss_factor=1: the lever changes nothing")
    if s.digital_contact.enabled and s.digital_contact.travel_factor == 1:
        out.append("scenario.digital_contact.travel_factor=1: the lever changes nothing")
    return [f"warning: {line}" for line in out]


def notes(cfg: Any) -> list[str]:
    """Accepted but worth saying: enabled levers that start after the run's last year (no effect), and the
    lever warnings (``lever_warnings``: levers no school can take up, or that contradict each other)."""
    last = cfg.run.start_year + cfg.run.horizon_years - 1
    out = []
    for name in _lever_names():
        lever = getattr(cfg.scenario, name)
        if lever.enabled and lever.start_year > last:
            out.append(
                f"scenario.{name} starts in {lever.start_year}, after the run's last year {last}: "
                "it has no effect in this run"
            )
    return out + lever_warnings(cfg)


# ----- the validation scorecard over the comparison's ensemble -----------------------------------

ENSEMBLE_SCORECARD = Path(__file__).resolve().parents[2] / "docs" / "validation_ensemble.csv"


def ensemble_misses(path: str | Path = ENSEMBLE_SCORECARD, emergent_only: bool = False) -> list[str]:
    """One plain sentence per target the comparison's ensemble misses (``python -m experiments.validate
    --ensemble``): the target, its documented value, the ensemble's median and 10-90% band, and which
    half of the rule fails; for a report's caveats. A missing or outdated table gives one sentence saying so.
    Numbers are written as the report's tables write them (``report_text.fmt``)."""
    from sim.analysis.report_text import fmt as _number  # the report's writer, only when a report is written

    path = Path(path)
    if not path.exists():
        return [
            f"The comparison's ensemble has not been validated ({path.name} is missing): run "
            "`python -m experiments.validate --ensemble --publish`."
        ]
    card = pd.read_csv(path)
    needed = {"id", "target", "tolerance", "kind", "model_median", "model_p10", "model_p90", "within", "reproduced"}
    if not needed <= set(card.columns):
        return [
            f"The ensemble's validation table ({path.name}) is out of date: regenerate it with "
            "`python -m experiments.validate --ensemble --publish`."
        ]
    missed = card[~card.reproduced.astype(bool)]
    if emergent_only and "counts" in card.columns:
        missed = missed[missed.counts.astype(bool)]
    out = []
    for r in missed.itertuples():
        negative = r.kind == "negative"
        documented = "a fall (below zero)" if negative else _number(r.target)
        if negative:
            why = "the median shows no fall"
        elif bool(r.within):
            why = f"the median is within the tolerance (±{_number(r.tolerance)}) but the documented value lies outside the band"
        else:
            why = f"the median is further from it than the tolerance (±{_number(r.tolerance)})"
        kind = f" ({r.basis}, {r.use} target)" if hasattr(r, "basis") and hasattr(r, "use") else ""
        out.append(
            f"{r.id}{kind}: documented {documented}; over the comparison's parameter draws the median is "
            f"{_number(r.model_median)} and the 10–90% band {_number(r.model_p10)} – {_number(r.model_p90)}, so {why}."
        )
    return out
