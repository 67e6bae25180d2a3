"""The built regions match the initial-state figures they are built from (and no targets)."""

from pathlib import Path

import numpy as np
import yaml

from sim.running.run import build_model
from sim.state.region_schools import draw_rolls
from tests.conftest import make_config

DATA = Path(__file__).resolve().parent.parent / "sim" / "data" / "region_figures.yaml"


def test_region_figures_are_calibration_facts_with_quotes():
    facts = yaml.safe_load(DATA.read_text())["facts"]
    assert facts and all(f["use"] == "calibration" and f["quote"] and f["source_file"] for f in facts)


def test_lincolnshire_initial_state_matches_documents():
    """The schools are built from the documents' figures; the people at the start come from the spin-up."""
    cfg = make_config("region=lincolnshire", "run.horizon_years=2")
    model = build_model(cfg, 11)
    rolls = np.array([s.roll for s in model.schools])
    assert len(rolls) == 276
    assert (rolls <= 110).sum() == 99
    assert (rolls <= 100).sum() == 88
    assert (rolls < 180).mean() > 0.5
    assert (rolls < 90).mean() > 0.25
    # 60 academies are built; a federation led by an academy may become a trust during the spin-up (partners convert)
    assert 60 <= sum(s.academy for s in model.schools) <= 66
    church = sum(s.is_church for s in model.schools)
    assert abs(church - (276 - church)) < 0.2 * 276
    ages = np.array([s.head.age for s in model.schools if s.head is not None])
    due = sum(1 for s in model.schools if s.head is not None and s.head.retirement_age <= s.head.age + 6)
    assert 30 <= due <= 70, due  # "49 primary headteachers are due to retire between now and 2018"
    assert 40 < ages.mean() < 52
    led = sum(1 for s in model.schools if s.head is not None)
    in_gap = sum(1 for s in model.schools if s.head is None)
    assert led + in_gap == 276 and in_gap < 0.15 * 276  # heads in post + schools in a gap = schools
    for s in model.schools:  # a school without a head is recruiting, covered, or its federation is recruiting
        if s.head is None:
            fed = s.federation
            assert s.vacancy is not None or s.cover_head is not None or any(o.vacancy for o in fed.members)


def test_england_rolls_match_national_figures():
    cfg = make_config("region=england")
    rolls = draw_rolls(cfg.region, np.random.default_rng(1))
    assert len(rolls) == 16_700
    assert (rolls < 75).sum() == 1_400
    assert 0.22 < (rolls < 150).mean() < 0.25  # "nearly a quarter"


def test_register_loader_reads_gias_layout_and_filters():
    from sim.state.register import load_register

    cfg = make_config("region=register_example", "run.horizon_years=2")
    table = load_register(cfg.region)
    assert len(table) == 40  # the secondary, the closed school and the other authority's school are dropped
    assert set(table.religion) <= {"community", "VC", "VA"}
    assert (table.minutes_to_town[table.town] == 0).all()
    model = build_model(cfg, 1)
    assert sorted(s.urn for s in model.schools)[0] == 900001
    while model.running:
        model.step()


def test_register_errors_name_the_problem(tmp_path):
    import pytest

    from sim.state.errors import ConfigError
    from sim.state.register import load_register

    cfg = make_config("region=register_example")
    bad = tmp_path / "bad.csv"
    bad.write_text("URN,EstablishmentName\n1,A\n")
    cfg.region.register = str(bad)
    with pytest.raises(ConfigError, match="lacks column"):
        load_register(cfg.region)
    cfg.region.register = str(tmp_path / "missing.csv")
    with pytest.raises(ConfigError, match="no such file"):
        load_register(cfg.region)
