"""The comparison report: figures with bands, paired differences, money, cost-effectiveness,
the succession-risk register and a short markdown summary.

    python -m experiments.report <store folder> [--baseline no_programme] [--risk revised_one_off]

Reads only the results store (sim/store.py); nothing here touches the model.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from sim.analysis import robustness  # noqa: E402
from sim.running.ensemble import load, risk_register  # noqa: E402
from sim.running.store import ResultsStore  # noqa: E402

# (measure, group, title, how to summarise over the report window: sum | mean | last)
HEADLINES = [
    ("gap_terms", "le110", "School-terms without a substantive head (<=110 pupils)", "sum"),
    ("gap_terms", "all", "School-terms without a substantive head (all schools)", "sum"),
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
BETTER_WHEN_LOWER = {"gap_terms", "unfilled_vacancies", "vacancies", "exits.moved_away", "below_floor", *COSTS}
# Better when higher; the rest (executive heads, federations) are means, not ends: no verdict.
BETTER_WHEN_HIGHER = {
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


def _series(measures: pd.DataFrame, measure: str, group: str) -> pd.DataFrame:
    parts = DERIVED.get(measure, (measure,))
    d = measures[(measures.term == -1) & (measures.measure.isin(parts)) & (measures.group == group)]
    keys = ["scenario", *[k for k in RUN if k in d.columns]]
    return d.pivot_table(index=keys, columns="year", values="value", aggfunc="sum").fillna(0.0)


def summarise(measures: pd.DataFrame, measure: str, group: str, how: str, years: list[int]) -> pd.Series:
    """One number per run (scenario, draw, county, seed) over the report window."""
    wide = _series(measures, measure, group)
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
    cmap = plt.get_cmap("tab10")
    return {s: matplotlib.colors.to_hex(cmap(i % 10)) for i, s in enumerate(scenarios)}


def headline_figure(measures: pd.DataFrame, scenarios: list[str], path: Path, title: str) -> None:
    col = colours(scenarios)
    rows = -(-len(HEADLINES) // 4)
    fig, axes = plt.subplots(rows, 4, figsize=(19, 4 * rows), constrained_layout=True)
    for ax in axes.flat[len(HEADLINES) :]:
        ax.axis("off")
    for ax, (measure, group, panel, _) in zip(axes.flat, HEADLINES):
        wide = _series(measures, measure, group)
        for scenario in scenarios:
            if scenario not in wide.index.get_level_values(0):
                continue
            q = wide.loc[scenario].quantile([0.1, 0.5, 0.9])
            ax.plot(q.columns, q.loc[0.5], color=col[scenario], lw=2.2, label=scenario)
            ax.fill_between(q.columns, q.loc[0.1], q.loc[0.9], color=col[scenario], alpha=0.15, lw=0)
        ax.set_title(panel, fontsize=11)
        ax.grid(alpha=0.3)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.tick_params(labelsize=9)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(scenarios), fontsize=11, bbox_to_anchor=(0.5, -0.035))
    fig.suptitle(title, fontsize=14)
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)


def money_figure(measures: pd.DataFrame, scenarios: list[str], years: list[int], path: Path) -> pd.DataFrame:
    rows = []
    for scenario in scenarios:
        row = {"scenario": scenario}
        for measure, label in MONEY:
            s = summarise(measures, measure, "all", "sum", years)
            row[label] = s.loc[scenario].median() if scenario in s.index.get_level_values(0) else 0.0
        rows.append(row)
    table = pd.DataFrame(rows).set_index("scenario")
    ax = (table / 1e6).plot.barh(
        stacked=True, figsize=(10, 0.7 * len(scenarios) + 1.8), color=["#4c72b0", "#dd8452", "#55a868"]
    )
    ax.set_xlabel(
        f"£ million over {years[0]}/{str(years[0] + 1)[2:]} to {years[-1]}/{str(years[-1] + 1)[2:]} (median of seeds)"
    )
    ax.set_ylabel("")
    ax.invert_yaxis()
    ax.grid(axis="x", alpha=0.3)
    ax.set_title("Money spent on partnerships and succession cover, by source")
    plt.tight_layout()
    plt.savefig(path, dpi=110)
    plt.close()
    return table


def risk_map(register: pd.DataFrame, path: Path, scenario: str) -> None:
    fig, ax = plt.subplots(figsize=(11, 7))
    size = 12 + register["roll"] / 4
    top_risk = float(np.ceil(max(0.1, register.p_gap_3y.max()) * 10) / 10)
    sc = ax.scatter(
        register.x,
        register.y,
        s=size,
        c=register.p_gap_3y,
        cmap="YlOrRd",
        vmin=0,
        vmax=top_risk,
        edgecolor="#555555",
        linewidth=0.4,
    )
    top = register.head(10)
    for _, r in top.iterrows():
        ax.annotate(str(r.school), (r.x, r.y), fontsize=8, xytext=(4, 4), textcoords="offset points")
    fig.colorbar(sc, ax=ax, label="chance of a headship gap within 3 years")
    ax.set_xlabel("km east")
    ax.set_ylabel("km north")
    ax.set_aspect("equal")
    ax.set_title(
        f"Succession risk by school ({scenario}; {int(register.runs.iloc[0])} runs). "
        "Circle size = pupils; labels = the 10 most at risk"
    )
    plt.tight_layout()
    plt.savefig(path, dpi=110)
    plt.close(fig)


def _fmt(x: float, money: bool = False) -> str:
    if pd.isna(x):
        return "–"
    if money:
        return f"£{x:,.0f}"
    return f"{x:,.1f}" if abs(x) < 100 else f"{x:,.0f}"


def write_report(
    root: str | Path,
    *,
    scenarios: list[str] | None = None,
    baseline: str = "no_programme",
    risk_scenario: str = "revised_one_off",
    report_years: int = 10,
    seeds: list[int] | None = None,
    draws: list[int] | None = None,
    counties: list[int] | None = None,
) -> Path:
    """Write figures, CSV tables, risk register and report.md into ``root``; return report.md.

    Built only from the runs of ``seeds``, ``draws`` and ``counties`` when given (a folder may
    hold more runs than the comparison asks for). Every file is made in a hidden folder first and moved into place at the
    end, report.md last, so a failed report leaves the previous one whole.
    """
    root = Path(root)
    store = ResultsStore(root)
    scenarios = scenarios or sorted(n for n in store.index() if "--" not in n)  # not the lever subsets
    staging = root / f".report-{os.getpid()}"
    staging.mkdir(parents=True, exist_ok=True)
    try:
        _write_report(staging, root, scenarios, baseline, risk_scenario, report_years, seeds, draws, counties)
        names = sorted(p.name for p in staging.iterdir())
        for name in sorted(names, key=lambda n: n == "report.md"):  # report.md last
            os.replace(staging / name, root / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return root / "report.md"


def _draws_table(root: Path, draws: list[int] | None) -> pd.DataFrame:
    """The store's draws.csv (each draw's parameter values), only ``draws`` if given."""
    path = root / "draws.csv"
    table = pd.read_csv(path) if path.exists() else pd.DataFrame({"draw": [0]})
    return table[table.draw.isin(draws)] if draws is not None else table


def _varying(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if c != "draw" and table[c].nunique() > 1]


def _resolved(root: Path, scenario: str):
    """A scenario's resolved config from the store (an OmegaConf node), or None."""
    from omegaconf import OmegaConf

    path = root / "configs" / f"{ResultsStore(root).index().get(scenario, '')}.yaml"
    return OmegaConf.load(path) if path.exists() else None


def _count(n: int, one: str, many: str | None = None) -> str:
    """'1 seed', '2 seeds'."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _what_is_drawn(table: pd.DataFrame) -> str:
    """What the draws vary, in words."""
    import yaml

    from sim.running.draws import RANGES

    varying = _varying(table)
    if not varying:
        return "no parameter is drawn"

    fitted = set(yaml.safe_load(RANGES.read_text()) or {})
    others = [c for c in varying if c not in fitted]
    text = f"the others draw the {len([c for c in varying if c in fitted])} calibrated parameters from the posterior"
    if others:
        text += (
            f" and {len(others)} other assumptions from their priors, keeping only draws that still fit the "
            "documents (history matching, docs/history_matching.md)"
        )
    return text


def _descriptions(root: Path, scenarios: list[str]) -> dict[str, str]:
    """Each scenario's one-line description, from its resolved config in the store."""
    configs = {name: _resolved(root, name) for name in scenarios}
    return {name: "" if cfg is None else str(cfg.scenario.get("description", "")) for name, cfg in configs.items()}


VALIDATION = Path(__file__).resolve().parent.parent / "docs" / "validation.csv"


def _caveats(path: Path = VALIDATION) -> list[str]:
    """The validation scorecard's misses (docs/validation.csv), as the report's caveats."""
    if not path.exists():
        return ["The validation scorecard (docs/validation.md) has not been generated: no target is checked."]
    card = pd.read_csv(path)
    if "reproduced" not in card.columns:
        return [
            "The validation scorecard (docs/validation.csv) is out of date: regenerate it with "
            "`python -m experiments.validate --publish`."
        ]
    missed = card[~card.reproduced.astype(bool)]
    lines = []
    for r in missed.itertuples():
        basis = getattr(r, "basis", "")
        lines.append(
            f"`{r.id}` ({getattr(r, 'use', '')}, {basis}): documented {r.target:g}, model median "
            f"{r.model_median:.3g} (10–90% {r.model_p10:.3g} – {r.model_p90:.3g})"
        )
    return lines


def _with_draw_range(
    register: pd.DataFrame, root: Path, scenario: str, seeds: list[int] | None, draws: list[int] | None
) -> pd.DataFrame:
    """The register with each school's 3-year gap chance over parameter draws: 10th and 90th percentiles."""
    held = sorted(set(draws)) if draws is not None else None
    _, gaps, _ = load(root, [scenario], seeds, held, [0])
    if gaps.empty or gaps.draw.nunique() < 2:
        register["p_gap_3y_draw_p10"] = register["p_gap_3y_draw_p90"] = np.nan
        return register
    hit = gaps.assign(hit=(gaps.first_gap_term.notna() & (gaps.first_gap_term < 9)).astype(float))
    by_draw = hit.groupby(["school", "draw"]).hit.mean().unstack("draw")
    register["p_gap_3y_draw_p10"] = register.school.map(by_draw.quantile(0.1, axis=1))
    register["p_gap_3y_draw_p90"] = register.school.map(by_draw.quantile(0.9, axis=1))
    return register


def _consultant_cost(root: Path, baseline: str) -> float:
    """A consultant head's cost to the authority per term, from the baseline's resolved config."""
    cfg = _resolved(root, baseline)
    return float("nan") if cfg is None else float(cfg.params.recruitment.consultant_cost_per_term)


def _write_report(
    out: Path,
    root: Path,
    scenarios: list[str],
    baseline: str,
    risk_scenario: str,
    report_years: int,
    seeds: list[int] | None,
    draws: list[int] | None = None,
    counties: list[int] | None = None,
) -> None:
    measures, _, drivers = load(root, scenarios, seeds, draws, counties)
    if measures.empty:
        raise ValueError(f"the results store {root} holds no runs of {scenarios}")
    start, end = int(measures.year.min()), int(measures.year.max())
    years = list(range(start, min(start + report_years, end + 1)))
    n_small = int((drivers[drivers.scenario == baseline].band == "le110").sum()) if len(drivers) else 0
    size = {k: int(measures[k].nunique()) for k in RUN}
    n_runs = int(measures[RUN].drop_duplicates().shape[0])
    headline_figure(
        measures,
        scenarios,
        out / "headlines.png",
        f"Scenarios compared: median of {n_runs} paired runs ({size['draw']} parameter draws x "
        f"{_count(size['county'], 'county', 'counties')} x {_count(size['seed'], 'seed')}), band 10-90%",
    )
    pairs = paired_differences(measures, baseline, years, order=scenarios)
    pairs.to_csv(out / "paired_differences.csv", index=False)
    robust = robustness_summary(measures, baseline, years, order=scenarios)
    robust.to_csv(out / "robustness.csv", index=False)
    horizon = sorted(int(y) for y in measures.year.unique())
    robust_all = robustness_summary(measures, baseline, horizon, order=scenarios) if horizon != years else robust
    robust_all.to_csv(out / "robustness_whole_horizon.csv", index=False)
    money = money_figure(measures, scenarios, years, out / "money.png")
    money.to_csv(out / "money_by_source.csv")
    ce = cost_effectiveness(
        robust, baseline, n_small, order=scenarios, pairs=pairs, consultant_per_term=_consultant_cost(root, baseline)
    )
    ce.to_csv(out / "cost_effectiveness.csv", index=False)
    table = _draws_table(root, draws)
    decides = _what_decides(out, table, pairs, scenarios, baseline)
    decides += _lever_split(out, root, measures, scenarios, years, seeds, draws, counties)
    register = risk_register(root, risk_scenario, seeds, draws)
    register = _with_draw_range(register, root, risk_scenario, seeds, draws)
    register.to_csv(out / "risk_register.csv", index=False)
    risk_map(register, out / "risk_map.png", risk_scenario)
    extra = {
        "drawn": _what_is_drawn(table),
        "descriptions": _descriptions(root, scenarios),
        "whole": robust_all,
        "horizon": horizon,
        "caveats": _caveats(),
    }
    text = _markdown(
        robust, ce, money, register, scenarios, baseline, risk_scenario, years, size, n_small, decides, extra
    )
    (out / "report.md").write_text(text)
    (out / "report.json").write_text(
        json.dumps(
            {
                "scenarios": scenarios,
                "baseline": baseline,
                "risk_scenario": risk_scenario,
                "years": years,
                "runs_per_scenario": n_runs,
                "draws": size["draw"],
                "counties": size["county"],
                "seeds": size["seed"],
                "seed_list": sorted(int(s) for s in measures.seed.unique()),
                "draw_list": sorted(int(s) for s in measures.draw.unique()),
                "county_list": sorted(int(s) for s in measures.county.unique()),
                "statements": [
                    {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in r.items()}
                    for r in robust.to_dict("records")
                ],
            },
            indent=2,
            default=float,
        )
    )


PLAIN = {
    "gap_terms|le110": "small-school terms without a substantive head",
    "gap_terms|all": "school-terms without a substantive head",
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
STATEMENT_WORDS = {
    "public_cost": ("more", "less"),
    "school_cost": ("more", "less"),
    "full_cost": ("more", "less"),
    "quality": ("higher", "lower"),
    "partnership_activity": ("higher", "lower"),
}


SPLIT = ["gap_terms|le110", "schools_in_active_partnership|le110", "quality|le110", "public_cost|all"]


def _lever_split(
    out: Path,
    root: Path,
    measures: pd.DataFrame,
    scenarios: list[str],
    years: list[int],
    seeds: list[int] | None,
    draws: list[int] | None,
    counties: list[int] | None,
) -> list[str]:
    """Each scenario's effect split among its levers (Shapley, exact over every subset of levers run
    into the store as ``<scenario>--<levers>``): lever_decomposition.csv and .png; the report's lines."""
    from sim.analysis import decomposition as dc

    held = ResultsStore(root).index()
    frames, levers_of = [], {}
    for scenario in scenarios:
        names = [n for n in held if n.startswith(f"{scenario}--")]
        if not names:
            continue
        subsets = {n: n.split("--", 1)[1] for n in names}
        levers = sorted(set().union(*(dc.parse_subset(label) for label in subsets.values())))
        sub, _, _ = load(root, names, seeds, draws, counties)
        cells = sub[["draw", "county", "seed"]].drop_duplicates()
        own = measures[measures.scenario == scenario].merge(cells, on=["draw", "county", "seed"])
        both = pd.concat([sub, own], ignore_index=True)
        values = run_values(both, years)
        values = values[values.measure.isin(SPLIT)]
        whole = dc.subset_label(levers)
        values["levers"] = [subsets.get(n, whole) for n in values.scenario]
        values["scenario"] = scenario
        frames.append(values)
        levers_of[scenario] = levers
    if not frames:
        return []
    table = dc.lever_decomposition(pd.concat(frames, ignore_index=True), levers_of)
    table.insert(2, "title", table.measure.map(METRIC_TITLES))
    table.to_csv(out / "lever_decomposition.csv", index=False)
    dc.plot_lever_decomposition(table, path=out / "lever_decomposition.png", labels=PLAIN)
    import matplotlib.pyplot as plt

    plt.close("all")
    shapley = table[table.method == "shapley"]
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


DECIDING = ["gap_terms|le110", "schools_in_active_partnership|le110", "public_cost|all"]
RANKING_DRAWS = 300  # draws it takes to rank the assumptions (docs/uncertainty.md)


def _what_decides(
    out: Path, table: pd.DataFrame, pairs: pd.DataFrame, scenarios: list[str], baseline: str
) -> list[str]:
    """Which assumptions decide each headline difference: sensitivity_of_differences.csv (SALib
    delta on each draw's mean paired difference) and scenario_discovery.md (PRIM: where in
    parameter space a policy no longer beats the baseline). Returns the report's lines."""
    from sim.analysis import difference_sensitivity as ds
    from sim.analysis import discovery

    params = _varying(table)
    chosen = pairs[pairs.measure.isin(DECIDING)].drop(columns="title")
    means = robustness.draw_means(chosen)
    bounds = {k: (float(table[k].min()), float(table[k].max())) for k in params}
    sens = ds.difference_sensitivity(table, means, bounds, resamples=20, n_jobs=-1) if params else pd.DataFrame()
    sens.to_csv(out / "sensitivity_of_differences.csv", index=False)
    lines = ["## Which assumptions decide the answer", ""]
    n = len(table)
    if sens.empty:
        lines += [
            f"With {n} parameter draw{'s' if n != 1 else ''} no sensitivity index is computed (at least "
            f"{ds.MIN_DRAWS} are needed, and a few hundred for a ranking to trust): rerun with more draws, "
            "e.g. `draws=200 seeds=2 counties=2`.",
            "",
        ]
    else:
        decide = ds.what_to_measure(sens)
        lines += [
            f"Moment-independent sensitivity (SALib delta) of each draw's mean paired difference to the "
            f"{len(params)} sampled parameters, over {n} draws (`sensitivity_of_differences.csv`). "
            "**Measure these to narrow the answer** (delta's whole interval above the intervals of "
            f"{len(params)} dummy columns of random numbers, which decide nothing):",
            "",
        ]
        if decide.empty:
            lines += [
                f"- none stands out from the noise with {n} draws: every parameter scores within what a column "
                f"of random numbers reaches by chance (rerun with more draws, e.g. `draws={RANKING_DRAWS}`, to rank them).",
                "",
            ]
        for (measure, scenario), g in decide.groupby(["measure", "scenario"], sort=False):
            names = ", ".join(f"`{p}` (delta {d:.2f})" for p, d in zip(g.parameter, g.delta))
            lines.append(f"- {PLAIN.get(measure, measure)}, {scenario} against {baseline}: {names}")
        if n < RANKING_DRAWS:
            lines += [
                "",
                f"With {n} draws this is a pointer, not a ranking: on planted problems of this size about one "
                "comparison in fifteen flags a parameter by chance, and most real drivers go unflagged "
                f"(docs/uncertainty.md); rank the assumptions with a few hundred draws (`draws={RANKING_DRAWS}`).",
            ]
        lines.append("")
    sections = [
        "# Scenario discovery",
        "",
        "Where in the sampled parameter space a policy stops beating the baseline "
        f"({baseline}), found by PRIM (EMA Workbench) over {n} parameter draws.",
        "",
    ]
    for scenario in [s for s in scenarios if s != baseline]:
        for measure in DECIDING[:2]:
            better = "lower" if measure.split("|")[0] in BETTER_WHEN_LOWER else "higher"
            try:
                outcome = discovery.no_longer_beats(chosen, measure, scenario, baseline, better)
            except ValueError:
                continue
            experiments = table.set_index("draw").loc[outcome.index, params]
            found = discovery.find_boxes(experiments, outcome)
            what = f"{scenario} no longer has {'fewer' if better == 'lower' else 'more'} {PLAIN.get(measure, measure)}"
            sections.append(discovery.discovery_markdown(found, what + f" than {baseline}"))
    (out / "scenario_discovery.md").write_text("\n".join(sections) + "\n")
    lines += ["Where each policy stops beating the baseline, by PRIM boxes: `scenario_discovery.md`.", ""]
    return lines


def _draw_range(r) -> str:
    low, high = getattr(r, "p_gap_3y_draw_p10", np.nan), getattr(r, "p_gap_3y_draw_p90", np.nan)
    return "" if pd.isna(low) else f" ({low:.0%}–{high:.0%})"


def _markdown(
    robust, ce, money, register, scenarios, baseline, risk_scenario, years, size, n_small, decides, extra
) -> str:
    period = f"{years[0]}/{str(years[0] + 1)[2:]}–{years[-1]}/{str(years[-1] + 1)[2:]}"
    n_runs = size["draw"] * size["county"] * size["seed"]
    lines = [
        f"# Scenario comparison ({period})",
        "",
        f"Baseline for differences: **{baseline}**. Every scenario ran on the same {size['draw']} parameter "
        f"draws (draw 0 = the defaults; {extra['drawn']}) x {_count(size['county'], 'synthetic county', 'synthetic counties')} x {_count(size['seed'], 'seed')}: {n_runs} paired runs each. "
        "Every difference below is the **median of the paired differences** (scenario minus baseline, run by "
        "run), with its 10–90% interval over all of that uncertainty, and the share of parameter draws "
        "(averaged over counties and seeds) in which its sign holds: **robust** when it holds in at least 90% "
        f"of draws, otherwise **uncertain**. County 0 has {n_small} schools of 110 pupils or fewer.",
        "",
        "## The scenarios",
        "",
        *[f"- **{name}**: {extra['descriptions'].get(name) or '(no description)'}" for name in scenarios],
        "",
        "![headline measures](headlines.png)",
        "",
        f"The figure runs to {extra['horizon'][-1]}/{str(extra['horizon'][-1] + 1)[2:]}; the statements below sum "
        f"over the first {len(years)} years ({period}), and the table after them over all {len(extra['horizon'])}.",
        "",
        "## What each policy changes",
        "",
    ]
    key = robust[robust.scenario != baseline] if len(robust) else robust
    how = {"sum": "total over the period", "mean": "yearly mean", "last": "at the end of the period"}
    for measure in [
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
    ]:
        rows = key[key.measure == measure] if len(key) else key
        if len(rows) == 0:
            continue
        is_money = measure.split("|")[0] in COSTS
        first = rows.iloc[0]
        lines.append(f"**{first.title}** ({how[first.summary]}; {baseline}: {_fmt(first.baseline_median, is_money)})")
        lines.append("")
        words = STATEMENT_WORDS.get(measure.split("|")[0], ("more", "fewer"))
        fmt = (lambda x: _fmt(x, True)) if is_money else robustness.format_number
        for _, r in rows.iterrows():
            lines.append(
                "- "
                + robustness.sentence(r.to_dict(), labels=PLAIN, words=words, fmt=fmt)
                + f" ({r.scenario}: {_fmt(r.scenario_median, is_money)})"
            )
        lines.append("")
    whole = extra["whole"]
    if len(whole) and len(extra["horizon"]) != len(years):
        h = extra["horizon"]
        lines += [
            f"## After {len(h)} years ({h[0]}/{str(h[0] + 1)[2:]}–{h[-1]}/{str(h[-1] + 1)[2:]})",
            "",
            "| measure | scenario | median paired difference | 10–90% | sign holds in | verdict |",
            "|---|---|---|---|---|---|",
        ]
        for r in whole[
            (whole.scenario != baseline) & whole.measure.isin(SPLIT + ["federations|all", "executive_heads|all"])
        ].itertuples():
            money_row = r.measure.split("|")[0] in COSTS
            lines.append(
                f"| {r.title} | {r.scenario} | {_fmt(r.median, money_row)} | {_fmt(r.low, money_row)} to "
                f"{_fmt(r.high, money_row)} | {r.share_sign_holds:.0%} of {r.n_draws} draws | {r.label} |"
            )
        lines += ["", "Every measure over the whole horizon: `robustness_whole_horizon.csv`.", ""]
    lines += decides
    lines += [
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

    def span(r, kind):
        low, high = r[f"{kind}_cost_per_gap_term_averted_p10"], r[f"{kind}_cost_per_gap_term_averted_p90"]
        value = _fmt(r[f"{kind}_cost_per_gap_term_averted"], True)
        return value if pd.isna(low) else f"{value} ({_fmt(low, True)} – {_fmt(high, True)})"

    for _, r in ce.iterrows():
        lines.append(
            f"| {r.scenario} | {_fmt(r.small_school_gap_terms_averted)} ({_fmt(r.averted_per_100_small_schools)}) | "
            f"{_fmt(r.extra_public_cost, True)} | {span(r, 'public')} | {_fmt(r.extra_full_cost, True)} | "
            f"{span(r, 'full')} | {_fmt(r.extra_small_schools_in_active_partnership)} | "
            f"{_fmt(r.public_cost_per_extra_school_in_partnership, True)} |"
        )
    consultant = ce.consultant_head_per_term.iloc[0] if len(ce) else float("nan")
    lines += [
        "",
        f"Comparator: a consultant head, the authority's fallback for a school without a head, costs "
        f"{_fmt(consultant, True)} a term (`params.recruitment.consultant_cost_per_term`). A policy whose cost per gap "
        "term averted is below that pays for itself against covering the gap. A dash means no price per unit "
        "exists: the scenario averted nothing, added no schools, or cost less than the baseline.",
        "",
        "## Money by source (median, £)",
        "",
        "![money](money.png)",
        "",
        "| scenario | " + " | ".join(money.columns) + " |",
        "|---|" + "---|" * len(money.columns),
    ]
    for scenario, r in money.iterrows():
        lines.append(f"| {scenario} | " + " | ".join(_fmt(v, True) for v in r.values) + " |")
    top = register.head(10)
    lines += [
        "",
        f"## Succession-risk register ({risk_scenario})",
        "",
        f"Schools of county 0 under **{risk_scenario}**: the chance of at least one term without a substantive "
        f"head, across its {size['draw'] * size['seed']} runs (every draw and seed); in brackets, the 10–90% range "
        "of the 3-year chance over parameter draws. Full table: `risk_register.csv`.",
        "",
        "![risk map](risk_map.png)",
        "",
        "| school | pupils | church | head age | expected applicants | partnership | executive cover nearby | "
        "1 year | 3 years | 5 years |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for _, r in top.iterrows():
        lines.append(
            f"| {r.school} | {r.roll} | {r.religion} | {_fmt(r.head_age)} | {r.expected_applicants:.1f} | "
            f"{r.partnership_form} | {'yes' if r.executive_cover_available else 'no'} | {r.p_gap_1y:.0%} | "
            f"{r.p_gap_3y:.0%}{_draw_range(r)} | {r.p_gap_5y:.0%} |"
        )
    lines += ["", "## Caveats", ""]
    if extra["caveats"]:
        lines += [
            "The validation scorecard (docs/validation.md) does not reproduce these targets; read the answers that "
            "depend on them with care:",
            "",
            *[f"- {c}" for c in extra["caveats"]],
        ]
    else:
        lines.append("Every target of the validation scorecard (docs/validation.md) is reproduced.")
    lines += [
        "",
        "- Quality is a latent score; the shares of good or outstanding schools and of pupils at the expected KS2 "
        "level are the same model read in units people know.",
        f"- The uncertainty covered is that of the {size['draw']} parameter draws, {size['county']} synthetic "
        f"counties and {size['seed']} seeds; a statement labelled robust here may not be with more draws.",
    ]
    lines += [
        "",
        "Files: `robustness.csv` (every statement above), `paired_differences.csv` (every run pair, with its "
        "draw, county and seed), `cost_effectiveness.csv`, `money_by_source.csv`, "
        "`risk_register.csv`, the Parquet store in `measures/`, `risk/`, `drivers/` and every "
        "scenario's resolved config in `configs/`.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store")
    parser.add_argument("--baseline", default="no_programme")
    parser.add_argument("--risk", default="revised_one_off")
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    if not (Path(args.store) / "store.json").is_file():
        raise SystemExit(f"report error: {args.store} is not a results store (no store.json)")
    try:
        print(write_report(args.store, baseline=args.baseline, risk_scenario=args.risk, report_years=args.years))
    except (ValueError, KeyError) as err:  # a store without those scenarios or runs
        raise SystemExit(f"report error: {' '.join(str(err).split())}") from None


if __name__ == "__main__":
    main()
