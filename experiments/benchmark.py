"""Benchmark: the model against Mesa's own Boltzmann example, every scenario, scaling, memory, overheads, workers.

    python -m experiments.benchmark              # everything (about 25 minutes on 2 cores; more on a busy host)
    python -m experiments.benchmark --quick      # small sizes, to see that it works (about 2 minutes)
    python -m experiments.benchmark --only scan ratio

It measures what users run: ``python -m sim``'s default scenario (``baseline``) and the main job's baseline
(``no_programme``), every run spun up afresh as ``python -m sim`` runs it. Every run is timed term by term
(``timed_run``): the spin-up runs inside the model's construction (``SchoolSystem.spin_up`` loops ``_term``), so
its terms are timed by wrapping ``SchoolSystem._term`` for that run, and the reported terms around
``model.step()`` (the term and collecting its measures); what is left of construction (the population, the
opening budgets, the scenario's levers) is the run's setup, counted only in the whole run's cost. Prints, as
markdown for docs/performance.md:

- **scan**: every scenario in conf/scenario/ on the county (as ``python -m sim`` runs it: the spin-up of ``params.spinup``,
  20 reported) and on England (2 years of spin-up, 3 reported), one run each: CPU µs per school-term of the
  spin-up, the reported terms and both, the slowest term (term, season, seconds), and the reported terms' cost
  against ``no_programme``'s, each run's set against Boltzmann timed around and through it: a pass that grows
  faster than the region under one programme stands out there, most often in one season (one run each: on this
  shared host a scenario's ratio moves by a third or more between scans, so only a ratio of several times is a
  finding). Then the log-log slope between synthetic regions of
  1,000 and 4,000 schools (2 years of spin-up, 10 reported) under ``baseline`` and under ``national_rollout``
  (the programme that does most);
- **ratio**: Mesa 3.3.1's Boltzmann wealth example (``mesa.examples.basic.boltzmann_wealth_model``,
  1,000 agents on a 30x30 grid) and the model, alternating in one process, CPU time: the model's cost per
  simulated school-term (spin-up terms, reported terms, and the whole run with its setup) against Boltzmann's per
  agent-step, per region (the county; England with a 20-year spin-up) and scenario (``baseline``,
  ``no_programme``). Boltzmann is timed before and after each model run and between its terms every few seconds,
  each time with the garbage of earlier runs collected first;
- **scaling**: time against the number of schools under ``baseline``, on synthetic England-like regions of
  1,000 to 17,000 schools (same density of schools), with the log-log slopes of spin-up, reported terms and both
  (each size run three times, in turn, and its fastest run kept: a single run of each moved the slope by 0.1);
- **memory**: peak resident memory of a twenty-year England run under ``baseline``, in a fresh process;
- **overhead**: the wall time of ``python -m sim`` beyond the run itself (imports, validation,
  writing Parquet, CSV and the figure);
- **workers**: the main job's kind of work (``python -m experiments.compare``'s four scenarios from one spun-up
  county per task, on plausible draws and two synthetic counties; ``main_job_design``) on 2 workers against 1;
- **instructions**: the same ratio counted in machine instructions under valgrind (``cachegrind``,
  no cache simulation), which does not move with the shared host as CPU time does: the
  instructions of a longer run less those of a shorter one, per agent-step and per school-term
  (``no_programme``: it is nearly all spin-up, which every scenario shares).
  A deterministic check of a change meant only to speed things up (the same count on any
  machine with the same Python and libraries, with Python's string hashing fixed: randomised, it
  moves the count by about 2%, as dictionaries and sets of strings fill differently); it does
  not see memory stalls, so CPU time stays the goal's measure. Skipped where valgrind is not
  installed (about 2 minutes).

Numbers, not tests: timing assertions do not belong in the test suite.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


BOLTZMANN_SAMPLES = 3  # Boltzmann's timings just before and just after each model run (each a median of this many)


def boltzmann_us_per_agent_step(n_agents: int = 1000, steps: int = 100) -> float:
    """CPU microseconds per agent-step of Mesa's Boltzmann wealth example, in a process cleared of garbage first.

    The garbage a model run leaves (its agents refer to each other, so they wait for the cyclic collector) is
    collected before the clock starts: left, a collection of hundreds of thousands of objects would fall inside
    Boltzmann's timing and make the model look cheaper against it. Mesa keeps every model it numbers agents for,
    so the example's model is dropped from that registry afterwards (each sample starts from the same state)."""
    import gc

    from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannWealth

    gc.collect()
    model = BoltzmannWealth(n=n_agents, width=30, height=30, seed=1)
    t = time.process_time()
    for _ in range(steps):
        model.step()
    seconds = time.process_time() - t
    from sim.state import agent_ids

    agent_ids.forget(model)
    return seconds / (n_agents * steps) * 1e6


def boltzmann_sample() -> float:
    """The median of ``BOLTZMANN_SAMPLES`` timings of Boltzmann (each about half a second: the host's bursts)."""
    return float(np.median([boltzmann_us_per_agent_step() for _ in range(BOLTZMANN_SAMPLES)]))


BOLTZMANN_EVERY_SECONDS = 5.0  # during a model run, Boltzmann is timed again after this much of the model's CPU time
DEFAULT_SCENARIO = "baseline"  # what ``python -m sim`` runs when no scenario is given (conf/config.yaml)
SEASONS = ("autumn", "spring", "summer")


@dataclass
class TermTimes:
    """CPU seconds of one run, term by term: what it cost to build, each spin-up term, each reported term.

    ``setup`` is building the population, the opening budgets and configuring the scenario (no term is
    simulated); ``spinup`` holds each spin-up term's ``SchoolSystem._term`` (terms -3·years … -1, the
    pre-2012 policy); ``run`` each reported term's ``model.step()`` (the term and collecting its measures)."""

    scenario: str
    schools: int
    setup: float
    spinup: list[float]
    run: list[float]

    @property
    def seconds(self) -> float:
        """The whole run's CPU seconds, setup included."""
        return self.setup + sum(self.spinup) + sum(self.run)

    def us_per_school_term(self, part: str = "together") -> float:
        """CPU µs per simulated school-term of the spin-up, the reported terms, or ``together`` (setup included:
        the whole run's time over all its terms, as a user waits for it)."""
        if part == "spinup":
            seconds, terms = sum(self.spinup), len(self.spinup)
        elif part == "run":
            seconds, terms = sum(self.run), len(self.run)
        else:
            seconds, terms = self.seconds, len(self.spinup) + len(self.run)
        return seconds / (self.schools * terms) * 1e6 if terms else float("nan")

    def slowest(self) -> tuple[int, str, float]:
        """(term, season, CPU s) of the slowest term; term 0 is autumn 2012, spin-up terms are negative."""
        terms = [(-len(self.spinup) + i, s) for i, s in enumerate(self.spinup)] + list(enumerate(self.run))
        term, seconds = max(terms, key=lambda ts: ts[1])
        return term, SEASONS[term % len(SEASONS)], seconds


def timed_run(
    overrides: list[str], scenario: str = DEFAULT_SCENARIO, seed: int = 1, boltzmann: list[float] | None = None
) -> TermTimes:
    """One run as ``python -m sim`` runs it (spun up afresh, not kept; the collector paused), timed term by term.

    The spin-up runs inside the model's construction (``SchoolSystem.spin_up`` loops ``_term``), so each of its
    terms is timed by wrapping ``SchoolSystem._term`` for this run; the reported terms are timed around
    ``model.step()``. With ``boltzmann`` (a list), Boltzmann is timed between the model's terms, every
    ``BOLTZMANN_EVERY_SECONDS`` of the model's CPU time, and each timing appended: the two are then measured on the
    host as it was through the run, not only at its ends. The model's own objects are frozen out of the garbage
    collector while Boltzmann runs (with the collector on, as it runs for a user); that time is not the model's."""
    import gc

    import sim.running.run as run
    from sim.model import SchoolSystem
    from sim.running.config import compose_config, load_config

    cfg = load_config(compose_config([f"scenario={scenario}", *overrides]))
    run._SPUN_UP.clear()
    original = SchoolSystem._term
    spinup: list[float] = []
    paused = [0.0, time.process_time()]  # CPU seconds spent timing Boltzmann; when the model's clock last restarted

    def sample(now: float) -> None:
        if boltzmann is not None and now - paused[1] >= BOLTZMANN_EVERY_SECONDS:
            gc.freeze()
            gc.enable()
            boltzmann.append(boltzmann_us_per_agent_step())
            gc.disable()
            gc.unfreeze()
            paused[1] = time.process_time()
            paused[0] += paused[1] - now

    def timed_term(model: SchoolSystem) -> None:
        t = time.process_time()
        original(model)
        now = time.process_time()
        spinup.append(now - t)
        sample(now)

    SchoolSystem._term = timed_term
    try:
        with run.collector_paused():
            t = paused[1] = time.process_time()
            model = run.build_model(cfg, seed, reuse=False)
            SchoolSystem._term = original
            setup = time.process_time() - t - paused[0] - sum(spinup)
            reported = []
            while model.running:
                t = time.process_time()
                model.step()
                now = time.process_time()
                reported.append(now - t)
                sample(now)
    finally:
        SchoolSystem._term = original
    schools = len(model.schools)
    run.release(model)
    return TermTimes(scenario, schools, setup, spinup, reported)


def model_us_per_school_term(
    overrides: list[str], seed: int = 1, boltzmann: list[float] | None = None, scenario: str = DEFAULT_SCENARIO
) -> tuple[float, float, int]:
    """(CPU µs per simulated school-term, CPU seconds of the run, schools) for one run, spin-up and setup included."""
    times = timed_run(overrides, scenario, seed, boltzmann)
    return times.us_per_school_term(), times.seconds, times.schools


PARTS = (("spinup", "spin-up"), ("run", "reported"), ("together", "together"))


def ratio(regions: list[tuple[str, list[str]]], scenarios: list[str], repeats: int) -> list[str]:
    """The model's cost per school-term against Boltzmann's per agent-step, for the spin-up's terms, the reported
    terms and the whole run (setup included), under each scenario. Boltzmann is timed just before and just after
    each model run (``boltzmann_sample``) and between its terms every few seconds (the host's speed drifts: each
    run is compared with the floor measured around and through it, the median of those timings); each ratio is
    the median of the runs' ratios, with the range of the whole run's."""
    lines = [
        "| region | scenario | schools | model run (CPU s) | µs per school-term: spin-up / reported / together "
        "| Boltzmann µs per agent-step | ratio: spin-up / reported / **together** | together's range |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, overrides in regions:
        for scenario in scenarios:
            costs: dict[str, list[float]] = {p: [] for p, _ in PARTS}
            ratios: dict[str, list[float]] = {p: [] for p, _ in PARTS}
            runs, bolt = [], []
            schools = 0
            for _ in range(repeats):
                around = [boltzmann_sample()]
                times = timed_run(overrides, scenario, boltzmann=around)
                around.append(boltzmann_sample())
                floor = float(np.median(around))
                for part, _ in PARTS:
                    costs[part].append(times.us_per_school_term(part))
                    ratios[part].append(times.us_per_school_term(part) / floor)
                runs.append(times.seconds)
                bolt += around
                schools = times.schools
            m = {p: float(np.median(costs[p])) for p, _ in PARTS}
            r = {p: float(np.median(ratios[p])) for p, _ in PARTS}
            lines.append(
                f"| {name} | {scenario} | {schools:,} | {np.median(runs):.2f} | "
                f"{m['spinup']:.1f} / {m['run']:.1f} / {m['together']:.1f} | {np.median(bolt):.2f} | "
                f"{r['spinup']:.1f} / {r['run']:.1f} / **{r['together']:.1f}** | "
                f"{min(ratios['together']):.1f}–{max(ratios['together']):.1f} |"
            )
    return lines


def available_scenarios() -> list[str]:
    """Every named scenario in conf/scenario/."""
    return sorted(p.stem for p in (ROOT / "conf" / "scenario").glob("*.yaml"))


def scan(regions: list[tuple[str, list[str]]], scenarios: list[str]) -> list[str]:
    """Every scenario on each region, one run each, timed term by term (``timed_run``): µs per school-term of the
    spin-up, the reported terms and both, the slowest term, and the reported terms' cost against ``no_programme``'s
    (a pass that grows faster than the region under one programme shows here as a ratio far above 1, most often
    in one season). The host's speed moves within minutes, so each run is set against Boltzmann timed just before,
    through and just after it (as in ``ratio``), and the comparison with ``no_programme`` is of those ratios."""
    lines = [
        "| region | scenario | schools | µs per school-term: spin-up / reported / together | Boltzmann µs per "
        "agent-step | reported ratio to Boltzmann | slowest term (term, season, CPU s) | reported against "
        "no_programme |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, overrides in regions:
        rows = []
        for scenario in scenarios:
            around = [boltzmann_sample()]
            times = timed_run(overrides, scenario, boltzmann=around)
            around.append(boltzmann_sample())
            rows.append((times, float(np.median(around))))
        plain = next((t.us_per_school_term("run") / b for t, b in rows if t.scenario == "no_programme"), math.nan)
        for t, floor in rows:
            term, season, seconds = t.slowest()
            reported = t.us_per_school_term("run") / floor
            lines.append(
                f"| {name} | {t.scenario} | {t.schools:,} | {t.us_per_school_term('spinup'):.1f} / "
                f"{t.us_per_school_term('run'):.1f} / {t.us_per_school_term():.1f} | {floor:.2f} | {reported:.1f} | "
                f"{term} ({season}), {seconds:.3f} | {reported / plain:.2f}× |"
            )
    return lines


def scaled_region(n_schools: int) -> list[str]:
    """Overrides for an England-like region of about ``n_schools`` schools at England's density."""
    from sim.running.config import compose_config

    england = compose_config(["region=england"]).region
    total = sum(b["count"] for b in england.size_bands)
    f = n_schools / total
    bands = ",".join(f"{{lo:{b['lo']},hi:{b['hi']},count:{max(1, round(b['count'] * f))}}}" for b in england.size_bands)
    side = math.sqrt(f)
    return [
        "region=england",
        f"region.size_bands=[{bands}]",
        f"region.width_km={england.width_km * side:.1f}",
        f"region.height_km={england.height_km * side:.1f}",
        f"region.n_towns={max(1, round(england.n_towns * f))}",
        f"region.academies={round(england.academies * f)}",
    ]


SCALING_CASE = """
import json, sys
from dataclasses import asdict
from experiments.benchmark import timed_run
print(json.dumps(asdict(timed_run(sys.argv[2:], sys.argv[1]))))
"""


def log_slope(schools: list[int], seconds: list[float]) -> float:
    """The slope of log time against log schools (1: time in proportion to the region; 2: quadratic)."""
    return float(np.polyfit(np.log(schools), np.log(seconds), 1)[0])


def scaling(
    sizes: list[int], spinup_years: int, horizon_years: int, scenario: str = DEFAULT_SCENARIO, repeats: int = 1
) -> list[str]:
    """Time against schools on synthetic England-like regions (``scaled_region``) under ``scenario``, with the
    log-log slope of the spin-up's terms, the reported terms and the whole run: a programme's pass that grows
    faster than the region shows in the reported terms' slope only. Each size in a fresh process (a process that
    has run a big region first runs the next ones slower), ``repeats`` times, the sizes in turn; each size's
    fastest run is kept (the host only ever adds time: the least disturbed run is the nearest the code's own cost)."""
    runs: dict[int, list[TermTimes]] = {n: [] for n in sizes}
    for _ in range(repeats):
        for n in sizes:
            overrides = [*scaled_region(n), f"params.spinup.years={spinup_years}", f"run.horizon_years={horizon_years}"]
            out = subprocess.run(
                [sys.executable, "-c", SCALING_CASE, scenario, *overrides],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            runs[n].append(TermTimes(**json.loads(out.stdout.strip().splitlines()[-1])))
    rows = [min(runs[n], key=lambda t: t.seconds) for n in sizes]
    schools = [t.schools for t in rows]
    slopes = {
        "spinup": log_slope(schools, [sum(t.spinup) for t in rows]),
        "run": log_slope(schools, [sum(t.run) for t in rows]),
        "together": log_slope(schools, [t.seconds for t in rows]),
    }
    lines = ["| schools | CPU s | µs per school-term: spin-up / reported / together |", "|---|---|---|"]
    lines += [
        f"| {t.schools:,} | {t.seconds:.1f} | {t.us_per_school_term('spinup'):.1f} / "
        f"{t.us_per_school_term('run'):.1f} / {t.us_per_school_term():.1f} |"
        for t in rows
    ]
    each = "" if repeats == 1 else f", the fastest of {repeats} runs of each size"
    lines.append(
        f"\nLog-log slope of time against schools under `{scenario}`: **{slopes['together']:.2f}** "
        f"(spin-up {slopes['spinup']:.2f}, reported terms {slopes['run']:.2f}; {spinup_years}-year spin-up, "
        f"{horizon_years}-year run, {sizes[0]:,} to {sizes[-1]:,} schools{each})."
    )
    return lines


MEMORY_CASE = """
import sys
from experiments.benchmark import peak_resident_mb
from sim.running.config import compose_config, load_config
from sim.running.run import run_model
reuse = sys.argv[1] == "reuse"
cfg = load_config(compose_config(sys.argv[2:]))
run_model(cfg, 1, reuse=reuse)
print(peak_resident_mb())
"""


def peak_resident_mb() -> float:
    """This process's peak resident memory, MB: its own address space's high-water mark (``VmHWM``) where Linux
    gives it. Not ``ru_maxrss``: Linux carries the high-water mark of the address space an ``exec`` replaces into
    it, so a process started by a benchmark that has itself run England reported the benchmark's peak (1,216 and
    1,569 MB in two benchmarks, for both modes alike, against 810-930 MB measured alone)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory(overrides: list[str]) -> list[str]:
    """Peak resident memory of one run in a fresh process: as ``python -m sim`` runs it, and as an ensemble task
    does (its spin-up kept, pickled, for the other scenarios of the seed)."""
    lines = []
    for mode, what in (("fresh", "as `python -m sim` runs it"), ("reuse", "as an ensemble task, spin-up kept")):
        out = subprocess.run(
            [sys.executable, "-c", MEMORY_CASE, mode, *overrides], capture_output=True, text=True, check=True, cwd=ROOT
        )
        mb = float(out.stdout.strip().splitlines()[-1])
        lines.append(f"Peak resident memory of `{' '.join(overrides)}` ({what}): **{mb:,.0f} MB**.")
    return lines


def overhead(repeats: int = 3) -> list[str]:
    """Wall time of ``python -m sim`` on the small county minus the run's own time (from its manifest).

    And where it goes: starting Python and importing what ``python -m sim`` imports first (timed
    alone), the figure (matplotlib imported, the figure drawn and saved: the
    difference from a run with ``run.figure=false``), and the rest (checks, Hydra, the model's
    modules, the tables). Medians of ``repeats`` runs, measured twice: with Python's default
    bytecode cache, and as the environment has it (these machines set PYTHONDONTWRITEBYTECODE=1,
    so every start compiles the project's modules again).
    """

    def run_sim(env: dict, *extra: str) -> tuple[float, float]:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "sim", "region=small", "run.n_seeds=1", *extra, f"hydra.run.dir={tmp}/run"],
                capture_output=True,
                check=True,
                cwd=tmp,
                env=env,
            )
            wall = time.perf_counter() - t
            manifest = json.loads((Path(tmp) / "run" / "manifest.json").read_text())
        return wall, sum(manifest.get("seconds", []) or [0.0])

    def imports(env: dict) -> float:
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "import sim.__main__"], capture_output=True, check=True, cwd=ROOT, env=env
        )
        return time.perf_counter() - t

    cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cases = [("with Python's default bytecode cache", cached)]
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        cases.append(("with PYTHONDONTWRITEBYTECODE=1, as set here", dict(os.environ)))
    run_sim(cached)  # writes the cache
    lines = []
    for label, env in cases:
        full = sorted(run_sim(env) for _ in range(repeats))[repeats // 2]
        plain = sorted(run_sim(env, "run.figure=false") for _ in range(repeats))[repeats // 2]
        start = float(np.median([imports(env) for _ in range(repeats)]))
        over = full[0] - full[1]
        figure = over - (plain[0] - plain[1])
        lines.append(
            f"`python -m sim region=small run.n_seeds=1` {label}: {full[0]:.2f} s wall time, of which the run "
            f"{full[1]:.2f} s; overhead (imports, checks, writing Parquet, CSV and the figure) **{over:.2f} s**: "
            f"starting Python and importing the command {start:.2f} s, the figure {figure:.2f} s (against a run "
            f"with run.figure=false), the rest (checks, Hydra, the model's modules, writing the tables) "
            f"{over - start - figure:.2f} s (medians of {repeats})."
        )
    return lines


def main_job_design(draws: int, counties: int = 2) -> tuple[dict, list[int], dict, dict]:
    """The main job's work in small: ``python -m experiments.compare``'s scenarios, region, horizon and kind of
    draws (conf/compare.yaml), on ``draws`` draws x ``counties`` counties x 1 seed, without the lever split.
    Returns (scenario configs, seeds, draws, counties) for ``run_ensemble``: each task spins one county up once
    and runs every scenario from that state, as the main job's tasks do."""
    from omegaconf import OmegaConf

    from sim.running.comparison import CompareConfig, design_tables, scenario_configs
    from sim.running.ensemble import seed_set

    job = OmegaConf.to_container(OmegaConf.load(ROOT / "conf" / "compare.yaml"))
    keep = ("scenarios", "baseline", "risk_scenario", "region", "assumptions", "base_seed", "horizon_years")
    c = CompareConfig(
        **{k: job[k] for k in keep}, draws=draws, counties=counties, seeds=1, decompose_draws=0, report_years=1
    )
    configs = scenario_configs(c)
    design, regions, _ = design_tables(c, configs)
    return configs, seed_set(c.base_seed, c.seeds), design, regions


def tree_cpu_seconds() -> dict[int, float]:
    """CPU seconds (user and system) of this process and each of its live descendants, by process id: joblib's
    workers outlive the call that started them, so they can be read after it. Empty without psutil (it comes
    with dask.distributed)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - a dependency of distributed
        return {}
    me = psutil.Process()
    found = {}
    for proc in [me, *me.children(recursive=True)]:
        try:
            t = proc.cpu_times()
        except psutil.Error:
            continue
        found[proc.pid] = t.user + t.system
    return found


def workers(draws: int) -> list[str]:
    """Wall time of the main job's kind of work (``main_job_design``) on 1 worker and on 2, and the speed-up; with
    the cores the host gave it (CPU seconds of the benchmark and its workers over the wall time): on a shared host
    two workers may get less than two cores, and the speed-up then says as much about the host as the model."""
    from sim.running.ensemble import run_ensemble

    configs, seeds, design, regions = main_job_design(draws)
    times, cores = {}, {}
    for jobs in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            before = tree_cpu_seconds()
            t = time.perf_counter()
            run_ensemble(configs, seeds, tmp, n_jobs=jobs, progress=False, draws=design, counties=regions)
            times[jobs] = time.perf_counter() - t
            after = tree_cpu_seconds()
            cores[jobs] = sum(v - before.get(pid, 0.0) for pid, v in after.items()) / times[jobs]
    tasks = len(design) * len(regions) * len(seeds)
    used = f" (cores the host gave it: {cores[1]:.2f} on 1 worker, {cores[2]:.2f} on 2)" if cores[1] > 0 else ""
    return [
        f"The main job's work in small ({len(configs)} scenarios x {len(design)} draws x {len(regions)} counties "
        f"x {len(seeds)} seed: {tasks} tasks, {tasks * len(configs)} county runs of 20 years, each task spinning "
        f"its county up once): {times[1]:.1f} s on 1 worker, {times[2]:.1f} s on 2; speed-up "
        f"**{times[1] / times[2]:.2f}×**{used}; load average {os.getloadavg()[0]:.1f} at the end."
    ]


BOLTZMANN_CODE = """
from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannWealth
model = BoltzmannWealth(n=1000, width=30, height=30, seed=1)
for _ in range({steps}):
    model.step()
"""
MODEL_CODE = """
import sim.running.run as run
from sim.running.config import compose_config, load_config
cfg = load_config(compose_config(["scenario=no_programme", {overrides}]))
with run.collector_paused():
    model = run.build_model(cfg, 1, reuse=False)
    while model.running:
        model.step()
"""


def instructions_of(code: str) -> int:
    """Machine instructions a fresh Python process executes running ``code`` (valgrind's count)."""
    done = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
        + [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},  # string hashes fixed: otherwise the count moves by about 2%
    )
    return int(re.search(r"I\s+refs:\s+([\d,]+)", done.stderr).group(1).replace(",", ""))


def instructions(region: str, years: tuple[int, int], steps: tuple[int, int]) -> list[str]:
    """Instructions per Boltzmann agent-step and per school-term of ``region`` (spin-up years ``years``,
    one year of run), each the difference of a longer and a shorter run, so that imports cancel out."""
    if shutil.which("valgrind") is None:
        return ["Instructions: skipped (valgrind is not installed)."]
    from sim.running.config import compose_config, load_config

    schools = load_config(compose_config([f"region={region}"])).region.n_schools
    codes = [BOLTZMANN_CODE.format(steps=n) for n in steps] + [
        MODEL_CODE.format(overrides=f"'region={region}', 'params.spinup.years={y}', 'run.horizon_years=1'")
        for y in years
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        b_short, b_long, m_short, m_long = pool.map(instructions_of, codes)
    per_agent_step = (b_long - b_short) / (1000 * (steps[1] - steps[0]))
    per_school_term = (m_long - m_short) / (schools * 3 * (years[1] - years[0]))
    return [
        f"Instructions (valgrind): Boltzmann {per_agent_step:,.0f} per agent-step; {region} "
        f"({schools} schools) {per_school_term:,.0f} per school-term; ratio **{per_school_term / per_agent_step:.2f}**."
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument(
        "--only",
        nargs="*",
        default=["scan", "ratio", "scaling", "memory", "overhead", "workers", "instructions"],
        choices=["scan", "ratio", "scaling", "memory", "overhead", "workers", "instructions"],
    )
    args = parser.parse_args()
    print(
        f"{time.strftime('%Y-%m-%d')}: Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start\n"
    )
    quick = args.quick
    county = ("lincolnshire", ["region=lincolnshire"])
    england = ("england", ["region=england", "params.spinup.years=20"])  # a 20-year spin-up: a few minutes a run
    users = [DEFAULT_SCENARIO, "no_programme"]  # what python -m sim runs, and the main job's baseline
    if "scan" in args.only:
        if quick:
            regions = [("lincolnshire", ["region=lincolnshire", "params.spinup.years=5", "run.horizon_years=5"])]
        else:
            regions = [
                county,  # as python -m sim runs it: params.spinup's spin-up, 20 reported
                ("england", ["region=england", "params.spinup.years=2", "run.horizon_years=3"]),
            ]
        print("\n".join(scan(regions, available_scenarios())), "\n")
        sizes = [500, 1000] if quick else [1000, 4000]
        for scenario in (DEFAULT_SCENARIO, "national_rollout"):  # the default, and the programme that does most
            print("\n".join(scaling(sizes, 2, 3 if quick else 10, scenario)), "\n")
    if "ratio" in args.only:
        print("\n".join(ratio([county], users, 1 if quick else 5)), "\n")
        if not quick:
            print("\n".join(ratio([england], users, 2)[2:]), "\n")
    if "scaling" in args.only:
        sizes = [1000, 2000] if quick else [1000, 2000, 4000, 8000, 17000]
        print("\n".join(scaling(sizes, *((2, 2) if quick else (5, 5)), repeats=1 if quick else 3)), "\n")
    if "memory" in args.only and not quick:
        print("\n".join(memory([f"scenario={DEFAULT_SCENARIO}", *england[1]])), "\n")
    if "overhead" in args.only:
        print("\n".join(overhead(1 if quick else 5)), "\n")
    if "workers" in args.only:
        print("\n".join(workers(2 if quick else 6)), "\n")
    if "instructions" in args.only:
        region, years, steps = ("small", (2, 6), (5, 15)) if quick else ("lincolnshire", (5, 25), (10, 60))
        print("\n".join(instructions(region, years, steps)), "\n")
    print(f"(CPU time of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_utime:.0f} s)")


if __name__ == "__main__":
    main()
