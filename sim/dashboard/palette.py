"""The dashboard's colours: one colour, one meaning, on the map, in every chart and in the guide.

``COLOURS`` is the only place a colour is chosen. Each entry says what the colour means in words
(the legend's and docs/dashboard.md's words), so a reader who learns "red" on the map reads the
same red in the charts: red is always a school without a substantive head, blue always an
executive head, violet always a partnership. Shades of one hue are kinds of one thing (the
violets are partnership forms, light to deep). ``tests/test_dashboard.py`` checks that no colour
means two things and that the guide names the colours with these words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Colour:
    hex: str
    name: str  # the colour in words, as the guide says it ("red")
    means: str  # what it stands for, as the legends say it


COLOURS: dict[str, Colour] = {
    # how a school is led (map dots; the series of the same things)
    "own_head": Colour("#2b8a3e", "green", "own head in post"),
    "executive": Colour("#1864ab", "blue", "led by an executive head"),
    "no_head": Colour("#c92a2a", "red", "without a substantive head"),
    # partnerships (map lines by form; the series of schools in partnerships)
    "informal": Colour("#adb5bd", "grey", "informal partnership"),
    "informal_mou": Colour("#d0bfff", "light violet", "informal partnership with an MoU"),
    "formal": Colour("#9775fa", "violet", "formal collaboration"),
    "structured": Colour("#6741d9", "dark violet", "structured partnership (company or umbrella trust)"),
    "federation": Colour("#e64980", "pink", "federation"),
    "trust": Colour("#a61e4d", "wine", "multi-academy trust"),
    "partnership": Colour("#7950f2", "violet", "small schools in an active partnership"),
    # money by source
    "programme": Colour("#0c8599", "teal", "partnership programme money"),
    "authority": Colour("#e8590c", "orange", "the authority's money (cover, brokering)"),
    "school_budgets": Colour("#8c6d31", "brown", "schools' own budgets"),
    # neutral
    "ink": Colour("#212529", "black", "text and the chosen school's ring"),
}

# Scenarios in the comparison: hues no other meaning uses (the baseline, no programme, in dark grey).
SCENARIO_COLOURS: dict[str, str] = {
    "no_programme": "#495057",
    "revised_one_off": "#f59f00",
    "original_2012": "#22b8cf",
    "recurring_funding": "#82c91e",
    "exec_headship_push": "#5c7cfa",
    "federation_push": "#f783ac",
    "dedicated_leadership": "#66a80f",
    "national_rollout": "#15aabf",
}
SPARE_SCENARIO_COLOURS = ["#868e96", "#ffa94d", "#3bc9db", "#94d82d"]
# The chance of a headship gap on the risk map: light to deep red (red is "without a head").
RISK_COLOURMAP = "Reds"
RISK_FLOOR = 0.12  # the colourmap's start: the lowest chance stays visible on white


def hex_of(key: str) -> str:
    return COLOURS[key].hex


def scenario_colours(scenarios: list[str]) -> dict[str, str]:
    """A colour for each scenario: its own where it has one, else one of the spare hues."""
    spare = iter(SPARE_SCENARIO_COLOURS * (1 + len(scenarios) // len(SPARE_SCENARIO_COLOURS)))
    return {s: SCENARIO_COLOURS.get(s) or next(spare) for s in scenarios}
