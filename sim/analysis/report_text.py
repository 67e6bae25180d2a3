"""A comparison report's text (report.md): one function per section over one ``ReportData``.

``sim.running.report`` reads the results store, makes the tables and figures and gathers them in
a ``ReportData``; ``markdown`` joins the sections' lines, in ``SECTIONS`` order. Each section
reads only the data object, so a section can be changed, tested or left out on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
}
RANKING_DRAWS = 300  # draws it takes to rank the assumptions (docs/uncertainty.md)


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


def fmt(x: float, money: bool = False) -> str:
    """A number as the report's tables show it: '–' if missing, whole pounds, else 1 decimal below 100."""
    if pd.isna(x):
        return "–"
    if money:
        return f"£{x:,.0f}"
    return f"{x:,.1f}" if abs(x) < 100 else f"{x:,.0f}"


def count(n: int, one: str, many: str | None = None) -> str:
    """'1 seed', '2 seeds'."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def academic_years(years: list[int]) -> str:
    """'2012/13–2021/22': the academic years from the first of ``years`` to the last."""
    return f"{years[0]}/{str(years[0] + 1)[2:]}–{years[-1]}/{str(years[-1] + 1)[2:]}"


def section_title(d: ReportData) -> list[str]:
    """The title and how to read every difference: the design, the one statistic, the labels."""
    n_runs = d.size["draw"] * d.size["county"] * d.size["seed"]
    return [
        f"# Scenario comparison ({academic_years(d.years)})",
        "",
        f"Baseline for differences: **{d.baseline}**. Every scenario ran on the same {d.size['draw']} parameter "
        f"draws (draw 0 = the defaults; {d.drawn}) x {count(d.size['county'], 'synthetic county', 'synthetic counties')} x {count(d.size['seed'], 'seed')}: {n_runs} paired runs each. "
        "Every difference below is the **median of the paired differences** (scenario minus baseline, run by "
        "run), with its 10–90% interval over all of that uncertainty, and the share of parameter draws "
        "(averaged over counties and seeds) in which its sign holds: **robust** when it holds in at least 90% "
        f"of draws, otherwise **uncertain**. County 0 has {d.n_small} schools of 110 pupils or fewer.",
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
        f"The figure runs to {last}/{str(last + 1)[2:]}; the statements below sum "
        f"over the first {len(d.years)} years ({academic_years(d.years)}), and the table after them over all {len(d.horizon)}.",
        "",
    ]


CHANGES = [  # the measures "What each policy changes" states, in order
    "gap_terms|le110",
    "unfilled_vacancies|all",
    "schools_in_active_partnership|le110",
    "executive_heads|all",
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


def section_changes(d: ReportData) -> list[str]:
    """Every policy against the baseline, measure by measure: one sentence per policy (robustness.csv)."""
    lines = ["## What each policy changes", ""]
    key = d.robust[d.robust.scenario != d.baseline] if len(d.robust) else d.robust
    for measure in CHANGES:
        rows = key[key.measure == measure] if len(key) else key
        if len(rows) == 0:
            continue
        is_money = measure.split("|")[0] in COSTS
        first = rows.iloc[0]
        lines.append(f"**{first.title}** ({HOW[first.summary]}; {d.baseline}: {fmt(first.baseline_median, is_money)})")
        lines.append("")
        words = STATEMENT_WORDS.get(measure.split("|")[0], ("more", "fewer"))
        number = (lambda x: fmt(x, True)) if is_money else robustness.format_number
        for _, r in rows.iterrows():
            lines.append(
                "- "
                + robustness.sentence(r.to_dict(), labels=PLAIN, words=words, fmt=number)
                + f" ({r.scenario}: {fmt(r.scenario_median, is_money)})"
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
    shown = (whole.scenario != d.baseline) & whole.measure.isin(SPLIT + ["federations|all", "executive_heads|all"])
    for r in whole[shown].itertuples():
        money_row = r.measure.split("|")[0] in COSTS
        lines.append(
            f"| {r.title} | {r.scenario} | {fmt(r.median, money_row)} | {fmt(r.low, money_row)} to "
            f"{fmt(r.high, money_row)} | {r.share_sign_holds:.0%} of {r.n_draws} draws | {r.label} |"
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
            lines.append(f"- {PLAIN.get(measure, measure)}, {scenario} against {d.baseline}: {names}")
        if n < RANKING_DRAWS:
            lines += [
                "",
                f"With {n} draws this is a pointer, not a ranking: on planted problems of this size about one "
                "comparison in fifteen flags a parameter by chance, and most real drivers go unflagged "
                f"(docs/uncertainty.md); rank the assumptions with a few hundred draws (`draws={RANKING_DRAWS}`).",
            ]
        lines.append("")
    return [*lines, "Where each policy stops beating the baseline, by PRIM boxes: `scenario_discovery.md`.", ""]


def section_levers(d: ReportData) -> list[str]:
    """Each scenario's effect split among its levers by Shapley values (lever_decomposition.csv)."""
    if d.levers is None:
        return []
    shapley = d.levers[d.levers.method == "shapley"]
    n_pairs = int(shapley.n_runs.max()) if len(shapley) else 0
    lines = [
        "## Effects split by lever",
        "",
        f"Each scenario's effect against the same scenario with none of its levers on, split among its levers "
        f"by Shapley values (exact, over every subset of levers, {n_pairs} paired runs: the first draws, county 0, "
        "every seed); the parts add up to the whole effect (means over run pairs, so they can differ from the "
        "medians above). `lever_decomposition.csv` also holds each lever alone and each lever last.",
        "",
        "![levers](lever_decomposition.png)",
        "",
    ]
    for measure in SPLIT:
        rows = shapley[shapley.measure == measure]
        if rows.empty:
            continue
        lines.append(f"**{METRIC_TITLES[measure]}**")
        lines.append("")
        for scenario, g in rows.groupby("scenario", sort=False):
            parts = ", ".join(
                f"{r.lever.replace('_', ' ')} {robustness.format_number(r.contribution)}"
                + ("" if pd.isna(r.share) else f" ({r.share:.0%})")
                for r in g.sort_values("contribution", key=abs, ascending=False).itertuples()
            )
            lines.append(f"- {scenario} (whole effect {robustness.format_number(g.total.iloc[0])}): {parts}")
        lines.append("")
    return lines


def _price_with_range(r: pd.Series, kind: str) -> str:
    """£ of ``kind`` (public, full) per gap term averted, with its 10-90% range over draws if there is one."""
    low, high = r[f"{kind}_cost_per_gap_term_averted_p10"], r[f"{kind}_cost_per_gap_term_averted_p90"]
    value = fmt(r[f"{kind}_cost_per_gap_term_averted"], True)
    return value if pd.isna(low) else f"{value} ({fmt(low, True)} – {fmt(high, True)})"


def section_cost_effectiveness(d: ReportData) -> list[str]:
    """What the extra money buys, per policy, with a consultant head's cost as the comparator."""
    lines = [
        "## Cost-effectiveness",
        "",
        "Ratios of the median paired differences above: extra money over small-school gap terms averted, or over "
        "extra small schools in an active partnership. Public money is the programme, the authority and a "
        "lump-sum rise paid as new money; the full cost adds school budgets (release cover, transport, executive "
        "pay uplifts, head-of-school allowances). The range is the 10–90% of the same ratio over parameter draws.",
        "",
        "| scenario | gap terms averted (per 100 small schools) | extra public money | £ public per gap term averted "
        "(10–90%) | extra full cost | £ full cost per gap term averted (10–90%) | extra schools in active "
        "partnership | £ public per extra school |",
        "|---|---|---|---|---|---|---|---|",
    ]
    ce = d.cost_effectiveness
    for _, r in ce.iterrows():
        lines.append(
            f"| {r.scenario} | {fmt(r.small_school_gap_terms_averted)} ({fmt(r.averted_per_100_small_schools)}) | "
            f"{fmt(r.extra_public_cost, True)} | {_price_with_range(r, 'public')} | {fmt(r.extra_full_cost, True)} | "
            f"{_price_with_range(r, 'full')} | {fmt(r.extra_small_schools_in_active_partnership)} | "
            f"{fmt(r.public_cost_per_extra_school_in_partnership, True)} |"
        )
    consultant = ce.consultant_head_per_term.iloc[0] if len(ce) else float("nan")
    return [
        *lines,
        "",
        f"Comparator: a consultant head, the authority's fallback for a school without a head, costs "
        f"{fmt(consultant, True)} a term (`params.recruitment.consultant_cost_per_term`). A policy whose cost per gap "
        "term averted is below that pays for itself against covering the gap. A dash means no price per unit "
        "exists: the scenario averted nothing, added no schools, or cost less than the baseline.",
        "",
    ]


def section_money(d: ReportData) -> list[str]:
    """Money spent by source, per scenario (money_by_source.csv)."""
    lines = [
        "## Money by source (median, £)",
        "",
        "![money](money.png)",
        "",
        "| scenario | " + " | ".join(d.money.columns) + " |",
        "|---|" + "---|" * len(d.money.columns),
    ]
    for scenario, r in d.money.iterrows():
        lines.append(f"| {scenario} | " + " | ".join(fmt(v, True) for v in r.values) + " |")
    return [*lines, ""]


def _draw_range(r) -> str:
    """' (12%–40%)': a school's 3-year gap chance over parameter draws, 10th to 90th percentile ('' if unknown)."""
    low, high = getattr(r, "p_gap_3y_draw_p10", np.nan), getattr(r, "p_gap_3y_draw_p90", np.nan)
    return "" if pd.isna(low) else f" ({low:.0%}–{high:.0%})"


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


def section_risk_register(d: ReportData) -> list[str]:
    """The ten schools most at risk of a headship gap under the risk scenario, and why (risk_register.csv)."""
    lines = [
        f"## Succession-risk register ({d.risk_scenario})",
        "",
        f"Schools of county 0 under **{d.risk_scenario}**: the chance of at least one term without a substantive "
        f"head, across its {d.size['draw'] * d.size['seed']} runs (every draw and seed); in brackets, the 10–90% range "
        "of the 3-year chance over parameter draws. Full table: `risk_register.csv`.",
        "",
        *_register_caveat(d),
        "![risk map](risk_map.png)",
        "",
        "| school | pupils | church | head age | expected applicants | partnership | executive cover nearby | "
        "1 year | 3 years | 5 years |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for _, r in d.register.head(10).iterrows():
        lines.append(
            f"| {r.school} | {r.roll} | {r.religion} | {fmt(r.head_age)} | {r.expected_applicants:.1f} | "
            f"{r.partnership_form} | {'yes' if r.executive_cover_available else 'no'} | {r.p_gap_1y:.0%} | "
            f"{r.p_gap_3y:.0%}{_draw_range(r)} | {r.p_gap_5y:.0%} |"
        )
    return [*lines, ""]


def section_caveats(d: ReportData) -> list[str]:
    """The validation targets the model misses, and what uncertainty the comparison does not cover."""
    lines = ["## Caveats", ""]
    if d.caveats:
        lines += [
            "The validation scorecard (docs/validation.md) does not reproduce these targets; read the answers that "
            "depend on them with care:",
            "",
            *[f"- {c}" for c in d.caveats],
        ]
    else:
        lines.append("Every target of the validation scorecard (docs/validation.md) is reproduced.")
    return [
        *lines,
        "",
        "- Quality is a latent score; the shares of good or outstanding schools and of pupils at the expected KS2 "
        "level are the same model read in units people know.",
        f"- The uncertainty covered is that of the {d.size['draw']} parameter draws, {d.size['county']} synthetic "
        f"counties and {d.size['seed']} seeds; a statement labelled robust here may not be with more draws.",
        "",
    ]


def section_files(d: ReportData) -> list[str]:
    """The files beside report.md."""
    return [
        "Files: `robustness.csv` (every statement above), `paired_differences.csv` (every run pair, with its "
        "draw, county and seed), `cost_effectiveness.csv`, `money_by_source.csv`, "
        "`risk_register.csv`, the Parquet store in `measures/`, `risk/`, `drivers/` and every "
        "scenario's resolved config in `configs/`.",
        "",
    ]


SECTIONS: tuple[Callable[[ReportData], list[str]], ...] = (
    section_title,
    section_scenarios,
    section_changes,
    section_whole_horizon,
    section_what_decides,
    section_levers,
    section_cost_effectiveness,
    section_money,
    section_risk_register,
    section_caveats,
    section_files,
)


def markdown(d: ReportData) -> str:
    """report.md: every section's lines, in ``SECTIONS`` order."""
    return "\n".join(line for section in SECTIONS for line in section(d))
