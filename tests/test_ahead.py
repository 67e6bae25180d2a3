"""The configuration ``python -m sim`` composes in a second process (sim.running.ahead) is the one its
pre-flight would compose, is used only for that very composition, and the process says nothing.

Each case runs in a fresh single-threaded process (pytest's workers have threads, and ``start``
does not fork a threaded process)."""

import json
import subprocess
import sys
import textwrap

import pytest

from sim.running.cli import APP
from sim.running.entry import compose_first


def run_python(code: str, *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True, check=True
    )
    return proc.stdout


PREFLIGHT = """
    import json, sys
    from omegaconf import OmegaConf
    import sim.running.config as config
    from sim.running import ahead, entry
    from sim.running.cli import APP

    composed_here = []
    compose_config = config.compose_config
    config.compose_config = lambda **request: composed_here.append(1) or compose_config(**request)
    ahead_argv, argv = json.loads(sys.argv[1]), json.loads(sys.argv[2])
    started = ahead.start(lambda: entry.compose_first(APP, ahead_argv))
    args = entry._parser().parse_intermixed_args(argv)  # as run_app does, up to the pre-flight's first compose
    entry._name_the_job(APP)
    cfg = entry._compose(APP, args, list(args.overrides), multirun=False)
    reference = compose_config(**entry._composition(APP, args, list(args.overrides), False)[1])
    print(json.dumps({
        "started": started,
        "composed_here": len(composed_here),
        "same_yaml": OmegaConf.to_yaml(cfg) == OmegaConf.to_yaml(reference),
        "same_flags": [OmegaConf.is_struct(cfg), OmegaConf.is_readonly(cfg), OmegaConf.get_type(cfg.params).__name__]
        == [OmegaConf.is_struct(reference), OmegaConf.is_readonly(reference), OmegaConf.get_type(reference.params).__name__],
    }))
"""


def preflight(ahead_argv: list[str], argv: list[str]) -> dict:
    return json.loads(run_python(PREFLIGHT, json.dumps(ahead_argv), json.dumps(argv)))


@pytest.mark.parametrize(
    "argv",
    [
        ["region=small", "run.n_seeds=1"],
        ["scenario=recurring_funding", "params.recruitment.reach_minutes=40", "hydra.run.dir=somewhere"],
    ],
)
def test_the_preflight_takes_what_was_composed_ahead_and_it_is_the_same(argv):
    assert preflight(argv, argv) == {"started": True, "composed_here": 0, "same_yaml": True, "same_flags": True}


def test_a_user_config_folder_is_composed_ahead_the_same(tmp_path):
    (tmp_path / "scenario").mkdir()
    (tmp_path / "scenario" / "mine.yaml").write_text(
        "defaults:\n  - scenario_schema\n  - _self_\nname: mine\nstartup_funding: {enabled: true}\n"
    )
    argv = ["--config-dir", str(tmp_path), "scenario=mine", "region=small"]
    assert preflight(argv, argv) == {"started": True, "composed_here": 0, "same_yaml": True, "same_flags": True}


def test_another_composition_is_composed_by_the_preflight():
    out = preflight(["region=small"], ["region=small", "run.seed=3"])
    assert out == {"started": True, "composed_here": 1, "same_yaml": True, "same_flags": True}


def test_only_a_single_job_is_composed_ahead():
    for argv in (["--help"], ["-m", "run.seed=1,2"], ["--cfg", "job"], ["--info"], ["--hydra-help"]):
        assert compose_first(APP, argv) is None, argv
    key, cfg = compose_first(APP, ["region=small"])
    assert cfg.region.name == "small" and "hydra" in cfg and "region=small" in key


def test_what_the_composing_process_sends_is_taken_only_for_its_key():
    out = run_python(
        """
        from sim.running import ahead
        results = []
        for compose, key in (
            (lambda: ("k", [1, 2]), "k"),  # composed for this key
            (lambda: ("k", [1, 2]), "other"),  # for another
            (lambda: 1 / 0, "k"),  # composing failed
            (lambda: (print("a warning"), ("k", 3))[1], "k"),  # it printed: the pre-flight composes (and prints)
            (lambda: None, "k"),  # nothing to compose ahead
        ):
            assert ahead.start(compose)
            results.append(ahead.take(key))
        assert ahead.take("k") is None  # asked once
        print(results)
        """
    )
    assert out == "[[1, 2], None, None, None, None]\n"  # and nothing the composing processes said


def test_the_helper_goes_on_to_draw_the_runs_figure(tmp_path):
    out = run_python(
        """
        import sys
        from pathlib import Path
        from sim.analysis import plots
        from sim.running import ahead, cli, entry
        from sim.running.config import load_config
        from sim.running.run import run_model

        argv = ["region=small", "run.horizon_years=3"]
        assert ahead.start(lambda: entry.compose_first(cli.APP, argv), then=cli.prepare_figure)
        args = entry._parser().parse_intermixed_args(argv)
        entry._name_the_job(cli.APP)
        cfg = entry._compose(cli.APP, args, argv, multirun=False)
        helper = ahead.helper()
        assert helper is not None and ahead.helper() is None  # handed over once
        typed = load_config(cfg)
        measures = run_model(typed, 1, run=0).measures
        def not_here(*args):
            raise AssertionError("drawn in this process")
        plots.draw_summary = not_here  # so the figure can only come from the helper
        path = Path(sys.argv[1]) / "summary.png"
        with plots.BackgroundFigure(cli.summary_years(typed.run), process=helper) as figure:
            figure.draw(measures, path, "test")
            figure.wait()
        print(path.exists(), cli.summary_years(typed.run))
        """,
        str(tmp_path),
    )
    assert out == "True (2012, 2014)\n"


def test_a_command_that_stops_before_its_run_stops_the_helper():
    out = run_python(
        """
        import os
        from sim.running import ahead, cli, entry

        argv = ["region=small"]
        assert ahead.start(lambda: entry.compose_first(cli.APP, argv), then=cli.prepare_figure)
        args = entry._parser().parse_intermixed_args(argv)
        entry._name_the_job(cli.APP)
        entry._compose(cli.APP, args, argv, multirun=False)
        pid = ahead._helper[0]
        ahead._stop_unused()  # what the command does at exit when no run took the helper
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            print("stopped and reaped")
        """
    )
    assert out == "stopped and reaped\n"
