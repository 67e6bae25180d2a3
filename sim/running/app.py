"""Running an entry point (``python -m sim``, ``python -m experiments.compare``) around Hydra.

What every entry point gets from ``run_app``:

- ``--help`` generated from the typed configs (``sim.running.help``); Hydra's own help, version,
  info and ``--cfg`` stay Hydra's;
- the pre-flight (``sim.running.preflight``): every job composed and checked before anything
  runs, so a mistake is one line on stderr, exit status 2 and no folder;
- output folders that appear only when complete (``sim.running.folders``);
- the job (or sweep) run by Hydra's own main, with the folder the pre-flight chose;
- Ctrl-C and SIGTERM stop cleanly (workers included) with one line saying what was kept.

The task functions (decorated with ``hydra.main``) are wrapped with ``guarded`` so that Hydra
never prints a traceback for them: ``run_app`` reports the outcome in one line.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from sim.running.folders import StagedFolder, StoreFolder, fail_job
from sim.running.plan import App, Plan
from sim.running.preflight import compose_job, hydra_action, hydra_argv, parse_args, preflight, user_dirs
from sim.state.errors import ConfigError, RegisterError, StoreError, one_line

EXIT_ERROR, EXIT_CONFIG, EXIT_INVARIANT = 1, 2, 3
EXIT_INTERRUPT, EXIT_TERMINATED = 130, 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled exactly like Ctrl-C (joblib stops its workers for both)."""


# ----- the task side: what runs inside Hydra ------------------------------------------------------

_OUTCOME: list[tuple[Any, ...]] = []  # ("ok", value) or ("error", exception, traceback text)


def guarded(task: Callable[[DictConfig, Path], Any]) -> Callable[[DictConfig], None]:
    """Wrap a task ``(cfg, out)`` so Hydra sees no exception but Ctrl-C.

    In a run the outcome is kept for ``run_app``; in a sweep's job (possibly another process) a
    failed job empties its folder and leaves a one-line ``FAILED`` file in it.
    """

    @functools.wraps(task)
    def run(cfg: DictConfig) -> None:
        from hydra.core.hydra_config import HydraConfig
        from hydra.types import RunMode

        hc = HydraConfig.get()
        out = Path(hc.runtime.output_dir)
        multirun = hc.mode == RunMode.MULTIRUN
        try:
            _OUTCOME.append(("ok", task(cfg, out)))
        except KeyboardInterrupt:
            if multirun:
                fail_job(out, "interrupted")
            raise
        except Exception as err:  # noqa: BLE001 - reported by run_app as one line
            _OUTCOME.append(("error", err, traceback.format_exc()))
            if multirun:
                fail_job(out, describe(err)[1])

    return run


def describe(err: BaseException) -> tuple[int, str]:
    """Exit status and one line for an error."""
    from sim.running.run import InvariantBroken

    if isinstance(err, RegisterError):
        return EXIT_CONFIG, f"register error: {err}"
    if isinstance(err, StoreError):
        return EXIT_CONFIG, f"store error: {err}"
    if isinstance(err, ConfigError):
        return EXIT_CONFIG, f"config error: {err}"
    if isinstance(err, InvariantBroken):
        return EXIT_INVARIANT, f"check failed: {one_line(err)}"
    if isinstance(err, MemoryError):
        return EXIT_ERROR, "out of memory: try a smaller region, fewer seeds or fewer parallel workers"
    if isinstance(err, OSError) and err.filename:
        return EXIT_ERROR, f"cannot write {err.filename}: {err.strerror or err}"
    return EXIT_ERROR, (
        f"internal error (please report it): {type(err).__name__}: {one_line(err)[:300]}; "
        "set HYDRA_FULL_ERROR=1 to see the traceback"
    )


# ----- the command side ------------------------------------------------------------------------------


def run_app(app: App, argv: list[str] | None = None) -> int:
    """Run the entry point ``app`` on ``argv`` (default: the command line); return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parse_args(argv)
        if args.help:
            return to_stdout(lambda: print(app.help_text(list(args.overrides), user_dirs(args))) or 0)
        if hydra_action(args):
            return to_stdout(lambda: call_hydra(app, argv))
        if args.cfg:
            compose_job(app, args, list(args.overrides))  # a mistake is one line here too
            return call_hydra(app, hydra_argv(args))
        plan = preflight(app, args)
        folder = (StoreFolder if app.folder == "store" else StagedFolder)(plan)
    except ConfigError as err:
        return report(err)
    except KeyboardInterrupt:
        print("interrupted before anything ran; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPT
    for note in dict.fromkeys(plan.notes):
        print(note if note.startswith("warning:") else f"note: {note}", file=sys.stderr)
    return run_plan(app, hydra_argv(args), plan, folder)


def run_plan(app: App, argv: list[str], plan: Plan, folder: StagedFolder | StoreFolder) -> int:
    """Run the checked jobs through Hydra's main into ``folder``; keep or drop what they wrote."""
    try:
        with signals_as_interrupts(), folder.hold():
            _OUTCOME.clear()
            code = call_hydra(app, [*argv, *plan.extra, *folder.overrides()])
            if plan.multirun:
                return 0 if folder.finish_sweep(code) else code or EXIT_ERROR
            return job_status(app, folder, code)
    except ConfigError as err:  # e.g. the folder is locked by another comparison
        return report(err)
    except KeyboardInterrupt as err:
        return interrupted(folder, err)


def job_status(app: App, folder: StagedFolder | StoreFolder, code: int) -> int:
    """Keep a job's folder if its task succeeded and say where; else drop it and say why in one line."""
    status, *rest = _OUTCOME[-1] if code == 0 and _OUTCOME else ("stopped",)
    if status == "ok":
        print(app.done(folder.success()))
        return 0
    kept = folder.failure()
    if status == "stopped":
        print(f"{app.prog} stopped (status {code}); nothing was kept", file=sys.stderr)
        return code or EXIT_ERROR
    err, tb = rest
    code, line = describe(err)
    if os.environ.get("HYDRA_FULL_ERROR") == "1" and code == EXIT_ERROR:
        sys.stderr.write(tb)
    print(line + kept, file=sys.stderr)
    return code


def report(err: ConfigError) -> int:
    print(describe(err)[1], file=sys.stderr)
    return EXIT_CONFIG


def interrupted(folder: StagedFolder | StoreFolder, err: KeyboardInterrupt) -> int:
    """Clean up after Ctrl-C or SIGTERM (a second one is ignored meanwhile) and say what was kept."""
    previous = hold_signals()
    try:
        kept = folder.failure(interrupted=True)
        how = "terminated" if isinstance(err, Terminated) else "interrupted"
        print(f"{how}{kept or '; nothing was kept'}", file=sys.stderr)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return EXIT_TERMINATED if isinstance(err, Terminated) else EXIT_INTERRUPT


def to_stdout(show: Callable[[], int]) -> int:
    """Run ``show`` (help, Hydra's own output), quietly if stdout is closed early (e.g. piped into head)."""
    try:
        code = show()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def call_hydra(app: App, argv: list[str]) -> int:
    """Run the app's Hydra main on ``argv`` (as if it were the command line); return its exit status."""
    saved = sys.argv
    sys.argv = [app.prog, *argv]
    try:
        app.hydra_main()
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else EXIT_ERROR)
    finally:
        sys.argv = saved
    return 0


def hold_signals() -> dict[int, Any]:
    """Ignore further Ctrl-C and SIGTERM while the command cleans up; return the handlers to restore."""
    previous = {}
    try:
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, signal.SIG_IGN)
    except ValueError:  # not the main thread
        pass
    return previous


@contextmanager
def signals_as_interrupts() -> Iterator[None]:
    """SIGTERM raises ``Terminated`` (a KeyboardInterrupt) in the main thread while a command runs."""

    def handler(signum: int, frame: Any) -> None:
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (e.g. a notebook calling main)
        yield
        return
    # A process started from a thread that blocked these (loky does while it starts a helper) inherits
    # the block, and Ctrl-C would then never arrive: take them back.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
