"""Effects split by lever: the parts add up to the whole effect; Shapley's symmetry and null player."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.config import LEVER_NAMES, ScenarioConfig
from sim.analysis.decomposition import (
    INTERACTION,
    all_subsets,
    enabled_levers,
    lever_decomposition,
    one_at_a_time,
    parse_subset,
    plot_lever_decomposition,
    required_subsets,
    shapley_exact,
    shapley_sampled,
    split_effect,
    subset_config,
    subset_configs,
    subset_label,
)

ARTIFACTS = Path(__file__).parent / "artifacts"
FINITE = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


def game(levers, values):
    table = dict(zip(all_subsets(levers), values))
    return lambda s: table[s]


@st.composite
def random_games(draw, max_levers=6):
    n = draw(st.integers(min_value=1, max_value=max_levers))
    levers = [f"l{k}" for k in range(n)]
    values = draw(st.lists(FINITE, min_size=2**n, max_size=2**n))
    return levers, game(levers, values)


def whole(levers, v):
    return v(frozenset(levers)) - v(frozenset())


@settings(max_examples=150, deadline=None)
@given(random_games())
def test_exact_shapley_parts_add_up_to_the_whole_effect(g):
    levers, v = g
    phi = shapley_exact(levers, v)
    assert sum(phi.values()) == pytest.approx(whole(levers, v), rel=1e-9, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(random_games(max_levers=5), st.integers(min_value=1, max_value=30), st.integers(0, 2**31))
def test_sampled_shapley_parts_add_up_too(g, n_permutations, seed):
    levers, v = g
    phi = shapley_sampled(levers, v, n_permutations=n_permutations, seed=seed)
    assert sum(phi.values()) == pytest.approx(whole(levers, v), rel=1e-9, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(random_games(max_levers=5))
def test_one_at_a_time_parts_add_up_with_their_interaction(g):
    levers, v = g
    for parts in one_at_a_time(levers, v).values():
        assert set(parts) == {*levers, INTERACTION}
        assert sum(parts.values()) == pytest.approx(whole(levers, v), rel=1e-9, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 3), st.data())
def test_symmetric_levers_get_equal_parts(n_others, data):
    others = [f"o{k}" for k in range(n_others)]
    levers = ["a", "b", *others]
    # v depends on how many of a and b are on, not which
    table = {
        (k, rest): data.draw(FINITE) for k in range(3) for rest in map(frozenset, all_subsets(others))
    }  # fmt: skip
    phi = shapley_exact(levers, lambda s: table[(len(s & {"a", "b"}), s - {"a", "b"})])
    assert phi["a"] == pytest.approx(phi["b"], rel=1e-9, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(random_games(max_levers=4))
def test_a_lever_that_changes_nothing_gets_nothing(g):
    levers, v = g
    phi = shapley_exact([*levers, "null"], lambda s: v(s - {"null"}))
    assert phi["null"] == 0.0
    assert phi == pytest.approx(shapley_exact(levers, v) | {"null": 0.0})


def test_additive_effects_are_split_exactly_by_every_method():
    effect = {"grouping": -3.0, "broker_executive": -190.0, "startup_funding": -5.0}
    levers = list(effect)

    def v(s):
        return 400.0 + sum(effect[i] for i in s)

    for name, parts in split_effect(levers, v).items():
        assert parts == pytest.approx({**effect, **({INTERACTION: 0.0} if name != "shapley" else {})}), name
    assert shapley_sampled(levers, v, n_permutations=7, seed=3) == pytest.approx(effect)


def test_pure_interaction_is_shared_equally_and_left_out_one_at_a_time():
    levers = ["a", "b", "c"]

    def v(s):
        return 1.0 if len(s) == 3 else 0.0

    assert shapley_exact(levers, v) == pytest.approx({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})
    oat = one_at_a_time(levers, v)
    assert oat["alone"] == pytest.approx({"a": 0, "b": 0, "c": 0, INTERACTION: 1})
    assert oat["last"] == pytest.approx({"a": 1, "b": 1, "c": 1, INTERACTION: -2})


def test_sampled_shapley_approaches_the_exact_one_and_is_seeded():
    levers = [f"l{k}" for k in range(5)]
    rng = np.random.default_rng(1)
    v = game(levers, rng.normal(size=32))
    exact = shapley_exact(levers, v)
    approx = shapley_sampled(levers, v, n_permutations=4000, seed=0)
    assert max(abs(exact[i] - approx[i]) for i in levers) < 0.1
    assert shapley_sampled(levers, v, 20, seed=5) == shapley_sampled(levers, v, 20, seed=5)


def test_parts_are_computed_per_run_pair_on_arrays():
    levers = ["a", "b"]
    values = {s: np.arange(4.0) * len(s) + (10.0 if s == {"a", "b"} else 0.0) for s in all_subsets(levers)}
    phi = shapley_exact(levers, lambda s: values[s])
    np.testing.assert_allclose(phi["a"] + phi["b"], values[frozenset(levers)] - values[frozenset()])
    np.testing.assert_allclose(phi["a"], phi["b"])


def test_required_subsets():
    levers = ["a", "b", "c"]
    assert len(required_subsets(levers)) == 8
    many = [f"l{k}" for k in range(10)]
    needed = required_subsets(many, n_permutations=5, seed=0)
    assert frozenset() in needed and frozenset(many) in needed
    assert all(frozenset([i]) in needed and frozenset(many) - {i} in needed for i in many)
    assert len(needed) <= 5 * 9 + 2 + 2 * 10
    with pytest.raises(ValueError, match="method"):
        required_subsets(levers, method="banzhaf")


def test_subset_labels_round_trip():
    assert subset_label([]) == "none" and parse_subset("none") == frozenset()
    assert subset_label(["lump_sum", "grouping"]) == "grouping+lump_sum"
    assert parse_subset("grouping+lump_sum") == {"grouping", "lump_sum"}


# --- scenario configs ----------------------------------------------------------------------


def revised_one_off() -> ScenarioConfig:
    cfg = ScenarioConfig(name="revised_one_off", description="one-off money")
    for name in ("grouping", "startup_funding", "lump_sum", "broker_executive"):
        getattr(cfg, name).enabled = True
    cfg.lump_sum.lump_sum = 115000.0
    return cfg


def test_subset_configs_have_exactly_the_right_levers_on():
    cfg = revised_one_off()
    levers = enabled_levers(cfg)
    assert levers == ["grouping", "startup_funding", "lump_sum", "broker_executive"]
    for subset in all_subsets(levers):
        sub = subset_config(cfg, subset)
        assert set(enabled_levers(sub)) == set(subset)
        assert sub.name == f"revised_one_off--{subset_label(subset)}"
        assert sub.description == cfg.description
        for name in LEVER_NAMES:  # all other fields unchanged
            assert getattr(sub, name) == getattr(cfg, name).__class__(
                **{**vars(getattr(cfg, name)), "enabled": getattr(sub, name).enabled}
            )
    assert sub.lump_sum.lump_sum == 115000.0
    assert enabled_levers(cfg) == levers  # the original is left alone
    with pytest.raises(ValueError, match="does not switch on"):
        subset_config(cfg, ["premium"])
    configs = subset_configs(cfg)
    assert len(configs) == 16 and configs["none"].name == "revised_one_off--none"


def test_subset_configs_of_a_real_scenario():
    from tests.conftest import make_config

    scenario = make_config("scenario=revised_one_off").scenario
    assert enabled_levers(scenario) == ["grouping", "startup_funding", "lump_sum", "broker_executive"]
    sub = subset_config(scenario, ["broker_executive"])
    assert enabled_levers(sub) == ["broker_executive"]
    assert sub.grouping.cap == scenario.grouping.cap


# --- from runs to the table and the figure -------------------------------------------------


def synthetic_runs(effects, measure: str, base: float, interaction=-10.0, n_draws=3, n_seeds=2):
    """Runs of each scenario with each subset of its levers on; additive effects plus run noise."""
    rows = []
    rng = np.random.default_rng(0)
    for scenario, effect in effects.items():
        for subset, draw, seed in itertools.product(all_subsets(list(effect)), range(n_draws), range(n_seeds)):
            noise = rng.normal(scale=abs(interaction) / 10)
            value = base + draw + sum(effect[i] for i in subset) + noise
            if len(subset) == len(effect):  # an interaction when all are on
                value += interaction
            rows.append(
                {"scenario": scenario, "measure": measure, "levers": subset_label(subset), "draw": draw,
                 "seed": seed, "county": 0, "value": value}
            )  # fmt: skip
    return pd.DataFrame(rows)


EFFECTS = {
    "revised_one_off": {"grouping": -5.0, "startup_funding": -8.0, "lump_sum": -2.0, "broker_executive": -190.0},
    "recurring_funding": {"grouping": -20.0, "premium": -60.0},
}
LEVERS = {k: list(v) for k, v in EFFECTS.items()}


def test_lever_decomposition_table_adds_up_per_scenario_measure_and_method():
    runs = pd.concat(
        [
            synthetic_runs(EFFECTS, "gap_terms", 400.0),
            synthetic_runs({k: {i: -e / 1000 for i, e in v.items()} for k, v in EFFECTS.items()}, "quality", 0.0, 0.01),
        ]
    )
    table = lever_decomposition(runs, LEVERS)
    sums = table.groupby(["scenario", "measure", "method"]).agg(parts=("contribution", "sum"), total=("total", "first"))
    np.testing.assert_allclose(sums["parts"], sums["total"], rtol=1e-9, atol=1e-9)
    assert set(table["method"]) == {"shapley", "alone", "last"}
    shap = table[(table["method"] == "shapley") & (table["measure"] == "gap_terms")].set_index(["scenario", "lever"])
    assert shap.loc[("revised_one_off", "broker_executive"), "contribution"] == pytest.approx(-192.5, abs=1.5)
    assert shap.loc[("revised_one_off", "broker_executive"), "share_sign_holds"] == 1.0
    assert shap["n_runs"].eq(6).all()
    assert shap.groupby(level=0)["share"].sum().to_numpy() == pytest.approx([1.0, 1.0])
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "lever_decomposition.png"
    plot_lever_decomposition(
        table, path=path, labels={"gap_terms": "School-terms without a substantive head", "quality": "Quality"}
    )
    assert path.stat().st_size > 10_000
    plot_lever_decomposition(table, method="alone", path=ARTIFACTS / "lever_decomposition_alone.png")


def test_lever_decomposition_refuses_unknown_scenarios_and_missing_subsets():
    runs = synthetic_runs(EFFECTS, "gap_terms", 400.0)
    with pytest.raises(ValueError, match="no lever list for scenario"):
        lever_decomposition(runs, {"revised_one_off": LEVERS["revised_one_off"]})
    with pytest.raises(ValueError, match="outside the scenario"):
        lever_decomposition(runs, {"revised_one_off": ["grouping"], "recurring_funding": LEVERS["recurring_funding"]})
    missing = runs[runs["levers"] != "grouping"]
    with pytest.raises(ValueError, match="no complete runs with levers 'grouping'"):
        lever_decomposition(missing, LEVERS)


def test_incomplete_run_pairs_are_left_out():
    runs = synthetic_runs({"s": {"a": -1.0, "b": -2.0}}, "gap_terms", 10.0)
    runs.loc[(runs["levers"] == "a") & (runs["draw"] == 0) & (runs["seed"] == 0), "value"] = np.nan
    table = lever_decomposition(runs, {"s": ["a", "b"]})
    assert table["n_runs"].eq(5).all()
