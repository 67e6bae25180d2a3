"""Parameter draws: posterior for the fitted parameters, priors for every other assumption, screened."""

import re

import pandas as pd
import pytest

from sim.running import draws as dr
from sim.state.errors import ConfigError
from tests.conftest import make_config


@pytest.fixture
def cfg():
    return make_config("region=lincolnshire")


def test_draw_zero_is_the_point_defaults_and_others_stay_in_range(cfg):
    table = dr.prior_draws(cfg, 5, seed=3)
    assert list(table.draw) == [0, 1, 2, 3, 4]
    ranges = {**dr.load_ranges(cfg), **dr.assumption_ranges(cfg)}
    for key, (lo, hi) in dr.assumption_ranges(cfg).items():
        obj, name, _ = dr.field_of(cfg, key)
        assert table.loc[0, key] == pytest.approx(getattr(obj, name))
        assert table.loc[1:, key].between(lo, hi).all(), key
    assert set(table.columns) - {"draw"} == set(ranges)
    pd.testing.assert_frame_equal(table, dr.prior_draws(cfg, 5, seed=3))
    assert not table.equals(dr.prior_draws(cfg, 5, seed=4))


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
    for table in (dr.prior_draws(cfg, 4, seed=1), dr.sample_draws(cfg, 4, seed=1, assumptions=False)):
        for key, (lo, _) in fitted.items():
            assert (table.loc[1:, key] == lo).all()  # the particle of weight 1, every time
    posterior_only = dr.sample_draws(cfg, 4, seed=1, assumptions=False)
    assert set(posterior_only.columns) - {"draw"} == set(fitted)  # every other assumption at its default
    england = make_config("region=england")
    assert "region.outside_applicants" not in dr.prior_draws(england, 2, seed=1).columns  # not fitted to England


def _plausible_set(cfg, n: int, path):
    """A stand-in plausible set: n distinct prior draws."""
    table = dr.prior_draws(cfg, n + 1, seed=9).iloc[1:].drop(columns="draw")
    table.to_csv(path, index=False)
    return table.reset_index(drop=True)


def test_assumption_draws_are_the_plausible_set_each_once_while_there_are_enough(cfg, tmp_path, monkeypatch):
    path = tmp_path / "plausible.csv"
    kept = _plausible_set(cfg, 5, path)
    monkeypatch.setattr(dr, "PLAUSIBLE", path)
    table = dr.sample_draws(cfg, 6, seed=3)
    assert table.loc[0, "params.moves.seek_rate"] == pytest.approx(cfg.params.moves.seek_rate)  # draw 0: defaults
    rows = {tuple(r) for r in table.loc[1:, kept.columns].round(12).itertuples(index=False)}
    assert rows == {tuple(r) for r in kept.round(12).itertuples(index=False)}  # all five, once each
    longer = dr.sample_draws(cfg, 12, seed=3)  # 11 draws from 5: every row twice, one a third time
    uses = longer.loc[1:, kept.columns].round(12).value_counts()
    assert len(uses) == 5 and sorted(uses) == [2, 2, 2, 2, 3]
    pd.testing.assert_frame_equal(table, dr.sample_draws(cfg, 6, seed=3))
    england = dr.sample_draws(make_config("region=england"), 3, seed=3)  # screened on the county: no region keys
    assert not [c for c in england.columns if c.startswith("region.")]
    assert "params.moves.seek_rate" in england.columns


def test_a_missing_or_stale_plausible_set_is_refused(cfg, tmp_path, monkeypatch):
    monkeypatch.setattr(dr, "PLAUSIBLE", tmp_path / "none.csv")
    with pytest.raises(ConfigError, match="history_match --publish"):
        dr.sample_draws(cfg, 3, seed=1)
    path = tmp_path / "plausible.csv"
    kept = _plausible_set(cfg, 3, path)
    kept.drop(columns="params.moves.seek_rate").assign(**{"params.moves.teleport": 1.0}).to_csv(path, index=False)
    monkeypatch.setattr(dr, "PLAUSIBLE", path)
    with pytest.raises(ConfigError, match=r"missing \['params.moves.seek_rate'\].*teleport.*history_match"):
        dr.sample_draws(cfg, 3, seed=1)


def test_the_published_plausible_set_covers_todays_parameters(cfg):
    """Adding, removing or re-ranging an assumption needs the history match rerun (and published)."""
    import yaml

    from experiments.history_match import posterior_hash

    table = dr.plausible(cfg)
    assert yaml.safe_load(dr.PLAUSIBLE_META.read_text())["posterior_sha"] == posterior_hash()  # today's posterior
    ranges = {**dr.load_ranges(cfg), **dr.assumption_ranges(cfg)}
    for key, (lo, hi) in ranges.items():
        assert table[key].between(lo - 1e-9, hi + 1e-9).all(), key


def test_every_uncertain_key_is_drawn_over_its_own_declared_prior(cfg):
    fitted = dr.load_ranges(cfg)
    ranges = dr.assumption_ranges(cfg)
    for key, meta, _ in dr.uncertain_fields(cfg):
        if key in fitted:
            assert key not in ranges, key  # from the posterior
        elif meta["sampled"].startswith("yes"):
            assert ranges[key] == pytest.approx(tuple(meta["prior"])), key
        else:
            assert key not in ranges and meta["sampled"].startswith("no: "), key
    assert "scenario.digital_contact.travel_factor" in ranges and "region.town_roll" in ranges
    assert "scenario.startup_funding.amount_per_school" not in ranges  # a policy's own choice
    assert not [k for k in dr.assumption_ranges(make_config("region=england")) if k.startswith("region.")]


def test_a_lever_response_reaches_every_scenario_with_that_lever():
    plain = make_config("region=small", "scenario=no_programme")
    push = make_config("region=small", "scenario=federation_push")  # sets its own, stronger proposal_factor
    key = "scenario.federation_incentive.proposal_factor"
    default = plain.scenario.federation_incentive.proposal_factor
    own = push.scenario.federation_incentive.proposal_factor
    assert own != default
    assert dr.with_values(plain, {key: 2.6}).scenario.federation_incentive.proposal_factor == pytest.approx(2.6)
    assert dr.with_values(push, {key: 2.6}).scenario.federation_incentive.proposal_factor == pytest.approx(
        own * 2.6 / default
    )  # a stronger push stays stronger by the same ratio
    assert dr.prior_draws(push, 1, seed=1).loc[0, key] == pytest.approx(default)  # draw 0: the lever's default


def _stub_fields(monkeypatch, cfg, meta):
    fake = {"basis": "assumption", "lo": 0, "hi": 1, "sampled": "yes: uniform over the declared prior", **meta}
    real = dr.uncertain_fields(cfg)
    monkeypatch.setattr(dr, "uncertain_fields", lambda c: [*real, ("params.moves.test_rate", fake, 0.1)])


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({"prior": None}, r"^params\.moves\.test_rate \(assumption\) has no prior range"),
        ({"prior": (0.05, 1.5)}, r"^params\.moves\.test_rate has prior \[0\.05, 1\.5\] outside its allowed domain"),
    ],
)
def test_a_key_without_a_usable_prior_stops_the_draws_in_one_line(cfg, monkeypatch, meta, message):
    _stub_fields(monkeypatch, cfg, meta)
    with pytest.raises(ConfigError, match=message) as err:
        dr.prior_draws(cfg, 2, seed=1)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("key", ["scenario.digital_contact.travel_factor", "region.town_roll", "params.moves.age_mid"])
def test_a_draws_file_missing_a_sampled_key_is_refused_in_one_line_naming_it(cfg, tmp_path, monkeypatch, key):
    path = tmp_path / "plausible.csv"
    _plausible_set(cfg, 3, path).drop(columns=key).to_csv(path, index=False)
    with pytest.raises(ConfigError, match=rf"missing \['{re.escape(key)}'\].*history_match --publish") as err:
        dr.plausible(cfg, path)
    assert "\n" not in str(err.value)
    holed = _plausible_set(cfg, 3, path)
    holed.loc[1, key] = float("nan")
    holed.to_csv(path, index=False)
    with pytest.raises(ConfigError, match=rf"no value of {re.escape(key)}"):
        dr.plausible(cfg, path)


def test_the_comparison_stops_on_a_stale_draws_file_before_any_run(tmp_path, monkeypatch):
    from experiments.compare import run_comparison
    from sim.running.comparison import CompareConfig

    c = CompareConfig(
        scenarios=["no_programme"],
        baseline="no_programme",
        risk_scenario="no_programme",
        draws=2,
        counties=1,
        region="small",
    )
    small = make_config("region=small", "scenario=no_programme")
    path = tmp_path / "plausible.csv"
    _plausible_set(small, 2, path).drop(columns="params.moves.age_mid").to_csv(path, index=False)
    monkeypatch.setattr(dr, "PLAUSIBLE", path)
    with pytest.raises(ConfigError, match=r"missing \['params\.moves\.age_mid'\]"):
        run_comparison(c, tmp_path / "out", progress=False)
    assert not (tmp_path / "out" / "measures").exists()  # nothing ran


def test_bad_draw_requests_are_refused(cfg):
    with pytest.raises(ConfigError, match="draws=0"):
        dr.sample_draws(cfg, 0, seed=1)
    with pytest.raises(ConfigError, match="no such parameter"):
        dr.with_values(cfg, {"params.moves.teleport": 1.0})
    assert dr.with_values(cfg, {"params.governors.term_years": 3.6}).params.governors.term_years == 4
