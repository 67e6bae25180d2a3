"""Compare policy scenarios over an ensemble: ``python -m experiments.compare [overrides]``.

    python -m experiments.compare                                   # the README's main job
    python -m experiments.compare seeds=50 'scenarios=[no_programme,original_2012,revised_one_off]'
    python -m experiments.compare region=england seeds=4 'scenarios=[no_programme,national_rollout]'
    python -m experiments.compare hydra.run.dir=outputs/compare/<folder>   # resume / extend seeds

Every scenario runs on the same seeds (common random numbers), in parallel across cores, into a
resumable results store; then ``experiments.report`` writes figures, tables, a risk register and a
markdown summary into the same folder and prints its path.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import hydra
from hydra.core.config_store import ConfigStore
from hydra.core.hydra_config import HydraConfig
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf

from sim.running.config import CONF_DIR, Config
from sim.state.errors import ConfigError


@dataclass
class CompareConfig:
    scenarios: list[str] = field(default_factory=lambda: ["no_programme", "revised_one_off"])
    baseline: str = "no_programme"
    risk_scenario: str = "revised_one_off"
    region: str = "lincolnshire"
    seeds: int = 20
    base_seed: int = 2012
    horizon_years: int = 20
    report_years: int = 10
    n_jobs: int = -1
    overrides: list[str] = field(default_factory=list)


ConfigStore.instance().store(name="compare_schema", node=CompareConfig)


def scenario_configs(c: CompareConfig) -> dict[str, Config]:
    """Typed, validated config of every scenario (raises ConfigError naming the problem)."""
    from sim.running.config import compose_config, load_config

    if len(set(c.scenarios)) != len(c.scenarios):
        raise ConfigError(f"scenarios={c.scenarios} lists a scenario twice")
    available = sorted(p.stem for p in (CONF_DIR / "scenario").glob("*.yaml"))
    for name in c.scenarios:
        if name not in available:
            raise ConfigError(f"unknown scenario {name!r}; available: {', '.join(available)}")
    for key in ("baseline", "risk_scenario"):
        if getattr(c, key) not in c.scenarios:
            raise ConfigError(f"{key}={getattr(c, key)!r} is not one of scenarios={c.scenarios}")
    if c.seeds < 1 or c.horizon_years < 1 or not 1 <= c.report_years <= c.horizon_years:
        raise ConfigError(
            f"seeds={c.seeds}, horizon_years={c.horizon_years}, report_years={c.report_years}: "
            "need seeds >= 1 and 1 <= report_years <= horizon_years"
        )
    configs = {}
    for name in c.scenarios:
        overrides = [f"scenario={name}", f"region={c.region}", f"run.horizon_years={c.horizon_years}", *c.overrides]
        try:
            configs[name] = load_config(compose_config(overrides))
        except HydraException as err:
            raise ConfigError(str(err).splitlines()[0]) from err
    return configs


def run_comparison(c: CompareConfig, out: Path, progress: bool = True) -> Path:
    """Run (or resume) the ensemble into ``out`` and write the report; return the report path."""
    from experiments.report import write_report
    from sim.running.ensemble import run_ensemble, seed_set

    configs = scenario_configs(c)
    seeds = seed_set(c.base_seed, c.seeds)
    counts = run_ensemble(configs, seeds, out, n_jobs=c.n_jobs, progress=progress)
    print(f"{counts.get('ran', 0)} runs done, {counts.get('skipped', 0)} already in the store", file=sys.stderr)
    return write_report(
        out,
        scenarios=c.scenarios,
        baseline=c.baseline,
        risk_scenario=c.risk_scenario,
        report_years=c.report_years,
        seeds=seeds,
    )


@hydra.main(version_base="1.3", config_path=str(CONF_DIR), config_name="compare")
def main(cfg: DictConfig) -> None:
    out = Path(HydraConfig.get().runtime.output_dir)
    c = CompareConfig(**OmegaConf.to_container(cfg, resolve=True))
    try:
        scenario_configs(c)
    except ConfigError as err:
        if not any(p.name != ".hydra" and not p.name.endswith(".log") for p in out.iterdir()):
            import shutil

            shutil.rmtree(out, ignore_errors=True)
        print(f"config error: {err}", file=sys.stderr)
        sys.exit(2)
    try:
        report = run_comparison(c, out)
    except ConfigError as err:  # e.g. the folder holds another configuration's results
        print(f"config error: {err}", file=sys.stderr)
        sys.exit(2)
    print(f"report written to {report}")


if __name__ == "__main__":
    main()
