"""Mesa's per-model agent numbering, read and set in this one place.

Mesa 3.3 numbers each model's agents from a counter it keeps in ``mesa.Agent._ids``, a class-level
dict keyed by model, and offers no public way to peek at it, continue it or drop a model from it.
This model needs all three: a spun-up state kept as bytes and copied for every scenario of a seed
(``sim.running.run.build_model``), and the dashboard's snapshots (``sim.dashboard.risk_now``), must
go on numbering agents where the original would; and a finished model must leave the dict to be
freed. Everything that touches the counter goes through these functions, so a Mesa that changes it
needs changing here only.
"""

from __future__ import annotations

import itertools

import mesa


def peek_next_id(model: mesa.Model) -> int:
    """The id Mesa will give ``model``'s next agent, without using it up."""
    counter = mesa.Agent._ids[model]
    next_id = next(counter)
    mesa.Agent._ids[model] = itertools.count(next_id)
    return next_id


def continue_ids(model: mesa.Model, next_id: int) -> None:
    """Number ``model``'s new agents from ``next_id`` on (a copy goes on where its original stopped)."""
    mesa.Agent._ids[model] = itertools.count(next_id)


def forget(model: mesa.Model) -> None:
    """Drop ``model`` from Mesa's registry so that it can be garbage-collected once unused."""
    getattr(mesa.Agent, "_ids", {}).pop(model, None)


def registered_models() -> list[mesa.Model]:
    """The models Mesa still holds (a model not forgotten is never freed)."""
    return list(getattr(mesa.Agent, "_ids", {}))


def models_registered() -> int:
    """How many models Mesa still holds."""
    return len(registered_models())
