"""A region from a school register in the layout of the Department for Education's public
establishment register (Get Information About Schools, "all establishment data" CSV).

The file is checked before anything is built: it must be a readable, non-empty text
file under the size limit (``SIM_LIMIT_REGISTER_MB``), in UTF-8 or Windows-1252 (the register's
own encoding), with every column the loader reads. Rows that are not open primary schools of the
chosen authority are skipped; an open primary with no pupil number, no pupils or no coordinates
is rejected and reported; a value that cannot be right (a URN or roll that is not a whole number,
a negative or absurd roll, a coordinate off the British National Grid, a URN twice) stops the run
with one line naming the file, the line, the column and the value.

    python -m sim.state.register FILE [--la NAME]    # lists every skipped, rejected or impossible row
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from sim.state.errors import RegisterError
from sim.state.limits import LIMITS, limit


class RegisterSource(Protocol):
    """What the loader reads of a region's configuration (``RegionConfig`` has these fields)."""

    register: str | None
    register_la: str | None
    minutes_per_km: float


# Columns of the Department for Education's register (Get Information About Schools, "all
# establishment data" CSV) that the loader reads.
GIAS_COLUMNS = {
    "urn": "URN",
    "name": "EstablishmentName",
    "type": "TypeOfEstablishment (name)",
    "status": "EstablishmentStatus (name)",
    "phase": "PhaseOfEducation (name)",
    "religious": "ReligiousCharacter (name)",
    "pupils": "NumberOfPupils",
    "easting": "Easting",
    "northing": "Northing",
    "la": "LA (name)",
    "urban_rural": "UrbanRural (name)",
}
NO_RELIGION = {"", "none", "does not apply", "not applicable", "nan"}
# British National Grid, in metres: the extent of Great Britain's grid squares.
GRID = {"easting": (0, 700_000), "northing": (0, 1_300_000)}
MAX_URN = 99_999_999


@dataclass
class Problem:
    """One row that was not used, or cannot be right."""

    line: int  # line of the file (the header is line 1)
    urn: str
    column: str
    value: str
    reason: str
    fatal: bool


@dataclass
class RegisterReport:
    """What the loader did with each row of a register file."""

    path: Path
    encoding: str = "utf-8"
    rows: int = 0
    used: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> rows (not open primaries of the authority)
    problems: list[Problem] = field(default_factory=list)

    @property
    def rejected(self) -> list[Problem]:
        return [p for p in self.problems if not p.fatal]

    @property
    def impossible(self) -> list[Problem]:
        return [p for p in self.problems if p.fatal]

    def summary(self) -> str:
        """One line: schools used, rows skipped and rejected by reason."""
        parts = [f"{self.used} schools used of {self.rows} rows"]
        if self.skipped:
            parts.append("skipped: " + ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items())))
        if self.rejected:
            why = Counter(p.reason for p in self.rejected)
            parts.append("rejected: " + ", ".join(f"{n} {r}" for r, n in sorted(why.items())))
        return f"region.register {self.path.name}: " + "; ".join(parts)

    def to_frame(self) -> pd.DataFrame:
        """Every rejected or impossible row (line, URN, column, value, reason)."""
        return pd.DataFrame(
            [(p.line, p.urn, p.column, p.value, p.reason, "stops the run" if p.fatal else "row left out")
             for p in self.problems],
            columns=["line", "urn", "column", "value", "reason", "effect"],
        )  # fmt: skip


def register_path(cfg: RegisterSource) -> Path:
    """The register file: as given, else relative to the repository (for the shipped example)."""
    path = Path(str(cfg.register)).expanduser()
    if not path.is_absolute() and not path.exists():
        repo = Path(__file__).resolve().parents[2] / path
        if repo.exists():
            return repo
    return path


def _key(cfg: RegisterSource) -> str:
    return f"region.register={cfg.register!r}"


def read_text(cfg: RegisterSource) -> tuple[str, str]:
    """The file's text and encoding, after checking it is a readable, non-empty text file of sensible size."""
    path = register_path(cfg)
    key = _key(cfg)
    if not path.exists():
        raise RegisterError(f"{key}: no such file")
    if path.is_dir():
        raise RegisterError(f"{key} is a folder; give the register's CSV file")
    if not path.is_file():
        raise RegisterError(f"{key} is not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise RegisterError(f"{key} is empty")
    megabytes = size / 2**20
    if megabytes > limit("register_mb"):
        lim = LIMITS["register_mb"]
        raise RegisterError(
            f"{key} is {megabytes:.0f} MB, above the limit of {limit('register_mb')} {lim.what} ({lim.why}); "
            f"{lim.beyond}, or raise the limit with SIM_LIMIT_REGISTER_MB={int(megabytes) + 1}"
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise RegisterError(f"{key} cannot be read ({err.strerror or err})") from err
    if b"\x00" in data[:65536]:
        raise RegisterError(f"{key} is not a text file (it holds binary data); save the register as CSV")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as err:
            bad = err
    line = data[: bad.start].count(b"\n") + 1
    raise RegisterError(f"{key}: line {line} is neither UTF-8 nor Windows-1252 text; save the register as CSV")


def _parse(text: str, cfg: RegisterSource) -> pd.DataFrame:
    key = _key(cfg)
    wanted = set(GIAS_COLUMNS.values())
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            usecols=lambda c: str(c).strip() in wanted,
            skipinitialspace=True,
        )
    except pd.errors.EmptyDataError as err:
        raise RegisterError(f"{key} has no header line") from err
    except (pd.errors.ParserError, ValueError) as err:
        msg = " ".join(str(err).split())
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", msg)
        if m:
            msg = f"line {m.group(2)} has {m.group(3)} fields where the header has {m.group(1)}"
        raise RegisterError(f"{key} is not a well-formed CSV file: {msg}") from err
    _check_fields(text, key)
    raw.columns = [str(c).strip() for c in raw.columns]
    missing = [col for col in GIAS_COLUMNS.values() if col not in raw.columns]
    if missing:
        raise RegisterError(f"{key} lacks column(s) {missing} of the GIAS layout")
    if raw.columns.duplicated().any():
        raise RegisterError(f"{key} has the column {raw.columns[raw.columns.duplicated()][0]!r} twice")
    return raw


def _check_fields(text: str, key: str) -> None:
    """Every line has as many fields as the header: a stray comma would shift the columns after it."""
    import csv

    reader = csv.reader(io.StringIO(text))
    width = len(next(reader, []))
    for row in reader:
        if row and len(row) != width:
            raise RegisterError(
                f"{key} is not a well-formed CSV file: line {reader.line_num} has {len(row)} fields where the "
                f"header has {width} (an unquoted comma?)"
            )


def _whole(value: str) -> int | None:
    """A whole number written as '45' or '45.0', else None."""
    try:
        x = float(value.replace(",", ""))
    except ValueError:
        return None
    return int(x) if np.isfinite(x) and x == int(x) else None


def check_rows(raw: pd.DataFrame, cfg: RegisterSource, report: RegisterReport) -> pd.DataFrame:
    """The open primary schools of the authority that can be used; every other row goes into ``report``."""
    c = GIAS_COLUMNS
    report.rows = len(raw)
    lines = np.arange(len(raw)) + 2  # header is line 1 (assumes no line breaks inside fields)
    phase = raw[c["phase"]].str.strip().str.lower()
    status = raw[c["status"]].str.strip()
    la = raw[c["la"]].str.strip()
    primary = phase == "primary"
    open_ = status.str.startswith("Open")
    report.skipped["not primary"] = int((~primary).sum())
    report.skipped["not open"] = int((primary & ~open_).sum())
    keep = primary & open_
    if cfg.register_la:
        here = la == str(cfg.register_la).strip()
        report.skipped["other authority"] = int((keep & ~here).sum())
        if keep.any() and not (keep & here).any():
            names = sorted(set(la[keep]))
            shown = ", ".join(names[:8]) + (f" ... ({len(names)} in all)" if len(names) > 8 else "")
            raise RegisterError(
                f"region.register_la={cfg.register_la!r} matches no open primary school in {register_path(cfg).name}; "
                f"authorities there: {shown}"
            )
        keep &= here
    report.skipped = Counter({k: v for k, v in report.skipped.items() if v})
    rows = raw[keep.to_numpy()].copy()
    rows["_line"] = lines[keep.to_numpy()]
    max_pupils = limit("pupils")
    usable = []
    seen: dict[int, int] = {}
    for rec in rows.to_dict("records"):
        line, urn_text = int(rec["_line"]), rec[c["urn"]].strip()

        def problem(column: str, value: str, reason: str, fatal: bool) -> None:
            report.problems.append(Problem(line, urn_text, column, value, reason, fatal))  # noqa: B023

        urn = _whole(urn_text)
        if urn is None or not 1 <= urn <= MAX_URN:
            problem(c["urn"], urn_text, "a URN is a whole number from 1 to 99,999,999", True)
            continue
        if urn in seen:
            problem(c["urn"], urn_text, f"URN {urn} appears twice (also on line {seen[urn]})", True)
            continue
        seen[urn] = line
        pupils_text = rec[c["pupils"]].strip()
        pupils = _whole(pupils_text)
        ok = True
        if not pupils_text:
            problem(c["pupils"], "", "no pupil number", False)
            ok = False
        elif pupils is None:
            problem(c["pupils"], pupils_text, "a roll is a whole number of pupils", True)
            ok = False
        elif pupils < 0:
            problem(c["pupils"], pupils_text, "a roll cannot be negative", True)
            ok = False
        elif pupils == 0:
            problem(c["pupils"], pupils_text, "no pupils on roll", False)
            ok = False
        elif pupils > max_pupils:
            problem(
                c["pupils"],
                pupils_text,
                f"above the limit of {max_pupils} pupils in one school (raise it with SIM_LIMIT_PUPILS)",
                True,
            )
            ok = False
        for axis in ("easting", "northing"):
            text = rec[c[axis]].strip()
            lo, hi = GRID[axis]
            if not text:
                if ok:
                    problem(c[axis], "", "no coordinates", False)
                ok = False
                continue
            try:
                value = float(text.replace(",", ""))
            except ValueError:
                value = float("nan")
            if not np.isfinite(value) or not lo <= value <= hi:
                problem(c[axis], text, f"not a British National Grid {axis} in metres ({lo:,} to {hi:,})", True)
                ok = False
        if ok:
            usable.append({**rec, "_urn": urn, "_pupils": pupils})
    if report.impossible:
        first = report.impossible[0]
        more = len(report.impossible) - 1
        tail = f" (and {more} more such row(s); python -m sim.state.register FILE lists them)" if more else ""
        raise RegisterError(f"{_key(cfg)}: line {first.line}, {first.column}={first.value!r}: {first.reason}{tail}")
    report.used = len(usable)
    if len(usable) < 2:
        where = f" in {cfg.register_la}" if cfg.register_la else ""
        raise RegisterError(
            f"{_key(cfg)}: fewer than 2 open primary schools with pupils and coordinates{where} ({report.summary()})"
        )
    return pd.DataFrame(usable)


_CACHE: dict[tuple, tuple[pd.DataFrame, RegisterReport]] = {}  # the last few files read, by path, size and time


def read_register(cfg: RegisterSource) -> tuple[pd.DataFrame, RegisterReport]:
    """The schools table (see ``load_register``) and the report of what was skipped or rejected.

    A file read before (same path, size and modification time, same authority and limits) is not
    read again: the checks, every seed's model and the report all ask for it.
    """
    path = register_path(cfg)
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, cfg.register_la, cfg.minutes_per_km,
               limit("pupils"), limit("register_mb"))  # fmt: skip
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        table, report = _CACHE[key]
        return table.copy(), report
    text, encoding = read_text(cfg)
    report = RegisterReport(path, encoding)
    table = _schools(check_rows(_parse(text, cfg), cfg, report), cfg)
    if key is not None:
        if len(_CACHE) >= 4:
            _CACHE.clear()
        _CACHE[key] = (table, report)
    return table.copy(), report


def load_register(cfg: RegisterSource) -> pd.DataFrame:
    """Open primary schools from a GIAS-layout CSV, in the model's terms (km grid, church status).

    Voluntary aided / controlled come from the establishment type; academies and foundation
    schools with a religious character count as voluntary controlled church schools; rural schools
    get driving minutes to the nearest urban school. Raises RegisterError (a one-line ConfigError)
    for a file that cannot be used.
    """
    return read_register(cfg)[0]


def _schools(df: pd.DataFrame, cfg: RegisterSource) -> pd.DataFrame:
    c = GIAS_COLUMNS
    kind = df[c["type"]].astype(str).str.lower()
    religious = ~df[c["religious"]].astype(str).str.strip().str.lower().isin(NO_RELIGION)
    religion = np.where(
        kind.str.contains("aided"), "VA", np.where(kind.str.contains("controlled") | religious, "VC", "community")
    )
    east = df[c["easting"]].str.replace(",", "").astype(float).to_numpy()
    north = df[c["northing"]].str.replace(",", "").astype(float).to_numpy()
    x = (east - east.min()) / 1000
    y = (north - north.min()) / 1000
    town = df[c["urban_rural"]].astype(str).str.strip().str.lower().str.startswith("urban").to_numpy()
    xy = np.column_stack([x, y])
    if town.any():
        dist, _ = cKDTree(xy[town]).query(xy)
    else:
        dist = np.zeros(len(df))
    names = df[c["name"]].astype(str).str.strip()
    names = names.where(names != "", "URN " + df["_urn"].astype(str))
    return (
        pd.DataFrame(
            {
                "urn": df["_urn"].astype(int).to_numpy(),
                "name": names.to_numpy(),
                "roll": df["_pupils"].astype(int).to_numpy(),
                "x": x,
                "y": y,
                "religion": religion,
                "academy": kind.str.contains("academ").to_numpy(),
                "town": town,
                "minutes_to_town": np.where(town, 0.0, dist * cfg.minutes_per_km),
            }
        )
        .sort_values("urn")
        .reset_index(drop=True)
    )


def main(argv: list[str] | None = None) -> int:
    """Check a register file and list every skipped, rejected or impossible row."""
    import argparse
    import sys
    from types import SimpleNamespace

    parser = argparse.ArgumentParser(prog="python -m sim.state.register", description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--la", default=None, help="keep only this local authority ('LA (name)')")
    args = parser.parse_args(argv)
    cfg = SimpleNamespace(register=args.file, register_la=args.la, minutes_per_km=1.6)
    try:
        text, encoding = read_text(cfg)
        report = RegisterReport(register_path(cfg), encoding)
        try:
            check_rows(_parse(text, cfg), cfg, report)
        finally:
            if report.problems:
                print(report.to_frame().to_string(index=False))
        print(report.summary())
    except RegisterError as err:
        print(f"register error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
