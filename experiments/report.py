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

from sim.running.ensemble import load, risk_register  # noqa: E402
from sim.running.store import ResultsStore  # noqa: E402

# (measure, group, title, how to summarise over the report window: sum | mean | last)
HEADLINES = [
    ("gap_terms", "le110", "School-terms without a substantive head (<=110 pupils)", "sum"),
    ("gap_terms", "all", "School-terms without a substantive head (all schools)", "sum"),
    ("unfilled_vacancies", "all", "Vacancies unfilled at year end", "mean"),
    ("vacancies", "all", "Headship vacancies in the year", "sum"),
    ("exits.move", "all", "Heads leaving for other jobs", "sum"),
    ("executive_heads", "all", "Executive heads", "last"),
    ("schools_led_by_executive", "le110", "Small schools led by an executive head", "last"),
    ("federations", "all", "Federations", "last"),
    ("schools_in_active_partnership", "le110", "Small schools in an active partnership", "last"),
    ("partnership_activity", "all", "Mean partnership activity", "mean"),
    ("quality", "le110", "Mean quality of small schools (latent)", "last"),
    ("below_floor", "all", "Schools below the floor standard", "mean"),
]
MONEY = [("spent.programme", "programme"), ("spent.authority", "authority"), ("spent.school_budgets", "school budgets")]
BETTER_WHEN_LOWER = {"gap_terms", "unfilled_vacancies", "vacancies", "exits.move", "below_floor", "public_cost"}


def _series(measures: pd.DataFrame, measure: str, group: str) -> pd.DataFrame:
    d = measures[(measures.term == -1) & (measures.measure == measure) & (measures.group == group)]
    return d.pivot_table(index=["scenario", "seed"], columns="year", values="value", aggfunc="sum").fillna(0.0)


def summarise(measures: pd.DataFrame, measure: str, group: str, how: str, years: list[int]) -> pd.Series:
    """One number per (scenario, seed) over the report window."""
    wide = _series(measures, measure, group)
    cols = [y for y in years if y in wide.columns]
    if not cols:
        return pd.Series(dtype=float)
    if how == "sum":
        return wide[cols].sum(axis=1)
    if how == "mean":
        return wide[cols].mean(axis=1)
    return wide[cols[-1]]


def public_cost(measures: pd.DataFrame, years: list[int]) -> pd.Series:
    return sum(summarise(measures, m, "all", "sum", years) for m in ("spent.programme", "spent.authority"))


def paired_differences(
    measures: pd.DataFrame, baseline: str, years: list[int], order: list[str] | None = None
) -> pd.DataFrame:
    """Scenario minus baseline, seed by seed (common random numbers): median and 10-90% interval."""
    rows = []
    metrics = [(m, g, t, h) for m, g, t, h in HEADLINES] + [("public_cost", "all", "Public cost (£)", "sum")]
    for measure, group, title, how in metrics:
        values = (
            public_cost(measures, years)
            if measure == "public_cost"
            else summarise(measures, measure, group, how, years)
        )
        if values.empty:
            continue
        wide = values.unstack("scenario")
        if baseline not in wide:
            continue
        for scenario in [s for s in (order or list(wide.columns)) if s in wide.columns]:
            diff = wide[scenario] - wide[baseline]
            lower_better = measure in BETTER_WHEN_LOWER
            better = (diff < 0) if lower_better else (diff > 0)
            rows.append(
                {
                    "measure": title,
                    "key": f"{measure}|{group}",
                    "summary": how,
                    "scenario": scenario,
                    "baseline_median": wide[baseline].median(),
                    "scenario_median": wide[scenario].median(),
                    "difference_median": diff.median(),
                    "difference_p10": diff.quantile(0.1),
                    "difference_p90": diff.quantile(0.9),
                    "share_of_seeds_better": float(better.mean()) if scenario != baseline else np.nan,
                    "seeds": int(diff.notna().sum()),
                }
            )
    return pd.DataFrame(rows)


def cost_effectiveness(
    measures: pd.DataFrame, baseline: str, years: list[int], n_small: int, order: list[str] | None = None
) -> pd.DataFrame:
    """£ per small-school term of headship gap averted, £ per extra small school in an active partnership."""
    cost = public_cost(measures, years).unstack("scenario")
    gaps = summarise(measures, "gap_terms", "le110", "sum", years).unstack("scenario")
    part = summarise(measures, "schools_in_active_partnership", "le110", "last", years).unstack("scenario")
    rows = []
    for scenario in [s for s in order if s in cost.columns] if order else cost.columns:
        if scenario == baseline:
            continue
        extra = (cost[scenario] - cost[baseline]).mean()
        averted = (gaps[baseline] - gaps[scenario]).mean()
        more = (part[scenario] - part[baseline]).mean()
        rows.append(
            {
                "scenario": scenario,
                "extra_public_cost": extra,
                "small_school_gap_terms_averted": averted,
                "averted_per_100_small_schools": averted * 100 / max(1, n_small),
                "cost_per_gap_term_averted": extra / averted if averted > 0 and extra > 0 else np.nan,
                "extra_small_schools_in_active_partnership": more,
                "cost_per_extra_school_in_partnership": extra / more if more > 0 and extra > 0 else np.nan,
            }
        )
    return pd.DataFrame(rows)


def colours(scenarios: list[str]) -> dict[str, str]:
    cmap = plt.get_cmap("tab10")
    return {s: matplotlib.colors.to_hex(cmap(i % 10)) for i, s in enumerate(scenarios)}


def headline_figure(measures: pd.DataFrame, scenarios: list[str], path: Path, title: str) -> None:
    col = colours(scenarios)
    fig, axes = plt.subplots(3, 4, figsize=(19, 12), constrained_layout=True)
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
) -> Path:
    """Write figures, CSV tables, risk register and report.md into ``root``; return report.md.

    Built only from the runs of ``seeds`` when given (a folder may hold more seeds than the
    comparison asks for). Every file is made in a hidden folder first and moved into place at the
    end, report.md last, so a failed report leaves the previous one whole.
    """
    root = Path(root)
    store = ResultsStore(root)
    scenarios = scenarios or sorted(store.index())
    staging = root / f".report-{os.getpid()}"
    staging.mkdir(parents=True, exist_ok=True)
    try:
        _write_report(staging, root, scenarios, baseline, risk_scenario, report_years, seeds)
        names = sorted(p.name for p in staging.iterdir())
        for name in sorted(names, key=lambda n: n == "report.md"):  # report.md last
            os.replace(staging / name, root / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return root / "report.md"


def _write_report(
    out: Path,
    root: Path,
    scenarios: list[str],
    baseline: str,
    risk_scenario: str,
    report_years: int,
    seeds: list[int] | None,
) -> None:
    measures, _, drivers = load(root, scenarios, seeds)
    if measures.empty:
        raise ValueError(f"the results store {root} holds no runs of {scenarios}")
    start = int(measures.year.min())
    years = list(range(start, start + report_years))
    n_small = int((drivers[drivers.scenario == baseline].band == "le110").sum()) if len(drivers) else 0
    n_seeds = measures.seed.nunique()
    headline_figure(
        measures, scenarios, out / "headlines.png", f"Scenarios compared: median of {n_seeds} paired runs, band 10-90%"
    )
    diffs = paired_differences(measures, baseline, years, order=scenarios)
    diffs.to_csv(out / "paired_differences.csv", index=False)
    money = money_figure(measures, scenarios, years, out / "money.png")
    money.to_csv(out / "money_by_source.csv")
    ce = cost_effectiveness(measures, baseline, years, n_small, order=scenarios)
    ce.to_csv(out / "cost_effectiveness.csv", index=False)
    register = risk_register(root, risk_scenario, seeds)
    register.to_csv(out / "risk_register.csv", index=False)
    risk_map(register, out / "risk_map.png", risk_scenario)
    text = _markdown(diffs, ce, money, register, scenarios, baseline, risk_scenario, years, n_seeds, n_small)
    (out / "report.md").write_text(text)
    (out / "report.json").write_text(
        json.dumps(
            {
                "scenarios": scenarios,
                "baseline": baseline,
                "risk_scenario": risk_scenario,
                "years": years,
                "seeds": int(n_seeds),
                "seed_list": sorted(int(s) for s in measures.seed.unique()),
            },
            indent=2,
        )
    )


def _markdown(diffs, ce, money, register, scenarios, baseline, risk_scenario, years, n_seeds, n_small) -> str:
    period = f"{years[0]}/{str(years[0] + 1)[2:]}–{years[-1]}/{str(years[-1] + 1)[2:]}"
    lines = [
        f"# Scenario comparison ({period}, {n_seeds} paired runs each)",
        "",
        f"Baseline for differences: **{baseline}**. Every scenario ran on the same seeds, so each "
        "difference is paired seed by seed; intervals are the 10th–90th percentiles of those "
        f"differences. The county has {n_small} schools of 110 pupils or fewer.",
        "",
        "![headline measures](headlines.png)",
        "",
        "## What each policy changes",
        "",
    ]
    key = diffs[diffs.scenario != baseline]
    for title in [
        "School-terms without a substantive head (<=110 pupils)",
        "Vacancies unfilled at year end",
        "Small schools in an active partnership",
        "Executive heads",
        "Federations",
        "Heads leaving for other jobs",
        "Mean quality of small schools (latent)",
        "Public cost (£)",
    ]:
        rows = key[key.measure == title]
        if rows.empty:
            continue
        is_money = title.startswith("Public cost")
        how = {"sum": "total over the period", "mean": "yearly mean", "last": "at the end of the period"}
        lines.append(
            f"**{title}** ({how[rows.summary.iloc[0]]}; {baseline}: {_fmt(rows.baseline_median.iloc[0], is_money)})"
        )
        lines.append("")
        for _, r in rows.iterrows():
            lines.append(
                f"- {r.scenario}: {_fmt(r.scenario_median, is_money)}, difference "
                f"{_fmt(r.difference_median, is_money)} [{_fmt(r.difference_p10, is_money)} to "
                f"{_fmt(r.difference_p90, is_money)}], better in {r.share_of_seeds_better:.0%} of runs"
            )
        lines.append("")
    lines += [
        "## Cost-effectiveness (public money: programme plus authority)",
        "",
        "| scenario | extra public cost | small-school gap terms averted | per 100 small schools | "
        "£ per gap term averted | extra small schools in active partnership | £ per extra school |",
        "|---|---|---|---|---|---|---|",
    ]
    for _, r in ce.iterrows():
        lines.append(
            f"| {r.scenario} | {_fmt(r.extra_public_cost, True)} | {_fmt(r.small_school_gap_terms_averted)} | "
            f"{_fmt(r.averted_per_100_small_schools)} | {_fmt(r.cost_per_gap_term_averted, True)} | "
            f"{_fmt(r.extra_small_schools_in_active_partnership)} | "
            f"{_fmt(r.cost_per_extra_school_in_partnership, True)} |"
        )
    lines += [
        "",
        "A dash means no price per unit exists: the scenario averted nothing, added no schools, or cost less public money than the baseline (a negative extra cost: it pays for itself, mostly through fewer consultant heads).",
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
        "Chance of at least one term without a substantive head, across the ensemble. Full table: `risk_register.csv`.",
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
            f"{r.p_gap_3y:.0%} | {r.p_gap_5y:.0%} |"
        )
    lines += [
        "",
        "Files: `paired_differences.csv`, `cost_effectiveness.csv`, `money_by_source.csv`, "
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
