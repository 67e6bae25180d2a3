"""Shared fixtures: configs through Hydra's compose API, small fast models."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SOLARA_CHECK_HOOKS", "off")

from sim.running.config import (
    compose_config,  # noqa: E402
    load_config,  # noqa: E402
)


def make_config(*overrides: str):
    """A typed, validated config for the small test county unless overridden."""
    base = ["region=small", "run.n_seeds=1", "run.horizon_years=6", "run.figure=false"]
    return load_config(compose_config(base + list(overrides)))


@pytest.fixture
def small_config():
    return make_config()
