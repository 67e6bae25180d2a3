"""Typed values from plain data: dataclasses built from dicts (YAML, OmegaConf, SolaraViz)."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any, get_args, get_origin, get_type_hints

from omegaconf import DictConfig, OmegaConf


def to_dataclass(cls: type, value: Any, key: str = "") -> Any:
    """Build a dataclass (recursively) from a plain dict or DictConfig, rejecting unknown keys.

    ``key`` is the dotted path of ``value`` in the whole configuration, used to name an unknown key.
    """
    if isinstance(value, DictConfig):
        value = OmegaConf.to_container(value, resolve=True)
    if isinstance(value, cls):
        return value
    hints = get_type_hints(cls)
    names = {f.name for f in fields(cls)}
    unknown = set(value) - names
    if unknown:
        where = f"{key}." if key else ""
        raise ValueError(f"{where}{sorted(unknown)[0]} is not a setting (of {cls.__name__})")
    kwargs = {}
    for name, v in value.items():
        hint = hints[name]
        sub = f"{key}.{name}" if key else name
        if is_dataclass(hint) and isinstance(v, dict):
            v = to_dataclass(hint, v, sub)
        elif get_origin(hint) in (list, tuple) and get_args(hint) and is_dataclass(get_args(hint)[0]):
            v = [
                to_dataclass(get_args(hint)[0], x, f"{sub}[{i}]") if isinstance(x, dict) else x for i, x in enumerate(v)
            ]
        kwargs[name] = v
    return cls(**kwargs)
