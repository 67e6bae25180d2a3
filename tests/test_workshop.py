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
STRUGGLING, FEDERATED = 100091, 100160  # the two schools the workshop follows


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
        assert (struggling.roll, struggling.religion, struggling.partnerships) == (84, "community", [])
        assert (federated.roll, federated.religion) == (44, "community")
        assert [(p.form.name, len(p.members)) for p in federated.partnerships] == [("INFORMAL", 3)]
    finally:
        release(model)


def test_a_small_school_loses_its_head_and_cannot_appoint(runs):
    """School 100091, no programme: its head leaves in the first term; ten adverts fail; governors turn
    down interim executive heads; a head is appointed in spring 2016 and leaves within the year."""
    ev = at(runs[NO_PROGRAMME], STRUGGLING)
    exits = ev[ev.event == "head_exit"]
    assert list(exits.when[:2]) == ["Autumn 2012", "Autumn 2016"]
    assert list(exits.reason[:2]) == ["moved_away", "left"]
    adverts = ev[(ev.event == "advert") & (ev.term <= 10)]
    assert len(adverts) == 11 and list(adverts.outcome[:10]) == ["no_appointment"] * 10
    assert adverts.applicants[:10].max() <= 2 and (adverts.applicants[:10] == 0).sum() == 3
    assert ((ev.event == "executive_refused") & (ev.term <= 10)).sum() == 5
    filled = ev[ev.event == "vacancy_closed"].iloc[0]
    assert (filled.when, filled.outcome, filled.terms_open, filled.rounds) == ("Spring 2016", "appointed", 11, 11)
    text = " ".join(school_story(runs[NO_PROGRAMME], STRUGGLING).text)
    assert "10 terms after it fell vacant, after 11 adverts" in text
    assert "left headship altogether after 0.7 years" in text


def test_a_partnership_becomes_a_federation_when_the_head_retires(runs):
    """School 100160, no programme: its head retires in summer 2015 and the school joins a federation at
    once (no vacancy, no advert); a term's leave in 2016 is covered by the federation's head of school."""
    ev = at(runs[NO_PROGRAMME], FEDERATED)
    exit_ = ev[ev.event == "head_exit"].iloc[0]
    assert (exit_.when, exit_.reason) == ("Summer 2015", "retirement")
    joined = ev[(ev.event == "head_appointed") & (ev.reason == "federation")]
    assert list(joined.when) == ["Summer 2015"]
    assert not ev.event.isin(["vacancy_opened", "advert"]).any()
    leave = ev[ev.event == "absence_started"].iloc[0]
    assert (leave.when, leave.cover) == ("Summer 2016", "head_of_school")
    grades = ev[ev.event == "inspection"].set_index("when").grade
    assert grades["Summer 2017"] == 4


def test_the_same_luck_under_the_programme(runs):
    """School 100091 under the revised one-off scheme, same seed: the authority proposes an interim
    executive head after every failed advert, governors turn each down, and the post is filled in
    autumn 2014 after seven adverts."""
    ev = at(runs[PROGRAMME], STRUGGLING)
    filled = ev[ev.event == "vacancy_closed"].iloc[0]
    assert (filled.when, filled.rounds) == ("Autumn 2014", 7)
    assert ((ev.event == "executive_refused") & (ev.term <= filled.term)).sum() == 6
