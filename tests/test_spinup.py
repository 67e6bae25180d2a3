"""The spin-up's rules: the opening's replayed ad hoc formation, the burn-in's ledger and the federation top-up."""

from __future__ import annotations

import pytest

from sim.mechanisms import federation, partnerships
from sim.mechanisms.spinup import Ledger
from sim.model import SchoolSystem
from tests.conftest import make_config


def _unspun(*overrides: str) -> SchoolSystem:
    """The small county's starting guess, before any spin-up (no opening, no burn-in)."""
    cfg = make_config("params.spinup.years=0", "params.spinup.opening_years=0", *overrides)
    return SchoolSystem(region=cfg.region, params=cfg.params, scenario=cfg.scenario, seed=3, configure=False)


def _soft(model: SchoolSystem) -> int:
    return sum(1 for p in model.partnerships_by_key() if not p.form.is_hard)


def test_a_longer_opening_forms_more_partnerships_and_keeps_the_clock():
    counts = []
    for years in (0, 2, 10):
        model = _unspun()
        start = model.term
        partnerships.open_ad_hoc(model, years)
        assert model.term == start  # dated in the years before the burn-in, then the clock is put back
        counts.append(_soft(model))
    assert counts[0] < counts[1] < counts[2]


def test_the_opening_forms_no_partnerships_when_heads_never_link_up():
    model = _unspun("params.partnerships.adhoc_per_year=0")
    before = _soft(model)
    partnerships.open_ad_hoc(model, 10)
    assert _soft(model) == before


def test_the_ledger_balances_formations_against_separations():
    ledger = Ledger(formed=[9, 2, 2], ended=[0, 1, 1], federations=[0, 10, 10])
    # over the last two years: 2 formed a year, 2 separations in 20 federation-years (0.1 a year) -> 20
    assert ledger.stationary_federations(2) == pytest.approx(20.0)
    assert Ledger(formed=[1, 1], ended=[0, 0], federations=[1, 2]).stationary_federations(2) is None
    assert Ledger().stationary_federations(5) is None


def _hard(model: SchoolSystem) -> int:
    return sum(1 for p in model.partnerships_by_key() if p.form.is_hard)


def test_top_up_federates_towards_its_target_and_never_beyond():
    model = _unspun("params.governors.consent_federation_base=1.0")
    partnerships.open_ad_hoc(model, 10)
    before = _hard(model)
    assert federation.top_up(model, None) == 0
    assert federation.top_up(model, before - 1) == 0
    made = federation.top_up(model, before + 3)
    assert 0 < made <= 3
    assert _hard(model) == before + made


@pytest.mark.slow
def test_the_county_starts_with_more_federations_after_a_top_up():
    """Federations outlast a short burn-in: without the top-up the county starts with fewer of them."""

    def federations_at_start(top_up_year: int) -> list[int]:
        counts = []
        for seed in (1, 2, 3):
            cfg = make_config("region=lincolnshire", f"params.spinup.top_up_year={top_up_year}")
            m = SchoolSystem(region=cfg.region, params=cfg.params, scenario=cfg.scenario, seed=seed, configure=False)
            counts.append(_hard(m))
        return counts

    without, with_top_up = federations_at_start(0), federations_at_start(10)
    assert sum(with_top_up) > sum(without)
