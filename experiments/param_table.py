"""Write the parameter tables of docs/ODD.md from the typed configuration.

    python -m experiments.param_table           # rewrite the tables in docs/ODD.md
    python -m experiments.param_table --check   # exit 1 if docs/ODD.md is out of date (a test runs this)

Every parameter is a dataclass field made with ``sim.params.par(default, lo, hi, src, doc)``; the
tables list each with its default, plausible range, source document and meaning, so the
documentation cannot drift from the code.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import MISSING, fields, is_dataclass
from pathlib import Path

from scenarios.config import ScenarioConfig
from sim.params import Params
from sim.regions import RegionConfig

ODD = Path(__file__).resolve().parent.parent / "docs" / "ODD.md"
START, END = "<!-- param-table:start -->", "<!-- param-table:end -->"


def _default(f) -> object:
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:  # type: ignore[misc]
        return f.default_factory()  # type: ignore[misc]
    return None


def _fmt(value: object) -> str:
    if isinstance(value, list):
        return f"{len(value)} entries"
    if isinstance(value, float):
        return f"{value:,g}"
    return "–" if value is None else f"`{value}`" if isinstance(value, str) else str(value)


def fitted_values() -> dict[str, object]:
    """Values conf/params/default.yaml sets over the code defaults (the calibrated set)."""
    import yaml

    path = ODD.parent.parent / "conf" / "params" / "default.yaml"
    raw = yaml.safe_load(path.read_text()) or {}
    return {f"params.{sec}.{k}": v for sec, vals in raw.items() if isinstance(vals, dict) for k, v in vals.items()}


def sections(obj: type, prefix: str) -> list[tuple[str, list[tuple[str, str, str, str, str]]]]:
    """(section title, rows) for a dataclass, one section per nested dataclass."""
    out: list[tuple[str, list]] = []
    rows = []
    for f in fields(obj):
        default = _default(f)
        if is_dataclass(default):
            out.extend(sections(type(default), f"{prefix}.{f.name}"))
            continue
        if f.name in ("name", "description", "source"):
            continue
        lo, hi = f.metadata.get("lo"), f.metadata.get("hi")
        span = "–" if lo is None and hi is None else f"[{_fmt(lo)}, {_fmt(hi)}]"
        key = f"{prefix}.{f.name}"
        shown = _fmt(default)
        fitted = fitted_values()
        if key in fitted:
            shown = f"**{_fmt(fitted[key])}** (fitted; code {shown})"
        rows.append((f"`{key}`", shown, span, f.metadata.get("src", ""), f.metadata.get("doc", "")))
    if rows:
        out.insert(0, (prefix, rows))
    return out


def tables() -> str:
    parts = []
    for cls, prefix in ((Params, "params"), (RegionConfig, "region"), (ScenarioConfig, "scenario")):
        for title, rows in sections(cls, prefix):
            parts.append(f"#### `{title}`\n\n| key | default | range | source | meaning |\n|---|---|---|---|---|")
            parts.extend(f"| {k} | {d} | {r} | {s} | {m} |" for k, d, r, s, m in rows)
            parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def render(text: str) -> str:
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{tables()}{END}{tail}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/ODD.md is out of date")
    args = parser.parse_args()
    text = ODD.read_text()
    new = render(text)
    if args.check:
        if new != text:
            print(
                "docs/ODD.md parameter tables are out of date: run python -m experiments.param_table", file=sys.stderr
            )
            sys.exit(1)
        return
    ODD.write_text(new)
    print(f"parameter tables written to {ODD}")


if __name__ == "__main__":
    main()
