"""Write a comparison's report from its results store: figures with bands, paired differences,
money, cost-effectiveness, which assumptions decide, effects split by lever, the succession-risk
register and report.md.

Reads only the results store (``sim.running.store``) and the scenarios' resolved configs kept in
it; nothing here touches the model. The tables and figures come from ``sim.analysis.report`` and
``sim.analysis.report_figures``, the text from ``sim.analysis.report_text`` (one ``ReportData``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis.report import (
    CHARGED,
    METRIC_TITLES,
    RUN,
    SPLIT,
    cost_effectiveness,
    money_by_source,
    paired_differences,
    robustness_summary,
    run_values,
    scenario_discovery,
    sensitivity_of_differences,
    varying,
)
from sim.analysis.report_figures import headline_figure, lever_figure, money_figure, risk_map
from sim.analysis.report_text import ReportData, count, markdown
from sim.running.config import CONF_DIR
from sim.running.ensemble import load, risk_register
from sim.running.store import ResultsStore
from sim.running.validation import ENSEMBLE_SCORECARD, ensemble_misses


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
    """Every file of the report into ``out``, from the runs in the store at ``root``; report.md from a ``ReportData``."""
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
        f"{count(size['county'], 'county', 'counties')} x {count(size['seed'], 'seed')})",
        years,
    )
    pairs = paired_differences(measures, baseline, years, order=scenarios)
    stamped(pairs).to_csv(out / "paired_differences.csv", index=False)
    robust = robustness_summary(measures, baseline, years, order=scenarios)
    stamped(robust).to_csv(out / "robustness.csv", index=False)
    horizon = sorted(int(y) for y in measures.year.unique())
    robust_all = robustness_summary(measures, baseline, horizon, order=scenarios) if horizon != years else robust
    stamped(robust_all).to_csv(out / "robustness_whole_horizon.csv", index=False)
    money = money_by_source(measures, scenarios, years)
    money_figure(money, years, out / "money.png", f"median of {count(n_runs, 'run')} per scenario")
    stamped(money).to_csv(out / "money_by_source.csv")
    levers, parts = _lever_table(out, root, measures, scenarios, years, seeds, draws, counties)
    ce = cost_effectiveness(
        robust,
        baseline,
        n_small,
        order=scenarios,
        pairs=pairs,
        consultant_per_term=_consultant_cost(root, baseline),
        parts=parts,
    )
    stamped(ce).to_csv(out / "cost_effectiveness.csv", index=False)
    table = _draws_table(root, draws)
    sensitivity = sensitivity_of_differences(table, pairs)
    stamped(sensitivity).to_csv(out / "sensitivity_of_differences.csv", index=False)
    version, commit = provenance()
    (out / "scenario_discovery.md").write_text(
        f"<!-- version {version}, commit {commit} -->\n" + scenario_discovery(table, pairs, scenarios, baseline)
    )
    register = risk_register(root, risk_scenario, seeds, draws)
    register = _with_draw_range(register, root, risk_scenario, seeds, draws)
    stamped(register).to_csv(out / "risk_register.csv", index=False)
    risk_map(register, out / "risk_map.png", risk_scenario, towns=_towns(root, risk_scenario))
    data = ReportData(
        scenarios=scenarios,
        baseline=baseline,
        risk_scenario=risk_scenario,
        years=years,
        horizon=horizon,
        size=size,
        n_small=n_small,
        drawn=_what_is_drawn(table),
        descriptions=_descriptions(root, scenarios),
        robust=robust,
        whole=robust_all,
        draws=table,
        sensitivity=sensitivity,
        levers=levers,
        cost_effectiveness=ce,
        money=money,
        register=register,
        caveats=_caveats() + _ensemble_caveats(),
        **_region_files(root, risk_scenario),
        version=version,
        commit=commit,
    )
    (out / "report.md").write_text(markdown(data))
    (out / "report.json").write_text(
        json.dumps(
            {
                "version": version,
                "commit": commit,
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


def provenance() -> tuple[str, str]:
    """The code a report comes from: the project's version and its git commit (short hash, '+dirty' when
    tracked files have changes, 'unknown' outside a git checkout), so a published number can be traced."""
    import sim

    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(
                ["git", *args], cwd=Path(sim.__file__).parent, capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stdout.strip() if out.returncode == 0 else None

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return sim.__version__, "unknown"
    changes = git("status", "--porcelain", "--untracked-files=no")
    return sim.__version__, commit + ("+dirty" if changes else "")


def stamped(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with ``version`` and ``commit`` columns (``provenance``): every CSV of a report says
    which code made it, and still reads with a plain ``pd.read_csv``."""
    version, commit = provenance()
    return table.assign(version=version, commit=commit)


def _towns(root: Path, scenario: str) -> pd.DataFrame:
    """Where county 0's towns are (x, y in km and how many schools each holds), for the risk map: the
    county's schools rebuilt as the model builds them, and each cluster of at least three in-town
    schools within two town radii of each other taken as one town; empty if the county cannot be rebuilt."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    from sim.running.config import load_config
    from sim.state.region_schools import schools_table
    from sim.state.streams import region_stream

    empty = pd.DataFrame(columns=["x", "y", "schools"])
    node = _resolved(root, scenario)
    if node is None:
        return empty
    try:
        region = load_config(node).region
        schools = schools_table(region, region_stream(region.seed))
    except (OSError, ValueError, KeyError):  # a register file no longer where it was (ConfigError is a ValueError)
        return empty
    town = schools[schools.town.astype(bool)]
    if len(town) < 3:
        return empty
    xy = town[["x", "y"]].to_numpy(float)
    pairs = cKDTree(xy).query_pairs(2 * region.town_radius_km, output_type="ndarray")
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(len(xy), len(xy)))
    _, label = connected_components(graph, directed=False)
    found = town.assign(place=label).groupby("place").agg(x=("x", "mean"), y=("y", "mean"), schools=("x", "size"))
    return found[found.schools >= 3].sort_values("schools", ascending=False).reset_index(drop=True)


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


def _region_files(root: Path, scenario: str) -> dict[str, str]:
    """The register file and heads file the county came from (names only; '' where none), for the report's caveat."""
    cfg = _resolved(root, scenario)
    region = {} if cfg is None else cfg.region
    return {
        k: Path(str(region.get(key))).name if region.get(key) else ""
        for k, key in (("register_file", "register"), ("heads_file", "heads_file"))
    }


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
            f"`{r.id}` ({getattr(r, 'use', '')}, {basis}): documented {_short(r.target)}, model median "
            f"{_short(r.model_median)} (10–90% {_short(r.model_p10)} – {_short(r.model_p90)})"
        )
    return lines


def _ensemble_caveats(path: Path = ENSEMBLE_SCORECARD) -> list[str]:
    """The emergent targets the comparison's own draws miss (docs/validation_ensemble.csv), as caveats.

    Emergent only: inputs, identities and fitted targets are the scorecard's checks of its own settings
    (the single-run scorecard's misses of them are already among the caveats), and the draws move them by
    design. A missing or outdated table gives the one sentence ``ensemble_misses`` says it with."""
    return [f"Ensemble scorecard: {line}" for line in ensemble_misses(path, emergent_only=True)]


def _short(x: float) -> str:
    """A scorecard number in at most three significant figures and two decimals ('0.75', '30.5', '-0.03')."""
    x = round(float(x), 2)
    return "0" if x == 0 else f"{x:.3g}"


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


def _lever_table(
    out: Path,
    root: Path,
    measures: pd.DataFrame,
    scenarios: list[str],
    years: list[int],
    seeds: list[int] | None,
    draws: list[int] | None,
    counties: list[int] | None,
) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Each scenario's effect split among its levers (Shapley, exact over every subset of levers run
    into the store as ``<scenario>--<levers>``), written as lever_decomposition.csv and .png, and
    each lever's Shapley part of the ``CHARGED`` effects and costs run pair by run pair, from the
    same runs, for charging each lever its own costs against its own effect (cost_effectiveness.csv);
    (None, None) when the store holds no lever subsets."""
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
        values = values[values.measure.isin([*SPLIT, *CHARGED])]
        whole = dc.subset_label(levers)
        values["levers"] = [subsets.get(n, whole) for n in values.scenario]
        values["scenario"] = scenario
        frames.append(values)
        levers_of[scenario] = levers
    if not frames:
        return None, None
    runs = pd.concat(frames, ignore_index=True)
    table = dc.lever_decomposition(runs[runs.measure.isin(SPLIT)], levers_of)
    table.insert(2, "title", table.measure.map(METRIC_TITLES))
    stamped(table).to_csv(out / "lever_decomposition.csv", index=False)
    lever_figure(table, out / "lever_decomposition.png", len(years))
    return table, dc.lever_parts(runs[runs.measure.isin(CHARGED)], levers_of)
