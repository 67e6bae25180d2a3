"""A comparison report's measures and tables, from the measures of its runs.

The headline measures (what each is called and how it is summed over the report window), one
number per run, the paired differences (scenario minus baseline, run by run), the robustness
table of those differences, money by source and cost-effectiveness. Pure tables: the store is
read, and the files are written, by ``sim.running.report``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.analysis import robustness

# (measure, group, title, how to summarise over the report window: sum | mean | last)
HEADLINES = [
    ("gap_terms", "le110", "School-terms without a substantive head (<=110 pupils)", "sum"),
    ("gap_terms", "all", "School-terms without a substantive head (all schools)", "sum"),
    ("leadership_time", "le110", "Head-time present per small school per term (share of a week)", "mean"),
    ("leadership_short_terms", "le110", "Small-school terms with head-time below the leadership floor", "sum"),
    ("schools_per_executive_head", "all", "Schools led by the head of an executive-led school", "mean"),
    ("led_by_head_of_3plus", "le110", "Share of small schools led by a head of three or more schools", "mean"),
    ("unfilled_vacancies", "all", "Vacancies unfilled at year end", "mean"),
    ("vacancies", "all", "Headship vacancies in the year", "sum"),
    ("exits.moved", "all", "Heads moving to another school of the county", "sum"),
    ("exits.moved_away", "all", "Heads leaving the county or headship for other jobs", "sum"),
    ("executive_heads", "all", "Executive heads", "last"),
    ("schools_led_by_executive", "le110", "Small schools led by an executive head", "last"),
    ("federations", "all", "Federations", "last"),
    ("schools_in_active_partnership", "le110", "Small schools in an active partnership", "last"),
    ("partnership_activity", "all", "Mean partnership activity", "mean"),
    ("quality", "le110", "Mean quality of small schools (latent)", "last"),
    ("good_or_better", "le110", "Share of small schools judged good or outstanding", "last"),
    ("ks2_l4_rate", "all", "Share of pupils at the expected level at KS2", "mean"),
    ("below_floor", "all", "Schools below the floor standard", "mean"),
]
MONEY = [
    ("spent.programme", "programme"),
    ("spent.authority", "authority"),
    ("spent.lump_sum", "lump-sum rise"),
    ("spent.school_budgets", "school budgets"),
]
# Public money: the programme, the authority (consultant heads, brokering, adviser) and a lump-sum
# rise paid as new money (a rise redistributed within a fixed schools block costs the public
# nothing and is not spent here). School budgets: release cover, transport, executive pay uplifts
# and head-of-school allowances. Full cost: both.
COSTS = {
    "public_cost": ("spent.programme", "spent.authority", "spent.lump_sum"),
    "school_cost": ("spent.school_budgets",),
    "full_cost": ("spent.programme", "spent.authority", "spent.lump_sum", "spent.school_budgets"),
}
COST_TITLES = {
    "public_cost|all": "Public cost (£)",
    "school_cost|all": "Cost to school budgets (£)",
    "full_cost|all": "Full cost: public and school budgets (£)",
}
BETTER_WHEN_LOWER = {
    "gap_terms",
    "leadership_short_terms",
    "unfilled_vacancies",
    "vacancies",
    "exits.moved_away",
    "below_floor",
    *COSTS,
}
# Better when higher; the rest (executive heads, federations, how thinly executive heads are spread:
# schools_per_executive_head, led_by_head_of_3plus) are means, not ends: no verdict (head-time present
# and short terms carry the verdict on thin leadership).
BETTER_WHEN_HIGHER = {
    "leadership_time",
    "schools_in_active_partnership",
    "partnership_activity",
    "quality",
    "good_or_better",
    "ks2_l4_rate",
}


RUN = ["draw", "county", "seed"]  # a run of one scenario; the same run key pairs scenarios
METRIC_TITLES = {f"{m}|{g}": t for m, g, t, _ in HEADLINES} | COST_TITLES
METRIC_SUMMARY = {f"{m}|{g}": h for m, g, _, h in HEADLINES} | {k: "sum" for k in COST_TITLES}


DERIVED = {"good_or_better": ("grade_share.1", "grade_share.2")}  # sums of recorded measures

# Each measure as a sentence names it.
PLAIN = {
    "gap_terms|le110": "small-school terms without a substantive head",
    "gap_terms|all": "school-terms without a substantive head",
    "leadership_time|le110": "head-time present per small school (share of a full-time head's week)",
    "leadership_short_terms|le110": "small-school terms below the leadership floor",
    "schools_per_executive_head|all": "schools per executive head",
    "led_by_head_of_3plus|le110": "small schools led by a head of three or more schools (share)",
    "unfilled_vacancies|all": "unfilled vacancies",
    "schools_in_active_partnership|le110": "small schools in an active partnership",
    "executive_heads|all": "executive heads",
    "schools_led_by_executive|le110": "small schools led by an executive head",
    "federations|all": "federations",
    "exits.moved|all": "heads moving to another school of the county",
    "exits.moved_away|all": "heads leaving the county or headship",
    "good_or_better|le110": "small schools judged good or outstanding (share)",
    "ks2_l4_rate|all": "pupils at the expected KS2 level (share)",
    "below_floor|all": "schools below the floor standard",
    "quality|le110": "small-school quality (latent)",
    "public_cost|all": "public money",
    "school_cost|all": "money from school budgets",
    "full_cost|all": "money in all (public and school budgets)",
}
# The effects split by lever.
SPLIT = ["gap_terms|le110", "schools_in_active_partnership|le110", "quality|le110", "public_cost|all"]
# The differences the sampled assumptions are ranked on (sensitivity, scenario discovery).
DECIDING = ["gap_terms|le110", "schools_in_active_partnership|le110", "public_cost|all"]


def series(measures: pd.DataFrame, measure: str, group: str) -> pd.DataFrame:
    """One row per run (scenario and its draw, county and seed), one column per year: the
    whole-year values of ``measure`` for ``group`` (a derived measure summed from its parts)."""
    parts = DERIVED.get(measure, (measure,))
    d = measures[(measures.term == -1) & (measures.measure.isin(parts)) & (measures.group == group)]
    keys = ["scenario", *[k for k in RUN if k in d.columns]]
    return d.pivot_table(index=keys, columns="year", values="value", aggfunc="sum").fillna(0.0)


def summarise(measures: pd.DataFrame, measure: str, group: str, how: str, years: list[int]) -> pd.Series:
    """One number per run (scenario, draw, county, seed) over the report window."""
    wide = series(measures, measure, group)
    cols = [y for y in years if y in wide.columns]
    if not cols:
        return pd.Series(dtype=float)
    if how == "sum":
        return wide[cols].sum(axis=1)
    if how == "mean":
        return wide[cols].mean(axis=1)
    return wide[cols[-1]]


def cost(measures: pd.DataFrame, years: list[int], kind: str = "public_cost") -> pd.Series:
    """Money of ``kind`` (``COSTS``) spent by each run over the report window."""
    parts = [summarise(measures, m, "all", "sum", years) for m in COSTS[kind]]
    parts = [p for p in parts if not p.empty]
    return sum(parts[1:], parts[0]) if parts else pd.Series(dtype=float)


def public_cost(measures: pd.DataFrame, years: list[int]) -> pd.Series:
    return cost(measures, years, "public_cost")


def run_values(measures: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Every headline measure of every run over the report window: one row per (measure key, run)."""
    frames = []
    metrics = [(m, g, h) for m, g, _, h in HEADLINES] + [(k, "all", "sum") for k in COSTS]
    for measure, group, how in metrics:
        values = cost(measures, years, measure) if measure in COSTS else summarise(measures, measure, group, how, years)
        if isinstance(values, pd.Series) and not values.empty:
            frame = values.rename("value").reset_index()
            frame.insert(0, "measure", f"{measure}|{group}")
            frames.append(frame)
    runs = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["measure", "scenario", *RUN])
    for k in RUN:
        if k not in runs.columns:
            runs[k] = 0
    return runs


def paired_differences(
    measures: pd.DataFrame, baseline: str, years: list[int], order: list[str] | None = None
) -> pd.DataFrame:
    """Scenario minus baseline for every run pair (same draw, county and seed): one row per pair."""
    return _pairs(run_values(measures, years), baseline, order)


def _pairs(runs: pd.DataFrame, baseline: str, order: list[str] | None) -> pd.DataFrame:
    if runs.empty or baseline not in set(runs.scenario):
        return pd.DataFrame(columns=["measure", "title", "scenario", "baseline", *RUN, "difference"])
    pairs = robustness.paired_differences(runs, baseline)
    pairs.insert(1, "title", pairs.measure.map(METRIC_TITLES))
    rank = {s: i for i, s in enumerate(order or sorted(set(pairs.scenario)))}
    pairs["_rank"] = pairs.scenario.map(rank)
    pairs = pairs[pairs._rank.notna()].sort_values(["measure", "_rank", *RUN], kind="stable")
    return pairs.drop(columns="_rank").reset_index(drop=True)


def robustness_summary(
    measures: pd.DataFrame, baseline: str, years: list[int], order: list[str] | None = None
) -> pd.DataFrame:
    """One row per (headline measure, scenario): the median paired difference, its 10-90% interval
    over every run pair (all draws, counties and seeds), the share of draws in which its sign
    holds and the label (robust / uncertain), with each side's median level for context."""
    runs = run_values(measures, years)
    pairs = _pairs(runs, baseline, order)
    if pairs.empty:
        return pd.DataFrame()
    better = {k: "lower" for k in METRIC_TITLES if k.split("|")[0] in BETTER_WHEN_LOWER} | {
        k: "higher" for k in METRIC_TITLES if k.split("|")[0] in BETTER_WHEN_HIGHER
    }
    table = robustness.robustness_table(pairs.drop(columns="title"), better=better)
    levels = runs.groupby(["measure", "scenario"]).value.median()
    table.insert(0, "title", table.measure.map(METRIC_TITLES))
    table.insert(2, "summary", table.measure.map(METRIC_SUMMARY))
    table["baseline_median"] = [levels.get((m, baseline), np.nan) for m in table.measure]
    table["scenario_median"] = [levels.get((m, s), np.nan) for m, s in zip(table.measure, table.scenario)]
    rank = {s: i for i, s in enumerate(order or sorted(set(table.scenario)))}
    keys = {k: i for i, k in enumerate(METRIC_TITLES)}
    table = table.assign(_m=table.measure.map(keys), _s=table.scenario.map(rank)).sort_values(["_m", "_s"])
    return table.drop(columns=["_m", "_s"]).reset_index(drop=True)


def cost_effectiveness(
    robust: pd.DataFrame,
    baseline: str,
    n_small: int,
    order: list[str] | None = None,
    pairs: pd.DataFrame | None = None,
    consultant_per_term: float = float("nan"),
) -> pd.DataFrame:
    """£ per small-school term of headship gap averted and per extra small school in an active
    partnership, for public money and for the full cost: ratios of median paired differences (the
    report's one statistic), with the 10-90% range of the ratio over parameter draws (each draw's
    mean paired differences; draws that avert nothing are left out of the range) and a consultant
    head's cost per term beside them as the comparator."""
    if robust.empty:
        return pd.DataFrame()

    def median(key: str, scenario: str) -> float:
        row = robust[(robust.measure == key) & (robust.scenario == scenario)]
        return float(row["median"].iloc[0]) if len(row) else float("nan")

    def ratio_range(cost_key: str, unit_key: str, scenario: str, sign: float) -> tuple[float, float]:
        if pairs is None or pairs.empty:
            return float("nan"), float("nan")
        means = robustness.draw_means(pairs[pairs.scenario == scenario].drop(columns="title", errors="ignore"))
        wide = means.pivot_table(index="draw", columns="measure", values="difference")
        if cost_key not in wide or unit_key not in wide:
            return float("nan"), float("nan")
        unit = sign * wide[unit_key]
        ok = (unit > 0) & (wide[cost_key] > 0)
        if ok.sum() < 2:
            return float("nan"), float("nan")
        r = wide.loc[ok, cost_key] / unit[ok]
        return float(r.quantile(0.1)), float(r.quantile(0.9))

    rows = []
    scenarios = list(dict.fromkeys(robust.scenario))
    for scenario in [s for s in order if s in scenarios] if order else scenarios:
        if scenario == baseline:
            continue
        averted = -median("gap_terms|le110", scenario)
        more = median("schools_in_active_partnership|le110", scenario)
        row = {
            "scenario": scenario,
            "small_school_gap_terms_averted": averted,
            "averted_per_100_small_schools": averted * 100 / max(1, n_small),
            "extra_small_schools_in_active_partnership": more,
        }
        for kind in ("public", "full"):
            extra = median(f"{kind}_cost|all", scenario)
            row[f"extra_{kind}_cost"] = extra
            row[f"{kind}_cost_per_gap_term_averted"] = extra / averted if averted > 0 and extra > 0 else np.nan
            low, high = ratio_range(f"{kind}_cost|all", "gap_terms|le110", scenario, -1.0)
            row[f"{kind}_cost_per_gap_term_averted_p10"], row[f"{kind}_cost_per_gap_term_averted_p90"] = low, high
            row[f"{kind}_cost_per_extra_school_in_partnership"] = extra / more if more > 0 and extra > 0 else np.nan
        row["consultant_head_per_term"] = consultant_per_term
        rows.append(row)
    return pd.DataFrame(rows)


def colours(scenarios: list[str]) -> dict[str, str]:
    """One colour per scenario (matplotlib's tab10 in order), the same in every figure of a comparison."""
    import matplotlib

    cmap = matplotlib.colormaps["tab10"]
    return {s: matplotlib.colors.to_hex(cmap(i % 10)) for i, s in enumerate(scenarios)}


def money_by_source(measures: pd.DataFrame, scenarios: list[str], years: list[int]) -> pd.DataFrame:
    """Money each scenario spent by source over the report window (median of its runs), one row per scenario."""
    rows = []
    for scenario in scenarios:
        row = {"scenario": scenario}
        for measure, label in MONEY:
            s = summarise(measures, measure, "all", "sum", years)
            row[label] = s.loc[scenario].median() if scenario in s.index.get_level_values(0) else 0.0
        rows.append(row)
    return pd.DataFrame(rows).set_index("scenario")


def varying(table: pd.DataFrame) -> list[str]:
    """The parameters a table of draws varies (one column per parameter, one row per draw)."""
    return [c for c in table.columns if c != "draw" and table[c].nunique() > 1]


def _decisive_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    """The run pairs of the ``DECIDING`` measures, the differences the assumptions are ranked on."""
    return pairs[pairs.measure.isin(DECIDING)].drop(columns="title")


def sensitivity_of_differences(draws: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Moment-independent sensitivity (SALib delta) of each draw's mean paired difference of the
    ``DECIDING`` measures to every parameter the draws vary; empty when none varies."""
    from sim.analysis import difference_sensitivity as ds

    params = varying(draws)
    means = robustness.draw_means(_decisive_pairs(pairs))
    bounds = {k: (float(draws[k].min()), float(draws[k].max())) for k in params}
    return ds.difference_sensitivity(draws, means, bounds, resamples=20, n_jobs=-1) if params else pd.DataFrame()


def scenario_discovery(draws: pd.DataFrame, pairs: pd.DataFrame, scenarios: list[str], baseline: str) -> str:
    """scenario_discovery.md: the PRIM boxes (EMA Workbench) of the sampled parameter space in which
    each policy no longer beats the baseline on small-school gap terms or active partnerships."""
    from sim.analysis import discovery

    params = varying(draws)
    chosen = _decisive_pairs(pairs)
    sections = [
        "# Scenario discovery",
        "",
        "Where in the sampled parameter space a policy stops beating the baseline "
        f"({baseline}), found by PRIM (EMA Workbench) over {len(draws)} parameter draws.",
        "",
    ]
    for scenario in [s for s in scenarios if s != baseline]:
        for measure in DECIDING[:2]:
            better = "lower" if measure.split("|")[0] in BETTER_WHEN_LOWER else "higher"
            try:
                outcome = discovery.no_longer_beats(chosen, measure, scenario, baseline, better)
            except ValueError:
                continue
            experiments = draws.set_index("draw").loc[outcome.index, params]
            found = discovery.find_boxes(experiments, outcome)
            what = f"{scenario} no longer has {'fewer' if better == 'lower' else 'more'} {PLAIN.get(measure, measure)}"
            sections.append(discovery.discovery_markdown(found, what + f" than {baseline}"))
    return "\n".join(sections) + "\n"
