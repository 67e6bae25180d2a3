"""Scenario discovery: where in parameter space does an answer change?

Given one row per parameter draw (the sampled values) and a yes/no outcome per draw (say "the
one-off scheme no longer beats recurring money on gap terms"), PRIM (EMA Workbench 2.5,
``ema_workbench.analysis.prim``) finds boxes, ranges of a few parameters, inside which the
outcome is concentrated. For each box:

- coverage: the share of all draws of interest that fall in the box;
- density: the share of draws in the box that are of interest;
- mass: the share of all draws that fall in the box.

PRIM peels a box down to a trajectory of ever smaller, denser boxes. We take the box of highest
coverage whose density reaches ``min_density``, then undo each limit whose quasi-p value (a
one-sided binomial test of that limit, Bryant and Lempert 2010) exceeds ``qp_max``: a limit
that could be chance is not a finding. Later boxes are searched among the draws outside the
earlier ones (PRIM's covering), until PRIM finds no box dense enough or ``max_boxes`` is reached.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.analysis.robustness import KEYS, draw_means, format_number

MIN_DENSITY = 0.8
QP_MAX = 0.05
MAX_BOXES = 3
MIN_DRAWS = 10


@dataclass
class Box:
    """One PRIM box: its restricted parameters and how well it captures the outcome."""

    limits: pd.DataFrame  # parameter, lower, upper, full_lower, full_upper, qp_lower, qp_upper
    coverage: float
    density: float
    mass: float
    n: int  # draws in the box
    k: int  # draws of interest in the box


@dataclass
class Discovery:
    """Result of scenario discovery: the boxes found, or a note saying why there are none."""

    n_draws: int
    n_interest: int
    boxes: list[Box] = field(default_factory=list)
    note: str | None = None
    n_dropped: int = 0  # draws left out for missing values


@contextlib.contextmanager
def quiet_ema() -> Iterator[None]:
    """Keep EMA Workbench's INFO logging and its import/pandas warnings out of our output."""
    logger = logging.getLogger("EMA")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module=r"ema_workbench(\..*)?")
            warnings.filterwarnings("ignore", message=".*ipyparallel.*")
            yield
    finally:
        logger.setLevel(level)


def _prim_module():
    with quiet_ema():
        from ema_workbench.analysis import prim
    return prim


def _clean(experiments: pd.DataFrame, of_interest: Sequence[bool] | np.ndarray) -> tuple[pd.DataFrame, np.ndarray, int]:
    """Aligned, complete rows; booleans as 0/1; parameters that never vary left out."""
    if not isinstance(of_interest, pd.Series):
        if len(of_interest) != len(experiments):
            raise ValueError(f"{len(experiments)} draws but {len(of_interest)} outcomes")
        of_interest = pd.Series(np.asarray(of_interest).ravel(), index=experiments.index)
    y = of_interest.reindex(experiments.index).astype(float).reset_index(drop=True)
    x = experiments.reset_index(drop=True).copy()
    for column in x.columns:
        if x[column].dtype == bool:
            x[column] = x[column].astype(int)
        elif not pd.api.types.is_numeric_dtype(x[column]):
            x[column] = x[column].astype("category")
    keep = x.notna().all(axis=1).to_numpy() & y.notna().to_numpy()
    x, y = x[keep].reset_index(drop=True), y[keep].to_numpy()
    x = x.loc[:, x.nunique() > 1]
    return x, y.astype(int), int((~keep).sum())


def _undo_chance_limits(box, i: int, qp_max: float) -> int:
    """Reset each limit of box ``i`` whose quasi-p value exceeds ``qp_max`` to the full range, as a new box on the
    trajectory; the index of the box that holds now (``i``, or the new last one, which ``update`` selects)."""
    lims = box.box_lims[i].copy()
    init = box.prim.box_init
    changed = False
    for name, (qp_low, qp_high) in box.qp[i].items():
        for row, qp in ((0, qp_low), (1, qp_high)):
            if qp > qp_max:
                lims.loc[row, name] = init.loc[row, name]
                changed = True
    if not changed:
        return i
    remaining = box.prim.yi_remaining
    box.update(lims, remaining[_inside(box.prim.x.loc[remaining, :], lims)])
    return len(box.peeling_trajectory) - 1


def _inside(x: pd.DataFrame, lims: pd.DataFrame) -> np.ndarray:
    """Which rows of ``x`` lie in the box ``lims`` (row 0 lower, row 1 upper limits; a set of categories for a
    categorical column): numbers within their limits, inclusive, and categories among those the box keeps."""
    numbers = x.select_dtypes(np.number).columns
    inside = (
        (lims.loc[0, numbers].to_numpy() <= x[numbers].to_numpy())
        & (x[numbers].to_numpy() <= lims.loc[1, numbers].to_numpy())
    ).all(axis=1)
    for name in x.columns.difference(numbers, sort=False):
        inside &= x[name].isin(lims.loc[0, name]).to_numpy()
    return inside


def _box_of(box, i: int) -> Box:
    """Our record of PRIM box ``i`` on the trajectory."""
    lims, init, qp = box.box_lims[i], box.prim.box_init, box.qp[i]
    rows = []
    for name in lims.columns:
        if all(_same(lims.loc[r, name], init.loc[r, name]) for r in (0, 1)):
            continue
        qp_low, qp_high = (np.nan if v is None or v < 0 else v for v in qp.get(name, [np.nan, np.nan]))
        rows.append(
            {"parameter": name, "lower": lims.loc[0, name], "upper": lims.loc[1, name],
             "full_lower": init.loc[0, name], "full_upper": init.loc[1, name],
             "qp_lower": qp_low, "qp_upper": qp_high}
        )  # fmt: skip
    stats = box.peeling_trajectory.iloc[i]
    columns = ["parameter", "lower", "upper", "full_lower", "full_upper", "qp_lower", "qp_upper"]
    return Box(
        limits=pd.DataFrame(rows, columns=columns),
        coverage=float(stats["coverage"]),
        density=float(stats["density"]),
        mass=float(stats["mass"]),
        n=int(stats["n"]),
        k=int(stats["k"]),
    )


def _same(a, b) -> bool:
    return a == b if isinstance(a, set) else bool(np.isclose(a, b))


def find_boxes(
    experiments: pd.DataFrame,
    of_interest: Sequence[bool] | np.ndarray | pd.Series,
    min_density: float = MIN_DENSITY,
    qp_max: float = QP_MAX,
    max_boxes: int = MAX_BOXES,
    min_draws: int = MIN_DRAWS,
    peel_alpha: float = 0.05,
    paste_alpha: float = 0.05,
    mass_min: float = 0.05,
) -> Discovery:
    """PRIM boxes where ``of_interest`` concentrates among the draws in ``experiments``.

    ``experiments`` has one row per draw, one column per sampled parameter; ``of_interest`` is
    aligned with its rows (a Series is aligned by index). Never raises for an outcome that holds
    in no draw, in every draw, or in too few draws: the result's ``note`` says so instead.
    """
    x, y, dropped = _clean(experiments, of_interest)
    result = Discovery(n_draws=len(y), n_interest=int(y.sum()), n_dropped=dropped)
    if len(y) < min_draws:
        result.note = f"only {len(y)} complete draws: too few for scenario discovery (at least {min_draws} needed)"
    elif result.n_interest == 0:
        result.note = f"it happens in none of the {len(y)} draws: there is no region to describe"
    elif result.n_interest == len(y):
        result.note = f"it happens in all {len(y)} draws: it holds throughout the sampled ranges"
    elif x.shape[1] == 0:
        result.note = "no sampled parameter varies across the draws"
    if result.note:
        return result
    prim = _prim_module()
    with quiet_ema():
        finder = prim.Prim(
            x, y, threshold=min_density, peel_alpha=peel_alpha, paste_alpha=paste_alpha, mass_min=mass_min
        )
        for _ in range(max_boxes):
            box = finder.find_box()
            if box is None or box.mean < min_density or box.res_dim == 0:
                break
            trajectory = box.peeling_trajectory
            dense = trajectory[(trajectory["density"] >= min_density) & (trajectory["res_dim"] > 0)]
            chosen = int(dense.sort_values(["coverage", "density"], ascending=False).index[0])
            box.select(chosen)
            found = _box_of(box, _undo_chance_limits(box, chosen, qp_max))
            if found.limits.empty:
                break
            result.boxes.append(found)
    if not result.boxes:
        result.note = (
            f"no region of the sampled ranges holds it in at least {min_density:.0%} of its draws: "
            "the draws where it happens are spread out, not decided by a few parameters"
        )
    return result


def boxes_table(result: Discovery) -> pd.DataFrame:
    """Tidy table of the boxes: one row per box and restricted parameter."""
    frames = [
        b.limits.assign(box=k, coverage=b.coverage, density=b.density, mass=b.mass, n=b.n, k=b.k)
        for k, b in enumerate(result.boxes, start=1)
    ]
    columns = ["box", "parameter", "lower", "upper", "full_lower", "full_upper", "qp_lower", "qp_upper"]
    columns += ["coverage", "density", "mass", "n", "k"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def _fmt(value) -> str:
    if isinstance(value, set):
        return ", ".join(sorted(map(str, value)))
    return format_number(float(value))


def condition(limit: Mapping, labels: Mapping[str, str] | None = None) -> str:
    """One restricted parameter in words: 'x above 0.7', 'x below 0.3', 'x between a and b'."""
    name = (labels or {}).get(limit["parameter"], limit["parameter"])
    low, high = limit["lower"], limit["upper"]
    if isinstance(low, set):
        return f"{name} is one of {_fmt(low)}"
    low_cut = not _same(low, limit["full_lower"])
    high_cut = not _same(high, limit["full_upper"])
    if low_cut and high_cut:
        return f"{name} between {_fmt(low)} and {_fmt(high)}"
    return f"{name} above {_fmt(low)}" if low_cut else f"{name} below {_fmt(high)}"


def reading(box: Box, outcome: str, labels: Mapping[str, str] | None = None) -> str:
    """A box in one plain line."""
    where = " and ".join(condition(row, labels) for row in box.limits.to_dict("records"))
    return (
        f"{outcome} mostly when {where}: {box.coverage:.0%} of the draws where it happens lie in this region, "
        f"and it happens in {box.density:.0%} of the draws inside it."
    )


def _qp(row: Mapping) -> str:
    values = [v for v in (row["qp_lower"], row["qp_upper"]) if not np.isnan(v)]
    if not values:
        return ""
    worst = max(values)
    return "<0.001" if worst < 0.001 else f"{worst:.3f}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def discovery_markdown(
    result: Discovery,
    outcome: str,
    title: str | None = None,
    labels: Mapping[str, str] | None = None,
    ranges: Mapping[str, tuple[float, float]] | None = None,
) -> str:
    """The result as a markdown section for scenario_discovery.md.

    ``outcome`` names what happens in the draws of interest ("the one-off scheme no longer beats
    recurring money on gap terms"); ``labels`` gives parameters plain names; ``ranges`` the
    ranges they were sampled from (else the range of the draws is shown).
    """
    ranges = ranges or {}
    lines = [f"## {title or outcome}", ""]
    share = f" ({result.n_interest / result.n_draws:.0%})" if result.n_draws else ""
    lines.append(f"{_capital(outcome)}: in {result.n_interest} of {result.n_draws} draws{share}.")
    if result.n_dropped:
        lines.append(f"{result.n_dropped} draws with missing values were left out.")
    lines.append("")
    if result.note:
        lines += [f"No box: {result.note}.", ""]
        return "\n".join(lines)
    for k, box in enumerate(result.boxes, start=1):
        lines.append(
            f"**Box {k}**: coverage {box.coverage:.0%}, density {box.density:.0%}, mass {box.mass:.0%} "
            f"({box.k} of the {box.n} draws inside it)."
        )
        lines += ["", _capital(reading(box, outcome, labels)), ""]
        lines += ["| parameter | in the box | sampled range | quasi-p |", "| --- | --- | --- | --- |"]
        for row in box.limits.to_dict("records"):
            name = (labels or {}).get(row["parameter"], row["parameter"])
            inside = (
                f"{_fmt(row['lower'])} to {_fmt(row['upper'])}"
                if not isinstance(row["lower"], set)
                else _fmt(row["lower"])
            )
            low, high = ranges.get(row["parameter"], (row["full_lower"], row["full_upper"]))
            full = f"{_fmt(low)} to {_fmt(high)}" if not isinstance(low, set) else _fmt(low)
            lines.append(f"| {name} | {inside} | {full} | {_qp(row)} |")
        lines.append("")
    lines.append(
        "Coverage: share of the draws where it happens that lie in the box. Density: share of the draws in the box "
        "where it happens. Mass: share of all draws in the box. Boxes after the first count only draws outside "
        "the earlier boxes."
    )
    return "\n".join(lines) + "\n"


def no_longer_beats(
    paired: pd.DataFrame, measure: str, scenario: str, baseline: str, better: str, keys: Sequence[str] = KEYS
) -> pd.Series:
    """Per draw: True when ``scenario`` does not beat ``baseline`` on ``measure`` (draw mean difference).

    A draw whose mean paired difference is zero or in the worse direction counts as "no longer
    beats". Indexed by draw, to align with the experiments table of sampled parameter values.
    """
    if better not in ("lower", "higher"):
        raise ValueError(f"better must be 'lower' or 'higher', not {better!r}")
    chosen = paired[
        (paired["measure"] == measure) & (paired["scenario"] == scenario) & (paired["baseline"] == baseline)
    ]
    if chosen.empty:
        raise ValueError(f"no paired differences for {measure} of {scenario} against {baseline}")
    means = draw_means(chosen, keys).set_index("draw")["difference"]
    beats = means < 0 if better == "lower" else means > 0
    return (~beats).rename("no_longer_beats")
