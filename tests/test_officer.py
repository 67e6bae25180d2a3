"""A local-authority officer's questions as comparisons: their own county from a register file, and
a programme stopped after N years (``stop_after``), end to end on tiny settings, with their bad inputs
refused in one line before anything runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from experiments import compare
from sim.running.app import run_app
from sim.running.comparison import CompareConfig, scenario_configs

REPO = Path(__file__).resolve().parent.parent
TINY = ["draws=2", "seeds=1", "horizon_years=2", "report_years=2", "n_jobs=2", "decompose_draws=0"]
CMP = [
    "region=small",
    "seeds=1",
    "horizon_years=3",
    "report_years=1",
    "n_jobs=1",
    "scenarios=[no_programme,revised_one_off]",
]


def _refused(argv: list[str], expect: str, tmp_path: Path, monkeypatch, capsys) -> None:
    """One line on stderr naming ``expect``, exit status 2, nothing written."""
    monkeypatch.chdir(tmp_path)
    code = run_app(compare.APP, compare.command_line(argv))
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 2 and len(err) == 1, err
    assert expect in err[0], err[0]
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "argv, expect",
    [
        (["stop_after=[0]"], "stop_after"),
        (["stop_after=[4]"], "1 to horizon_years=3"),
        (["stop_after=[-2]"], "stop_after"),
        (["stop_after=[2,2]"], "stop_after"),
        (["stop_after=abc"], "stop_after"),
        (["region=register_example", "region.register=missing.csv"], "region.register='missing.csv': no such file"),
        (["region=register_example", "region.register_la=Nowhere"], "Exampleshire"),
        (["region.nonsense=1"], "region.nonsense"),
    ],
    ids=["stop-zero", "stop-beyond-horizon", "stop-negative", "stop-twice", "stop-text", "register-missing",
         "register-la", "region-unknown-key"],
)  # fmt: skip
def test_bad_officer_inputs_are_one_line(argv, expect, tmp_path, monkeypatch, capsys):
    _refused([*CMP, *argv], expect, tmp_path, monkeypatch, capsys)


def test_region_settings_are_gathered_for_every_scenario():
    argv = compare.command_line(["region=register_example", "region.register_la=Exampleshire", "seeds=1"])
    assert argv == ["region=register_example", "seeds=1", "region_settings=['region.register_la=Exampleshire']"]
    assert compare.command_line(["seeds=1"]) == ["seeds=1"]


def test_stopped_variants_end_every_lever_after_n_years():
    c = CompareConfig(
        scenarios=["no_programme", "revised_one_off"],
        region="small",
        horizon_years=5,
        report_years=5,
        stop_after=[1, 3],
    )
    configs = scenario_configs(c)
    assert list(configs) == ["no_programme", "revised_one_off", "revised_one_off_stop1", "revised_one_off_stop3"]
    whole, stop1, stop3 = (
        configs[n].scenario for n in ("revised_one_off", "revised_one_off_stop1", "revised_one_off_stop3")
    )
    assert stop3.grouping.end_year == 2014 and stop1.grouping.end_year == 2012  # academic years 2012/13 to 2014/15
    assert stop3.startup_funding.end_year == min(2014, whole.startup_funding.end_year)  # an earlier end is kept
    assert stop1.name == "revised_one_off_stop1" and "stopped after 1 year" in stop1.description
    assert configs["no_programme"].scenario == scenario_configs(CompareConfig(scenarios=["no_programme", "revised_one_off"], region="small", horizon_years=5, report_years=5))["no_programme"].scenario  # fmt: skip


def _run(argv: list[str], cwd: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "experiments.compare", *argv, f"hydra.run.dir={cwd / 'out'}"],
        cwd=cwd, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    return proc.stderr


@pytest.mark.slow
def test_my_county_from_a_register(tmp_path):
    err = _run(
        ["region=register_example", "region.register=sim/data/example_register.csv",
         "region.register_la=Exampleshire", "scenarios=[no_programme,revised_one_off]", *TINY],
        tmp_path,
    )  # fmt: skip
    assert "40 schools used" in err and "counties=1" in err
    import json

    design = json.loads((tmp_path / "out" / "design.json").read_text())
    assert list(design["counties"]) == ["0"]  # one layout: the register's
    report = (tmp_path / "out" / "report.md").read_text()
    assert "Succession-risk register" in report


@pytest.mark.slow
def test_programmes_stopped_after_n_years(tmp_path):
    _run(["region=small", "counties=1", "scenarios=[no_programme,revised_one_off]", "stop_after=[1]", *TINY], tmp_path)
    report = (tmp_path / "out" / "report.md").read_text()
    assert "**revised_one_off_stop1**" in report
    assert "revised_one_off_stop1 and no_programme" in report or "revised_one_off_stop1 than in no_programme" in report
    import pandas as pd

    robust = pd.read_csv(tmp_path / "out" / "robustness.csv")
    assert "revised_one_off_stop1" in set(robust.scenario)
