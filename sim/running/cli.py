"""Command line: ``python -m sim [hydra overrides]`` runs one configuration for N seeds.

Writes into Hydra's run folder: results.parquet/.csv (tidy measures), events.parquet/.csv
(the event log), config.yaml (the resolved config), manifest.json and summary.png.
"""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf

from sim.running.config import CONF_DIR, load_config
from sim.state.errors import ConfigError

log = logging.getLogger("sim")


def run_and_write(cfg: DictConfig, out: Path) -> Path:
    """Run every seed of ``cfg`` and write the outputs into ``out``."""
    import pandas as pd

    from sim.analysis import plots
    from sim.running import output
    from sim.running.run import config_hash, run_model

    typed = load_config(cfg)
    out.mkdir(parents=True, exist_ok=True)
    chash = config_hash(typed)
    results = []
    for i in range(typed.run.n_seeds):
        seed = typed.run.seed + i
        res = run_model(typed, seed, run=i)
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
    if typed.run.figure:
        plots.summary_figure(measures, out / "summary.png", f"{typed.scenario.name} on {typed.region.name}")
    output.write_manifest(
        out,
        config_hash=chash,
        seeds=[typed.run.seed + i for i in range(typed.run.n_seeds)],
        seconds=[round(r.seconds, 3) for r in results],
    )
    return out


@hydra.main(version_base="1.3", config_path=str(CONF_DIR), config_name="config")
def main(cfg: DictConfig) -> None:
    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        load_config(cfg)
    except ConfigError as err:
        if not any(p.name not in (".hydra",) and not p.name.endswith(".log") for p in out.iterdir()):
            shutil.rmtree(out, ignore_errors=True)  # leave no half-made run folder behind
        print(f"config error: {err}", file=sys.stderr)
        sys.exit(2)
    run_and_write(cfg, out)
    print(f"results written to {out}")


if __name__ == "__main__":
    main()
