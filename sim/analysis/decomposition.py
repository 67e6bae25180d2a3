"""Effects split by lever: how much of a scenario's effect each of its levers produces.

A scenario switches on a set L of levers. Running it with every subset S of L switched on (all
else equal, paired by draw, seed and county) gives an outcome v(S) per run pair; the scenario's
whole effect is v(L) - v(none). Two splits of that effect, both adding up to it:

- Shapley values: each lever's marginal effect v(S + i) - v(S) averaged over the orders in
  which the levers could be switched on. Exact over all 2^|L| subsets (up to ``EXACT_MAX``
  levers); beyond that, averaged over sampled orders (seeded). Each sampled order's parts add
  up to the whole effect, so the sampled split adds up too, and is unbiased.
- One at a time: each lever alone (v(i) - v(none)) and each lever last (v(L) - v(L - i)), with
  the remainder reported as "interaction" so the parts add up.

Shapley values are linear in v, so the split is computed per run pair and then averaged: the
table reports means (medians do not add up), with a 10-90% interval over run pairs and the share
of parameter draws whose mean part has the sign of the overall part. ``lever_parts`` keeps the
Shapley parts run pair by run pair, so that a lever's costs, split from the same runs, can be set
against its own effect (``sim.analysis.report.lever_costs``).
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from scenarios.config import LEVER_NAMES, ScenarioConfig
from sim.analysis.robustness import QUANTILES, RUN, format_number, share_sign_holds

EXACT_MAX = 8
N_PERMUTATIONS = 100
NONE = "none"
INTERACTION = "interaction"

Subset = frozenset[str]
Value = Callable[[Subset], "float | np.ndarray"]


# --- levers of a scenario ------------------------------------------------------------------


def enabled_levers(config: ScenarioConfig) -> list[str]:
    """The levers a scenario switches on, in ``LEVER_NAMES`` order."""
    return [name for name in LEVER_NAMES if getattr(config, name).enabled]


def subset_label(levers: Iterable[str]) -> str:
    """Canonical name of a subset of levers: sorted names joined by '+', or 'none'."""
    names = sorted(set(levers))
    return "+".join(names) if names else NONE


def parse_subset(label: str) -> Subset:
    """The subset a ``subset_label`` names."""
    return frozenset() if label == NONE else frozenset(label.split("+"))


def subset_config(config: ScenarioConfig, levers: Iterable[str]) -> ScenarioConfig:
    """The scenario with only ``levers`` of its own levers on: others disabled, all else unchanged.

    The name gets the suffix ``--<subset label>`` so the runs are told apart in the store.
    """
    keep = set(levers)
    unknown = keep - set(enabled_levers(config))
    if unknown:
        raise ValueError(f"scenario {config.name!r} does not switch on {sorted(unknown)}")
    out = copy.deepcopy(config)
    for name in enabled_levers(config):
        if name not in keep:
            setattr(out, name, dataclasses.replace(getattr(out, name), enabled=False))
    out.name = f"{config.name}--{subset_label(keep)}"
    return out


# --- which subsets a split needs -----------------------------------------------------------


def all_subsets(levers: Sequence[str]) -> list[Subset]:
    """Every subset of ``levers``, smallest first."""
    return [frozenset(c) for k in range(len(levers) + 1) for c in itertools.combinations(levers, k)]


def sampled_orders(levers: Sequence[str], n_permutations: int = N_PERMUTATIONS, seed: int = 0) -> list[tuple[str, ...]]:
    """``n_permutations`` random orders of the levers, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    return [tuple(levers[j] for j in rng.permutation(len(levers))) for _ in range(n_permutations)]


def one_at_a_time_subsets(levers: Sequence[str]) -> list[Subset]:
    """None, all, each lever alone and each lever left out."""
    full = frozenset(levers)
    return [frozenset(), full, *(frozenset([i]) for i in levers), *(full - {i} for i in levers)]


def _method(levers: Sequence[str], method: str) -> str:
    if method == "auto":
        return "exact" if len(levers) <= EXACT_MAX else "sampled"
    if method not in ("exact", "sampled"):
        raise ValueError(f"method must be 'auto', 'exact' or 'sampled', not {method!r}")
    return method


def required_subsets(
    levers: Sequence[str], method: str = "auto", n_permutations: int = N_PERMUTATIONS, seed: int = 0
) -> list[Subset]:
    """The subsets whose runs the split needs (deduplicated, in a stable order)."""
    if _method(levers, method) == "exact":
        subsets = all_subsets(levers)
    else:
        orders = sampled_orders(levers, n_permutations, seed)
        subsets = [frozenset(order[:k]) for order in orders for k in range(len(levers) + 1)]
    subsets += one_at_a_time_subsets(levers)
    return sorted(set(subsets), key=lambda s: (len(s), sorted(s)))


def subset_configs(
    config: ScenarioConfig, method: str = "auto", n_permutations: int = N_PERMUTATIONS, seed: int = 0
) -> dict[str, ScenarioConfig]:
    """Subset label -> scenario config, for every subset of the scenario's levers the split needs."""
    levers = enabled_levers(config)
    return {subset_label(s): subset_config(config, s) for s in required_subsets(levers, method, n_permutations, seed)}


# --- the splits ----------------------------------------------------------------------------


def _cached(value: Value) -> Value:
    memo: dict[Subset, float | np.ndarray] = {}

    def v(s: Subset):
        if s not in memo:
            memo[s] = value(s)
        return memo[s]

    return v


def shapley_exact(levers: Sequence[str], value: Value) -> dict[str, float | np.ndarray]:
    """Exact Shapley values: sum over subsets S without i of |S|!(n-|S|-1)!/n! (v(S+i) - v(S))."""
    n = len(levers)
    if n > 16:
        raise ValueError(f"{n} levers is too many for the exact split; use the sampled one")
    v = _cached(value)
    weight = [math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n) for k in range(n)]
    phi: dict[str, float | np.ndarray] = {i: 0.0 for i in levers}
    for s in all_subsets(levers):
        for i in levers:
            if i not in s:
                phi[i] = phi[i] + weight[len(s)] * (v(s | {i}) - v(s))
    return phi


def shapley_sampled(
    levers: Sequence[str], value: Value, n_permutations: int = N_PERMUTATIONS, seed: int = 0
) -> dict[str, float | np.ndarray]:
    """Shapley values averaged over sampled orders; the parts add up to v(all) - v(none) exactly."""
    if n_permutations < 1:
        raise ValueError("n_permutations must be at least 1")
    v = _cached(value)
    phi: dict[str, float | np.ndarray] = {i: 0.0 for i in levers}
    for order in sampled_orders(levers, n_permutations, seed):
        before = frozenset()
        for i in order:
            after = before | {i}
            phi[i] = phi[i] + (v(after) - v(before))
            before = after
    return {i: p / n_permutations for i, p in phi.items()}


def one_at_a_time(levers: Sequence[str], value: Value) -> dict[str, dict[str, float | np.ndarray]]:
    """Each lever alone and each lever last, each with an 'interaction' remainder so parts add up."""
    v = _cached(value)
    none, full = frozenset(), frozenset(levers)
    total = v(full) - v(none)
    out = {}
    for kind, part in (("alone", lambda i: v(frozenset([i])) - v(none)), ("last", lambda i: v(full) - v(full - {i}))):
        parts = {i: part(i) for i in levers}
        parts[INTERACTION] = total - sum(parts.values())
        out[kind] = parts
    return out


def split_effect(
    levers: Sequence[str], value: Value, method: str = "auto", n_permutations: int = N_PERMUTATIONS, seed: int = 0
) -> dict[str, dict[str, float | np.ndarray]]:
    """Every split of the whole effect: method name -> lever -> part (all parts add up to the total)."""
    v = _cached(value)
    if _method(levers, method) == "exact":
        splits = {"shapley": shapley_exact(levers, v)}
    else:
        splits = {"shapley_sampled": shapley_sampled(levers, v, n_permutations, seed)}
    return {**splits, **one_at_a_time(levers, v)}


# --- from a table of runs to lever_decomposition.csv ---------------------------------------


def outcome_function(runs: pd.DataFrame, levers: Sequence[str]) -> tuple[Value, pd.DataFrame]:
    """v(S) as an array over run pairs, from rows (levers, draw, seed, county, value) of one scenario and measure.

    Only run pairs complete for every subset present are kept. Returns v and the run-pair index.
    """
    wide = runs.pivot(index=list(RUN), columns="levers", values="value").dropna(how="any")
    labels = set(wide.columns)
    bad = {lab for lab in labels if not parse_subset(lab) <= set(levers)}
    if bad:
        raise ValueError(f"runs with levers outside the scenario's own: {sorted(bad)}")

    def v(s: Subset) -> np.ndarray:
        label = subset_label(s)
        if label not in labels:
            raise ValueError(f"no complete runs with levers {label!r}, which the split needs")
        return wide[label].to_numpy(dtype=float)

    return v, wide.index.to_frame(index=False)


def _summarise(part: np.ndarray, draws: np.ndarray) -> dict[str, float]:
    mean = float(np.mean(part))
    by_draw = pd.Series(part).groupby(draws).mean().to_numpy()
    low, high = np.quantile(part, QUANTILES)
    return {
        "contribution": mean,
        "low": float(low),
        "high": float(high),
        "share_sign_holds": share_sign_holds(by_draw, mean),
    }


def _splits(
    runs: pd.DataFrame,
    levers_by_scenario: Mapping[str, Sequence[str]],
    method: str,
    n_permutations: int,
    seed: int,
) -> Iterator[tuple[str, str, pd.DataFrame, np.ndarray, dict[str, dict[str, float | np.ndarray]]]]:
    """Each (scenario, measure) of ``runs``: its run pairs, whole effect per pair and every split."""
    unknown = sorted(set(runs["scenario"]) - set(levers_by_scenario))
    if unknown:
        raise ValueError(f"no lever list for scenario(s) {unknown} in the decomposition")
    for (scenario, measure), group in runs.groupby(["scenario", "measure"], sort=True, observed=True):
        levers = list(levers_by_scenario[scenario])
        if not levers:
            continue
        v, pairs = outcome_function(group, levers)
        if pairs.empty:
            raise ValueError(f"{scenario}/{measure}: no run pair is complete for every subset of levers")
        whole = v(frozenset(levers)) - v(frozenset())
        yield scenario, measure, pairs, whole, split_effect(levers, v, method, n_permutations, seed)


def lever_decomposition(
    runs: pd.DataFrame,
    levers_by_scenario: Mapping[str, Sequence[str]],
    method: str = "auto",
    n_permutations: int = N_PERMUTATIONS,
    seed: int = 0,
) -> pd.DataFrame:
    """Tidy split of every scenario's effect on every measure (lever_decomposition.csv).

    ``runs`` has columns scenario, measure, levers (a ``subset_label``), draw, seed, county, value:
    the runs of each scenario with each needed subset of its levers on. One row per (scenario,
    measure, method, lever): the mean part over run pairs (``contribution``), its 10-90% interval,
    the share of draws whose mean part has its sign, the whole effect (``total``, mean of
    v(all) - v(none)) and ``share`` = contribution / total. Within each (scenario, measure,
    method) the contributions add up to ``total``.
    """
    rows = []
    for scenario, measure, pairs, whole, splits in _splits(runs, levers_by_scenario, method, n_permutations, seed):
        draws = pairs["draw"].to_numpy()
        total = float(np.mean(whole))
        for name, parts in splits.items():
            for lever, part in parts.items():
                stats = _summarise(np.broadcast_to(part, whole.shape), draws)
                share = stats["contribution"] / total if total != 0 else float("nan")
                rows.append(
                    {"scenario": scenario, "measure": measure, "method": name, "lever": lever, **stats, "total": total,
                     "share": share, "n_runs": len(pairs)}
                )  # fmt: skip
    columns = ["scenario", "measure", "method", "lever", "contribution", "low", "high", "share_sign_holds", "total"]
    return pd.DataFrame(rows, columns=[*columns, "share", "n_runs"])


def lever_parts(
    runs: pd.DataFrame,
    levers_by_scenario: Mapping[str, Sequence[str]],
    method: str = "auto",
    n_permutations: int = N_PERMUTATIONS,
    seed: int = 0,
) -> pd.DataFrame:
    """Each lever's Shapley part of every scenario's effect, run pair by run pair.

    The values behind the Shapley rows of ``lever_decomposition`` (their mean is ``contribution``),
    kept per run pair so that bands can be taken over draws and so that a cost split this way can
    be set against an effect split from the same runs. One row per (scenario, measure, lever, draw,
    seed, county) with ``part``; within a run pair and measure the parts add up to that pair's whole
    effect v(all) - v(none). ``method`` names the Shapley split used (exact or sampled).
    """
    frames = []
    for scenario, measure, pairs, whole, splits in _splits(runs, levers_by_scenario, method, n_permutations, seed):
        name = next(k for k in splits if k.startswith("shapley"))
        for lever, part in splits[name].items():
            frame = pairs.copy()
            frame.insert(0, "lever", lever)
            frame.insert(0, "method", name)
            frame.insert(0, "measure", measure)
            frame.insert(0, "scenario", scenario)
            frame["part"] = np.broadcast_to(part, whole.shape)
            frames.append(frame)
    columns = ["scenario", "measure", "method", "lever", *RUN, "part"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


# --- the figure ----------------------------------------------------------------------------


def _lever_colours(levers: Sequence[str]) -> dict[str, tuple]:
    """A fixed colour per lever name (the same in every figure); grey for the interaction remainder."""
    import matplotlib

    cmap = matplotlib.colormaps["tab20"]
    slots = [*range(0, 20, 2), *range(1, 20, 2)]
    extra = sorted(set(levers) - set(LEVER_NAMES) - {INTERACTION})
    colours = {name: cmap(slots[k % 20]) for k, name in enumerate([*LEVER_NAMES, *extra]) if name in levers}
    if INTERACTION in levers:
        colours[INTERACTION] = (0.6, 0.6, 0.6, 1.0)
    return colours


def plot_lever_decomposition(
    table: pd.DataFrame,
    method: str | None = None,
    path: str | Path | None = None,
    labels: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
):
    """Stacked bars: one panel per measure, one bar per scenario, one segment per lever.

    Positive parts stack to the right of zero, negative parts to the left; a black diamond marks
    the whole effect. ``method`` defaults to the Shapley split present in the table.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels, names = labels or {}, names or {}
    if method is None:
        method = "shapley" if (table["method"] == "shapley").any() else "shapley_sampled"
    data = table[table["method"] == method]
    measures = list(dict.fromkeys(data["measure"]))
    scenarios = list(dict.fromkeys(data["scenario"]))
    colours = _lever_colours(list(dict.fromkeys(data["lever"])))
    fig, axes = plt.subplots(
        1, max(len(measures), 1), figsize=(4.2 * max(len(measures), 1), 0.7 * len(scenarios) + 2.2), squeeze=False
    )
    for ax, measure in zip(axes[0], measures):
        sub = data[data["measure"] == measure]
        ends = [0.0]
        for y, scenario in enumerate(scenarios):
            bar = sub[sub["scenario"] == scenario]
            left_pos, left_neg = 0.0, 0.0
            for lever, part in zip(bar["lever"], bar["contribution"]):
                start = left_pos if part >= 0 else left_neg + part
                ax.barh(y, abs(part), left=start, color=colours[lever], edgecolor="white", height=0.6)
                left_pos, left_neg = (left_pos + part, left_neg) if part >= 0 else (left_pos, left_neg + part)
            ends += [left_pos, left_neg, *bar["total"].iloc[:1]]
            if len(bar):
                total = bar["total"].iloc[0]
                ax.plot(total, y, "D", color="black", markersize=6, zorder=5)
                ax.annotate(
                    format_number(total),
                    (total, y),
                    xytext=(-7 if total < 0 else 7, 0),
                    textcoords="offset points",
                    ha="right" if total < 0 else "left",
                    va="center",
                    fontsize=8,
                )
        ax.axvline(0, color="black", linewidth=0.8)
        pad = 0.15 * ((max(ends) - min(ends)) or 1.0)
        ax.set_xlim(min(ends) - pad, max(ends) + pad)
        ax.set_yticks(range(len(scenarios)), [names.get(s, s) for s in scenarios])
        ax.invert_yaxis()
        ax.set_title(labels.get(measure, measure.replace("_", " ")), fontsize=10)
        ax.grid(axis="x", alpha=0.3)
    for ax in axes[0][1:]:
        ax.tick_params(labelleft=False)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colours.values()]
    handles.append(plt.Line2D([], [], marker="D", color="black", linestyle=""))
    legend = [k.replace("_", " ") for k in colours] + ["whole effect"]
    ncol = len(legend) if len(legend) <= 6 else math.ceil(len(legend) / 2)
    fig.legend(handles, legend, loc="lower center", ncol=ncol, frameon=False, fontsize=9)
    fig.suptitle(f"Effect of each scenario against no levers, split by lever ({method.replace('_', ' ')})")
    fig.tight_layout(rect=(0, 0.1 if len(legend) <= 6 else 0.16, 1, 1))
    if path is not None:
        fig.savefig(path, dpi=120)
    return fig
