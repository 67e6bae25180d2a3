"""Command-line entry points around Hydra (``python -m sim``, ``python -m experiments.compare``).

What every entry point gets from ``run_app`` (issue 11):

- ``--help`` generated from the typed configs (config groups, every setting with its default,
  range, source and meaning); Hydra's own help stays under ``--hydra-help``.
- a pre-flight before Hydra creates anything: the configuration of every job (every combination
  of a sweep) is composed and validated, so a bad key, value, YAML file or register file stops
  the command with exactly one line on stderr and no folder;
- output folders that appear only for runs that succeed: ``python -m sim`` runs in a hidden
  ``.<name>.partial-<pid>`` folder moved into place at the end; a comparison's folder is a
  resumable store that keeps only whole runs (its report is written last);
- Ctrl-C and SIGTERM stop cleanly (workers included) with one line saying what was kept;
- a multirun names its job folders by their overrides and writes one combined tidy table.

The task functions (decorated with ``hydra.main``) are wrapped with ``guarded`` so that Hydra
never prints a traceback for them. One job runs through Hydra's ``run_job`` (its folder,
``.hydra``, the job's log) with the configuration the pre-flight composed and checked; Hydra's
main would compose it twice more (0.1 s each). Sweeps go through Hydra's main and launcher.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf

from sim.state.errors import ConfigError, RegisterError, StoreError, one_line

EXIT_ERROR, EXIT_CONFIG, EXIT_INVARIANT = 1, 2, 3
EXIT_INTERRUPT, EXIT_TERMINATED = 130, 143
FAILED = "FAILED"  # a failed job of a multirun leaves this one-line file in its folder


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled exactly like Ctrl-C (joblib stops its workers for both)."""


# ----- the task side: what runs inside Hydra ------------------------------------------------------

_OUTCOME: list[tuple[str, Any]] = []  # ("ok", message) or ("error", exception, traceback text)


def guarded(task: Callable[[DictConfig, Path], Any]) -> Callable[[DictConfig], None]:
    """Wrap a task ``(cfg, out)`` so Hydra sees no exception but Ctrl-C.

    In a run the outcome is kept for ``run_app``; in a multirun job (possibly another process)
    a failed job removes its outputs and leaves a one-line ``FAILED`` file in its folder.
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
                _fail_job(out, "interrupted")
            raise
        except Exception as err:  # noqa: BLE001 - reported by run_app as one line
            _OUTCOME.append(("error", err, traceback.format_exc()))
            if multirun:
                _fail_job(out, describe(err)[1])

    return run


def _fail_job(out: Path, message: str) -> None:
    for p in list(out.iterdir()) if out.is_dir() else []:
        if p.name in (".hydra",) or p.suffix == ".log":
            continue
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    if out.is_dir():
        (out / FAILED).write_text(one_line(message) + "\n")


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


# ----- the application ---------------------------------------------------------------------------------


@dataclass
class Job:
    overrides: list[str]
    cfg: DictConfig  # composed, with the hydra node


@dataclass
class Plan:
    """What the pre-flight decided: the jobs, the folder, and the overrides Hydra gets on top."""

    multirun: bool
    jobs: list[Job]
    final: Path
    notes: list[str] = field(default_factory=list)
    swept: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)  # app-specific (e.g. the comparison's configs)


@dataclass
class App:
    """One entry point: its config, its Hydra-decorated main, and how it checks and keeps outputs."""

    prog: str
    config_name: str
    config_dir: Path | None
    hydra_main: Callable[[], Any]
    check_job: Callable[[DictConfig, Plan], list[str]]  # raise ConfigError, or return notes
    help_text: Callable[[list[str], list[Path]], str]
    root: type | None = None  # the typed config, to word errors
    folder: str = "staged"  # "staged" (python -m sim) or "store" (a resumable comparison)
    multirun: bool = True
    what: str = "setting"
    done: Callable[[Path], str] = lambda out: f"results written to {out}"


def _parser():
    from hydra._internal.utils import get_args_parser

    parser = get_args_parser()

    def error(message: str) -> None:
        raise ConfigError(f"{message}; --help lists the settings and options")

    parser.error = error  # type: ignore[method-assign]
    return parser


def run_app(app: App, argv: list[str] | None = None) -> int:
    """Run the entry point ``app`` on ``argv`` (default: the command line); return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_intermixed_args(argv)  # options may come between overrides
        dirs = [Path(args.config_dir)] if args.config_dir else []
        if args.help:
            try:
                print(app.help_text(list(args.overrides), dirs))
                sys.stdout.flush()
            except BrokenPipeError:  # e.g. piped into head
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        if _hydra_option(args):
            return _call_hydra(app, argv)
        if args.cfg:
            _compose(app, args, list(args.overrides), multirun=False)
            return _call_hydra(app, _hydra_argv(args))
        if args.multirun and not app.multirun:
            raise ConfigError(f"{app.prog} runs one job; -m/--multirun is not available here")
        _name_the_job(app)
        plan = preflight(app, args)
        folder = (StoreFolder if app.folder == "store" else StagedFolder)(plan)
    except ConfigError as err:
        print(describe(err)[1], file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        print("interrupted before anything ran; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPT
    for note in dict.fromkeys(plan.notes):
        print(f"note: {note}", file=sys.stderr)
    try:
        with signals_as_interrupts(), folder.hold():
            _OUTCOME.clear()
            if plan.multirun:
                return folder.finish_sweep(_call_hydra(app, [*_hydra_argv(args), *plan.extra, *folder.overrides()]))
            code = _run_job(app, plan.jobs[0].cfg, folder.run_dir())
            if code != 0 or not _OUTCOME:
                folder.failure()
                print(f"{app.prog} stopped (status {code}); nothing was kept", file=sys.stderr)
                return code or EXIT_ERROR
            status, *rest = _OUTCOME[-1]
            if status == "error":
                err, tb = rest
                kept = folder.failure()
                code, line = describe(err)
                if os.environ.get("HYDRA_FULL_ERROR") == "1" and code == EXIT_ERROR:
                    sys.stderr.write(tb)
                print(line + kept, file=sys.stderr)
                return code
            print(app.done(folder.success()))
            return 0
    except ConfigError as err:  # e.g. the folder is locked by another comparison
        print(describe(err)[1], file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt as err:
        previous = _hold_signals()  # a second Ctrl-C must not cut the clean-up short
        try:
            kept = folder.failure(interrupted=True)
            how = "terminated" if isinstance(err, Terminated) else "interrupted"
            print(f"{how}{kept or '; nothing was kept'}", file=sys.stderr)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        return EXIT_TERMINATED if isinstance(err, Terminated) else EXIT_INTERRUPT


def _hydra_option(args: Any) -> bool:
    """Whether the command line asks for one of Hydra's own actions (its help, info, shell completion, a rerun)."""
    return bool(args.hydra_help or args.info or args.shell_completion or args.experimental_rerun)


def _hydra_argv(args: Any) -> list[str]:
    """The parsed command line rebuilt for Hydra's own parser: options first, then the overrides."""
    out = ["--multirun"] if args.multirun else []
    for flag, value in (
        ("--config-dir", args.config_dir),
        ("--config-name", args.config_name),
        ("--config-path", args.config_path),
        ("--cfg", args.cfg),
        ("--package", args.package),
    ):
        if value is not None:
            out += [flag, str(value)]
    if args.resolve:
        out.append("--resolve")
    return [*out, *args.overrides]


def _exit_status(stop: SystemExit) -> int:
    return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else EXIT_ERROR)


def _call_hydra(app: App, argv: list[str]) -> int:
    from sim.running.config import register_configs

    register_configs()  # Hydra's main composes from the ConfigStore
    saved = sys.argv
    sys.argv = [app.prog, *argv]
    try:
        app.hydra_main()
    except SystemExit as stop:
        return _exit_status(stop)
    finally:
        sys.argv = saved
    return 0


def _name_the_job(app: App) -> None:
    """Name the job as Hydra's main does before it composes (after the task's file: ``cli``, ``compare``;
    it names the job's log), so the pre-flight's configuration is the one Hydra would run."""
    from hydra._internal.utils import detect_calling_file_or_module_from_task_function, detect_task_name
    from hydra.core.utils import JobRuntime

    name = detect_task_name(*detect_calling_file_or_module_from_task_function(app.hydra_main))
    JobRuntime.instance().set("name", name)


def _run_job(app: App, cfg: DictConfig, run_dir: Path) -> int:
    """One job, run as Hydra runs it (``run_job``: its folder, ``.hydra``, the job's log) with the
    configuration the pre-flight composed and checked, so Hydra does not compose it twice more.

    ``hydra.run.dir`` becomes ``run_dir`` (a staging folder, or the comparison's store).
    """
    from hydra._internal.callbacks import Callbacks
    from hydra.core.utils import run_job
    from hydra.types import HydraContext, RunMode
    from omegaconf import read_write

    with read_write(cfg.hydra):
        cfg.hydra.run.dir = str(run_dir)
        cfg.hydra.mode = RunMode.RUN
        cfg.hydra.overrides.hydra.extend([f"hydra.run.dir={_quote(str(run_dir))}", "hydra.mode=RUN"])
    callbacks = Callbacks(cfg)
    try:
        callbacks.on_run_start(config=cfg, config_name=cfg.hydra.job.config_name)
        ret = run_job(
            task_function=app.hydra_main.__wrapped__,  # the guarded task, under hydra.main
            config=cfg,
            job_dir_key="hydra.run.dir",
            job_subdir_key=None,
            hydra_context=HydraContext(config_loader=None, callbacks=callbacks),  # only sweeps load configs
        )
        callbacks.on_run_end(config=cfg, config_name=cfg.hydra.job.config_name, job_return=ret)
        _ = ret.return_value  # re-raises what the task raised (``guarded`` lets only Ctrl-C through)
    except SystemExit as stop:  # as ``_call_hydra``: a status, and the folder is cleaned up by the caller
        return _exit_status(stop)
    return 0


def _hold_signals() -> dict[int, Any]:
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


# ----- pre-flight ----------------------------------------------------------------------------------------


def _config_dir(app: App, args: Any) -> Path | None:
    if args.config_path is None:
        return app.config_dir
    path = Path(args.config_path)
    if not path.is_absolute():
        path = Path(sys.modules[app.hydra_main.__module__].__file__).parent / path
    if not path.is_dir():
        raise ConfigError(f"--config-path {args.config_path}: no such folder")
    return path


def _compose(app: App, args: Any, overrides: list[str], multirun: bool) -> DictConfig:
    """The job's configuration, with its ``hydra`` node: the one ``python -m sim`` composed ahead
    (``sim.running.ahead``) if it is this very composition, else composed here."""
    from sim.running import ahead
    from sim.running.config import compose_config

    key, request = _composition(app, args, overrides, multirun)
    composed = ahead.take(key)
    return composed if composed is not None else compose_config(**request)


def _composition(app: App, args: Any, overrides: list[str], multirun: bool) -> tuple[str, dict[str, Any]]:
    """``compose_config``'s arguments for this job, and a key naming everything its result depends on
    besides the files (the arguments, the job's name, the working folder)."""
    from hydra.core.utils import JobRuntime, setup_globals

    setup_globals()  # Hydra's ${now:...} and ${hydra:...} resolvers
    request = {
        "overrides": list(overrides),
        "config_name": args.config_name or app.config_name,
        "config_dir": _config_dir(app, args),
        "extra_dirs": [Path(args.config_dir)] if args.config_dir else [],
        "with_hydra": True,
        "multirun": multirun,
        "root": app.root,
    }
    key = repr((app.prog, JobRuntime.instance().get("name"), os.getcwd(), sorted(request.items())))
    return key, request


def compose_first(app: App, argv: list[str]) -> tuple[str, DictConfig] | None:
    """What ``run_app(app, argv)`` composes first when it runs a single job, with the key ``_compose``
    asks for it by (``sim.running.ahead`` composes it in a second process). None for anything else
    (help, ``--cfg``, Hydra's own options, a sweep); raises what composing raises."""
    from sim.running.config import compose_config

    args = _parser().parse_intermixed_args(argv)
    if args.help or _hydra_option(args) or args.cfg or args.multirun:
        return None
    _name_the_job(app)
    key, request = _composition(app, args, list(args.overrides), multirun=False)
    return key, compose_config(**request)


def sweep_jobs(base: DictConfig, overrides: list[str], loader: Any = None) -> tuple[list[list[str]], list[str]]:
    """Every job's overrides of a multirun (Hydra's basic sweeper's expansion) and the swept keys."""
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from sim.running.reword import reword
    from sim.state.limits import check_limit, limit

    params = OmegaConf.select(base, "hydra.sweeper.params", default=None) or {}
    lines = [f"{k}={v}" for k, v in params.items()] + list(overrides)
    try:
        parsed = OverridesParser.create(config_loader=loader).parse_overrides(lines)
        last = {o.get_key_element(): o for o in parsed}  # a later override of a key replaces an earlier one
        swept = [k for k, o in last.items() if o.is_sweep_override()]
        n = 1
        for o in last.values():
            if o.is_sweep_override():
                n *= len(list(o.sweep_string_iterator()))
        if n > limit("sweep_jobs"):
            check_limit("the sweep's jobs", n, "sweep_jobs")
        jobs = BasicSweeper.split_arguments(parsed, None)[0]
    except ConfigError:
        raise
    except Exception as err:  # noqa: BLE001 - a sweep Hydra cannot expand
        raise ConfigError(reword(err, overrides=lines)) from err
    return jobs, swept


def _resolved(cfg: DictConfig, key: str) -> Path:
    from hydra.core.hydra_config import HydraConfig

    try:
        HydraConfig.instance().set_config(cfg)
    except Exception:  # noqa: BLE001 - only needed for ${hydra:...} in folder names
        pass
    try:
        value = OmegaConf.select(cfg, key)
    except Exception as err:  # noqa: BLE001
        raise ConfigError(f"{key} cannot be resolved ({one_line(err).split(' full_key:')[0]})") from err
    if not value:
        raise ConfigError(f"{key} is empty; give a folder, e.g. {key}=outputs/my_run")
    return Path(os.path.abspath(str(value)))


def _quote(value: str) -> str:
    """A value Hydra's override parser reads back verbatim."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def preflight(app: App, args: Any) -> Plan:
    """Compose and check every job before Hydra runs; decide the output folder."""
    overrides = list(args.overrides)
    if args.multirun:
        base = _compose(app, args, overrides, multirun=True)
        from sim.running.config import config_loader

        loader = config_loader(_config_dir(app, args), [Path(args.config_dir)] if args.config_dir else [])
        job_overrides, swept = sweep_jobs(base, overrides, loader)
        plan = Plan(True, [], _resolved(base, "hydra.sweep.dir"), swept=swept)
        for job in job_overrides:
            plan.jobs.append(Job(job, _compose(app, args, job, multirun=False)))
        _name_job_folders(plan, overrides)
    else:
        cfg = _compose(app, args, overrides, multirun=False)
        plan = Plan(False, [Job(overrides, cfg)], _resolved(cfg, "hydra.run.dir"))
    plan.state["extra_dirs"] = [Path(args.config_dir).resolve()] if args.config_dir else []
    for job in plan.jobs:
        plan.notes.extend(app.check_job(job.cfg, plan))
    return plan


def _name_job_folders(plan: Plan, overrides: list[str]) -> None:
    """Job folders named by their swept overrides (``key=value,...``), numbered if there are none."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    parsed = OverridesParser.create().parse_overrides(overrides)
    fixed = sorted(
        {o.key_or_group for o in parsed if not o.is_sweep_override() and not o.key_or_group.startswith("hydra")}
    )
    fixed += ["sweep"]  # +sweep=<name> picks the sweep; its values name the folders
    names = [
        ",".join(sorted(o for o in job.overrides if o.split("=")[0].lstrip("+~") in plan.swept)) for job in plan.jobs
    ]
    if not plan.swept or any(len(n) > 200 for n in names) or len(set(names)) < len(names):
        plan.extra.append("hydra.sweep.subdir=${hydra.job.num}")
        return
    plan.extra.append("hydra.sweep.subdir=${hydra.job.override_dirname}")
    plan.extra.append("hydra.job.config.override_dirname.exclude_keys=[" + ",".join(_quote(k) for k in fixed) + "]")


# ----- output folders --------------------------------------------------------------------------------------


def _hidden_sibling(final: Path) -> Path:
    return final.parent / f".{final.name}.partial-{os.getpid()}"


def _is_empty(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


class StagedFolder:
    """``python -m sim``: everything is written into a hidden sibling folder, moved into place at the end."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.final = plan.final
        if self.final.exists() and not self.final.is_dir():
            raise ConfigError(f"output folder {self.final} is a file; choose a folder")
        if not _is_empty(self.final):
            raise ConfigError(
                f"output folder {self.final} already holds files; each run writes a new folder, so choose "
                "another hydra.run.dir (or hydra.sweep.dir), or remove that one"
            )
        self.staging = _hidden_sibling(self.final)

    def run_dir(self) -> Path:
        return self.staging

    def overrides(self) -> list[str]:
        key = "hydra.sweep.dir" if self.plan.multirun else "hydra.run.dir"
        return [f"{key}={_quote(str(self.staging))}"]

    @contextmanager
    def hold(self) -> Iterator[None]:
        try:  # here rather than in Hydra, so an unwritable place is one line too
            self.staging.mkdir(parents=True)
        except OSError as err:
            raise ConfigError(f"cannot create the output folder {self.final} ({err.strerror or err})") from err
        yield

    def success(self) -> Path:
        """Move the finished folder into place (beside it, numbered, if another run took the name meanwhile)."""
        self.final.parent.mkdir(parents=True, exist_ok=True)
        for i in range(1, 100):
            target = self.final if i == 1 else self.final.with_name(f"{self.final.name}_{i}")
            try:
                if target.is_dir() and not any(target.iterdir()):
                    target.rmdir()
                os.rename(self.staging, target)
                break
            except OSError:
                continue
        else:
            raise ConfigError(f"cannot move the finished run into {self.final}; it is kept in {self.staging}")
        self.final = target
        for yml in self.final.rglob(".hydra/hydra.yaml"):
            yml.write_text(yml.read_text().replace(str(self.staging), str(self.final)))
        return self.final

    def failure(self, interrupted: bool = False) -> str:
        shutil.rmtree(self.staging, ignore_errors=True)
        return ""

    def finish_sweep(self, code: int) -> int:
        """Keep the jobs that finished, drop the others; combine their tables if all finished."""
        jobs = [p for p in self.staging.iterdir() if (p / ".hydra").is_dir()] if self.staging.is_dir() else []
        failed = [(p, (p / FAILED).read_text().strip()) for p in jobs if (p / FAILED).exists()]
        unfinished = [p for p in jobs if not (p / "manifest.json").exists()]
        finished = [p for p in jobs if p not in unfinished]
        total = len(self.plan.jobs)
        if code == 0 and not unfinished and len(finished) == total:
            combine_sweep(self.staging, finished, self.plan.swept)
            out = self.success()
            print(f"{total} jobs written to {out}; combined table {out / 'results.parquet'}")
            return 0
        for p in unfinished:
            shutil.rmtree(p, ignore_errors=True)
        first = failed[0][1] if failed else f"status {code}"
        if finished:
            self.success()
            print(
                f"sweep incomplete: {total - len(finished)} of {total} jobs failed or did not run (first: {first}); "
                f"the {len(finished)} finished job folders are in {self.final} (no combined table)",
                file=sys.stderr,
            )
        else:
            self.failure()
            print(f"sweep failed: no job finished (first: {first}); nothing was kept", file=sys.stderr)
        return code if code not in (0, None) else EXIT_ERROR


class StoreFolder:
    """A comparison: the folder is a resumable results store; finished runs are kept, the report comes last."""

    def __init__(self, plan: Plan) -> None:
        from sim.running.store import ResultsStore

        self.plan = plan
        self.final = plan.final
        self.store = ResultsStore(self.final)
        self.store.check_folder()
        self.created = not self.final.exists()
        self.locked = False
        hashes = plan.state.get("hashes")
        if hashes and not self.created:
            self.store.check_compatible(hashes)

    def run_dir(self) -> Path:
        return self.final

    def overrides(self) -> list[str]:
        return [f"hydra.run.dir={_quote(str(self.final))}"]

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Hold the folder's lock; on failure remove the folder if this command made it and it holds no run.

        A folder another comparison holds is refused before anything of ours is in it, so it is never removed.
        """
        with self.store.lock():
            self.locked = True
            try:
                yield
            except BaseException:
                self._discard()
                raise
            finally:
                self.locked = False

    def _discard(self) -> None:
        if self.locked and self.created and not self.runs():
            shutil.rmtree(self.final, ignore_errors=True)

    def runs(self) -> int:
        return sum(1 for _ in (self.final / "measures").glob("*/*.parquet")) if self.final.is_dir() else 0

    def success(self) -> Path:
        return self.final

    def failure(self, interrupted: bool = False) -> str:
        n = self.runs()
        if n == 0:
            self._discard()
            return "; nothing was kept"
        return f"; {n} finished runs are kept in {self.final}: rerun with hydra.run.dir={self.final} to resume"

    def finish_sweep(self, code: int) -> int:  # pragma: no cover - comparisons refuse -m
        return code


def combine_sweep(root: Path, jobs: list[Path], swept: list[str]) -> None:
    """One tidy table of every job's results, with the job folder and each swept value as columns."""
    import pandas as pd
    import yaml

    from sim.running import output

    frames = []
    for job in sorted(jobs, key=lambda p: (0, int(p.name), "") if p.name.isdigit() else (1, 0, p.name)):
        path = job / "results.parquet"
        if not path.exists():
            continue
        df = pd.read_parquet(path)
        given = {}
        ov = job / ".hydra" / "overrides.yaml"
        if ov.exists():
            for line in yaml.safe_load(ov.read_text()) or []:
                k, _, v = str(line).partition("=")
                given[k.lstrip("+~")] = v
        df.insert(0, "job", job.name)
        for i, key in enumerate(k.lstrip("+~") for k in swept):
            if key not in df.columns:
                df.insert(1 + i, key, given.get(key))
        frames.append(df)
    if frames:
        output.write_frame(pd.concat(frames, ignore_index=True), root / "results")
