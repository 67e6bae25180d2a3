"""Shared fixtures: configs through Hydra's compose API, small fast models, and one county per module.

Tests that run the Lincolnshire-like county or England, or start a process, are marked ``slow``:
``pytest -m "not slow"`` is the quick subset for working on the code; the README's test command
and CI run everything.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SOLARA_CHECK_HOOKS", "off")

from sim.running.config import (  # noqa: E402
    compose_config,
    load_config,
)
from sim.running.run import build_model  # noqa: E402

COUNTY = ("region=lincolnshire", "run.horizon_years=2", "params.spinup.years=10")  # spun up ten years: quick
COUNTY_SEED = 5


def make_config(*overrides: str):
    """A typed, validated config for the small test county unless overridden."""
    base = ["region=small", "run.n_seeds=1", "run.horizon_years=6", "run.figure=false"]
    return load_config(compose_config(base + list(overrides)))


@pytest.fixture
def small_config():
    return make_config()


@pytest.fixture(scope="module")
def county_config():
    """The Lincolnshire-like county's config; its spun-up state is built once per module (below)."""
    config = make_config(*COUNTY)
    build_model(config, COUNTY_SEED)  # spins up once and keeps the state (build_model's cache of spun-up states)
    return config


@pytest.fixture
def county(county_config):
    """A fresh copy of the spun-up county for each test (a test may change it freely)."""
    return build_model(county_config, COUNTY_SEED)
