"""Every parameter states where its value comes from, and what it quotes is in its document.

Four classes (``sim.state.params.BASES``): a ``figure`` printed in its source document, a
``mechanism`` whose rule the document describes (its size assumed), an ``assumption``, and a
``setting``. Figure quotes must be found in the seed file they cite (whitespace, case and the
form of quote marks aside) and hold every number a derivation starts from; the seed files live in
``../shared/seeds`` beside the repository, which a plain clone lacks (those tests then skip).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

import pytest
import yaml

from experiments import param_table
from scenarios.config import ScenarioConfig
from sim.running import draws as dr
from sim.running.config import RunConfig
from sim.running.validation import check_provenance, validate
from sim.state.errors import ConfigError
from sim.state.params import DOC_000, Params, par
from sim.state.regions import RegionConfig
from tests.conftest import make_config

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
ROOTS = ((Params, "params"), (RegionConfig, "region"), (ScenarioConfig, "scenario"), (RunConfig, "run"))
WORDS = {
    "half": 0.5,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\b(?:" + "|".join(WORDS) + r")\b", re.IGNORECASE)


def walk(cls: type, prefix: str):
    """(key, metadata, default) of every field, nested sections included."""
    for f in fields(cls):
        default = f.default_factory() if callable(f.default_factory) else f.default  # type: ignore[misc]
        if is_dataclass(default):
            yield from walk(type(default), f"{prefix}.{f.name}")
        elif f.metadata:
            yield f"{prefix}.{f.name}", f.metadata, default


def every_field():
    for cls, prefix in ROOTS:
        yield from walk(cls, prefix)


def normal(text: str) -> str:
    """Whitespace, case and the form of quote marks aside."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def numbers(text: str) -> set[float]:
    """Every number in a text, digits or words ('half', 'three'), thousands separators dropped."""
    out = set()
    for token in NUMBER.findall(text):
        word = WORDS.get(token.lower())
        out.add(float(word) if word is not None else float(token.replace(",", "")))
    return out


def seed_text(name: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent (a plain clone): the source documents are not here")
    return normal((SEEDS / name).read_text(encoding="utf-8"))


FIGURES = [(k, m, d) for k, m, d in every_field() if m.get("basis") == "figure"]
QUOTED = [(k, m) for k, m, _ in every_field() if m.get("quote")]


def test_every_parameter_has_a_basis_and_the_shipped_schemas_pass():
    for key, meta, _ in every_field():
        assert meta.get("basis") in ("figure", "mechanism", "assumption", "setting"), key
    validate(make_config())  # the provenance checks accept the shipped configs


@pytest.mark.parametrize(("key", "meta"), QUOTED, ids=[k for k, _ in QUOTED])
def test_every_quote_is_in_its_document(key, meta):
    assert normal(meta["quote"]) in seed_text(meta["src"]), f"{key}: quote not found in {meta['src']}"


@pytest.mark.parametrize(("key", "meta", "default"), FIGURES, ids=[k for k, _, _ in FIGURES])
def test_a_figure_quotes_every_number_its_derivation_starts_from(key, meta, default):
    quoted = numbers(meta["quote"])
    derivation = meta.get("derivation", "")
    if not derivation:
        assert float(default) in quoted, f"{key}={default} is not printed in its quote"
        return
    inputs, *steps = derivation.split("→")
    assert steps, f"{key}: a derivation reads 'inputs → ... → value'"
    missing = numbers(inputs) - quoted
    assert not missing, f"{key}: the derivation starts from {sorted(missing)}, which its quote does not hold"
    result = [float(x.replace(",", "")) for x in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", steps[-1])]
    assert result and result[-1] == pytest.approx(float(default)), f"{key}: the derivation ends at {result}"


UNCERTAIN = [
    (k, m, d)
    for k, m, d in every_field()
    if m.get("basis") in ("mechanism", "assumption") and isinstance(d, (int, float)) and not isinstance(d, bool)
]


def test_calibrated_priors_are_the_calibration_ranges_and_sampled_says_what_draws_do():
    cfg = make_config("region=lincolnshire")
    fitted = yaml.safe_load(dr.RANGES.read_text())
    drawn = {**dr.load_ranges(cfg), **dr.assumption_ranges(cfg)}
    for key, meta, _ in every_field():
        if key in fitted:
            assert tuple(meta["prior"]) == tuple(fitted[key]), key
        if key.startswith(("params.", "region.", "scenario.")):
            assert meta["sampled"].startswith("yes") == (key in drawn), key
        if key in drawn and key not in fitted:
            assert tuple(meta["prior"]) == pytest.approx(drawn[key]), key  # its own prior, nothing else
        assert meta["sampled"].startswith(("yes: ", "no: ")), key
        if meta.get("basis") in ("figure", "setting"):
            assert key not in drawn, key


def test_every_mechanism_and_assumption_is_drawn_over_its_own_prior_or_says_why_not():
    """Every number that is not a document figure or a setting is uncertain: drawn, or held for a stated reason
    (at most 5% of them), each prior with its own reason and inside what keeps its meaning."""
    held = []
    for key, meta, default in UNCERTAIN:
        low, high = meta["prior"]
        assert low <= default <= high, f"{key}: default {default} outside its prior [{low}, {high}]"
        assert len(meta.get("why_prior") or "") > 20, f"{key}: why_prior says too little"
        sampled = meta["sampled"]
        if low < high:
            assert sampled.startswith("yes") or (sampled.startswith("no: ") and len(sampled) > 20), key
            if sampled.startswith("no"):
                held.append(key)
    assert len(held) <= 0.05 * len(UNCERTAIN), f"{len(held)} of {len(UNCERTAIN)} held at their defaults: {held}"


def test_the_csv_and_the_odd_tables_are_generated_from_the_code():
    assert param_table.CSV.read_text(encoding="utf-8") == param_table.parameters_csv(), (
        "docs/parameters.csv is out of date: run python -m experiments.param_table"
    )
    odd = param_table.ODD.read_text(encoding="utf-8")
    assert param_table.render(odd) == odd, "docs/ODD.md tables are out of date: run python -m experiments.param_table"
    header = param_table.CSV.read_text(encoding="utf-8").splitlines()[0]
    assert header == "key,default,lo,hi,prior_lo,prior_hi,basis,source,quote,derivation,sampled"


# ----- the checks refuse an incomplete schema before any run ------------------------------------


@dataclass
class NoBasis:
    rate: float = par(0.1, 0, 1, doc="a rate nobody classified")


@dataclass
class NoPrior:
    rate: float = par(0.1, 0, 1, doc="an assumed rate", basis="assumption")


@dataclass
class PriorOutside:
    share: float = par(
        0.5, 0, 1, DOC_000, "a share", basis="mechanism", quote="a quote", prior=(0.2, 1.5), why_prior="too wide"
    )


@pytest.mark.parametrize(
    ("cls", "message"),
    [
        (NoBasis, r"^params\.test\.rate has no basis"),
        (NoPrior, r"^params\.test\.rate \(assumption\) has no prior range"),
        (PriorOutside, r"^params\.test\.share has prior \[0\.2, 1\.5\] outside its allowed domain \[0, 1\]"),
    ],
)
def test_incomplete_provenance_is_refused_in_one_line_naming_the_key(cls, message):
    with pytest.raises(ConfigError, match=message) as err:
        check_provenance(cls, "params.test")
    assert "\n" not in str(err.value)
