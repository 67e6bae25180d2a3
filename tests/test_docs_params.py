"""Every parameter key the documentation names exists in the typed configs.

docs/*.md and docs/*.csv name parameters as ``params.<section>.<name>``, ``region.<name>``,
``scenario.<lever>.<name>`` or, in tables and prose, bare ``<section>.<name>``. Each must be a field of
``sim.state.params.Params``, ``sim.state.regions.RegionConfig`` or ``scenarios.config.ScenarioConfig``: a page
that names a parameter the model no longer has is stale. A bare ``<section>.<name>`` may also be a function
of the mechanism module of that name (``recruitment.step``) or a file (``recruitment.py``); a trailing ``*``
(``wellbeing.exit_rate_*``) stands for every field with that prefix and must match at least one.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest

from scenarios.config import ScenarioConfig
from sim.state.params import Params
from sim.state.regions import RegionConfig

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([*(ROOT / "docs").glob("*.md"), *(ROOT / "docs").glob("*.csv")])
KEY = r"[a-z_][a-z_0-9]*"
FILE_ENDINGS = ("py", "yaml", "csv", "md", "png", "parquet", "json")


def _fields(cls: type) -> dict[str, object]:
    """Field name -> the field's type when that is a dataclass (a section), else None."""
    out = {}
    for f in fields(cls):
        default = f.default_factory() if callable(f.default_factory) else f.default  # type: ignore[misc]
        out[f.name] = type(default) if is_dataclass(default) else None
    return out


PARAM_SECTIONS = _fields(Params)
REGION_FIELDS = _fields(RegionConfig)
SCENARIO_FIELDS = _fields(ScenarioConfig)

PARAMS_KEY = re.compile(rf"(?<![\w./])params\.({KEY})(?:\.({KEY})(\*)?)?")
REGION_KEY = re.compile(rf"(?<![\w./])region\.({KEY})(\*)?")
SCENARIO_KEY = re.compile(rf"(?<![\w./])scenario\.({KEY})(?:\.({KEY})(\*)?)?")
BARE_KEY = re.compile(rf"(?<![\w./])({'|'.join(PARAM_SECTIONS)})\.({KEY})(\*)?")


def _has(names: object, name: str, star: str | None) -> bool:
    names = list(names)
    return any(n.startswith(name) for n in names) if star else name in names


def _section_names(section: str) -> list[str]:
    return list(_fields(PARAM_SECTIONS[section]))


def _module_names(section: str) -> set[str]:
    """Functions and other names of the mechanism module a section shares its name with, if there is one."""
    try:
        return set(vars(importlib.import_module(f"sim.mechanisms.{section}")))
    except ModuleNotFoundError:
        return set()


def unknown_keys(text: str) -> list[str]:
    """The parameter keys named in ``text`` that no typed config has."""
    bad = []
    for m in PARAMS_KEY.finditer(text):
        section, name, star = m.groups()
        if name is None and section in FILE_ENDINGS:  # params.py
            continue
        if section not in PARAM_SECTIONS or (name is not None and not _has(_section_names(section), name, star)):
            bad.append(m.group(0))
    for m in REGION_KEY.finditer(text):
        name, star = m.groups()
        if name not in FILE_ENDINGS and not _has(REGION_FIELDS, name, star):
            bad.append(m.group(0))
    for m in SCENARIO_KEY.finditer(text):
        lever, name, star = m.groups()
        lever_cls = SCENARIO_FIELDS.get(lever)
        if lever not in SCENARIO_FIELDS or (
            name is not None and (lever_cls is None or not _has(_fields(lever_cls), name, star))
        ):
            bad.append(m.group(0))
    for m in BARE_KEY.finditer(text):
        section, name, star = m.groups()
        if name in FILE_ENDINGS or _has(_section_names(section), name, star):
            continue
        if not star and name in _module_names(section):
            continue
        bad.append(m.group(0))
    return bad


def test_the_scan_finds_what_it_should():
    assert unknown_keys("`params.recruitment.appoint_bar` `region.minutes_per_km` `recruitment.step`") == []
    assert unknown_keys("`scenario.grouping.cap`, `wellbeing.exit_rate_*`, `params.py`, recruitment.py") == []
    assert unknown_keys("params.recruitment.no_such | moves.base_rate_gone | region.nowhere") == [
        "params.recruitment.no_such",
        "region.nowhere",
        "moves.base_rate_gone",
    ]
    assert unknown_keys("`scenario.grouping.no_such` `params.nosection.x` `outcomes.nothing_*`") == [
        "params.nosection.x",
        "scenario.grouping.no_such",
        "outcomes.nothing_*",
    ]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_docs_name_only_parameters_that_exist(path: Path):
    bad = sorted(set(unknown_keys(path.read_text())))
    assert not bad, f"{path.relative_to(ROOT)} names parameters the typed configs do not have: {bad}"
