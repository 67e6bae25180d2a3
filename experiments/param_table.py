"""Write the parameter tables of docs/ODD.md and docs/parameters.csv from the typed configuration.

    python -m experiments.param_table           # rewrite the tables in docs/ODD.md and docs/parameters.csv
    python -m experiments.param_table --check   # exit 1 if either is out of date (a test runs this)

Every parameter is a dataclass field made with ``sim.state.params.par(default, lo, hi, src, doc, basis=...)``.
This script walks ``Params``, ``RegionConfig`` and ``ScenarioConfig`` (nested dataclasses recursively) and
writes one markdown table per section (``params.moves``, ``region``, ``scenario.grouping`` ...) with each
field's full key, default, allowed range, basis (figure, mechanism, assumption, setting), source document,
meaning and, for a mechanism or assumption, the prior it is drawn from with the reason for that range (or
why it is held at its default), so the documentation cannot drift from the code. Values that ``conf/params/default.yaml``
sets over the code defaults (the calibrated set) are shown in bold next to the code default. Only the
text between the two marker lines in docs/ODD.md is rewritten (the file is read just before writing);
everything else is kept byte for byte.

docs/parameters.csv holds one row per key of those configs and ``RunConfig`` (``run.*``), with the
provenance in full: ``key,default,lo,hi,prior_lo,prior_hi,basis,source,quote,derivation,sampled``
(``default`` is the value in effect: the calibrated one where ``conf/params/default.yaml`` sets it).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import MISSING, Field, fields, is_dataclass
from pathlib import Path
from typing import Any

import yaml

from scenarios.config import ScenarioConfig
from sim.running.config import RunConfig
from sim.state.params import Params
from sim.state.regions import RegionConfig

ROOT = Path(__file__).resolve().parent.parent
ODD = ROOT / "docs" / "ODD.md"
CSV = ROOT / "docs" / "parameters.csv"
CSV_COLUMNS = (
    "key",
    "default",
    "lo",
    "hi",
    "prior_lo",
    "prior_hi",
    "basis",
    "source",
    "quote",
    "derivation",
    "sampled",
)
PARAMS_YAML = ROOT / "conf" / "params" / "default.yaml"
START, END = "<!-- param-table:start -->", "<!-- param-table:end -->"
NONE = "—"
ROOTS: tuple[tuple[type, str], ...] = ((Params, "params"), (RegionConfig, "region"), (ScenarioConfig, "scenario"))
SKIP = ("name", "description", "source")  # labels of a config, not parameters

Row = tuple[str, str, str, str, str, str, str]  # key, default, range, basis, source, meaning, prior


def default_of(f: Field) -> Any:
    """A field's default value (calling its default factory if it has one)."""
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    return None


def fmt(value: Any) -> str:
    """A value as table text: numbers with thousands separators, strings in code, None as a dash."""
    if value is None:
        return NONE
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)  # years and counts read better bare
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{value:,.0f}" if abs(value) >= 10000 else f"{value:.0f}"
        return f"{value:g}"
    if isinstance(value, str):
        return f"`{value}`"
    if isinstance(value, list):
        return "[" + ", ".join(brief(v) for v in value) + "]"
    return str(value)


def brief(value: Any) -> str:
    """A short inline rendering of a dataclass instance (e.g. a size band) or a plain value."""
    if is_dataclass(value):
        return "{" + ", ".join(f"{f.name}: {getattr(value, f.name)}" for f in fields(value)) + "}"
    return fmt(value)


def span(lo: Any, hi: Any) -> str:
    """The plausible range column: [lo, hi], a one-sided bound, or a dash when neither is set."""
    if lo is None and hi is None:
        return NONE
    if hi is None:
        return f"≥ {fmt(lo)}"
    if lo is None:
        return f"≤ {fmt(hi)}"
    return f"[{fmt(lo)}, {fmt(hi)}]"


def cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def fitted_values(path: Path = PARAMS_YAML) -> dict[str, Any]:
    """Values conf/params/default.yaml sets over the code defaults (the calibrated set), by full key."""
    if not path.exists():
        return {}
    raw = yaml.safe_load(path.read_text()) or {}
    return {
        f"params.{sec}.{key}": value
        for sec, values in raw.items()
        if isinstance(values, dict)
        for key, value in values.items()
    }


def sections(cls: type, prefix: str, fitted: dict[str, Any]) -> list[tuple[str, list[Row]]]:
    """(section title, rows) for a dataclass: its own fields first, then one section per nested dataclass."""
    rows: list[Row] = []
    nested: list[tuple[str, list[Row]]] = []
    for f in fields(cls):
        if f.name in SKIP:
            continue
        key = f"{prefix}.{f.name}"
        default = default_of(f)
        if is_dataclass(default):
            nested.extend(sections(type(default), key, fitted))
            continue
        meta = f.metadata
        shown = fmt(default)
        if key in fitted and fitted[key] != default:
            shown = f"**{fmt(fitted[key])}** (fitted; code {shown})"
        doc = meta.get("doc", "")
        if not doc and isinstance(default, list) and default and is_dataclass(default[0]):
            names = ", ".join(g.name for g in fields(default[0]))
            doc = f"list of {type(default[0]).__name__} ({names}); each conf/region file sets its own"
        rows.append(
            (
                f"`{key}`",
                cell(shown),
                span(meta.get("lo"), meta.get("hi")),
                meta.get("basis") or NONE,
                meta.get("src", NONE),
                cell(doc or NONE),
                cell(prior_text(meta)),
            )
        )
    return ([(prefix, rows)] if rows else []) + nested


def prior_text(meta: Any) -> str:
    """The prior column: the range a mechanism or assumption is drawn from and why, or why it is held."""
    prior = meta.get("prior")
    if meta.get("basis") not in ("mechanism", "assumption") or prior is None:
        return NONE
    text = f"{span(*prior)} {meta.get('why_prior') or ''}".strip()
    sampled = str(meta.get("sampled") or "")
    if sampled.startswith("no:"):
        text += f"; held at its default: {sampled.removeprefix('no:').strip()}"
    elif "calibrated" in sampled:
        text += "; drawn from the calibration's posterior"
    return text


def tables() -> str:
    """All parameter tables as markdown."""
    fitted = fitted_values()
    parts: list[str] = []
    for cls, prefix in ROOTS:
        for title, rows in sections(cls, prefix, fitted):
            parts.append(
                f"#### `{title}`\n\n| key | default | range | basis | source | meaning | prior (drawn uniformly) and why |\n"
                "|---|---|---|---|---|---|---|"
            )
            parts.extend(f"| {k} | {d} | {r} | {b} | {s} | {m} | {p} |" for k, d, r, b, s, m, p in rows)
            parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def csv_rows(cls: type, prefix: str, fitted: dict[str, Any]) -> list[dict[str, str]]:
    """One docs/parameters.csv row per key of ``cls`` (nested sections recursively)."""
    out: list[dict[str, str]] = []
    for f in fields(cls):
        if f.name in SKIP and not f.metadata:
            continue
        key = f"{prefix}.{f.name}"
        default = default_of(f)
        if is_dataclass(default):
            out.extend(csv_rows(type(default), key, fitted))
            continue
        meta = f.metadata
        prior = meta.get("prior") or ("", "")
        value = fitted.get(key, default)
        out.append(
            {
                "key": key,
                "default": plain(value),
                "lo": plain(meta.get("lo")),
                "hi": plain(meta.get("hi")),
                "prior_lo": plain(prior[0]),
                "prior_hi": plain(prior[1]),
                "basis": meta.get("basis") or "",
                "source": meta.get("src") or "",
                "quote": meta.get("quote") or "",
                "derivation": meta.get("derivation") or "",
                "sampled": meta.get("sampled") or "",
            }
        )
    return out


def plain(value: Any) -> str:
    """A value as CSV text: numbers as Python writes them (no separators), lists of bands inline, None empty."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, list):
        return "[" + ", ".join(brief(v) for v in value) + "]"
    return str(value)


def parameters_csv() -> str:
    """docs/parameters.csv: one row per key of the typed configs (params, region, scenario, run)."""
    fitted = fitted_values()
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for cls, prefix in (*ROOTS, (RunConfig, "run")):
        writer.writerows(csv_rows(cls, prefix, fitted))
    return buf.getvalue()


def render(text: str) -> str:
    """``text`` with the part between the marker lines replaced by freshly generated tables."""
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise ValueError(f"docs/ODD.md needs exactly one {START!r} line followed by one {END!r} line")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{tables()}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    """Rewrite (or with --check, verify) the parameter tables; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if docs/ODD.md or docs/parameters.csv is out of date"
    )
    args = parser.parse_args(argv)
    text = ODD.read_bytes().decode("utf-8")  # bytes: keep line endings exactly as they are
    try:
        new = render(text)
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    table = parameters_csv()
    if args.check:
        stale = [p.relative_to(ROOT).as_posix() for p, ok in ((ODD, new == text), (CSV, _same(CSV, table))) if not ok]
        if stale:
            print(f"{' and '.join(stale)} out of date: run python -m experiments.param_table", file=sys.stderr)
            return 1
        return 0
    if not _same(CSV, table):
        CSV.write_text(table, encoding="utf-8")
    text = ODD.read_bytes().decode("utf-8")  # again: the prose may have changed meanwhile
    new = render(text)
    if new != text:
        ODD.write_bytes(new.encode("utf-8"))
    print(f"parameter tables written to {ODD} and {CSV}")
    return 0


def _same(path: Path, text: str) -> bool:
    return path.exists() and path.read_text(encoding="utf-8") == text


if __name__ == "__main__":
    sys.exit(main())
