"""The dashboard without a browser: levers true to the scenario files, typed text, guarded model,
the register from the running model, the comparison through experiments.compare, the page.

The browser walk-through (Debian's chromium through Playwright) is in test_dashboard_browser.py.
"""

from __future__ import annotations

import os

import mesa
import pytest

os.environ.setdefault("SOLARA_CHECK_HOOKS", "off")

from scenarios.config import LEVER_NAMES  # noqa: E402
from sim.dashboard import levers  # noqa: E402
from sim.dashboard.session import Simulation, date_label  # noqa: E402


def small(**changes) -> dict:
    """Dashboard settings for the 40-school test county."""
    return {**levers.default_settings(region="small"), "years": 6, **changes}


# ----- levers ------------------------------------------------------------------------------------
def test_every_lever_names_a_real_key_with_a_declared_range():
    cfg = levers.scenario_file("revised_one_off")
    for lever in levers.LEVERS:
        levers._get(cfg, lever.key)  # raises if the key is gone
        if lever.kind != "switch":
            lo, hi = levers.lever_range(lever)
            assert lo is not None and hi is not None, lever.key
        assert levers.lever_help(lever), lever.key


@pytest.mark.parametrize("scenario", levers.scenario_ids())
def test_choosing_a_scenario_fills_every_lever_from_its_file(scenario):
    """Levers never lie: the run built from the filled fields is the scenario's own file."""
    settings = levers.with_scenario(levers.default_settings(), scenario)
    built = levers.config_from_settings(settings)
    file = levers.scenario_file(scenario)
    assert levers.levers_from_config(built) == levers.levers_from_config(file)
    for name in LEVER_NAMES:  # every lever of the scenario on or off as its file says
        assert getattr(built.scenario, name).enabled == getattr(file.scenario, name).enabled, name
    assert built.params == file.params
    assert levers.scenario_description(scenario) == file.scenario.description != ""


def test_original_2012_fills_the_premium_and_no_programme_stops_brokering():
    original = levers.scenario_settings("original_2012")
    assert original["premium"] == 100000
    none = levers.scenario_settings("no_programme")
    assert none["broker"] is False and none["grouping"] is False and none["startup_amount"] == 0


@pytest.mark.parametrize("text", ["20,000", "£20000", "20k", " £20,000 ", 20000])
def test_money_typed_as_people_type_it(text):
    assert levers.parse_field("startup_amount", text) == 20000


APPLICANTS = levers.LEVER_BY_NAME["applicants_small"]  # labels and ranges from the one table, not copied here


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("seed", "-1", "Seed must be from 0 to 4,294,967,295 (you typed -1)"),
        ("seed", "1.5", "Seed must be a whole number"),
        ("applicants_small", "nan", f"{APPLICANTS.label}: 'nan' is not a number"),
        ("startup_amount", "nan", "Start-up money per school: 'nan' is not a number"),
        ("startup_amount", "inf", "is not a number"),
        ("startup_amount", "", "enter a number"),
        ("applicants_small", "-5", f"{APPLICANTS.label} must be {levers.span(*levers.lever_range(APPLICANTS))}"),
        ("years", "41", "Years to run must be from 1 to 40"),
    ],
)
def test_bad_text_is_refused_in_the_fields_own_words(name, text, words):
    with pytest.raises(levers.InputError) as err:
        levers.parse_field(name, text)
    assert words in str(err.value)


def test_changed_levers_are_named_in_the_caption():
    settings = {**levers.default_settings(), "premium": 100000.0}
    assert "levers changed: Yearly premium per partnership: £100,000 (scenario: £0)" in levers.caption(settings)
    assert levers.caption(levers.default_settings()) == "Revised one-off scheme, seed 42"


# ----- the guarded model ------------------------------------------------------------------------
def test_date_label_names_the_term():
    sim = Simulation(small())
    assert date_label(sim.model) == "September 2012 – start, term 0 of 18"
    sim.step(4)
    assert sim.label() == "Autumn 2013 – term 4 of 18"
    sim.close()


def test_refused_settings_keep_the_run_and_say_why():
    sim = Simulation(small(seed=7))
    sim.step(2)
    model = sim.model
    message = sim.build(small(seed=7, applicants_small=-5.0))  # past the field checks, caught by the config's
    assert message.startswith("Not applied:") and APPLICANTS.key in message
    assert sim.model is model and sim.model.term == 2 and sim.settings["seed"] == 7
    sim.close()


def test_a_model_error_becomes_a_message_and_reset_recovers(monkeypatch):
    sim = Simulation(small())
    sim.step()

    def broken() -> None:
        raise ValueError("probabilities are not non-negative")

    monkeypatch.setattr(sim.model, "step", broken)
    message = sim.step()
    assert "The model stopped with an error in Spring 2013: probabilities are not non-negative" in message
    assert not sim.can_step and sim.step() == message  # stays stopped, no exception
    assert sim.build(sim.settings) is None and sim.can_step and sim.model.term == 0
    sim.close()


def test_end_of_run_says_so():
    sim = Simulation(small(years=1))
    sim.step(5)
    assert sim.finished and not sim.can_step
    assert "The run has reached its end (Summer 2013, term 3 of 3)" in sim.end_message()
    sim.close()


def test_closing_releases_the_model():
    before = len(mesa.Agent._ids)
    sims = [Simulation(small()) for _ in range(3)]
    for s in sims:
        s.build(small(seed=3))  # a reset releases the old model too
    assert len(mesa.Agent._ids) == before + 3
    for s in sims:
        s.close()
    assert len(mesa.Agent._ids) == before


# ----- a school now -----------------------------------------------------------------------------
def test_now_line_counts_an_executive_head_from_their_arrival():
    """Issue 12: an executive head who arrived three years ago is not '7.0 years in post' here."""
    from sim.dashboard.schools import arrival_term, now_line

    sim = Simulation(levers.default_settings())
    found = None
    for _ in range(30):
        sim.step()
        m = sim.model
        arrived_here = {
            e["school"]: e["term"]
            for e in m.events
            if e["event"] == "head_appointed" and e.get("reason") == "executive"
        }
        for s in m.schools:
            head = s.head
            if s.urn in arrived_here and head is not None and head.is_executive and head.home is not s:
                if arrival_term(m, s, head) < m.term - 3 and head.started_term < arrival_term(m, s, head):
                    found = s
                    break
        if found:
            break
    assert found is not None, "no executive head took on a second school in 30 terms"
    arrived = arrival_term(m, found, found.head)
    line = now_line(m, found)
    assert line.startswith("Led by an executive head") and f"here {(m.term - arrived) / 3:.1f} year" in line
    assert f"{(m.term - found.head.started_term) / 3:.1f} year" not in line
    sim.close()


def test_a_school_in_trouble_moves_on_to_the_next():
    from sim.dashboard.schools import school_in_trouble

    sim = Simulation(levers.default_settings())
    first, why = school_in_trouble(sim.model)
    assert first is not None and why  # before anything happens: a school without a head, or a head about to retire
    sim.step(6)
    urn, why = school_in_trouble(sim.model)
    again, _ = school_in_trouble(sim.model, (urn,))
    assert urn != again and why
    sim.close()


# ----- the register from the running model ------------------------------------------------------
def test_register_describes_the_running_model_and_leaves_it_alone():
    from sim.dashboard import risk_now

    sim = Simulation(levers.default_settings())
    twin = Simulation(levers.default_settings())
    sim.step(12)
    twin.step(12)
    blob, next_id = risk_now.snapshot(sim.model)
    seeds = risk_now.replicate_seeds(sim.model, 3)
    reg = risk_now.register_now(blob, next_id, seeds, years=1)
    again = risk_now.register_now(blob, next_id, risk_now.replicate_seeds(sim.model, 3), years=1)
    assert reg.equals(again)  # same state, same seeds: same register
    heads = {s.urn: s.head for s in sim.model.schools}
    for row in reg.itertuples():
        head = heads[row.school]
        if head is None:
            assert row.head_age != row.head_age  # NaN: no head now
        else:
            assert row.head_age == pytest.approx(head.age, abs=0.05)  # today's head, not September 2012's
    assert set(reg.p_gap_1y.unique()) <= {0, 1 / 3, 2 / 3, 1}
    assert ((reg.p_gap_1y > 0) & (reg.p_gap_1y < 1)).any()  # each copy has its own luck
    assert (reg[reg.in_gap_now].p_gap_1y > 0).mean() > 0.5  # most schools without a head now stay so next term
    sim.step(6)
    twin.step(6)  # the snapshot changed nothing in the running model
    assert sim.model.collector.rows == twin.model.collector.rows and sim.model.events == twin.model.events
    readable = risk_now.readable(reg.head(3))
    assert list(readable.columns[:4]) == ["School", "Gap within 1 year", "Gap within 3 years", "Gap within 5 years"]
    assert readable["Gap within 1 year"].str.endswith("%").all()
    sim.close()
    twin.close()


# ----- the comparison through experiments.compare -----------------------------------------------
def test_comparison_runs_the_experiments_compare_code(tmp_path):
    from sim.analysis.report import robustness_summary
    from sim.dashboard import compare
    from sim.running.ensemble import load

    req = compare.CompareRequest(["no_programme", "revised_one_off"], "no_programme", seeds=2, years=2, region="small")
    seen = []
    result = compare.run(req, tmp_path, progress=lambda done, total: seen.append((done, total)), poll=0.05)
    assert seen[-1] == (4, 4)
    measures, _, _ = load(tmp_path, ["no_programme", "revised_one_off"])
    direct = robustness_summary(measures, "no_programme", [2012, 2013], order=["no_programme", "revised_one_off"])
    gap = direct[(direct.measure == "gap_terms|le110") & (direct.scenario == "revised_one_off")].iloc[0]
    row = result.differences[
        result.differences.Measure.str.startswith("School-terms without a substantive head (schools")
    ]
    assert row.iloc[0]["Difference (median of paired runs)"] == compare._num(gap["median"], False)
    assert row.iloc[0]["Verdict"] == gap.label
    assert {"Scenario", "Extra public money vs baseline"} <= set(result.costs.columns)
    assert result.figure[:4] == b"\x89PNG" and (tmp_path / "report.md").exists()
    assert (
        compare.CompareRequest(["no_programme"], "no_programme").check() == "Choose at least two scenarios to compare."
    )


# ----- the page --------------------------------------------------------------------------------
def test_page_renders_and_steps_without_a_browser():
    import ipyvuetify as v
    import solara

    from sim.dashboard import page as P

    @solara.component
    def App():
        with solara.AppLayout():
            P.Page()

    before = len(mesa.Agent._ids)
    box, rc = solara.render(App(), handle_error=False)
    try:
        assert P.current().label() == "September 2012 – start, term 0 of 60"
        rc.find(v.Btn, children=["Step"]).widget.click()
        assert P.current().label() == "Autumn 2012 – term 1 of 60"
        tabs = [t.children[0] for t in rc.find(v.Tab).widgets]
        assert tabs == ["County map", "A school's story", "Succession risk", "Compare policies"]
        scenario = rc.find(v.Select, label="Scenario").widget
        scenario.v_model = "original_2012"
        assert P.draft.value["premium"] == "100,000"
        assert P.pending(P.current(), P.draft.value)[0]  # "Changes wait for Reset"
        P.set_field("seed", "-1")
        P.do_reset()
        assert P.notice.value.startswith("Not applied: Seed must be from 0")
        assert P.current().label() == "Autumn 2012 – term 1 of 60"  # the run on screen is kept
        P.set_field("seed", "7")
        P.do_reset()
        assert P.notice.value is None and P.current().settings["premium"] == 100000
        P.trouble()
        assert P.tab.value == 1 and P.chosen_school.value is not None
        P.tab.value = 0
        assert P.chosen_school.value is not None  # kept across tab switches
    finally:
        rc.close()
    assert len(mesa.Agent._ids) <= before  # the session's model is released when the page closes
