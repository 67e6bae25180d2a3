"""The comparison report reads as an answer: "In short" first and short, shares as percentages,
money a year, a glossary, and the version and commit of the code on the report and every table."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from sim.analysis.report_text import IN_SHORT_WORDS, ReportData, markdown
from sim.running.report import provenance, stamped

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "worked_example"
# A number with three or more decimals (e.g. a share left as 0.0202): the report writes shares as
# percentages or points and money in £k/£m, so none should be left.
BARE_DECIMAL = re.compile(r"(?<![\w.])-?\d+\.\d{3,}")
COMMIT = re.compile(r"^([0-9a-f]{7,40}(\+dirty)?|unknown)$")


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(EXAMPLE / name)


def example_data(**changes) -> ReportData:
    """A ReportData made from the published worked example's tables (no model run)."""
    robust = _read("robustness.csv")
    money = _read("money_by_source.csv").set_index("scenario")
    money = money.drop(columns=[c for c in ("version", "commit") if c in money])
    fields = dict(
        scenarios=list(dict.fromkeys(["no_programme", *robust.scenario])),
        baseline="no_programme",
        risk_scenario="revised_one_off",
        years=list(range(2012, 2022)),
        horizon=list(range(2012, 2032)),
        size={"draw": 30, "county": 2, "seed": 1},
        n_small=99,
        drawn="the others draw the 14 calibrated parameters from the posterior",
        descriptions={},
        robust=robust,
        whole=_read("robustness_whole_horizon.csv"),
        draws=_read("draws.csv"),
        sensitivity=_read("sensitivity_of_differences.csv"),
        levers=_read("lever_decomposition.csv"),
        cost_effectiveness=_read("cost_effectiveness.csv"),
        money=money,
        register=_read("risk_register.csv"),
        caveats=[
            "`vacancies_total` (check, identity): documented 40, model median 50 (10–90% 41.8 – 57)",
            "`ks2_county_2012` (fit, fitted): documented 0.81, model median 0.78 (10–90% 0.77 – 0.79)",
        ],
        version="0.1.0",
        commit="abc1234+dirty",
    )
    return ReportData(**(fields | changes))


def in_short(text: str) -> tuple[int, list[str]]:
    """Where "## In short" starts (line index) and its lines up to the next section."""
    lines = text.splitlines()
    start = lines.index("## In short")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    return start, lines[start:end]


def check_report(text: str) -> None:
    """What every report.md must do, whatever its comparison."""
    start, section = in_short(text)
    assert start < 15, "In short must start within the report's first 15 lines"
    assert len(" ".join(section).split()) <= IN_SHORT_WORDS
    body = " ".join(section)
    assert "a year" in body and "nominal pounds" in body and "Lincolnshire" in body
    assert "Robust" in body or "robust" in body
    assert not BARE_DECIMAL.findall(text), BARE_DECIMAL.findall(text)[:5]
    assert "## Glossary" in text
    for term in ("gap term", "paired difference", "draw", "county 0", "sign holds", "latent quality", "Shapley"):
        assert f"**{term}" in text, term
    assert "PRIM box" in text


def test_report_leads_with_its_answer_and_writes_numbers_readably():
    text = markdown(example_data())
    check_report(text)
    head = "\n".join(text.splitlines()[:5])
    assert "version 0.1.0" in head and "commit abc1234+dirty" in head
    _, section = in_short(text)
    for scenario in ("revised_one_off", "recurring_funding", "exec_headship_push"):
        assert any(f"**{scenario}**" in line for line in section)
    assert "£" in " ".join(section) and "% of the small schools' terms" in text
    assert "-1960%" not in text and "(0%–100%)" not in text  # no share of a whole its parts pull against


def test_report_leads_with_leadership_when_the_table_has_it():
    robust = example_data().robust
    gap = robust[robust.measure == "gap_terms|le110"]
    lead = gap.assign(
        measure="leadership_time|le110",
        title="Head-time present per small school",
        median=0.021,
        low=0.01,
        high=0.03,
        baseline_median=0.587,
        scenario_median=0.608,
    )
    short = gap.assign(
        measure="leadership_short_terms|le110",
        title="Small-school terms with head-time below the leadership floor",
        median=-40.0,
        baseline_median=120.0,
        scenario_median=80.0,
    )
    text = markdown(example_data(robust=pd.concat([lead, short, robust], ignore_index=True)))
    check_report(text)
    _, section = in_short(text)
    body = " ".join(section)
    assert "head-time present +2.1 points" in body and "40 fewer terms below the floor" in body
    for scenario in ("revised_one_off", "recurring_funding", "exec_headship_push"):  # all fit in the words
        assert f"**{scenario}**" in body
    assert body.index("head-time") < body.index("gap terms")  # leadership first
    assert "58.7%" in text  # the baseline's level as a percentage


def test_cost_effectiveness_prices_each_lever_against_its_own_effect():
    """The old table (one row a scenario) and the new one (a lever column, 'all' for the scenario)."""
    ce = example_data().cost_effectiveness
    if "lever" in ce.columns:  # the published example has the new table: its scenarios' own rows are the old one
        ce = ce[ce.lever == "all"].drop(columns=["lever"])
    old = markdown(example_data(cost_effectiveness=ce))
    split = pd.concat(
        [
            ce.assign(lever="all", note=""),
            ce.assign(lever="broker_executive", extra_public_cost=-1e5, note="saves money"),
        ],
        ignore_index=True,
    )
    new = markdown(example_data(cost_effectiveness=split))
    for text in (old, new):
        check_report(text)
        assert "per gap term averted" in text
    assert "Each lever's part" in old and "| all levers |" in old  # the lever split's parts under the table
    assert "| broker executive |" in new and "Each lever's part" not in new  # each lever's row in the table


def test_every_csv_carries_version_and_commit():
    version, commit = provenance()
    assert version and COMMIT.match(commit), commit
    table = stamped(pd.DataFrame({"x": [1, 2]}))
    assert list(table.columns) == ["x", "version", "commit"] and set(table.commit) == {commit}


@pytest.mark.slow
def test_a_small_comparison_s_report_and_tables(tmp_path):
    from experiments.compare import run_comparison
    from sim.running.comparison import CompareConfig

    c = CompareConfig(
        scenarios=["no_programme", "revised_one_off"],
        region="small",
        draws=2,
        counties=1,
        seeds=1,
        assumptions=False,  # the posterior only: no dependence on the published plausible set
        decompose_draws=1,
        horizon_years=3,
        report_years=2,
        n_jobs=2,
        overrides=["params.spinup.years=5"],
    )
    report = run_comparison(c, tmp_path, progress=False)
    text = report.read_text()
    check_report(text)
    version, commit = provenance()
    assert f"version {version}, commit {commit}" in "\n".join(text.splitlines()[:5])
    for path in sorted(tmp_path.glob("*.csv")):
        if path.name == "draws.csv":  # the store's own table
            continue
        table = pd.read_csv(path, dtype={"commit": str})  # a hash such as 6e43542 would read as a number
        assert {"version", "commit"} <= set(table.columns), path.name
        assert set(table.commit) <= {commit}, path.name


def test_caveats_quote_the_ensemble_s_misses_of_emergent_targets(tmp_path):
    """The report's caveats quote the emergent targets the comparison's own draws miss, and say so in a
    sentence when the ensemble's table is missing or outdated."""
    from sim.running.report import _ensemble_caveats

    card = pd.DataFrame(
        {
            "id": ["retirements_2013_2018", "acting_heads"],
            "target": [49.0, 20.0],
            "tolerance": [12.0, 5.0],
            "kind": ["value", "value"],
            "model_median": [27.0, 40.0],
            "model_p10": [15.9, 30.0],
            "model_p90": [43.1, 50.0],
            "within": [False, False],
            "reproduced": [False, False],
            "use": ["check", "fit"],
            "basis": ["emergent", "fitted"],
            "counts": [True, False],
        }
    )
    card.to_csv(tmp_path / "ensemble.csv", index=False)
    lines = _ensemble_caveats(tmp_path / "ensemble.csv")
    assert len(lines) == 1 and "retirements_2013_2018" in lines[0] and "documented 49" in lines[0]
    assert not lines[0].startswith("`")  # not matched to a measure as a single-run scorecard miss
    (missing,) = _ensemble_caveats(tmp_path / "absent.csv")
    assert "has not been validated" in missing and "--ensemble" in missing
    card.drop(columns="within").to_csv(tmp_path / "old.csv", index=False)
    (old,) = _ensemble_caveats(tmp_path / "old.csv")
    assert "out of date" in old
    text = markdown(example_data(caveats=lines + [missing]))
    caveats = text.split("## Caveats", 1)[1]
    assert lines[0] in caveats and missing in caveats


def test_the_ensemble_s_misses_read_as_the_report_writes_numbers():
    """Ensemble caveats go into report.md, so their numbers follow its rule (no bare long decimals)."""
    from sim.analysis.report_text import fmt as _number  # what ensemble_misses writes its numbers with

    assert [_number(x) for x in (-0.0505, 0.0303, 12.5, 0.004, 1250.4, 49.0)] == [
        "-0.05",
        "0.03",
        "12.5",
        "0",
        "1,250",
        "49",
    ]
    assert not BARE_DECIMAL.findall(" ".join(_number(x) for x in (-0.0505, 0.0303, 3.14159, 0.12345)))
