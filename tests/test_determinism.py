"""Same config and seed give identical outputs, in this process or another; streams are separate."""

import hashlib
import subprocess
import sys

import pandas as pd
import pandas.testing as pdt

from sim.running.run import run_model
from sim.state.streams import make_streams
from tests.conftest import make_config


def test_same_seed_identical_frames_different_seed_differs():
    cfg = make_config()
    a, b, c = run_model(cfg, 7), run_model(cfg, 7), run_model(cfg, 8)
    pdt.assert_frame_equal(a.measures, b.measures)
    pdt.assert_frame_equal(a.events, b.events)
    assert not a.measures["value"].equals(c.measures["value"])


def test_identical_parquet_across_processes(tmp_path):
    paths = []
    for i in range(2):
        out = tmp_path / f"r{i}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sim",
                "region=small",
                "run.n_seeds=1",
                "run.horizon_years=4",
                "run.figure=false",
                f"hydra.run.dir={out}",
            ],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )
        paths.append(out)
    digest = [hashlib.sha256(pd.read_parquet(p / "results.parquet").to_csv().encode()).hexdigest() for p in paths]
    assert digest[0] == digest[1]
    ev = [pd.read_parquet(p / "events.parquet") for p in paths]
    pdt.assert_frame_equal(ev[0], ev[1])


def test_streams_are_named_and_independent():
    s1, s2 = make_streams(5), make_streams(5)
    assert s1["moves"].random() == s2["moves"].random()
    assert s1["retirement"].random() != s1["recruitment"].random()


def test_lever_starting_later_leaves_earlier_years_identical():
    base = make_config("run.horizon_years=8")
    later = make_config(
        "run.horizon_years=8",
        "scenario.premium.enabled=true",
        "scenario.premium.start_year=2016",
        "scenario.dedicated_leadership.enabled=true",
        "scenario.dedicated_leadership.start_year=2016",
    )
    a, b = run_model(base, 3).measures, run_model(later, 3).measures
    early = [2012, 2013, 2014, 2015]
    pdt.assert_frame_equal(a[a.year.isin(early)].reset_index(drop=True), b[b.year.isin(early)].reset_index(drop=True))
    assert (
        not a[a.year >= 2016]["value"].reset_index(drop=True).equals(b[b.year >= 2016]["value"].reset_index(drop=True))
    )
