"""Outcome targets from the documents, and how the model measures each.

``sim/data/targets.yaml`` holds every numeric `target` fact a simulation can produce, with its
definition in model terms (which measures, groups and academic years), a justified tolerance,
whether calibration may fit it, and how honestly the model meets it (``basis``: input, identity,
fitted or emergent, with the reason). Only emergent targets count. A target is reproduced when
the model median lies within the tolerance *and* the documented value lies inside the model's
10-90% band over runs. A target whose definition was changed to follow its document says so in
``definition_change`` (the old definition, the new one and why). Malformed targets (a measure or
group the model does not produce, a tolerance that is not positive, ...) raise ``TargetError``,
one line naming the target, the field, the value and what is allowed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

TARGETS_FILE = Path(__file__).resolve().parents[1] / "data" / "targets.yaml"
REQUIRED = ("id", "value", "definition", "tolerance", "why", "use", "basis", "basis_why", "source_file", "quote")
OPTIONAL = ("definition_change",)  # why and how a definition was changed to follow its document
DEFINITION_KEYS = ("num", "den", "minus", "kind")
BASES = ("input", "identity", "fitted", "emergent")
RUN_KEYS = ("draw", "county", "seed")  # what tells one run of an ensemble from another


class TargetError(ValueError):
    """A malformed target (printed as one line naming the target)."""


@dataclass(frozen=True)
class Term:
    measure: str
    group: str
    years: tuple[int, ...]


@dataclass(frozen=True)
class Target:
    id: str
    value: float
    num: tuple[Term, ...]
    den: tuple[Term, ...] | float | None
    minus: tuple[Term, ...]
    kind: str
    tolerance: float
    why: str
    use: str
    basis: str
    basis_why: str
    source_file: str
    quote: str
    definition_change: str | None = None

    @property
    def counts(self) -> bool:
        """Only targets that emerge from the mechanisms (not set from, fitted to or implied by others) count."""
        return self.basis == "emergent"

    def within(self, median: float) -> bool:
        """The model median lies within the tolerance (for a documented fall: below zero)."""
        if np.isnan(median):
            return False
        if self.kind == "negative":
            return median < 0
        return abs(median - self.value) <= self.tolerance

    def reproduced(self, median: float, p10: float, p90: float) -> bool:
        """Within the tolerance, and the documented value inside the model's 10-90% band."""
        if not self.within(median):
            return False
        return self.kind == "negative" or (p10 <= self.value <= p90)


Known = Collection[str] | Mapping[str, Collection[str]] | None  # measures, or each measure with its groups


def _terms(target_id: str, part: str, raw: Any, known: Known) -> tuple[Term, ...]:
    if not isinstance(raw, list) or not raw:
        raise TargetError(
            f"target {target_id}: definition.{part}={raw!r} is not allowed: need a non-empty list of measure terms"
        )
    out = []
    for i, t in enumerate(raw):
        field = f"definition.{part}[{i}]"
        if not isinstance(t, dict) or not {"measure", "group", "years"} <= set(t):
            raise TargetError(f"target {target_id}: {field}={t!r} is not allowed: need measure, group and years")
        measure, group, years = t["measure"], t["group"], t["years"]
        if not isinstance(group, str):
            raise TargetError(f"target {target_id}: {field}.group={group!r} must be a string (quote it in YAML)")
        if known is not None and measure not in known:
            raise TargetError(
                f"target {target_id}: {field}.measure={measure!r} is not a measure the model produces; allowed: "
                "those of sim.observe.measures.measure_groups (docs/ODD.md lists them)"
            )
        if isinstance(known, Mapping) and group not in known[measure]:
            raise TargetError(
                f"target {target_id}: {field}.group={group!r} is not a group the model produces {measure} for; "
                f"allowed: {', '.join(sorted(known[measure]))}"
            )
        if (
            not isinstance(years, list)
            or not years
            or not all(isinstance(y, int) and not isinstance(y, bool) for y in years)
        ):
            raise TargetError(
                f"target {target_id}: {field}.years={years!r} is not allowed: need a non-empty list of academic years"
            )
        out.append(Term(str(measure), group, tuple(years)))
    return tuple(out)


def parse(entries: list[dict], known_measures: Known = None) -> list[Target]:
    """Validate raw target entries; raise TargetError naming the first bad target.

    ``known_measures``: the measures the model produces (their groups are then not checked), or each
    with the groups it is produced for (``sim.observe.measures.measure_groups``); None checks neither."""
    targets, seen = [], set()
    for i, e in enumerate(entries):
        tid = e.get("id", f"#{i + 1}") if isinstance(e, dict) else f"#{i + 1}"
        if not isinstance(e, dict):
            raise TargetError(f"target {tid}: not a mapping")
        missing = [k for k in REQUIRED if k not in e or e[k] in (None, "")]
        if missing:
            raise TargetError(f"target {tid}: missing field(s) {missing}")
        if tid in seen:
            raise TargetError(f"target {tid}: defined twice")
        seen.add(tid)
        unknown = sorted(set(e) - set(REQUIRED) - set(OPTIONAL))
        if unknown:
            raise TargetError(f"target {tid}: unknown field(s) {unknown}; allowed: {', '.join(REQUIRED + OPTIONAL)}")
        tol, value = e["tolerance"], e["value"]
        if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not tol > 0:
            raise TargetError(f"target {tid}: tolerance={tol!r} must be a positive number")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TargetError(f"target {tid}: value={value!r} must be a number")
        change = e.get("definition_change")
        if change is not None and not (isinstance(change, str) and change.strip()):
            raise TargetError(f"target {tid}: definition_change={change!r} must be a sentence (old, new, why)")
        if e["basis"] not in BASES:
            raise TargetError(f"target {tid}: basis={e['basis']!r}; allowed {', '.join(BASES)}")
        if e["use"] not in ("fit", "check"):
            raise TargetError(f"target {tid}: use={e['use']!r}; allowed 'fit' or 'check'")
        if (e["use"] == "fit") != (e["basis"] == "fitted"):
            raise TargetError(
                f"target {tid}: use={e['use']} with basis={e['basis']}: fit targets, and only they, are fitted"
            )
        d = e["definition"]
        if not isinstance(d, dict) or "num" not in d:
            raise TargetError(f"target {tid}: definition needs 'num'")
        extra = sorted(set(d) - set(DEFINITION_KEYS))
        if extra:
            raise TargetError(f"target {tid}: definition has {extra}; allowed: {', '.join(DEFINITION_KEYS)}")
        kind = d.get("kind", "value")
        if kind not in ("value", "negative"):
            raise TargetError(f"target {tid}: definition kind={kind!r}; allowed 'value' or 'negative'")
        den = d.get("den")
        if den is not None and not isinstance(den, (int, float)):
            den = _terms(tid, "den", den, known_measures)
        elif isinstance(den, (int, float)) and den <= 0:
            raise TargetError(f"target {tid}: denominator {den} must be positive")
        targets.append(
            Target(
                id=str(tid),
                value=float(e["value"]),
                num=_terms(tid, "num", d["num"], known_measures),
                den=den,
                minus=_terms(tid, "minus", d["minus"], known_measures) if d.get("minus") else (),
                kind=kind,
                tolerance=float(tol),
                why=str(e["why"]),
                use=e["use"],
                basis=e["basis"],
                basis_why=str(e["basis_why"]),
                source_file=str(e["source_file"]),
                quote=str(e["quote"]),
                definition_change=change,
            )
        )
    return targets


def load(path: str | Path = TARGETS_FILE, known_measures: Known = None) -> list[Target]:
    """The targets of ``path`` (sim/data/targets.yaml), checked as ``parse`` checks them."""
    try:
        raw = yaml.safe_load(Path(path).read_text())
    except (OSError, yaml.YAMLError) as err:
        raise TargetError(f"{path}: cannot be read as YAML: {' '.join(str(err).split())}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("targets"), list):
        raise TargetError(f"{path}: expected a mapping with a 'targets' list")
    return parse(raw["targets"], known_measures)


def _sum(lookup: dict[tuple[str, str, int], float], terms: tuple[Term, ...]) -> float:
    return float(sum(lookup.get((t.measure, t.group, y), 0.0) for t in terms for y in t.years))


def measure(target: Target, run: pd.DataFrame) -> float:
    """The model's value of ``target`` in one run's yearly measures (columns measure, group, year, value)."""
    yearly = run[run["term"] == -1] if "term" in run else run
    lookup = {
        (m, g, int(y)): v for m, g, y, v in zip(yearly["measure"], yearly["group"], yearly["year"], yearly["value"])
    }
    value = _sum(lookup, target.num) - _sum(lookup, target.minus)
    if target.den is None:
        return value
    den = float(target.den) if isinstance(target.den, (int, float)) else _sum(lookup, target.den)
    return value / den if den else float("nan")


def scorecard(targets: list[Target], measures: pd.DataFrame) -> pd.DataFrame:
    """Model median and 10-90% range of every target across the runs in ``measures``.

    A run is one seed, or one (draw, county, seed) when ``measures`` holds those columns (an
    ensemble over parameter draws and counties pools every run into one median and band)."""
    rows = []
    keys = [k for k in RUN_KEYS if k in measures.columns]
    runs = [g for _, g in measures.groupby(keys, sort=True)]
    for t in targets:
        values = np.array([measure(t, r) for r in runs])
        med = float(np.nanmedian(values)) if len(values) else float("nan")
        p10 = float(np.nanquantile(values, 0.1)) if len(values) else float("nan")
        p90 = float(np.nanquantile(values, 0.9)) if len(values) else float("nan")
        rows.append(
            {
                "id": t.id,
                "target": t.value,
                "tolerance": t.tolerance,
                "kind": t.kind,
                "model_median": med,
                "model_p10": p10,
                "model_p90": p90,
                "within": t.within(med),
                "reproduced": t.reproduced(med, p10, p90),
                "use": t.use,
                "basis": t.basis,
                "basis_why": t.basis_why,
                "counts": t.counts,
                "source_file": t.source_file,
            }
        )
    return pd.DataFrame(rows)


def distance(targets: list[Target], measures: pd.DataFrame) -> float:
    """Mean squared tolerance-scaled error of the targets' model medians (the calibration distance)."""
    card = scorecard(targets, measures)
    err = [
        (0.0 if r.kind == "negative" and r.model_median < 0 else (r.model_median - r.target) / r.tolerance)
        for r in card.itertuples()
    ]
    err = [e if np.isfinite(e) else 10.0 for e in err]
    return float(np.mean(np.square(err)))
