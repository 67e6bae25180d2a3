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


def test_figure_in_halves_is_the_figure_drawn_at_once(measures, reference, tmp_path):
    path = tmp_path / "halves.png"
    plots.draw_summary_in_halves(plots.blank_summary(), plots.summary_bands(measures), path, "test")
    assert reference.shape == (1210, 1980, 3)
    assert np.array_equal(pixels(path), reference)
    assert not list(tmp_path.glob(".*"))  # the hidden file was renamed


@pytest.mark.parametrize("fork", [True, False])
def test_background_figure_is_the_figure_drawn_here(measures, reference, tmp_path, monkeypatch, fork):
    monkeypatch.setattr(plots, "_can_fork", lambda: fork)
    path = tmp_path / "summary.png"
    with plots.BackgroundFigure() as figure:
        assert (figure.pid is not None) == fork
        figure.draw(measures, path, "test")
        figure.wait()
    assert np.array_equal(pixels(path), reference)


def test_a_failed_drawing_process_is_reported_here(measures, tmp_path, monkeypatch):
    """The drawing process cannot write into a missing folder; the figure is drawn here, which raises."""
    monkeypatch.setattr(plots, "_can_fork", lambda: True)
    with plots.BackgroundFigure() as figure:
        figure.draw(measures, tmp_path / "missing" / "summary.png", "test")
        with pytest.raises(FileNotFoundError):
            figure.wait()


def test_a_run_that_fails_stops_the_drawing_process(monkeypatch):
    monkeypatch.setattr(plots, "_can_fork", lambda: True)
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
