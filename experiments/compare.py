"""Compare policy scenarios over an ensemble: ``python -m experiments.compare [overrides]``.

    python -m experiments.compare                                   # the README's main job
    python -m experiments.compare draws=40 seeds=5 counties=4            # more uncertainty covered
    python -m experiments.compare draws=1 counties=1 seeds=50 'scenarios=[no_programme,original_2012,revised_one_off]'
    python -m experiments.compare region=england seeds=4 'scenarios=[no_programme,national_rollout]'
    python -m experiments.compare hydra.run.dir=outputs/compare/<folder>   # resume / extend seeds
    python -m experiments.compare region=register_example region.register=FILE region.register_la=NAME  # your county
    python -m experiments.compare 'stop_after=[3,5]'                # every programme also stopped after 3 and 5 years

Every scenario runs on the same K parameter draws (the calibration's posterior for fitted
parameters, priors over every other assumption, screened by history matching) x R synthetic counties x S seeds, paired (common
random numbers by agent), in parallel across cores, into a resumable results store keyed by
(scenario, draw, county, seed); then ``sim.running.report`` writes figures, tables, a risk register and a
markdown summary into the same folder and prints its path. Everything is checked before anything
runs (``sim.running.app``): a bad setting, a folder holding another configuration's results or a
folder in use by another comparison is refused at once with one line.
"""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf

from sim.running.app import guarded, run_app
from sim.running.comparison import (
    CompareConfig,
    compared,
    county_count,
    design_tables,
    lever_subset_configs,
    scenario_configs,
)
from sim.running.config import quote_override
from sim.running.plan import App, Plan
from sim.state.errors import ConfigError


def run_comparison(
    c: CompareConfig, out: Path, progress: bool = True, extra_dirs: list[Path] | tuple[Path, ...] = ()
) -> Path:
    """Run (or resume) the ensemble into ``out`` and write the report; return the report path.

    Every scenario runs on the same K draws x R counties x S seeds (paired). Holds the folder's
    lock from the first run to the last line of the report.
    """
    from sim.running.ensemble import run_ensemble, seed_set
    from sim.running.report import write_report
    from sim.running.store import ResultsStore, atomic_write

    configs = scenario_configs(c, extra_dirs)
    c = county_count(c, configs)
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
            scenarios=compared(c, configs),
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
    region = configs[c.baseline].region
    if c.scheduler:  # a scheduler that does not answer is refused before anything runs
        from sim.running.ensemble import connect

        connect(c.scheduler).close()
    plan.state["hashes"] = {name: config_hash(typed) for name, typed in configs.items()}
    out = []
    for name, typed in configs.items():
        for n in notes(typed):  # a warning keeps its word first, so it reads as one on the command line
            out.append(
                f"warning: {name}: {n.removeprefix('warning: ')}" if n.startswith("warning:") else f"{name}: {n}"
            )
    if region.register:  # the same (cached) read as python -m sim's pre-flight: what was used and left out
        from sim.state.register import read_register

        out.append(read_register(region)[1].summary())
        if c.counties != 1:
            out.append(f"counties=1: a county read from a register has one layout (counties={c.counties} not used)")
    return out


def command_line(argv: list[str]) -> list[str]:
    """The command line with every ``region.<key>=<value>`` gathered into ``region_settings``, so a region
    setting is given as to ``python -m sim`` (the comparison's ``region`` names a file of conf/region/)."""
    settings = [a for a in argv if a.startswith("region.") and "=" in a]
    if not settings:
        return list(argv)
    rest = [a for a in argv if a not in settings]
    return [*rest, "region_settings=[" + ",".join(quote_override(a) for a in settings) + "]"]


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
    raise SystemExit(run_app(APP, command_line(sys.argv[1:] if argv is None else argv)))


if __name__ == "__main__":
    main()
