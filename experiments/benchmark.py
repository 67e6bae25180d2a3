"""Benchmark: run time and peak memory of 20-year runs (county and England scale).

    python -m experiments.benchmark                  # county x5, small x5, England x1
    python -m experiments.benchmark --england-runs 0 # skip the national run

Each case runs in a fresh subprocess so that its peak resident memory (ru_maxrss) is its
own. Prints a markdown table; docs/performance.md records the numbers. Not a test: timing
assertions do not belong in the test suite.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time

CASE = """
import json, resource, sys, time
t0 = time.perf_counter()
from sim.running.config import load_config
from sim.running.config import compose_config
from sim.running.run import build_model, run_model
cfg = load_config(compose_config(sys.argv[1:]))
t_import = time.perf_counter() - t0
t1 = time.perf_counter()
model = build_model(cfg, cfg.run.seed)
t_build = time.perf_counter() - t1
t2 = time.perf_counter()
while model.running:
    model.step()
t_steps = time.perf_counter() - t2
t3 = time.perf_counter()
res = run_model(cfg, cfg.run.seed + 1)
t_full = time.perf_counter() - t3
print(json.dumps({"schools": len(model.schools), "build_s": t_build, "steps_s": t_steps,
                  "run_model_s": t_full, "startup_s": t_import,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(overrides: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-c", CASE, *overrides], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--county-runs", type=int, default=5)
    parser.add_argument("--england-runs", type=int, default=1)
    parser.add_argument("--years", type=int, default=20)
    args = parser.parse_args()
    cases = [
        ("small (40 schools)", ["region=small"], args.county_runs),
        ("lincolnshire (276 schools)", ["region=lincolnshire"], args.county_runs),
        ("england (16,700 schools)", ["region=england"], args.england_runs),
    ]
    print(
        f"python {platform.python_version()}, {platform.machine()}, {time.strftime('%Y-%m-%d')}; "
        f"{args.years}-year runs (60 terms)\n"
    )
    print("| region | schools | build (s) | 60 terms (s) | run_model incl. frames (s) | peak RSS (MB) | repeats |")
    print("|---|---|---|---|---|---|---|")
    for name, overrides, repeats in cases:
        if repeats <= 0:
            continue
        rows = [measure([*overrides, f"run.horizon_years={args.years}"]) for _ in range(repeats)]
        med = {k: sorted(r[k] for r in rows)[len(rows) // 2] for k in rows[0]}
        print(
            f"| {name} | {med['schools']} | {med['build_s']:.2f} | {med['steps_s']:.2f} | "
            f"{med['run_model_s']:.2f} | {med['peak_rss_mb']:.0f} | {repeats} |"
        )


if __name__ == "__main__":
    main()
