"""Typed values from plain data: dataclasses built from dicts (YAML, OmegaConf, SolaraViz)."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any, get_args, get_origin, get_type_hints

from omegaconf import DictConfig, OmegaConf


def to_dataclass(cls: type, value: Any) -> Any:
    """Build a dataclass (recursively) from a plain dict or DictConfig, rejecting unknown keys."""
    if isinstance(value, DictConfig):
        value = OmegaConf.to_container(value, resolve=True)
    if isinstance(value, cls):
        return value
    hints = get_type_hints(cls)
    names = {f.name for f in fields(cls)}
    unknown = set(value) - names
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown key(s) {sorted(unknown)}")
    kwargs = {}
    for name, v in value.items():
        hint = hints[name]
        if is_dataclass(hint) and isinstance(v, dict):
            v = to_dataclass(hint, v)
        elif get_origin(hint) in (list, tuple) and get_args(hint) and is_dataclass(get_args(hint)[0]):
            v = [to_dataclass(get_args(hint)[0], x) if isinstance(x, dict) else x for x in v]
        kwargs[name] = v
    return cls(**kwargs)
