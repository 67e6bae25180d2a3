"""A comparison report's figures: the few headline measures with bands, money by source, each
effect split by lever, the risk map.

Drawn with pyplot on the non-interactive Agg backend (the report is written by commands and by
the dashboard's background thread, never shown on screen). Every axis says its unit; money is in
the model's nominal pounds of the documents' years.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter  # noqa: E402

from sim.analysis.report import colours, series  # noqa: E402

# The panels of headlines.png, in order of priority (the first six that have data are drawn):
# (measure, group, title, y-axis unit, a share drawn as a percentage)
PANELS = [
    ("leadership_time", "le110", "Head-time present per small school", "% of a full-time head's week", True),
    ("leadership_short_terms", "le110", "Small-school terms below the leadership floor", "school-terms a year", False),
    ("gap_terms", "le110", "Small-school terms without a substantive head", "school-terms a year", False),
    ("unfilled_vacancies", "all", "Headship vacancies unfilled at year end", "vacancies", False),
    ("schools_in_active_partnership", "le110", "Small schools in an active partnership", "schools", False),
    ("executive_heads", "all", "Executive heads", "heads", False),
    ("good_or_better", "le110", "Small schools judged good or outstanding", "% of small schools", True),
]
MAX_PANELS = 6
SOURCE_COLOURS = ["#4c72b0", "#dd8452", "#8172b3", "#55a868", "#c44e52", "#937860"]  # one per money source
LEVER_COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]


def _years(years: list[int]) -> str:
    return f"{years[0]}/{str(years[0] + 1)[2:]} to {years[-1]}/{str(years[-1] + 1)[2:]}"


def headline_figure(
    measures: pd.DataFrame, scenarios: list[str], path: Path, title: str, years: list[int] | None = None
) -> None:
    """The few headline measures that matter (``PANELS``) by year: each scenario's median over its runs
    (a line) and 10-90% band (a light fill with dotted edges), the report years shaded."""
    col = colours(scenarios)
    panels = []
    for measure, group, name, unit, share in PANELS:
        wide = series(measures, measure, group)
        if len(wide) and len(panels) < MAX_PANELS:
            panels.append((wide, name, unit, share))
    n_cols = 3 if len(panels) > 4 else 2
    n_rows = max(1, -(-len(panels) // n_cols))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(5.6 * n_cols, 4.1 * n_rows), squeeze=False)
    for ax in axes.flat[len(panels) :]:
        ax.axis("off")
    for ax, (wide, name, unit, share) in zip(axes.flat, panels):
        if years:
            ax.axvspan(years[0] - 0.5, years[-1] + 0.5, color="#e8e8e8", zorder=0, lw=0)
        for scenario in scenarios:
            if scenario not in wide.index.get_level_values(0):
                continue
            q = wide.loc[scenario].quantile([0.1, 0.5, 0.9])
            c = col[scenario]
            ax.fill_between(q.columns, q.loc[0.1], q.loc[0.9], color=c, alpha=0.09, lw=0)
            for edge in (0.1, 0.9):
                ax.plot(q.columns, q.loc[edge], color=c, lw=0.8, ls=":", alpha=0.9)
            ax.plot(q.columns, q.loc[0.5], color=c, lw=2.2, label=scenario)
        ax.set_title(name, fontsize=11)
        ax.set_ylabel(unit, fontsize=9)
        ax.set_xlabel("academic year starting September", fontsize=9)
        if share:
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.grid(alpha=0.3)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.tick_params(labelsize=9)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    handles += [plt.Line2D([], [], color="grey", lw=0.8, ls=":"), Patch(color="#e8e8e8")]
    labels += ["10-90% of runs (band)", f"years the statements sum over ({_years(years)})" if years else "report years"]
    fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 3), fontsize=10, frameon=False)
    fig.suptitle(title, fontsize=12)
    fig.tight_layout(rect=(0, 0.09 if len(labels) > 3 else 0.06, 1, 0.96))
    fig.savefig(path, dpi=100)
    plt.close(fig)


def money_figure(money: pd.DataFrame, years: list[int], path: Path, runs: str = "median of the runs") -> None:
    """Money spent by source (``money_by_source``) per year of the report window, one stacked bar per
    scenario, each source its own colour; ``runs`` says what the median is over ('median of 3 runs')."""
    per_year = money / max(1, len(years)) / 1e3
    spent = [c for c in money.columns if (money[c].abs() > 0).any()]  # a source nobody spends on has no bar
    colour = dict(zip(money.columns, SOURCE_COLOURS))
    fig, ax = plt.subplots(figsize=(10, 0.7 * len(money) + 2.2))
    per_year[spent].plot.barh(stacked=True, ax=ax, color=[colour[c] for c in spent], width=0.6)
    ax.set_xlabel(f"£ thousand a year, {_years(years)} ({runs}; the model's nominal pounds)")
    ax.set_ylabel("")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"£{x:,.0f}k"))
    ax.invert_yaxis()
    ax.grid(axis="x", alpha=0.3)
    unspent = [c for c in money.columns if c not in spent]
    ax.legend(title="source" + (f" (none spent: {', '.join(unspent)})" if unspent else ""), fontsize=9, loc="best")
    ax.set_title("Money spent on partnerships and succession cover each year, by source")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# The units the lever figure draws each split measure in: (axis label, scale applied to the value,
# the value is money per year).
LEVER_UNITS = {
    "gap_terms|le110": ("small-school terms without a substantive head (school-terms)", 1.0, False),
    "schools_in_active_partnership|le110": ("small schools in an active partnership (schools)", 1.0, False),
    "quality|le110": ("mean quality of small schools (latent score)", 1.0, False),
    "public_cost|all": ("public money (£ thousand a year)", 1e-3, True),
}


def lever_figure(table: pd.DataFrame, path: Path, n_years: int) -> None:
    """Each scenario's effect (a black diamond) split among its levers (Shapley: stacked bars, positive
    parts right of zero and negative ones left), one panel per measure in readable units; the legend
    names only the levers whose parts can be seen."""
    data = table[table["method"] == "shapley"] if (table["method"] == "shapley").any() else table
    measures = [m for m in LEVER_UNITS if m in set(data.measure)]
    scenarios = list(dict.fromkeys(data.scenario))
    levers = list(dict.fromkeys(data.lever))
    colour = {lever: LEVER_COLOURS[i % len(LEVER_COLOURS)] for i, lever in enumerate(levers)}
    n = max(1, len(measures))
    n_cols = 2 if n > 1 else 1
    n_rows = -(-n // n_cols)
    fig, axes = plt.subplots(
        n_rows, n_cols, figsize=(7.2 * n_cols, (0.75 * len(scenarios) + 1.6) * n_rows), squeeze=False
    )
    for ax in axes.flat[n:]:
        ax.axis("off")
    seen: set[str] = set()
    for ax, measure in zip(axes.flat, measures):
        unit, scale, per_year = LEVER_UNITS[measure]
        scale = scale / max(1, n_years) if per_year else scale
        sub = data[data.measure == measure]
        ends = [0.0]
        pos_sum = sub[sub.contribution > 0].groupby("scenario").contribution.sum()
        neg_sum = sub[sub.contribution < 0].groupby("scenario").contribution.sum()
        span = max(float(pos_sum.max()) if len(pos_sum) else 0.0, 0.0) - min(
            float(neg_sum.min()) if len(neg_sum) else 0.0, 0.0
        )
        span = max(span * scale, 1e-12)
        for y, scenario in enumerate(scenarios):
            bar = sub[sub.scenario == scenario]
            if bar.empty:
                continue
            pos = neg = 0.0
            for lever, part in zip(bar.lever, bar.contribution * scale):
                start = pos if part >= 0 else neg + part
                ax.barh(y, abs(part), left=start, color=colour[lever], edgecolor="white", height=0.6)
                pos, neg = (pos + part, neg) if part >= 0 else (pos, neg + part)
                if abs(part) > 0.015 * span:  # wide enough to be seen
                    seen.add(lever)
            total = bar.total.iloc[0] * scale
            ends += [pos, neg, total]
            ax.plot(total, y, "D", color="black", markersize=6, zorder=5)
            text = f"£{total:,.0f}k" if per_year else (f"{total:.2f}" if abs(total) < 1 else f"{total:,.0f}")
            ax.annotate(
                text, (total, y), xytext=(0, 9), textcoords="offset points", ha="center", va="bottom", fontsize=8
            )
        ax.axvline(0, color="black", linewidth=0.8)
        pad = 0.12 * ((max(ends) - min(ends)) or 1.0)
        ax.set_xlim(min(ends) - pad, max(ends) + pad)
        ax.set_ylim(len(scenarios) - 0.4, -0.8)
        ax.set_yticks(range(len(scenarios)), scenarios)
        ax.set_xlabel(unit, fontsize=9)
        if per_year:
            ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"£{x:,.0f}k"))
        ax.grid(axis="x", alpha=0.3)
    handles = [Patch(color=colour[lever]) for lever in levers if lever in seen]
    labels = [lever.replace("_", " ") for lever in levers if lever in seen]
    handles.append(plt.Line2D([], [], marker="D", color="black", linestyle=""))
    labels.append("whole effect of the policy")
    fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 5), fontsize=9, frameon=False)
    fig.suptitle("Each policy's effect against the same policy with no levers, split among its levers", fontsize=12)
    fig.tight_layout(rect=(0, 0.1 if n_rows == 1 else 0.06, 1, 0.95))
    fig.savefig(path, dpi=100)
    plt.close(fig)


TOP_LABELLED = 5  # the schools most at risk named on the map


def risk_map(register: pd.DataFrame, path: Path, scenario: str, towns: pd.DataFrame | None = None) -> None:
    """Each school of the register where it is, coloured by its chance of a headship gap within 3 years;
    the towns as grey squares; the few most at risk numbered, with their names and chances beside the map."""
    fig, ax = plt.subplots(figsize=(12, 6))
    if towns is not None and len(towns):
        ax.scatter(
            towns.x, towns.y, s=60 + 6 * towns.schools, marker="s", color="#bbbbbb", edgecolor="#777777", zorder=1
        )
    size = 12 + register["roll"] / 4
    top_risk = float(np.ceil(max(0.1, register.p_gap_3y.max()) * 10) / 10)
    sc = ax.scatter(
        register.x,
        register.y,
        s=size,
        c=register.p_gap_3y,
        cmap="YlOrRd",
        vmin=0,
        vmax=top_risk,
        edgecolor="#555555",
        linewidth=0.4,
        zorder=2,
    )
    top = register.head(TOP_LABELLED)
    listing = []
    for i, r in enumerate(top.itertuples(), start=1):
        ax.scatter([r.x], [r.y], s=size.loc[r.Index] + 90, facecolor="none", edgecolor="black", lw=1.2, zorder=3)
        ax.annotate(
            str(i),
            (r.x, r.y),
            xytext=(7, 5),
            textcoords="offset points",
            fontsize=10,
            fontweight="bold",
            zorder=4,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
        )
        listing.append(f"{i}  {r.name if isinstance(r.name, str) else r.school}: {r.p_gap_3y:.0%}")
    bar = fig.colorbar(sc, ax=ax, shrink=0.8, format=PercentFormatter(1.0, decimals=0))
    bar.set_label("chance of a headship gap within 3 years")
    ax.set_xlabel("km east")
    ax.set_ylabel("km north")
    ax.set_aspect("equal")
    handles = [plt.Line2D([], [], marker="o", ls="", color="#f4a261", markeredgecolor="#555555")]
    labels = ["a school (circle size = pupils)"]
    if towns is not None and len(towns):
        handles.append(plt.Line2D([], [], marker="s", ls="", color="#bbbbbb", markeredgecolor="#777777"))
        labels.append("a town (size = its schools)")
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.18, 1.0), fontsize=9, frameon=False)
    fig.text(
        0.81,
        0.72,
        "Most at risk (3 years)\n" + "\n".join(listing),
        fontsize=9,
        va="top",
        family="monospace",
    )
    runs = int(register.runs.iloc[0]) if len(register) else 0
    ax.set_title(f"Succession risk by school under {scenario} ({runs} runs)")
    fig.subplots_adjust(left=0.06, right=0.8)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
