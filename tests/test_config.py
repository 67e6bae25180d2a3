"""Configuration: every group composes; bad input stops the run with one clear line."""

import subprocess
import sys
from pathlib import Path

import pytest
from hydra.errors import ConfigCompositionException

from sim.running.config import CONF_DIR, compose_config
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


def test_cli_config_error_is_one_line_and_leaves_no_folder(tmp_path):
    proc = _cli(tmp_path, "region=small", "params.governors.renew_prob=2")
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.strip().splitlines() if line]
    assert len(lines) == 1 and "params.governors.renew_prob=2" in lines[0] and "[0, 1]" in lines[0]
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "run").exists()


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


def test_yaml_from_the_c_emitter_is_the_yaml_omegaconf_writes():
    """``emit_yaml_in_c``: the same text as OmegaConf's own (pure-Python) dumper, on every
    configuration with Hydra's node and on strings that YAML could read as something else."""
    import yaml
    from omegaconf import OmegaConf
    from omegaconf._utils import get_omega_conf_dumper

    from sim.running.config import emit_yaml_in_c

    if not emit_yaml_in_c():
        pytest.skip("PyYAML without libyaml")

    def in_python(container) -> str:
        return yaml.dump(
            container, default_flow_style=False, allow_unicode=True, sort_keys=False, Dumper=get_omega_conf_dumper()
        )

    cases = [
        compose_config([f"region={r.stem}"], with_hydra=True) for r in sorted((CONF_DIR / "region").glob("*.yaml"))
    ]
    cases += [compose_config([f"scenario={s.stem}"]) for s in sorted((CONF_DIR / "scenario").glob("*.yaml"))]
    tricky = ["1.0", "1e3", "true", "off", "null", "~", "", " lead", "a: b", "# c", "£ and é", "x" * 120, "a\nb", "'q'"]
    cases.append(OmegaConf.create({"values": tricky, "numbers": [float("inf"), float("nan"), -0.0, 1e-300, None]}))
    for cfg in cases:
        assert OmegaConf.to_yaml(cfg) == in_python(OmegaConf.to_container(cfg, enum_to_str=True))
