"""The dashboard's settings: the fields, the config keys they set, and what typed text means.

``LEVERS`` is the one place where the dashboard meets config keys: every field names its key
there and nowhere else. ``overrides`` turns the fields' values into Hydra overrides and
``levers_from_config`` reads them back from a scenario's file, so a renamed parameter needs one
edit here. Ranges and help texts come from each parameter's own declaration
(``par(default, lo, hi, src, doc)`` in ``sim/state/params.py``, ``scenarios/config.py`` and
``sim/running/config.py``); scenario titles and descriptions come from ``conf/scenario/*.yaml``.

Typed text is parsed here, before any config is built: "20,000", "£20000" and "20k" are twenty
thousand pounds; "nan", "inf", "", "-1" for a seed, or a number outside the allowed range are
refused with a message in the field's own words. Nothing typed reaches the model unchecked.
"""

from __future__ import annotations

import functools
import math
import re
import threading
from dataclasses import dataclass, fields

from scenarios.config import ScenarioConfig
from sim.running.config import CONF_DIR, Config, RunConfig, compose_config, load_config
from sim.state.params import Params

# Hydra's compose API keeps global state: compose one config at a time in this process, whichever
# browser session asks (two sessions pressing Reset together must not interleave).
COMPOSE_LOCK = threading.Lock()


@dataclass(frozen=True)
class Lever:
    name: str  # the dashboard's own key
    label: str  # what the field says
    key: str  # the config key it sets
    kind: str  # money | number | whole | switch
    switch: str | None = None  # money levers: the lever's on/off key (on when the amount is above 0)
    cap: float | None = None  # a tighter upper limit for the dashboard than the parameter allows
    run: bool = False  # a setting of the run (seed, years), kept when the scenario changes
    help: str | None = None  # the dashboard's own wording, where the declaration's doc is about the CLI


# The one table of config keys the dashboard sets. Labels are the dashboard's wording; ranges and
# help come from the keys' declarations.
LEVERS = [
    Lever(
        "seed",
        "Seed",
        "run.seed",
        "whole",
        run=True,
        help="The same seed replays the same luck; another seed, other luck.",
    ),
    Lever(
        "years",
        "Years to run",
        "run.horizon_years",
        "whole",
        cap=40,
        run=True,
        help="From September 2012, three terms a year.",
    ),
    Lever(
        "applicants_small",
        "Pull of small schools on applicants",
        "params.recruitment.small_attractiveness",
        "number",
        help="Applicants a very small school draws relative to a large one (about 0.6: 3 against 4.5 in 2012/13).",
    ),
    Lever(
        "startup_amount",
        "Partnership money per member school (£)",
        "scenario.startup_funding.amount_per_school",
        "money",
        switch="scenario.startup_funding.enabled",
        help="Paid for each school of a partnership in the authority's programme once the partnership's business "
        "plan and MoU are approved; how often, the next field says.",
    ),
    Lever(
        "startup_years",
        "Years the per-school money is paid (1 = once)",
        "scenario.startup_funding.years",
        "whole",
        help="1: paid once, when the partnership's plan is approved; more: paid again every year the partnership "
        "lasts, up to this many years.",
    ),
    Lever(
        "premium",
        "Yearly premium per partnership (£)",
        "scenario.premium.amount_per_partnership",
        "money",
        switch="scenario.premium.enabled",
    ),
    Lever("grouping", "The authority groups schools into partnerships", "scenario.grouping.enabled", "switch"),
    Lever("broker", "The authority brokers executive heads", "scenario.broker_executive.enabled", "switch"),
    Lever(
        "broker_after",
        "Failed adverts before the authority brokers",
        "scenario.broker_executive.after_rounds",
        "whole",
        help="How many adverts must fail before the authority offers a strong nearby head as executive head "
        "(0: at once).",
    ),
    Lever(
        "before_advert",
        "Offer every vacancy to a nearby head before advertising",
        "scenario.broker_executive.before_advert",
        "switch",
        help="Executive headship as the first answer: a strong nearby head is asked to lead the school as "
        "executive head before any advert (with brokering on).",
    ),
    Lever(
        "federation",
        "The authority encourages federation",
        "scenario.federation_incentive.enabled",
        "switch",
    ),
    Lever("dedicated", "Funded dedicated partnership leadership", "scenario.dedicated_leadership.enabled", "switch"),
    Lever("adviser", "A shared adviser for every partnership", "scenario.adviser.enabled", "switch"),
]
LEVER_BY_NAME = {lever.name: lever for lever in LEVERS}
# Keys the dashboard sets on every run besides the levers (one model, termly rows for the charts).
FIXED_OVERRIDES = ["run.n_seeds=1", "run.termly=true", "run.agent_data=false", "run.figure=false"]

HIDDEN_SCENARIOS = {"baseline"}  # the CLI's default name for revised_one_off: not listed twice
READING_ORDER = [
    "no_programme",
    "revised_one_off",
    "original_2012",
    "recurring_funding",
    "exec_headship_push",
    "federation_push",
    "dedicated_leadership",
    "national_rollout",
]
REGIONS = {"lincolnshire": "Lincolnshire-like county (276 schools)", "small": "Small test county (40 schools)"}
DEFAULT_SCENARIO = "revised_one_off"
DEFAULT_SEED = 42
DEFAULT_YEARS = 20


def scenario_ids() -> list[str]:
    """Scenario files in ``conf/scenario``, in the order a policymaker reads them."""
    found = sorted(p.stem for p in (CONF_DIR / "scenario").glob("*.yaml") if p.stem not in HIDDEN_SCENARIOS)
    return [s for s in READING_ORDER if s in found] + [s for s in found if s not in READING_ORDER]


# ----- reading typed text ----------------------------------------------------------------------
class InputError(ValueError):
    """A value typed into a field that cannot be used; the message names the field."""


def _plain(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,g}"


def parse_number(
    text: object, label: str, lo: float | None, hi: float | None, *, whole: bool = False, money: bool = False
) -> float | int:
    """A number typed by a person: "20,000", "£20000", "20k", "1.5m" (raises InputError in plain words)."""
    label = label.removesuffix(" (£)")
    example = example_value(lo, hi, whole=whole, money=money)
    if isinstance(text, bool):
        raise InputError(f"{label}: enter a number, for example {example}")
    if isinstance(text, (int, float)):
        value, shown = float(text), str(text)
    else:
        shown = str(text if text is not None else "").strip()
        cleaned = re.sub(r"[£,_\s]", "", shown).lower()
        factor = 1.0
        if cleaned.endswith("k"):
            factor, cleaned = 1e3, cleaned[:-1]
        elif cleaned.endswith("m") and money:
            factor, cleaned = 1e6, cleaned[:-1]
        if not cleaned:
            raise InputError(f"{label}: enter a number, for example {example}")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?", cleaned):
            raise InputError(f"{label}: '{shown}' is not a number; type digits, for example {example}")
        value = float(cleaned) * factor
    if not math.isfinite(value):
        raise InputError(f"{label}: '{shown}' is not a number; type digits, for example {example}")
    if whole and not value.is_integer():
        raise InputError(f"{label} must be a whole number (you typed {shown})")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise InputError(f"{label} must be {span(lo, hi, money)} (you typed {shown})")
    return int(value) if whole else value


def example_value(lo: float | None, hi: float | None, *, whole: bool = False, money: bool = False) -> str:
    """A value to quote as "for example", always inside the allowed range (the middle of it if need be)."""
    value = 20000.0 if money else 42.0 if whole else 0.5
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        a = lo if lo is not None else (hi - 1 if hi is not None else 0.0)
        b = hi if hi is not None else a + 1
        value = (a + b) / 2
        value = float(round(value)) if whole or money else float(f"{value:.2g}")
        value = min(max(value, a), b)
    return f"{value:,.0f}" if money else _plain(value)


def lever_example(lever: Lever) -> str:
    """The "for example" a field's messages quote (inside its range)."""
    return example_value(*lever_range(lever), whole=lever.kind == "whole", money=lever.kind == "money")


def span(lo: float | None, hi: float | None, money: bool = False) -> str:
    unit = "£" if money else ""
    if lo is not None and hi is not None:
        return f"from {unit}{_plain(lo)} to {unit}{_plain(hi)}"
    if lo is not None:
        return f"at least {unit}{_plain(lo)}"
    return f"at most {unit}{_plain(hi)}" if hi is not None else "any number"


def _declaration(key: str):
    """The dataclass field a dotted config key names, and the dataclass holding it."""
    root, *parts = key.split(".")
    obj = {"params": Params(), "scenario": ScenarioConfig(), "run": RunConfig()}[root]
    for part in parts[:-1]:
        obj = getattr(obj, part)
    return {f.name: f for f in fields(obj)}[parts[-1]], type(obj)


def lever_range(lever: Lever) -> tuple[float | None, float | None]:
    """The allowed range: the parameter's declared one (``par(default, lo, hi)``), within the dashboard's cap."""
    if lever.kind == "switch":
        return None, None
    meta = _declaration(lever.key)[0].metadata
    lo, hi = meta.get("lo"), meta.get("hi")
    if lever.cap is not None:
        hi = lever.cap if hi is None else min(hi, lever.cap)
    return lo, hi


def _sentence(text: str) -> str:
    """A declaration's doc as a sentence, without the source-document shorthand ("000: ...")."""
    text = re.sub(r"\b00\d(_[0-9a-f]+\.txt)?(/00\d)?:\s*", "", text.strip())
    text = re.sub(r"\s*\((00\d(_[0-9a-f]+\.txt)?[;,\s]*)+\)", "", text)
    text = text.replace("<=", "≤").replace(">=", "≥")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def lever_help(lever: Lever) -> str:
    """One line under the field, from the key's declaration: what it means and the allowed range."""
    decl, holder = _declaration(lever.key)
    doc = lever.help or decl.metadata.get("doc", "")
    if not lever.help and lever.kind in ("switch", "money") and holder.__doc__ and lever.key.startswith("scenario."):
        doc = holder.__doc__.strip().splitlines()[0]  # the lever's own description, not "switch this lever on"
    text = _sentence(doc)
    if lever.kind != "switch":
        text += f" Allowed: {span(*lever_range(lever), lever.kind == 'money')}."
        if lever.kind == "money":
            text += " 0 switches it off."
    return text.strip()


def parse_field(name: str, text: object) -> object:
    """The value of one dashboard field; raises InputError."""
    lever = LEVER_BY_NAME[name]
    if lever.kind == "switch":
        return bool(text)
    return parse_number(
        text, lever.label, *lever_range(lever), whole=lever.kind == "whole", money=lever.kind == "money"
    )


def shown(name: str, value: object) -> object:
    """How a value is shown in its field (money with thousands separators)."""
    lever = LEVER_BY_NAME.get(name)
    if lever is None:
        return value
    if lever.kind == "switch":
        return bool(value)
    if lever.kind == "money":
        return f"{float(value):,.0f}"
    if lever.kind == "whole":
        return str(int(value))
    return f"{float(value):g}"


def parse_settings(draft: dict) -> tuple[dict, dict[str, str]]:
    """Parsed settings and the message of every field that cannot be used."""
    values, errors = {}, {}
    for name, text in draft.items():
        if name not in LEVER_BY_NAME:
            values[name] = text
            continue
        try:
            values[name] = parse_field(name, text)
        except InputError as err:
            errors[name] = str(err)
    return values, errors


# ----- settings <-> config ---------------------------------------------------------------------
def lever_overrides(values: dict) -> list[str]:
    """Hydra overrides for the fields' values (the only place fields meet config keys)."""
    out = []
    for lever in LEVERS:
        if lever.name not in values:
            continue
        v = values[lever.name]
        if lever.kind == "switch":
            out.append(f"{lever.key}={str(bool(v)).lower()}")
        elif lever.kind == "money":
            out.append(f"{lever.switch}={str(float(v) > 0).lower()}")
            out.append(f"{lever.key}={float(v)}")
        elif lever.kind == "whole":
            out.append(f"{lever.key}={int(v)}")
        else:
            out.append(f"{lever.key}={float(v)}")
    return out


def overrides(settings: dict) -> list[str]:
    """Every Hydra override for one dashboard run."""
    return [
        f"scenario={settings['scenario']}",
        f"region={settings['region']}",
        *FIXED_OVERRIDES,
        *lever_overrides(settings),
    ]


def compose(overrides_: list[str]) -> Config:
    """A typed, validated config (raises ConfigError naming the key); one composition at a time."""
    with COMPOSE_LOCK:
        return load_config(compose_config(overrides_))


def _key(settings: dict) -> tuple:
    return tuple(sorted((k, v) for k, v in settings.items()))


@functools.lru_cache(maxsize=64)
def _config(key: tuple) -> Config:
    return compose(overrides(dict(key)))


def config_from_settings(settings: dict) -> Config:
    """Typed, validated config from parsed settings (cached; raises ConfigError naming the key).

    The cached config is shared between sessions: nothing may change it in place.
    """
    return _config(_key(settings))


def _get(cfg: Config, key: str):
    obj = cfg
    for part in key.split("."):
        obj = getattr(obj, part)
    return obj


def levers_from_config(cfg: Config) -> dict:
    """Every lever's value as the config (e.g. a scenario's file) sets it; money is 0 when switched off."""
    out = {}
    for lever in LEVERS:
        if lever.run:
            continue
        value = _get(cfg, lever.key)
        if lever.kind == "money":
            value = float(value) if _get(cfg, lever.switch) else 0.0
        out[lever.name] = value
    return out


@functools.lru_cache(maxsize=32)
def scenario_file(name: str, region: str = "lincolnshire") -> Config:
    """A scenario exactly as its file sets it (cached: composing takes a few tenths of a second)."""
    return compose([f"scenario={name}", f"region={region}"])


def scenario_settings(name: str, region: str = "lincolnshire") -> dict:
    """Every lever filled from the scenario's file."""
    return levers_from_config(scenario_file(name, region))


def scenario_description(name: str) -> str:
    """The scenario's one-sentence ``description`` from its file."""
    try:
        return scenario_file(name).scenario.description or scenario_title(name)
    except Exception:  # noqa: BLE001 - a broken scenario file must not break the page
        return scenario_title(name)


def scenario_title(name: str) -> str:
    """A scenario's short name for menus and legends (its id in words when it has none here); a comparison's
    budget and targeting variants (``<scenario>_cap<B>``, ``<scenario>_top<N>``) say what they add."""
    variant = re.fullmatch(r"(.+)_(cap|top)(\d+)", name)
    if variant and variant.group(1) in scenario_ids():
        base, kind, n = variant.group(1), variant.group(2), int(variant.group(3))
        added = f"within {_money(n)} a year" if kind == "cap" else f"money for the {n} schools most at risk"
        return f"{scenario_title(base)}, {added}"
    return TITLES.get(name) or name.replace("_", " ").capitalize()


def has_programme_money(name: str, region: str = "lincolnshire") -> bool:
    """Whether a scenario pays programme money (start-up, premium, dedicated leadership, advisers): the
    scenarios a comparison's budget and targeting variants are made of."""
    from scenarios.levers import smallest_commitment

    return smallest_commitment(scenario_file(name, region).scenario) is not None


# Short titles for menus and legends; the full sentence is the file's description.
TITLES = {
    "no_programme": "No programme",
    "revised_one_off": "Revised one-off scheme",
    "original_2012": "Original 2012 proposal",
    "recurring_funding": "Recurring funding",
    "exec_headship_push": "Executive-headship push",
    "federation_push": "Federation push",
    "dedicated_leadership": "Dedicated partnership leadership",
    "national_rollout": "National roll-out",
}


def default_settings(scenario: str = DEFAULT_SCENARIO, region: str = "lincolnshire") -> dict:
    return {
        "scenario": scenario,
        "region": region,
        "seed": DEFAULT_SEED,
        "years": DEFAULT_YEARS,
        **scenario_settings(scenario, region),
    }


def with_scenario(settings: dict, scenario: str) -> dict:
    """``settings`` with every lever refilled from ``scenario``'s file (seed, years and region kept)."""
    return {**settings, "scenario": scenario, **scenario_settings(scenario, settings.get("region", "lincolnshire"))}


def draft_from_settings(settings: dict) -> dict:
    """What the fields show for parsed settings."""
    return {k: shown(k, v) for k, v in settings.items()}


def same_settings(a: dict, b: dict) -> bool:
    """Equal up to float rounding (a field shows "20,000" for 20000.0)."""
    if set(a) != set(b):
        return False
    for k in a:
        x, y = a[k], b[k]
        if isinstance(x, (int, float)) and isinstance(y, (int, float)) and not isinstance(x, bool):
            if not math.isclose(float(x), float(y), rel_tol=1e-9, abs_tol=1e-9):
                return False
        elif x != y:
            return False
    return True


def describe_value(name: str, value: object) -> str:
    lever = LEVER_BY_NAME[name]
    if lever.kind == "switch":
        return "on" if value else "off"
    if lever.kind == "money":
        return f"£{float(value):,.0f}"
    return _plain(float(value))


def changes_from_scenario(settings: dict) -> list[str]:
    """The levers ``settings`` sets differently from its scenario's file, in plain words."""
    try:
        file = scenario_settings(settings["scenario"], settings.get("region", "lincolnshire"))
    except Exception:  # noqa: BLE001
        return []
    out = []
    for name, value in file.items():
        if name in settings and not same_settings({name: settings[name]}, {name: value}):
            label = LEVER_BY_NAME[name].label.removesuffix(" (£)")
            out.append(f"{label}: {describe_value(name, settings[name])} (scenario: {describe_value(name, value)})")
    return out


def caption(settings: dict, full: bool = True) -> str:
    """Scenario and seed in a chart's words, noting levers changed from the scenario's file.

    ``full`` names each changed lever with its value (the sidebar, downloads); otherwise only how
    many, so a title keeps its length and size whatever is typed (the charts on screen).
    """
    title = scenario_title(settings["scenario"])
    changed = changes_from_scenario(settings)
    if not changed:
        return f"{title}, seed {settings['seed']}"
    if full:
        return f"{title}, seed {settings['seed']} (levers changed: {'; '.join(changed)})"
    return f"{title} with {len(changed)} lever{'s' if len(changed) != 1 else ''} changed, seed {settings['seed']}"


# ----- what a scenario changes, and what the fields change from it ----------------------------
NO_PROGRAMME = "no_programme"  # the reference every scenario's changes are shown against


def lever_marks(draft_values: dict, scenario: str, region: str = "lincolnshire") -> dict[str, str]:
    """A short note per lever field: set by the scenario (differs from no programme), or changed by you.

    ``draft_values`` are parsed field values; a field that differs from the scenario's file says
    so with the file's value, so the "Restore the scenario's values" button has something to undo.
    """
    try:
        file = scenario_settings(scenario, region)
        none = scenario_settings(NO_PROGRAMME, region)
    except Exception:  # noqa: BLE001 - a broken scenario file must not break the page
        return {}
    marks = {}
    for name, value in file.items():
        here = draft_values.get(name, value)
        if not same_settings({name: here}, {name: value}):
            marks[name] = f"✎ Changed from this scenario's {describe_value(name, value)}."
        elif scenario != NO_PROGRAMME and not same_settings({name: value}, {name: none[name]}):
            marks[name] = f"● Set by this scenario (no programme: {describe_value(name, none[name])})."
    return marks


def _money(x: float) -> str:
    return f"£{float(x):,.0f}"


def _rounds(n: int) -> str:
    return f"{n} failed advert{'s' if n != 1 else ''}"


# Each policy lever's settings in a sentence (the scenario's own numbers); a lever missing here is
# described by its declaration's first line.
LEVER_SENTENCES = {
    "grouping": lambda c: (
        f"The authority groups schools of up to {c.max_roll:,} pupils into partnerships of about {c.norm} "
        f"(at most {c.cap})"
        + (f", legally bound for {c.commitment_years} years" if c.commitment_years else "")
        + (" (pairs of willing neighbours)" if c.mode == "self_organised" else "")
    ),
    "startup_funding": lambda c: (
        f"{_money(c.amount_per_school)} per member school when its partnership's plan is approved"
        + (", paid once" if c.years == 1 else f", paid again every year the partnership lasts, up to {c.years} years")
        + (f", for plans approved up to {c.end_year}/{str(c.end_year + 1)[2:]}" if c.end_year else "")
    ),
    "premium": lambda c: f"A premium of {_money(c.amount_per_partnership)} per partnership every year",
    "lump_sum": lambda c: (
        f"The formula lump sum rises to {_money(c.lump_sum)} for every school"
        + (" (paid from the schools' own block: no new money)" if c.mode == "redistribute" else " (new money)")
    ),
    "broker_executive": lambda c: (
        "Every vacancy is first offered to a strong nearby head as executive head, before any advert"
        if c.before_advert
        else "The authority brokers an executive head from a strong nearby school "
        + ("at once when a post falls vacant" if c.after_rounds == 0 else f"after {_rounds(c.after_rounds)}")
    ),
    "dedicated_leadership": lambda c: (
        f"Dedicated partnership leadership time, {_money(c.cost_per_partnership)} a year per partnership"
    ),
    "adviser": lambda c: f"A shared adviser for every partnership, {_money(c.cost_per_partnership)} a year each",
    "collaboration_in_appointments": lambda c: (
        f"Collaboration written into heads' appointments: a change of head costs {c.trust_loss_factor:.0%} of "
        "the partnership trust it otherwise would"
    ),
    "digital_contact": lambda c: f"Digital contact: distance counts {c.travel_factor:.0%} as much",
    "federation_incentive": lambda c: (
        f"Federation encouraged: {_plain(c.proposal_factor)} times as many proposals"
        + (
            f"; the authority proposes federation after {_rounds(c.trigger_after_rounds)}"
            if c.trigger_after_rounds
            else ""
        )
    ),
    "shared_posts": lambda c: (
        f"A shared business manager and SENCO in every partnership, {_money(c.cost_per_school)} per school a year"
    ),
}


def lever_sentence(section: str, lever: object) -> str:
    """One policy lever of a scenario in a plain sentence, with the years it applies if not the whole run."""
    words = LEVER_SENTENCES.get(section)
    if words is not None:
        text = words(lever)
    else:
        text = _sentence(re.sub(r"\s*\([^)]*\)", "", (type(lever).__doc__ or section).strip().splitlines()[0]))
        text = text.removesuffix(".")
    default = type(lever)()
    if lever.start_year != default.start_year:
        text += f", from {lever.start_year}/{str(lever.start_year + 1)[2:]}"
    if lever.end_year is not None and section != "startup_funding":
        text += f", until {lever.end_year}/{str(lever.end_year + 1)[2:]}"
    return text + "."


def scenario_summary(name: str, region: str = "lincolnshire", values: dict | None = None) -> list[str]:
    """What a scenario does beyond no programme, one plain sentence per policy lever.

    From the scenario's file, or with ``values`` (parsed fields) from the config they build, so the
    sentences follow the fields. Every lever section that differs from no programme is said with
    its own numbers: a setting the fields do not show (a lump sum, an end year) is still visible.
    """
    from scenarios.config import LEVER_NAMES

    cfg = (
        scenario_file(name, region)
        if values is None
        else config_from_settings({"scenario": name, "region": region, **values})
    )
    base = scenario_file(NO_PROGRAMME, region).scenario
    lines = []
    for section in LEVER_NAMES:
        mine, theirs = getattr(cfg.scenario, section), getattr(base, section)
        if mine == theirs or not (mine.enabled or theirs.enabled):  # the same, or off in both
            continue
        if mine.enabled:
            lines.append(lever_sentence(section, mine))
        else:
            lines.append(f"Not used here (on with no programme): {lever_sentence(section, theirs)}")
    return lines


# How the validation's warnings name a lever section in the sidebar's words (keys with a field
# are named by the field's label).
SECTION_WORDS = {
    "scenario.grouping": "grouping schools into partnerships",
    "scenario.startup_funding": "the per-school partnership money",
    "scenario.premium": "the yearly premium",
    "scenario.federation_incentive": "encouraging federation",
    "scenario.broker_executive": "brokering executive heads",
    "scenario.collaboration_in_appointments": "collaboration in appointments",
    "scenario.digital_contact": "digital contact",
}


def plain_warning(text: str) -> str:
    """A validation warning with config keys replaced by the fields' labels and the sections' words."""
    text = text.removeprefix("warning: ")
    for lever in sorted(LEVERS, key=lambda lv: -len(lv.key)):
        text = re.sub(rf"\b{re.escape(lever.key)}=", f"'{lever.label.removesuffix(' (£)')}' = ", text)
        text = re.sub(rf"\b{re.escape(lever.key)}\b", f"'{lever.label.removesuffix(' (£)')}'", text)
    for key, words in sorted(SECTION_WORDS.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(
            rf"\b{re.escape(key)}\.([a-z_]+)=", lambda m, w=words: f"{w} ({m.group(1).replace('_', ' ')}) = ", text
        )
        text = re.sub(rf"\b{re.escape(key)}\b", words, text)
    text = text.replace("run.start_year=", "the run's first year = ")
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def lever_warnings(values: dict) -> list[str]:
    """What the validation says about levers that are allowed but idle or contradictory, in the fields' words.

    Asks ``sim.running.validation.lever_warnings`` of the typed config the fields would build;
    settings that do not build give no warnings here (the fields and Reset say what is wrong).
    """
    from sim.running.validation import lever_warnings as check

    try:
        cfg = config_from_settings(values)
    except Exception:  # noqa: BLE001 - refused settings are reported by Reset, not here
        return []
    return [plain_warning(str(w)) for w in check(cfg)]
