"""Fingerprints of the model's outputs for fixed configurations: is a speed-up a pure speed-up?

    python -m experiments.fingerprint --save before.json      # on the code before a change
    python -m experiments.fingerprint --check before.json     # after it: IDENTICAL, or which cases differ
    python -m experiments.fingerprint --england --save eng.json  # one short England run (a minute)
    python -m experiments.fingerprint --quick --save x.json      # seconds: to see that it works

Each case runs one seed of a scenario on a region (the county with its full spin-up, shorter
spin-ups for the others) and hashes the measures, the event log and the school table, once as
they are and once without agent ids (heads and partnerships are numbered by Mesa, so a change
that creates agents in another order renumbers them without changing anything else). A change
meant to keep the model's results must leave every fingerprint identical; one that changes the
draws must instead be followed by the validation scorecard and the stationarity panels.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import pandas as pd

CASES = [
    ("lincolnshire", "no_programme", 1, []),
    ("lincolnshire", "exec_headship_push", 2, []),
    ("lincolnshire", "recurring_funding", 3, ["params.spinup.years=30"]),
    ("small", "federation_push", 4, ["params.spinup.years=30"]),
    ("small", "dedicated_leadership", 5, ["params.spinup.years=30"]),
    ("lincolnshire", "national_rollout", 6, ["params.spinup.years=20"]),
]
ENGLAND = [("england", "no_programme", 1, ["params.spinup.years=3", "run.horizon_years=3"])]
QUICK = [("small", "no_programme", 1, ["params.spinup.years=2", "run.horizon_years=2"])]  # to see that it works
AGENT_IDS = ["head", "partnership", "new_partnership"]


def _hash(frames: list[pd.DataFrame], drop: list[str]) -> str:
    h = hashlib.sha1()
    for df in frames:
        df = df.drop(columns=[c for c in drop if c in df.columns]).reset_index(drop=True)
        h.update(pd.util.hash_pandas_object(df, index=False).values.tobytes() if len(df) else b"")
    return h.hexdigest()[:12]


def fingerprints(cases: list[tuple[str, str, int, list[str]]]) -> dict[str, str]:
    """``{case: hash, case/noids: hash without agent ids}`` for each (region, scenario, seed, overrides)."""
    from sim.running.config import compose_config, load_config
    from sim.running.run import run_model

    out = {}
    for region, scenario, seed, extra in cases:
        cfg = load_config(compose_config([f"region={region}", f"scenario={scenario}", "run.agent_data=true", *extra]))
        t = time.process_time()
        r = run_model(cfg, seed, reuse=False)
        frames = [r.measures, r.events, r.schools]
        name = f"{region}/{scenario}/{seed}"
        out[name], out[f"{name}/noids"] = _hash(frames, []), _hash(frames, AGENT_IDS)
        print(f"{name:40s} {out[name]} {out[name + '/noids']} {time.process_time() - t:6.2f} s CPU", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--save", type=Path, help="write the fingerprints to this JSON file")
    what.add_argument("--check", type=Path, help="compare with the fingerprints in this JSON file")
    parser.add_argument("--england", action="store_true", help="one short England run instead of the county cases")
    parser.add_argument("--quick", action="store_true", help="one short run of the small county (to see that it works)")
    args = parser.parse_args(argv)
    found = fingerprints(QUICK if args.quick else ENGLAND if args.england else CASES)
    if args.save:
        args.save.write_text(json.dumps(found, indent=1) + "\n")
        print(f"saved {len(found)} fingerprints to {args.save}")
        return 0
    ref = json.loads(args.check.read_text())
    differ = [k for k in found if ref.get(k) != found[k] and not k.endswith("/noids")]
    differ_noids = [k for k in found if ref.get(k) != found[k] and k.endswith("/noids")]
    if not differ:
        print("IDENTICAL")
        return 0
    print(f"DIFFERENT: {differ}; apart from agent ids: {'IDENTICAL' if not differ_noids else differ_noids}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
