"""Compare policy scenarios over an ensemble: ``python -m experiments.compare [overrides]``.

    python -m experiments.compare                                   # the README's main job
    python -m experiments.compare draws=40 seeds=5 counties=4            # more uncertainty covered
    python -m experiments.compare draws=1 counties=1 seeds=50 'scenarios=[no_programme,original_2012,revised_one_off]'
    python -m experiments.compare region=england seeds=4 'scenarios=[no_programme,national_rollout]'
    python -m experiments.compare hydra.run.dir=outputs/compare/<folder>   # resume / extend seeds

Every scenario runs on the same K parameter draws (the calibration's posterior for fitted
parameters, priors over every other assumption, screened by history matching) x R synthetic counties x S seeds, paired (common
random numbers by agent), in parallel across cores, into a resumable results store keyed by
(scenario, draw, county, seed); then ``experiments.report`` writes figures, tables, a risk register and a
markdown summary into the same folder and prints its path. Everything is checked before anything
runs (``sim.running.entry``): a bad setting, a folder holding another configuration's results or a
folder in use by another comparison is refused at once with one line.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hydra
import pandas as pd
from hydra.core.config_store import ConfigStore
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf

from sim.running.config import CONF_DIR, Config
from sim.running.entry import App, Plan, guarded, run_app
from sim.state.errors import ConfigError


def opt(default: Any = None, lo: float | None = None, hi: float | None = None, doc: str = "", factory: Any = None):
    """A comparison setting with its allowed range and meaning (shown by --help, checked before running)."""
    meta = {"lo": lo, "hi": hi, "src": "", "doc": doc}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class CompareConfig:
    scenarios: list[str] = opt(
        factory=lambda: ["no_programme", "revised_one_off"], doc="scenarios compared (files in conf/scenario/)"
    )
    baseline: str = opt("no_programme", doc="the scenario every difference is taken against")
    risk_scenario: str = opt("revised_one_off", doc="the scenario whose succession-risk register is reported")
    region: str = opt("lincolnshire", doc="the region every scenario runs on (a file in conf/region/)")
    draws: int = opt(
        30, 1, None, doc="parameter draws K (draw 0 = the defaults; others plausible draws of posterior and priors)"
    )
    seeds: int = opt(1, 1, None, doc="seeds S per draw and county (every scenario runs on the same seeds)")
    counties: int = opt(
        2, 1, None, doc="synthetic counties R from the region generator (county 0 = the region as configured)"
    )
    assumptions: bool = opt(
        True,
        doc="draw every assumption too: plausible draws of the history match (false: the posterior only)",
    )
    decompose_draws: int = opt(
        2, 0, None, doc="draws (from draw 0, on county 0, every seed) that split each effect by lever; 0 = none"
    )
    base_seed: int = opt(2012, 0, 2**32 - 1, doc="seed the run seeds and the parameter draws are drawn from")
    horizon_years: int = opt(20, 1, 200, doc="years simulated from September 2012")
    report_years: int = opt(10, 1, 200, doc="years the report sums over, from the first (<= horizon_years)")
    n_jobs: int = opt(-1, -1, None, doc="parallel workers: -1 = every core, else 1 or more")
    scheduler: str = opt(
        "", doc="a Dask scheduler's address (tcp://host:8786) to run the runs on its workers; empty = this machine"
    )
    overrides: list[str] = opt(factory=list, doc="""model settings for every scenario, e.g. '["region.n_towns=20"]'""")


ConfigStore.instance().store(name="compare_schema", node=CompareConfig)
# The comparison's own config (conf/compare.yaml) is served from the ConfigStore, not from conf/,
# so ``region`` here is a plain value and not the model's ``region`` group.
ConfigStore.instance().store(name="compare", node=OmegaConf.load(CONF_DIR / "compare.yaml"))


def check_compare(c: CompareConfig) -> None:
    """The comparison's own settings: types, ranges, limits and how they fit together (raises ConfigError)."""
    from sim.running.validation import check_fields

    check_fields(c)
    if c.n_jobs == 0:
        raise ConfigError("n_jobs=0 is not allowed: need -1 (every core) or a whole number >= 1")
    if not c.scenarios:
        raise ConfigError("scenarios=[] is empty; name at least one scenario, e.g. 'scenarios=[no_programme]'")
    if len(set(c.scenarios)) != len(c.scenarios):
        raise ConfigError(f"scenarios={c.scenarios} lists a scenario twice")
    if c.report_years > c.horizon_years:
        raise ConfigError(
            f"report_years={c.report_years} is more than horizon_years={c.horizon_years}: "
            "the report cannot sum over years that are not simulated"
        )


def available_scenarios(extra_dirs: list[Path] | tuple[Path, ...] = ()) -> list[str]:
    """Scenario files on the search path (conf/scenario/ and any --config-dir)."""
    folders = [*(Path(d) / "scenario" for d in extra_dirs), CONF_DIR / "scenario"]
    return sorted({p.stem for f in folders if f.is_dir() for p in f.glob("*.yaml")})


def scenario_configs(c: CompareConfig, extra_dirs: list[Path] | tuple[Path, ...] = ()) -> dict[str, Config]:
    """Typed, validated config of every scenario (raises ConfigError naming the problem)."""
    from sim.running.config import compose_config, load_config

    check_compare(c)
    available = available_scenarios(extra_dirs)
    for name in c.scenarios:
        if name not in available:
            raise ConfigError(f"scenarios: unknown scenario {name!r}; available: {', '.join(available)}")
    for key in ("baseline", "risk_scenario"):
        if getattr(c, key) not in c.scenarios:
            raise ConfigError(f"{key}={getattr(c, key)!r} is not one of scenarios={c.scenarios}")
    configs = {}
    for name in c.scenarios:
        base = [f"scenario={name}", f"region={c.region}", f"run.horizon_years={c.horizon_years}"]
        if not configs:  # the comparison's own choices first, so an error there is not blamed on overrides
            load_config(compose_config(base, extra_dirs=extra_dirs))
        try:
            configs[name] = load_config(compose_config([*base, *c.overrides], extra_dirs=extra_dirs))
        except ConfigError as err:
            raise ConfigError(f"{'overrides: ' if c.overrides else ''}{err} (scenario {name})") from err
    return configs


def ensemble_design(c: CompareConfig, configs: dict[str, Config]) -> tuple[dict[int, dict], dict[int, int]]:
    """The comparison's parameter draws (number -> values; draw 0 = the defaults) and counties
    (number -> region seed; county 0 = the region as configured), the same for every scenario."""
    return design_tables(c, configs)[:2]


def design_tables(c: CompareConfig, configs: dict[str, Config]) -> tuple[dict[int, dict], dict[int, int], pd.DataFrame]:
    """``ensemble_design`` and the whole table of draws (draw 0's defaults included), for the report."""
    from sim.running.draws import draw_values, sample_draws
    from sim.running.ensemble import county_seeds

    cfg = configs[c.baseline]
    table = sample_draws(cfg, c.draws, c.base_seed, assumptions=c.assumptions)
    draws = {0: {}, **{d: draw_values(table, d) for d in range(1, c.draws)}}
    return draws, county_seeds(cfg.region.seed, c.counties), table


def lever_subset_configs(c: CompareConfig, configs: dict[str, Config]) -> dict[str, Config]:
    """Every scenario but the baseline with each subset of its levers on that the Shapley split
    needs (``sim.analysis.decomposition``), named ``<scenario>--<levers>``; the subset of all its
    levers is the scenario itself and is not run again."""
    from dataclasses import replace

    from sim.analysis import decomposition as dc

    out = {}
    for name, cfg in configs.items():
        if name == c.baseline:
            continue
        levers = dc.enabled_levers(cfg.scenario)
        for label, scenario in dc.subset_configs(cfg.scenario).items():
            if dc.parse_subset(label) != frozenset(levers):
                out[f"{name}--{label}"] = replace(cfg, scenario=scenario)
    return out


def run_comparison(
    c: CompareConfig, out: Path, progress: bool = True, extra_dirs: list[Path] | tuple[Path, ...] = ()
) -> Path:
    """Run (or resume) the ensemble into ``out`` and write the report; return the report path.

    Every scenario runs on the same K draws x R counties x S seeds (paired). Holds the folder's
    lock from the first run to the last line of the report.
    """
    from experiments.report import write_report
    from sim.running.ensemble import run_ensemble, seed_set
    from sim.running.store import ResultsStore, atomic_write

    configs = scenario_configs(c, extra_dirs)
    seeds = seed_set(c.base_seed, c.seeds)
    draws, counties, table = design_tables(c, configs)
    with ResultsStore(out).lock():
        counts = run_ensemble(
            configs,
            seeds,
            out,
            n_jobs=c.n_jobs,
            progress=progress,
            draws=draws,
            counties=counties,
            scheduler=c.scheduler or None,
        )
        atomic_write(out / "draws.csv", lambda p: table.to_csv(p, index=False))  # the report's parameter values
        if c.decompose_draws:
            subsets = lever_subset_configs(c, configs)
            if subsets:
                cells = {d: draws[d] for d in list(draws)[: c.decompose_draws]}
                more = run_ensemble(
                    subsets,
                    seeds,
                    out,
                    n_jobs=c.n_jobs,
                    progress=progress,
                    draws=cells,
                    counties={0: counties[0]},
                    scheduler=c.scheduler or None,
                )
                counts["ran"] = counts.get("ran", 0) + more.get("ran", 0)
        print(f"{counts.get('ran', 0)} runs done, {counts.get('skipped', 0)} already in the store", file=sys.stderr)
        return write_report(
            out,
            scenarios=c.scenarios,
            baseline=c.baseline,
            risk_scenario=c.risk_scenario,
            report_years=c.report_years,
            seeds=seeds,
            draws=list(draws),
            counties=list(counties),
        )


def _typed(cfg: DictConfig) -> CompareConfig:
    from sim.running.reword import reword
    from sim.state.typed import to_dataclass

    plain = cfg.copy()
    from omegaconf import open_dict

    with open_dict(plain):
        plain.pop("hydra", None)
    try:
        return to_dataclass(CompareConfig, OmegaConf.to_container(plain, resolve=True))
    except ConfigError:
        raise
    except Exception as err:  # noqa: BLE001 - one line, whatever OmegaConf raised
        raise ConfigError(reword(err, root=CompareConfig)) from err


def _user_dirs() -> list[Path]:
    """Folders given with --config-dir (Hydra lists them as 'command-line' config sources)."""
    try:
        sources = HydraConfig.get().runtime.config_sources
    except ValueError:
        return []
    return [Path(s.path) for s in sources if s.provider == "command-line" and s.schema == "file"]


def task(cfg: DictConfig, out: Path) -> None:
    """The Hydra task: run (or resume) the comparison into the run folder."""
    run_comparison(_typed(cfg), out, extra_dirs=_user_dirs())


hydra_main = hydra.main(version_base="1.3", config_path=None, config_name="compare")(guarded(task))


def check_job(cfg: DictConfig, plan: Plan) -> list[str]:
    """Pre-flight: the comparison's settings and every scenario's config (raises ConfigError); notes."""
    from sim.running.run import config_hash
    from sim.running.validation import notes

    dirs = plan.state.get("extra_dirs", [])
    c = _typed(cfg)
    configs = scenario_configs(c, dirs)
    if c.scheduler:  # a scheduler that does not answer is refused before anything runs
        from sim.running.ensemble import connect

        connect(c.scheduler).close()
    plan.state["hashes"] = {name: config_hash(typed) for name, typed in configs.items()}
    out = []
    for name, typed in configs.items():
        out.extend(f"{name}: {n}" for n in notes(typed))
    return out


def _help(overrides: list[str], extra_dirs: list[Path]) -> str:
    from sim.running.config import compose_config
    from sim.running.help import compare_help

    try:
        defaults = compose_config(overrides, config_name="compare", config_dir=None, root=CompareConfig)
    except ConfigError:
        defaults = compose_config([], config_name="compare", config_dir=None, root=CompareConfig)
    return compare_help(overrides, extra_dirs, CompareConfig, defaults)


APP = App(
    prog="python -m experiments.compare",
    config_name="compare",
    config_dir=None,
    hydra_main=hydra_main,
    check_job=check_job,
    help_text=_help,
    root=CompareConfig,
    folder="store",
    multirun=False,
    what="setting of python -m experiments.compare",
    done=lambda out: f"report written to {out / 'report.md'}",
)


def main(argv: list[str] | None = None) -> None:
    """``python -m experiments.compare``: 0 on success, 2 for a refused setting or folder, 130/143 interrupted."""
    raise SystemExit(run_app(APP, argv))


if __name__ == "__main__":
    main()
