"""Every command in README.md runs, with small settings where the command is long.

The commands are read from the README itself (code blocks and inline code), so a command added
there without a way to run it here fails ``test_every_readme_command_is_covered``. The README's
test command and its installation are run by ``.ci/run``; the commands that regenerate docs/
(validate, calibrate, sensitivity, publish_example) and the interactive ones are listed apart,
with the reason.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text()
EXAMPLE = REPO / "sim" / "data" / "example_register.csv"

SIM_SMALL = ["run.n_seeds=1", "run.horizon_years=2", "run.figure=false"]
COMPARE_SMALL = ["region=small", "draws=2", "counties=1", "seeds=2", "horizon_years=2", "report_years=2", "n_jobs=2"]
NOT_HERE = {
    "python -m experiments.validate": "regenerates the published docs/validation.md (minutes); run by hand before publishing",
    "python -m experiments.spinup_length": "runs the stationarity panel at several spin-up lengths (minutes); run by hand before "
    "publishing (tests/test_spinup.py tests the spin-up's rules)",
    "python -m experiments.calibrate": "regenerates conf/params and docs/ (hours); run by hand before publishing",
    "python -m experiments.sensitivity": "regenerates docs/sensitivity.md (long); run by hand before publishing",
    "python -m experiments.waves": "the calibration's waves (41 minutes); run by hand before publishing "
    "(tests/test_waves.py runs them small)",
    "python -m experiments.publish_example": "regenerates docs/worked_example/ (the main job's minutes); run by hand before publishing",
    "python -m experiments.run_notebooks": "rewrites the committed notebooks (minutes); the suite runs them with small settings",
    "python -m experiments.cache_solara_assets": "run by .ci/run; the server by tests/test_dashboard.py",
    "pip install jupyterlab": "interactive; the notebooks are executed by tests/test_notebooks.py",
    "python3 -m venv .venv": "the installation is what .ci/run does (its virtualenv is .ci-venv)",
    'pip install -e ".[dev]"': "the installation is what .ci/run does (its virtualenv is .ci-venv)",
    "solara run sim/app.py": "the dashboard server is started by tests/test_dashboard.py (python -m solara run)",
    "jupyter lab notebooks/": "interactive; the notebooks are executed by tests/test_notebooks.py",
    ".venv/bin/python -m pytest": "the README's test command: .ci/run runs it as written",
    ". .venv/bin/activate": "activates the virtualenv: every command here runs with it",
}


def readme_commands(text: str = README) -> list[str]:
    """Commands in bash code blocks (one per line, comments dropped, '&&' split) and inline code."""
    out: list[str] = []
    blocks = re.findall(r"```bash\n(.*?)```", text, re.S)
    for block in blocks:
        for line in block.splitlines():
            line = line.split(" #")[0].strip()
            if line and not line.startswith("#"):
                out.extend(part.strip() for part in line.split("&&"))
    prose = re.sub(r"```.*?```", "", text, flags=re.S).replace("\n", " ")
    for code in re.findall(r"`([^`]+)`", prose):
        code = " ".join(code.split())
        if re.match(r"(python3? -m|\.venv/bin/python|pip install|\. \.venv)", code):
            out.extend(part.strip() for part in code.split("&&"))
    return list(dict.fromkeys(out))


def python_blocks(text: str = README) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, re.S)


def _not_here(command: str) -> str | None:
    return next((why for prefix, why in NOT_HERE.items() if command.startswith(prefix)), None)


def _prepare(command: str, tmp: Path) -> tuple[list[str], str | None]:
    """The command as argv with small settings, and a text its output must hold (or None)."""
    argv = shlex.split(command)
    assert argv[:2] == ["python", "-m"], command
    module, args = argv[2], argv[3:]
    if module == "sim.state.register":
        return [module, *[str(EXAMPLE) if a == "FILE" else a for a in args]], "schools used"
    if "--help" in args:
        return [module, *args], "params."
    if module == "experiments.benchmark":
        if "--quick" in (REPO / "experiments" / "benchmark.py").read_text():  # the reworked benchmark
            return [module, *args, "--quick", "--only", "overhead"], "overhead"
        return [module, *args, "--county-runs", "1", "--england-runs", "0", "--years", "1"], "| small"
    if module == "experiments.fingerprint":  # one short small-county case, saved then checked against itself
        saved = tmp / Path(args[args.index("--save") + 1]).name
        return [module, "--quick", "--save", str(saved)], "saved 2 fingerprints"
    if module == "experiments.stationarity":  # a baseline run's folder, or --run: here a short small one
        if "--run" in args:
            return [module, "--run", "region=small", "run.horizon_years=10", "--seeds", "1", "--jobs", "1"], None
        folder = tmp / "baseline"
        subprocess.run(
            [sys.executable, "-m", "sim", "scenario=no_programme", "region=small", "run.n_seeds=1",
             "run.horizon_years=10", "run.figure=false", f"hydra.run.dir={folder}"],
            cwd=tmp, check=True, capture_output=True,
        )  # fmt: skip
        return [module, str(folder)], None
    if module == "experiments.compare":
        return [module, *args, *COMPARE_SMALL], "report written to"
    if module == "experiments.history_match":  # two candidates into a folder of its own, nothing published
        # (--min-plausible 0: never draw more, which by default goes on, chunk by chunk, until 30 are plausible)
        small = ["--candidates", "2", "--min-plausible", "0", "--jobs", "1", "--out", str(tmp / "screen")]
        return [module, *args, *small], "candidates plausible"
    assert module == "sim", command
    if "--config-dir" in args:
        conf = tmp / args[args.index("--config-dir") + 1]
        (conf / "scenario").mkdir(parents=True)
        (conf / "scenario" / "mine.yaml").write_text("")  # a file of one's own, naming nothing
    if "region.register=edubasealldata.csv" in args:  # the user's download: here the example, renamed
        la = next(a.split("=", 1)[1] for a in args if a.startswith("region.register_la="))
        (tmp / "edubasealldata.csv").write_text(EXAMPLE.read_text().replace("Exampleshire", la))
    small = SIM_SMALL if any(a.startswith("region=") for a in args) else [*SIM_SMALL, "region=small"]
    if "-m" in args and "hydra/launcher=cluster" in args:  # SLURM: check the launcher composes, without a cluster
        return [module, "--cfg", "hydra", *[a for a in args if a != "-m"]], "submitit"
    if "-m" in args:
        extra = ["hydra.launcher.n_jobs=2"] if "hydra/launcher=joblib" in args else []
        return [module, *args, *small, *extra], "jobs written to"
    return [module, *args, *small], "results written to"


COMMANDS = readme_commands()
CHECKED_ONLY = {"python -m sim region=england run.n_seeds=1"}  # minutes to build: checked as the CLI does, not run
RUNNABLE = [c for c in COMMANDS if _not_here(c) is None and c not in CHECKED_ONLY]


def test_every_readme_command_is_covered():
    assert len(COMMANDS) >= 15
    for command in COMMANDS:
        if _not_here(command) is None:
            assert command.startswith("python -m "), f"README command with no test: {command}"


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text()
    test_command = next(c for c in COMMANDS if "pytest" in c)
    assert test_command == ".venv/bin/python -m pytest -n 2"  # no activation needed in a fresh shell
    assert "/^Run the tests/" in ci and 'eval "${test_cmd//.venv/.ci-venv}"' in ci


@pytest.mark.slow
@pytest.mark.parametrize("command", RUNNABLE)
def test_readme_command_runs(command, tmp_path):
    argv, expect = _prepare(command, tmp_path)
    proc = subprocess.run([sys.executable, "-m", *argv], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    drift_ok = argv[0] == "experiments.stationarity"  # exit 1 there means a rate drifted, not a failure
    assert proc.returncode == 0 or (drift_ok and proc.returncode == 1), f"{argv}\n{proc.stderr[-3000:]}"
    assert "Traceback" not in proc.stderr
    if expect:
        assert expect in proc.stdout, proc.stdout[-2000:]
    if "--config-dir" in argv:
        assert list((tmp_path / "outputs").glob("*/*_mine_*"))  # named after its file, not 'baseline'
    if "-m" in argv[1:] and "--cfg" not in argv:  # a sweep: job folders named by overrides, one combined table
        import pandas as pd

        (sweep,) = list((tmp_path / "multirun").glob("*/*"))
        jobs = sorted(p.name for p in sweep.iterdir() if (p / ".hydra").is_dir())
        assert jobs and all("=" in name for name in jobs), jobs
        combined = pd.read_parquet(sweep / "results.parquet")
        assert sorted(combined.job.unique()) == jobs
        assert len(combined) == sum(len(pd.read_parquet(sweep / j / "results.parquet")) for j in jobs)


@pytest.mark.parametrize("command", sorted(CHECKED_ONLY))
def test_readme_command_passes_the_pre_flight(command, tmp_path, monkeypatch):
    """The national run takes minutes to build: its configuration goes through the CLI's own pre-flight."""
    from sim.running import cli
    from sim.running.preflight import parse_args, preflight

    assert command in COMMANDS
    monkeypatch.chdir(tmp_path)
    plan = preflight(cli.APP, parse_args(shlex.split(command)[3:]))
    (job,) = plan.jobs
    assert job.cfg.region.name == "england" and not list(tmp_path.iterdir())


@pytest.mark.slow
@pytest.mark.parametrize("code", python_blocks())
def test_readme_python_runs(code, tmp_path):
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]


@pytest.mark.parametrize("command", [c for c in COMMANDS if _not_here(c)])
def test_readme_commands_run_elsewhere(command):
    pytest.skip(_not_here(command))


@pytest.mark.slow
def test_compare_takes_any_region_on_the_command_line(tmp_path):
    """A national comparison, 'python -m experiments.compare region=england seeds=4', passes the pre-flight (checked, not run)."""
    proc = subprocess.run(
        [sys.executable, "-m", "experiments.compare", "region=england", "seeds=4", "--cfg", "job"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "region: england" in proc.stdout and "seeds: 4" in proc.stdout
    from experiments.compare import CompareConfig, scenario_configs

    configs = scenario_configs(CompareConfig(region="england", seeds=4))
    assert {c.region.n_schools for c in configs.values()} == {16_700}


@pytest.mark.slow
def test_running_leaves_tracked_files_untouched(tmp_path):
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")

    def status() -> str:
        return subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"], cwd=REPO, capture_output=True, text=True
        ).stdout

    before = status()
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "region=small", "run.n_seeds=1", "run.horizon_years=1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    out = Path(proc.stdout.strip().splitlines()[-1].removeprefix("results written to "))
    try:
        assert out.is_dir() and out.is_relative_to(REPO / "outputs")
        assert status() == before
    finally:
        shutil.rmtree(out, ignore_errors=True)
