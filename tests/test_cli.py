"""The command a researcher runs: python -m sim writes tidy results, events, config and a figure."""

import subprocess
import sys

import pandas as pd
import pytest
import yaml
from PIL import Image

from sim.running.run import MEASURE_COLUMNS


@pytest.mark.slow
def test_cli_writes_every_output(tmp_path):
    run_dir = tmp_path / "run"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            "region=small",
            "run.n_seeds=2",
            "run.horizon_years=4",
            "run.termly=true",
            "run.agent_data=true",
            "params.recruitment.appoint_bar=0.4",
            f"hydra.run.dir={run_dir}",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    for name in (
        "results.parquet",
        "results.csv",
        "events.parquet",
        "events.csv",
        "config.yaml",
        "summary.png",
        "manifest.json",
        "schools.parquet",
    ):
        assert (run_dir / name).exists(), name
    results = pd.read_parquet(run_dir / "results.parquet")
    assert list(results.columns) == MEASURE_COLUMNS + ["config_hash"]
    assert sorted(results.seed.unique()) == [42, 43]
    assert set(results.term.unique()) == {-1, 0, 1, 2}
    assert results.config_hash.nunique() == 1
    csv = pd.read_csv(run_dir / "results.csv")
    assert len(csv) == len(results)
    events = pd.read_parquet(run_dir / "events.parquet")
    assert {"head_exit", "vacancy_opened", "advert", "head_appointed", "partnership_formed"} <= set(events.event)
    resolved = yaml.safe_load((run_dir / "config.yaml").read_text())
    assert resolved["params"]["recruitment"]["appoint_bar"] == 0.4
    assert (run_dir / ".hydra" / "overrides.yaml").exists()
    assert str(run_dir) in proc.stdout
    # run as Hydra runs a job: named after its file, logged there, its folder recorded where it ended up
    hydra_cfg = yaml.safe_load((run_dir / ".hydra" / "hydra.yaml").read_text())["hydra"]
    assert hydra_cfg["job"]["name"] == "cli" and hydra_cfg["mode"] == "RUN"
    assert hydra_cfg["runtime"]["output_dir"] == str(run_dir) and hydra_cfg["run"]["dir"] == str(run_dir)
    assert "seed 43" in (run_dir / "cli.log").read_text()
    with Image.open(run_dir / "summary.png") as image:
        assert image.size == (1980, 1210) and image.mode == "RGB"


def test_every_emitted_measure_is_known():
    from sim.observe.measures import known_measures
    from sim.running.run import run_model
    from tests.conftest import make_config

    cfg = make_config("run.horizon_years=5", "run.termly=true", "scenario=exec_headship_push")
    names = set(run_model(cfg, 2).measures.measure)
    assert names <= known_measures(), names - known_measures()


def test_band_flows_are_not_double_counted():
    from sim.running.run import run_model
    from tests.conftest import make_config

    m = run_model(make_config("run.horizon_years=4"), 3).measures
    y = m[(m.term == -1) & (m.measure == "inspections")]
    bands = y[y.group.isin(["le110", "111_210", "gt210"])].groupby("year").value.sum()
    total = y[y.group == "all"].set_index("year").value
    assert (bands == total.loc[bands.index]).all()
    v = m[(m.term == -1) & (m.measure == "vacancies")]
    vb = v[v.group.isin(["le110", "111_210", "gt210"])].groupby("year").value.sum()
    assert (vb == v[v.group == "all"].set_index("year").value.loc[vb.index]).all()
