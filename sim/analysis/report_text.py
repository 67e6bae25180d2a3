"""A comparison report's text (report.md): one function per section over one ``ReportData``.

``sim.running.report`` reads the results store, makes the tables and figures and gathers them in
a ``ReportData``; ``markdown`` joins the sections' lines, in ``SECTIONS`` order. Each section
reads only the data object, so a section can be changed, tested or left out on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from sim.analysis import robustness
from sim.analysis.report import COSTS, METRIC_TITLES, PLAIN, SPLIT, varying

# The words of a statement for a larger and a smaller value ("more"/"fewer" for the rest).
STATEMENT_WORDS = {
    "public_cost": ("more", "less"),
    "school_cost": ("more", "less"),
    "full_cost": ("more", "less"),
    "quality": ("higher", "lower"),
    "partnership_activity": ("higher", "lower"),
    "leadership_time": ("more", "less"),
}
RANKING_DRAWS = 300  # draws it takes to rank the assumptions (docs/uncertainty.md)
TERMS_PER_YEAR = 3
# Measures that are shares (0-1): levels as percentages, differences as percentage points.
SHARES = {"good_or_better", "ks2_l4_rate", "leadership_time", "led_by_head_of_3plus", "partnership_activity"}
SCORES = {"quality", "schools_per_executive_head"}  # no natural unit: two decimals
# Totals of small-school terms: each also given as a share of the small schools' terms in the report years.
SMALL_SCHOOL_TERMS = {"gap_terms|le110", "leadership_short_terms|le110"}
# How a sentence names a measure, where sim.analysis.report's PLAIN has no entry.
NAMES = {
    "leadership_time|le110": "head-time present per small school (share of a full-time head's week)",
    "leadership_short_terms|le110": "small-school terms below the leadership floor",
    "schools_per_executive_head|all": "schools per executive head",
    "led_by_head_of_3plus|le110": "small schools led by a head of three or more schools (share)",
}


@dataclass
class ReportData:
    """Everything report.md says, gathered before a word is written: the comparison's shape and
    the tables its sections read (each also written beside the report as a CSV)."""

    scenarios: list[str]
    baseline: str
    risk_scenario: str
    years: list[int]  # the report window: the years every statement sums over
    horizon: list[int]  # every simulated year
    size: dict[str, int]  # distinct draws, counties and seeds among the runs
    n_small: int  # county 0's schools of 110 pupils or fewer
    drawn: str  # what the parameter draws vary, in words
    descriptions: dict[str, str]  # each scenario's one-line description ('' if none)
    robust: pd.DataFrame  # robustness.csv: the statements over the report window
    whole: pd.DataFrame  # robustness_whole_horizon.csv: the same over every simulated year
    draws: pd.DataFrame  # draws.csv: each draw's parameter values
    sensitivity: pd.DataFrame  # sensitivity_of_differences.csv (empty: too few draws)
    levers: pd.DataFrame | None  # lever_decomposition.csv (None: no lever subsets were run)
    cost_effectiveness: pd.DataFrame  # cost_effectiveness.csv
    money: pd.DataFrame  # money_by_source.csv, indexed by scenario
    register: pd.DataFrame  # risk_register.csv, most at risk first
    caveats: list[str]  # the validation scorecard's misses
    register_file: str = ""  # the register file the county's schools come from ('' for a synthetic county)
    heads_file: str = ""  # the file of heads' ages and start years replacing the drawn ones ('' for none)
    version: str = "unknown"  # the project's version the report was made with
    commit: str = "unknown"  # its git commit (short hash, '+dirty' with uncommitted changes)


def fmt(x: float, money: bool = False) -> str:
    """A number as the report's tables show it: '–' if missing, money in £k or £m, else at most
    three significant figures and two decimals (whole numbers from 100)."""
    if pd.isna(x):
        return "–"
    if money:
        return pounds(x)
    if abs(x) >= 100:
        return f"{x:,.0f}"
    x = round(float(x), 2)
    return "0" if x == 0 else f"{x:.3g}"


def pounds(x: float) -> str:
    """Money in words a reader takes in at a glance: '£2.4m', '£195k', '£950' ('–' if missing)."""
    if pd.isna(x):
        return "–"
    sign = "-" if x < 0 else ""
    x = abs(float(x))
    if x >= 999_500:
        return f"{sign}£{x / 1e6:.1f}m"
    if x >= 1e3:
        return f"{sign}£{x / 1e3:,.0f}k"
    return f"{sign}£{x:,.0f}"


LONG_DECIMAL = re.compile(r"-?\d+\.\d{3,}")


def tidy(text: object) -> str:
    """Text from a table with every number of three or more decimals written as ``fmt`` writes it."""
    if not isinstance(text, str):
        return "" if text is None or pd.isna(text) else str(text)
    return LONG_DECIMAL.sub(lambda m: fmt(float(m[0])), text)


def per_year(x: float, n_years: int) -> str:
    """Money over the report window as a yearly figure: '£195k a year'."""
    return f"{pounds(x / max(1, n_years))} a year"


def kind(measure: str) -> str:
    """How a measure's numbers read: 'money', 'share', 'score' or 'count'."""
    base = measure.split("|")[0]
    if base in COSTS:
        return "money"
    return "share" if base in SHARES else "score" if base in SCORES else "count"


def level(x: float, measure: str) -> str:
    """A measure's level (a scenario's median) in its unit: shares as percentages, money in £k/£m."""
    if pd.isna(x):
        return "–"
    k = kind(measure)
    if k == "share":
        return f"{100 * x:.1f}%"
    if k == "score":
        return f"{x:.2f}"
    return fmt(x, money=k == "money")


def difference(x: float, measure: str) -> str:
    """A paired difference in its unit: shares in percentage points, money in £k/£m."""
    if pd.isna(x):
        return "n/a"
    k = kind(measure)
    if k == "share":
        return f"{100 * x:.1f} points"
    if k == "score":
        return "0" if round(x, 2) == 0 else f"{x:.2f}"
    return fmt(x, money=k == "money")


def count(n: int, one: str, many: str | None = None) -> str:
    """'1 seed', '2 seeds'."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def academic_years(years: list[int]) -> str:
    """'2012/13–2021/22': the academic years from the first of ``years`` to the last."""
    return f"{years[0]}/{str(years[0] + 1)[2:]}–{years[-1]}/{str(years[-1] + 1)[2:]}"


def label(measure: str) -> str:
    """How a sentence names a measure."""
    return PLAIN.get(measure) or NAMES.get(measure) or measure.split("|")[0].replace("_", " ")


def small_terms(d: ReportData) -> int:
    """The small schools' terms in the report window: the denominator of every per-school rate."""
    return d.n_small * TERMS_PER_YEAR * len(d.years)


def of_terms(x: float, d: ReportData) -> str:
    """A total of small-school terms as a share of all of them: '8% of the small schools' terms'."""
    total = small_terms(d)
    return "" if not total or pd.isna(x) else f"{abs(x) / total:.1%} of the small schools' terms"


def _statement(d: ReportData, measure: str, scenario: str) -> pd.Series | None:
    """One row of robustness.csv, or None when the comparison did not make it."""
    if not len(d.robust) or "measure" not in d.robust:
        return None
    rows = d.robust[(d.robust.measure == measure) & (d.robust.scenario == scenario)]
    return rows.iloc[0] if len(rows) else None


def section_title(d: ReportData) -> list[str]:
    """The title and the code the numbers come from (version and commit)."""
    return [
        f"# Scenario comparison ({academic_years(d.years)})",
        "",
        f"Made with version {d.version}, commit {d.commit}. The numbers change when the model does: "
        "CHANGELOG.md says when and why.",
        "",
    ]


IN_SHORT_WORDS = 150  # the most words "In short" may take


def _verdict(row: pd.Series) -> str:
    """' (uncertain)' after a statement that is not robust; robust ones go unmarked in "In short"."""
    return "" if row.label == "robust" else f" ({row.label})"


def _in_short_scenario(d: ReportData, scenario: str) -> str:
    """One policy in a line: leadership, gap terms, the yearly cost, each marked when not robust."""
    parts = []
    lead = _statement(d, "leadership_time|le110", scenario)
    if lead is not None and not pd.isna(lead["median"]):
        parts.append(f"head-time present {100 * lead['median']:+.1f} points{_verdict(lead)}")
    short = _statement(d, "leadership_short_terms|le110", scenario)
    if short is not None and not pd.isna(short["median"]):
        more = "fewer" if short["median"] <= 0 else "more"
        amount = "no change in" if round(short["median"], 2) == 0 else f"{fmt(abs(short['median']))} {more}"
        parts.append(f"{amount} terms below the floor{_verdict(short)}")
    gap = _statement(d, "gap_terms|le110", scenario)
    if gap is not None and not pd.isna(gap["median"]):
        change = gap["median"] / gap.baseline_median if gap.baseline_median else np.nan
        pct = "" if pd.isna(change) else f" ({change:+.0%})"
        more = "fewer" if gap["median"] <= 0 else "more"
        amount = "no change in" if round(gap["median"], 2) == 0 else f"{fmt(abs(gap['median']))} {more}"
        parts.append(f"{amount} gap terms{pct if amount != 'no change in' else ''}{_verdict(gap)}")
    public, full = _statement(d, "public_cost|all", scenario), _statement(d, "full_cost|all", scenario)
    if public is not None:
        n = len(d.years)
        sign = "+" if public["median"] >= 0 else ""
        money = f"{sign}{per_year(public['median'], n)} public money{_verdict(public)}"
        if full is not None:
            money += f", {pounds(full['median'] / max(1, n))} with school budgets{_verdict(full)}"
        parts.append(money)
    return f"- **{scenario}**: " + "; ".join(parts) + "."


def section_in_short(d: ReportData) -> list[str]:
    """The answer first, in at most ``IN_SHORT_WORDS`` words: what each policy does to small schools'
    leadership and headship gaps over the report years, how sure, what it costs a year, what it rests on."""
    from sim.analysis import difference_sensitivity as ds

    others = [s for s in d.scenarios if s != d.baseline]
    lead = f"Over {academic_years(d.years)}, against **{d.baseline}**, for the {d.n_small} small schools (≤110 pupils):"
    n = d.size["draw"] if d.size else 0
    sure = f"Each is robust (true in at least 90% of {count(n, 'parameter draw')}) unless marked uncertain."
    rests = (
        "It rests on mechanisms and a calibration from Lincolnshire's documents; money is in the model's "
        "nominal pounds of the documents' years."
    )
    decide = ds.what_to_measure(d.sensitivity) if d.sensitivity is not None and not d.sensitivity.empty else None
    if decide is not None and len(decide):
        names = list(dict.fromkeys(decide.sort_values("delta", ascending=False).parameter))[:2]
        rests += " Decided most by " + " and ".join(f"`{p}`" for p in names) + "."
    elif decide is not None:
        rests += " No single assumption decides it."
    lines = ["## In short", "", lead, ""]
    budget = IN_SHORT_WORDS - sum(len(x.split()) for x in (*lines, sure, rests)) - 5
    shown = 0
    for scenario in others:
        line = _in_short_scenario(d, scenario)
        if len(line.split()) > budget:
            break
        lines.append(line)
        budget -= len(line.split())
        shown += 1
    if shown < len(others):
        lines.append(f"- {count(len(others) - shown, 'more policy', 'more policies')}: below.")
    return [*lines, "", f"{sure} {rests}", ""]


def section_design(d: ReportData) -> list[str]:
    """How every difference below was made: the design, the one statistic, the labels."""
    n_runs = d.size["draw"] * d.size["county"] * d.size["seed"]
    return [
        "## How the comparison was made",
        "",
        f"Baseline for differences: **{d.baseline}**. Every scenario ran on the same {d.size['draw']} parameter "
        f"draws (draw 0 = the defaults; {d.drawn}) x {count(d.size['county'], 'synthetic county', 'synthetic counties')} x {count(d.size['seed'], 'seed')}: {n_runs} paired runs each. "
        "Every difference below is the **median of the paired differences** (scenario minus baseline, run by "
        "run), with its 10–90% interval over all of that uncertainty, and the share of parameter draws "
        "(averaged over counties and seeds) in which its sign holds: **robust** when it holds in at least 90% "
        f"of draws, otherwise **uncertain**. County 0 (the county as configured; the others are synthetic "
        f"variants of it) has {d.n_small} schools of 110 pupils or fewer. Terms are explained in the glossary at the end.",
        "",
    ]


def section_scenarios(d: ReportData) -> list[str]:
    """Each scenario in a line, the headline figure and the years it and the statements cover."""
    last = d.horizon[-1]
    return [
        "## The scenarios",
        "",
        *[f"- **{name}**: {d.descriptions.get(name) or '(no description)'}" for name in d.scenarios],
        "",
        "![headline measures](headlines.png)",
        "",
        f"The figure runs to {last}/{str(last + 1)[2:]}; the shaded years ({academic_years(d.years)}) are the "
        f"{len(d.years)} the statements below sum over, and the table after them covers all {len(d.horizon)}.",
        "",
    ]


CHANGES = [  # the measures "What each policy changes" states, in order
    "leadership_time|le110",
    "leadership_short_terms|le110",
    "gap_terms|le110",
    "unfilled_vacancies|all",
    "schools_in_active_partnership|le110",
    "executive_heads|all",
    "schools_per_executive_head|all",
    "led_by_head_of_3plus|le110",
    "federations|all",
    "exits.moved_away|all",
    "good_or_better|le110",
    "ks2_l4_rate|all",
    "below_floor|all",
    "quality|le110",
    "public_cost|all",
    "school_cost|all",
    "full_cost|all",
]
HOW = {"sum": "total over the period", "mean": "yearly mean", "last": "at the end of the period"}
# The validation targets (docs/validation.csv ids, by prefix) whose miss qualifies a measure's statements.
CAVEAT_MEASURES = {
    "below_floor": "below_floor|all",
    "vacancies": "unfilled_vacancies|all",
    "small_schools_": "schools_in_active_partnership|le110",
    "active_partnerships": "schools_in_active_partnership|le110",
    "partnerships_with": "schools_in_active_partnership|le110",
    "good_or_better": "good_or_better|le110",
    "grade3": "good_or_better|le110",
    "ks2": "ks2_l4_rate|all",
    "retirements": "gap_terms|le110",
    "programme_money": "public_cost|all",
}
MEASURE_CAVEATS = {  # what a measure is, said where it is stated
    "quality|le110": "a latent score (no unit; the shares of good schools and of pupils at the expected KS2 level "
    "below read the same model in units people know)",
    "good_or_better|le110": "shares in percentage points",
    "ks2_l4_rate|all": "shares in percentage points",
    "leadership_time|le110": "share of a full-time head's week, differences in percentage points",
}


def _caveats_for(d: ReportData, measure: str) -> list[str]:
    """The validation misses that qualify one measure's statements (their ids, from ``d.caveats``)."""
    found = []
    for c in d.caveats or []:
        if not c.startswith("`"):
            continue
        target = c[1:].split("`", 1)[0]
        if any(target.startswith(p) and m == measure for p, m in CAVEAT_MEASURES.items()):
            found.append(c)
    return found


def _short_caveat(caveat: str) -> str:
    """'`vacancies_total` documented 40, model 50' from a caveat line of ``d.caveats``."""
    found = re.match(r"(`[^`]+`).*?documented ([^,]+), model median (\S+)", caveat)
    return f"{found[1]} documented {found[2]}, model {found[3]}" if found else caveat


def _level_note(x: float, measure: str, d: ReportData) -> str:
    """A level with its per-school or per-year rate: '230, 7.7% of the small schools' terms', '£2.4m, £241k a year'."""
    text = level(x, measure)
    if measure in SMALL_SCHOOL_TERMS and d.n_small:
        return f"{text} school-terms, {of_terms(x, d)}"
    if kind(measure) == "money" and not pd.isna(x):
        return f"{text}, {per_year(x, len(d.years))}"
    return text


def section_changes(d: ReportData) -> list[str]:
    """Every policy against the baseline, measure by measure: one sentence per policy (robustness.csv),
    each with its rate per school or per year, and the caveats that qualify it."""
    lines = [f"## What each policy changes ({academic_years(d.years)})", ""]
    if d.n_small:
        lines += [
            f"Small schools' terms in these years: {d.n_small} schools x {TERMS_PER_YEAR * len(d.years)} terms = "
            f"{small_terms(d):,}.",
            "",
        ]
    key = d.robust[d.robust.scenario != d.baseline] if len(d.robust) else d.robust
    for measure in CHANGES:
        rows = key[key.measure == measure] if len(key) else key
        if len(rows) == 0:
            continue
        first = rows.iloc[0]
        note = MEASURE_CAVEATS.get(measure)
        lines.append(
            f"**{first.title}** ({HOW.get(first.summary, first.summary)}; {d.baseline}: "
            f"{_level_note(first.baseline_median, measure, d)}){'; ' + note if note else ''}"
        )
        lines.append("")
        words = STATEMENT_WORDS.get(measure.split("|")[0], ("more", "fewer"))
        for _, r in rows.iterrows():
            text = robustness.sentence(
                r.to_dict(), labels={measure: label(measure)}, words=words, fmt=partial(difference, measure=measure)
            )
            extra = f"{r.scenario}: {_level_note(r.scenario_median, measure, d)}"
            if measure in SMALL_SCHOOL_TERMS and d.n_small:
                extra += f"; the difference is {of_terms(r['median'], d)}"
            elif kind(measure) == "money":
                extra += f"; the difference is {per_year(r['median'], len(d.years))}"
            lines.append(f"- {text} ({extra})")
        misses = _caveats_for(d, measure)
        if misses:
            lines.append(
                f"- *Caveat*: the model misses {count(len(misses), 'documented figure')} behind this measure "
                "(validation; full list under Caveats): " + "; ".join(_short_caveat(c) for c in misses)
            )
        lines.append("")
    return lines


def section_whole_horizon(d: ReportData) -> list[str]:
    """The split measures over every simulated year, when the report window is shorter than that."""
    if not len(d.whole) or len(d.horizon) == len(d.years):
        return []
    lines = [
        f"## After {len(d.horizon)} years ({academic_years(d.horizon)})",
        "",
        "| measure | scenario | median paired difference | 10–90% | sign holds in | verdict |",
        "|---|---|---|---|---|---|",
    ]
    whole = d.whole
    keep = [*SPLIT, "federations|all", "executive_heads|all", "leadership_time|le110", "leadership_short_terms|le110"]
    shown = (whole.scenario != d.baseline) & whole.measure.isin(keep)
    for r in whole[shown].itertuples():
        lines.append(
            f"| {r.title} | {r.scenario} | {difference(r.median, r.measure)} | {difference(r.low, r.measure)} to "
            f"{difference(r.high, r.measure)} | {r.share_sign_holds:.0%} of {r.n_draws} draws | {r.label} |"
        )
    return [*lines, "", "Every measure over the whole horizon: `robustness_whole_horizon.csv`.", ""]


def section_what_decides(d: ReportData) -> list[str]:
    """Which sampled assumptions move each headline difference (sensitivity_of_differences.csv),
    and where the PRIM boxes are (scenario_discovery.md)."""
    from sim.analysis import difference_sensitivity as ds

    n, n_params = len(d.draws), len(varying(d.draws))
    lines = ["## Which assumptions decide the answer", ""]
    if d.sensitivity.empty:
        lines += [
            f"With {n} parameter draw{'s' if n != 1 else ''} no sensitivity index is computed (at least "
            f"{ds.MIN_DRAWS} are needed, and a few hundred for a ranking to trust): rerun with more draws, "
            "e.g. `draws=200 seeds=2 counties=2`.",
            "",
        ]
    else:
        decide = ds.what_to_measure(d.sensitivity)
        lines += [
            f"Moment-independent sensitivity (SALib delta) of each draw's mean paired difference to the "
            f"{n_params} sampled parameters, over {n} draws (`sensitivity_of_differences.csv`). "
            "**Measure these to narrow the answer** (delta's whole interval above the intervals of "
            f"{n_params} dummy columns of random numbers, which decide nothing):",
            "",
        ]
        if decide.empty:
            lines += [
                f"- none stands out from the noise with {n} draws: every parameter scores within what a column "
                f"of random numbers reaches by chance (rerun with more draws, e.g. `draws={RANKING_DRAWS}`, to rank them).",
                "",
            ]
        for (measure, scenario), g in decide.groupby(["measure", "scenario"], sort=False):
            names = ", ".join(f"`{p}` (delta {delta:.2f})" for p, delta in zip(g.parameter, g.delta))
            lines.append(f"- {label(measure)}, {scenario} against {d.baseline}: {names}")
        if n < RANKING_DRAWS:
            lines += [
                "",
                f"With {n} draws this is a pointer, not a ranking: on planted problems of this size about one "
                "comparison in fifteen flags a parameter by chance, and most real drivers go unflagged "
                f"(docs/uncertainty.md); rank the assumptions with a few hundred draws (`draws={RANKING_DRAWS}`).",
            ]
        lines.append("")
    return [*lines, "Where each policy stops beating the baseline, by PRIM boxes: `scenario_discovery.md`.", ""]


def _part(x: float, measure: str, n_years: int) -> str:
    """A lever's part in readable units: money in £k a year, the rest as ``difference``."""
    return per_year(x, n_years) if kind(measure) == "money" else difference(x, measure)


def _shapley(d: ReportData) -> pd.DataFrame:
    """The Shapley rows of the lever split (empty when no lever subsets were run)."""
    if d.levers is None or not len(d.levers):
        return pd.DataFrame(columns=["scenario", "measure", "lever", "contribution", "total", "share", "n_runs"])
    return d.levers[d.levers.method == "shapley"]


def section_levers(d: ReportData) -> list[str]:
    """Each scenario's effect split among its levers by Shapley values (lever_decomposition.csv)."""
    if d.levers is None:
        return []
    shapley = _shapley(d)
    n_pairs = int(shapley.n_runs.max()) if len(shapley) else 0
    lines = [
        "## Effects split by lever",
        "",
        f"Each scenario's effect against the same scenario with none of its levers on, split among its levers "
        f"by Shapley values (exact, over every subset of levers, {count(n_pairs, 'paired run')}: the first draws, "
        "county 0, every seed); the parts add up to the whole effect (means over run pairs, so they can differ "
        "from the medians above). Money is per year. A lever's share of the whole is given only where every part "
        "pulls the same way. `lever_decomposition.csv` also holds each lever alone and each lever last.",
        "",
        "![levers](lever_decomposition.png)",
        "",
    ]
    n = len(d.years)
    for measure in SPLIT:
        rows = shapley[shapley.measure == measure]
        if rows.empty:
            continue
        lines.append(f"**{METRIC_TITLES.get(measure, label(measure))}**")
        lines.append("")
        for scenario, g in rows.groupby("scenario", sort=False):
            total = g.total.iloc[0]
            small = g.contribution.abs() < 0.02 * max(abs(total), 1e-9)  # too small to pull either way
            same_way = bool(((np.sign(g.contribution) == np.sign(total)) | small).all())
            parts = ", ".join(
                f"{r.lever.replace('_', ' ')} {_part(r.contribution, measure, n)}"
                + (f" ({r.share:.0%})" if same_way and not pd.isna(r.share) else "")
                for r in g.sort_values("contribution", key=abs, ascending=False).itertuples()
            )
            pull = "" if same_way else "; the parts pull in opposite directions"
            lines.append(f"- {scenario} (whole effect {_part(total, measure, n)}{pull}): {parts}")
        lines.append("")
    return lines


def _price(cost: float, units: float, per: str) -> str:
    """£ per unit bought ('£16k per term averted'), or why there is no price."""
    if pd.isna(cost) or pd.isna(units):
        return "–"
    if units <= 0:
        return f"buys no {per}"
    if cost <= 0:
        return "saves money"
    return f"{pounds(cost / units)} per {per}"


def _lever_lines(d: ReportData, scenario: str) -> list[str]:
    """Each lever of a scenario with its own cost against its own effect (the Shapley split): never one
    lever's cost over another's effect."""
    shapley = _shapley(d)
    rows = shapley[shapley.scenario == scenario]
    if rows.empty:
        return []
    n = len(d.years)
    out = []
    for lever, g in rows.groupby("lever", sort=False):
        part = dict(zip(g.measure, g.contribution))
        gap, money = part.get("gap_terms|le110", np.nan), part.get("public_cost|all", np.nan)
        what = (
            "–"
            if pd.isna(gap)
            else "no change in gap terms"
            if round(gap, 2) == 0
            else f"{fmt(abs(gap))} {'fewer' if gap < 0 else 'more'} gap terms"
        )
        spend = "–" if pd.isna(money) else f"{'+' if money >= 0 else ''}{per_year(money, n)} public money"
        price = _price(money, -gap, "gap term averted") if abs(gap) >= 0.5 else "no measurable effect on gap terms"
        out.append(f"  - {lever.replace('_', ' ')}: {what}, {spend}: {price}")
    return out


def section_cost_effectiveness(d: ReportData) -> list[str]:
    """What the extra money buys, per policy and per lever, with a consultant head's cost as the comparator."""
    n = len(d.years)
    lines = [
        "## Cost-effectiveness",
        "",
        "Ratios of the median paired differences above: extra money over small-school gap terms averted, or over "
        "extra small schools in an active partnership. Public money is the programme, the authority and a "
        "lump-sum rise paid as new money; the full cost adds school budgets (release cover, transport, executive "
        "pay uplifts, head-of-school allowances). Money is per year of the report window, in the model's nominal "
        "pounds; the range is the 10–90% of the same ratio over the parameter draws that bought something (a "
        "negative price: a draw in which it saved that money). Each lever's row (where the table "
        "splits them) prices that lever's own cost against its own effect.",
        "",
        "| scenario | lever | gap terms averted (per 100 small schools) | extra public money | £ public per gap term "
        "averted (10–90%) | extra full cost | £ full cost per gap term averted (10–90%) | extra schools in active "
        "partnership | £ public per extra school | note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    ce = d.cost_effectiveness
    lever_of = ce["lever"] if "lever" in ce else pd.Series("all", index=ce.index)

    def get(r: pd.Series, column: str) -> float:
        return r[column] if column in r and not pd.isna(r[column]) else np.nan

    def ranged(r: pd.Series, kind_: str) -> str:
        value = pounds(get(r, f"{kind_}_cost_per_gap_term_averted"))
        low, high = get(r, f"{kind_}_cost_per_gap_term_averted_p10"), get(r, f"{kind_}_cost_per_gap_term_averted_p90")
        return value if pd.isna(low) else f"{value} ({pounds(low)} – {pounds(high)})"

    for (_, r), lever in zip(ce.iterrows(), lever_of):
        name = "all levers" if lever in ("all", "") or pd.isna(lever) else str(lever).replace("_", " ")
        note = tidy(r.get("note", "")) if "note" in r else ""
        lines.append(
            f"| {r.scenario} | {name} | {fmt(get(r, 'small_school_gap_terms_averted'))} "
            f"({fmt(get(r, 'averted_per_100_small_schools'))}) | {per_year(get(r, 'extra_public_cost'), n)} | "
            f"{ranged(r, 'public')} | {per_year(get(r, 'extra_full_cost'), n)} | {ranged(r, 'full')} | "
            f"{fmt(get(r, 'extra_small_schools_in_active_partnership'))} | "
            f"{pounds(get(r, 'public_cost_per_extra_school_in_partnership'))} | {note} |"
        )
    consultant = ce.consultant_head_per_term.iloc[0] if len(ce) and "consultant_head_per_term" in ce else np.nan
    lines += [
        "",
        f"Comparator: a consultant head, the authority's fallback for a school without a head, costs "
        f"{pounds(consultant)} a term (`params.recruitment.consultant_cost_per_term`). A policy whose cost per gap "
        "term averted is below that pays for itself against covering the gap. A dash means no price per unit "
        "exists: the scenario averted nothing, added no schools, or cost less than the baseline.",
        "",
    ]
    split = [s for s in d.scenarios if s != d.baseline and _lever_lines(d, s)]
    if split and "lever" not in ce:  # a table with a lever column has each lever's row beside its scenario
        lines += ["Each lever's part (the Shapley split above: its own effect and its own public money):", ""]
        for scenario in split:
            lines += [f"- {scenario}:", *_lever_lines(d, scenario)]
        lines.append("")
    return lines


def section_money(d: ReportData) -> list[str]:
    """Money spent by source, per scenario (money_by_source.csv), a year and in all."""
    n = len(d.years)
    lines = [
        f"## Money by source (median of the runs; £ a year over {academic_years(d.years)}, the model's nominal pounds)",
        "",
        "![money](money.png)",
        "",
        "| scenario | " + " | ".join(d.money.columns) + " | total over the period |",
        "|---|" + "---|" * (len(d.money.columns) + 1),
    ]
    for scenario, r in d.money.iterrows():
        lines.append(
            f"| {scenario} | " + " | ".join(pounds(v / max(1, n)) for v in r.values) + f" | {pounds(r.sum())} |"
        )
    return [*lines, ""]


def _register_caveat(d: ReportData) -> list[str]:
    """For a county read from a register: where its heads' ages and tenures come from, and whose
    mechanisms and calibration the answers rest on (nothing for a synthetic county)."""
    if not d.register_file:
        return []
    heads = (
        f"the heads' ages and start years are those of `{d.heads_file}` at the schools it lists and drawn at the others"
        if d.heads_file
        else "every head's age and time in post here is drawn"
    )
    return [
        f"The schools come from the register file `{d.register_file}`. The register (GIAS) holds no heads' ages or "
        f"tenures: {heads}, so each school's chance above rests on them. The mechanisms and their calibration are "
        "Lincolnshire's (docs/calibration.md), not this county's.",
        "",
    ]


def _ranges_say_something(d: ReportData) -> bool:
    """Whether the register's range over draws tells anything: enough seeds per draw for a draw's own
    chance to be more than 0% or 100%, and not every school's range 0-100%."""
    r = d.register
    if "p_gap_3y_draw_p10" not in r or r.p_gap_3y_draw_p10.isna().all() or d.size.get("seed", 1) < 5:
        return False
    return not ((r.p_gap_3y_draw_p10 <= 0) & (r.p_gap_3y_draw_p90 >= 1)).all()


def section_risk_register(d: ReportData) -> list[str]:
    """The ten schools most at risk of a headship gap under the risk scenario, and why (risk_register.csv)."""
    ranges = _ranges_say_something(d)
    runs = d.size["draw"] * d.size["seed"]
    how = (
        "in brackets, the 10–90% range of the 3-year chance over parameter draws"
        if ranges
        else f"no range over draws is shown: with {count(d.size['seed'], 'seed')} per draw a draw's own chance is "
        "too coarse (0% or 100% with one seed)"
    )
    lines = [
        f"## Succession-risk register ({d.risk_scenario})",
        "",
        f"Schools of county 0 under **{d.risk_scenario}**: the chance of at least one term without a substantive "
        f"head, across its {count(runs, 'run')} (every draw and seed); {how}. With {count(runs, 'run')} a chance "
        f"moves in steps of {1 / max(1, runs):.0%}. Full table: `risk_register.csv`.",
        "",
        *_register_caveat(d),
        "![risk map](risk_map.png)",
        "",
        "| school | pupils | church | head age | expected applicants | partnership | executive cover nearby | "
        "1 year | 3 years | 5 years |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for _, r in d.register.head(10).iterrows():
        bracket = f" ({r.p_gap_3y_draw_p10:.0%}–{r.p_gap_3y_draw_p90:.0%})" if ranges else ""
        lines.append(
            f"| {r.school} | {r.roll} | {r.religion} | {fmt(r.head_age)} | {r.expected_applicants:.1f} | "
            f"{r.partnership_form} | {'yes' if r.executive_cover_available else 'no'} | {r.p_gap_1y:.0%} | "
            f"{r.p_gap_3y:.0%}{bracket} | {r.p_gap_5y:.0%} |"
        )
    return [*lines, ""]


def section_caveats(d: ReportData) -> list[str]:
    """The validation targets the model misses, and what uncertainty the comparison does not cover."""
    lines = ["## Caveats", ""]
    if d.caveats:
        lines += [
            "The validation scorecard (docs/validation.md) does not reproduce these targets (each also stands beside "
            "the statements it qualifies, above); read the answers that depend on them with care:",
            "",
            *[f"- {c}" for c in d.caveats],
        ]
    else:
        lines.append("Every target of the validation scorecard (docs/validation.md) is reproduced.")
    return [
        *lines,
        "",
        f"- The uncertainty covered is that of the {count(d.size['draw'], 'parameter draw')}, "
        f"{count(d.size['county'], 'synthetic county', 'synthetic counties')} and {count(d.size['seed'], 'seed')}; "
        "a statement labelled robust here may not be with more draws.",
        "- Money is in the model's nominal pounds of the documents' years (2012 onwards), not adjusted for inflation.",
        "",
    ]


GLOSSARY = [
    ("small school", "a primary school of 110 pupils or fewer."),
    ("gap term", "a term in which a school has no substantive (permanent) head: acting, interim or no cover."),
    ("head-time present", "the share of a full-time head's week a school gets from its head, executive head or cover."),
    ("leadership floor", "the least head-time a small school needs; a term below it is a term short of leadership."),
    ("executive head", "a head leading two or more schools."),
    ("active partnership", "a partnership of schools that works together in the year, not only on paper."),
    ("draw", "one set of values for the model's uncertain parameters; draw 0 is the defaults."),
    ("county 0", "the county as configured; other counties are synthetic variants with the same make-up."),
    ("seed", "one run's chance events; every scenario uses the same seeds, so runs pair up."),
    ("paired difference", "a scenario's result minus the baseline's in the same draw, county and seed."),
    ("10–90% interval", "the range holding the middle 80% of the paired differences."),
    ("sign holds", "the share of draws in which the difference points the same way as the median."),
    ("robust / uncertain", "the sign holds in at least 90% of draws / in fewer."),
    ("percentage points", "the difference between two percentages (60% to 62% is 2 points)."),
    ("latent quality", "the model's hidden school-quality score, with no unit; grades and KS2 shares derive from it."),
    ("Shapley value", "a lever's fair share of a policy's effect, averaged over every order of switching levers on."),
    ("SALib delta", "how much an assumption moves a difference (0: not at all)."),
    ("PRIM box", "a range of assumptions in which a policy stops beating the baseline."),
    ("nominal pounds", "pounds of the year they are spent in, not adjusted for inflation."),
]


def section_glossary(d: ReportData) -> list[str]:
    """Every term the report uses, one line each."""
    return ["## Glossary", "", *[f"- **{term}**: {meaning}" for term, meaning in GLOSSARY], ""]


def section_files(d: ReportData) -> list[str]:
    """The files beside report.md."""
    return [
        "Files: `robustness.csv` (every statement above), `paired_differences.csv` (every run pair, with its "
        "draw, county and seed), `cost_effectiveness.csv`, `money_by_source.csv`, "
        "`risk_register.csv`, the Parquet store in `measures/`, `risk/`, `drivers/` and every "
        f"scenario's resolved config in `configs/`. Each CSV's `version` and `commit` columns name the code "
        f"that made it (here {d.version}, {d.commit}).",
        "",
    ]


SECTIONS: tuple[Callable[[ReportData], list[str]], ...] = (
    section_title,
    section_in_short,
    section_design,
    section_scenarios,
    section_changes,
    section_whole_horizon,
    section_what_decides,
    section_levers,
    section_cost_effectiveness,
    section_money,
    section_risk_register,
    section_caveats,
    section_glossary,
    section_files,
)


def markdown(d: ReportData) -> str:
    """report.md: every section's lines, in ``SECTIONS`` order."""
    return "\n".join(line for section in SECTIONS for line in section(d))
