"""Targets as the documents define them: the measures behind the re-specified targets mean what the documents
count, the shipped definitions use them, and a target the model cannot measure stops validation in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from experiments import validate
from sim.analysis import targets as tg
from sim.observe.measures import LT180, Collector, due_to_retire, measure_groups
from sim.running.run import build_model, run_model
from sim.state.curves import AUTUMN
from tests.conftest import make_config

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = {t.id: t for t in tg.load(known_measures=measure_groups())}


def _run(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    """One run's yearly measures from (measure, group, year, value) rows."""
    return pd.DataFrame(
        [(y, -1, m, g, v) for m, g, y, v in rows], columns=["year", "term", "measure", "group", "value"]
    )


# ----- the measures ------------------------------------------------------------------------------


def test_due_to_retire_counts_heads_60_within_k_years():
    counts = due_to_retire([59.0, 40.0, 54.0, 53.9, 61.0])
    assert counts[("heads_reaching_60_within.6", "all")] == 3  # 59, 54 and 61; not 53.9 (59.9 in six years) or 40
    assert counts[("heads_reaching_60_within.0", "all")] == 1  # only the 61-year-old is 60 already
    assert counts[("heads_reaching_60_within.1", "all")] == 2  # and the 59-year-old within a year


def test_heads_due_to_retire_are_read_at_the_start_of_the_year():
    model = build_model(make_config("run.horizon_years=1"), 3, reuse=False)
    assert model.term_in_year == AUTUMN
    heads = model.heads_in_post()
    for h in heads:
        h.age = 40.0
    heads[0].age = 59.0  # would retire at the end of the year: still in post when the year is read
    model.step()
    flows = model.collector.year_flows
    assert flows[("heads_reaching_60_within.6", "all")] == 1
    assert flows[("heads_reaching_60_within.0", "all")] == 0
    assert flows[("heads_reaching_60_within.10", "all")] == 1  # 40 + 10 is still under 60


def test_inspection_pairs_count_a_fall_from_grade_3():
    model = build_model(make_config("run.horizon_years=1"), 4, reuse=False)
    small = [s for s in model.schools if s.band == "le110"]
    improved, twice = small[0], small[1]
    improved.grade_history[-1] = 3
    twice.grade_history[-1] = 4
    collector = Collector(model)  # what the histories hold now is before the year
    improved.grade_history.append(2)  # grade 3 to grade 2: a fall in grade 3
    twice.grade_history += [3, 2]  # 4 to 3 within the year, then 3 to 2: grade 3 neither before nor after
    got = collector.year_inspections()
    assert got[("inspection_grade.2", "le110")] == 2 and got[("inspection_grade.3", "le110")] == 1
    assert got[("inspection_previous_grade.3", "le110")] == 2 and got[("inspection_previous_grade.4", "le110")] == 1
    assert got[("inspection_grade.3", "le110")] - got[("inspection_previous_grade.3", "le110")] == -1  # one school
    assert got[("inspection_grade.2", "all")] == 2 and got[("inspection_grade.2", "gt210")] == 0
    assert sum(collector.year_inspections().values()) == 0  # read once: next year starts from here


def test_new_measures_agree_with_the_old_ones_in_a_run():
    y = run_model(make_config("run.horizon_years=3"), 2, reuse=False).measures
    y = y[y.term == -1].set_index(["measure", "group", "year"])["value"]
    for year in (2012, 2013, 2014):
        for band in ("le110", "111_210", "gt210", "all"):
            n = y.get(("inspections", band, year), 0.0)
            assert sum(y[(f"inspection_grade.{g}", band, year)] for g in (1, 2, 3, 4)) == n
            assert sum(y[(f"inspection_previous_grade.{g}", band, year)] for g in (1, 2, 3, 4)) == n
        for rule in ("below_floor", "below_floor_2011_rule"):
            assert 0 <= y[(rule, LT180, year)] <= y[(rule, "all", year)]
            assert y[(rule, LT180, year)] >= y[(rule, "le110", year)]  # every school of <=110 pupils is under 180
        due = [y[(f"heads_reaching_60_within.{k}", "all", year)] for k in range(11)]
        assert due == sorted(due) and due[-1] > 0  # more heads reach 60 within more years


def test_every_emitted_measure_and_group_is_listed():
    m = run_model(make_config("run.horizon_years=3", "run.termly=true", "scenario=exec_headship_push"), 2).measures
    groups = measure_groups()
    emitted = set(zip(m.measure, m.group))
    assert {(name, g) for name, g in emitted if g not in groups.get(name, ())} == set()


# ----- the shipped definitions --------------------------------------------------------------------


def _terms(terms: tuple[tg.Term, ...]) -> set[tuple[str, str, tuple[int, ...]]]:
    return {(t.measure, t.group, t.years) for t in terms}


def test_re_specified_targets_follow_their_documents():
    changed = {tid for tid, t in SHIPPED.items() if t.definition_change}
    assert changed == {
        "below_floor_2013",
        "below_floor_2012_single_figures",
        "retirements_2013_2018",
        "grade3_falls_small_schools",
        "vacancies_filled",
    }
    assert _terms(SHIPPED["below_floor_2013"].num) == {("below_floor", LT180, (2012,))}
    assert _terms(SHIPPED["below_floor_2012_single_figures"].num) == {("below_floor_2011_rule", LT180, (2012,))}
    assert _terms(SHIPPED["retirements_2013_2018"].num) == {("heads_reaching_60_within.6", "all", (2012,))}
    fall = SHIPPED["grade3_falls_small_schools"]
    assert fall.kind == "negative"
    assert _terms(fall.num) == {("inspection_grade.3", "le110", (2012, 2013))}
    assert _terms(fall.minus) == {("inspection_previous_grade.3", "le110", (2012, 2013))}
    assert _terms(fall.den) == {("inspections", "le110", (2012, 2013))}
    filled = SHIPPED["vacancies_filled"]
    assert _terms(filled.num) == {("vacancies", "all", (2012,))}
    assert _terms(filled.minus) == {("unfilled_vacancies", "all", (2012,))}
    for tid in changed:  # every change says what it was and quotes a document
        assert SHIPPED[tid].definition_change.startswith("was ") and '"' in SHIPPED[tid].definition_change


def test_re_specified_targets_measure_a_hand_made_run():
    run = _run(
        [
            ("inspection_grade.3", "le110", 2012, 3.0),
            ("inspection_grade.3", "le110", 2013, 2.0),
            ("inspection_previous_grade.3", "le110", 2012, 6.0),
            ("inspection_previous_grade.3", "le110", 2013, 4.0),
            ("inspections", "le110", 2012, 30.0),
            ("inspections", "le110", 2013, 20.0),
            ("heads_reaching_60_within.6", "all", 2012, 49.0),
            ("exits.retirement", "all", 2012, 9.0),  # no longer part of the definition
            ("below_floor", LT180, 2012, 1.0),
            ("below_floor", "all", 2012, 14.0),
            ("vacancies", "all", 2012, 40.0),
            ("unfilled_vacancies", "all", 2012, 12.0),
            ("vacancies_closed.appointed", "all", 2012, 35.0),
        ]
    )
    fall = SHIPPED["grade3_falls_small_schools"]
    assert tg.measure(fall, run) == pytest.approx((5 - 10) / 50) and fall.within(tg.measure(fall, run))
    assert tg.measure(SHIPPED["retirements_2013_2018"], run) == 49
    assert tg.measure(SHIPPED["below_floor_2013"], run) == 1
    assert tg.measure(SHIPPED["vacancies_filled"], run) == 28


# ----- bad input ---------------------------------------------------------------------------------


def _entry(**change) -> dict:
    entry = {
        "id": "t_bad",
        "value": 1,
        "definition": {"num": [{"measure": "below_floor", "group": LT180, "years": [2012]}]},
        "tolerance": 2,
        "why": "w",
        "use": "check",
        "basis": "emergent",
        "basis_why": "w",
        "source_file": "000_e0a2dbf228a17e9a.txt",
        "quote": "q",
    }
    return {**entry, **change}


def _term(measure: str, group: str, years=(2012,)) -> dict:
    return {"num": [{"measure": measure, "group": group, "years": list(years)}]}


@pytest.mark.parametrize(
    "change, words",
    [
        ({"definition": _term("below_floor", "le100")}, "definition.num[0].group='le100'"),
        ({"definition": _term("small_schools_with_mou", "gt210")}, "group='gt210' is not a group"),
        ({"definition": _term("heads_happiness", "all")}, "definition.num[0].measure='heads_happiness'"),
        (
            {"definition": {**_term("below_floor", "all"), "den": [{"measure": "x", "group": "all", "years": [2012]}]}},
            "definition.den[0].measure='x'",
        ),  # fmt: skip
        ({"tolerance": 0}, "tolerance=0 must be a positive number"),
        ({"tolerance": -1.5}, "tolerance=-1.5 must be a positive number"),
        ({"value": "one"}, "value='one' must be a number"),
        ({"definition": _term("below_floor", "all", years=())}, "definition.num[0].years=[]"),
        ({"definition": {"num": [{"measure": "below_floor", "group": "all", "years": 2012}]}}, "years=2012"),
        ({"definiton_change": "typo"}, "unknown field(s) ['definiton_change']"),
        ({"definition_change": ""}, "definition_change='' must be a sentence"),
        ({"definition": {**_term("below_floor", "all"), "plus": []}}, "definition has ['plus']"),
    ],
)
def test_bad_targets_are_one_line_naming_the_target_and_field(change, words):
    with pytest.raises(tg.TargetError) as err:
        tg.parse([_entry(**change)], measure_groups())
    message = str(err.value)
    assert message.startswith("target t_bad: ") and words in message and "\n" not in message


def _bad_file(tmp_path: Path, tid: str, **change) -> Path:
    raw = yaml.safe_load(tg.TARGETS_FILE.read_text())
    for entry in raw["targets"]:
        if entry["id"] == tid:
            entry.update(change)
    path = tmp_path / "targets.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True))
    return path


@pytest.mark.parametrize(
    "tid, change, words",
    [
        ("below_floor_2013", {"definition": _term("below_floor", "le100")}, "group='le100'"),
        ("vacancies_total", {"definition": _term("vacancies_posted", "all")}, "measure='vacancies_posted'"),
        ("acting_heads", {"tolerance": 0}, "tolerance=0"),
    ],
)
def test_validate_stops_before_any_run_in_one_line(tmp_path, monkeypatch, capsys, tid, change, words):
    def refuse(*args, **kwargs):
        raise AssertionError("ran with a bad target")

    monkeypatch.setattr(validate, "run_validation", refuse)
    monkeypatch.setattr(validate, "run_ensemble_validation", refuse)
    path = _bad_file(tmp_path, tid, **change)
    for argv in (["--targets", str(path)], ["--ensemble", "--targets", str(path)]):
        with pytest.raises(SystemExit) as stop:
            validate.main(argv)
        assert stop.value.code == 2
        err = capsys.readouterr().err.strip()
        assert "\n" not in err and f"target {tid}:" in err and words in err


def test_validate_command_refuses_a_bad_target_in_one_line(tmp_path):
    path = _bad_file(tmp_path, "acting_heads_small", tolerance=0)
    done = subprocess.run(
        [sys.executable, "-m", "experiments.validate", "--targets", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "target acting_heads_small: tolerance=0 must be a positive number" in lines[0]
