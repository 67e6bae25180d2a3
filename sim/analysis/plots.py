"""The summary figure: headline measures over the years, median across seeds with a 10-90% band."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

PANELS = [
    ("Headship vacancies in the year", [("vacancies", "all", "all schools"), ("vacancies", "le110", "<=110 pupils")]),
    (
        "Vacancies unfilled at year end",
        [("unfilled_vacancies", "all", "all schools"), ("unfilled_vacancies", "le110", "<=110 pupils")],
    ),
    (
        "School-terms without a substantive head",
        [("gap_terms", "all", "all schools"), ("gap_terms", "le110", "<=110 pupils")],
    ),
    (
        "Schools under acting cover in the year",
        [("acting_schools", "all", "all schools"), ("acting_schools", "le110", "<=110 pupils")],
    ),
    (
        "Executive heads and schools they lead",
        [("executive_heads", "all", "executive heads"), ("schools_led_by_executive", "all", "schools led")],
    ),
    (
        "Partnerships",
        [
            ("active_partnerships", "all", "active (soft)"),
            ("federations", "all", "federations"),
            ("trusts", "all", "trusts"),
        ],
    ),
    (
        "Small schools (<=110) by partnership category",
        [
            ("small_school_category", "1", "1 none"),
            ("small_school_category", "2", "2 informal"),
            ("small_school_category", "3", "3 formal"),
            ("small_school_category", "4", "4 structured"),
            ("small_school_category", "5", "5 hard"),
        ],
    ),
    (
        "Mean partnership activity and trust",
        [("partnership_activity", "all", "activity"), ("partnership_trust", "all", "trust")],
    ),
    (
        "Mean school quality (latent)",
        [("quality", "le110", "<=110"), ("quality", "111_210", "111-210"), ("quality", "gt210", ">210")],
    ),
    (
        "Schools below the floor standard",
        [("below_floor", "all", "all schools"), ("below_floor", "le110", "<=110 pupils")],
    ),
    (
        "Share of schools judged good or better",
        [("grade_share.1", "all", "outstanding"), ("grade_share.2", "all", "good")],
    ),
    (
        "Money spent in the year (£k)",
        [
            ("spent.programme", "all", "programme"),
            ("spent.school_budgets", "all", "school budgets"),
            ("spent.authority", "all", "authority"),
        ],
    ),
]


# margins and gaps of the 3 x 4 panels, as shares of the 18 x 11 inch figure (room for the title above,
# tick labels of up to five characters to the left of each panel and each panel's title above it)
GRID = {"left": 0.035, "right": 0.99, "bottom": 0.035, "top": 0.925, "wspace": 0.17, "hspace": 0.28}
DPI = 110
COLUMNS = 4
PNG_LEVEL = 1  # zlib's fastest level: a third larger file than its default, written in a fraction of the time


def summary_figure(measures: pd.DataFrame, path: Path, title: str) -> None:
    """Small multiples of the headline measures (yearly rows), saved as an opaque PNG at ``DPI``."""
    fig = blank_summary()
    plot_series(fig, summary_bands(measures), title)
    save_png(fig, path)


Bands = tuple[dict[tuple[str, str], "np.ndarray"], int]  # each series' years and quantiles, and the number of seeds


def summary_bands(measures: pd.DataFrame) -> Bands:
    """Every drawn series' 10%, 50% and 90% quantiles by year (one pass over the yearly rows), and the
    number of seeds. Each series is an array of four rows: years, 10%, 50%, 90%."""
    import numpy as np

    yearly = measures[measures["term"] == -1]
    quantiles = yearly.groupby(["measure", "group", "year"])["value"].quantile([0.1, 0.5, 0.9]).unstack()
    present = set(quantiles.index.droplevel("year"))
    series = {}
    for _, panel in PANELS:
        for measure, group, _ in panel:
            if (measure, group) in present:
                q = quantiles.loc[(measure, group)]
                series[(measure, group)] = np.vstack([q.index.to_numpy(dtype=float), q[0.1], q[0.5], q[0.9]])
    return series, int(measures["seed"].nunique())


def blank_summary():
    """The figure's panels with their titles, grids and tick marks, before any data.

    Drawn on a figure of its own with the Agg canvas (no pyplot, no GUI backend) on a fixed grid
    (``GRID``: the panels' titles, tick labels and legends fit its margins at this size), so the
    figure is drawn once: a layout engine measures every label in a first, invisible draw, which
    costs more than the drawing itself.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(18, 11), dpi=DPI, layout="none")
    FigureCanvasAgg(fig)
    axes = fig.subplots(3, COLUMNS, gridspec_kw=GRID)
    for ax, (panel_title, _) in zip(axes.flat, PANELS):
        ax.set_title(panel_title, fontsize=11, y=1.0, pad=6)  # placed, not searched for above the ticks
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=9)
    return fig


def plot_series(fig, bands: Bands, title: str) -> None:
    """The series, bands and legends of every panel, and the figure's title."""
    series, n = bands
    for ax, (_, panel) in zip(fig.axes, PANELS):
        for measure, group, label in panel:
            if (measure, group) not in series:
                continue
            scale = 1e-3 if measure.startswith("spent.") else 1.0
            years, low, median, high = series[(measure, group)]
            line = ax.plot(years, median * scale, label=label, lw=2)[0]
            ax.fill_between(years, low * scale, high * scale, color=line.get_color(), alpha=0.2, lw=0)
        ax.legend(fontsize=8, loc="best")
    fig.suptitle(
        f"{title} — median of {n} run{'s' if n > 1 else ''}, band 10-90%; academic years starting September",
        fontsize=13,
    )


def save_png(fig, path: Path) -> None:
    """The figure as an opaque (RGB) PNG at ``DPI``, zlib level ``PNG_LEVEL`` (Pillow, as ``savefig`` uses).

    ``savefig`` would add an alpha channel the figure does not use; the figure's face is opaque."""
    import numpy as np
    from PIL import Image

    fig.canvas.draw()
    rgb = np.asarray(fig.canvas.buffer_rgba())[..., :3]
    Image.fromarray(rgb).save(path, format="png", dpi=(DPI, DPI), compress_level=PNG_LEVEL)
