"""A local file of heads' ages and start years (``region.heads_file``): what an authority knows of its
own heads and the national register (GIAS) does not hold.

A CSV with the columns ``urn``, ``head_age`` and ``head_start_year`` (the academic year the head
took up the post: 2009 means September 2009). Its rows replace the drawn age and tenure of the
head in post at those schools at the start of the run. A row that cannot be right (a URN not among
the region's schools, an age outside the range the model's heads can have, a start year after the
run's start or before the head could have been a head) stops the run with one line naming the
file, the line and the column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.state.errors import ConfigError

COLUMNS = ("urn", "head_age", "head_start_year")


@dataclass(frozen=True)
class HeadRecord:
    """One school's head as the file gives them."""

    age: float
    start_year: int


def age_range(params: Any) -> tuple[float, float]:
    """The youngest and oldest age a head in post can have: the youngest appointed, the latest planned retirement."""
    return params.recruitment.new_head_age_min, params.retirement.max_age


def check_heads_file(cfg: Any) -> None:
    """The heads file of a typed config (``sim.running.config.Config``), checked against the region's
    schools before anything runs (raises ConfigError); nothing if there is none."""
    if not cfg.region.heads_file:
        return
    from sim.state.region_schools import schools_table
    from sim.state.streams import region_stream

    urns = set(schools_table(cfg.region, region_stream(cfg.region.seed)).urn.astype(int))
    read_heads(cfg.region.heads_file, urns, cfg.run.start_year, age_range(cfg.params))


def heads_path(name: str) -> Path:
    """The file: as given, else relative to the repository (as the register's path is read)."""
    path = Path(name).expanduser()
    if not path.is_absolute() and not path.exists():
        repo = Path(__file__).resolve().parents[2] / path
        if repo.exists():
            return repo
    return path


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def read_heads(name: str, urns: set[int], start_year: int, age_range: tuple[float, float]) -> dict[int, HeadRecord]:
    """URN -> the head the file gives for it, every row checked (raises ConfigError naming the line and column).

    ``urns`` are the region's schools, ``start_year`` the run's first academic year and ``age_range``
    the youngest and oldest age a head in post can have.
    """
    key = f"region.heads_file={name!r}"
    path = heads_path(name)
    if not path.is_file():
        raise ConfigError(f"{key}: no such file" if not path.exists() else f"{key} is not a file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{key} cannot be read as UTF-8 text ({err})") from err
    reader = csv.DictReader(io.StringIO(text))
    header = [str(c).strip() for c in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ConfigError(f"{key} lacks column(s) {missing}; need {', '.join(COLUMNS)}")
    lo, hi = age_range
    out: dict[int, HeadRecord] = {}
    seen: dict[int, int] = {}
    for row in reader:
        line = reader.line_num
        row = {str(k).strip(): str(v or "").strip() for k, v in row.items() if k is not None}

        def bad(column: str, why: str) -> ConfigError:
            return ConfigError(f"{key}: line {line}, {column}={row.get(column, '')!r}: {why}")  # noqa: B023

        urn = _number(row["urn"])
        if urn is None or urn != int(urn) or int(urn) not in urns:
            raise bad("urn", "not the URN of one of the region's schools")
        urn = int(urn)
        if urn in seen:
            raise bad("urn", f"URN {urn} appears twice (also on line {seen[urn]})")
        seen[urn] = line
        age = _number(row["head_age"])
        if age is None or not lo <= age <= hi:
            raise bad("head_age", f"a head's age must be from {lo:g} to {hi:g}")
        start = _number(row["head_start_year"])
        if start is None or start != int(start):
            raise bad("head_start_year", "an academic year is a whole number, e.g. 2009")
        start = int(start)
        if start > start_year:
            raise bad("head_start_year", f"after the run's start ({start_year}); a head in post then started by it")
        if start_year - start > age - lo:
            raise bad("head_start_year", f"the head would have been under {lo:g} when they started")
        out[urn] = HeadRecord(float(age), start)
    return out
