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


# Cost-effectiveness charges each lever for its own effect: the effects bought (the measure each is
# counted in, the sign that makes more bought positive, the column and the words of a note) and
# the costs (public money, school budgets, both), each split among the levers from the same runs.
UNITS = {
    "gap_term_averted": ("gap_terms|le110", -1.0, "small_school_gap_terms_averted", "small-school gap terms"),
    "extra_school_in_partnership": (
        "schools_in_active_partnership|le110",
        1.0,
        "extra_small_schools_in_active_partnership",
        "small schools in an active partnership",
    ),
}
CHARGES = {"public": "public_cost|all", "school": "school_cost|all", "full": "full_cost|all"}
# The measures a lever is charged on; its full cost is its public part plus its school-budget part.
CHARGED = [*(key for key, *_ in UNITS.values()), CHARGES["public"], CHARGES["school"]]
# An effect is measurable when its 10-90% band over draws leaves out zero and it is at least one
# whole unit of its measure (one small-school term without a head, one small school in an active
# partnership): less buys less than one of the things counted. No price is given otherwise.
EFFECT_TOLERANCE = 1.0
NOTHING_MEASURABLE = "buys nothing measurable"
ALL_LEVERS = "all"  # the lever column of a scenario's own row
PAYERS = {"public": "public money", "full": "money in all (public and school budgets)"}
CE_COLUMNS = [
    "scenario",
    "lever",
    "small_school_gap_terms_averted",
    "averted_per_100_small_schools",
    "extra_small_schools_in_active_partnership",
    "extra_public_cost",
    "public_cost_per_gap_term_averted",
    "public_cost_per_gap_term_averted_p10",
    "public_cost_per_gap_term_averted_p90",
    "public_cost_per_extra_school_in_partnership",
    "extra_full_cost",
    "full_cost_per_gap_term_averted",
    "full_cost_per_gap_term_averted_p10",
    "full_cost_per_gap_term_averted_p90",
    "full_cost_per_extra_school_in_partnership",
    "consultant_head_per_term",
    "extra_school_cost",
    "small_school_gap_terms_averted_p10",
    "small_school_gap_terms_averted_p90",
    "extra_small_schools_in_active_partnership_p10",
    "extra_small_schools_in_active_partnership_p90",
    "extra_public_cost_p10",
    "extra_public_cost_p90",
    "extra_school_cost_p10",
    "extra_school_cost_p90",
    "extra_full_cost_p10",
    "extra_full_cost_p90",
    "public_cost_per_extra_school_in_partnership_p10",
    "public_cost_per_extra_school_in_partnership_p90",
    "full_cost_per_extra_school_in_partnership_p10",
    "full_cost_per_extra_school_in_partnership_p90",
    "basis",
    "n_runs",
    "n_draws",
    "levers_sum_small_school_gap_terms_averted",
    "levers_sum_extra_small_schools_in_active_partnership",
    "levers_sum_extra_public_cost",
    "levers_sum_extra_school_cost",
    "levers_sum_extra_full_cost",
    "note",
]
SUMMED = [
    "small_school_gap_terms_averted",
    "extra_small_schools_in_active_partnership",
    "extra_public_cost",
    "extra_school_cost",
    "extra_full_cost",
]


def _per_draw(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    """One row per parameter draw (the mean of its run pairs), one column per measure; with a
    single draw, one row per run pair, so that a band still spans the seeds and counties."""
    if frame.empty:
        return pd.DataFrame()
    unit = ["draw"] if frame["draw"].nunique() >= 2 else [k for k in RUN if k in frame.columns]
    return frame.pivot_table(index=unit, columns="measure", values=value, aggfunc="mean")


def _band(values: pd.Series) -> tuple[float, float]:
    """The 10-90% band of ``values`` (NaN left out); NaN when there is none."""
    values = values.dropna()
    if values.empty:
        return float("nan"), float("nan")
    low, high = values.quantile(list(robustness.QUANTILES))
    return float(low), float(high)


def _unmeasurable(effect: float, low: float, high: float) -> str:
    """Why an effect is indistinguishable from zero ('' when it is measurable)."""
    fmt = robustness.format_number
    if np.isnan(effect):
        return "no runs"
    if abs(effect) < EFFECT_TOLERANCE:
        return f"{fmt(effect)}, less than the tolerance of {EFFECT_TOLERANCE:g}"
    if low <= 0 <= high:
        return f"10–90% over draws {fmt(low)} to {fmt(high)} spans zero"
    return ""


def _charged(point: dict[str, float], per_draw: pd.DataFrame, n_small: int) -> dict[str, object]:
    """A row of cost_effectiveness.csv from one effect and cost per measure (``point``) and the
    same per draw (``per_draw``): effects, costs, their bands, the price of each unit bought at
    each cost (only for a measurable effect, bought at a cost of zero or more) and a note."""

    def over_draws(key: str, sign: float = 1.0) -> pd.Series:
        return sign * per_draw[key] if key in per_draw.columns else pd.Series(dtype=float)

    row: dict[str, object] = {}
    notes = []
    for kind, key in CHARGES.items():
        row[f"extra_{kind}_cost"] = point.get(key, float("nan"))
        row[f"extra_{kind}_cost_p10"], row[f"extra_{kind}_cost_p90"] = _band(over_draws(key))
    for unit, (key, sign, column, words) in UNITS.items():
        effect, effects = sign * point.get(key, float("nan")) + 0.0, over_draws(key, sign) + 0.0  # no -0.0
        row[column] = effect
        row[f"{column}_p10"], row[f"{column}_p90"] = low, high = _band(effects)
        why = _unmeasurable(effect, low, high)
        if why:
            notes.append(f"{words}: {NOTHING_MEASURABLE} ({why})")
        elif effect < 0:
            notes.append(f"{words}: measurably worse ({robustness.format_number(effect)})")
        saving = []
        for kind in PAYERS:
            price, band = f"{kind}_cost_per_{unit}", (float("nan"), float("nan"))
            cost = row[f"extra_{kind}_cost"]
            row[price] = cost / effect if not why and effect > 0 and cost >= 0 else float("nan")
            if not why and effect > 0 and cost < 0:
                saving.append(PAYERS[kind])
            costs = over_draws(CHARGES[kind])
            if not np.isnan(row[price]) and len(costs):
                ok = effects > 0  # draws that bought something, whatever they cost (a saving is a negative price)
                if ok.sum() >= 2:
                    band = _band(costs[ok] / effects[ok])
            row[f"{price}_p10"], row[f"{price}_p90"] = band
        if saving:
            notes.append(f"{words}: bought while saving {' and '.join(saving)}, so no price per unit")
    gap = row[UNITS["gap_term_averted"][2]]
    row["averted_per_100_small_schools"] = gap * 100 / max(1, n_small)
    row["n_draws"] = int(per_draw.index.get_level_values("draw").nunique()) if len(per_draw) else 0
    row["note"] = "; ".join(notes)
    return row


def lever_costs(parts: pd.DataFrame | None, n_small: int, consultant_per_term: float = float("nan")) -> pd.DataFrame:
    """Each lever charged for its own effect: one row per (scenario, lever) of cost_effectiveness.csv.

    ``parts`` are the Shapley parts of every lever run pair by run pair
    (``sim.analysis.decomposition.lever_parts``) of the ``CHARGED`` measures: the lever's effect on
    gap terms and on partnerships and its public and school-budget costs are split from the same
    runs and subsets, and its full cost is its public part plus its school part. The columns are
    those of ``cost_effectiveness``: each effect and cost is the lever's mean part over the run
    pairs (``n_runs``), with its 10-90% band over the ``n_draws`` draws; a price is the lever's own
    cost over its own effect, given only where that effect is measurable (``EFFECT_TOLERANCE``) and
    bought at a cost of zero or more, and ``note`` says why not otherwise (``NOTHING_MEASURABLE``).
    """
    if parts is None or parts.empty:
        return pd.DataFrame(columns=CE_COLUMNS)
    run = [k for k in RUN if k in parts.columns]
    wide = parts.pivot_table(index=["scenario", "lever", *run], columns="measure", values="part", aggfunc="mean")
    if CHARGES["public"] in wide.columns and CHARGES["school"] in wide.columns:
        wide[CHARGES["full"]] = wide[CHARGES["public"]] + wide[CHARGES["school"]]
    rows = []
    for (scenario, lever), runs in wide.groupby(level=["scenario", "lever"], sort=False):
        runs = runs.droplevel(["scenario", "lever"])
        by_draw = runs.groupby(level="draw").mean() if runs.index.get_level_values("draw").nunique() >= 2 else runs
        row = _charged(runs.mean().to_dict(), by_draw, n_small)
        rows.append(
            {"scenario": scenario, "lever": lever, **row, "consultant_head_per_term": consultant_per_term,
             "basis": "Shapley part (mean over run pairs)", "n_runs": len(runs)}
        )  # fmt: skip
    return pd.DataFrame(rows, columns=CE_COLUMNS)


def cost_effectiveness(
    robust: pd.DataFrame,
    baseline: str,
    n_small: int,
    order: list[str] | None = None,
    pairs: pd.DataFrame | None = None,
    consultant_per_term: float = float("nan"),
    parts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """cost_effectiveness.csv: £ per small-school term of headship gap averted and per extra small
    school in an active partnership, for public money and for the full cost, each scenario
    (``lever`` = "all") followed by each of its levers (``lever_costs``, from ``parts``).

    A scenario's row is the ratio of its median paired differences (the report's one statistic),
    with the 10-90% range of the ratio over parameter draws (each draw's mean paired differences;
    draws that avert nothing are left out of the range; a draw that saved money gives a negative price),
    each effect's and cost's 10-90% band over
    draws, and the sums of its levers' parts (``levers_sum_*``: the mean whole effect and cost over
    the runs split by lever) beside its medians. A price is given only for a measurable effect
    bought at a cost of zero or more (``note`` says why not otherwise); a consultant head's cost
    per term is the comparator."""
    if robust.empty:
        return pd.DataFrame()

    def median(key: str, scenario: str) -> float:
        row = robust[(robust.measure == key) & (robust.scenario == scenario)]
        return float(row["median"].iloc[0]) if len(row) else float("nan")

    levers = lever_costs(parts, n_small, consultant_per_term)
    rows = []
    scenarios = list(dict.fromkeys(robust.scenario))
    for scenario in [s for s in order if s in scenarios] if order else scenarios:
        if scenario == baseline:
            continue
        own = pairs[pairs.scenario == scenario] if pairs is not None and len(pairs) else pd.DataFrame()
        point = {key: median(key, scenario) for key in CHARGES.values()} | {
            key: median(key, scenario) for key, *_ in UNITS.values()
        }
        row = {"scenario": scenario, "lever": ALL_LEVERS, **_charged(point, _per_draw(own, "difference"), n_small)}
        row["consultant_head_per_term"] = consultant_per_term
        row["basis"] = "median of paired differences"
        gap = own[own.measure == UNITS["gap_term_averted"][0]] if len(own) else own
        row["n_runs"] = len(gap)
        mine = levers[levers.scenario == scenario]
        for column in SUMMED:
            row[f"levers_sum_{column}"] = float(mine[column].sum()) if len(mine) else float("nan")
        rows.append(row)
        rows.extend(mine.to_dict("records"))
    return pd.DataFrame(rows, columns=CE_COLUMNS)


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
