"""The workshop's stories (docs/workshop.md) still happen as the workshop tells them.

The workshop names a seed, a scenario and two schools of the Lincolnshire-like county, and says
what happens to each, term by term. A change to the model that changes those stories fails here:
then choose new stories (see the workshop's "Choosing other stories") and rewrite the page.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sim.analysis.story import school_story
from sim.dashboard.session import date_words
from sim.running.config import compose_config, load_config
from sim.running.run import build_model, release, run_model

WORKSHOP = (Path(__file__).resolve().parent.parent / "docs" / "workshop.md").read_text()
SEED, NO_PROGRAMME, PROGRAMME = 5, "no_programme", "revised_one_off"
STRUGGLING, FEDERATED = 100170, 100103  # the two schools the workshop follows


def _cfg(scenario: str):
    return load_config(compose_config([f"scenario={scenario}", "region=lincolnshire", "run.horizon_years=10"]))


@pytest.fixture(scope="module")
def runs() -> dict[str, pd.DataFrame]:
    return {name: run_model(_cfg(name), seed=SEED).events for name in (NO_PROGRAMME, PROGRAMME)}


def at(events: pd.DataFrame, urn: int) -> pd.DataFrame:
    mine = events[events.school == urn].copy()
    mine["when"] = mine.date.map(date_words)
    return mine


def test_the_workshop_names_its_seed_scenario_and_schools():
    for words in (f"Seed: {SEED}", "No programme", str(STRUGGLING), str(FEDERATED), "run.seed=5"):
        assert words in WORKSHOP, words


@pytest.mark.slow
def test_the_schools_are_small_and_as_described():
    model = build_model(_cfg(NO_PROGRAMME), SEED)
    try:
        schools = {s.urn: s for s in model.schools}
        struggling, federated = schools[STRUGGLING], schools[FEDERATED]
        assert (struggling.roll, struggling.religion, struggling.partnerships) == (23, "VC", [])
        assert (federated.roll, federated.religion, federated.partnerships) == (58, "community", [])
    finally:
        release(model)


def test_a_small_school_loses_its_head_and_cannot_appoint(runs):
    """School 100170, no programme: its head leaves headship in summer 2015; five adverts fail;
    governors turn down four interim executive heads; a head is appointed in spring 2017 and moves on
    to another school of the county two years later."""
    ev = at(runs[NO_PROGRAMME], STRUGGLING)
    exits = ev[ev.event == "head_exit"]
    assert list(exits.when[:3]) == ["Autumn 2012", "Summer 2015", "Spring 2019"]
    assert list(exits.reason[:3]) == ["left", "left", "moved"]
    adverts = ev[(ev.event == "advert") & ev.term.between(8, 13)]
    assert len(adverts) == 6 and list(adverts.outcome[:5]) == ["no_appointment"] * 5
    assert list(adverts.applicants) == [1, 0, 2, 2, 1, 4]
    assert ((ev.event == "executive_refused") & ev.term.between(8, 13)).sum() == 4
    filled = ev[ev.event == "vacancy_closed"].iloc[1]
    assert (filled.when, filled.outcome, filled.rounds) == ("Spring 2017", "appointed", 6)
    text = " ".join(school_story(runs[NO_PROGRAMME], STRUGGLING).text)
    assert "5 terms after it fell vacant, after 6 adverts" in text
    assert "another school in the county after 2.0 years" in text


def test_a_partnership_becomes_a_federation_when_the_head_retires(runs):
    """School 100103, no programme: its head sets up a partnership in 2020, is on leave for two terms,
    retires in summer 2022 and the school joins a federation at once (no vacancy, no advert)."""
    ev = at(runs[NO_PROGRAMME], FEDERATED)
    formed = ev[ev.event == "partnership_formed"].iloc[0]
    assert (formed.when, formed.form, formed.members) == ("Autumn 2020", "informal", 2)
    leave = ev[ev.event == "absence_started"].iloc[0]
    assert (leave.when, leave.cover) == ("Summer 2021", "consultant")
    exit_ = ev[ev.event == "head_exit"]
    assert list(zip(exit_.when, exit_.reason)) == [("Summer 2022", "retirement")]
    joined = ev[(ev.event == "head_appointed") & (ev.reason == "federation")]
    assert list(joined.when) == ["Summer 2022"]
    assert not ev.event.isin(["vacancy_opened", "advert"]).any()
    grades = ev[ev.event == "inspection"].set_index("when").grade
    assert grades["Summer 2015"] == 2


def test_the_same_luck_under_the_programme(runs):
    """School 100170 under the revised one-off scheme, same seed: the same head leaves in summer 2015
    and the same adverts fail; the authority proposes an interim executive head after each failed
    advert, governors turn down two, accept the third in spring 2016, and in autumn 2016 that head is
    made the school's permanent executive head."""
    ev = at(runs[PROGRAMME], STRUGGLING)
    exits = ev[ev.event == "head_exit"]
    assert list(exits.when[:2]) == ["Autumn 2012", "Summer 2015"]
    adverts = ev[(ev.event == "advert") & ev.term.between(8, 12)]
    assert list(adverts.applicants) == [1, 0, 2, 4] and set(adverts.outcome) == {"no_appointment"}
    assert ((ev.event == "executive_refused") & ev.term.between(8, 12)).sum() == 2
    assert list(ev[ev.event == "executive_brokered"].when) == ["Spring 2016"]
    filled = ev[ev.event == "vacancy_closed"].iloc[1]
    assert (filled.when, filled.outcome, filled.rounds) == ("Autumn 2016", "executive", 4)
