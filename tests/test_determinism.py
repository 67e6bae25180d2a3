"""Same config and seed give identical outputs, in this process or another; streams are separate."""

import hashlib
import subprocess
import sys

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from sim.running.run import _SPUN_UP, run_model
from sim.state.streams import Draws, key, keys_for
from tests.conftest import make_config


def test_same_seed_identical_frames_different_seed_differs():
    cfg = make_config()
    a, b, c = run_model(cfg, 7), run_model(cfg, 7), run_model(cfg, 8)
    pdt.assert_frame_equal(a.measures, b.measures)
    pdt.assert_frame_equal(a.events, b.events)
    assert not a.measures["value"].equals(c.measures["value"])


def test_a_kept_spin_up_gives_the_run_a_fresh_one_gives():
    cfg = make_config()
    _SPUN_UP.clear()
    fresh = run_model(cfg, 11, reuse=False)
    assert not _SPUN_UP, "a run that is not reused keeps no spin-up"
    kept, again = run_model(cfg, 11), run_model(cfg, 11)
    for other in (kept, again):
        pdt.assert_frame_equal(fresh.measures, other.measures)
        pdt.assert_frame_equal(fresh.events, other.events)


@pytest.mark.slow
def test_identical_parquet_across_processes(tmp_path):
    paths = []
    for i in range(2):
        out = tmp_path / f"r{i}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sim",
                "region=small",
                "run.n_seeds=1",
                "run.horizon_years=4",
                "run.figure=false",
                f"hydra.run.dir={out}",
            ],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )
        paths.append(out)
    digest = [hashlib.sha256(pd.read_parquet(p / "results.parquet").to_csv().encode()).hexdigest() for p in paths]
    assert digest[0] == digest[1]
    ev = [pd.read_parquet(p / "events.parquet") for p in paths]
    pdt.assert_frame_equal(ev[0], ev[1])


def test_draws_belong_to_the_agent_and_decision_not_the_order():
    d = Draws("run", 1, 5)
    keys = np.array([key("school", u) for u in range(100001, 100011)], dtype=np.uint64)
    a = d.uniform("leave", 3, keys)
    assert np.array_equal(a, Draws("run", 1, 5).uniform("leave", 3, keys))  # same root: same numbers
    assert [d.u("leave", 3, int(k)) for k in keys] == list(a)  # the scalar path gives the same numbers
    more = np.concatenate([keys[:4], np.array([key("school", 999)], dtype=np.uint64), keys[4:]])
    assert np.array_equal(np.delete(d.uniform("leave", 3, more), 4), a)  # one more agent changes nobody else's draw
    assert np.array_equal(d.uniform("leave", 3, keys[::-1]), a[::-1])  # nor does the order of the agents
    assert not np.array_equal(d.uniform("seek", 3, keys), a)  # decisions have their own numbers
    assert not np.array_equal(d.uniform("leave", 4, keys), a)  # and terms
    assert not np.array_equal(Draws("run", 1, 6).uniform("leave", 3, keys), a)  # and runs
    u = Draws("run", 2, 2).uniform("x", 0, np.arange(200_000, dtype=np.uint64))
    assert abs(u.mean() - 0.5) < 0.005 and u.min() >= 0 and u.max() < 1


def test_lever_starting_later_leaves_earlier_years_identical():
    base = make_config("run.horizon_years=8")
    later = make_config(
        "run.horizon_years=8",
        "scenario.premium.enabled=true",
        "scenario.premium.start_year=2016",
        "scenario.dedicated_leadership.enabled=true",
        "scenario.dedicated_leadership.start_year=2016",
    )
    a, b = run_model(base, 3).measures, run_model(later, 3).measures
    early = [2012, 2013, 2014, 2015]
    pdt.assert_frame_equal(a[a.year.isin(early)].reset_index(drop=True), b[b.year.isin(early)].reset_index(drop=True))
    assert (
        not a[a.year >= 2016]["value"].reset_index(drop=True).equals(b[b.year >= 2016]["value"].reset_index(drop=True))
    )


def test_event_table_has_one_type_per_column_with_or_without_events():
    from sim.running.run import EVENT_COLUMNS, EVENT_TEXT, events_frame

    logged = [
        {"term": 0, "year": 2012, "date": "2012-09", "event": "advert", "school": 7, "applicants": 2},
        {"term": 1, "year": 2012, "date": "2013-01", "event": "vacancy_opened", "reason": "retired", "head": 3},
    ]
    full, empty = events_frame(logged, 1, "no_programme", 5), events_frame([], 1, "no_programme", 5)
    assert list(full.columns) == list(empty.columns) == EVENT_COLUMNS
    for c in EVENT_COLUMNS:
        if c in EVENT_TEXT:
            assert full[c].dtype == "string" and empty[c].dtype == "string", c
        elif c in ("run", "seed", "term", "year"):
            assert full[c].dtype == "int64", c
        else:
            assert full[c].dtype == "float64" and empty[c].dtype == "float64", c
    assert full["applicants"].tolist()[0] == 2 and pd.isna(full["applicants"].tolist()[1])
    assert full["reason"].tolist()[1] == "retired" and full["seed"].tolist() == [5, 5]


def test_keys_for_arrays_are_the_keys_of_each_row():
    urn, term, k = np.array([101, 202, 303]), np.array([-240, 0, 17]), np.array([0, 3, 11])
    assert keys_for("governor", urn, term, k).tolist() == [
        key("governor", int(a), int(b), int(c)) for a, b, c in zip(urn, term, k)
    ]
    assert keys_for("aspiring", urn, -3, k).tolist() == [key("aspiring", int(a), -3, int(c)) for a, c in zip(urn, k)]


def test_new_heads_drawn_together_are_the_heads_drawn_one_by_one():
    """A year's aspiring heads are made in one batch (``new_heads``); each has the traits ``new_head`` gives it."""
    from sim.mechanisms.population import new_head, new_heads
    from sim.running.run import build_model

    model = build_model(make_config("params.spinup.years=1"), 3, reuse=False)
    keys = keys_for("aspiring", np.array([11, 12, 13, 14, 15, 16, 17, 18]), -3, np.arange(8))
    ages = np.linspace(24.0, 60.0, 8)  # the oldest get the retirement floor (age + 1)
    grown = [True, False] * 4
    bonus = [0.3 if g else 0.0 for g in grown]
    school = model.schools[0]
    together = new_heads(model, keys, ages, bases=[school] * 8, skill_bonus=bonus, grown=grown)
    for head, k, age, g, b in zip(together, keys.tolist(), ages.tolist(), grown, bonus):
        alone = new_head(model, k, age=age, base=school, skill_bonus=b, grown=g)
        for trait in ("key", "age", "skill", "ambition", "wellbeing", "retirement_age", "grown", "state"):
            assert getattr(head, trait) == getattr(alone, trait), trait
            assert type(getattr(head, trait)) is type(getattr(alone, trait)), trait
        assert head.base is school


def test_fingerprints_say_identical_or_name_the_case_that_differs(tmp_path, capsys):
    import json

    from experiments.fingerprint import main

    path = tmp_path / "before.json"
    assert main(["--quick", "--save", str(path)]) == 0
    assert main(["--quick", "--check", str(path)]) == 0 and "IDENTICAL" in capsys.readouterr().out
    found = json.loads(path.read_text())
    found["small/no_programme/1"] = "0" * 12  # as if a change had moved an output
    path.write_text(json.dumps(found))
    assert main(["--quick", "--check", str(path)]) == 1
    assert "DIFFERENT: ['small/no_programme/1']" in capsys.readouterr().out


def test_a_decision_s_base_key_is_its_key_of_root_decision_and_index():
    """``Draws.base_key`` finds ``key(root, decision)`` once per decision; every index still gets
    ``key(root, decision, index)``, so the draws are those of the documented rule."""
    draws = Draws(7, "county")
    for decision in ("apply", "judge", "consent_exec"):
        for index in (0, 1, 5, 2**40, 2**63 + 3, -1):
            assert draws.base_key(decision, index) == key(draws.root, decision, index)
