"""A school's succession story, told from the event log in plain sentences.

Used by the trainers' notebook and the dashboard: the head's age and tenure, retirement or move,
the advert and its applicants, appointment or failure, cover, a brokered executive head,
partnership and federation changes, inspections.
"""

from __future__ import annotations

import math

import pandas as pd

REASONS = {
    "retirement": "retired",
    "move": "left for another headship",
    "left": "left headship",
    "executive_change": "stood down when the school federated",
}
COVERS = {
    "deputy": "a teacher acting up",
    "consultant": "a consultant head from the authority",
    "executive": "a partner school's head as interim executive head",
    "head_of_school": "the federation's head of school",
}
GRADES = {1: "outstanding", 2: "good", 3: "requires improvement", 4: "inadequate"}


def _n(value: object) -> int | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else int(value)


def sentence(e: pd.Series) -> str | None:
    """One event as a sentence (None for events the story leaves out)."""
    kind = e["event"]
    age = f" (age {e['age']:.0f})" if pd.notna(e.get("age")) else ""
    if kind == "head_exit":
        tenure = f" after {e['tenure_years']:.1f} years" if pd.notna(e.get("tenure_years")) else ""
        return f"The head{age} {REASONS.get(e['reason'], e['reason'])}{tenure}."
    if kind == "vacancy_opened":
        return f"Headship vacant; meanwhile {COVERS.get(e['cover'], e['cover'])} leads the school."
    if kind == "advert":
        n = _n(e.get("applicants")) or 0
        result = "a head was appointed" if e["outcome"] == "appointed" else "governors made no appointment"
        return f"Advert (round {_n(e.get('round'))}): {n} applicant{'s' if n != 1 else ''}; {result}."
    if kind == "head_appointed":
        if e["reason"] == "executive":
            return f"A nearby school's head{age} became this school's executive head."
        if e["reason"] == "federation":
            return f"The school joined a federation under its executive head{age}."
        return f"New head{age} started."
    if kind == "vacancy_closed":
        return (
            f"Post filled ({e['outcome']}) after {_n(e.get('terms_open'))} term(s) and {_n(e.get('rounds'))} advert(s)."
        )
    if kind == "executive_brokered":
        return f"The authority brokered an interim executive head{age} from a strong nearby school."
    if kind == "executive_refused":
        return "Governors turned down an executive head the authority proposed."
    if kind == "executive_appointed":
        return None  # told by the head_appointed line that comes with it
    if kind == "federation_formed":
        return f"Federation formed ({_n(e.get('members'))} schools, {e['origin']})."
    if kind == "federation_refused":
        return "A federation was proposed but the governors refused."
    if kind == "partnership_formed":
        return f"Joined a new partnership of {_n(e.get('members'))} schools ({e['origin']})."
    if kind == "partnership_dissolved":
        return f"Its partnership ended ({e['reason']})."
    if kind == "partnership_form_changed":
        return f"Partnership deepened to {str(e['form']).replace('_', ' ')}."
    if kind == "partnership_trust_lost":
        return "The change of head cost its partnership trust."
    if kind == "funding_released":
        return f"Partnership start-up money released (£{e['amount']:,.0f})."
    if kind == "absence_started":
        return f"The head{age} went on leave for {_n(e.get('terms'))} term(s); {COVERS.get(e['cover'], e['cover'])} covers."
    if kind == "absence_ended":
        return "The head returned."
    if kind == "inspection":
        prev = f" (previously {GRADES.get(_n(e.get('previous')), '?')})" if pd.notna(e.get("previous")) else ""
        return f"Ofsted: {GRADES.get(_n(e.get('grade')), '?')}{prev}."
    if kind == "cover_changed":
        return f"Cover changed: now {COVERS.get(e['cover'], e['cover'])}."
    return None


def school_story(events: pd.DataFrame | list[dict], urn: int) -> pd.DataFrame:
    """The school's events as a dated, readable timeline (columns date, term, event, text)."""
    df = pd.DataFrame(events)
    if df.empty:
        return pd.DataFrame(columns=["date", "term", "event", "text"])
    mine = df[df["school"] == urn].copy()
    mine["text"] = mine.apply(sentence, axis=1)
    mine = mine[mine["text"].notna()]
    return mine[["date", "term", "event", "text"]].reset_index(drop=True)


def dramatic_school(events: pd.DataFrame | list[dict], band: str = "le110") -> int | None:
    """A school in ``band`` whose first advert failed: a good story for training."""
    df = pd.DataFrame(events)
    if df.empty:
        return None
    failed = df[(df["event"] == "advert") & (df["outcome"] != "appointed") & (df["band"] == band)]
    return int(failed["school"].iloc[0]) if len(failed) else None
