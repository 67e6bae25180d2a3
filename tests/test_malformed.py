"""More than a hundred malformed inputs: overrides, config files, register files, results
folders. For each: a non-zero exit status, exactly one line on stderr naming the field, no
traceback, and nothing left behind (the working folder is byte for byte as before).

Most cases call the entry points' ``run_app`` in-process (the pre-flight refuses them before Hydra
runs, so this is the same code path as the command line); a few true subprocesses check the
contract end to end. Mechanism parameters are picked by introspecting the dataclasses, so the
cases survive renamed parameters.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import get_type_hints

import pytest

from experiments import compare
from sim.running import cli
from sim.running.app import run_app

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "sim" / "data" / "example_register.csv"
HEADER, *ROWS = EXAMPLE.read_text().splitlines()
SMALL = ["region=small", "run.n_seeds=1", "run.horizon_years=1", "run.figure=false"]
CMP = [
    "region=small",
    "seeds=1",
    "horizon_years=2",
    "report_years=1",
    "n_jobs=1",
    "scenarios=[no_programme]",
    "baseline=no_programme",
    "risk_scenario=no_programme",
]


# ----- fixtures for the cases -----------------------------------------------------------------------


def _register(tmp: Path, rows: list[str] | None = None, header: str = HEADER, name: str = "reg.csv") -> str:
    path = tmp / name
    path.write_text("\n".join([header, *(ROWS if rows is None else rows)]) + "\n")
    return str(path)


def _row(i: int, **changes: str) -> str:
    """Row ``i`` of the example register with some columns changed (by header name)."""
    cols = HEADER.split(",")
    values = ROWS[i].split(",")
    for k, v in changes.items():
        values[cols.index(k)] = v
    return ",".join(values)


def _set(rows: list[str], i: int, **changes: str) -> list[str]:
    out = list(rows)
    out[i] = _row(i, **changes)
    return out


def _file(path: Path, data: bytes | None = None) -> str:
    """Write ``data`` to ``path`` (a folder if None); return the path."""
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)
    return str(path)


def _user_conf(tmp: Path) -> str:
    """A --config-dir folder with broken files of each kind."""
    d = tmp / "myconf"
    (d / "scenario").mkdir(parents=True)
    (d / "region").mkdir()
    (d / "scenario" / "badyaml.yaml").write_text("name: mine\ngrouping:\n  enabled: true\n   cap: 3\n")
    (d / "scenario" / "badtype.yaml").write_text(
        "defaults:\n  - revised_one_off\n  - _self_\nname: bt\ngrouping:\n  cap: lots\n"
    )
    (d / "scenario" / "nanvalue.yaml").write_text(
        "defaults:\n  - revised_one_off\n  - _self_\nname: nv\nlump_sum:\n  lump_sum: .nan\n"
    )
    (d / "scenario" / "unknownlever.yaml").write_text("name: ul\nteleport:\n  enabled: true\n")
    (d / "scenario" / "latin1.yaml").write_bytes("name: caf\xe9\n".encode("latin-1"))
    (d / "scenario" / "tabs.yaml").write_text("name: t\n\tgrouping: 1\n")
    (d / "region" / "unknownkey.yaml").write_text("name: uk\nwidth_km: 50\nfoo: 1\n")
    (d / "region" / "list.yaml").write_text("- 1\n- 2\n")
    (d / "region" / "negband.yaml").write_text("name: nb\nsize_bands:\n  - {lo: 20, hi: 90, count: -3}\n")
    return str(d)


def _store(tmp: Path, kind: str) -> str:
    """A results folder damaged beyond repair, or holding another configuration."""
    root = tmp / "store"
    root.mkdir()
    if kind == "other_config":
        (root / "store.json").write_text(json.dumps({"no_programme": "0123456789ab"}))
        (root / "configs").mkdir()
    elif kind == "json_is_folder":
        (root / "store.json").mkdir()
    elif kind in ("truncated_ambiguous", "truncated_no_config"):
        (root / "store.json").write_text('{"no_programme": "01234')
        runs = root / "measures" / "no_programme"
        runs.mkdir(parents=True)
        (runs / "0123456789ab-1.parquet").write_bytes(b"PAR1")
        if kind == "truncated_ambiguous":
            (runs / "ba9876543210-1.parquet").write_bytes(b"PAR1")
    elif kind == "other_files":
        (root / "notes.txt").write_text("my notes")
    elif kind == "is_file":
        root.rmdir()
        root.write_text("a file")
    return str(root)


def _params_cases() -> list[tuple[str, list[str], str]]:
    """For every section of the mechanism parameters: its first number and first whole number, malformed."""
    from sim.state.params import Params

    out = []
    for n, section in enumerate(fields(Params)):
        cls = get_type_hints(Params)[section.name]
        if not is_dataclass(cls):
            continue
        hints = get_type_hints(cls)
        floats = [f for f in fields(cls) if hints[f.name] is float]
        ints = [f for f in fields(cls) if hints[f.name] is int]
        if floats:
            f = floats[0]
            key = f"params.{section.name}.{f.name}"
            out += [(f"{key}-nan", [f"{key}=nan"], key), (f"{key}-text", [f"{key}=lots"], key)]
            if f.metadata.get("hi") is not None:
                out.append((f"{key}-above", [f"{key}={f.metadata['hi'] * 2 + 1}"], key))
            if n == 0 and f.metadata.get("lo") is not None:
                out.append((f"{key}-below", [f"{key}={f.metadata['lo'] - 1}"], key))
        if ints and n < 3:
            key = f"params.{section.name}.{ints[0].name}"
            out.append((f"{key}-fraction", [f"{key}=2.5"], key))
        if n == 0:
            out.append((f"params.{section.name}-scalar", [f"params.{section.name}=3"], f"params.{section.name}"))
    return out


# (id, app, argv, text the one line must contain, setup) -- setup(tmp) returns extra argv
SIM_CASES = [
    ("n_seeds-text", ["run.n_seeds=abc"], "run.n_seeds"),
    ("n_seeds-zero", ["run.n_seeds=0"], "run.n_seeds"),
    ("n_seeds-fraction", ["run.n_seeds=3.5"], "run.n_seeds"),
    ("n_seeds-limit", ["run.n_seeds=5000"], "SIM_LIMIT_N_SEEDS"),
    ("n_seeds-bool", ["run.n_seeds=true"], "run.n_seeds"),
    ("n_seeds-huge", ["run.n_seeds=99999999999999999999"], "run.n_seeds"),
    ("seed-negative", ["run.seed=-1"], "run.seed"),
    ("seed-nan", ["run.seed=nan"], "run.seed"),
    ("seed-too-big", ["run.seed=4294967296"], "run.seed"),
    ("seed-range-overflow", ["run.seed=4294967290", "run.n_seeds=10"], "run.seed"),
    ("horizon-zero", ["run.horizon_years=0"], "run.horizon_years"),
    ("horizon-too-long", ["run.horizon_years=201"], "run.horizon_years"),
    ("horizon-inf", ["run.horizon_years=inf"], "run.horizon_years"),
    ("horizon-1e400", ["run.horizon_years=1e400"], "run.horizon_years"),
    ("start-year", ["run.start_year=1800"], "run.start_year"),
    ("termly-text", ["run.termly=maybe"], "run.termly"),
    ("termly-number", ["run.termly=2"], "run.termly"),
    ("figure-list", ["run.figure=[1]"], "run.figure"),
    ("run-unknown", ["run.foo=1"], "run.foo"),
    ("run-append-unknown", ["+run.foo=1"], "run.foo"),
    ("run-scalar", ["run=5"], "run"),
    ("top-unknown", ["+nonsense=1"], "nonsense"),
    ("region-missing-option", ["region=nowhere"], "region=nowhere"),
    ("region-schema-not-a-choice", ["region=region_schema"], "region=region_schema"),
    ("scenario-missing-option", ["scenario=utopia"], "scenario=utopia"),
    ("params-missing-option", ["params=nope"], "params=nope"),
    ("region-deleted", ["~region"], "region"),
    ("width-nan", ["region.width_km=nan"], "region.width_km"),
    ("width-minus-inf", ["region.width_km=-inf"], "region.width_km"),
    ("width-zero", ["region.width_km=0"], "region.width_km"),
    ("width-text", ["region.width_km=abc"], "region.width_km"),
    ("shares-sum", ["region.share_va=0.5"], "share_va"),
    ("share-negative", ["region.share_community=-0.1"], "region.share_community"),
    ("academies-too-many", ["region.academies=1000"], "region.academies"),
    ("bands-empty", ["region.size_bands=[]"], "region.size_bands"),
    ("bands-scalar", ["region.size_bands=5"], "region.size_bands"),
    ("band-hi-below-lo", ["region.size_bands=[{lo: 10, hi: 5, count: 3}]"], "region.size_bands"),
    ("band-50-million", ["region.size_bands=[{lo: 10, hi: 90, count: 50000000}]"], "SIM_LIMIT_SCHOOLS"),
    ("band-absurd-roll", ["region.size_bands=[{lo: 10, hi: 99999, count: 3}]"], "SIM_LIMIT_PUPILS"),
    ("band-text", ["region.size_bands=[{lo: a, hi: 5, count: 3}]"], "region.size_bands"),
    ("band-unknown-key", ["region.size_bands=[{lo: 1, hi: 5, count: 3, x: 1}]"], "region.size_bands"),
    ("band-one-school", ["region.size_bands=[{lo: 20, hi: 90, count: 1}]"], "region.size_bands"),
    ("region-name-slash", ["region.name=a/b"], "region.name"),
    ("region-name-dot", ["region.name=.hidden"], "region.name"),
    ("region-name-empty", ["region.name=''"], "region.name"),
    ("scenario-name-space", ["scenario.name='two words'"], "scenario.name"),
    ("towns-zero", ["region.n_towns=0"], "region.n_towns"),
    ("minutes-nan", ["region.minutes_per_km=nan"], "region.minutes_per_km"),
    ("region-seed-negative", ["region.seed=-5"], "region.seed"),
    ("region-unknown", ["region.foo=1"], "region.foo"),
    ("lever-unknown", ["scenario.teleport.enabled=true"], "scenario.teleport"),
    ("lever-scalar", ["scenario.grouping=5"], "scenario.grouping"),
    ("cap-too-small", ["scenario.grouping.cap=1"], "scenario.grouping.cap"),
    (
        "norm-above-cap",
        ["scenario.grouping.enabled=true", "scenario.grouping.norm=9", "scenario.grouping.cap=7"],
        "norm",
    ),
    ("grouping-mode", ["scenario.grouping.enabled=true", "scenario.grouping.mode=random"], "scenario.grouping.mode"),
    ("lump-sum-nan", ["scenario.lump_sum.lump_sum=nan"], "scenario.lump_sum.lump_sum"),
    ("startup-negative", ["scenario.startup_funding.amount_per_school=-1"], "amount_per_school"),
    ("lever-ends-before-run", ["scenario.premium.enabled=true", "scenario.premium.end_year=2000"], "end_year"),
    (
        "lever-ends-before-start",
        ["scenario.adviser.enabled=true", "scenario.adviser.start_year=2015", "scenario.adviser.end_year=2014"],
        "scenario.adviser.end_year",
    ),
    ("lever-year-text", ["scenario.adviser.start_year=abc"], "scenario.adviser.start_year"),
    ("lever-year-far", ["scenario.adviser.end_year=3000"], "scenario.adviser.end_year"),
    ("broker-negative", ["scenario.broker_executive.after_rounds=-1"], "after_rounds"),
    ("params-unknown", ["params.foo=1"], "params.foo"),
    ("interpolation", ["run.seed=${oops}"], "run.seed"),
    ("syntax-bracket", ["run.n_seeds=[1,"], "run.n_seeds"),
    ("syntax-no-key", ["=5"], "=5"),
    ("delete-setting", ["~run.seed"], "run.seed"),
    ("register-missing", ["region=register_example", "region.register=/nonexistent/reg.csv"], "region.register"),
    ("flag-unknown", ["--bogus-flag"], "--bogus-flag"),
    ("config-name", ["--config-name", "nope"], "nope"),
    ("config-dir-missing", ["--config-dir", "/nonexistent/conf"], "--config-dir"),
    ("sweep-without-m", ["run.seed=1,2"], "add -m"),
    ("sweep-bad-value", ["-m", "run.n_seeds=1,abc"], "run.n_seeds"),
    ("sweep-nan-elsewhere", ["-m", "run.seed=1,2", "region.width_km=nan"], "region.width_km"),
    ("sweep-too-many-jobs", ["-m", "run.seed=range(0,5000)"], "SIM_LIMIT_SWEEP_JOBS"),
    ("sweep-launcher", ["-m", "hydra/launcher=nope", "run.seed=1,2"], "hydra/launcher"),
    ("sweep-launcher-jobs", ["-m", "hydra/launcher=joblib", "hydra.launcher.n_jobs=abc", "run.seed=1,2"], "n_jobs"),
    ("run-dir-empty", ["hydra.run.dir=''"], "hydra.run.dir"),
] + _params_cases()

USER_CONF_CASES = [
    ("yaml-malformed", ["scenario=badyaml"], "badyaml.yaml, line 4"),
    ("yaml-wrong-type", ["scenario=badtype"], "scenario.grouping.cap"),
    ("yaml-nan", ["scenario=nanvalue"], "scenario.lump_sum.lump_sum"),
    ("yaml-unknown-lever", ["scenario=unknownlever"], "scenario.teleport"),
    ("yaml-not-utf8", ["scenario=latin1"], "UTF-8"),
    ("yaml-tab", ["scenario=tabs"], "tabs.yaml"),
    ("yaml-unknown-key", ["region=unknownkey"], "region.foo"),
    ("yaml-not-a-mapping", ["region=list"], "region"),
    ("yaml-negative-count", ["region=negband"], "region.size_bands"),
]

REGISTER_CASES = [
    ("empty", lambda t: _file(t / "e.csv", b""), "is empty"),
    ("folder", lambda t: _file(t / "d.csv"), "is a folder"),
    ("binary", lambda t: _file(t / "b.csv", b"PK\x03\x04\x00\x00binary"), "binary"),
    ("header-only", lambda t: _register(t, []), "fewer than 2"),
    ("missing-column", lambda t: _register(t, header=HEADER.replace("Easting", "East")), "Easting"),
    ("pupils-text", lambda t: _register(t, _set(ROWS, 3, NumberOfPupils="many")), "NumberOfPupils='many'"),
    ("pupils-negative", lambda t: _register(t, _set(ROWS, 3, NumberOfPupils="-12")), "negative"),
    ("pupils-absurd", lambda t: _register(t, _set(ROWS, 3, NumberOfPupils="99999999999")), "SIM_LIMIT_PUPILS"),
    ("pupils-fraction", lambda t: _register(t, _set(ROWS, 3, NumberOfPupils="12.5")), "NumberOfPupils"),
    ("easting-text", lambda t: _register(t, _set(ROWS, 2, Easting="north")), "Easting='north'"),
    ("easting-off-grid", lambda t: _register(t, _set(ROWS, 2, Easting="9000000")), "Easting"),
    ("northing-negative", lambda t: _register(t, _set(ROWS, 2, Northing="-5")), "Northing"),
    ("urn-text", lambda t: _register(t, _set(ROWS, 1, URN="abc")), "URN='abc'"),
    ("urn-duplicate", lambda t: _register(t, _set(ROWS, 5, URN=ROWS[4].split(",")[0])), "appears twice"),
    ("ragged-row", lambda t: _register(t, [*ROWS[:3], ROWS[3] + ",extra,fields", *ROWS[4:]]), "line 5"),
    ("undecodable", lambda t: _file(t / "u.csv", f"{HEADER}\n".encode() + b"1,\x81\x8d\xff\n"), "line 2"),
    ("one-school", lambda t: _register(t, ROWS[:1]), "fewer than 2"),
    ("all-without-pupils", lambda t: _register(t, [_row(i, NumberOfPupils="") for i in range(5)]), "fewer than 2"),
]

COMPARE_CASES = [
    ("n_jobs-zero", ["n_jobs=0"], "n_jobs=0"),
    ("n_jobs-limit", ["n_jobs=100000"], "SIM_LIMIT_N_JOBS"),
    ("n_jobs-below", ["n_jobs=-5"], "n_jobs"),
    ("base_seed-negative", ["base_seed=-1"], "base_seed"),
    ("seeds-billion", ["seeds=1000000000"], "SIM_LIMIT_COMPARE_SEEDS"),
    ("seeds-zero", ["seeds=0"], "seeds"),
    ("seeds-text", ["seeds=abc"], "seeds"),
    ("seeds-nan", ["seeds=nan"], "seeds"),
    ("scenario-unknown", ["scenarios=[no_programme,utopia]"], "utopia"),
    ("scenarios-empty", ["scenarios=[]"], "scenarios"),
    ("scenario-twice", ["scenarios=[no_programme,no_programme]"], "scenarios"),
    ("baseline-not-compared", ["baseline=original_2012"], "baseline"),
    ("risk-not-compared", ["risk_scenario=foo"], "risk_scenario"),
    ("horizon-shorter-than-report", ["horizon_years=1", "report_years=10"], "report_years"),
    ("report-zero", ["report_years=0"], "report_years"),
    ("horizon-nan", ["horizon_years=nan"], "horizon_years"),
    ("region-unknown", ["region=atlantis"], "region=atlantis"),
    ("scenario-singular", ["scenario=x"], "scenario"),
    ("unknown-setting", ["foo=1"], "foo"),
    ("overrides-unquoted", ["overrides=[params.foo=1]"], "overrides"),
    ("overrides-nan", ['overrides=["run.seed=nan"]'], "run.seed"),
    ("overrides-unknown", ['overrides=["region.foo=1"]'], "region.foo"),
    ("multirun", ["-m", "seeds=1,2"], "-m"),
]

STORE_CASES = [
    ("other-config", "other_config", "already holds scenario"),
    ("store-json-is-folder", "json_is_folder", "store.json"),
    ("store-json-truncated-ambiguous", "truncated_ambiguous", "store.json"),
    ("store-json-truncated-no-config", "truncated_no_config", "store.json"),
    ("folder-holds-other-files", "other_files", "holds other files"),
    ("folder-is-a-file", "is_file", "is a file"),
]


def _tree(root: Path) -> dict[str, tuple[bool, int]]:
    return {str(p.relative_to(root)): (p.is_dir(), 0 if p.is_dir() else p.stat().st_size) for p in root.rglob("*")}


def _check(code: int, err: str, expect: str, before: dict, root: Path) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert code != 0, err
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{err}"
    assert "Traceback" not in err
    assert expect in lines[0], lines[0]
    assert _tree(root) == before, "something was left behind or changed"


def _inprocess(app, argv, tmp_path, monkeypatch, capsys, expect):
    monkeypatch.chdir(tmp_path)
    before = _tree(tmp_path)
    code = run_app(app, argv)
    out, err = capsys.readouterr()
    _check(code, err, expect, before, tmp_path)


@pytest.mark.parametrize("argv, expect", [c[1:] for c in SIM_CASES], ids=[c[0] for c in SIM_CASES])
def test_sim_refuses_malformed_override(argv, expect, tmp_path, monkeypatch, capsys):
    _inprocess(cli.APP, [*SMALL, *argv], tmp_path, monkeypatch, capsys, expect)


@pytest.mark.parametrize("argv, expect", [c[1:] for c in USER_CONF_CASES], ids=[c[0] for c in USER_CONF_CASES])
def test_sim_refuses_malformed_config_file(argv, expect, tmp_path, monkeypatch, capsys):
    conf = _user_conf(tmp_path)
    _inprocess(cli.APP, [*SMALL, "--config-dir", conf, *argv], tmp_path, monkeypatch, capsys, expect)


@pytest.mark.parametrize("make, expect", [c[1:] for c in REGISTER_CASES], ids=[c[0] for c in REGISTER_CASES])
def test_sim_refuses_malformed_register(make, expect, tmp_path, monkeypatch, capsys):
    path = make(tmp_path)
    argv = ["region=register_example", f"region.register={path}", "run.n_seeds=1", "run.horizon_years=1"]
    _inprocess(cli.APP, argv, tmp_path, monkeypatch, capsys, expect)


def test_register_filter_that_matches_nothing_lists_the_authorities(tmp_path, monkeypatch, capsys):
    argv = ["region=register_example", "region.register_la=Lincs", "run.n_seeds=1"]
    _inprocess(cli.APP, argv, tmp_path, monkeypatch, capsys, "Exampleshire")


def test_register_above_the_size_limit(tmp_path, monkeypatch, capsys):
    path = tmp_path / "big.csv"
    path.write_text(HEADER + "\n" + ("x" * 1000 + "\n") * 1100)  # just over 1 MB
    monkeypatch.setenv("SIM_LIMIT_REGISTER_MB", "1")
    argv = ["region=register_example", f"region.register={path}", "run.n_seeds=1"]
    _inprocess(cli.APP, argv, tmp_path, monkeypatch, capsys, "SIM_LIMIT_REGISTER_MB")


def test_bad_limit_variable(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SIM_LIMIT_N_SEEDS", "lots")
    _inprocess(cli.APP, [*SMALL], tmp_path, monkeypatch, capsys, "SIM_LIMIT_N_SEEDS")


def test_run_folder_that_is_a_file_or_holds_files(tmp_path, monkeypatch, capsys):
    (tmp_path / "afile").write_text("x")
    _inprocess(cli.APP, [*SMALL, f"hydra.run.dir={tmp_path / 'afile'}"], tmp_path, monkeypatch, capsys, "is a file")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "results.csv").write_text("earlier results")
    _inprocess(cli.APP, [*SMALL, f"hydra.run.dir={tmp_path / 'full'}"], tmp_path, monkeypatch, capsys, "already holds")


@pytest.mark.parametrize("argv, expect", [c[1:] for c in COMPARE_CASES], ids=[c[0] for c in COMPARE_CASES])
def test_compare_refuses_malformed_setting(argv, expect, tmp_path, monkeypatch, capsys):
    _inprocess(compare.APP, [*CMP, *argv], tmp_path, monkeypatch, capsys, expect)


@pytest.mark.parametrize("kind, expect", [c[1:] for c in STORE_CASES], ids=[c[0] for c in STORE_CASES])
def test_compare_refuses_unusable_results_folder(kind, expect, tmp_path, monkeypatch, capsys):
    root = _store(tmp_path, kind)
    _inprocess(compare.APP, [*CMP, f"hydra.run.dir={root}"], tmp_path, monkeypatch, capsys, expect)


def test_compare_refuses_a_folder_in_use(tmp_path, monkeypatch, capsys):
    from filelock import FileLock

    root = tmp_path / "busy"
    root.mkdir()
    with FileLock(str(root / ".lock")):  # another comparison holds the folder
        _inprocess(compare.APP, [*CMP, f"hydra.run.dir={root}"], tmp_path, monkeypatch, capsys, "in use")


def test_at_least_a_hundred_malformed_inputs():
    n = len(SIM_CASES) + len(USER_CONF_CASES) + len(REGISTER_CASES) + len(COMPARE_CASES) + len(STORE_CASES) + 5
    assert n >= 100, n


# ----- the same contract through real processes ------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "module, argv, expect",
    [
        ("sim", ["run.n_seeds=abc"], "run.n_seeds"),
        ("sim", ["region=nowhere"], "region=nowhere"),
        ("sim", ["params.foo=nan"], "params.foo"),
        ("sim", ["--config-dir", "{conf}", "scenario=badyaml"], "badyaml.yaml, line 4"),
        ("sim", ["region=register_example", "region.register={dup}"], "appears twice"),
        ("experiments.compare", ["n_jobs=0"], "n_jobs"),
        ("experiments.compare", ["region=england", "seeds=1000000000"], "SIM_LIMIT_COMPARE_SEEDS"),
    ],
    ids=["type", "choice", "unknown", "yaml", "register", "compare", "compare-limit"],
)
def test_command_line_contract(module, argv, expect, tmp_path):
    conf = _user_conf(tmp_path)
    dup = _register(tmp_path, _set(ROWS, 5, URN=ROWS[4].split(",")[0]), name="dup.csv")
    argv = [a.format(conf=conf, dup=dup) for a in argv]
    before = _tree(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", module, *argv], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    _check(proc.returncode, proc.stderr, expect, before, tmp_path)
    assert proc.returncode == 2
