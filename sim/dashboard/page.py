"""The dashboard page (Solara): controls in the sidebar, four named tabs, downloads, background work.

Per-session state lives in module-level ``solara.reactive`` values: Solara keeps one value per
browser session, so two users never share a model, and choices and results survive tab
switches (tabs are mounted only while shown; their state is not theirs). Long work (the risk
register, a comparison) runs in threads started by the always-mounted ``Background`` component,
reporting progress, while the page stays usable. When a session ends its model is released
(Mesa keeps every model alive otherwise) and the freed memory handed back.

Mesa 3.3.1's SolaraViz is not used: its tabs are labelled "Page 0/1/2" (hard-coded in its
``ComponentsView``), it unmounts hidden tabs with their state, its Reset and Step call the model
unguarded (a bad seed replaces the page with a traceback), and its sidebar leads with developer
controls. The model is still a Mesa model; the page is built from Solara's own components.
"""

from __future__ import annotations

import html
import logging
import threading
import time
from typing import cast

import pandas as pd
import solara
import solara.lab

from sim.dashboard import compare as cmp
from sim.dashboard import figures as fig
from sim.dashboard import levers
from sim.dashboard import risk_now as rn
from sim.dashboard import schools as sch
from sim.dashboard.session import Simulation, events_table, one_line, series_table, trim_memory

log = logging.getLogger(__name__)
TABS = ["County map", "A school's story", "Succession risk", "Compare policies"]

# ----- per-session state (one value per browser session) ----------------------------------------
simulation = solara.reactive(cast(Simulation | None, None))
tick = solara.reactive(0)  # bumped after every step and reset: what depends on the model re-renders
draft = solara.reactive(cast(dict | None, None))  # what the setting fields hold (typed text)
notice = solara.reactive(cast(str | None, None))  # the last refusal or error, shown in the sidebar
playing = solara.reactive(False)
play_ms = solara.reactive(400)
page_ms = solara.reactive(0.0)  # time the page took to redraw after the last step (developer view)
tab = solara.reactive(0)
chosen_school = solara.reactive(cast(int | None, None))
why_chosen = solara.reactive("")
small_only = solara.reactive(True)
seen_trouble = solara.reactive(cast(tuple, ()))
risk_runs = solara.reactive(8)
risk_request = solara.reactive(0)  # bumped to start a register; the Background component runs it
risk_progress = solara.reactive(cast(float | None, None))
risk_result = solara.reactive(cast(rn.RiskNow | None, None))
risk_error = solara.reactive(cast(str | None, None))
risk_all = solara.reactive(False)
compare_choice = solara.reactive(cast(tuple, ("no_programme", "revised_one_off")))
compare_baseline = solara.reactive("no_programme")
compare_seeds = solara.reactive(8)
compare_years = solara.reactive(10)
compare_budget = solara.reactive(0)  # £ a year every programme must fit (0: no cap)
compare_targets = solara.reactive(0)  # programme money only for the N schools most at risk (0: every partnership)
compare_request = solara.reactive(cast(cmp.CompareRequest | None, None))
compare_progress = solara.reactive(cast(tuple | None, None))  # (runs done, runs in all)
compare_result = solara.reactive(cast(cmp.CompareResult | None, None))
compare_error = solara.reactive(cast(str | None, None))


def current() -> Simulation:
    """This session's simulation (built on first use)."""
    if simulation.value is None:
        simulation.value = Simulation()
    return simulation.value


def the_draft() -> dict:
    if draft.value is None:
        draft.value = levers.draft_from_settings(current().settings)
    return draft.value


# ----- actions ----------------------------------------------------------------------------------
def after_change(start: float) -> None:
    """Tell the page the model changed, and note how long the redraw took."""
    t = time.perf_counter()
    tick.value += 1
    page_ms.value = round(1000 * (time.perf_counter() - t))


def do_step(n: int = 1) -> None:
    sim = current()
    start = time.perf_counter()
    message = sim.step(n)
    if message:
        notice.value = message
        playing.value = False
    after_change(start)


def do_reset() -> None:
    """Apply the fields: refuse them with a message if any cannot be used, else build a fresh model."""
    values, errors = levers.parse_settings(the_draft())
    playing.value = False
    if errors:
        reasons = " ".join(e if e.endswith(".") else e + "." for e in errors.values())
        notice.value = f"Not applied: {reasons} The run on screen keeps its last valid settings."
        return
    message = current().build(values)
    notice.value = message
    if message is None:
        draft.value = levers.draft_from_settings(current().settings)
    after_change(time.perf_counter())


def set_field(name: str, value: object) -> None:
    draft.value = {**the_draft(), name: value}
    notice.value = None  # the fields now say what is wrong with them


def choose_scenario(name: str) -> None:
    """Fill every lever from the scenario's file (seed, years and region stay as typed)."""
    d = the_draft()
    region = d.get("region", "lincolnshire")
    filled = levers.draft_from_settings(levers.scenario_settings(name, region))
    draft.value = {**d, **filled, "scenario": name}
    notice.value = None


def pending(sim: Simulation, d: dict) -> tuple[bool, dict[str, str]]:
    """(the fields differ from the run on screen, the fields' errors)."""
    values, errors = levers.parse_settings(d)
    return bool(errors) or not levers.same_settings(values, sim.settings), errors


def pick_school(urn: int | None) -> None:
    """A school picked in the search box (a refreshed list may echo the value, or send None: ignored)."""
    if urn is not None and urn != chosen_school.value:
        open_story(urn)


def open_story(urn: int | None, why: str = "") -> None:
    chosen_school.value = urn
    why_chosen.value = why
    tab.value = 1


# ----- background work ------------------------------------------------------------------------
def play_loop(cancel: threading.Event) -> None:
    """Step every ``play_ms`` while playing (in a thread; the page redraws after each term)."""
    while playing.value and not cancel.is_set():
        t0 = time.perf_counter()
        do_step()
        sim = current()
        if not sim.can_step:
            playing.value = False
            break
        cancel.wait(max(0.05, play_ms.value / 1000 - (time.perf_counter() - t0)))


def risk_job(cancel: threading.Event) -> None:
    """Work out the register from the model's current state (copies stepped five years ahead)."""
    if risk_request.value == 0:
        return
    sim = current()
    runs = int(risk_runs.value)
    try:
        with sim.lock:
            model = sim.model
            blob, next_id = rn.snapshot(model)
            seeds = rn.replicate_seeds(model, runs)
            term, when, settings, build = model.term, sim.label(), dict(sim.settings), sim.builds
        risk_progress.value = 0.0
        risk_error.value = None

        def progress(done: int, total: int) -> None:
            if cancel.is_set():
                raise InterruptedError
            risk_progress.value = 100.0 * done / total

        register = rn.register_now(blob, next_id, seeds, progress=progress)
        risk_result.value = rn.RiskNow(register, term, when, runs, rn.HORIZON_YEARS, settings, build)
    except InterruptedError:
        return
    except Exception as err:  # noqa: BLE001 - a message, never a traceback
        log.exception("dashboard: risk register failed")
        risk_error.value = f"The register could not be worked out: {one_line(err)}"
    finally:
        risk_progress.value = None


def compare_job(cancel: threading.Event) -> None:
    """Run the requested comparison with the comparison's own code (sim.running.comparison, sim.running.report), reporting runs done."""
    req = compare_request.value
    if req is None:
        return
    compare_error.value = None
    compare_progress.value = (0, req.runs)
    try:
        result = cmp.run(req, progress=lambda done, total: setattr(compare_progress, "value", (done, total)))
        if cancel.is_set():
            cmp.discard(result)
            return
        old = compare_result.value
        compare_result.value = result
        if old is not None and old.folder != result.folder:
            cmp.discard(old)
    except Exception as err:  # noqa: BLE001
        log.exception("dashboard: comparison failed")
        compare_error.value = f"The comparison could not run: {one_line(err)}"
    finally:
        compare_progress.value = None
        compare_request.value = None


@solara.component
def Background():
    """Always mounted: runs play, the register and comparisons in threads of this session."""
    solara.use_thread(play_loop, dependencies=[playing.value], intrusive_cancel=False)
    solara.use_thread(risk_job, dependencies=[risk_request.value], intrusive_cancel=False)
    solara.use_thread(compare_job, dependencies=[compare_request.value is not None], intrusive_cancel=False)
    return solara.Div(style={"display": "none"})


# ----- small pieces ------------------------------------------------------------------------------
def html_table(df: pd.DataFrame, max_height: str = "none") -> str:
    """A DataFrame as a plain, full-width HTML table (headers wrap, nothing cut off)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in df.itertuples(index=False)
    )
    return (
        f'<div style="overflow:auto;max-height:{max_height}"><table class="dash-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


CSS = """
.dash-table {border-collapse: collapse; width: 100%; font-size: 13px}
.dash-table th {text-align: left; vertical-align: bottom; border-bottom: 2px solid #adb5bd; padding: 4px 8px;
  position: sticky; top: 0; background: #f8f9fa}
.dash-table td {border-bottom: 1px solid #e9ecef; padding: 3px 8px}
.dash-date {font-size: 20px; font-weight: 600; color: #1864ab}
.dash-help {font-size: 12px; color: #6c757d; margin: -6px 0 8px 0}
.dash-caption {font-size: 13px; color: #495057}
.dash-pending {background: #fff3bf; border-left: 4px solid #f59f00; padding: 6px 10px; font-size: 13px}
"""


def Help(text: str):
    return solara.HTML(tag="div", unsafe_innerHTML=html.escape(text), classes=["dash-help"])


def Caption(text: str):
    return solara.HTML(tag="div", unsafe_innerHTML=html.escape(text), classes=["dash-caption"])


def Downloads(items: list[tuple[str, str, object, str]]):
    """A row of download buttons: (label, filename, data or a function making it, mime type)."""
    with solara.Row(style={"flex-wrap": "wrap", "gap": "6px", "margin-top": "8px"}):
        for label, filename, data, mime in items:
            solara.FileDownload(data, filename=filename, label=label, mime_type=mime)


def csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8")


def stamp(sim: Simulation, full: bool = False) -> str:
    """A chart's title: scenario, seed and term (short on screen, every changed lever in downloads)."""
    return f"{levers.caption(sim.settings, full)} · {sim.label()}"


# ----- sidebar ---------------------------------------------------------------------------------
@solara.component
def RunControls():
    tick.value  # noqa: B018 - re-render after every step
    sim = current()
    d = the_draft()
    is_pending, _ = pending(sim, d)
    solara.HTML(tag="div", unsafe_innerHTML=html.escape(sim.label()), classes=["dash-date"])
    Caption(levers.caption(sim.settings))
    with solara.Row(style={"gap": "6px", "margin-top": "6px"}):
        solara.Button("Reset", color="primary" if is_pending else None, on_click=do_reset, outlined=not is_pending)
        solara.Button(
            "Pause" if playing.value else "Play",
            color="primary",
            on_click=lambda: playing.set(not playing.value),
            disabled=not sim.can_step,
        )
        solara.Button("Step", color="primary", on_click=do_step, disabled=playing.value or not sim.can_step)
        solara.Button("+1 year", on_click=lambda: do_step(3), disabled=playing.value or not sim.can_step, text=True)
    if is_pending:
        solara.HTML(
            tag="div",
            unsafe_innerHTML="<b>Changes wait for Reset.</b> The run on screen still uses its old settings.",
            classes=["dash-pending"],
            style={"margin-top": "8px"},
        )
    end = sim.end_message()
    if end:
        solara.Info(end)
    if sim.failed:
        solara.Error(sim.failed)
    if notice.value and notice.value != sim.failed:
        solara.Error(notice.value)


def restore_scenario() -> None:
    """Refill every lever from the chosen scenario's file (seed, years and region stay as typed)."""
    choose_scenario(the_draft()["scenario"])


def parsed_key(values: dict) -> tuple:
    return tuple(sorted(values.items()))


@solara.component
def ScenarioChooser(name: str):
    """The scenario menu: choosing any scenario, the chosen one included, fills every lever from its file."""
    activator = solara.Button(
        f"Scenario: {levers.scenario_title(name)}",
        icon_name="mdi-menu-down",
        outlined=True,
        style={"text-transform": "none", "width": "100%", "justify-content": "space-between"},
    )
    with solara.lab.Menu(activator=activator):
        with solara.Column(gap="0px", style={"background": "white"}):
            for s in levers.scenario_ids():
                solara.Button(
                    levers.scenario_title(s),
                    text=True,
                    on_click=lambda s=s: choose_scenario(s),
                    style={"text-transform": "none", "justify-content": "flex-start"},
                )


@solara.component
def Settings():
    d = the_draft()
    sim = current()
    _, errors = pending(sim, d)
    values, _ = levers.parse_settings(d)
    region = d.get("region", "lincolnshire")
    key = parsed_key(values) if not errors else None
    marks = solara.use_memo(lambda: levers.lever_marks(values, d["scenario"], region), [parsed_key(values)])
    summary = solara.use_memo(
        lambda: levers.scenario_summary(d["scenario"], region, values if key else None), [key, d["scenario"], region]
    )
    warnings = solara.use_memo(lambda: levers.lever_warnings(values) if key else [], [key])
    ScenarioChooser(d["scenario"])
    Help(levers.scenario_description(d["scenario"]))
    words = "".join(f"<li>{html.escape(line)}</li>" for line in summary) or "<li>No policy lever is on.</li>"
    solara.HTML(
        tag="div",
        unsafe_innerHTML=f"<b>What these levers do, beyond no programme:</b><ul style='margin:2px 0 0 0'>{words}</ul>",
        classes=["dash-help"],
    )
    for warning in warnings:
        solara.Warning(warning, dense=True)
    changed = any(m.startswith("✎") for m in marks.values())
    solara.Button(
        "Restore the scenario's values",
        on_click=restore_scenario,
        disabled=not changed,
        text=True,
        small=True,
        style={"text-transform": "none", "padding": "0"},
    )
    for lever in levers.LEVERS:
        note = marks.get(lever.name, "")
        if lever.kind == "switch":
            solara.Checkbox(
                label=lever.label, value=bool(d[lever.name]), on_value=lambda v, n=lever.name: set_field(n, v)
            )
            Help(f"{note} {levers.lever_help(lever)}".strip())
        else:
            solara.InputText(
                lever.label,
                value=str(d[lever.name]),
                on_value=lambda v, n=lever.name: set_field(n, v),
                error=errors.get(lever.name, False),
                message=None if lever.name in errors else f"{note} {levers.lever_help(lever)}".strip(),
            )


@solara.component
def Advanced():
    tick.value  # noqa: B018
    sim = current()
    d = the_draft()
    with solara.Details("Developer settings", expand=False):
        solara.SliderInt("Pause between terms when playing (ms)", value=play_ms, min=100, max=2000, step=100)
        items = [{"text": t, "value": r} for r, t in levers.REGIONS.items()]
        solara.v.Select(
            label="Region", items=items, v_model=d["region"], on_v_model=lambda v: set_field("region", v), dense=True
        )
        Help("A change of region waits for Reset.")
        Caption(f"Last step: model {1000 * sim.step_seconds:.0f} ms, page redraw {page_ms.value:.0f} ms.")


# ----- the tabs --------------------------------------------------------------------------------
@solara.component
def MapTab():
    tick.value  # noqa: B018
    sim = current()
    model = sim.model
    key = [sim.builds, model.term]
    title = stamp(sim)
    svg = solara.use_memo(lambda: fig.map_svg(model, title), key)
    tracker = solara.use_memo(lambda: fig.SeriesTracker(model), [sim.builds])
    charts = solara.use_memo(lambda: fig.series_svgs(tracker, title), key)
    schools = model.schools
    gap = sum(s.in_gap for s in schools)
    small_gap = sum(s.in_gap for s in schools if s.roll <= 110)
    execs = sum(1 for s in schools if s.has_head_present and s.head.is_executive)
    active = sum(1 for p in model.partnerships if p.is_active)
    with solara.Row(style={"align-items": "center", "gap": "16px", "flex-wrap": "wrap"}):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=(
                f"Without a substantive head now: <b>{gap}</b> schools ({small_gap} small) · "
                f"led by an executive head: <b>{execs}</b> · active partnerships: <b>{active}</b> · "
                f"{len(schools)} schools, {sum(s.roll <= 110 for s in schools)} of them with 110 pupils or fewer"
            ),
            classes=["dash-caption"],
        )
        solara.Button("Show me a school in trouble", on_click=trouble, color="warning", small=True)
    with solara.Columns([3, 2]):
        with solara.Column():
            solara.HTML(tag="div", unsafe_innerHTML=svg)
            solara.HTML(tag="div", unsafe_innerHTML=fig.status_legend_html())
        with solara.Column():
            solara.HTML(tag="div", unsafe_innerHTML=charts[0])
            solara.HTML(tag="div", unsafe_innerHTML=charts[1])

    def series_csv() -> bytes:
        with sim.lock:
            return csv_bytes(series_table(model, sim.settings))

    def events_csv() -> bytes:
        with sim.lock:
            return csv_bytes(events_table(model, sim.settings))

    def map_png() -> bytes:
        with sim.lock:
            return fig.map_png(model, stamp(sim, full=True))

    def series_png() -> bytes:
        with sim.lock:
            return fig.series_png(fig.SeriesTracker(model), stamp(sim, full=True))

    Downloads(
        [
            ("Series (CSV)", "series.csv", series_csv, "text/csv"),
            ("Event log (CSV)", "events.csv", events_csv, "text/csv"),
            ("Map (PNG)", "map.png", map_png, "image/png"),
            ("Charts (PNG)", "charts.png", series_png, "image/png"),
        ]
    )


def trouble() -> None:
    model = current().model
    urn, why = sch.school_in_trouble(model, seen_trouble.value)
    if urn is not None:
        seen = seen_trouble.value
        seen_trouble.value = (*seen, urn) if urn not in seen else (urn,)
    open_story(urn, f"Chosen because {why}." if urn is not None else why)


@solara.component
def StoryTab():
    tick.value  # noqa: B018
    sim = current()
    model = sim.model
    urn = chosen_school.value
    by_urn = {s.urn: s for s in model.schools}
    school = by_urn.get(urn)
    items = solara.use_memo(
        lambda: sch.picker_items(model, small_only.value), [sim.builds, model.term, small_only.value]
    )
    if school is not None and all(i["value"] != urn for i in items):
        items = [{"text": fig.school_line(school), "value": urn}, *items]
    story = solara.use_memo(
        lambda: sch.story_table(model, urn) if school is not None else None, [sim.builds, model.term, urn]
    )
    title = stamp(sim)
    mini = solara.use_memo(
        lambda: fig.map_svg(model, title, highlight=urn) if school is not None else "", [sim.builds, model.term, urn]
    )
    with solara.Row(style={"align-items": "center", "gap": "12px", "flex-wrap": "wrap"}):
        with solara.Div(style={"flex": "1 1 420px"}):
            solara.v.Autocomplete(
                label="Find a school (type a name, URN, 'vacant', 'executive' ...)",
                items=items,
                v_model=urn,
                on_v_model=pick_school,
                dense=True,
                hide_details=True,
            )
        solara.Checkbox(label="Small schools only (110 pupils or fewer)", value=small_only)
        solara.Button("Show me a school in trouble", on_click=trouble, color="warning")
    if school is None:
        solara.Info(
            "Pick a school above, or press 'Show me a school in trouble'. Then press Step or Play to follow it."
        )
        return
    if why_chosen.value:
        Caption(why_chosen.value)
    with solara.Columns([3, 2]):
        with solara.Column():
            solara.HTML(
                tag="div",
                unsafe_innerHTML=(
                    f"<h3 style='margin:4px 0'>{html.escape(sch.describe(school))}</h3>"
                    f"<p><b>Now ({html.escape(sim.label())}):</b> {html.escape(sch.now_line(model, school))}</p>"
                    f"<p class='dash-caption'>Partnership: {html.escape(fig.FORM_WORDS[school.main_form])}. "
                    f"{html.escape(sch.turnover_line(model, school))}</p>"
                ),
            )
            if story.empty:
                solara.Info("Nothing has happened to this school yet: press Step or Play.")
            else:
                solara.HTML(tag="div", unsafe_innerHTML=html_table(story, "60vh"))
        with solara.Column():
            solara.HTML(tag="div", unsafe_innerHTML=mini)
            Caption("The chosen school is ringed in black.")
    Downloads([("This school's story (CSV)", f"story_{urn}.csv", lambda: csv_bytes(story), "text/csv")])


@solara.component
def RiskTab():
    tick.value  # noqa: B018
    sim = current()
    result = risk_result.value
    running = risk_progress.value is not None
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            "<p>Each school's chance of at least one term without a substantive head within 1, 3 and 5 years "
            "<b>from the term on screen</b>: the running model is copied as it stands (every head's age, every "
            "vacancy and partnership) and each copy is run five more years with its own luck.</p>"
        ),
    )
    with solara.Row(style={"align-items": "center", "gap": "12px"}):
        solara.ToggleButtonsSingle(value=risk_runs, values=[8, 20, 50])
        Caption("runs of the next five years")
        solara.Button(
            f"Work out the risk from {sim.label().split(' –')[0]}",
            color="primary",
            on_click=lambda: risk_request.set(risk_request.value + 1),
            disabled=running,
        )
    with solara.Column(gap="4px"):  # progress and messages in a box of their own
        if running:
            solara.ProgressLinear(risk_progress.value or True)
            Caption(f"Working out the register: {risk_progress.value or 0:.0f}% of the runs done ...")
        if risk_error.value:
            solara.Error(risk_error.value)
    if result is None:
        return
    RiskResult(result)


@solara.component
def RiskResult(result: rn.RiskNow):
    """A register on the map and in a table, with its moment, and a note if the model has moved on."""
    tick.value  # noqa: B018
    sim = current()
    model = sim.model
    stale = result.build != sim.builds or result.term != model.term
    head = (
        f"From {result.when} ({levers.caption(result.settings)}): {result.runs} runs of the next {result.years} years."
    )
    solara.HTML(tag="div", unsafe_innerHTML=f"<h3 style='margin:8px 0 4px'>{html.escape(head)}</h3>")
    if result.build != sim.builds:
        solara.Warning(
            f"This register comes from the run before the last Reset ({result.when}). "
            "Work it out again for the run on screen."
        )
    elif stale:
        solara.Warning(
            f"The model on screen has moved on ({sim.label()}): this register describes {result.when}. "
            "Work it out again for the term on screen."
        )
    reg = result.register
    top = max(0.1, float(reg.p_gap_3y.max()) if len(reg) else 0.1)
    title = f"Chance of a gap within 3 years · {levers.caption(result.settings, full=False)} · from {result.when}"
    svg = solara.use_memo(lambda: fig.map_svg(fig.risk_frame(reg), title), [id(result)])
    shown = reg if risk_all.value else reg[~reg.in_gap_now]
    names = {f"{r.name} ({r.p_gap_3y:.0%} within 3 years)": int(r.school) for r in shown.head(25).itertuples()}
    with solara.Columns([3, 2]):
        with solara.Column():
            solara.HTML(tag="div", unsafe_innerHTML=svg)
        with solara.Column():
            solara.HTML(tag="div", unsafe_innerHTML=fig.risk_legend_html(top))
            solara.HTML(
                tag="div",
                unsafe_innerHTML=(
                    "<p class='dash-caption'>The table lists the schools most at risk first, with what drives their "
                    "risk: the head's age and planned retirement, the applicants an advert would draw, the "
                    "partnership, and whether a strong head nearby could step in as executive head.</p>"
                ),
            )
            solara.Checkbox(
                label=f"Include the {int(reg.in_gap_now.sum())} schools already without a substantive head",
                value=risk_all,
            )
            solara.v.Select(
                label="Read a school's story",
                items=[{"text": k, "value": v} for k, v in names.items()],
                v_model=None,
                on_v_model=lambda v: open_story(v, "Chosen from the succession-risk register."),
                dense=True,
            )
    solara.HTML(tag="div", unsafe_innerHTML=html_table(rn.readable(shown.head(25)), "70vh"))

    def risk_map_png() -> bytes:
        return fig.risk_map_png(
            reg, f"Chance of a headship gap within 3 years · {levers.caption(result.settings)} · from {result.when}"
        )

    Downloads(
        [
            ("Register (CSV)", "risk_register.csv", lambda: csv_bytes(rn.download_table(result)), "text/csv"),
            ("Risk map (PNG)", "risk_map.png", risk_map_png, "image/png"),
        ]
    )


@solara.component
def CompareTab():
    result = compare_result.value
    progress = compare_progress.value
    busy = progress is not None or compare_request.value is not None
    chosen = list(compare_choice.value)
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            "<p>Two or more scenarios run many times on the <b>same seeds</b> (the same heads retire, the same "
            "luck), so each difference is paired run by run. It runs in the background: the other tabs stay "
            "usable meanwhile.</p>"
        ),
    )
    with solara.Row(style={"flex-wrap": "wrap", "gap": "4px 18px"}):
        for s in levers.scenario_ids():
            solara.Checkbox(
                label=levers.scenario_title(s),
                value=s in chosen,
                on_value=lambda on, s=s: compare_choice.set(
                    tuple(x for x in levers.scenario_ids() if (x in chosen and x != s) or (x == s and on))
                ),
            )
    with solara.Row(style={"align-items": "center", "gap": "18px", "flex-wrap": "wrap"}):
        with solara.Div(style={"min-width": "260px"}):
            solara.v.Select(
                label="Compared against",
                items=[{"text": levers.scenario_title(s), "value": s} for s in chosen],
                v_model=compare_baseline.value if compare_baseline.value in chosen else (chosen or [None])[0],
                on_v_model=compare_baseline.set,
                dense=True,
                hide_details=True,
            )
        with solara.Div(style={"min-width": "220px"}):
            solara.SliderInt(f"Runs per scenario: {compare_seeds.value}", value=compare_seeds, min=2, max=cmp.MAX_SEEDS)
        with solara.Div(style={"min-width": "220px"}):
            solara.SliderInt(f"Years: {compare_years.value}", value=compare_years, min=1, max=cmp.MAX_YEARS)
        with solara.Div(style={"min-width": "230px"}):
            solara.v.Select(
                label="Also within a yearly budget",
                items=[{"text": "no", "value": 0}, *({"text": f"£{b:,} a year", "value": b} for b in cmp.BUDGETS if b)],
                v_model=compare_budget.value,
                on_v_model=compare_budget.set,
                dense=True,
                hide_details=True,
            )
        with solara.Div(style={"min-width": "230px"}):
            solara.v.Select(
                label="Also money only for the schools most at risk",
                items=[
                    {"text": "no", "value": 0},
                    *({"text": f"the {n} most at risk", "value": n} for n in cmp.TARGETS if n),
                ],
                v_model=compare_targets.value,
                on_v_model=compare_targets.set,
                dense=True,
                hide_details=True,
            )
    baseline = compare_baseline.value if compare_baseline.value in chosen else (chosen[0] if chosen else "")
    req = cmp.CompareRequest(
        scenarios=chosen,
        baseline=baseline,
        seeds=int(compare_seeds.value),
        years=int(compare_years.value),
        region=current().settings.get("region", "lincolnshire"),
        budget=int(compare_budget.value or 0),
        targets=int(compare_targets.value or 0),
    )
    problem = req.check()
    with solara.Row(style={"align-items": "center", "gap": "12px"}):
        solara.Button(
            f"Compare ({req.runs} runs)",
            color="primary",
            on_click=lambda: compare_request.set(req),
            disabled=busy or problem is not None,
        )
        if problem:
            Caption(problem)
    with solara.Column(gap="4px"):  # progress and messages in a box of their own: results below keep their place
        if progress is not None:
            done, total = progress
            solara.ProgressLinear(100 * done / max(1, total) if done else True)
            Caption(f"{done} of {total} runs done ... (then the report is written)")
        if compare_error.value:
            solara.Error(compare_error.value)
    if result is not None:
        CompareResultView(result)


@solara.component
def CompareResultView(result: cmp.CompareResult):
    """A comparison's figure, tables and downloads."""
    solara.HTML(tag="div", unsafe_innerHTML=f"<h3 style='margin:10px 0 4px'>{html.escape(result.caption)}</h3>")
    solara.Image(result.figure, width="100%")
    solara.HTML(tag="h4", unsafe_innerHTML="What each policy changes (policy minus baseline, run by run)")
    if result.note:
        Caption(result.note)
    solara.HTML(tag="div", unsafe_innerHTML=html_table(result.differences))
    solara.HTML(tag="h4", unsafe_innerHTML="Money and what it buys")
    solara.HTML(tag="div", unsafe_innerHTML=html_table(result.costs))
    Caption(f"Worked out in {result.seconds:.0f} s. The files below are kept until this browser tab closes.")
    Downloads(
        [
            (
                "Differences (CSV)",
                "robustness.csv",
                result.files["robustness.csv"].read_bytes,
                "text/csv",
            ),
            (
                "Every run pair (CSV)",
                "paired_differences.csv",
                result.files["paired_differences.csv"].read_bytes,
                "text/csv",
            ),
            ("Costs (CSV)", "cost_effectiveness.csv", result.files["cost_effectiveness.csv"].read_bytes, "text/csv"),
            (
                "Money by source (CSV)",
                "money_by_source.csv",
                result.files["money_by_source.csv"].read_bytes,
                "text/csv",
            ),
            ("Figure (PNG)", "comparison.png", result.figure, "image/png"),
            ("All twelve headlines (PNG)", "headlines.png", result.files["headlines.png"].read_bytes, "image/png"),
            ("Whole report (zip)", "comparison_report.zip", result.zip_bytes, "application/zip"),
        ]
    )


# ----- the page --------------------------------------------------------------------------------
def _end_session() -> None:
    """Release this session's model and comparison folder, then hand the memory back."""
    sim = simulation.value
    if sim is not None:
        sim.close()
    cmp.discard(compare_result.value)
    playing.value = False
    threading.Timer(1.0, trim_memory).start()  # after Solara has dropped the session's widgets


@solara.component
def Page():
    solara.use_effect(lambda: _end_session, [])
    current()
    solara.Style(CSS)
    solara.Title("Small rural schools: headship succession and partnerships")
    with solara.AppBar():
        solara.AppBarTitle("Small rural schools: headship succession and partnerships")
    with solara.Sidebar():
        with solara.Card(margin=0, elevation=0):
            RunControls()
        with solara.Card("Scenario and levers", margin=0, elevation=0):
            Settings()
        with solara.Card(margin=0, elevation=0):
            Advanced()
    Background()
    with solara.lab.Tabs(value=tab, lazy=True):
        with solara.lab.Tab(TABS[0]):
            MapTab()
        with solara.lab.Tab(TABS[1]):
            StoryTab()
        with solara.lab.Tab(TABS[2]):
            RiskTab()
        with solara.lab.Tab(TABS[3]):
            CompareTab()
