"""Compare policies: two or more scenarios side by side over paired seeds, for the dashboard.

Nothing here is a second comparison: the configs come from ``sim.running.comparison.scenario_configs``,
the seeds from ``sim.running.ensemble.seed_set``, the runs from ``run_ensemble`` (joblib workers
writing a resumable results store), and the figures, paired differences, money and
cost-effectiveness tables from ``sim.running.report.write_report``, exactly as
``python -m experiments.compare`` makes them. This module only runs them in the background,
reports progress (by watching the store fill up), and puts the tables in plain words.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sim.analysis.robustness import MIN_DRAWS
from sim.dashboard import levers
from sim.dashboard.figures import compare_png
from sim.dashboard.session import screen_terms, term_words

# The report draws with pyplot (one current figure per process): one report at a time.
REPORT_LOCK = threading.Lock()
MAX_SEEDS = 30
MAX_YEARS = 20
BUDGETS = (0, 100000, 250000, 500000)  # £ a year every programme's money must fit (0: no cap), as offered on the page
TARGETS = (0, 10, 20)  # the N schools most at risk the money is aimed at (0: every partnership), as offered
TARGETS_NOTE = (
    " Which schools are most at risk is worked out during each run from the heads' ages and time in post, which"
    " are drawn for this county, not known."
)


@dataclass
class CompareRequest:
    scenarios: list[str]
    baseline: str
    seeds: int = 8
    years: int = 10
    region: str = "lincolnshire"
    base_seed: int = 2012
    n_jobs: int = -1
    budget: int = 0  # £ a year: also every programme within it (<scenario>_cap<B>); 0: none
    targets: int = 0  # also every programme's money only for the N schools most at risk (<scenario>_top<N>); 0: none

    def check(self) -> str | None:
        """What is wrong with the request, in plain words (None if it can run)."""
        if len(self.scenarios) < 2:
            return "Choose at least two scenarios to compare."
        if self.baseline not in self.scenarios:
            return "The scenario to compare against must be one of the chosen scenarios."
        if not 2 <= self.seeds <= MAX_SEEDS:
            return f"Runs per scenario must be from 2 to {MAX_SEEDS}."
        if not 1 <= self.years <= MAX_YEARS:
            return f"Years must be from 1 to {MAX_YEARS}."
        if self.budget not in BUDGETS:
            return "Choose a yearly budget from the list."
        if self.targets not in TARGETS:
            return "Choose how many schools most at risk from the list."
        return None

    @property
    def variants(self) -> list[str]:
        """The budget and targeting variants the comparison adds: one of each for every scenario with programme money."""
        with_money = [s for s in self.scenarios if levers.has_programme_money(s, self.region)]
        return [
            *(f"{s}_cap{self.budget}" for s in with_money if self.budget),
            *(f"{s}_top{self.targets}" for s in with_money if self.targets),
        ]

    @property
    def runs(self) -> int:
        return (len(self.scenarios) + len(self.variants)) * self.seeds

    @property
    def report_years(self) -> int:
        return min(10, self.years)


@dataclass
class CompareResult:
    request: CompareRequest
    folder: Path
    caption: str
    differences: pd.DataFrame  # plain words, for the screen
    costs: pd.DataFrame
    figure: bytes
    seconds: float
    files: dict[str, Path] = field(default_factory=dict)
    note: str = ""  # one plain sentence on what the bands mean (seed luck only with one parameter draw)
    shown: list[str] = field(default_factory=list)  # every scenario of the report, variants included, in order

    def zip_bytes(self) -> bytes:
        """The report folder as a zip an officer can open: report.md, figures, CSV tables, configs as text.

        The runs' Parquet files become three CSV tables (every run's measures, first terms without
        a head, each school's drivers), numbered and dated as on screen; each scenario's resolved
        config is a plain-text file named after the scenario.
        """
        from sim.running.ensemble import load

        buf = io.BytesIO()
        measures, gaps, drivers = load(self.folder, self.order)
        scenario_of = dict(zip(measures.config_hash, measures.scenario)) if len(measures) else {}
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for path in sorted(self.folder.rglob("*")):
                rel = path.relative_to(self.folder)
                if not path.is_file() or any(part.startswith(".") for part in rel.parts):
                    continue
                if path.suffix == ".parquet" or (path.suffix == ".json" and rel.parts[0] != rel.name):
                    continue
                if rel.parts[0] == "configs" and path.suffix in (".yaml", ".yml"):
                    z.write(path, f"configs/{scenario_of.get(path.stem, path.stem)}.txt")
                    continue
                z.write(path, str(rel))
            if len(measures):
                start = int(measures.year.min())
                table = screen_terms(measures.drop(columns=["config_hash", "replicate"], errors="ignore"), start)
                z.writestr("runs/measures.csv", table.to_csv(index=False))
                if len(gaps):
                    gaps = gaps.copy()
                    first = gaps.first_gap_term
                    gaps["first_gap_when"] = [None if pd.isna(t) else term_words(start, int(t)) for t in first]
                    gaps["first_gap_term"] = (first + 1).astype("Int64")  # the screen's numbering: 1 = Autumn
                    z.writestr("runs/first_term_without_a_head.csv", gaps.to_csv(index=False))
            if len(drivers):
                z.writestr("runs/school_drivers.csv", drivers.to_csv(index=False))
        return buf.getvalue()

    @property
    def order(self) -> list[str]:
        req = self.request
        return self.shown or [req.baseline, *[s for s in req.scenarios if s != req.baseline]]


def compare_config(req: CompareRequest):
    """The comparison configuration (``python -m experiments.compare``'s settings) the request stands for."""
    from sim.running.comparison import CompareConfig

    policy = next(s for s in req.scenarios if s != req.baseline)
    order = [req.baseline, *[s for s in req.scenarios if s != req.baseline]]
    return CompareConfig(
        scenarios=order,
        baseline=req.baseline,
        risk_scenario=policy,
        region=req.region,
        draws=1,  # the defaults only: a quick paired comparison over seeds (experiments.compare draws the rest)
        counties=1,
        seeds=req.seeds,
        base_seed=req.base_seed,
        horizon_years=req.years,
        report_years=req.report_years,
        n_jobs=req.n_jobs,
        budget_per_year=[float(req.budget)] if req.budget else [],
        target_schools=[req.targets] if req.targets else [],
    )


def run(
    req: CompareRequest,
    folder: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    poll: float = 0.4,
) -> CompareResult:
    """Run the comparison into ``folder`` (a new temporary one by default), reporting runs done."""
    from sim.running.comparison import compared, scenario_configs
    from sim.running.ensemble import load, run_ensemble, seed_set
    from sim.running.report import write_report
    from sim.running.run import config_hash
    from sim.running.store import ResultsStore

    problem = req.check()
    if problem:
        raise ValueError(problem)
    t0 = time.perf_counter()
    c = compare_config(req)
    with levers.COMPOSE_LOCK:
        configs = scenario_configs(c)
    shown = compared(c, configs)  # the named scenarios, then their budget and targeting variants
    seeds = seed_set(c.base_seed, c.seeds)
    folder = Path(folder or tempfile.mkdtemp(prefix="dashboard_compare_"))
    hashes = {name: config_hash(cfg) for name, cfg in configs.items()}
    total = len(configs) * len(seeds)
    failure: list[BaseException] = []

    def ensemble() -> None:
        try:
            run_ensemble(configs, seeds, folder, n_jobs=c.n_jobs, progress=False)
        except BaseException as err:  # noqa: BLE001 - handed to the caller below
            failure.append(err)

    worker = threading.Thread(target=ensemble, name="dashboard-compare", daemon=True)
    worker.start()
    store = ResultsStore(folder)
    while worker.is_alive():
        worker.join(poll)
        if progress is not None:
            progress(sum(store.done(n, hashes[n], s) for n in configs for s in seeds), total)
    if failure:
        raise failure[0]
    if progress is not None:
        progress(total, total)
    with REPORT_LOCK:
        write_report(
            folder,
            scenarios=shown,
            baseline=c.baseline,
            risk_scenario=c.risk_scenario,
            report_years=c.report_years,
            seeds=seeds,
        )
    measures, _, _ = load(folder, shown)
    measures = measures[measures.seed.isin(seeds)]
    titles = {s: levers.scenario_title(s) for s in shown}
    start = int(measures.year.min())
    period = f"{start}/{str(start + 1)[2:]} to {start + c.report_years - 1}/{str(start + c.report_years)[2:]}"
    who = f"{' vs '.join(titles[s] for s in c.scenarios)} · {levers.REGIONS.get(req.region, req.region)}"
    how = (
        f"{req.seeds} paired runs each (the same seeds for every scenario, base seed {req.base_seed}) at the "
        f"calibrated parameters · from September {start}"
    )
    caption = f"{who} · {how}"
    short = f"{req.seeds} paired runs each at the calibrated parameters · from September {start}"
    figure = compare_png(measures, shown, titles, f"{who}\n{short} · median of the runs, band: 10–90% of runs")
    robust = pd.read_csv(folder / "robustness.csv")
    differences = readable_differences(robust, titles, c.report_years)
    draws = int(robust.n_draws.max()) if len(robust) else 0
    costs = readable_costs(
        pd.read_csv(folder / "cost_effectiveness.csv"), pd.read_csv(folder / "money_by_source.csv"), titles, c.baseline
    )
    files = {
        name: folder / name
        for name in (
            "robustness.csv",
            "paired_differences.csv",
            "cost_effectiveness.csv",
            "money_by_source.csv",
            "headlines.png",
        )
    }
    return CompareResult(
        request=req,
        folder=folder,
        caption=f"{caption}; differences and costs over {period}",
        differences=differences,
        costs=costs,
        figure=figure,
        seconds=time.perf_counter() - t0,
        files=files,
        note=robustness_note(draws) + (TARGETS_NOTE if req.targets else ""),
        shown=shown,
    )


def discard(result: CompareResult | None) -> None:
    """Delete a comparison's folder (a session's comparisons are not kept after it ends)."""
    if result is not None:
        shutil.rmtree(result.folder, ignore_errors=True)


# ----- plain words -----------------------------------------------------------------------------
WORDS = {
    "(<=110 pupils)": "(schools of 110 pupils or fewer)",
    "(latent)": "(model scale)",
    "Public cost (£)": "Public money spent (programme and authority)",
}
HOW = {"sum": "total over {n} years", "mean": "yearly average", "last": "after {n} years"}
# The report's headline measures shown on screen, by key (measure|group: sturdier than their titles).
KEEP = [
    "gap_terms|le110",
    "gap_terms|all",
    "unfilled_vacancies|all",
    "exits.moved_away|all",
    "good_or_better|le110",
    "ks2_l4_rate|all",
    "executive_heads|all",
    "schools_led_by_executive|le110",
    "federations|all",
    "schools_in_active_partnership|le110",
    "quality|le110",
    "public_cost|all",
]


def _plain_measure(title: str) -> str:
    for a, b in WORDS.items():
        title = title.replace(a, b)
    return title


def _num(x: float, money: bool, signed: bool = False, share: bool = False) -> str:
    """A number for the tables: £ with thousands, shares as percentages, a minus sign that is a minus."""
    if pd.isna(x):
        return "–"
    if share:
        x = 100 * x
    if money:
        text = f"£{abs(x):,.0f}"
    else:
        text = f"{abs(x):,.1f}" if abs(x) < 100 else f"{abs(x):,.0f}"
        if share and not signed:
            text += "%"
    zero = float(text.lstrip("£").rstrip("%").replace(",", "")) == 0
    sign = "" if zero else "−" if x < 0 else "+" if signed else ""
    return sign + "\u2060" + text if sign else text  # a word joiner: the sign never wraps away from its number


def robustness_note(draws: int) -> str:
    """What the bands mean, in one sentence: with one parameter draw they are seed luck only."""
    if draws >= MIN_DRAWS:
        return (
            f"Ranges cover seed luck and {draws} draws of the uncertain parameters; a difference is robust when its "
            "sign holds in at least 90% of the draws."
        )
    return (
        "These runs use one set of parameters (the calibrated ones), so each range shows seed luck only: whether a "
        "difference is robust to what the model does not know needs runs over many parameter draws (the full "
        "comparison), which this tab does not make."
    )


def readable_differences(robust: pd.DataFrame, titles: dict[str, str], years: int) -> pd.DataFrame:
    """Each policy minus the baseline in plain words: the report's statistic (``robustness.csv``),
    the median paired difference with its 10-90% interval over the paired runs and, with parameter
    draws, the share of draws its sign holds in and the report's verdict (``sim.analysis.robustness``).
    With one draw the verdict columns are left out: the range is seed luck only (``robustness_note``)."""
    rows = []
    baseline = robust.baseline.iloc[0] if len(robust) else None
    with_draws = len(robust) > 0 and int(robust.n_draws.max()) >= MIN_DRAWS
    keys = [k for k in KEEP if k in set(robust.measure)] or list(dict.fromkeys(robust.measure))  # all, if none known
    for key in keys:
        for _, r in robust[robust.measure == key].iterrows():
            money = key == "public_cost|all"
            share = str(r.title).startswith("Share of")
            unit = " (%; differences in percentage points)" if share else ""
            row = {
                "Measure": f"{_plain_measure(r.title)}{unit}, {HOW.get(r.summary, '{n} years').format(n=years)}",
                "Policy": titles.get(r.scenario, r.scenario),
                "Baseline": _num(r.baseline_median, money, share=share),
                "With the policy": _num(r.scenario_median, money, share=share),
                "Difference (median of paired runs)": _num(r["median"], money, signed=True, share=share),
                "10–90% of paired runs": (
                    f"{_num(r.low, money, signed=True, share=share)} to {_num(r.high, money, signed=True, share=share)}"
                ),
            }
            if with_draws:
                row["Draws in which its sign holds"] = (
                    "–" if pd.isna(r.share_sign_holds) else f"{r.share_sign_holds:.0%} of {int(r.n_draws)}"
                )
                row["Verdict"] = r.label
            rows.append(row)
    out = pd.DataFrame(rows)
    if baseline is not None and len(out):
        out = out.rename(columns={"Baseline": f"Baseline: {titles.get(baseline, baseline)}"})
        if not with_draws:
            out = out.rename(columns={"10–90% of paired runs": "10–90% of paired runs (seed luck only)"})
    return out


def readable_costs(ce: pd.DataFrame, money: pd.DataFrame, titles: dict[str, str], baseline: str) -> pd.DataFrame:
    """Extra public money and what it buys, with money spent by source, per policy."""
    by_source = money.set_index("scenario").drop(columns=["version", "commit"], errors="ignore")
    if "lever" in ce.columns:  # the scenario's own row; the others price each lever alone
        ce = ce[ce.lever == "all"]
    rows = []
    for scenario in by_source.index:
        r = ce[ce.scenario == scenario]
        row = {"Scenario": titles.get(scenario, scenario)}
        for col in by_source.columns:
            row[f"Spent: {col} (median)"] = _num(by_source.loc[scenario, col], True)
        if len(r):
            r = r.iloc[0]
            row["Extra public money vs baseline"] = _num(r.extra_public_cost, True)
            row["Small-school terms without a head averted, per 100 small schools"] = _num(
                r.averted_per_100_small_schools, False
            )
            row["£ per term without a head averted"] = _num(r.public_cost_per_gap_term_averted, True)
            row["Extra full cost (public and school budgets)"] = _num(r.extra_full_cost, True)
            row["£ full cost per term without a head averted"] = _num(r.full_cost_per_gap_term_averted, True)
            row["£ per extra small school in an active partnership"] = _num(
                r.public_cost_per_extra_school_in_partnership, True
            )
        else:
            row["Extra public money vs baseline"] = "(baseline)"
        rows.append(row)
    return pd.DataFrame(rows).fillna("–")
