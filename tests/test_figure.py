"""The summary figure: every panel with its title, series and bands, saved as an opaque PNG at its dpi."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from sim.analysis import plots
from sim.running.run import run_model
from tests.conftest import make_config

YEARS = (2012, 2015)  # make_config's start year, four years


@pytest.fixture(scope="module")
def measures():
    frames = [run_model(make_config("run.horizon_years=4"), seed, run=i).measures for i, seed in enumerate((1, 2))]
    return pd.concat(frames, ignore_index=True)


@pytest.mark.slow
def test_the_figure_is_an_rgb_png_at_its_dpi(measures, tmp_path):
    path = tmp_path / "summary.png"
    plots.summary_figure(measures, path, "test")
    with Image.open(path) as image:
        assert image.format == "PNG" and image.mode == "RGB"
        assert image.size == (18 * plots.DPI, 11 * plots.DPI)
        assert [round(d) for d in image.info["dpi"]] == [plots.DPI, plots.DPI]
        pixels = np.asarray(image)
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50  # drawn: not a blank page
    assert [p.name for p in tmp_path.iterdir()] == ["summary.png"]


def test_every_panel_has_its_title_series_and_legend(measures):
    fig = plots.blank_summary()
    bands = plots.summary_bands(measures)
    plots.plot_series(fig, bands, "test")
    assert [ax.get_title() for ax in fig.axes] == [title for title, _ in plots.PANELS]
    for ax, (title, panel) in zip(fig.axes, plots.PANELS):
        drawn = [(m, g) for m, g, _ in panel if (m, g) in bands[0]]
        assert drawn, title
        assert len(ax.lines) == len(drawn) and len(ax.collections) == len(drawn), title  # a median and a band each
        assert [t.get_text() for t in ax.get_legend().get_texts()] == [lab for m, g, lab in panel if (m, g) in drawn]
        low, high = ax.get_xlim()
        assert low < YEARS[0] and high > YEARS[1], title
    assert fig.texts[0].get_text().startswith("test — median of 2 runs, band 10-90%")


def test_the_bands_are_the_seeds_quantiles(measures):
    series, n = plots.summary_bands(measures)
    assert n == 2
    years, low, median, high = series[("vacancies", "all")]
    rows = measures[(measures.term == -1) & (measures.measure == "vacancies") & (measures.group == "all")]
    by_year = rows.groupby("year").value
    assert list(years) == list(range(YEARS[0], YEARS[1] + 1))
    assert np.allclose(median, by_year.median()) and np.allclose(low, by_year.quantile(0.1))
    assert np.allclose(high, by_year.quantile(0.9)) and (low <= median).all() and (median <= high).all()
