"""The summary figure: headline measures over the years, median across seeds with a 10-90% band."""

from __future__ import annotations

import os
import pickle
import sys
import threading
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
TICKS_AHEAD = 8  # tick marks made per axis before the data arrive (the draw reuses them; it makes more if needed)
PNG_LEVEL = 1  # zlib's fastest level: a third larger file than its default, written in a fraction of the time


def summary_figure(measures: pd.DataFrame, path: Path, title: str) -> None:
    """Small multiples of the headline measures (yearly rows), drawn in this process."""
    bands = summary_bands(measures)
    draw_summary(blank_summary(years_of(bands)), bands, path, title)


Bands = tuple[dict[tuple[str, str], "np.ndarray"], int]  # each series' years and quantiles, and the number of seeds


def summary_bands(measures: pd.DataFrame) -> Bands:
    """Every drawn series' 10%, 50% and 90% quantiles by year (one pass over the yearly rows), and the
    number of seeds. Each series is an array of four rows (years, 10%, 50%, 90%): plain numbers, which
    a drawing process unpickles without importing pandas."""
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


def years_of(bands: Bands) -> tuple[int, int] | None:
    """The first and last year of the series."""
    years = [year for series in bands[0].values() for year in (series[0, 0], series[0, -1]) if series.shape[1]]
    return (int(min(years)), int(max(years))) if years else None


def blank_summary(years: tuple[int, int] | None = None):
    """The figure's panels with their titles, grids and tick marks, before any data (see ``BackgroundFigure``).

    Drawn on a figure of its own with the Agg canvas (no pyplot, no GUI backend) on a fixed grid
    (``GRID``: the panels' titles, tick labels and legends fit its margins at this size), so the
    figure is drawn once: a layout engine measures every label in a first, invisible draw, which
    cost more than the drawing itself. Given the ``years`` (first, last), every panel spans them
    with matplotlib's own margin (what it would choose from the series), so that the years' axes can
    be drawn before the series (``draw_backdrop``).
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
        if years is not None and years[1] > years[0]:
            margin = ax.margins()[0] * (years[1] - years[0])  # matplotlib's own margin (``axes.xmargin``)
            ax.set_xlim(years[0] - margin, years[1] + margin)
    return fig


def draw_backdrop(fig) -> None:
    """Draw what the series do not change and keep it: the panels, their titles and their axes of
    years (the ``years`` of ``blank_summary``). ``_pixels`` then draws the rest over it, in the order
    a whole draw would (bands, the years' grid lines, the values' axis, lines, frames, legends): the
    same image, pixel for pixel (a test checks it), for a third less drawing once the measures arrive."""
    if any(ax.get_autoscalex_on() for ax in fig.axes):
        return  # no fixed years: the axes of years depend on the series
    later = [ax.yaxis for ax in fig.axes] + [spine for ax in fig.axes for spine in ax.spines.values()]
    later += [tick.gridline for ax in fig.axes for tick in ax.xaxis.get_major_ticks()]
    for artist in later:
        artist.set_visible(False)
    fig.canvas.draw()
    fig.summary_backdrop = fig.canvas.copy_from_bbox(fig.bbox)
    for artist in later:
        artist.set_visible(True)


def plot_series(fig, bands: Bands, title: str, columns: tuple[int, ...] = (0, 1, 2, 3)) -> None:
    """The series, bands and legends of the panels in ``columns`` (of 4), and the figure's title."""
    series, n = bands
    for k, (ax, (_, panel)) in enumerate(zip(fig.axes, PANELS)):
        if k % COLUMNS not in columns:
            ax.set_visible(False)
            continue
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


def draw_summary(fig, bands: Bands, path: Path, title: str) -> None:
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
    """The figure's pixels: drawn whole, or over its backdrop (``draw_backdrop``)."""
    import numpy as np

    backdrop = getattr(fig, "summary_backdrop", None)
    if backdrop is None or any(ax.patches or ax.texts or ax.images for ax in fig.axes):  # only bands and lines
        fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba())
    canvas = fig.canvas
    canvas.restore_region(backdrop)
    renderer = canvas.get_renderer()
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        lo, hi = sorted(ax.get_xlim())  # (reading the limits applies what the series changed, as a whole draw does)
        for band in ax.collections:
            ax.draw_artist(band)
        for tick in ax.xaxis.get_major_ticks():
            if lo <= tick.get_loc() <= hi:
                tick.gridline.draw(renderer)
        ax.draw_artist(ax.yaxis)
        for line in ax.lines:
            ax.draw_artist(line)
        for spine in ax.spines.values():
            ax.draw_artist(spine)
        if ax.legend_ is not None:
            ax.draw_artist(ax.legend_)
    for text in fig.texts:  # the figure's title
        fig.draw_artist(text)
    return np.asarray(canvas.buffer_rgba())


def split_column(fig) -> int:
    """The pixel column between the second and third columns of panels: nothing of the left half's
    panels is drawn right of it, nothing of the right half's left of it (the gap holds the third
    column's tick labels, and the figure's title is the same in both halves)."""
    import math

    return math.ceil(fig.axes[1].get_window_extent().x1) + 2


def draw_summary_in_halves(fig, bands: Bands, path: Path, title: str) -> None:
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


def can_fork() -> bool:
    """Fork only a single-threaded process (a forked copy of a threaded one may hold their locks), and only on
    Linux (macOS does not support a fork that goes on without exec; Windows has none)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def job_pipe() -> tuple[int, int]:
    """A pipe for a drawing process's job, made large enough (where Linux allows: 1 MB) that handing over
    a run's series (90 kB for twenty years) does not wait for the drawing process to read them."""
    read, write = os.pipe()
    try:
        import fcntl

        fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):  # not Linux, or a lower limit: writing may wait
        pass
    return read, write


def drawing_process(jobs: int, years: tuple[int, int] | None) -> None:
    """Be the drawing process of a ``BackgroundFigure``: lay out the blank panels and their backdrop for
    the run's ``years``, then draw the figure ``BackgroundFigure.draw`` sends through the pipe ``jobs``
    (a file descriptor), in halves. Exits the process (status 0 once the PNG is written)."""
    code = 1
    try:
        fig = blank_summary(years)
        draw_backdrop(fig)
        with os.fdopen(jobs, "rb") as pipe:
            job = pickle.load(pipe)
        if years_of(job[0]) != years:  # the series span other years: drawn whole
            fig = blank_summary(years_of(job[0]))
        draw_summary_in_halves(fig, *job)
        code = 0
    except BaseException:  # noqa: BLE001 - the parent draws it again and reports what fails
        pass
    finally:
        os._exit(code)


class BackgroundFigure:
    """The summary figure drawn by a process that starts before the model runs (``drawing_process``).

    Importing matplotlib, laying out the blank panels and, given the run's ``years`` (first, last),
    drawing what the series do not change (``draw_backdrop``: about 0.8 s in all) then happen while
    the model runs, and the series are drawn while the tables are written. ``python -m sim`` has that
    process started earlier still, before its imports (``sim.running.ahead``), and hands it over as
    ``process`` (its id and the write end of its pipe); otherwise it is forked here. ``draw`` hands
    over the measures, ``wait`` returns when the PNG is written. Where a fork is not safe
    (``can_fork``) or the drawing process fails, the figure is drawn in this process by the same
    code (so a failure is raised here, as it would have been).
    """

    def __init__(self, years: tuple[int, int] | None = None, process: tuple[int, int] | None = None) -> None:
        self.pid: int | None = None
        self.job: tuple | None = None
        if process is not None:
            pid, write = process
        elif can_fork():
            read, write = job_pipe()
            pid = os.fork()
            if pid == 0:
                os.close(write)
                drawing_process(read, years)  # never returns
            os.close(read)
        else:
            return
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
        draw_summary(blank_summary(years_of(self.job[0])), *self.job)

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
