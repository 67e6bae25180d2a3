"""Hydra structured configuration: the typed schema of every config group.

``conf/`` holds the YAML files; this module registers their schemas (dataclasses) with
Hydra's ConfigStore so that a wrong type fails at composition, and ``sim.validation`` checks
ranges before any run starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING, DictConfig, OmegaConf

from scenarios.config import ScenarioConfig
from sim.state.errors import ConfigError
from sim.state.params import Params, par
from sim.state.regions import Band, RegionConfig
from sim.state.typed import to_dataclass

CONF_DIR = Path(__file__).resolve().parents[2] / "conf"


@dataclass
class RunConfig:
    seed: int = par(42, 0, 2**32 - 1, doc="seed of the first run; run i uses seed + i")
    n_seeds: int = par(3, 1, 100000, doc="runs of this configuration (seeds seed .. seed + n_seeds - 1)")
    start_year: int = par(2012, 1990, 2100, doc="academic year the run starts (September)")
    horizon_years: int = par(20, 1, 200, doc="years simulated (three terms each)")
    termly: bool = par(False, doc="also write termly rows, not only yearly ones")
    agent_data: bool = par(False, doc="also write one row per school per year")
    figure: bool = par(True, doc="draw the summary figure")


@dataclass
class Config:
    region: RegionConfig = MISSING
    params: Params = field(default_factory=Params)
    scenario: ScenarioConfig = MISSING
    run: RunConfig = field(default_factory=RunConfig)


def register_configs() -> None:
    cs = ConfigStore.instance()
    cs.store(name="config_schema", node=Config)
    cs.store(group="region", name="region_schema", node=RegionConfig)
    cs.store(group="params", name="params_schema", node=Params)
    cs.store(group="scenario", name="scenario_schema", node=ScenarioConfig)


register_configs()


def compose_config(overrides: list[str] | None = None) -> DictConfig:
    """Compose ``conf/config.yaml`` with overrides (Hydra's compose API), for code and notebooks."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    GlobalHydra.instance().clear()
    with initialize_config_dir(version_base="1.3", config_dir=str(CONF_DIR)):
        cfg = compose("config", overrides=list(overrides or []))
    GlobalHydra.instance().clear()
    return cfg


def load_region(name: str) -> RegionConfig:
    """A built-in region by name (lincolnshire, england, small)."""
    return to_dataclass(RegionConfig, compose_config([f"region={name}"]).region)


def load_config(cfg: DictConfig) -> Config:
    """Typed, range-checked config from a composed DictConfig (raises ConfigError)."""
    from sim.running.validation import validate

    try:
        typed = to_dataclass(Config, OmegaConf.to_container(cfg, resolve=True))
    except (TypeError, ValueError) as err:
        raise ConfigError(str(err)) from err
    validate(typed)
    return typed


__all__ = ["Band", "Config", "RunConfig", "compose_config", "load_config", "load_region", "to_dataclass"]
