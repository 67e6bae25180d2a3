"""A policy comparison's settings and its scenarios' configs.

``CompareConfig`` is what ``python -m experiments.compare`` takes on the command line (and what
the dashboard's comparison fills in); ``scenario_configs`` turns it into one typed, validated
config per scenario, and ``design_tables`` into the parameter draws and counties every scenario
shares. Importing this module registers the comparison's schema and its config
(``conf/compare.yaml``) with Hydra's ConfigStore.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf

from sim.running.config import CONF_DIR, Config
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
        6, 0, None, doc="draws (from draw 0, on county 0, every seed) that split each effect by lever; 0 = none"
    )
    base_seed: int = opt(2012, 0, 2**32 - 1, doc="seed the run seeds and the parameter draws are drawn from")
    horizon_years: int = opt(20, 1, 200, doc="years simulated from September 2012")
    report_years: int = opt(10, 1, 200, doc="years the report sums over, from the first (<= horizon_years)")
    n_jobs: int = opt(-1, -1, None, doc="parallel workers: -1 = every core, else 1 or more")
    scheduler: str = opt(
        "", doc="a Dask scheduler's address (tcp://host:8786) to run the runs on its workers; empty = this machine"
    )
    overrides: list[str] = opt(factory=list, doc="""model settings for every scenario, e.g. '["region.n_towns=20"]'""")
    region_settings: list[str] = opt(
        factory=list,
        doc="settings of the region given as region.<key>=<value> on the command line (region.register=FILE, "
        "region.register_la=NAME, region.heads_file=FILE); a register county has one layout, so counties=1",
    )
    stop_after: list[int] = opt(
        factory=list,
        doc="also run each scenario with a programme with every lever stopped after N years of the run, "
        "named <scenario>_stop<N>, e.g. 'stop_after=[3,5]' (1 <= N <= horizon_years)",
    )
    budget_per_year: list[float] = opt(
        factory=list,
        doc="also run each scenario with programme money under a yearly budget of £B (scenario.budget), named "
        "<scenario>_cap<B>, e.g. 'budget_per_year=[250000]' (at least the smallest first-year commitment)",
    )
    target_schools: list[int] = opt(
        factory=list,
        doc="also run each scenario with programme money only for the partnerships of the N schools of highest "
        "in-run risk score (scenario.targeting), named <scenario>_top<N>, e.g. 'target_schools=[20]' "
        "(1 <= N <= the region's schools)",
    )


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
    for n in c.stop_after:
        if not 1 <= n <= c.horizon_years:
            raise ConfigError(
                f"stop_after={c.stop_after}: {n} is not allowed: need whole years from 1 to horizon_years="
                f"{c.horizon_years} (a lever stopped after N years of the run)"
            )
    if len(set(c.stop_after)) != len(c.stop_after):
        raise ConfigError(f"stop_after={c.stop_after} lists a year twice")
    for b in c.budget_per_year:
        if not (b == b and 0 < b < float("inf")):  # NaN, infinity, zero or below
            raise ConfigError(f"budget_per_year={c.budget_per_year}: {b} is not allowed: need £ a year above 0")
    if len(set(c.budget_per_year)) != len(c.budget_per_year):
        raise ConfigError(f"budget_per_year={c.budget_per_year} lists a budget twice")
    for n in c.target_schools:
        if n < 1:
            raise ConfigError(
                f"target_schools={c.target_schools}: {n} is not allowed: need a whole number of schools >= 1"
            )
    if len(set(c.target_schools)) != len(c.target_schools):
        raise ConfigError(f"target_schools={c.target_schools} lists a count twice")
    for setting in c.region_settings:
        if not setting.startswith("region."):
            raise ConfigError(f"region_settings: {setting!r} is not a region setting: give region.<key>=<value>")
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
    from sim.state.heads_file import check_heads_file

    check_compare(c)
    available = available_scenarios(extra_dirs)
    for name in c.scenarios:
        if name not in available:
            raise ConfigError(f"scenarios: unknown scenario {name!r}; available: {', '.join(available)}")
    if c.baseline not in c.scenarios:
        raise ConfigError(f"baseline={c.baseline!r} is not one of scenarios={c.scenarios}")
    configs = {}
    for name in c.scenarios:
        base = [f"scenario={name}", f"region={c.region}", f"run.horizon_years={c.horizon_years}", *c.region_settings]
        if not configs:  # the comparison's own choices first, so an error there is not blamed on overrides
            check_heads_file(load_config(compose_config(base, extra_dirs=extra_dirs)))
        try:
            configs[name] = load_config(compose_config([*base, *c.overrides], extra_dirs=extra_dirs))
        except ConfigError as err:
            raise ConfigError(f"{'overrides: ' if c.overrides else ''}{err} (scenario {name})") from err
    if c.overrides:  # the region or the heads' ages the overrides leave
        check_heads_file(configs[c.scenarios[0]])
    configs.update(stopped_configs(c, configs))
    configs.update(limited_configs(c, configs))
    if c.risk_scenario not in configs:
        raise ConfigError(f"risk_scenario={c.risk_scenario!r} is not one of scenarios={list(configs)}")
    return configs


def stopped_configs(c: CompareConfig, configs: dict[str, Config]) -> dict[str, Config]:
    """Each scenario with a programme, once for every N of ``stop_after``, with every lever's last
    academic year at most the run's N-th (levers apply from ``start_year`` to ``end_year`` inclusive,
    ``scenarios.levers``); named ``<scenario>_stop<N>``."""
    from dataclasses import replace

    from sim.analysis import decomposition as dc

    out = {}
    for name, cfg in configs.items():
        levers = dc.enabled_levers(cfg.scenario)
        if not levers:
            continue
        for n in c.stop_after:
            last = cfg.run.start_year + n - 1
            changed = {}
            for lever in levers:
                lc = getattr(cfg.scenario, lever)
                changed[lever] = replace(lc, end_year=last if lc.end_year is None else min(lc.end_year, last))
            variant = f"{name}_stop{n}"
            if variant in configs:
                raise ConfigError(f"stop_after={c.stop_after}: the variant {variant!r} is also a scenario compared")
            description = (cfg.scenario.description.rstrip(". ") + "; " if cfg.scenario.description else "") + (
                f"every lever stopped after {count_years(n)} (last year {last}/{str(last + 1)[2:]})"
            )
            scenario = replace(cfg.scenario, name=variant, description=description, **changed)
            out[variant] = replace(cfg, scenario=scenario)
    return out


def limited_configs(c: CompareConfig, configs: dict[str, Config]) -> dict[str, Config]:
    """Each named scenario with programme money, once for every budget of ``budget_per_year`` (named
    ``<scenario>_cap<B>``) and every count of ``target_schools`` (``<scenario>_top<N>``): the scenario's own
    levers under ``scenario.budget`` or ``scenario.targeting`` from the run's first year (raises ConfigError
    for a budget below the scenario's smallest first-year commitment or a count above the region's schools)."""
    from dataclasses import replace

    from scenarios.levers import smallest_commitment

    out: dict[str, Config] = {}
    if not (c.budget_per_year or c.target_schools):
        return out
    schools = region_schools(configs[c.baseline]) if c.target_schools else 0
    for n in c.target_schools:
        if n > schools:
            raise ConfigError(
                f"target_schools={c.target_schools}: {n} is more than the region's {schools} schools "
                f"(region={c.region}): need 1 to {schools}"
            )
    for name in c.scenarios:
        cfg = configs[name]
        need = smallest_commitment(cfg.scenario)
        if need is None:
            continue
        start = cfg.run.start_year
        for b in c.budget_per_year:
            if b < need[0]:
                raise ConfigError(
                    f"budget_per_year={c.budget_per_year}: £{b:,.0f} is below what {name}'s first year needs: "
                    f"£{need[0]:,.0f} ({need[1]}), so it would fund nothing"
                )
            budget = replace(cfg.scenario.budget, enabled=True, start_year=start, end_year=None, per_year=float(b))
            out[_variant(c, configs, out, f"{name}_cap{b:.0f}", "budget_per_year")] = replace(
                cfg,
                scenario=replace(
                    cfg.scenario,
                    name=f"{name}_cap{b:.0f}",
                    description=_more(cfg.scenario.description, f"programme money within £{b:,.0f} a year"),
                    budget=budget,
                ),
            )
        for n in c.target_schools:
            rule = replace(cfg.scenario.targeting, enabled=True, start_year=start, end_year=None, n_schools=n)
            out[_variant(c, configs, out, f"{name}_top{n}", "target_schools")] = replace(
                cfg,
                scenario=replace(
                    cfg.scenario,
                    name=f"{name}_top{n}",
                    description=_more(
                        cfg.scenario.description,
                        f"programme money only for the partnerships of the {n} schools of highest risk score, "
                        "listed each September (heads' ages and tenures are drawn unless region.heads_file gives them)",
                    ),
                    targeting=rule,
                ),
            )
    return out


def _variant(c: CompareConfig, configs: dict[str, Config], made: dict[str, Config], name: str, key: str) -> str:
    """A variant's name, refused if it is also a scenario compared."""
    if name in configs or name in made:
        raise ConfigError(f"{key}={getattr(c, key)}: the variant {name!r} is also a scenario compared")
    return name


def _more(description: str, what: str) -> str:
    """A scenario's description with what a variant changes."""
    return (description.rstrip(". ") + "; " if description else "") + what


def region_schools(cfg: Config) -> int:
    """How many schools the run's region holds (a register county: the schools read from its file)."""
    from sim.state.region_schools import schools_table
    from sim.state.streams import region_stream

    return len(schools_table(cfg.region, region_stream(cfg.region.seed)))


def count_years(n: int) -> str:
    """'1 year', '3 years'."""
    return f"{n} year" if n == 1 else f"{n} years"


def compared(c: CompareConfig, configs: dict[str, Config]) -> list[str]:
    """The scenarios the report shows, in order: the named ones, then their stopped variants."""
    return [*c.scenarios, *(name for name in configs if name not in c.scenarios)]


def county_count(c: CompareConfig, configs: dict[str, Config]) -> CompareConfig:
    """The comparison with the counties it runs: a county read from a register has one layout, so one."""
    from dataclasses import replace

    if configs[c.baseline].region.register and c.counties != 1:
        return replace(c, counties=1)
    return c


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
