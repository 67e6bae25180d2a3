"""Configuration: every group composes; bad input stops the run with one clear line."""

import subprocess
import sys
from pathlib import Path

import pytest
from hydra.errors import ConfigCompositionException

from sim.running.config import CONF_DIR, compose_config, load_config
from sim.state.errors import ConfigError
from tests.conftest import make_config

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("region", sorted(p.stem for p in (CONF_DIR / "region").glob("*.yaml")))
def test_every_region_composes_and_validates(region):
    cfg = make_config(f"region={region}")
    assert cfg.region.name == region
    assert cfg.region.n_schools > 0


@pytest.mark.parametrize("scenario", sorted(p.stem for p in (CONF_DIR / "scenario").glob("*.yaml")))
def test_every_scenario_composes_and_validates(scenario):
    assert make_config(f"scenario={scenario}").scenario.name == scenario


@pytest.mark.parametrize(
    "override, key",
    [
        ("params.funding.per_pupil=-5", "params.funding.per_pupil"),
        ("params.governors.renew_prob=1.5", "params.governors.renew_prob"),
        ("params.wellbeing.absence_per_term=-0.1", "params.wellbeing.absence_per_term"),
        ("scenario.grouping.cap=1", "scenario.grouping.cap"),
        ("run.horizon_years=0", "run.horizon_years"),
        ("scenario.startup_funding.amount_per_school=-1", "scenario.startup_funding.amount_per_school"),
        ("scenario.premium.enabled=true scenario.premium.end_year=2000", "scenario.premium.end_year"),
        ("params.federation.max_size=6", "params.federation.max_size"),
        ("region.share_va=0.5", "share_va"),
    ],
)
def test_out_of_range_values_name_key_value_and_range(override, key):
    with pytest.raises(ConfigError) as err:
        make_config(*override.split())
    message = str(err.value)
    assert key in message
    assert "\n" not in message


def test_wrong_type_and_unknown_names_fail_at_composition():
    with pytest.raises(ConfigCompositionException, match="per_pupil"):
        compose_config(["params.funding.per_pupil=lots"])
    with pytest.raises(ConfigCompositionException):
        compose_config(["region=atlantis"])
    with pytest.raises(ConfigCompositionException):
        compose_config(["scenario=utopia"])


def _cli(tmp_path, *args):
    return subprocess.run(
        [sys.executable, "-m", "sim", *args, f"hydra.run.dir={tmp_path}/run"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_cli_config_error_is_one_line_and_leaves_no_folder(tmp_path):
    proc = _cli(tmp_path, "region=small", "params.governors.renew_prob=2")
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.strip().splitlines() if line]
    assert len(lines) == 1 and "params.governors.renew_prob=2" in lines[0] and "[0, 1]" in lines[0]
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "run").exists()


@pytest.mark.slow
def test_cli_unknown_region_names_the_choices(tmp_path):
    proc = _cli(tmp_path, "region=atlantis")
    assert proc.returncode != 0
    assert "atlantis" in proc.stderr and "lincolnshire" in proc.stderr
    assert not (tmp_path / "run").exists()


def test_odd_parameter_tables_are_current():
    proc = subprocess.run(
        [sys.executable, "-m", "experiments.param_table", "--check"], cwd=REPO, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_every_parameter_has_a_source_and_meaning():
    from dataclasses import fields, is_dataclass

    from sim.state.params import Params

    def walk(obj, prefix):
        for f in fields(obj):
            value = getattr(obj, f.name)
            if is_dataclass(value):
                yield from walk(value, f"{prefix}.{f.name}")
            else:
                yield f"{prefix}.{f.name}", f.metadata, value

    for key, meta, value in walk(Params(), "params"):
        assert meta.get("doc"), key
        if not isinstance(value, (bool, str)):
            assert meta.get("src") and meta.get("lo") is not None and meta.get("hi") is not None, key


def _user_conf(tmp_path: Path) -> Path:
    conf = tmp_path / "myconf"
    (conf / "scenario").mkdir(parents=True)
    (conf / "scenario" / "mine.yaml").write_text("defaults:\n  - no_programme\n  - _self_\nname: mine\n")
    (conf / "scenario" / "baseline.yaml").write_text("name: users_baseline\n")  # the name of a built-in
    return conf


@pytest.mark.slow
def test_a_user_config_folder_is_searched_as_hydras_main_searches_it(tmp_path, monkeypatch, capsys):
    """``--config-dir myconf``: its files are found, and where one has the name of a built-in file the
    pre-flight's composition picks the file Hydra's main then runs (the built-in: Hydra searches the
    user's folder after ``conf/``)."""
    import yaml

    from sim.running import cli
    from sim.running.app import run_app
    from sim.running.config import config_loader

    conf = _user_conf(tmp_path)
    mine = compose_config(["scenario=mine", "region=small"], extra_dirs=[conf])
    assert mine.scenario.name == "mine" and mine.scenario.lump_sum.enabled is False  # from no_programme
    assert "mine" in config_loader(extra_dirs=[conf]).get_group_options("scenario")
    monkeypatch.chdir(tmp_path)
    for choice in ("mine", "baseline"):
        composed = compose_config([f"scenario={choice}"], extra_dirs=[conf]).scenario.name
        assert run_app(cli.APP, ["--config-dir", str(conf), f"scenario={choice}", "--cfg", "job"]) == 0
        assert yaml.safe_load(capsys.readouterr().out)["scenario"]["name"] == composed
    assert composed == "baseline"
    with pytest.raises(ConfigError, match="--config-dir"):
        compose_config([], extra_dirs=[tmp_path / "missing"])


def test_composing_leaves_hydra_as_it_was():
    """``compose_config`` works inside a Hydra task (another Hydra initialised) and leaves that one in place."""
    from hydra import initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    compose_config(["region=small"])
    assert not GlobalHydra.instance().is_initialized()
    with initialize_config_dir(version_base="1.3", config_dir=str(CONF_DIR), job_name="outer"):
        outer = GlobalHydra.instance().hydra
        cfg = compose_config(["region=small"], with_hydra=True, job_name="inner")
        assert cfg.hydra.job.name == "inner" and cfg.region.name == "small"
        assert GlobalHydra.instance().hydra is outer


def test_a_sweeps_base_configuration_takes_sweep_overrides():
    base = compose_config(["region=small", "run.seed=1,2"], with_hydra=True, multirun=True)
    assert base.region.name == "small"
    with pytest.raises(ConfigError, match="multirun"):
        compose_config(["run.seed=1,2"])


def test_threads_compose_at_the_same_time():
    """Hydra's state is one per process; the dashboard composes from several threads at once."""
    from concurrent.futures import ThreadPoolExecutor

    def compose(i: int) -> int:
        cfg = load_config(compose_config(["region=small", f"run.seed={i}"]))
        return cfg.run.seed

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert sorted(pool.map(compose, range(24))) == list(range(24))
