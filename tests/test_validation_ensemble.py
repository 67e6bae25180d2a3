"""The validation scorecard over the comparison's ensemble: the strict rule on pooled runs, the
published table's columns, the misses as sentences, the page section, and refused options."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from experiments import validate
from sim.analysis import targets as tg
from sim.running.validation import ensemble_misses

ROOT = Path(__file__).resolve().parents[1]


def _target(tid: str, value: float, tolerance: float, basis: str = "emergent") -> dict:
    return {
        "id": tid,
        "value": value,
        "definition": {"num": [{"measure": tid, "group": "all", "years": [2013]}]},
        "tolerance": tolerance,
        "why": "test",
        "use": "check",
        "basis": basis,
        "basis_why": "test",
        "source_file": "test.txt",
        "quote": "test",
    }


def _ensemble(values: dict[str, list[float]]) -> pd.DataFrame:
    """Yearly measures of one run per (draw, county): every draw on the same seed number, so only the
    draw and county tell the runs apart."""
    rows = []
    for tid, per_run in values.items():
        for i, v in enumerate(per_run):
            rows.append({"draw": i // 2, "county": i % 2, "seed": 7, "year": 2013, "term": -1, "measure": tid,
                         "group": "all", "value": v})  # fmt: skip
    return pd.DataFrame(rows)


@pytest.fixture
def card() -> pd.DataFrame:
    targets = tg.parse([_target("narrow_off", 10, 5), _target("wide_on", 10, 5)])
    # narrow_off: median 12.5 is within ±5 of 10, but every run lies in 12-13, so 10 is outside the band
    # wide_on: median 10, band about 8-12
    return tg.scorecard(
        targets,
        _ensemble({"narrow_off": [12, 12.5, 13, 12, 13, 12.5, 12.5, 13], "wide_on": [8, 9, 10, 11, 12, 10, 9, 11]}),
    )


def test_strict_rule_over_pooled_runs(card: pd.DataFrame) -> None:
    off, on = card.set_index("id").loc["narrow_off"], card.set_index("id").loc["wide_on"]
    assert off.within and not off.reproduced  # in tolerance, documented value outside the 10-90% band
    assert on.within and on.reproduced
    assert on.model_p10 < 10 < on.model_p90
    assert off.model_p10 > 10


def test_runs_are_told_apart_by_draw_and_county() -> None:
    targets = tg.parse([_target("x", 10, 5)])
    card = tg.scorecard(targets, _ensemble({"x": [0, 10, 20, 30]}))
    assert card.model_median[0] == 15  # four runs, not one run summing them all


def test_published_columns_match_the_default_scorecard(card: pd.DataFrame) -> None:
    default = pd.read_csv(ROOT / "docs" / "validation.csv", nrows=0).columns.tolist()
    assert card.columns.tolist() == default
    published = ROOT / "docs" / "validation_ensemble.csv"
    assert pd.read_csv(published, nrows=0).columns.tolist() == default


def test_misses_are_sentences(card: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "validation_ensemble.csv"
    card.to_csv(path, index=False)
    misses = ensemble_misses(path)
    assert len(misses) == 1
    line = misses[0]
    assert line.startswith("narrow_off (emergent, check target): documented 10;")
    assert "median is 12.5" in line and "band 12 – 13" in line
    assert "within the tolerance (±5) but the documented value lies outside the band" in line
    assert line.endswith(".") and "\n" not in line
    assert "has not been validated" in ensemble_misses(tmp_path / "absent.csv")[0]


def test_misses_say_when_the_median_is_off(tmp_path: Path) -> None:
    targets = tg.parse([_target("far", 1, 4), _target("set", 7, 5, basis="input")])
    card = tg.scorecard(targets, _ensemble({"far": [20, 21, 22, 23], "set": [20, 21, 22, 23]}))
    path = tmp_path / "card.csv"
    card.to_csv(path, index=False)
    assert [m.split(" ")[0] for m in ensemble_misses(path)] == ["far", "set"]
    assert [m.split(" ")[0] for m in ensemble_misses(path, emergent_only=True)] == ["far"]
    assert "further from it than the tolerance (±4)" in ensemble_misses(path)[0]


def test_section_sits_between_the_scorecard_and_the_panel(card: pd.DataFrame) -> None:
    settings = {"draws": 4, "seeds": 1, "counties": 2, "base_seed": 2012, "assumptions": True, "runs": 8}
    default = card.assign(reproduced=[True, True])
    section = validate.ensemble_section(default, card, settings)
    assert section[0] == validate.ENSEMBLE_HEADING
    row = next(line for line in section if line.startswith("| narrow_off |"))
    assert row.endswith("| 12.5 (12 – 13) | within tolerance, outside band |")
    assert "| yes |" in row  # the default point's verdict beside it
    assert any("`narrow_off`" in line for line in section if line.startswith("Verdicts that differ"))
    page = "# V\n\n## Fit targets\n\nfit\n\n## Stationarity of the no-programme baseline\n\npanel\n"
    once = validate.splice(page, section)
    assert once.index("## Fit targets") < once.index(validate.ENSEMBLE_HEADING) < once.index("## Stationarity")
    again = validate.splice(once, validate.ensemble_section(default, card, {**settings, "runs": 9}))
    assert again.count(validate.ENSEMBLE_HEADING) == 1 and "9 runs" in again and "panel" in again


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--ensemble", "--draws", "0"], "--draws=0"),
        (["--ensemble", "--seeds", "0"], "--seeds=0"),
        (["--ensemble", "--counties", "-1"], "--counties=-1"),
        (["--seeds", "0"], "--seeds=0"),
        (["--draws", "3"], "--draws needs --ensemble"),
        (["--ensemble", "--draws", "x"], "--draws"),
    ],
)
def test_bad_options_stop_before_running(
    argv: list[str], named: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("ran")

    monkeypatch.setattr(validate, "run_ensemble_validation", refuse)
    monkeypatch.setattr(validate, "run_validation", refuse)
    with pytest.raises(SystemExit) as stop:
        validate.main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and named in err


def test_a_rate_missed_at_every_number_of_seeds_is_called_a_drift():
    """The spin-up section tells drift from noise: a rate a draw misses with 20 and with 40 seeds, not one missed once."""
    import pandas as pd

    from experiments.validate import missed_every_time

    rows = pd.DataFrame({"not_holding": ["grade_share.1|all (+28%), quality|all (+20%)", "quality|all (+23%)"]})
    assert missed_every_time(rows) == ["quality|all"]
    assert missed_every_time(rows.iloc[:1]) == []  # one number of seeds cannot tell
    assert missed_every_time(pd.DataFrame({"not_holding": ["federations|all (+12%)", "-"]})) == []
