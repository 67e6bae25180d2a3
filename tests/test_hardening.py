"""Nothing lost, nothing wrong: the folder lock, the integrity check on resume, resume
after SIGKILL, clean Ctrl-C and SIGTERM with no orphaned workers, outputs only for runs that
succeed, invariant checks over every scenario, reports from exactly the seeds asked for.

No timed assertions: waits poll for a state (a file appearing, a process gone) with generous
time-outs that only stop a hung test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest

from experiments.compare import CompareConfig, run_comparison
from sim.running.config import CONF_DIR, compose_config, load_config
from sim.running.ensemble import load, run_ensemble, seed_set
from sim.running.store import ResultsStore, atomic_write
from sim.state.errors import StoreError
from tests.conftest import make_config

REPO = Path(__file__).resolve().parent.parent
LONG_COMPARE = [  # long enough to interrupt part-way, small enough to be quick
    "region=small",
    "scenarios=[no_programme,revised_one_off]",
    "risk_scenario=revised_one_off",
    "draws=1",
    "counties=1",
    "decompose_draws=0",
    "seeds=16",
    "horizon_years=10",
    "report_years=3",
    "n_jobs=2",
]
N_RUNS = 32


def _wait(condition, timeout: float = 120.0, every: float = 0.05) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(every)
    return False


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    out = []
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            stat = (p / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            out.append(int(p.name))
    return out


def _gone(pids: list[int]) -> bool:
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            return False
    return True


def _fresh_signals() -> None:
    """In the child before exec: the default Ctrl-C and no blocked signals, whatever this worker inherited."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, set())


def _runs(root: Path) -> list[Path]:
    return sorted((root / "measures").glob("*/*.parquet"))


def _start_compare(root: Path, cwd: Path, *extra: str, log=subprocess.PIPE) -> subprocess.Popen:
    """The long comparison, its output piped (or into ``log``, an open file, where the test must not
    wait for every process holding the pipe: a killed parent's workers hold it until they leave)."""
    return subprocess.Popen(
        [sys.executable, "-m", "experiments.compare", *LONG_COMPARE, *extra, f"hydra.run.dir={root}"],
        cwd=cwd,
        stdout=log,
        stderr=log,
        text=True,
        start_new_session=True,
        preexec_fn=_fresh_signals,
    )


# ----- the lock -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_lock_is_reentrant_here_and_refuses_another_process(tmp_path):
    from filelock import FileLock, Timeout

    store = ResultsStore(tmp_path / "s")
    with store.lock(), store.lock():  # the comparison and its ensemble take it in turn
        with pytest.raises(Timeout):
            FileLock(str(tmp_path / "s" / ".lock"), timeout=0).acquire()
    with FileLock(str(tmp_path / "s" / ".lock"), timeout=0):
        with pytest.raises(StoreError, match="in use by another comparison"):
            with store.lock():
                pass
        proc = subprocess.run(
            [sys.executable, "-m", "experiments.compare", "region=small", "seeds=1", f"hydra.run.dir={tmp_path / 's'}"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "in use by another comparison" in proc.stderr
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [".lock"]  # nothing written into it


# ----- the integrity check ---------------------------------------------------------------------------


@pytest.mark.slow
def test_integrity_check_reports_damage_and_redoes_those_runs(tmp_path):
    configs = {n: make_config(f"scenario={n}", "run.horizon_years=3") for n in ("no_programme", "revised_one_off")}
    seeds = seed_set(5, 3)
    clean, damaged = tmp_path / "clean", tmp_path / "damaged"
    run_ensemble(configs, seeds, clean, n_jobs=1, progress=False)
    shutil.copytree(clean, damaged)
    held = json.loads((damaged / "store.json").read_text())
    a, b = "no_programme", "revised_one_off"
    truncated = damaged / "measures" / a / f"{held[a]}-{seeds[1]}.parquet"
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
    empty = damaged / "risk" / a / f"{held[a]}-{seeds[2]}.parquet"
    empty.write_bytes(b"")
    drivers = damaged / "drivers" / b / f"{held[b]}.parquet"
    drivers.write_bytes(b"not parquet at all")
    (damaged / "store.json").write_text('{"no_programme": "')  # truncated: rebuilt from the run files
    (damaged / "measures" / a / f".{held[a]}-{seeds[0]}.parquet.999.tmp").write_bytes(b"half")
    said = []
    counts = run_ensemble(configs, seeds, damaged, n_jobs=1, progress=False, say=said.append)
    assert counts == {"ran": 3, "skipped": 3}
    text = "\n".join(said)
    for path in (truncated, empty, drivers):
        assert str(path.relative_to(damaged)) in text
    assert "store.json was damaged; rebuilt" in text
    assert not list(damaged.rglob("*.tmp"))
    for x, y in zip(load(clean), load(damaged)):
        pdt.assert_frame_equal(x.reset_index(drop=True), y.reset_index(drop=True))


def test_atomic_write_never_leaves_a_half_file(tmp_path):
    target = tmp_path / "x.parquet"

    def broken(p: Path) -> None:
        p.write_bytes(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic_write(target, broken)
    assert not target.exists() and not list(tmp_path.iterdir())


# ----- interrupted comparisons -------------------------------------------------------------------------


@pytest.mark.slow
def test_resume_after_sigkill_loses_and_duplicates_nothing(tmp_path):
    root = tmp_path / "cmp"
    with open(tmp_path / "killed.log", "w") as log:
        proc = _start_compare(root, tmp_path, log=log)
        assert _wait(lambda: len(_runs(root)) >= 1 or proc.poll() is not None)
        workers = _children(proc.pid)
        proc.kill()
        proc.wait(timeout=120)
    # each worker checks its parent once a second; on a loaded host (CI runs two test workers on two
    # cores, each comparison two more) it may take longer to be scheduled: the time-out only stops a hang
    assert _wait(lambda: _gone(workers), timeout=300), "workers ran on after their parent was killed"
    done_before = len(_runs(root))
    again = subprocess.run(
        [sys.executable, "-m", "experiments.compare", *LONG_COMPARE, f"hydra.run.dir={root}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 0, again.stderr[-2000:]
    ran, skipped = map(int, re.search(r"(\d+) runs done, (\d+) already in the store", again.stderr).groups())
    # nothing redone, nothing missing (a worker may finish one more run in the second before it notices)
    assert skipped >= done_before and ran + skipped == N_RUNS, again.stderr[-500:]
    assert len(_runs(root)) == N_RUNS and (root / "report.md").exists()
    measures, _, _ = load(root)
    assert measures.groupby("scenario").seed.nunique().tolist() == [N_RUNS // 2] * 2
    assert not measures.duplicated(["scenario", "seed", "year", "term", "measure", "group"]).any()
    # identical results whatever the interruption: tests/test_ensemble.py compares serial, parallel and resumed


@pytest.mark.slow
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_interrupt_stops_workers_and_keeps_whole_runs(tmp_path, how):
    root = tmp_path / "cmp"
    proc = _start_compare(root, tmp_path)
    assert _wait(lambda: len(_runs(root)) >= 1 or proc.poll() is not None)
    workers = _children(proc.pid)
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the whole foreground group
    else:
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode != 0, "the comparison finished before the signal arrived: make it longer"
    assert proc.returncode == (130 if how == "ctrl-c" else 143), err[-2000:]
    # the command's own last line: Ctrl-C also reaches joblib's resource tracker (another process on the same
    # stderr), whose shutdown warning may land after it
    # (such a warning is two lines: where it was raised, naming resource_tracker, then its source, "warnings.warn(")
    ours = [
        line
        for line in err.strip().splitlines()
        if "resource_tracker" not in line and not line.strip().startswith("warnings.warn")
    ]
    last = ours[-1]
    assert last.startswith("interrupted" if how == "ctrl-c" else "terminated"), err[-2000:]
    assert "Traceback" not in err
    assert _wait(lambda: _gone(workers), timeout=60), "workers left running"
    assert not (root / "report.md").exists()
    # only whole files under final names; a temporary file of a worker stopped mid-write is hidden
    # (and removed by the next run)
    assert all(p.name.startswith(".") for p in root.rglob("*.tmp"))
    if _runs(root):
        assert f"rerun with hydra.run.dir={root}" in last
        store = ResultsStore(root)
        assert store.verify([], {}) == [] and all(p.stat().st_size > 0 for p in _runs(root))
    else:
        assert not root.exists()


@pytest.mark.slow
def test_interrupted_single_run_leaves_no_folder(tmp_path):
    run_dir = tmp_path / "run"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "region=small", "run.n_seeds=200", f"hydra.run.dir={run_dir}"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_fresh_signals,
    )
    assert _wait(lambda: any(p.name.startswith(".run.partial") for p in tmp_path.iterdir()) or proc.poll() is not None)
    while proc.poll() is None:  # Ctrl-C, again if need be, as a user would
        proc.send_signal(signal.SIGINT)
        _wait(lambda: proc.poll() is not None, timeout=2)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err[-2000:]
    assert err.strip().splitlines()[-1].startswith("interrupted")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# ----- invariants, names, seeds ---------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", sorted(p.stem for p in (CONF_DIR / "scenario").glob("*.yaml")))
def test_invariants_hold_every_term_of_every_scenario(scenario):
    from sim.running.run import run_model

    cfg = make_config(f"scenario={scenario}", "run.horizon_years=3", "run.check=true")
    assert len(run_model(cfg, 7).measures)


def test_a_broken_invariant_stops_the_run(monkeypatch):
    from sim.observe import invariants
    from sim.running.run import InvariantBroken, run_model

    def planted(model):
        if model.term >= 2:
            raise AssertionError("school 1 has neither head nor cover")

    monkeypatch.setattr(invariants, "check_all", planted)
    with pytest.raises(InvariantBroken, match="run 0 .* at term 2: school 1 has neither head nor cover"):
        run_model(make_config("run.horizon_years=2", "run.check=true"), 3)


@pytest.mark.slow
def test_report_is_built_from_the_seeds_asked_for(tmp_path):
    c = CompareConfig(
        scenarios=["no_programme", "revised_one_off"],
        region="small",
        draws=1,
        counties=1,
        decompose_draws=0,
        seeds=3,
        horizon_years=2,
        report_years=2,
        n_jobs=1,
    )
    run_comparison(c, tmp_path, progress=False)
    c.seeds = 2
    run_comparison(c, tmp_path, progress=False)
    info = json.loads((tmp_path / "report.json").read_text())
    assert info["seeds"] == 2 and info["seed_list"] == sorted(seed_set(c.base_seed, 2))
    assert set(pd.read_csv(tmp_path / "risk_register.csv").runs) == {2}
    assert set(pd.read_csv(tmp_path / "robustness.csv").n_runs) == {2}
    assert set(pd.read_csv(tmp_path / "paired_differences.csv").seed) == set(seed_set(c.base_seed, 2))
    assert "2 paired runs" in (tmp_path / "report.md").read_text()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report")]


def test_a_file_without_a_name_is_named_after_itself(tmp_path):
    (tmp_path / "scenario").mkdir()
    (tmp_path / "scenario" / "mine.yaml").write_text("")
    (tmp_path / "region").mkdir()
    (tmp_path / "region" / "county.yaml").write_text("size_bands:\n  - {lo: 20, hi: 90, count: 5}\nacademies: 1\n")
    cfg = load_config(compose_config(["scenario=mine", "region=county"], extra_dirs=[tmp_path]))
    assert cfg.scenario.name == "mine" and cfg.region.name == "county"
    assert load_config(compose_config(["scenario=baseline"])).scenario.name == "baseline"


def test_one_year_under_the_default_scenario_is_accepted_with_a_note():
    from sim.running.validation import notes

    cfg = load_config(compose_config(["run.horizon_years=1"]))
    assert cfg.run.horizon_years == 1
    assert any("no effect in this run" in n for n in notes(cfg))


def test_register_rows_left_out_are_reported(tmp_path, capsys):
    from sim.state.regions import RegionConfig
    from sim.state.register import main, read_register

    lines = (REPO / "sim" / "data" / "example_register.csv").read_text().splitlines()
    header = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:]]
    rows[0][header.index("NumberOfPupils")] = ""
    rows[1][header.index("Easting")] = ""
    rows[2][header.index("NumberOfPupils")] = "0"
    path = tmp_path / "reg.csv"
    path.write_text("\n".join([lines[0], *(",".join(r) for r in rows)]) + "\n")
    table, report = read_register(RegionConfig(register=str(path), register_la="Exampleshire"))
    assert len(table) == 37 and report.used == 37
    assert sorted(p.reason for p in report.rejected) == ["no coordinates", "no pupil number", "no pupils on roll"]
    assert report.skipped == {"not primary": 1, "not open": 1, "other authority": 1}
    assert "37 schools used of 43 rows" in report.summary()
    assert main([str(path), "--la", "Exampleshire"]) == 0
    out = capsys.readouterr().out
    assert "no pupil number" in out and "37 schools used" in out


def test_a_sweep_keeps_only_finished_jobs(tmp_path):
    from sim.running.folders import FAILED, StagedFolder
    from sim.running.plan import Job, Plan

    final = tmp_path / "sweep"
    plan = Plan(True, [Job([f"run.seed={i}"], None) for i in range(3)], final, swept=["run.seed"])
    folder = StagedFolder(plan)
    folder.staging.mkdir()
    for i, state in enumerate(["done", "failed", "unfinished"]):
        job = folder.staging / f"run.seed={i}"
        (job / ".hydra").mkdir(parents=True)
        if state == "done":
            (job / "manifest.json").write_text("{}")
        if state == "failed":
            (job / FAILED).write_text("internal error: boom\n")
    assert not folder.finish_sweep(0)
    assert sorted(p.name for p in final.iterdir()) == ["run.seed=0"]
    assert not folder.staging.exists()
