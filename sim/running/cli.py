"""Command line: ``python -m sim [hydra overrides]`` runs one configuration for N seeds.

Writes into Hydra's run folder: results.parquet/.csv (tidy measures), events.parquet/.csv
(the event log), config.yaml (the resolved config), manifest.json and summary.png; with a
register file also register_report.csv (rows left out and why). Everything is checked before
anything runs, and the folder appears only if the run succeeds (``sim.running.app``).
"""

from __future__ import annotations

import logging
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf

from sim.running.app import guarded, run_app
from sim.running.config import CONF_DIR, Config, load_config, name_by_choice
from sim.running.plan import App, Plan

log = logging.getLogger("sim")


def run_and_write(cfg: DictConfig, out: Path) -> Path:
    """Run every seed of ``cfg`` and write the outputs (the summary figure too) into ``out``."""
    import pandas as pd

    from sim.running import output
    from sim.running.run import config_hash, run_model

    typed = load_config(cfg)
    out.mkdir(parents=True, exist_ok=True)
    chash = config_hash(typed)
    results = []
    for i in range(typed.run.n_seeds):
        seed = typed.run.seed + i
        res = run_model(typed, seed, run=i, reuse=False)  # each seed is run once: no spin-up to keep
        log.info("run %d (seed %d): %d years in %.2f s", i, seed, typed.run.horizon_years, res.seconds)
        results.append(res)
    measures = pd.concat([r.measures for r in results], ignore_index=True)
    measures["config_hash"] = chash
    events = pd.concat([r.events for r in results], ignore_index=True)
    output.write_text(out / "config.yaml", OmegaConf.to_yaml(cfg, resolve=True))
    output.write_frame(measures, out / "results")
    output.write_frame(events, out / "events")
    if typed.run.agent_data:
        output.write_frame(pd.concat([r.schools for r in results], ignore_index=True), out / "schools")
    register = None
    if typed.region.register:
        from sim.state.register import read_register

        _, report = read_register(typed.region)
        output.write_frame(report.to_frame(), out / "register_report", formats=("csv",))
        register = {"summary": report.summary(), "encoding": report.encoding, "skipped": dict(report.skipped)}
    if typed.run.figure:
        from sim.analysis.plots import summary_figure

        summary_figure(measures, out / "summary.png", f"{typed.scenario.name} on {typed.region.name}")
    output.write_manifest(  # last: marks the run complete
        out,
        config_hash=chash,
        seeds=[typed.run.seed + i for i in range(typed.run.n_seeds)],
        seconds=[round(r.seconds, 3) for r in results],
        **({"register": register} if register else {}),
    )
    return out


def task(cfg: DictConfig, out: Path) -> None:
    """The Hydra task: one run, or one job of a sweep (a file that names nothing is named after its file)."""
    name_by_choice(cfg, HydraConfig.get().runtime.choices)
    run_and_write(cfg, out)


# ``guarded`` keeps Hydra from printing tracebacks; run_app reports the outcome in one line.
hydra_main = hydra.main(version_base="1.3", config_path=str(CONF_DIR), config_name="config")(guarded(task))


def check_job(cfg: DictConfig, plan: Plan) -> list[str]:
    """Validate one composed job configuration (raises ConfigError); return notes worth printing."""
    from sim.running.validation import notes

    typed = load_config(cfg)
    out = notes(typed)
    if typed.region.register:
        from sim.state.register import read_register

        out.append(read_register(typed.region)[1].summary())
    return out


def _help(overrides: list[str], extra_dirs: list[Path]) -> str:
    from sim.running.help import sim_help

    return sim_help(overrides, extra_dirs)


APP = App(
    prog="python -m sim",
    config_name="config",
    config_dir=CONF_DIR,
    hydra_main=hydra_main,
    check_job=check_job,
    help_text=_help,
    root=Config,
)


def main(argv: list[str] | None = None) -> None:
    """``python -m sim``: exits with 0 on success, 2 for a configuration error, 130/143 when interrupted."""
    raise SystemExit(run_app(APP, argv))


if __name__ == "__main__":
    main()
