"""Write a comparison's report from its results store: figures with bands, paired differences,
money, cost-effectiveness, which assumptions decide, effects split by lever, the succession-risk
register and report.md.

Reads only the results store (``sim.running.store``) and the scenarios' resolved configs kept in
it; nothing here touches the model. The tables and figures come from ``sim.analysis.report`` and
``sim.analysis.report_figures``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis import robustness
from sim.analysis.report import (
    BETTER_WHEN_LOWER,
    COSTS,
    DECIDING,
    METRIC_TITLES,
    PLAIN,
    RANKING_DRAWS,
    RUN,
    SPLIT,
    STATEMENT_WORDS,
    cost_effectiveness,
    money_by_source,
    paired_differences,
    robustness_summary,
    run_values,
    varying,
)
from sim.analysis.report_figures import headline_figure, money_figure, risk_map
from sim.running.config import CONF_DIR
from sim.running.ensemble import load, risk_register
from sim.running.store import ResultsStore


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

    drawn = varying(table)
    if not drawn:
        return "no parameter is drawn"

    fitted = set(yaml.safe_load(RANGES.read_text()) or {})
    others = [c for c in drawn if c not in fitted]
    text = f"the others draw the {len([c for c in drawn if c in fitted])} calibrated parameters from the posterior"
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


VALIDATION = CONF_DIR.parent / "docs" / "validation.csv"  # the validation scorecard


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
    money = money_by_source(measures, scenarios, years)
    money_figure(money, years, out / "money.png")
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


def _what_decides(
    out: Path, table: pd.DataFrame, pairs: pd.DataFrame, scenarios: list[str], baseline: str
) -> list[str]:
    """Which assumptions decide each headline difference: sensitivity_of_differences.csv (SALib
    delta on each draw's mean paired difference) and scenario_discovery.md (PRIM: where in
    parameter space a policy no longer beats the baseline). Returns the report's lines."""
    from sim.analysis import difference_sensitivity as ds
    from sim.analysis import discovery

    params = varying(table)
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
