"""Docs that cannot drift from the code and the committed results.

- every repository path and every ``python -m <module>`` that README.md and docs/*.md name exists;
- every number docs/scenarios.md and the README quote from the worked example equals what
  docs/worked_example/ (report.json and its tables) says, rounded as the text rounds it;
- every time the README states comes from a measured run recorded in docs/timings.json.
"""

from __future__ import annotations

import importlib.util
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
EXAMPLE = ROOT / "docs" / "worked_example"
TOP = {p.name for p in ROOT.iterdir() if not p.name.startswith(".")} | {".ci"}
SKIP_PREFIXES = ("outputs/", "multirun/", "../", "/", "http://", "https://", "mailto:")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def named_paths(path: Path) -> set[str]:
    """Repository paths a document names: link targets, and inline or block code starting with a top folder."""
    text = _text(path)
    found = {t.split("#")[0] for t in re.findall(r"\]\(([^)\s]+)\)", text)}
    code = re.findall(r"`([^`\n]+)`", text) + re.findall(r"```[a-z]*\n(.*?)```", text, re.S)
    for chunk in code:
        for token in re.split(r"[\s,;()=\"']+", chunk):
            token = token.rstrip(".:")
            if "/" in token and token.split("/")[0] in TOP:
                found.add(token)
    return {t for t in found if t and not t.startswith(SKIP_PREFIXES) and not any(c in t for c in "<>*{}$")}


def _exists(doc: Path, target: str) -> bool:
    return (doc.parent / target).exists() or (ROOT / target).exists()


@pytest.mark.parametrize("doc", DOCS, ids=[p.name for p in DOCS])
def test_every_named_path_exists(doc):
    missing = sorted(t for t in named_paths(doc) if not _exists(doc, t))
    assert not missing, f"{doc.name} names paths that do not exist: {missing}"


def named_modules(path: Path) -> set[str]:
    return set(re.findall(r"python3? -m ([A-Za-z_][\w.]*)", _text(path)))


@pytest.mark.parametrize("doc", DOCS, ids=[p.name for p in DOCS])
def test_every_python_dash_m_module_exists(doc):
    missing = []
    for module in sorted(named_modules(doc)):
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.submodule_search_locations is not None:  # a package runs its __main__
            spec = importlib.util.find_spec(f"{module}.__main__")
        if spec is None:
            missing.append(module)
    assert not missing, f"{doc.name}: python -m {missing} cannot run"


def test_the_path_finder_sees_paths():
    """The checks above look at something (a finder that finds nothing would pass anything)."""
    assert "sim/app.py" in named_paths(ROOT / "README.md")
    assert "worked_example/report.md" in named_paths(ROOT / "docs" / "scenarios.md")
    assert {"experiments.compare", "sim"} <= named_modules(ROOT / "README.md")


# ----- numbers quoted from the worked example ----------------------------------------------------


def whole(x: float) -> str:
    """Rounded half away from zero to a whole number, as the docs round ('about 71')."""
    return f"{Decimal(repr(abs(float(x)))).quantize(Decimal('1'), ROUND_HALF_UP):,}"


def tenth(x: float) -> str:
    return str(Decimal(repr(abs(float(x)))).quantize(Decimal("0.1"), ROUND_HALF_UP))


def pct(share: float) -> str:
    return f"{whole(100 * share)}%"


def thousands(x: float) -> str:
    return f"£{whole(x / 1000)},000"


def millions(x: float) -> str:
    return f"£{tenth(x / 1e6)} million"


@pytest.fixture(scope="module")
def example():
    report = json.loads(_text(EXAMPLE / "report.json"))
    statements = pd.DataFrame(report["statements"])
    whole_horizon = pd.read_csv(EXAMPLE / "robustness_whole_horizon.csv")
    levers = pd.read_csv(EXAMPLE / "lever_decomposition.csv")
    cost = pd.read_csv(EXAMPLE / "cost_effectiveness.csv")
    if "lever" in cost.columns:  # one row per lever besides each scenario's own ("all")
        cost = cost[cost.lever == "all"]
    cost = cost.set_index("scenario")
    return report, statements, whole_horizon, levers, cost


def signed(x: float) -> str:
    """A whole number with a minus sign (U+2212) when negative, as the docs write a range that crosses zero."""
    return ("−" if round(float(x)) < 0 else "") + whole(x)


def thousands_k(x: float) -> str:
    return f"£{whole(x / 1000)}k"


def quoted(example) -> list[str]:
    """What docs/scenarios.md must say, made from the committed worked example."""
    report, st, wh, lev, ce = example
    levers = pd.read_csv(EXAMPLE / "cost_effectiveness.csv").set_index(["scenario", "lever"])

    def s(measure: str, scenario: str, table: pd.DataFrame = st) -> pd.Series:
        return table[(table.measure == measure) & (table.scenario == scenario)].iloc[0]

    def shapley(scenario: str, lever: str, measure: str = "gap_terms|le110") -> pd.Series:
        rows = lev[(lev.scenario == scenario) & (lev.measure == measure) & (lev.method == "shapley")]
        return rows[rows.lever == lever].iloc[0]

    one, rec, ex = "revised_one_off", "recurring_funding", "exec_headship_push"
    gap = {k: s("gap_terms|le110", k) for k in (one, rec, ex)}
    n_small = ce.loc[one, "small_school_gap_terms_averted"] * 100 / ce.loc[one, "averted_per_100_small_schools"]
    unfilled = [whole(s("unfilled_vacancies|all", k)["median"]) for k in (one, rec, ex)]
    floor = [tenth(s("below_floor|all", k)["median"]) for k in (one, rec, ex)]
    good = {k: s("good_or_better|le110", k) for k in (one, rec, ex)}
    away = {k: s("exits.moved_away|all", k) for k in (one, rec, ex)}
    active = {k: s("schools_in_active_partnership|le110", k) for k in (one, rec)}
    active_wh = {k: s("schools_in_active_partnership|le110", k, wh) for k in (one, rec)}
    head_time = s("leadership_time|le110", ex)
    short = s("leadership_short_terms|le110", ex)
    stretch = s("schools_per_executive_head|all", ex)
    three = s("led_by_head_of_3plus|le110", ex)
    partners = shapley(rec, "startup_funding", "schools_in_active_partnership|le110")
    years = len(report["years"])  # the report window: costs a year are its totals over these years
    return [
        f"{report['draws']} plausible parameter draws × {report['counties']} synthetic counties × "
        f"{report['seeds']} seed per",
        f"over the {report['runs_per_scenario']} paired runs",
        f"the {whole(n_small)} small schools lose about {whole(gap[one]['baseline_median'])} school-terms",
        *(
            f"{name} about {whole(gap[k]['median'])} ({signed(-gap[k]['high'])} to {whole(gap[k]['low'])})"
            for name, k in (("averts", one), ("funding", rec), ("push", ex))
        ),
        f"fall by about {unfilled[0]}, {unfilled[1]} and {unfilled[2]} a year",
        f"executive push's −{tenth(100 * head_time['median'])} points "
        f"({'−' if head_time['low'] < 0 else ''}{tenth(100 * head_time['low'])} to +{tenth(100 * head_time['high'])}) "
        "holds its sign in "
        f"{pct(head_time['share_sign_holds'])} of draws",
        f"its {whole(short['median'])} more small-school terms below the leadership floor in "
        f"{pct(short['share_sign_holds'])}",
        f"leads {tenth(stretch['scenario_median'])} schools on average against {tenth(stretch['baseline_median'])}",
        f"{whole(100 * three['scenario_median'])}% of small schools are led by a head of three or more schools "
        f"against {whole(100 * three['baseline_median'])}%",
        f"brokering executive heads gives {pct(shapley(ex, 'broker_executive').share)} of the executive push's "
        f"effect on gaps and {pct(shapley(one, 'broker_executive').share)} of the one-off scheme's",
        f"the rest of the one-off scheme's ({pct(shapley(one, 'grouping').share)} and "
        f"{pct(shapley(one, 'startup_funding').share)})",
        f"({pct(partners.share)} and {pct(shapley(rec, 'grouping', 'schools_in_active_partnership|le110').share)} "
        f"of the {whole(partners.total)} more small schools in one)",
        f"as many small schools in an active partnership as no programme ({whole(active[one]['median'])}, "
        f"uncertain), against {whole(active[rec]['median'])} more",
        f"({whole(active_wh[one]['median'])} uncertain, +{whole(active_wh[rec]['median'])} robust;",
        f"floor (by about {floor[0]}, {floor[1]} and {floor[2]} a year",
        f"good or outstanding by about {whole(100 * good[rec]['median'])} points and the executive push by about "
        f"{whole(100 * good[ex]['median'])}",
        f"+{whole(100 * good[one]['median'])} points is uncertain ({pct(good[one]['share_sign_holds'])} of draws)",
        f"({whole(away[rec]['median'])} and {whole(away[ex]['median'])} fewer leave",
        f"one-off scheme's {tenth(away[one]['median'])} fewer is",
        f"+{thousands_k(ce.loc[one, 'extra_public_cost'] / years)} for the one-off scheme",
        f"+{thousands_k(ce.loc[ex, 'extra_public_cost'] / years)} for the executive push",
        f"school budgets pay +{thousands_k(ce.loc[ex, 'extra_school_cost'] / years)} a year more under the push",
        f"about {thousands_k(levers.loc[(ex, 'broker_executive'), 'full_cost_per_gap_term_averted'])} per gap term "
        "averted under the push",
        f"about {thousands_k(levers.loc[(rec, 'startup_funding'), 'public_cost_per_gap_term_averted'])} of public "
        f"money per gap term averted and "
        f"{thousands_k(levers.loc[(rec, 'startup_funding'), 'public_cost_per_extra_school_in_partnership'])} per "
        "extra school in a partnership",
        f"A consultant head costs {thousands_k(ce.loc[one, 'consultant_head_per_term'])} a term",
    ]


def test_scenarios_md_quotes_the_worked_example(example):
    text = " ".join(_text(ROOT / "docs" / "scenarios.md").split())
    missing = [q for q in quoted(example) if " ".join(q.split()) not in text]
    assert not missing, "docs/scenarios.md no longer says what docs/worked_example/ says:\n" + "\n".join(missing)


def test_the_one_off_scheme_s_money_and_grouping_buy_nothing_measurable_on_their_own():
    """What docs/scenarios.md says of the lever prices: the one-off scheme's grouping and start-up money
    have no price per gap term averted, for their effect is not measurable."""
    ce = pd.read_csv(EXAMPLE / "cost_effectiveness.csv").set_index(["scenario", "lever"])
    for lever in ("grouping", "startup_funding"):
        row = ce.loc[("revised_one_off", lever)]
        assert pd.isna(row.public_cost_per_gap_term_averted) and "buys nothing measurable" in row.note


def test_the_design_the_docs_state_is_the_example_s(example):
    """README and scenarios.md: draws, counties, seed, and how many parameters the draws vary."""
    report = example[0]
    design = f"{report['draws']} parameter draws × {report['counties']} synthetic counties × {report['seeds']} seed"
    assert design in _text(ROOT / "README.md").replace("\n", " ")
    first = _text(EXAMPLE / "report.md")
    calibrated, others = re.search(r"the (\d+) calibrated parameters .*? and (\d+) other assumptions", first).groups()
    for doc in (ROOT / "README.md", ROOT / "docs" / "scenarios.md"):
        text = " ".join(_text(doc).split())
        assert f"{calibrated} calibrated parameters" in text and f"{others} other assumptions" in text, doc.name
    columns = pd.read_csv(EXAMPLE / "draws.csv", nrows=0).columns
    assert len([c for c in columns if c != "draw"]) == int(calibrated) + int(others)


def test_the_county_the_docs_describe():
    """'276 primaries, 99 of them with 110 pupils or fewer' (README, dashboard guide) is the configured county."""
    from sim.running.config import compose_config, load_config

    region = load_config(compose_config(["region=lincolnshire"])).region
    small = sum(b.count for b in region.size_bands if b.hi <= 110)
    assert f"{region.n_schools} primaries" in _text(ROOT / "README.md")
    assert f"{region.n_schools} primaries, {small} of them" in _text(ROOT / "docs" / "dashboard.md")


# ----- times ---------------------------------------------------------------------------------------

TIMINGS = json.loads(_text(ROOT / "docs" / "timings.json"))["commands"]


def _runs(command: str) -> list[int]:
    entry = TIMINGS[command]
    return (
        [r["seconds"] for r in TIMINGS[entry["same_as"]]["runs"]]
        if "same_as" in entry
        else [r["seconds"] for r in entry["runs"]]
    )


def minutes_seconds(seconds: int) -> str:
    return f"{seconds // 60} min {seconds % 60} s"


TIME = re.compile(r"~\s*(\d+) min\b|(\d+) min (\d+) s|(\d+) min measured")


def test_every_time_the_readme_states_is_measured():
    """A time on a README line names a command recorded in docs/timings.json and agrees with its runs:
    an exact time is one of the runs (a range: the fastest and slowest), '~N min' within 20% of one."""
    readme = _text(ROOT / "README.md")
    checked = 0
    for line in readme.splitlines():
        times = TIME.findall(line)
        if not times:
            continue
        commands = [c for c in TIMINGS if c in line] or (
            ["python -m experiments.compare"] if "installation on a 2-core laptop" in line else []
        )
        assert commands, f"README states a time for something docs/timings.json does not record: {line.strip()}"
        runs = _runs(commands[0])
        for approx, m, s, measured in times:
            if approx:
                assert any(abs(int(approx) * 60 - r) <= 0.2 * r for r in runs), line
            elif m:
                assert int(m) * 60 + int(s) in runs, line
            else:
                assert any(int(measured) == round(r / 60) for r in runs), line
            checked += 1
    main = _runs("python -m experiments.compare")
    span = f"{minutes_seconds(min(main))} to {minutes_seconds(max(main))}"
    assert readme.count(span) >= 2, f"the main job and publish_example should both state {span}"
    assert checked >= 4
