"""Ensembles, the results store, comparison report and sweeps on Hydra's launchers."""

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from hydra.errors import ConfigCompositionException

from experiments.compare import run_comparison
from sim.running.comparison import CompareConfig, scenario_configs
from sim.running.config import compose_config
from sim.running.ensemble import load, run_ensemble, seed_set
from sim.running.store import ResultsStore
from sim.state.errors import ConfigError, StoreError
from tests.conftest import make_config


def _configs(years=4):
    return {
        "no_programme": make_config("scenario=no_programme", f"run.horizon_years={years}"),
        "revised_one_off": make_config("scenario=revised_one_off", f"run.horizon_years={years}"),
    }


def _frames(root):
    measures, gaps, drivers = load(root)
    return measures.reset_index(drop=True), gaps.reset_index(drop=True), drivers.reset_index(drop=True)


def test_seed_set_is_common_and_reproducible():
    assert seed_set(7, 5) == seed_set(7, 5)
    assert len(set(seed_set(7, 5))) == 5
    assert seed_set(7, 3) == seed_set(7, 5)[:3]  # extending an ensemble keeps its first seeds


@pytest.mark.slow
def test_ensemble_identical_serial_parallel_and_resumed(tmp_path):
    seeds = seed_set(1, 4)
    run_ensemble(_configs(), seeds, tmp_path / "serial", n_jobs=1, progress=False)
    run_ensemble(_configs(), seeds, tmp_path / "joblib", n_jobs=2, progress=False)
    # an interrupted run: only half the seeds finished, and one file was half-written
    run_ensemble(_configs(), seeds[:2], tmp_path / "resumed", n_jobs=2, progress=False)
    (tmp_path / "resumed" / "measures" / "no_programme" / ".junk.tmp").write_text("partial")
    counts = run_ensemble(_configs(), seeds, tmp_path / "resumed", n_jobs=2, progress=False)
    assert counts == {"ran": 4, "skipped": 4}
    serial = _frames(tmp_path / "serial")
    for other in ("joblib", "resumed"):
        for a, b in zip(serial, _frames(tmp_path / other)):
            pdt.assert_frame_equal(a, b)
    m = serial[0]
    assert sorted(m.scenario.unique()) == ["no_programme", "revised_one_off"]
    assert m.groupby("scenario").seed.nunique().tolist() == [4, 4]
    assert set(m.groupby("scenario").seed.apply(frozenset)) == {frozenset(seeds)}  # common random numbers


@pytest.mark.slow
def test_store_refuses_a_different_configuration(tmp_path):
    run_ensemble(_configs(), seed_set(1, 1), tmp_path, n_jobs=1, progress=False)
    before = sorted(p.name for p in tmp_path.rglob("*.parquet"))
    other = {
        "no_programme": make_config(
            "scenario=no_programme", "run.horizon_years=4", "params.recruitment.appoint_bar=1.0"
        )
    }
    with pytest.raises(ConfigError, match="already holds scenario 'no_programme'"):
        run_ensemble(other, seed_set(1, 2), tmp_path, n_jobs=1, progress=False)
    assert sorted(p.name for p in tmp_path.rglob("*.parquet")) == before
    assert ResultsStore(tmp_path).index()["no_programme"] != "changed"


@pytest.mark.slow
def test_comparison_report_is_written(tmp_path):
    c = CompareConfig(
        scenarios=["no_programme", "revised_one_off", "recurring_funding"],
        region="small",
        draws=1,
        counties=1,
        decompose_draws=0,
        seeds=3,
        horizon_years=4,
        report_years=3,
        n_jobs=2,
    )
    report = run_comparison(c, tmp_path, progress=False)
    text = report.read_text()
    assert "Cost-effectiveness" in text and "Succession-risk register" in text
    for name in (
        "headlines.png",
        "money.png",
        "risk_map.png",
        "risk_register.csv",
        "paired_differences.csv",
        "cost_effectiveness.csv",
    ):
        assert (tmp_path / name).stat().st_size > 0, name
    register = pd.read_csv(tmp_path / "risk_register.csv")
    assert {
        "p_gap_1y",
        "p_gap_3y",
        "p_gap_5y",
        "head_age",
        "expected_applicants",
        "partnership_form",
        "executive_cover_available",
    } <= set(register.columns)
    assert (register.p_gap_1y <= register.p_gap_3y + 1e-12).all() and (
        register.p_gap_3y <= register.p_gap_5y + 1e-12
    ).all()
    diffs = pd.read_csv(tmp_path / "paired_differences.csv")
    assert {"draw", "county", "seed", "difference"} <= set(diffs.columns)
    assert set(diffs.scenario) == {"revised_one_off", "recurring_funding"}  # the baseline is what they differ from
    assert len(diffs) == diffs.measure.nunique() * 2 * 3  # one row per measure, scenario and run pair


@pytest.mark.slow
def test_uncertainty_comparison_pairs_draws_counties_and_seeds(tmp_path):
    c = CompareConfig(
        scenarios=["no_programme", "revised_one_off"],
        region="small",
        draws=3,
        counties=2,
        seeds=2,
        assumptions=True,
        decompose_draws=1,
        horizon_years=3,
        report_years=2,
        n_jobs=2,
        overrides=["params.spinup.years=8"],
    )
    run_comparison(c, tmp_path, progress=False)
    m, _, _ = load(tmp_path, c.scenarios)
    runs = m[["scenario", "draw", "county", "seed"]].drop_duplicates()
    assert len(runs) == 2 * 3 * 2 * 2
    assert set(runs.groupby("scenario").apply(lambda g: frozenset(zip(g.draw, g.county, g.seed)))) == {
        frozenset((d, k, s) for d in range(3) for k in range(2) for s in seed_set(c.base_seed, 2))
    }  # every scenario on the same draws, counties and seeds
    first = m[(m.year == 2012) & (m.measure == "schools") & (m.group == "all")]
    assert first.groupby(["draw", "county", "seed"]).value.nunique().max() == 1  # paired: the same county
    # the counties differ from each other, the draws' parameters too
    design = json.loads((tmp_path / "design.json").read_text())
    assert len(set(design["counties"].values())) == 2 and design["draws"]["0"] == {}
    assert design["draws"]["1"] != design["draws"]["2"]
    diffs = pd.read_csv(tmp_path / "paired_differences.csv")
    gap = diffs[diffs.measure == "gap_terms|le110"]
    assert len(gap) == 3 * 2 * 2 and {"draw", "county", "seed"} <= set(gap.columns)
    robust = pd.read_csv(tmp_path / "robustness.csv")
    row = robust[robust.measure == "gap_terms|le110"].iloc[0]
    assert row["median"] == pytest.approx(gap.difference.median())
    assert row.n_draws == 3 and row.n_runs == 12
    by_draw = gap.groupby("draw").difference.mean()
    sign = np.sign(row["median"])
    if sign != 0:
        assert row.share_sign_holds == pytest.approx((np.sign(by_draw) == sign).mean())
    assert row.label in ("robust", "uncertain")
    assert "## Which assumptions decide the answer" in (tmp_path / "report.md").read_text()
    discovery = (tmp_path / "scenario_discovery.md").read_text().splitlines()
    if discovery[0].startswith("<!-- version"):  # the code that made it, then the heading
        assert re.fullmatch(r"<!-- version \S+, commit \S+ -->", discovery[0]), discovery[0]
        discovery = discovery[1:]
    assert discovery[0].startswith("# Scenario discovery")
    assert (tmp_path / "sensitivity_of_differences.csv").exists()
    assert len(pd.read_csv(tmp_path / "draws.csv")) == 3
    split = pd.read_csv(tmp_path / "lever_decomposition.csv")
    assert {"grouping", "startup_funding", "broker_executive"} <= set(split.lever)
    sums = split.groupby(["scenario", "measure", "method"]).agg(parts=("contribution", "sum"), total=("total", "first"))
    assert np.allclose(sums.parts, sums.total)  # the parts add up to the whole effect
    assert set(split.n_runs) == {2}  # draw 0, county 0, both seeds
    costs = pd.read_csv(tmp_path / "cost_effectiveness.csv").set_index("lever")  # each lever charged its own
    shapley = split[split.method == "shapley"].set_index("lever")
    public, gap = (shapley[shapley.measure == m].contribution for m in ("public_cost|all", "gap_terms|le110"))
    levers = costs.loc[public.index]  # one row per lever, split from the same runs as the effects
    assert np.allclose(levers.extra_public_cost, public) and np.allclose(levers.small_school_gap_terms_averted, -gap)
    assert costs.loc["all", "levers_sum_extra_public_cost"] == pytest.approx(public.sum())
    assert (levers.note.notna() | levers.public_cost_per_gap_term_averted.notna()).all()  # no price says why
    # extending with another draw reuses every finished run; a changed draw seed is refused
    c.draws = 4
    before = {p.relative_to(tmp_path) for p in (tmp_path / "measures").glob("*/*.parquet") if "--" not in str(p)}
    run_comparison(c, tmp_path, progress=False)
    after = {p.relative_to(tmp_path) for p in (tmp_path / "measures").glob("*/*.parquet") if "--" not in str(p)}
    assert before < after and len(after - before) == 2 * 2 * 2
    c.assumptions = False
    with pytest.raises(StoreError, match="parameter draw 1 with other values"):
        run_comparison(c, tmp_path, progress=False)


@pytest.mark.slow
def test_recurring_funding_keeps_activity_up_after_year_two(tmp_path):
    configs = {
        name: make_config("region=lincolnshire", f"scenario={name}", "run.horizon_years=5")
        for name in ("revised_one_off", "recurring_funding")
    }
    run_ensemble(configs, seed_set(3, 3), tmp_path, n_jobs=2, progress=False)
    m, _, _ = load(tmp_path)
    act = m[(m.measure == "partnership_activity") & (m.year >= 2014)].groupby("scenario").value.mean()
    assert act["recurring_funding"] > act["revised_one_off"] + 0.1
    early = m[(m.measure == "partnership_activity") & (m.year == 2012)].groupby("scenario").value.mean()
    assert act["revised_one_off"] < early["revised_one_off"] + 0.05  # one-off money: no lasting rise


def test_comparison_defaults_agree_with_the_main_job_s_file():
    """Every single-valued setting of conf/compare.yaml is CompareConfig's default too, so a comparison
    from Python runs what ``python -m experiments.compare`` runs (the list of scenarios aside)."""
    from omegaconf import OmegaConf

    job = OmegaConf.to_container(OmegaConf.load(Path(__file__).parents[1] / "conf" / "compare.yaml"))
    defaults = CompareConfig()
    differ = {
        k: (v, getattr(defaults, k))
        for k, v in job.items()
        if hasattr(defaults, k) and not isinstance(v, list | dict) and v != getattr(defaults, k)
    }
    assert not differ, differ
    assert defaults.decompose_draws == job["decompose_draws"]


def test_bad_comparisons_are_refused_before_running():
    with pytest.raises(ConfigError, match="unknown scenario 'utopia'"):
        scenario_configs(CompareConfig(scenarios=["no_programme", "utopia"], region="small"))
    with pytest.raises(ConfigError, match="baseline"):
        scenario_configs(CompareConfig(scenarios=["revised_one_off"], baseline="no_programme", region="small"))
    with pytest.raises(ConfigCompositionException):
        compose_config(["scenario.teleport.enabled=true"])  # unknown lever
    with pytest.raises(ConfigError, match="before the run starts"):
        make_config(
            "scenario.adviser.enabled=true", "scenario.adviser.start_year=2005", "scenario.adviser.end_year=2010"
        )
    with pytest.raises(ConfigError, match="no mechanism"):
        make_config("params.executive.enabled=false")


@pytest.mark.slow
def test_compare_cli_one_line_error_and_no_folder(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "experiments.compare",
            "scenarios=[no_programme,utopia]",
            f"hydra.run.dir={tmp_path}/cmp",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "utopia" in proc.stderr
    assert not Path(tmp_path / "cmp").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    "launcher",
    [
        ["hydra/launcher=joblib", "hydra.launcher.n_jobs=2"],
        ["hydra/launcher=submitit_local", "hydra.launcher.timeout_min=5"],
    ],
    ids=["joblib", "submitit_local"],
)
def test_sweep_runs_on_launchers_and_keeps_each_config(tmp_path, launcher):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            "-m",
            "+sweep=applicants",
            "region=small",
            "run.horizon_years=2",
            "run.n_seeds=1",
            "run.figure=false",
            "region.outside_applicants=2.0",
            *launcher,
            f"hydra.sweep.dir={tmp_path}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    jobs = sorted(p for p in tmp_path.iterdir() if (p / ".hydra").is_dir())  # named by their overrides
    assert len(jobs) == 3
    smalls = set()
    for job in jobs:
        assert (job / "results.parquet").exists()
        cfg = (job / "config.yaml").read_text()
        smalls.add(next(line for line in cfg.splitlines() if "small_attractiveness" in line).split(":")[1].strip())
    assert smalls == {"0.4", "0.62", "0.8"}


@pytest.mark.slow
def test_the_dask_path_gives_the_same_store_as_joblib(tmp_path):
    from distributed import LocalCluster

    draws = {0: {}, 1: {"params.recruitment.appoint_bar": 0.8}}
    seeds = seed_set(4, 2)
    run_ensemble(_configs(3), seeds, tmp_path / "joblib", n_jobs=2, progress=False, draws=draws)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        run_ensemble(
            _configs(3), seeds, tmp_path / "dask", progress=False, draws=draws, scheduler=cluster.scheduler_address
        )
    a, _, _ = load(tmp_path / "joblib")
    b, _, _ = load(tmp_path / "dask")
    assert len(a) and set(a.draw) == {0, 1}
    pdt.assert_frame_equal(a, b)


@pytest.mark.slow
def test_a_scheduler_that_does_not_answer_is_refused_before_anything_runs(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "experiments.compare", "region=small", "draws=1", "counties=1", "seeds=1",
         "scheduler=tcp://127.0.0.1:9", f"hydra.run.dir={tmp_path / 'c'}"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "does not answer" in proc.stderr
    assert not (tmp_path / "c" / "measures").exists()
