"""The one place random streams are made.

A run has one seed. The synthetic region has its own seed (``region.seed``), so every run of
an ensemble simulates the same county. Each process (retirement, moves, recruitment, ...) gets its own
numpy Generator derived from that seed and the process name, so that a policy that
changes how often one process draws does not reshuffle the draws of the others
(common random numbers, as in Starsim). Adding a new process never changes the
streams of existing ones, because each stream's key is derived from its name.
"""

from __future__ import annotations

import zlib

import numpy as np

PROCESSES = (
    "mesa",
    "retirement",
    "moves",
    "wellbeing",
    "recruitment",
    "governors",
    "funding",
    "partnerships",
    "executive",
    "federation",
    "outcomes",
)


def stream_key(name: str) -> int:
    """A stable integer key for a process name (same on every machine and process)."""
    return zlib.crc32(name.encode("utf-8"))


def make_streams(seed: int) -> dict[str, np.random.Generator]:
    """One independent Generator per process, all derived from ``seed``."""
    return {
        name: np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(stream_key(name),))))
        for name in PROCESSES
    }


def region_stream(region_seed: int) -> np.random.Generator:
    """The generator that builds a synthetic region: its own seed, so one county is the same in every run."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(region_seed, spawn_key=(stream_key("region"),))))


def mesa_seed(seed: int) -> int:
    """The integer handed to ``mesa.Model(rng=...)`` for Mesa's own shuffles."""
    return int(np.random.SeedSequence(seed, spawn_key=(stream_key("mesa"),)).generate_state(1)[0])
