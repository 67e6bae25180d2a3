"""The dashboard without a browser: levers true to the scenario files, typed text, guarded model,
the register from the running model, the comparison through experiments.compare, the page.

The browser walk-through (Debian's chromium through Playwright) is in test_dashboard_browser.py.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SOLARA_CHECK_HOOKS", "off")

from scenarios.config import LEVER_NAMES  # noqa: E402
from sim.dashboard import levers  # noqa: E402
from sim.dashboard.session import Simulation, date_label  # noqa: E402
from sim.state import agent_ids  # noqa: E402


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


@pytest.mark.slow
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
STARTUP = levers.LEVER_BY_NAME["startup_amount"].label.removesuffix(" (£)")


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("seed", "-1", "Seed must be from 0 to 4,294,967,295 (you typed -1)"),
        ("seed", "1.5", "Seed must be a whole number"),
        ("applicants_small", "nan", f"{APPLICANTS.label}: 'nan' is not a number"),
        ("startup_amount", "nan", f"{STARTUP}: 'nan' is not a number"),
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
    # on screen, a title says how many levers changed: its length (and size) does not follow what is typed
    assert levers.caption(settings, full=False) == "Revised one-off scheme with 1 lever changed, seed 42"


@pytest.mark.parametrize("lever", [lv for lv in levers.LEVERS if lv.kind != "switch"], ids=lambda lv: lv.name)
def test_every_example_a_field_quotes_is_inside_its_range(lever):
    """A message's "for example" is a value the field accepts."""
    example = levers.lever_example(lever)
    assert levers.parse_field(lever.name, example) is not None
    with pytest.raises(levers.InputError) as err:
        levers.parse_field(lever.name, "nan")
    assert f"for example {example}" in str(err.value)


def test_each_scenario_shows_what_it_changes():
    """The executive-headship push is not the revised scheme's levers again; recurring funding says it recurs."""
    push = levers.scenario_settings("exec_headship_push")
    marks = levers.lever_marks(push, "exec_headship_push")
    assert marks["before_advert"].startswith("● Set by this scenario") and push["before_advert"] is True
    assert push != levers.scenario_settings("revised_one_off")
    assert any("before any advert" in line for line in levers.scenario_summary("exec_headship_push"))
    recurring = levers.scenario_summary("recurring_funding")
    assert any("every year the partnership lasts" in line for line in recurring)
    assert not any("premium" in line.lower() for line in recurring)  # no "premium £0" beside the real money
    assert levers.scenario_summary("no_programme") == []
    changed = {**push, "premium": 5000.0}
    assert levers.lever_marks(changed, "exec_headship_push")["premium"] == "✎ Changed from this scenario's £0."
    assert any("premium of £5,000" in line for line in levers.scenario_summary("exec_headship_push", values=changed))


def test_contradictory_levers_are_warned_about_in_the_fields_words():
    """The validation's lever warnings (sim.running.validation.lever_warnings), without config keys."""
    assert levers.lever_warnings(levers.default_settings()) == []
    odd = levers.lever_warnings({**levers.default_settings(), "grouping": False})  # money, but nobody grouped
    assert len(odd) == 1 and "grouping schools into partnerships is not" in odd[0]
    assert "scenario." not in odd[0] and not odd[0].startswith("warning")


# ----- one palette ------------------------------------------------------------------------------
def test_one_colour_one_meaning_everywhere():
    from sim.dashboard import figures, palette

    hexes = [c.hex for c in palette.COLOURS.values()] + list(palette.SCENARIO_COLOURS.values())
    assert len(hexes) == len(set(hexes)), "a colour stands for two things"
    used = {c for _, c, _ in figures.STATUS.values()} | set(figures.FORM_COLOURS.values())
    used |= {palette.hex_of(key) for *_, key, _ in figures.SERIES + figures.MONEY}
    assert used <= {c.hex for c in palette.COLOURS.values()}
    # the map's red and the chart's red are the same thing: without a substantive head
    no_head = palette.hex_of("no_head")
    assert {c for w, c, _ in figures.STATUS.values() if "without a substantive head" in w} == {no_head}
    assert [key for m, g, _, key, _ in figures.SERIES if m == "gap_terms"] == ["no_head", "no_head"]
    assert palette.hex_of("executive") == figures.STATUS["executive"][1]


def test_the_guide_names_colours_as_the_dashboard_does():
    from pathlib import Path

    from sim.dashboard import palette

    guide = " ".join((Path(__file__).resolve().parents[1] / "docs" / "dashboard.md").read_text().lower().split())
    names = {c.name for c in palette.COLOURS.values()}
    for word in ("red", "orange", "green", "blue", "yellow", "purple", "violet", "pink", "teal", "brown"):
        if f" {word} " in guide or f" {word}," in guide or f"{word} line" in guide:
            assert word in names, f"the guide says {word!r}, which the dashboard does not use"
    for key in ("own_head", "executive", "no_head"):
        colour = palette.COLOURS[key]
        assert f"{colour.name} ({colour.means})" in guide, f"the guide should say '{colour.name} ({colour.means})'"


def test_chart_axes_read_as_whole_numbers_and_titles_keep_their_size():
    import re

    from sim.dashboard import figures

    assert figures.y_ticks(0) == [0, 1, 2, 3, 4, 5]
    svg = figures.line_chart_svg([("a", "#000", [], [], False)], "Schools, each term", (2012, 2032), "x · y")
    ticks = re.findall(r'text-anchor="end" fill="#495057">([^<]*)<', svg)
    assert ticks == ["0", "1", "2", "3", "4", "5"]
    sim = Simulation(small())
    short = figures.map_svg(sim.model, "Revised one-off scheme, seed 42 · September 2012 – start, term 0 of 18")
    long = figures.map_svg(
        sim.model, "Revised one-off scheme with 3 levers changed, seed 4294967295 · Summer 2032 – term 60 of 60"
    )
    sizes = [re.findall(r'<text[^>]*font-size="([0-9.]+)"', svg) for svg in (short, long)]
    assert sizes[0] == sizes[1]
    assert re.search(r">\d+ km</text>", short)  # the scale bar's label, in a band of its own
    sim.close()


# ----- the guarded model ------------------------------------------------------------------------
def test_downloads_number_terms_as_the_screen_does():
    from sim.dashboard.session import events_table, series_table

    sim = Simulation(small())
    sim.step(4)
    series = series_table(sim.model, sim.settings)
    termly = series[series.term.notna()]
    assert termly.term.min() == 1 and termly.term.max() == 4  # the screen says "term 4 of 18"
    assert set(termly[termly.term == 1].when) == {"Autumn 2012"}
    assert set(termly[termly.term == 4].when) == {"Autumn 2013"}
    assert set(series[series.term.isna()].when) == {"school year 2012/13"}
    assert "year" not in series.columns
    events = events_table(sim.model, sim.settings)
    assert list(events.columns[:5]) == ["scenario", "seed", "term", "when", "what_happened"]
    assert events.term.min() >= 1 and events.term.max() <= 4
    first = events[events.term == 1]
    assert set(first.when) <= {"Autumn 2012"}
    sim.close()


def test_date_label_names_the_term():
    sim = Simulation(small())
    assert date_label(sim.model) == "September 2012 – start, term 0 of 18"
    sim.step(4)
    assert sim.label() == "Autumn 2013 – term 4 of 18"
    sim.close()


@pytest.mark.slow
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
    before = agent_ids.models_registered()
    sims = [Simulation(small()) for _ in range(3)]
    for s in sims:
        s.build(small(seed=3))  # a reset releases the old model too
    assert agent_ids.models_registered() == before + 3
    for s in sims:
        s.close()
    assert agent_ids.models_registered() == before


# ----- a school now -----------------------------------------------------------------------------
@pytest.mark.slow
def test_now_line_counts_an_executive_head_from_their_arrival():
    """An executive head who arrived three years ago is not '7.0 years in post' here."""
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


def test_a_school_whose_head_left_counts_the_change():
    """A head who has left is a change of head, whether or not anyone has been appointed yet."""
    from sim.dashboard.schools import head_turnover, turnover_line

    sim = Simulation(levers.default_settings())
    found = None
    for _ in range(12):
        sim.step()
        turnover = head_turnover(sim.model)
        found = next((s for s in sim.model.schools if s.head is None and turnover.get(s.urn, (0, 0))[0]), None)
        if found:
            break
    assert found is not None, "no head left a school in 12 terms"
    left, appointed = head_turnover(sim.model)[found.urn]
    line = turnover_line(sim.model, found)
    assert line.startswith("Since September 2012:") and ("head left" in line or "heads left" in line)
    if appointed == 0:
        assert "no new head appointed yet" in line
    quiet = next(s for s in sim.model.schools if s.urn not in head_turnover(sim.model))
    assert turnover_line(sim.model, quiet) == "The same head since September 2012."
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
@pytest.mark.slow
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
@pytest.mark.slow
def test_comparison_runs_the_experiments_compare_code(tmp_path):
    import io
    import zipfile

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
    diffs = result.differences
    row = diffs[diffs.Measure.str.startswith("School-terms without a substantive head (schools")]
    assert row.iloc[0]["Difference (median of paired runs)"] == compare._num(gap["median"], False, signed=True)
    # one parameter draw: the range is seed luck only, said once in words; no "100% of 1", no verdict
    assert "Verdict" not in diffs.columns and "10–90% of paired runs (seed luck only)" in diffs.columns
    assert not diffs.astype(str).apply(lambda c: c.str.contains(" of 1$")).any().any()
    assert "parameter draws" in result.note and "python -m" not in result.note + result.caption
    share = diffs[diffs.Measure.str.startswith("Share of pupils")].iloc[0]
    assert share["With the policy"].endswith("%")
    assert {"Scenario", "Extra public money vs baseline"} <= set(result.costs.columns)
    assert result.figure[:4] == b"\x89PNG" and (tmp_path / "report.md").exists()
    names = zipfile.ZipFile(io.BytesIO(result.zip_bytes())).namelist()
    assert "report.md" in names and "runs/measures.csv" in names
    assert not [n for n in names if n.endswith((".parquet", ".yaml"))]
    assert any(n.startswith("configs/") and n.endswith(".txt") for n in names)
    with zipfile.ZipFile(io.BytesIO(result.zip_bytes())) as z:
        head = z.read("runs/measures.csv").decode().splitlines()[0].split(",")
    assert {"term", "when"} <= set(head) and "year" not in head
    assert (
        compare.CompareRequest(["no_programme"], "no_programme").check() == "Choose at least two scenarios to compare."
    )


def test_with_parameter_draws_the_verdict_is_the_reports():
    """The verdict column is the report's rule (sim.analysis.robustness), shown only when draws were made."""
    import pandas as pd

    from sim.analysis.robustness import robustness_table
    from sim.dashboard import compare

    pairs = pd.DataFrame(
        {
            "measure": "gap_terms|le110",
            "scenario": "revised_one_off",
            "baseline": "no_programme",
            "draw": [0, 0, 1, 1, 2, 2],
            "seed": [1, 2, 1, 2, 1, 2],
            "county": 0,
            "difference": [-3.0, -1.0, -2.0, -4.0, -2.0, 1.0],
        }
    )
    table = robustness_table(pairs).assign(
        title="School-terms without a substantive head (<=110 pupils)",
        summary="sum",
        baseline_median=10.0,
        scenario_median=8.0,
    )
    shown = compare.readable_differences(table, {"revised_one_off": "Revised"}, 10)
    assert shown.iloc[0]["Verdict"] == table.iloc[0]["label"] == "robust"
    assert shown.iloc[0]["Draws in which its sign holds"] == "100% of 3"
    assert "3 draws" in compare.robustness_note(3)


# ----- the page --------------------------------------------------------------------------------
@pytest.mark.slow
def test_page_renders_and_steps_without_a_browser():
    import ipyvuetify as v
    import solara

    from sim.dashboard import page as P

    @solara.component
    def App():
        with solara.AppLayout():
            P.Page()

    before = agent_ids.models_registered()
    box, rc = solara.render(App(), handle_error=False)
    try:
        assert P.current().label() == "September 2012 – start, term 0 of 60"
        rc.find(v.Btn, children=["Step"]).widget.click()
        assert P.current().label() == "Autumn 2012 – term 1 of 60"
        tabs = [t.children[0] for t in rc.find(v.Tab).widgets]
        assert tabs == ["County map", "A school's story", "Succession risk", "Compare policies"]
        P.choose_scenario("original_2012")
        assert P.draft.value["premium"] == "100,000"
        assert P.pending(P.current(), P.draft.value)[0]  # "Changes wait for Reset"
        P.set_field("premium", "")  # emptied, then the same scenario chosen again: the field is refilled
        P.choose_scenario("original_2012")
        assert P.draft.value["premium"] == "100,000"
        P.set_field("premium", "5")
        P.restore_scenario()
        assert P.draft.value["premium"] == "100,000"
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
    assert agent_ids.models_registered() <= before  # the session's model is released when the page closes
