"""The dashboard's tables read the comparison's stamped CSVs: costs by the scenario's own row, money
without the version columns, and the risk register's targeting score under a plain header (no model run)."""

from __future__ import annotations

import pandas as pd

from sim.dashboard import risk_now
from sim.dashboard.compare import readable_costs


def test_costs_show_each_scenario_s_own_row_and_no_version_columns():
    ce = pd.DataFrame(
        {
            "scenario": ["revised_one_off", "revised_one_off"],
            "lever": ["startup_funding", "all"],  # a lever's row first: the scenario's own is picked by name
            "extra_public_cost": [100.0, 900.0],
            "averted_per_100_small_schools": [1.0, 5.0],
            "public_cost_per_gap_term_averted": [50.0, 90.0],
            "extra_full_cost": [100.0, 1000.0],
            "full_cost_per_gap_term_averted": [50.0, 100.0],
            "public_cost_per_extra_school_in_partnership": [10.0, 30.0],
            "version": "0.1.0",
            "commit": "abc1234",
        }
    )
    money = pd.DataFrame(
        {
            "scenario": ["no_programme", "revised_one_off"],
            "Programme (£)": [0.0, 900.0],
            "version": "0.1.0",
            "commit": "abc1234",
        }
    )
    table = readable_costs(ce, money, {"revised_one_off": "Revised one-off"}, "no_programme").set_index("Scenario")
    assert not any("version" in c or "commit" in c for c in table.columns), list(table.columns)
    assert table.loc["Revised one-off", "Extra public money vs baseline"] == "£900"
    assert table.loc["no_programme", "Extra public money vs baseline"] == "(baseline)"
    # a table from before the lever column reads as it did
    old = readable_costs(ce[ce.lever == "all"].drop(columns="lever"), money, {}, "no_programme")
    assert old.set_index("Scenario").loc["revised_one_off", "Extra public money vs baseline"] == "£900"


def test_the_register_download_names_the_targeting_score_in_words():
    register = pd.DataFrame({"school": [1], "name": ["A school"], "p_gap_1y": [0.2], "risk_score": [1.5]})
    out = risk_now.download_table(risk_now.RiskNow(register, term=0, when="Autumn 2012", runs=3, years=5))
    assert "risk_score" not in out.columns and out[risk_now.COLUMNS["risk_score"]].iloc[0] == 1.5
    assert "_" not in risk_now.COLUMNS["risk_score"]


def test_the_guide_names_the_compare_tab_s_limits_as_the_page_labels_them():
    from pathlib import Path

    from sim.dashboard import compare

    root = Path(__file__).resolve().parents[1]
    page = (root / "sim" / "dashboard" / "page.py").read_text()
    guide = " ".join((root / "docs" / "dashboard.md").read_text().split())
    for label in ("Also within a yearly budget", "Also money only for the schools most at risk"):
        assert f'"{label}"' in page and f"**{label}**" in guide, label
    for budget in (b for b in compare.BUDGETS if b):
        assert f"£{budget:,}" in guide, budget
    for n in (n for n in compare.TARGETS if n):
        assert f"{n}" in guide.split("**Also money only for the schools most at risk**", 1)[1][:80], n
