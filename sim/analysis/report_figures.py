"""A comparison report's figures: headline measures with bands, money by source, the risk map.

Drawn with pyplot on the non-interactive Agg backend (the report is written by commands and by
the dashboard's background thread, never shown on screen).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from sim.analysis.report import HEADLINES, colours, series  # noqa: E402


def headline_figure(measures: pd.DataFrame, scenarios: list[str], path: Path, title: str) -> None:
    """Every headline measure by year: each scenario's median over its runs and 10-90% band."""
    col = colours(scenarios)
    rows = -(-len(HEADLINES) // 4)
    fig, axes = plt.subplots(rows, 4, figsize=(19, 4 * rows), constrained_layout=True)
    for ax in axes.flat[len(HEADLINES) :]:
        ax.axis("off")
    for ax, (measure, group, panel, _) in zip(axes.flat, HEADLINES):
        wide = series(measures, measure, group)
        for scenario in scenarios:
            if scenario not in wide.index.get_level_values(0):
                continue
            q = wide.loc[scenario].quantile([0.1, 0.5, 0.9])
            ax.plot(q.columns, q.loc[0.5], color=col[scenario], lw=2.2, label=scenario)
            ax.fill_between(q.columns, q.loc[0.1], q.loc[0.9], color=col[scenario], alpha=0.15, lw=0)
        ax.set_title(panel, fontsize=11)
        ax.grid(alpha=0.3)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.tick_params(labelsize=9)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(scenarios), fontsize=11, bbox_to_anchor=(0.5, -0.035))
    fig.suptitle(title, fontsize=14)
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)


def money_figure(money: pd.DataFrame, years: list[int], path: Path) -> None:
    """Money spent by source (``money_by_source``), one stacked bar per scenario."""
    ax = (money / 1e6).plot.barh(
        stacked=True, figsize=(10, 0.7 * len(money) + 1.8), color=["#4c72b0", "#dd8452", "#55a868"]
    )
    ax.set_xlabel(
        f"£ million over {years[0]}/{str(years[0] + 1)[2:]} to {years[-1]}/{str(years[-1] + 1)[2:]} (median of seeds)"
    )
    ax.set_ylabel("")
    ax.invert_yaxis()
    ax.grid(axis="x", alpha=0.3)
    ax.set_title("Money spent on partnerships and succession cover, by source")
    plt.tight_layout()
    plt.savefig(path, dpi=110)
    plt.close()


def risk_map(register: pd.DataFrame, path: Path, scenario: str) -> None:
    """Each school of the register where it is, coloured by its chance of a headship gap within 3 years."""
    fig, ax = plt.subplots(figsize=(11, 7))
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
    )
    top = register.head(10)
    for _, r in top.iterrows():
        ax.annotate(str(r.school), (r.x, r.y), fontsize=8, xytext=(4, 4), textcoords="offset points")
    fig.colorbar(sc, ax=ax, label="chance of a headship gap within 3 years")
    ax.set_xlabel("km east")
    ax.set_ylabel("km north")
    ax.set_aspect("equal")
    ax.set_title(
        f"Succession risk by school ({scenario}; {int(register.runs.iloc[0])} runs). "
        "Circle size = pupils; labels = the 10 most at risk"
    )
    plt.tight_layout()
    plt.savefig(path, dpi=110)
    plt.close(fig)
