"""The dashboard served by Solara and driven in Debian's headless chromium through Playwright.

One walk-through as a trainer and an authority officer would use it (first load, stepping, play,
typed values that once crashed the page, the scenario menu and its marks, a school's story, the
register from the term on screen, downloads, the end of a run, a comparison), then twenty
sessions opened and closed while
the server's memory is watched. Screenshots go to tests/artifacts/ (look at them after a change);
the measured times and memory go to tests/artifacts/dashboard_timings.json (numbers for
docs/dashboard.md, not asserted: the machines are shared).
"""

from __future__ import annotations

import csv
import io
import json
import re
import statistics
import time
from pathlib import Path

import pytest

from experiments import dashboard_browser as db
from experiments.dashboard_browser import choose_scenario, field, open_tab, step, type_into

pytestmark = pytest.mark.slow
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
TIMINGS: dict[str, object] = {}


def _applicants() -> tuple[str, str, str]:
    """The applicants lever's label, its value in the scenario files, and another valid value (from the table)."""
    from sim.dashboard import levers

    lever = levers.LEVER_BY_NAME["applicants_small"]
    lo, _ = levers.lever_range(lever)
    in_file = levers.scenario_settings("original_2012")["applicants_small"]
    changed = round(lo + 0.8 * (in_file - lo), 3)
    return lever.label, levers.shown(lever.name, in_file), levers.shown(lever.name, changed)


def _label(name: str) -> str:
    from sim.dashboard import levers

    return levers.LEVER_BY_NAME[name].label


APPLICANTS, APPLICANTS_IN_FILE, APPLICANTS_CHANGED = _applicants()
STARTUP, PREMIUM, YEARS = _label("startup_amount"), _label("premium"), _label("years")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    problem = db.missing()
    if problem:
        pytest.skip(problem)
    log = tmp_path_factory.mktemp("server") / "server.log"
    with db.serve(log) as running:
        yield running.url, running.pid, log
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "dashboard_timings.json").write_text(json.dumps(TIMINGS, indent=2))


@pytest.fixture(scope="module")
def browser(server):
    with db.chromium() as b:
        yield b


open_page, close = db.open_page, db.close


def shot(page, name: str) -> None:
    db.shot(page, ARTIFACTS / f"{name}.png")


def no_traceback(page) -> None:
    text = page.locator("body").inner_text()
    if "Traceback" in text or "Error in step" in text:
        shot(page, "dashboard_traceback")
        raise AssertionError(f"the page shows a traceback: {text[text.find('Traceback') - 300 :][:1500]}")


def download(page, button: str) -> bytes:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=button).click()
    return Path(info.value.path()).read_bytes()


# Click Step in the page itself and time, with the browser's clock, until both the term label and the map
# show the new term and a frame has been painted (Playwright's own polling would add its overhead).
TIMED_STEP = """() => new Promise(resolve => {
  const date = () => document.querySelector('.dash-date').innerText;
  const map = () => { const s = document.querySelector('svg[role=img]'); return s ? s.getAttribute('aria-label') : ''; };
  const d0 = date(), m0 = map();
  const button = [...document.querySelectorAll('button')].find(b => b.innerText.trim().toUpperCase() === 'STEP');
  const t0 = performance.now();
  const obs = new MutationObserver(() => {
    if (date() !== d0 && map() !== m0) { obs.disconnect(); requestAnimationFrame(() => resolve(performance.now() - t0)); }
  });
  obs.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  button.click();
})"""


def timed_steps(page, n: int) -> dict[str, float]:
    """Milliseconds from a click on Step to the new term painted (label and map), over ``n`` steps."""
    times = []
    for _ in range(n):
        times.append(page.evaluate(TIMED_STEP))
        page.wait_for_timeout(100)
    return {"median_ms": round(statistics.median(times)), "max_ms": round(max(times))}


def map_titled(page, start: str):
    """The map whose title starts with ``start`` (titles are SVG text in two lines; the label holds both)."""
    return page.locator(f'svg[aria-label^="{start}"]').first


def test_walkthrough(server, browser):
    url, _, log = server
    ctx, page, first = open_page(browser, url)
    TIMINGS["first_load_s"] = round(first, 2)
    try:
        walkthrough(page, log)
    except BaseException:
        shot(page, "dashboard_failure")  # what the page showed when the walk-through stopped
        raise
    finally:
        close(ctx, page)


def walkthrough(page, log: Path) -> None:
    from playwright.sync_api import expect

    # ----- orientation: named tabs, the date, the scenario's description ------------------------
    for name in ("County map", "A school's story", "Succession risk", "Compare policies"):
        assert page.get_by_role("tab", name=name).count() == 1
    assert page.get_by_text("Page 0").count() == 0
    page.get_by_text("September 2012 – start, term 0 of 60").first.wait_for()
    page.get_by_text("What Lincolnshire ran from 2012").wait_for()
    assert page.get_by_text("Changes wait for Reset").count() == 0
    shot(page, "dashboard_loaded")

    # ----- stepping: the time each step takes to show ----------------------------------------------
    for i in range(1, 3):
        step(page, i)
    TIMINGS["step_to_screen"] = timed_steps(page, 8)
    page.get_by_text("Autumn 2015 – term 10 of 60").first.wait_for()  # seasons and years, not 2015.67
    page.get_by_role("button", name="Reset").click()
    page.get_by_text("term 0 of 60").first.wait_for()
    for i in range(1, 5):
        step(page, i)
    page.get_by_text("Autumn 2013 – term 4 of 60").first.wait_for()
    shot(page, "dashboard")  # the README's picture: the county map after four terms

    # ----- play and pause ---------------------------------------------------------------------
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for()
    date = page.locator(".dash-date")
    expect(date).not_to_have_text("Autumn 2013 – term 4 of 60", timeout=30_000)
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for()
    played = int(date.inner_text().split("term ")[1].split(" of")[0])
    assert played > 5, date.inner_text()
    no_traceback(page)

    # ----- typed values that once crashed the page ----------------------------------------------
    type_into(page, "Seed", "-1")
    page.get_by_text("Seed must be from 0 to 4,294,967,295 (you typed -1)").first.wait_for()
    page.get_by_text("Changes wait for Reset").wait_for()
    page.get_by_role("button", name="Reset").click()
    page.get_by_text("Not applied: Seed must be from 0 to 4,294,967,295").wait_for()
    shot(page, "dashboard_bad_seed")
    before = page.get_by_text(" of 60").first.inner_text()
    page.get_by_role("button", name="Step", exact=True).click()  # the run on screen goes on
    page.get_by_text(before).first.wait_for(state="hidden")
    no_traceback(page)

    type_into(page, "Seed", "7")
    type_into(page, APPLICANTS, "nan")
    page.get_by_text("'nan' is not a number").first.wait_for()
    page.get_by_role("button", name="Reset").click()
    page.get_by_text(f"Not applied: {APPLICANTS}: 'nan' is not a number").wait_for()
    page.get_by_role("button", name="Step", exact=True).click()
    no_traceback(page)
    startup = STARTUP.removesuffix(" (£)")
    type_into(page, STARTUP, "nan")
    page.get_by_text(f"{startup}: 'nan' is not a number").first.wait_for()
    type_into(page, STARTUP, "£20000")
    page.get_by_text(f"{startup}: 'nan' is not a number").first.wait_for(state="hidden")
    type_into(page, APPLICANTS, APPLICANTS_CHANGED)
    page.get_by_role("button", name="Reset").click()
    page.get_by_text("term 0 of 60").first.wait_for()
    page.get_by_text("Changes wait for Reset").wait_for(state="hidden")
    page.get_by_text(f"Revised one-off scheme, seed 7 (levers changed: {APPLICANTS}").first.wait_for()
    step(page, 1)
    no_traceback(page)

    # ----- the scenario switch fills every lever from the file ------------------------------------
    choose_scenario(page, "Original 2012 proposal")
    page.get_by_text("A premium of £100,000 per partnership every year").wait_for()  # what the levers do
    expect(field(page, PREMIUM)).to_have_value("100,000")
    expect(field(page, APPLICANTS)).to_have_value(APPLICANTS_IN_FILE)  # the file's, not the changed value
    page.get_by_text("Changes wait for Reset").wait_for()
    type_into(page, PREMIUM, "")  # emptied, then the same scenario chosen again: the field is refilled
    choose_scenario(page, "Original 2012 proposal")
    expect(field(page, PREMIUM)).to_have_value("100,000")
    type_into(page, PREMIUM, "5")
    page.get_by_text("✎ Changed from this scenario's £100,000.").wait_for()
    page.get_by_role("button", name="Restore the scenario's values").click()
    expect(field(page, PREMIUM)).to_have_value("100,000")
    shot(page, "dashboard_scenario")
    page.get_by_role("button", name="Reset").click()
    page.get_by_text("Changes wait for Reset").wait_for(state="hidden")
    map_titled(page, "Original 2012 proposal, seed 7 · September 2012").wait_for()
    choose_scenario(page, "Executive-headship push")  # its own levers, marked: not the revised scheme's again
    expect(page.get_by_role("checkbox", name="Offer every vacancy to a nearby head before advertising")).to_be_checked()
    page.get_by_text("Every vacancy is first offered to a strong nearby head").wait_for()
    choose_scenario(page, "No programme")
    expect(page.get_by_role("checkbox", name="The authority brokers executive heads")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="The authority groups schools into partnerships")).not_to_be_checked()
    expect(field(page, STARTUP)).to_have_value("0")
    type_into(page, STARTUP, "20,000")  # money for partnerships while nobody groups schools: said in words
    page.get_by_text("grouping schools into partnerships is not").wait_for()
    choose_scenario(page, "Revised one-off scheme")
    page.get_by_role("button", name="Reset").click()
    map_titled(page, "Revised one-off scheme, seed 7 · September 2012").wait_for()
    for _ in range(2):
        page.get_by_role("button", name="+1 year").click()
    page.get_by_text("Summer 2014 – term 6 of 60").first.wait_for()

    # ----- downloads from the map ---------------------------------------------------------------
    series = list(csv.DictReader(io.StringIO(download(page, "Series (CSV)").decode())))
    assert series[0].keys() >= {"scenario", "seed", "term", "when", "measure", "group", "value"}
    assert {r["seed"] for r in series} == {"7"}
    assert {(r["term"], r["when"]) for r in series if r["term"] in ("1", "6")} == {
        ("1", "Autumn 2012"),
        ("6", "Summer 2014"),
    }
    events = list(csv.DictReader(io.StringIO(download(page, "Event log (CSV)").decode())))
    assert "what_happened" in events[0] and any(r["what_happened"] for r in events)
    assert 1 <= min(int(r["term"]) for r in events) and max(int(r["term"]) for r in events) <= 6
    assert download(page, "Map (PNG)")[:4] == b"\x89PNG"
    assert download(page, "Charts (PNG)")[:4] == b"\x89PNG"

    # ----- a school's story, kept across tab switches -------------------------------------------
    open_tab(page, "A school's story")
    page.get_by_text("Pick a school above, or press 'Show me a school in trouble'").wait_for()
    page.get_by_role("button", name="Show me a school in trouble").click()
    page.get_by_text("Now (Summer 2014 – term 6 of 60):").wait_for()
    page.get_by_text("Chosen because it has no substantive head now.").wait_for()
    heading = page.locator("h3").first.inner_text()
    page.get_by_text(re.compile(r"Since September 2012: \w+ heads? left")).first.wait_for()  # a head gone: a change
    shot(page, "dashboard_story")
    open_tab(page, "County map")
    open_tab(page, "A school's story")
    page.get_by_text(heading).wait_for()
    assert b"What happened" in download(page, "This school's story (CSV)")

    # ----- the register from the term on screen, with progress, kept across tabs -----------------
    open_tab(page, "Succession risk")
    page.get_by_role("button", name="Work out the risk from Summer 2014").click()
    page.get_by_text("Working out the register").wait_for(timeout=10_000)
    page.get_by_text("From Summer 2014 – term 6 of 60 (Revised one-off scheme, seed 7): 8 runs").wait_for(
        timeout=60_000
    )
    page.get_by_role("columnheader", name="Gap within 3 years").wait_for()
    assert "%" in page.locator("table").first.inner_text()  # chances as percentages
    shot(page, "dashboard_risk")
    open_tab(page, "County map")
    step(page, 7)
    open_tab(page, "Succession risk")
    page.get_by_text("The model on screen has moved on").wait_for()  # kept, and says which term it describes
    register = list(csv.DictReader(io.StringIO(download(page, "Register (CSV)").decode())))
    assert register[0]["From"] == "Summer 2014 – term 6 of 60" and 0 <= float(register[0]["Gap within 3 years"]) <= 1
    assert download(page, "Risk map (PNG)")[:4] == b"\x89PNG"

    # ----- the end of a run says so ---------------------------------------------------------------
    type_into(page, YEARS, "1")
    page.get_by_text("Changes wait for Reset").wait_for()  # the server has the new length before Reset is pressed
    page.get_by_role("button", name="Reset").click()
    page.get_by_text("term 0 of 3").first.wait_for(timeout=60_000)
    page.get_by_role("button", name="+1 year").click()
    page.get_by_text("The run has reached its end (Summer 2013, term 3 of 3)").wait_for()
    expect(page.get_by_role("button", name="Step", exact=True)).to_be_disabled()
    shot(page, "dashboard_end")
    type_into(page, YEARS, "20")
    page.get_by_role("button", name="Reset").click()
    page.get_by_text("term 0 of 60").first.wait_for()

    # ----- compare policies: paired runs in the background, with progress -------------------------
    open_tab(page, "Compare policies")
    runs, years = page.get_by_role("slider").nth(0), page.get_by_role("slider").nth(1)
    runs.focus()
    runs.press("Home")  # 2 runs per scenario
    years.focus()
    years.press("Home")
    years.press("ArrowRight")  # 2 years
    page.get_by_text("Years: 2").wait_for()
    t0 = time.perf_counter()
    page.get_by_role("button", name="Compare (4 runs)").click()
    page.get_by_text("of 4 runs done").wait_for(timeout=30_000)
    open_tab(page, "County map")  # work goes on while the trainer looks elsewhere
    step(page, 1)
    open_tab(page, "Compare policies")
    page.get_by_text("What each policy changes").first.wait_for(timeout=180_000)
    TIMINGS["comparison_4_runs_s"] = round(time.perf_counter() - t0, 1)
    page.get_by_text("No programme vs Revised one-off scheme").first.wait_for()
    page.get_by_role("columnheader", name="Difference (median of paired runs)").wait_for()
    page.get_by_text("each range shows seed luck only").wait_for()
    body = page.locator("body").inner_text()
    assert "% of 1" not in body and "python -m" not in body
    shot(page, "dashboard_compare")
    page.get_by_text("Money and what it buys").first.scroll_into_view_if_needed()
    shot(page, "dashboard_compare_tables")
    diffs = download(page, "Differences (CSV)").decode()
    assert "share_sign_holds" in diffs and "revised_one_off" in diffs
    report = download(page, "Whole report (zip)")
    assert report[:2] == b"PK"
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(report)).namelist()
    assert "runs/measures.csv" in names and not [n for n in names if n.endswith((".parquet", ".yaml"))]
    no_traceback(page)
    assert "Traceback" not in log.read_text()


def test_twenty_sessions_release_memory(server, browser):
    """Sessions get their own models, and closing them hands the memory back (the earlier page kept 13 MB for each)."""
    url, pid, _ = server
    for _ in range(2):  # warm up: the first sessions load code and fill caches for good
        ctx, page, _ = open_page(browser, url)
        step(page, 1)
        close(ctx, page)
    time.sleep(3)
    start = rss_mb(pid)
    loads = []
    for i in range(20):
        ctx, page, seconds = open_page(browser, url)
        loads.append(seconds)
        step(page, 1)
        step(page, 2)
        if i == 0:  # a second session alongside has a model of its own, and steps while the first plays
            ctx2, other, _ = open_page(browser, url)
            other.get_by_text("September 2012 – start, term 0 of 60").first.wait_for()
            page.get_by_text("term 2 of 60").first.wait_for()
            page.get_by_role("button", name="Play").click()
            page.get_by_role("button", name="Pause").wait_for()
            TIMINGS["step_while_another_session_plays"] = timed_steps(other, 6)
            page.get_by_role("button", name="Pause").click()
            close(ctx2, other)
        close(ctx, page)
    peak = rss_mb(pid)
    end = peak
    for _ in range(30):  # sessions close when their pages do; the memory follows within seconds
        time.sleep(1)
        end = rss_mb(pid)
        if end <= start + 10:
            break
    TIMINGS["later_load_s"] = {"median": round(statistics.median(loads), 2), "max": round(max(loads), 2)}
    TIMINGS["server_rss_mb"] = {"before_20_sessions": round(start, 1), "peak": round(peak, 1), "after": round(end, 1)}
    assert end <= start + 30, f"server memory {start:.0f} MB -> {end:.0f} MB after 20 sessions closed"
