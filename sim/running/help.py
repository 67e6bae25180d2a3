"""``--help`` generated from the typed configs: config groups with their options, and every setting
with its default, allowed values, source and meaning (the ``par`` metadata of the dataclasses).

Defaults shown are those of the composed configuration (so the calibrated parameters of
``conf/params/default.yaml`` and the chosen region and scenario), with any overrides given
alongside ``--help`` applied.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from omegaconf import DictConfig, OmegaConf

from sim.running.validation import _base, allowed

LABELS = {
    "name": "label of this configuration; names output folders",
    "description": "one line saying what it is",
    "source": "where its settings come from",
}


def _fmt(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        if len(value) > 24:
            value = value[:22] + "..."
        return repr(value) if value == "" or " " in value else value
    return str(value)


def setting_rows(cls: type, prefix: str, values: Any, sources: bool = True) -> list[tuple[str, str, str, str]]:
    """(key, default, allowed, 'meaning [source]') for every field of ``cls``, nested groups included."""
    from sim.running.validation import FIELD_LIMITS
    from sim.state.limits import limit

    rows = []
    hints = get_type_hints(cls)
    for f in fields(cls):
        key = f"{prefix}.{f.name}"
        hint = hints.get(f.name, Any)
        base = _base(hint)
        value = values.get(f.name) if isinstance(values, dict) else getattr(values, f.name, None)
        if is_dataclass(base):
            rows.extend(setting_rows(base, key, value if value is not None else {}, sources))
            continue
        meta = dict(f.metadata)
        doc = meta.get("doc") or LABELS.get(f.name, "")
        src = meta.get("src")
        if sources and src and not isinstance(value, (bool, str)) and value is not None:
            doc = f"{doc} [{src}]"
        if get_origin(base) in (list, tuple):
            inner = get_args(base)[0] if get_args(base) else None
            if is_dataclass(inner):
                parts = ", ".join(x.name for x in fields(inner))
                what = f"a list of {{{parts}}}"
                shown = f"{len(value or [])} items"
            else:
                what, shown = "a list, e.g. [a,b]", _fmt(value)
            rows.append((key, shown, what, doc))
            continue
        what = allowed(meta, hint)
        name = FIELD_LIMITS.get(key) or FIELD_LIMITS.get(f.name if not prefix else "")
        if name:
            what = f"{what}, at most {limit(name)} (SIM_LIMIT_{name.upper()})"
        rows.append((key, _fmt(value), what, doc))
    return rows


def table(rows: list[tuple[str, str, str, str]]) -> list[str]:
    if not rows:
        return []
    w0 = max(len(r[0]) for r in rows)
    w1 = min(18, max(len(r[1]) for r in rows))
    w2 = min(40, max(len(r[2]) for r in rows))
    return [f"  {k:<{w0}}  {d:<{w1}}  {a:<{w2}}  {m}".rstrip() for k, d, a, m in rows]


def group_options(extra_dirs: list[Path]) -> dict[str, tuple[list[str], str | None]]:
    """Options of every config group of ``python -m sim`` (schema entries left out) and the default."""
    from hydra.core.object_type import ObjectType

    from sim.running.config import config_loader

    loader = config_loader(extra_dirs=extra_dirs)
    out = {}
    defaults = {"region": "lincolnshire", "params": "default", "scenario": "baseline", "hydra/launcher": "basic"}
    for group in ("region", "params", "scenario", "sweep", "hydra/launcher"):
        options = loader.get_group_options(group, results_filter=ObjectType.CONFIG)
        out[group] = (sorted(o for o in options if not o.endswith("_schema")), defaults.get(group))
    return out


def sim_settings(cfg: DictConfig) -> list[str]:
    """The settings tables of a composed ``python -m sim`` configuration, one block per part."""
    from scenarios.config import ScenarioConfig
    from sim.running.config import RunConfig
    from sim.state.params import Params
    from sim.state.regions import RegionConfig

    plain = OmegaConf.to_container(cfg, resolve=False)
    lines = []
    parts = [
        ("run", RunConfig, "the run: seeds, years, what is written"),
        ("region", RegionConfig, f"the region ({plain.get('region', {}).get('name', '')})"),
        ("scenario", ScenarioConfig, f"the scenario's policy levers ({plain.get('scenario', {}).get('name', '')})"),
        ("params", Params, "mechanism parameters (calibrated values from conf/params/default.yaml)"),
    ]
    for part, cls, title in parts:
        lines += ["", f"{part}: {title}"]
        lines += table(setting_rows(cls, part, plain.get(part, {}), sources=part != "run"))
    return lines


def limits_lines() -> list[str]:
    from sim.state.limits import LIMITS, limit

    lines = ["", "Limits on sizes (raise one with SIM_LIMIT_<NAME>=<n>):"]
    for name, lim in LIMITS.items():
        lines.append(f"  SIM_LIMIT_{name.upper():<14} {limit(name):>6}  {lim.what} ({lim.why})")
    return lines


def sim_help(overrides: list[str], extra_dirs: list[Path]) -> str:
    """``python -m sim --help``."""
    from sim.running.config import compose_config

    try:
        cfg = compose_config([o for o in overrides if "," not in o], extra_dirs=extra_dirs)
    except Exception:  # noqa: BLE001 - help never fails on a bad override: show the defaults
        cfg = compose_config([])
    lines = [
        "python -m sim [key=value ...]       run one configuration for run.n_seeds seeds",
        "python -m sim -m [key=a,b ...]      a sweep (Hydra multirun): one job per combination",
        "",
        "Writes results.parquet/.csv (tidy measures), events.parquet/.csv, config.yaml, manifest.json and",
        "summary.png into outputs/<date>/<time>_<scenario>_<region>/ (a sweep: multirun/<date>/<time>/, one",
        "folder per job named by its overrides, plus one combined results table). The folder appears only",
        "when the run succeeds. A wrong type, NaN or a value out of range stops the run before it starts",
        "with one line naming the key, the value and what is allowed.",
        "",
        "Config groups (group=option; * marks the default):",
    ]
    for group, (options, default) in group_options(extra_dirs).items():
        shown = ", ".join(f"{o}*" if o == default else o for o in options)
        prefix = "+" if group == "sweep" else ""
        note = "   (with -m)" if group in ("sweep", "hydra/launcher") else ""
        lines.append(f"  {prefix + group:<16} {shown}{note}")
    lines += [
        "",
        "Options: --config-dir DIR adds a folder of your own config files (DIR/scenario/mine.yaml ->",
        "scenario=mine); --cfg job prints the composed configuration; --hydra-help shows Hydra's own help.",
        "",
        "Settings (key, default, allowed values, meaning [source document]):",
    ]
    lines += sim_settings(cfg)
    lines += limits_lines()
    return "\n".join(lines)


def compare_help(overrides: list[str], extra_dirs: list[Path], compare_cls: type, defaults: DictConfig) -> str:
    """``python -m experiments.compare --help``: the comparison's own settings, then every model setting."""
    from sim.running.config import compose_config

    groups = group_options(extra_dirs)
    lines = [
        "python -m experiments.compare [key=value ...]",
        "",
        "Runs every scenario on the same parameter draws x synthetic counties x seeds (paired: common",
        "random numbers), in parallel (or on a Dask cluster), into a resumable results store, then writes",
        "a report (report.md: what each policy changes and whether it survives the uncertainty, which",
        "assumptions decide, effects split by lever, full costs, the succession-risk register) into",
        "outputs/compare/<date>/<time>_<region>/. Rerun with hydra.run.dir=<that folder> to resume or",
        "extend it (draws=40 seeds=5); a folder holding another configuration's results, or in use by",
        "another comparison, is refused at once.",
        "",
        "The comparison's settings (key, default, allowed values, meaning):",
    ]
    plain = OmegaConf.to_container(defaults, resolve=False)
    rows = []
    for f in fields(compare_cls):
        hint = get_type_hints(compare_cls)[f.name]
        meta = dict(f.metadata)
        value = plain.get(f.name)
        shown = "[" + ",".join(map(str, value)) + "]" if isinstance(value, list) else _fmt(value)
        what = "a list, e.g. [a,b]" if get_origin(_base(hint)) in (list, tuple) else allowed(meta, hint)
        if f.name in ("seeds", "draws", "counties", "n_jobs"):
            from sim.running.validation import FIELD_LIMITS
            from sim.state.limits import limit

            lim = FIELD_LIMITS[f.name]
            what = f"{what}, at most {limit(lim)} (SIM_LIMIT_{lim.upper()})"
        rows.append((f.name, shown, what, meta.get("doc", "")))
    lines += table(rows)
    lines += [
        "",
        f"  scenarios, baseline, risk_scenario: any of {', '.join(groups['scenario'][0])}",
        f"  region: any of {', '.join(groups['region'][0])}",
        "",
        "Every model setting below can be changed for all scenarios through overrides, e.g.",
        '  \'overrides=["region.n_towns=20","scenario.adviser.enabled=true"]\'  (quote each item)',
    ]
    try:
        cfg = compose_config([f"region={plain.get('region', 'lincolnshire')}"], extra_dirs=extra_dirs)
    except Exception:  # noqa: BLE001
        cfg = compose_config([])
    lines += [
        line
        for line in sim_settings(cfg)
        if not line.startswith("  run.n_seeds") and not line.startswith("  run.seed ")
    ]
    lines += limits_lines()
    return "\n".join(lines)
