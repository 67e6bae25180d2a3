"""The summary figure: headline measures over the years, median across seeds with a 10-90% band."""

from __future__ import annotations

import os
import pickle
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
TICKS_AHEAD = 8  # tick marks made per axis before the data arrive (the draw reuses them; it makes more if needed)
PNG_LEVEL = 1  # zlib's fastest level: a third larger file than its default, written in a fraction of the time


def summary_figure(measures: pd.DataFrame, path: Path, title: str) -> None:
    """Small multiples of the headline measures (yearly rows), drawn in this process."""
    draw_summary(blank_summary(), summary_bands(measures), path, title)


def summary_bands(measures: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Every series' 10%, 50% and 90% quantiles by year (one pass over the yearly rows), and the number of seeds."""
    yearly = measures[measures["term"] == -1]
    bands = yearly.groupby(["measure", "group", "year"])["value"].quantile([0.1, 0.5, 0.9]).unstack()
    return bands, int(measures["seed"].nunique())


def blank_summary():
    """The figure's panels with their titles, grids and tick marks, before any data (see ``BackgroundFigure``).

    Drawn on a figure of its own with the Agg canvas (no pyplot, no GUI backend) on a fixed grid
    (``GRID``: the panels' titles, tick labels and legends fit its margins at this size), so the
    figure is drawn once: a layout engine measures every label in a first, invisible draw, which
    cost more than the drawing itself.
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
        ax.xaxis.get_major_ticks(TICKS_AHEAD)
        ax.yaxis.get_major_ticks(TICKS_AHEAD)
    return fig


def plot_series(fig, bands: tuple[pd.DataFrame, int], title: str, columns: tuple[int, ...] = (0, 1, 2, 3)) -> None:
    """The series, bands and legends of the panels in ``columns`` (of 4), and the figure's title."""
    quantiles, n = bands
    drawn = set(quantiles.index.droplevel("year"))
    for k, (ax, (_, series)) in enumerate(zip(fig.axes, PANELS)):
        if k % COLUMNS not in columns:
            ax.set_visible(False)
            continue
        for measure, group, label in series:
            if (measure, group) not in drawn:
                continue
            scale = 1e-3 if measure.startswith("spent.") else 1.0
            q = quantiles.loc[(measure, group)] * scale
            years = q.index.to_numpy()
            line = ax.plot(years, q[0.5].to_numpy(), label=label, lw=2)[0]
            ax.fill_between(years, q[0.1].to_numpy(), q[0.9].to_numpy(), color=line.get_color(), alpha=0.2, lw=0)
        ax.legend(fontsize=8, loc="best")
    fig.suptitle(
        f"{title} — median of {n} run{'s' if n > 1 else ''}, band 10-90%; academic years starting September",
        fontsize=13,
    )


def draw_summary(fig, bands: tuple[pd.DataFrame, int], path: Path, title: str) -> None:
    """Draw the series into the blank figure and save it (written under a hidden name, then renamed)."""
    plot_series(fig, bands, title)
    write_png(path, _pixels(fig)[..., :3], DPI)


def write_png(path: Path, rgb, dpi: float) -> None:
    """An opaque image as a PNG (no row filters, zlib level ``PNG_LEVEL``), under a hidden name, then renamed.

    Pillow (what ``savefig`` and ``imsave`` call) chooses a filter for every row, and ``imsave`` adds
    an alpha channel first: saving the summary was 0.09-0.11 s of the command's wall time. A plot is
    mostly flat colour, which zlib compresses as well unfiltered: the same size (about 440 kB) in
    0.025 s, against 0.06 s for Pillow at the same level."""
    import struct
    import zlib

    import numpy as np

    height, width, depth = rgb.shape
    assert depth == 3 and rgb.dtype == np.uint8, "write_png takes 8-bit RGB"
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # each row: filter type 0 (none), then its pixels
    rows[:, 1:] = rgb.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    per_metre = round(dpi / 0.0254)
    png = b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),  # 8-bit RGB, not interlaced
            chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            chunk(b"IDAT", zlib.compress(rows.tobytes(), PNG_LEVEL)),
            chunk(b"IEND", b""),
        )
    )
    tmp = path.with_name(f".{path.stem}.tmp.png")
    tmp.write_bytes(png)
    tmp.replace(path)


def _pixels(fig):
    import numpy as np

    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())


def split_column(fig) -> int:
    """The pixel column between the second and third columns of panels: nothing of the left half's
    panels is drawn right of it, nothing of the right half's left of it (the gap holds the third
    column's tick labels, and the figure's title is the same in both halves)."""
    import math

    return math.ceil(fig.axes[1].get_window_extent().x1) + 2


def draw_summary_in_halves(fig, bands: tuple[pd.DataFrame, int], path: Path, title: str) -> None:
    """``draw_summary`` with two processes (this one and a fork), each drawing two columns of panels
    (the image is the same, pixel for pixel: a test checks it). Raises if the other half fails."""
    import numpy as np

    cut = split_column(fig)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the right half: its pixels through the pipe, then exit
        os.close(read)
        code = 1
        try:
            plot_series(fig, bands, title, columns=(2, 3))
            with os.fdopen(write, "wb") as pipe:
                pipe.write(np.ascontiguousarray(_pixels(fig)[:, cut:]).tobytes())
            code = 0
        except BaseException:  # noqa: BLE001 - the reader sees a short image and fails
            pass
        finally:
            os._exit(code)
    os.close(write)
    try:
        plot_series(fig, bands, title, columns=(0, 1))
        image = _pixels(fig).copy()
        with os.fdopen(read, "rb") as pipe:
            right = pipe.read()
    finally:
        _, status = os.waitpid(pid, 0)
    height, width, depth = image.shape
    if os.waitstatus_to_exitcode(status) != 0 or len(right) != height * (width - cut) * depth:
        raise RuntimeError("the right half of the summary figure was not drawn")
    image[:, cut:] = np.frombuffer(right, dtype=np.uint8).reshape(height, width - cut, depth)
    write_png(path, image[..., :3], DPI)  # opaque: no alpha channel to encode


def _can_fork() -> bool:
    """Fork only a single-threaded process (a forked copy of a threaded one may hold their locks), and only on
    Linux (macOS does not support a fork that goes on without exec; Windows has none)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


class BackgroundFigure:
    """The summary figure drawn by a forked process that starts before the model runs.

    ``python -m sim`` starts it first: importing matplotlib and laying out the blank panels (about
    0.6 s) then happen while the model runs, and the series are drawn while the tables are written.
    ``draw`` hands over the measures, ``wait`` returns when the PNG is written. Where a fork is not
    safe (``_can_fork``) or the drawing process fails, the figure is drawn in this process by the
    same code (so a failure is raised here, as it would have been).
    """

    def __init__(self) -> None:
        self.pid: int | None = None
        self.job: tuple | None = None
        if not _can_fork():
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the drawing process: never returns
            os.close(write)
            code = 1
            try:
                fig = blank_summary()
                with os.fdopen(read, "rb") as pipe:
                    job = pickle.load(pipe)
                draw_summary_in_halves(fig, *job)
                code = 0
            except BaseException:  # noqa: BLE001 - the parent draws it again and reports what fails
                pass
            finally:
                os._exit(code)
        os.close(read)
        self.pid, self._pipe = pid, os.fdopen(write, "wb")

    def draw(self, measures: pd.DataFrame, path: Path, title: str) -> None:
        """Hand over the measures (the drawing process starts on the series at once)."""
        self.job = (summary_bands(measures), Path(path), title)
        if self.pid is not None:
            try:
                pickle.dump(self.job, self._pipe)
                self._pipe.close()
            except OSError:  # the drawing process has gone: ``wait`` draws here
                pass

    def wait(self) -> None:
        """Return when the figure is written (drawn here if the drawing process did not write it)."""
        if self.job is None:
            raise RuntimeError("BackgroundFigure.wait before draw")
        if self.pid is not None and self._reap() == 0 and self.job[1].exists():
            return
        draw_summary(blank_summary(), *self.job)

    def close(self) -> None:
        """Stop the drawing process if it is still waiting for measures (a run that failed)."""
        if self.pid is not None:
            self._reap()

    def _reap(self) -> int:
        if not self._pipe.closed:
            self._pipe.close()  # end of input: a process still waiting exits
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return os.waitstatus_to_exitcode(status)

    def __enter__(self) -> BackgroundFigure:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
