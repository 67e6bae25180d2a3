"""Hydra's, OmegaConf's and YAML's own errors reworded as one line naming the field, the value and
what is allowed, so that a user sees what to fix rather than a library's internals.

Hydra reports a bad override in six lines of its internals, lists schema entries as choices and
prints a traceback for malformed YAML. ``reword(err, ...)`` turns any of those into the same kind
of line ``sim.running.validation`` writes: ``run.n_seeds='abc' is not allowed: need a whole number
in [1, 100000]``, ``region=nowhere is not a known region; choose one of: ...``, ``malformed YAML in
conf/scenario/x.yaml, line 4, column 7: ...``. It only reads the exception and the typed configs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from hydra.errors import ConfigCompositionException

from sim.state.errors import ConfigError, one_line

SCHEMA_SUFFIX = "_schema"  # ConfigStore entries that are schemas, not choices


class CompositionError(ConfigError, ConfigCompositionException):
    """A configuration that cannot be composed (an unknown key or option, a wrong type, bad YAML).

    Also a Hydra ``ConfigCompositionException``, so code that caught Hydra's own error keeps working.
    """


# ----- the typed tree of settings ------------------------------------------------------------------


def _base(hint: Any) -> Any:
    from sim.running.validation import _base as base

    return base(hint)


def field_at(root: type, key: str) -> tuple[Any, dict] | None:
    """(type hint, ``par`` metadata) of the dotted ``key`` under the dataclass ``root``, or None.

    List items are reached as ``size_bands[0].lo`` or ``size_bands.0.lo``.
    """
    parts = [p for p in re.split(r"[.\[\]]+", key) if p]
    cls: Any = root
    hint: Any = root
    meta: dict = {}
    for part in parts:
        base = _base(hint)
        if get_origin(base) in (list, tuple):
            if not part.isdigit():
                return None
            hint, meta = (get_args(base)[0] if get_args(base) else Any), {}
            continue
        if not is_dataclass(base):
            return None
        cls = base
        found = {f.name: f for f in fields(cls)}
        if part not in found:
            return None
        hint, meta = get_type_hints(cls).get(part, Any), dict(found[part].metadata)
    return hint, meta


def all_keys(root: type, prefix: str = "") -> list[str]:
    """Every settable dotted key under the dataclass ``root`` (groups included)."""
    out = []
    hints = get_type_hints(root)
    for f in fields(root):
        key = f"{prefix}.{f.name}" if prefix else f.name
        out.append(key)
        base = _base(hints.get(f.name, Any))
        if is_dataclass(base):
            out.extend(all_keys(base, key))
    return out


def did_you_mean(key: str, candidates: Iterable[str]) -> str:
    """' (did you mean a or b?)' for keys close to ``key``, else ''."""
    depth = key.count(".")
    candidates = [c for c in candidates if c.count(".") == depth]
    close = difflib.get_close_matches(key, candidates, n=2, cutoff=0.75)
    if not close:  # the last part alone: 'params.moves.base_rat' vs '...base_rate'
        tail = key.rsplit(".", 1)[-1]
        close = [c for c in candidates if difflib.SequenceMatcher(None, c.rsplit(".", 1)[-1], tail).ratio() > 0.85]
        close = close[:2]
    return f" (did you mean {' or '.join(close)}?)" if close else ""


# ----- rewording ---------------------------------------------------------------------------------------


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _override_value(key: str, overrides: Sequence[str]) -> str | None:
    for o in reversed(list(overrides)):
        k, sep, v = o.lstrip("+~").partition("=")
        if sep and k == key:
            return v
    return None


def _group_options(group: str, options: Sequence[str] | None, search_dirs: Sequence[Path]) -> list[str]:
    """Choices of a config group: Hydra's list without schema entries, else the YAML files on disk."""
    if options:
        return sorted(o for o in options if not o.endswith(SCHEMA_SUFFIX))
    found = set()
    for d in search_dirs:
        folder = Path(d) / group
        if folder.is_dir():
            found.update(p.stem for p in folder.glob("*.yaml"))
    return sorted(found)


def _config_file(config_path: str, search_dirs: Sequence[Path]) -> str:
    """The YAML file behind Hydra's 'region/bad' (first match on the search path), else the name."""
    for d in search_dirs:
        p = Path(d) / f"{config_path}.yaml"
        if p.exists():
            return str(p)
    return config_path


def reword(
    err: BaseException,
    *,
    overrides: Sequence[str] = (),
    root: type | None = None,
    search_dirs: Sequence[Path] = (),
    what: str = "setting",
) -> str:
    """One line for an error raised while composing or converting a configuration."""
    import yaml
    from hydra.errors import MissingConfigException, OverrideParseException, SearchPathException
    from omegaconf.errors import (
        ConfigAttributeError,
        ConfigKeyError,
        InterpolationResolutionError,
        MissingMandatoryValue,
        OmegaConfBaseException,
        ValidationError,
    )

    if isinstance(err, ConfigError):
        return str(err)
    cause = err.__cause__ or err.__context__
    # malformed YAML: file, line and column
    for e in (err, cause):
        if isinstance(e, yaml.MarkedYAMLError):
            mark = e.problem_mark or e.context_mark
            where = f" in {mark.name}, line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            return f"malformed YAML{where}: {one_line(e.problem or e.context or e)}"
        if isinstance(e, UnicodeDecodeError):
            return f"a config file is not UTF-8 text ({one_line(e)})"
    if isinstance(err, OverrideParseException):
        bad = err.override or next((o for o in overrides if _unparsable(o)), "")
        first = str(err).splitlines()[0] if str(err) else "not understood"
        key, _, value = bad.partition("=")
        if value.startswith("[") and "=" in value:
            return (
                f"the override {bad!r} is not valid Hydra syntax ({first}): quote each item of a list that holds "
                f"'=', e.g. '{key}=[\"params.x=1\",\"region.y=2\"]'"
            )
        return (
            f"the override {bad!r} is not valid Hydra syntax ({first}); write key=value, "
            "quoting lists and values with spaces, e.g. 'scenarios=[a,b]'"
        )
    if isinstance(err, MissingConfigException):
        return _missing_config(err, search_dirs)
    if isinstance(err, SearchPathException):
        text = str(err)
        m = re.search(r"'([^']+)' not found", text)
        return f"--config-dir {m.group(1)}: no such folder" if m else one_line(text)
    text = str(err)
    m = re.match(r"Could not override '([^']+)'\. No match in the defaults list", text)
    if m:
        key = m.group(1)
        return f"{key} is not a {what} here{did_you_mean(key, all_keys(root) if root else [])}; --help lists them"
    m = re.match(r"In '([^']+)': (\w+) raised while composing config:\s*(.*)", text, re.S)
    if m:
        file = _config_file(m.group(1), search_dirs)
        inner = one_line(m.group(3))
        km = re.search(r"full_key: (\S+)", m.group(3))
        if m.group(2) in ("ConfigKeyError", "ConfigAttributeError") and km:
            key = km.group(1)
            hint = did_you_mean(key, all_keys(root) if root else [])
            return f"{file}: {key} is not a {what}{hint}"
        if km and root is not None and (info := field_at(root, km.group(1))) is not None:
            from sim.running.validation import allowed

            vm = re.search(r"Value '([^']*)'", m.group(3))
            shown = repr(vm.group(1)) if vm else "this value"
            return f"{file}: {km.group(1)}={shown} is not allowed: need {allowed(info[1], info[0])}"
        if km:
            return f"{file}: {km.group(1)}: {inner.split(' full_key:')[0]}"
        return f"{file}: {inner.split(' full_key:')[0]}"
    for e in (cause, err):
        if isinstance(e, OmegaConfBaseException):
            key = _locate(e.full_key or "", overrides, root, interpolation=isinstance(e, InterpolationResolutionError))
            if isinstance(e, (ConfigAttributeError, ConfigKeyError)):
                hint = did_you_mean(key, all_keys(root) if root and ":" not in key else [])
                return f"{key} is not a {what}{hint}; --help lists them"
            if isinstance(e, MissingMandatoryValue):
                return f"{key} is not set"
            if isinstance(e, InterpolationResolutionError):
                return f"{key}: {one_line(e.msg or e)} (a ${{...}} reference that cannot be resolved)"
            if isinstance(e, ValidationError):
                return _validation(e, overrides, root)
            return f"{key}: {one_line(e.msg or e)}" if key else one_line(e.msg or e)
    if text.startswith("Config group override must be a string or a list"):
        bad = [o for o in overrides if _is_group(o.split("=")[0], search_dirs) and not _named_option(o)]
        group = bad[0].split("=")[0].lstrip("+~") if bad else "a config group"
        return f"{bad[0] if bad else group}: choose an option of {group} by name (a file in conf/{group}/)"
    m = re.match(r"Could not append to config\. An item is already at '([^']+)'", text)
    if m:
        return f"+{m.group(1)}: that setting exists already; write {m.group(1)}=<value> without the '+'"
    return one_line(text.split("\nConfig search path:")[0]) or type(err).__name__


def _locate(key: str, overrides: Sequence[str], root: type | None, interpolation: bool = False) -> str:
    """The setting an OmegaConf error is about, when OmegaConf names only the inner key or none."""
    if root and key and field_at(root, key) is not None:
        return key
    for o in overrides:
        k, sep, v = o.lstrip("+~").partition("=")
        if not sep:
            continue
        if interpolation and "${" in v and not key:
            return k
        if key and re.search(rf"\b{re.escape(key)}\b", v) and (root is None or field_at(root, k) is not None):
            return f"{k}: {key}" if k != key else k
    return key


def _named_option(override: str) -> bool:
    value = override.partition("=")[2]
    return bool(re.fullmatch(r"[A-Za-z_][\w.\-/]*", value))


def _is_group(key: str, search_dirs: Sequence[Path]) -> bool:
    key = key.lstrip("+~")
    return any((Path(d) / key).is_dir() for d in search_dirs)


def _unparsable(override: str) -> bool:
    from hydra.core.override_parser.overrides_parser import OverridesParser
    from hydra.errors import OverrideParseException

    try:
        OverridesParser.create().parse_override(override)
    except OverrideParseException:
        return True
    return False


def _missing_config(err: Any, search_dirs: Sequence[Path]) -> str:
    text = str(err)
    m = re.search(r"Could not find '([^']+)'", text)
    if m and "/" in m.group(1):
        group, _, option = m.group(1).rpartition("/")
        choices = _group_options(group, err.options, search_dirs)
        return f"{group}={option}: no such option for {group}; choose one of: {', '.join(choices) or '(none found)'}"
    m = re.search(r"Cannot find primary config '([^']+)'", text)
    if m:
        return f"--config-name {m.group(1)}: no such configuration file"
    return one_line(text.split("Config search path:")[0])


def _validation(e: Any, overrides: Sequence[str], root: type | None) -> str:
    from sim.running.validation import allowed

    key = e.full_key or ""
    given = _override_value(key, overrides)
    value = given if given is not None else _show(e.value) if e.value is not None else "?"
    info = field_at(root, key) if root and key else None
    if info is not None:
        hint, meta = info
        base = _base(hint)
        if is_dataclass(base):
            return f"{key}={value} is not allowed: {key} is a group of settings, set its parts (e.g. {key}.<name>=...)"
        if get_origin(base) in (list, tuple):
            inner = get_args(base)[0] if get_args(base) else None
            example = "[{lo: 15, hi: 90, count: 75}]" if is_dataclass(inner) else "[a,b]"
            return f"{key}={value} is not allowed: need a list, e.g. '{key}={example}'"
        return f"{key}={value} is not allowed: need {allowed(meta, hint)}"
    msg = one_line(e.msg or e).split(" full_key:")[0]
    if root and key:  # inside a list or dict given whole, e.g. region.size_bands=[{lo: a}]
        for o in overrides:
            k, _, v = o.lstrip("+~").partition("=")
            if key in v and field_at(root, k) is not None:
                inner = _validation_in(k, key, e, root)
                return inner or f"{k}: {key}={_show(e.value)} is not allowed: {msg}"
    return f"{key}={value} is not allowed: {msg}" if key else msg


def _validation_in(outer: str, key: str, e: Any, root: type) -> str | None:
    """'region.size_bands: lo='a' is not allowed: need a whole number' for an item of a list setting."""
    from sim.running.validation import allowed

    info = field_at(root, f"{outer}.0.{key}") or field_at(root, f"{outer}.{key}")
    if info is None:
        return None
    hint, meta = info
    return f"{outer}: {key}={_show(e.value)} is not allowed: need {allowed(meta, hint)}"
