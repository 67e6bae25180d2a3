"""The pre-flight of an entry point: read the command line, then compose and check every job
(every combination of a sweep) before Hydra runs anything or any folder exists.

A bad flag, key, value, YAML file or register file is a ``ConfigError`` (one line). Composing
here and again in Hydra's own main costs about 0.1 s: the price of checking everything first.
"""

from __future__ import annotations

import argparse
import inspect
import itertools
import os
from pathlib import Path

from omegaconf import DictConfig, OmegaConf

from sim.running.config import compose_config, config_loader, quote_override
from sim.running.plan import App, Job, Plan
from sim.state.errors import ConfigError, one_line

HYDRA_ACTIONS = ("hydra_help", "version", "info", "shell_completion", "experimental_rerun")  # left to Hydra


def parser() -> argparse.ArgumentParser:
    """Hydra's command line (its flags, then the overrides); a mistake is a ``ConfigError``."""

    class Parser(argparse.ArgumentParser):
        def error(self, message: str):  # type: ignore[override]
            raise ConfigError(f"{message}; --help lists the settings and options")

    p = Parser(add_help=False, description="Hydra")
    p.add_argument("overrides", nargs="*")
    for flags in (("--help", "-h"), ("--hydra-help",), ("--version",), ("--resolve",), ("--run", "-r")):
        p.add_argument(*flags, action="store_true")
    p.add_argument("--multirun", "-m", action="store_true")
    p.add_argument("--shell-completion", "-sc", action="store_true")
    p.add_argument("--cfg", "-c", choices=["job", "hydra", "all"])
    p.add_argument("--package", "-p")
    p.add_argument("--config-path", "-cp")
    p.add_argument("--config-name", "-cn")
    p.add_argument("--config-dir", "-cd")
    p.add_argument("--experimental-rerun")
    info = ["all", "config", "defaults", "defaults-tree", "plugins", "searchpath"]
    p.add_argument("--info", "-i", const="all", nargs="?", choices=info)
    return p


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line, options anywhere between the overrides."""
    return parser().parse_intermixed_args(argv)


def hydra_action(args: argparse.Namespace) -> bool:
    """Whether the command line asks for one of Hydra's own actions (its help, version, info, completion, a rerun)."""
    return any(getattr(args, name) for name in HYDRA_ACTIONS)


def hydra_argv(args: argparse.Namespace) -> list[str]:
    """The parsed command line rebuilt for Hydra's main: options first, then the overrides."""
    out = ["--multirun"] if args.multirun else []
    for flag in ("config_dir", "config_name", "config_path", "cfg", "package"):
        value = getattr(args, flag)
        if value is not None:
            out += [f"--{flag.replace('_', '-')}", str(value)]
    if args.resolve:
        out.append("--resolve")
    return [*out, *args.overrides]


def user_dirs(args: argparse.Namespace) -> list[Path]:
    return [Path(args.config_dir).resolve()] if args.config_dir else []


def task_file(app: App) -> Path:
    """The file that defines the app's task (under ``hydra.main`` and ``guarded``)."""
    return Path(inspect.getfile(inspect.unwrap(app.hydra_main)))


def job_name(app: App) -> str:
    """The job's name as Hydra's main gives it: the task's module (``cli``), or file when run as a script."""
    module = inspect.unwrap(app.hydra_main).__module__
    return task_file(app).stem if module in (None, "__main__") else module.rpartition(".")[2]


def config_dir(app: App, args: argparse.Namespace) -> Path | None:
    """The main config folder: the app's, or ``--config-path`` (relative to the task's file, as Hydra reads it)."""
    if args.config_path is None:
        return app.config_dir
    path = Path(args.config_path)
    if not path.is_absolute():
        path = task_file(app).parent / path
    if not path.is_dir():
        raise ConfigError(f"--config-path {args.config_path}: no such folder")
    return path


def compose_job(app: App, args: argparse.Namespace, overrides: list[str], multirun: bool = False) -> DictConfig:
    """One job's configuration with its ``hydra`` node, as Hydra's main will compose it."""
    if not multirun:
        refuse_sweeps(app, overrides)
    return compose_config(
        overrides,
        config_name=args.config_name or app.config_name,
        config_dir=config_dir(app, args),
        extra_dirs=user_dirs(args),
        with_hydra=True,
        multirun=multirun,
        root=app.root,
        job_name=job_name(app),
    )


def refuse_sweeps(app: App, overrides: list[str]) -> None:
    """A sweep (``key=a,b``) without ``-m``, refused in words for the shell (Hydra's compose API words
    its example for Python code)."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
    except Exception:  # noqa: BLE001 - composing words the syntax error
        return
    for o in parsed:
        if o.is_sweep_override():
            key = o.key_or_group
            sweep = "add -m to run one job per value, " if app.multirun else ""
            raise ConfigError(
                f"{o.input_line} gives several values: {sweep}write a list as {key}=[a,b], "
                f"or quote text with commas as {key}=\\'a,b\\'"
            )


def sweep_jobs(base: DictConfig, overrides: list[str], loader: object = None) -> tuple[list[list[str]], list[str]]:
    """Every job's overrides of a sweep (the sweeper's ``params`` then the command line's, every
    combination, as Hydra's basic sweeper expands them) and the swept keys."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from sim.running.reword import reword
    from sim.state.limits import check_limit, limit

    params = OmegaConf.select(base, "hydra.sweeper.params", default=None) or {}
    lines = [f"{k}={v}" for k, v in params.items()] + list(overrides)
    try:
        parsed = OverridesParser.create(config_loader=loader).parse_overrides(lines)
        last = {o.get_key_element(): o for o in parsed}  # a later override of a key replaces an earlier one
        choices = []
        for key, o in last.items():
            if not o.is_sweep_override():
                choices.append([f"{key}={o.get_value_element_as_str()}"])
            elif o.is_discrete_sweep():
                choices.append([f"{key}={value}" for value in o.sweep_string_iterator()])
            else:
                raise ConfigError(f"{o.input_line}: a sweep needs a list of values (a,b,c or choice/range/glob)")
        n = 1
        for values in choices:
            n *= len(values)
        if n > limit("sweep_jobs"):
            check_limit("the sweep's jobs", n, "sweep_jobs")
    except ConfigError:
        raise
    except Exception as err:  # noqa: BLE001 - a sweep Hydra cannot expand
        raise ConfigError(reword(err, overrides=lines)) from err
    swept = [k for k, o in last.items() if o.is_sweep_override()]
    return [list(job) for job in itertools.product(*choices)], swept


def resolved_folder(cfg: DictConfig, key: str) -> Path:
    """The folder ``key`` (``hydra.run.dir``, ``hydra.sweep.dir``) names, absolute."""
    from hydra.core.hydra_config import HydraConfig

    try:
        HydraConfig.instance().set_config(cfg)  # for ${hydra:...} in folder names
    except Exception:  # noqa: BLE001 - only needed for such names
        pass
    try:
        value = OmegaConf.select(cfg, key)
    except Exception as err:  # noqa: BLE001
        raise ConfigError(f"{key} cannot be resolved ({one_line(err).split(' full_key:')[0]})") from err
    if not value:
        raise ConfigError(f"{key} is empty; give a folder, e.g. {key}=outputs/my_run")
    return Path(os.path.abspath(str(value)))


def preflight(app: App, args: argparse.Namespace) -> Plan:
    """Compose and check every job before Hydra runs; decide the output folder."""
    if args.multirun and not app.multirun:
        raise ConfigError(f"{app.prog} runs one job; -m/--multirun is not available here")
    overrides = list(args.overrides)
    if args.multirun:
        base = compose_job(app, args, overrides, multirun=True)
        loader = config_loader(config_dir(app, args), user_dirs(args))  # for glob(...) over a group's files
        job_overrides, swept = sweep_jobs(base, overrides, loader)
        jobs = [Job(job, compose_job(app, args, job)) for job in job_overrides]
        plan = Plan(True, jobs, resolved_folder(base, "hydra.sweep.dir"), swept=swept)
        plan.extra = job_folder_overrides(jobs, swept, overrides)
    else:
        cfg = compose_job(app, args, overrides)
        plan = Plan(False, [Job(overrides, cfg)], resolved_folder(cfg, "hydra.run.dir"))
    plan.state["extra_dirs"] = user_dirs(args)
    for job in plan.jobs:
        plan.notes.extend(app.check_job(job.cfg, plan))
    return plan


def job_folder_overrides(jobs: list[Job], swept: list[str], overrides: list[str]) -> list[str]:
    """Hydra overrides that name each job's folder by its swept overrides (``key=value,...``), or
    number them if there are none, or the names would be too long or the same."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    parsed = OverridesParser.create().parse_overrides(overrides)
    fixed = sorted(
        {o.key_or_group for o in parsed if not o.is_sweep_override() and not o.key_or_group.startswith("hydra")}
    )
    fixed += ["sweep"]  # +sweep=<name> picks the sweep; its values name the folders
    names = [",".join(sorted(o for o in job.overrides if o.split("=")[0].lstrip("+~") in swept)) for job in jobs]
    if not swept or any(len(n) > 200 for n in names) or len(set(names)) < len(names):
        return ["hydra.sweep.subdir=${hydra.job.num}"]
    return [
        "hydra.sweep.subdir=${hydra.job.override_dirname}",
        "hydra.job.config.override_dirname.exclude_keys=[" + ",".join(quote_override(k) for k in fixed) + "]",
    ]
