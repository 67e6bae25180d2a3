"""Ensembles: scenarios x seeds with common random numbers, in parallel, resumable.

Every scenario runs on the same seed set (drawn from one ``numpy.random.SeedSequence``), so
scenario differences are paired (Starsim's common random numbers; together with the draws by
agent of ``sim/state/streams.py``). A task is one seed under every scenario, so the seed's
spin-up is simulated once and reused (``sim.running.run.build_model``). Tasks go to joblib
workers; each worker reduces each run to yearly measures and first-gap terms and writes them
straight into the results store, so nothing large is shipped back and an interrupted ensemble
resumes where it stopped.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from tqdm.auto import tqdm

from sim.analysis import risk
from sim.running.config import Config, to_dataclass
from sim.running.run import config_hash, release
from sim.running.store import ResultsStore


def seed_set(base_seed: int, n: int) -> list[int]:
    """``n`` independent run seeds from one base seed, the same for every scenario."""
    return [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(base_seed).spawn(n)]


def county_seeds(region_seed: int, n: int) -> dict[int, int]:
    """Region seeds of ``n`` synthetic counties: county 0 is the region as configured, the others
    are drawn by the region generator from seeds derived from the region's own."""
    spawned = np.random.SeedSequence([region_seed, 1013]).spawn(max(0, n - 1))
    return {0: int(region_seed), **{c + 1: int(s.generate_state(1)[0]) for c, s in enumerate(spawned)}}


@dataclass
class Run:
    scenario: str
    config: dict
    config_hash: str


@dataclass
class Task:
    """One (draw, county, seed) under every scenario in turn: they share its spin-up in one process."""

    seed: int
    replicate: int
    runs: list[Run]
    draw: int = 0
    county: int = 0
    values: dict[str, float] | None = None  # the draw's parameter values (None: the configs as given)
    region_seed: int | None = None  # the county's region seed (None: as configured)


_WATCHED: list[int] = []


def init_worker(parent_pid: int) -> None:
    """Set up a worker process: leave Ctrl-C to the parent, and leave when the parent is gone.

    A terminal's Ctrl-C reaches every process of the group; the parent stops the workers through
    joblib (and says what was kept), so workers ignore it rather than print tracebacks.
    """
    if os.getpid() == parent_pid:  # run in the parent itself (one worker): keep its Ctrl-C
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_parent(parent_pid)


def watch_parent(parent_pid: int, every: float = 1.0) -> None:
    """In a worker process: exit as soon as the process that started the ensemble is gone.

    Ctrl-C and SIGTERM stop the workers through joblib; a SIGKILLed parent cannot, so each
    worker checks its parent once a second and leaves rather than run on orphaned.
    """
    if os.getpid() == parent_pid or _WATCHED:
        return
    _WATCHED.append(parent_pid)

    if os.getppid() != parent_pid:  # not started by the ensemble's process directly: nothing to watch
        return

    def watch() -> None:
        while os.getppid() == parent_pid:  # a dead parent's children are handed to another process
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def run_task(task: Task, root: str, parent_pid: int | None = None) -> list[str]:
    """Run one seed under every scenario of the task and write each run into the store (worker side)."""
    if parent_pid is not None:
        watch_parent(parent_pid)
    return [run_one(run, task, ResultsStore(root)) for run in task.runs]


def task_config(run: Run, task: Task) -> Config:
    """The config a run of the task uses: the scenario's, at the task's draw and county."""
    from dataclasses import replace

    from sim.running.draws import with_values

    cfg = to_dataclass(Config, run.config)
    if task.values:
        cfg = with_values(cfg, task.values)
    if task.region_seed is not None and task.region_seed != cfg.region.seed:
        cfg = replace(cfg, region=replace(cfg.region, seed=task.region_seed))
    return cfg


def run_one(run: Run, task: Task, store: ResultsStore) -> str:
    """Run one (scenario, draw, county, seed) and write its reduced results into the store."""
    from sim.running.run import build_model, collector_paused, with_checks

    seed, replicate, where = task.seed, task.replicate, (task.draw, task.county)
    if store.done(run.scenario, run.config_hash, seed, *where):
        return "skipped"
    cfg = task_config(run, task)
    with collector_paused():
        model = build_model(cfg, seed)
        if cfg.run.check:
            with_checks(model, f"{run.scenario} seed {seed}")
        first_gap = risk.gap_terms_by_school(model, 1)  # drivers after the first term: the scenario's grouping exists
        if replicate == 0 and where == (0, 0) and not store.part("drivers", run.scenario, run.config_hash).exists():
            drivers = risk.school_drivers(model)
            drivers.insert(0, "scenario", run.scenario)
            store.write("drivers", run.scenario, run.config_hash, None, drivers)
        first_gap = risk.gap_terms_by_school(model, model.n_terms, first_gap)
    rows = [r for r in model.collector.rows if r[1] == -1 or cfg.run.termly]
    measures = pd.DataFrame(rows, columns=["year", "term", "measure", "group", "value"])
    measures.insert(0, "replicate", replicate)
    measures.insert(0, "seed", seed)
    measures.insert(0, "county", task.county)
    measures.insert(0, "draw", task.draw)
    measures.insert(0, "config_hash", run.config_hash)
    measures.insert(0, "scenario", run.scenario)
    gaps = pd.DataFrame(
        {"school": list(first_gap), "first_gap_term": [np.nan if v is None else v for v in first_gap.values()]}
    )
    gaps.insert(0, "seed", seed)
    gaps.insert(0, "county", task.county)
    gaps.insert(0, "draw", task.draw)
    gaps.insert(0, "scenario", run.scenario)
    release(model)
    store.write("risk", run.scenario, run.config_hash, seed, gaps, *where)
    store.write("measures", run.scenario, run.config_hash, seed, measures, *where)  # last: marks the run done
    return "ran"


def plan(
    configs: dict[str, Config],
    seeds: list[int],
    store: ResultsStore | None = None,
    draws: dict[int, dict[str, float]] | None = None,
    counties: dict[int, int] | None = None,
) -> list[Task]:
    """One task per (draw, county, seed) holding every scenario's run of it (only runs not yet in ``store``)."""
    runs = [Run(name, asdict(cfg), config_hash(cfg)) for name, cfg in configs.items()]
    tasks = []
    for draw, values in (draws or {0: None}).items():
        for county, region_seed in (counties or {0: None}).items():
            for i, seed in enumerate(seeds):
                todo = [
                    r for r in runs if store is None or not store.done(r.scenario, r.config_hash, seed, draw, county)
                ]
                if todo:
                    tasks.append(Task(seed, i, todo, draw, county, values or None, region_seed))
    return tasks


def connect(scheduler: str, timeout: float = 10.0, default: bool = False):
    """A Dask client of the scheduler at ``scheduler`` (raises ConfigError, one line, if it does not answer)."""
    from sim.state.errors import ConfigError

    try:
        from distributed import Client
    except ImportError as err:  # pragma: no cover - distributed is a dependency
        raise ConfigError(f"scheduler={scheduler!r} needs dask.distributed, which is not installed") from err
    try:
        return Client(scheduler, timeout=timeout, set_as_default=default)
    except (OSError, TimeoutError, ValueError) as err:
        why = " ".join(str(err).split())[:120] or type(err).__name__
        raise ConfigError(
            f"scheduler={scheduler!r} does not answer within {timeout:g} s ({why}); start it "
            "(dask scheduler) or leave scheduler empty to run on this machine"
        ) from None


def on_dask(scheduler: str, fn: Callable, calls: list[tuple], **kwargs) -> Iterator:
    """``fn(*call, **kwargs)`` for every call on a Dask cluster; yield each result as it finishes (any order).
    Whatever is still queued is cancelled when the caller stops early (an error, Ctrl-C)."""
    from distributed import as_completed

    client = connect(scheduler, default=True)  # as_completed finds the client it waits on by default
    futures = [client.submit(fn, *call, **kwargs, pure=False) for call in calls]
    try:
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.cancel(futures)
        client.close()


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def run_ensemble(
    configs: dict[str, Config],
    seeds: list[int],
    root: str | Path,
    *,
    n_jobs: int = -1,
    progress: bool = True,
    say: Callable[[str], None] = _stderr,
    draws: dict[int, dict[str, float]] | None = None,
    counties: dict[int, int] | None = None,
    scheduler: str | None = None,
) -> dict[str, int]:
    """Run every scenario on every (draw, county, seed) into the store at ``root``; skip runs already there.

    ``draws`` maps a draw number to its parameter values (dotted keys, ``sim.running.draws``),
    ``counties`` a county number to its region seed (``county_seeds``); without them, the configs
    as given on the region as configured (draw 0, county 0). With ``scheduler`` (a Dask scheduler's
    address) the tasks run on that cluster's workers, which must see the same code and folder.

    Holds the folder's lock throughout (a second ensemble into it is refused at once), checks the
    files of finished runs first (a damaged one is reported through ``say`` and redone), and
    raises StoreError (before running anything) if ``root`` holds a scenario of the same name
    under a different configuration. Ctrl-C stops the workers and leaves only whole runs.
    """
    store = ResultsStore(root)
    with store.lock():
        hashes = {name: config_hash(cfg) for name, cfg in configs.items()}
        store.check_compatible(hashes)
        store.remove_partial_files()
        store.check_design(
            {d: {k: float(v) for k, v in (values or {}).items()} for d, values in (draws or {}).items()},
            {c: int(s) for c, s in (counties or {}).items()},
        )
        store.register(hashes, {name: asdict(cfg) for name, cfg in configs.items()})
        cells = [(d, c) for d in (draws or {0: None}) for c in (counties or {0: None})]
        wanted = [(name, hashes[name], seed, d, c) for name in configs for seed in seeds for d, c in cells]
        store.verify(wanted, {name: seeds[0] for name in configs} if seeds else {})
        for message in store.messages:
            say(message)
        tasks = plan(configs, seeds, store, draws, counties)
        todo = sum(len(t.runs) for t in tasks)
        counts = {"ran": 0, "skipped": len(configs) * len(seeds) * len(cells) - todo}
        if not tasks:
            return counts
        bar = tqdm(total=todo, desc="runs", unit="run", disable=not progress)
        me = os.getpid()
        try:
            if scheduler:
                outcomes = on_dask(scheduler, run_task, [(t,) for t in tasks], root=str(store.root.resolve()))
            elif n_jobs == 1:
                outcomes = (run_task(t, str(store.root)) for t in tasks)
            else:
                outcomes = Parallel(
                    n_jobs=n_jobs, return_as="generator_unordered", initializer=init_worker, initargs=(me,)
                )(delayed(run_task)(t, str(store.root), me) for t in tasks)
            for done in outcomes:
                for outcome in done:
                    counts[outcome] = counts.get(outcome, 0) + 1
                bar.update(len(done))
        except BaseException:
            close = getattr(outcomes, "close", None)
            if close is not None:
                close()  # joblib stops its workers now, not when the generator is collected
            store.remove_partial_files()  # a worker stopped mid-write leaves only a hidden temporary file
            raise
        finally:
            bar.close()
        return counts


def load(
    root: str | Path,
    scenarios: list[str] | None = None,
    seeds: list[int] | None = None,
    draws: list[int] | None = None,
    counties: list[int] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(measures, first-gap terms, drivers) of the store, sorted for reproducible analysis.

    With ``seeds`` (``draws``, ``counties``), only those runs: a report on a folder that holds more
    runs than the current configuration asks for is built from the asked-for runs alone.
    """
    store = ResultsStore(root)
    measures = store.read("measures", scenarios, seeds, draws, counties)
    run = ["scenario", "draw", "county", "seed"]
    if len(measures):
        measures = measures.sort_values([*run, "year", "term", "measure", "group"]).reset_index(drop=True)
    gaps = store.read("risk", scenarios, seeds, draws, counties)
    if len(gaps):
        gaps = gaps.sort_values([*run, "school"]).reset_index(drop=True)
    return measures, gaps, store.read("drivers", scenarios)


def risk_register(
    root: str | Path, scenario: str, seeds: list[int] | None = None, draws: list[int] | None = None
) -> pd.DataFrame:
    """The succession-risk register of one scenario from its ensemble in the store: the schools of
    county 0 (the region as configured), over every draw and seed asked for."""
    _, gaps, drivers = load(root, [scenario], seeds, draws, [0])
    runs = [
        dict(zip(g.school, g.first_gap_term.where(g.first_gap_term.notna(), None)))
        for _, g in gaps.groupby(["draw", "seed"], sort=True)
    ]
    runs = [
        {k: (None if v is None or (isinstance(v, float) and np.isnan(v)) else int(v)) for k, v in r.items()}
        for r in runs
    ]
    return risk.register_from_runs(drivers.drop(columns=["scenario"], errors="ignore"), runs)
