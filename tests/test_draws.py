"""Parameter draws: posterior for the fitted parameters, priors for every other assumption."""

import pandas as pd
import pytest

from sim.running import draws as dr
from sim.state.errors import ConfigError
from tests.conftest import make_config


@pytest.fixture
def cfg():
    return make_config("region=lincolnshire")


def test_draw_zero_is_the_point_defaults_and_others_stay_in_range(cfg):
    table = dr.sample_draws(cfg, 5, seed=3)
    assert list(table.draw) == [0, 1, 2, 3, 4]
    ranges = {**dr.load_ranges(cfg), **dr.assumption_ranges(cfg)}
    for key, (lo, hi) in dr.assumption_ranges(cfg).items():
        obj, name, _ = dr.field_of(cfg, key)
        assert table.loc[0, key] == pytest.approx(getattr(obj, name))
        assert table.loc[1:, key].between(lo, hi).all(), key
    assert set(table.columns) - {"draw"} == set(ranges)
    pd.testing.assert_frame_equal(table, dr.sample_draws(cfg, 5, seed=3))
    assert not table.equals(dr.sample_draws(cfg, 5, seed=4))


def test_documented_figures_are_not_varied(cfg):
    keys = set(dr.assumption_ranges(cfg))
    assert "params.retirement.mean_age" not in keys  # 'assuming a retirement age of 60' (000)
    assert "params.recruitment.va_factor" not in keys  # 2.3 against 4.0 (000, Figure 3)
    assert "region.seed" not in keys and "params.spinup.years" not in keys


def test_fitted_parameters_come_jointly_from_the_posterior(cfg, tmp_path, monkeypatch):
    fitted = dr.load_ranges(cfg)
    rows = [
        {"weight": 1.0, **{k: lo for k, (lo, _) in fitted.items()}},
        {"weight": 0.0, **{k: hi for k, (_, hi) in fitted.items()}},
    ]
    path = tmp_path / "posterior.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    monkeypatch.setattr(dr, "POSTERIOR", path)
    table = dr.sample_draws(cfg, 4, seed=1)
    for key, (lo, _) in fitted.items():
        assert (table.loc[1:, key] == lo).all()  # the particle of weight 1, every time
    england = make_config("region=england")
    assert "region.outside_applicants" not in dr.sample_draws(england, 2, seed=1).columns  # not fitted to England


def test_bad_draw_requests_are_refused(cfg):
    with pytest.raises(ConfigError, match="draws=0"):
        dr.sample_draws(cfg, 0, seed=1)
    with pytest.raises(ConfigError, match="no such parameter"):
        dr.with_values(cfg, {"params.moves.teleport": 1.0})
    assert dr.with_values(cfg, {"params.governors.term_years": 3.6}).params.governors.term_years == 4
