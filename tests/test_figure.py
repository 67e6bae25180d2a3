"""The summary figure: drawn in the background and in two halves, it is the figure drawn here, pixel for pixel."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PIL import Image

from sim.analysis import plots
from sim.running.run import run_model
from tests.conftest import make_config


@pytest.fixture(scope="module")
def measures():
    frames = [run_model(make_config("run.horizon_years=4"), seed, run=i).measures for i, seed in enumerate((1, 2))]
    import pandas as pd

    return pd.concat(frames, ignore_index=True)


def pixels(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"))


@pytest.fixture(scope="module")
def reference(measures, tmp_path_factory):
    path = tmp_path_factory.mktemp("figure") / "here.png"
    plots.summary_figure(measures, path, "test")
    return pixels(path)


YEARS = (2012, 2015)  # make_config's start year, four years


def test_the_years_span_the_series_as_matplotlib_would_choose(measures, tmp_path):
    bands = plots.summary_bands(measures)
    assert plots.years_of(bands) == YEARS
    fixed, chosen = plots.blank_summary(YEARS), plots.blank_summary()
    for fig in (fixed, chosen):
        plots.plot_series(fig, bands, "test")
    assert [ax.get_xlim() for ax in fixed.axes] == [ax.get_xlim() for ax in chosen.axes]
    assert np.array_equal(plots._pixels(fixed), plots._pixels(chosen))


@pytest.mark.parametrize("backdrop", [True, False])
def test_figure_in_halves_is_the_figure_drawn_at_once(measures, reference, tmp_path, backdrop):
    path = tmp_path / "halves.png"
    fig = plots.blank_summary(YEARS)
    if backdrop:
        plots.draw_backdrop(fig)
        assert fig.summary_backdrop is not None
    plots.draw_summary_in_halves(fig, plots.summary_bands(measures), path, "test")
    assert reference.shape == (1210, 1980, 3)
    assert np.array_equal(pixels(path), reference)
    assert not list(tmp_path.glob(".*"))  # the hidden file was renamed


def test_the_figure_over_its_backdrop_is_the_figure_drawn_whole(measures, reference, tmp_path):
    fig = plots.blank_summary(YEARS)
    plots.draw_backdrop(fig)
    plots.draw_summary(fig, plots.summary_bands(measures), tmp_path / "over.png", "test")
    assert np.array_equal(pixels(tmp_path / "over.png"), reference)


def test_no_backdrop_without_fixed_years():
    fig = plots.blank_summary()
    plots.draw_backdrop(fig)
    assert getattr(fig, "summary_backdrop", None) is None


@pytest.mark.parametrize("fork", [True, False])
@pytest.mark.parametrize("years", [YEARS, (2012, 2031), None])  # the run's years, others, none
def test_background_figure_is_the_figure_drawn_here(measures, reference, tmp_path, monkeypatch, fork, years):
    monkeypatch.setattr(plots, "can_fork", lambda: fork)
    path = tmp_path / "summary.png"
    with plots.BackgroundFigure(years) as figure:
        assert (figure.pid is not None) == fork
        figure.draw(measures, path, "test")
        figure.wait()
    assert np.array_equal(pixels(path), reference)


def test_a_failed_drawing_process_is_reported_here(measures, tmp_path, monkeypatch):
    """The drawing process cannot write into a missing folder; the figure is drawn here, which raises."""
    monkeypatch.setattr(plots, "can_fork", lambda: True)
    with plots.BackgroundFigure() as figure:
        figure.draw(measures, tmp_path / "missing" / "summary.png", "test")
        with pytest.raises(FileNotFoundError):
            figure.wait()


def test_a_run_that_fails_stops_the_drawing_process(monkeypatch):
    monkeypatch.setattr(plots, "can_fork", lambda: True)
    with pytest.raises(RuntimeError, match="the run failed"):
        with plots.BackgroundFigure() as figure:
            pid = figure.pid
            raise RuntimeError("the run failed")
    with pytest.raises(ChildProcessError):  # reaped: no process left behind
        os.waitpid(pid, 0)


def test_the_png_writer_keeps_every_pixel_and_the_resolution(tmp_path):
    rgb = np.random.default_rng(3).integers(0, 256, size=(7, 5, 3), dtype=np.uint8)
    path = tmp_path / "image.png"
    plots.write_png(path, rgb, 110)
    with Image.open(path) as image:
        assert image.mode == "RGB" and image.size == (5, 7)
        assert np.array_equal(np.asarray(image), rgb)
        assert [round(d) for d in image.info["dpi"]] == [110, 110]
    assert [p.name for p in tmp_path.iterdir()] == ["image.png"]
