"""Parameter draws: the calibration's posterior for the fitted parameters, priors over every other assumption.

Every answer the comparison gives is reported over parameter uncertainty, not only seeds. A
*draw* is one set of values for every uncertain parameter:

- the parameters calibration fitted (``conf/calibration/default.yaml`` lists them and their prior
  ranges) come jointly from the posterior's weighted particles (``conf/calibration/posterior.csv``),
  so their correlations are kept;
- every other numeric mechanism and assumption (``sim/state/params.py``, the county builder's in
  ``sim/state/regions.py`` and the levers' responses in ``scenarios/config.py``) is drawn uniformly
  over the ``prior`` range it declares, with its own reason (``why_prior``), inside its valid domain
  (``prior_draws``); the few whose ``sampled`` says "no: <reason>" stay at their defaults;
- document figures and settings (a policy's own choices among them) are never drawn.

Drawn all at once, most prior draws give counties far from the documents, so the comparisons
use the *plausible* ones: prior draws that ``experiments.history_match`` ran and kept because
they fit the documents' figures as closely as the calibration required of its own particles
(``conf/calibration/plausible.csv``). ``sample_draws(assumptions=True)`` samples those;
``assumptions=False`` draws the posterior only, every assumption at its default.

Draw 0 is always the point defaults, so a comparison of one draw is the familiar seed-only one.
``with_values`` applies a draw to a typed config. Keys are ``params.<section>.<name>``,
``region.<name>`` or ``scenario.<lever>.<name>`` (a lever's response, applied to every scenario: one
that sets its own value, such as a stronger push, is scaled by the drawn value over the lever's default).
"""

from __future__ import annotations

import copy
from dataclasses import MISSING, fields, is_dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from sim.running.config import CONF_DIR, Config
from sim.state.errors import ConfigError
from sim.state.params import Params, drawn_today

RANGES = CONF_DIR / "calibration" / "default.yaml"
POSTERIOR = CONF_DIR / "calibration" / "posterior.csv"
POSTERIOR_META = CONF_DIR / "calibration" / "posterior_meta.yaml"  # the calibration's settings and final tolerance
PLAUSIBLE = CONF_DIR / "calibration" / "plausible.csv"  # prior draws kept by experiments.history_match
PLAUSIBLE_META = CONF_DIR / "calibration" / "plausible_meta.yaml"  # how they were kept, from which posterior
CALIBRATED_REGION = "lincolnshire"  # the county the posterior's and priors' region.* values describe
UNCERTAIN = ("mechanism", "assumption")  # the bases drawn from a prior (figures and settings never are)


def field_of(cfg: Config, key: str) -> tuple[object, str, dict] | None:
    """(section object, field name, metadata) of a dotted key, or None if there is no such parameter."""
    parts = key.split(".")
    if parts[0] in ("params", "scenario") and len(parts) == 3:
        obj = getattr(getattr(cfg, parts[0]), parts[1], None)
    elif parts[0] == "region" and len(parts) == 2:
        obj = cfg.region
    else:
        return None
    if obj is None or not is_dataclass(obj):
        return None
    meta = next((f.metadata for f in fields(obj) if f.name == parts[-1]), None)
    return None if meta is None else (obj, parts[-1], meta)


def declared_default(obj: object, name: str) -> Any:
    """The default a dataclass field declares (not the value a config file gave it)."""
    f = next(f for f in fields(obj) if f.name == name)
    return f.default_factory() if f.default is MISSING else f.default  # type: ignore[misc]


def with_values(cfg: Config, values: dict[str, float]) -> Config:
    """A copy of ``cfg`` with dotted parameters set (types kept: whole numbers stay whole).

    A lever's response (``scenario.<lever>.<name>``) is drawn as its value at the lever's default; a
    scenario that sets its own value (a stronger push) keeps its ratio to the default, inside the domain."""
    new = copy.deepcopy(cfg)
    for key, v in values.items():
        found = field_of(new, key)
        if found is None:
            raise ConfigError(
                f"{key}: no such parameter (use params.<section>.<name>, region.<name> or scenario.<lever>.<name>)"
            )
        obj, name, meta = found
        old = getattr(obj, name)
        if key.startswith("scenario."):
            default = declared_default(obj, name)
            if default and old != default:
                v = float(np.clip(old * v / default, meta["lo"], meta["hi"]))
        setattr(obj, name, type(old)(round(v)) if isinstance(old, int) and not isinstance(old, bool) else float(v))
    return new


def load_ranges(cfg: Config, path: Path = RANGES) -> dict[str, tuple[float, float]]:
    """Calibration ranges (the priors of the fitted parameters), checked against each parameter's domain."""
    raw = yaml.safe_load(Path(path).read_text()) or {}
    out = {}
    for key, span in raw.items():
        found = field_of(cfg, key)
        if found is None:
            raise ConfigError(
                f"calibration range {key}: no such parameter (use params.<section>.<name> or region.<name>)"
            )
        meta = found[2]
        if not (isinstance(span, list) and len(span) == 2):
            raise ConfigError(f"calibration range {key}={span!r}: need [low, high]")
        lo, hi = float(span[0]), float(span[1])
        if lo >= hi:
            raise ConfigError(f"calibration range {key}=[{lo}, {hi}]: low must be below high")
        if (meta["lo"] is not None and lo < meta["lo"]) or (meta["hi"] is not None and hi > meta["hi"]):
            raise ConfigError(
                f"calibration range {key}=[{lo}, {hi}] leaves the valid domain [{meta['lo']}, {meta['hi']}] of {key}"
            )
        out[key] = (lo, hi)
    return out


def scope(cfg: Config) -> tuple[str, ...]:
    """Key prefixes drawn in ``cfg``'s region: another region than the calibrated county keeps its own
    region settings (the priors and the posterior's region values describe the calibrated county)."""
    return ("params.", "region.", "scenario.") if cfg.region.name == CALIBRATED_REGION else ("params.", "scenario.")


def uncertain_fields(cfg: Config) -> list[tuple[str, dict, Any]]:
    """(key, metadata, value) of every numeric mechanism and assumption of ``cfg`` in its region's scope:
    the model's parameters, the county builder's and the levers' responses."""
    sections = [(f"params.{f.name}", getattr(cfg.params, f.name)) for f in fields(Params)]
    sections.append(("region", cfg.region))
    sections += [(f"scenario.{f.name}", getattr(cfg.scenario, f.name)) for f in fields(cfg.scenario)]
    out = []
    for prefix, sec in sections:
        if not is_dataclass(sec) or not f"{prefix}.".startswith(scope(cfg)):
            continue
        for f in fields(sec):
            value = getattr(sec, f.name)
            if f.metadata.get("basis") not in UNCERTAIN or isinstance(value, bool):
                continue
            if isinstance(value, (int, float)):
                out.append((f"{prefix}.{f.name}", f.metadata, value))
    return out


def assumption_ranges(cfg: Config) -> dict[str, tuple[float, float]]:
    """The declared prior of every numeric mechanism and assumption that calibration does not fit and
    whose ``sampled`` says yes (raises ConfigError naming a key without a prior, or one outside its domain)."""
    fitted = load_ranges(cfg)
    out: dict[str, tuple[float, float]] = {}
    for key, meta, _ in uncertain_fields(cfg):
        if key in fitted or not drawn_today(meta):
            continue
        prior, lo, hi = meta.get("prior"), meta.get("lo"), meta.get("hi")
        if prior is None:
            raise ConfigError(f"{key} ({meta['basis']}) has no prior range: declare prior=(low, high) and why_prior")
        a, b = float(prior[0]), float(prior[1])
        if a > b or (lo is not None and a < lo) or (hi is not None and b > hi):
            raise ConfigError(f"{key} has prior [{a:g}, {b:g}] outside its allowed domain [{lo}, {hi}]")
        if b > a:  # a point prior is a fixed value
            out[key] = (a, b)
    return out


def point_default(cfg: Config, key: str) -> float:
    """A key's value in draw 0: the config's own, or for a lever's response the lever's default (what a
    drawn value of it means, see ``with_values``)."""
    obj, name, _ = field_of(cfg, key)
    return float(declared_default(obj, name) if key.startswith("scenario.") else getattr(obj, name))


def posterior(cfg: Config, path: Path | None = None) -> pd.DataFrame:
    """The posterior's weighted particles (empty if calibration has not been published)."""
    path = Path(path or POSTERIOR)
    if not path.exists():
        return pd.DataFrame()
    post = pd.read_csv(path)
    fitted = load_ranges(cfg)
    missing = [k for k in fitted if k not in post.columns]
    if missing or "weight" not in post.columns:
        raise ConfigError(
            f"{path}: the posterior lacks {missing or ['weight']}; rerun python -m experiments.calibrate --publish"
        )
    return post[["weight", *fitted]]


def prior_draws(cfg: Config, n_draws: int, seed: int) -> pd.DataFrame:
    """``n_draws`` draws with the fitted parameters from the posterior and every other assumption
    from its prior, unscreened (what ``experiments.history_match`` screens); draw 0 = the defaults."""
    return _draws(cfg, n_draws, seed, assumptions=True)


def plausible(cfg: Config, path: Path | None = None) -> pd.DataFrame:
    """The plausible draws (one row each, dotted keys), checked to cover exactly today's uncertain parameters."""
    path = Path(path or PLAUSIBLE)
    if not path.exists():
        raise ConfigError(
            f"assumptions=true needs {path}: run python -m experiments.history_match --publish "
            "(or use assumptions=false: the posterior only)"
        )
    table = pd.read_csv(path)
    # another region's own settings are not in the set (it was screened on the calibrated county)
    prefixes = scope(cfg)
    expected = {k for k in [*load_ranges(cfg), *assumption_ranges(cfg)] if k.startswith(prefixes)}
    have = {c for c in table.columns if c.startswith(prefixes)}
    if have != expected or table.empty:
        missing, extra = sorted(expected - have), sorted(have - expected)
        raise ConfigError(
            f"{path} does not match today's parameters (missing {missing[:3]}"
            f"{f' and {len(missing) - 3} more' if len(missing) > 3 else ''}, unknown {extra[:3]}"
            f"{', or empty' if table.empty else ''}): rerun python -m experiments.history_match --publish"
        )
    bad = table[sorted(expected)].isna().any()
    if bad.any():
        raise ConfigError(
            f"{path} has no value of {bad[bad].index[0]} in some rows: rerun python -m experiments.history_match --publish"
        )
    return table[sorted(expected)]


def sample_draws(cfg: Config, n_draws: int, seed: int, *, assumptions: bool = True) -> pd.DataFrame:
    """``n_draws`` parameter draws (one row each, column ``draw`` then dotted keys); draw 0 = the defaults.

    With ``assumptions`` the draws are the plausible set's, in a seeded order (each used once while
    there are enough, then again); without, the posterior's with every assumption at its default.
    In another region than the calibrated county, region settings keep that region's values."""
    if not assumptions:
        return _draws(cfg, n_draws, seed, assumptions=False)
    if n_draws < 1:
        raise ConfigError(f"draws={n_draws} is not allowed: need a whole number >= 1")
    table = plausible(cfg)
    defaults = {k: point_default(cfg, k) for k in table.columns}
    rng = np.random.default_rng(np.random.SeedSequence([seed, 20122]))
    rounds = max(1, -(-(n_draws - 1) // len(table)))  # passes through the set that draws 1... need
    order = np.concatenate([rng.permutation(len(table)) for _ in range(rounds)])
    rows = [{"draw": 0, **defaults}]
    for d in range(1, n_draws):
        rows.append({"draw": d, **table.iloc[int(order[d - 1])].to_dict()})
    return pd.DataFrame(rows)


def _draws(cfg: Config, n_draws: int, seed: int, *, assumptions: bool) -> pd.DataFrame:
    if n_draws < 1:
        raise ConfigError(f"draws={n_draws} is not allowed: need a whole number >= 1")
    rng = np.random.default_rng(np.random.SeedSequence([seed, 20121]))
    post = posterior(cfg)
    if cfg.region.name != CALIBRATED_REGION:  # another region keeps its own region settings
        post = post[[c for c in post.columns if not c.startswith("region.")]]
    ranges = assumption_ranges(cfg) if assumptions else {}
    fitted = [k for k in load_ranges(cfg) if cfg.region.name == CALIBRATED_REGION or not k.startswith("region.")]
    defaults = {k: point_default(cfg, k) for k in [*fitted, *ranges]}
    rows = [{"draw": 0, **defaults}]
    for d in range(1, n_draws):
        row = {"draw": d, **defaults}
        if len(post):
            pick = rng.choice(len(post), p=post.weight.to_numpy() / post.weight.sum())
            row.update(post.drop(columns="weight").iloc[pick].to_dict())
        for key, (lo, hi) in ranges.items():
            row[key] = float(rng.uniform(lo, hi))
        rows.append(row)
    return pd.DataFrame(rows)


def draw_values(draws: pd.DataFrame, draw: int) -> dict[str, float]:
    """The parameter values of one draw, as dotted keys."""
    row = draws.loc[draws["draw"] == draw].iloc[0]
    return {k: float(v) for k, v in row.items() if k != "draw"}
