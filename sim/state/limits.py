"""Upper limits on sizes a user can ask for (seeds, schools, pupils, workers, sweep jobs, register
file size), each saying why it exists and how to go beyond it; ``SIM_LIMIT_<NAME>=<n>`` raises one.

Used by ``sim.running.validation`` (the one validation path) and by the register loader, which
must refuse an absurd file before reading it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sim.state.errors import ConfigError


@dataclass(frozen=True)
class Limit:
    value: int
    what: str
    why: str
    beyond: str


LIMITS: dict[str, Limit] = {
    "n_seeds": Limit(
        1000,
        "seeds in one run",
        "python -m sim keeps every seed's results in memory",
        "run further seeds as another run with run.seed=<next seed>, or use python -m experiments.compare "
        "(each run goes to disk)",
    ),
    "compare_seeds": Limit(
        10000, "paired seeds", "each seed runs every scenario", "extend the comparison later into the same folder"
    ),
    "draws": Limit(
        2000,
        "parameter draws",
        "each draw runs every scenario on every seed and county",
        "extend the comparison later into the same folder",
    ),
    "counties": Limit(
        200, "synthetic counties", "each county runs every scenario on every draw and seed", "extend it later"
    ),
    "schools": Limit(
        20000, "schools in a region", "England has about 16,700 primaries", "split the region into several runs"
    ),
    "pupils": Limit(3000, "pupils in one school", "the largest English primaries have under 1,500", "check the roll"),
    "n_jobs": Limit(256, "parallel workers", "each worker holds a model in memory", "use a cluster launcher"),
    "sweep_jobs": Limit(
        1000, "jobs in one sweep", "each job is a run folder", "split the sweep or use hydra/launcher=cluster"
    ),
    "register_mb": Limit(
        1024, "MB of register file", "the full national register is under 100 MB", "cut the file to your county"
    ),
}


def limit(name: str) -> int:
    """The limit ``name`` (``LIMITS``), raised by the environment variable ``SIM_LIMIT_<NAME>`` if set."""
    env = f"SIM_LIMIT_{name.upper()}"
    raw = os.environ.get(env)
    if raw is None:
        return LIMITS[name].value
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError(f"environment variable {env}={raw!r} is not allowed: need a whole number >= 1")
    return value


def check_limit(key: str, value: float, name: str) -> None:
    """Refuse ``value`` above limit ``name``, saying why the limit exists and how to go beyond it."""
    top = limit(name)
    if value > top:
        lim = LIMITS[name]
        raise ConfigError(
            f"{key}={value} is above the limit of {top} {lim.what} ({lim.why}); to go beyond it, {lim.beyond}, "
            f"or raise the limit with SIM_LIMIT_{name.upper()}={value}"
        )
