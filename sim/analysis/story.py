"""A school's succession story, told from the event log in plain sentences.

Used by the trainers' notebook, the workshop (docs/workshop.md) and the dashboard: the head's age
and tenure, retirement or move, the advert and its applicants, appointment or failure, cover, an
executive head (brokered by the authority's programme or ad hoc), partnership and federation
changes, inspections. Every event kind and every code the mechanisms log (reason, origin,
outcome, cover, form) has a plain phrase in the tables below, so no code word reaches a reader;
``tests/test_story.py`` finds every ``model.log`` call and code value in ``sim/`` and
``scenarios/`` and fails on one without a phrase here.
"""

from __future__ import annotations

import math

import pandas as pd

# head_exit reasons (sim/mechanisms: retirement, moves, wellbeing, headship, federation, executive)
REASONS = {
    "retirement": "retired",
    "moved_away": "left for a headship outside the county",
    "moved": "moved to the headship of another school in the county",
    "left": "left headship altogether",
    "executive_change": "stood down when the school joined a federation led by another school's head",
    "stood_down": "stopped leading this school and kept only their own school",
}
# head_appointed reasons
APPOINTED = {
    "appointed": "A new head{age} started",
    "moved_in": "A head{age} moved here from another school in the county",
    "executive": "A nearby school's head{age} became this school's executive head, leading both schools",
    "federation": "The school joined a federation under its executive head{age}",
}
# who leads a school without its head (sim.state.agents.Cover)
COVERS = {
    "deputy": "a teacher acting up as head",
    "consultant": "a consultant head from the authority",
    "executive": "an interim executive head from a nearby school",
    "head_of_school": "the federation's head of school",
}
# cover_changed reasons
COVER_CHANGES = {"executive_left": "The interim executive head left"}
# advert outcomes
ADVERT_OUTCOMES = {"appointed": "the governors appointed a head", "no_appointment": "the governors made no appointment"}
# vacancy_closed outcomes
FILLED = {
    "appointed": "The post was filled by a new head",
    "executive": "The interim executive head was made the school's permanent executive head",
    "federation": "The vacancy ended when the school joined a federation under an executive head",
}
# executive_appointed reasons: how a nearby head came to lead the school without an advert
EXECUTIVE_ROUTES = {
    "partner_head_at_vacancy": "No advert was needed: the governors offered the headship to the head of a "
    "partner school, who now leads both schools",
    "authority_default": "No advert was needed: the authority's policy offers every vacancy first to a strong "
    "nearby head, who now leads both schools",
}
# executive_brokered reasons: the authority's programme, or now and then without one (as before 2012)
BROKERED = {
    "policy": "Under the authority's programme, it brokered an interim executive head{age} from a strong nearby "
    "school after the failed advert",
    "ad_hoc": "With no brokering programme in place, the authority still found an interim executive head{age} "
    "from a strong nearby school, as it did now and then before 2012",
}
# federation_formed / federation_refused origins
FEDERATION_ORIGINS = {
    "vacancy": "when the headship fell vacant",
    "authority_trigger": "by the authority after repeated failed adverts",
    "shared_head": "because the schools already shared a head",
    "poor_results": "after weak results",
}
# federation_separated reasons
SEPARATED = {"head_left": "when its executive head left", "separated": "as the schools chose to go their own ways"}
# partnership_formed origins
PARTNERSHIP_ORIGINS = {
    "assigned": "The authority grouped the school into a new partnership of {n} schools under its programme",
    "self_organised": "The school paired up with willing neighbours in a new partnership of {n} schools under the "
    "authority's programme",
    "ad_hoc": "Its head and a nearby head set up an informal partnership of {n} schools on their own initiative",
}
# partnership_dissolved reasons
DISSOLVED = {
    "regrouped": "Its partnership was replaced when the authority regrouped schools into the programme's clusters",
    "too_few": "Its partnership ended: too few schools were left in it",
    "faded": "Its partnership faded away: the schools had stopped working together",
}
# partnership forms (sim.state.agents.Form, lower case)
FORMS = {
    "none": "no partnership",
    "informal": "an informal partnership",
    "informal_mou": "an informal partnership with a memorandum of understanding",
    "formal": "a formal collaboration",
    "structured": "a structured partnership, run as a company or umbrella trust",
    "federation": "a federation",
    "trust": "a multi-academy trust",
}
GRADES = {1: "outstanding", 2: "good", 3: "requires improvement", 4: "inadequate"}

# Every event kind the model logs, in plain words (what the dashboard's event filter may show).
EVENT_KINDS = {
    "head_exit": "a head left",
    "head_appointed": "a head was appointed",
    "vacancy_opened": "a headship fell vacant",
    "vacancy_closed": "a vacant headship was filled",
    "advert": "an advert for a head",
    "cover_changed": "the cover changed",
    "absence_started": "the head went on leave",
    "absence_ended": "the head returned",
    "executive_appointed": "a nearby head took the school on without an advert",
    "executive_brokered": "an interim executive head was brokered",
    "executive_refused": "governors refused an executive head",
    "federation_formed": "a federation was formed",
    "federation_refused": "governors refused a federation",
    "federation_separated": "a federation separated",
    "partnership_formed": "a partnership was formed",
    "partnership_joined": "a school joined a partnership",
    "partnership_dissolved": "a partnership ended",
    "partnership_form_changed": "a partnership changed form",
    "partnership_split": "a partnership split",
    "partnership_trust_lost": "a change of head cost a partnership trust",
    "funding_released": "partnership money was released",
    "programme_committed": "the programme committed money to the school's partnership within its budget",
    "programme_declined": "the programme declined money for the school's partnership (its budget was spent, "
    "or the partnership held none of the schools it targets)",
    "inspection": "an Ofsted inspection",
}


PROGRAMME_MONEY = {
    "startup": "start-up money",
    "premium": "the yearly partnership premium",
    "dedicated_leadership": "money for dedicated leadership time",
    "adviser": "money for a shared adviser",
}


def _n(value: object) -> int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value)


def _words(table: dict, value: object) -> str:
    """The plain phrase for a code; an unknown code as words (never a code word in a sentence)."""
    return table.get(value, "unknown" if value is None else str(value).replace("_", " "))


def _plural(n: int | None, word: str) -> str:
    n = n or 0
    return f"{n} {word}{'' if n == 1 else 's'}"


def _after(terms_open: int | None, rounds: int | None) -> str:
    """'the term after it fell vacant, after 2 adverts' (terms_open counts the term it fell vacant as 1)."""
    if terms_open is None or terms_open <= 1:
        when = "in the term it fell vacant"
    elif terms_open == 2:
        when = "the term after it fell vacant"
    else:
        when = f"{terms_open - 1} terms after it fell vacant"
    return f"{when}, after {_plural(rounds, 'advert')}" if rounds else when


def sentence(e: pd.Series) -> str | None:
    """One event as a sentence (None only for an event kind this module does not know)."""
    kind = e["event"]

    def get(key: str) -> object:
        value = e.get(key)
        return None if value is None or (not isinstance(value, (str, bool)) and pd.isna(value)) else value

    age = f" (age {get('age'):.0f})" if pd.notna(get("age")) else ""
    if kind == "head_exit":
        reason = get("reason")
        if reason == "stood_down":
            why = ", because their federation separated" if get("federation_separated") is True else ""
            return f"The executive head{age} it shared with another school {REASONS['stood_down']}{why}; the post fell vacant."
        tenure = f" after {get('tenure_years'):.1f} years in post" if pd.notna(get("tenure_years")) else ""
        return f"The head{age} {_words(REASONS, reason)}{tenure}."
    if kind == "head_appointed":
        text = _words(APPOINTED, get("reason")).format(age=age)
        others = _n(get("schools_led")) or 1
        if get("reason") == "appointed" and others > 1:
            text += f", leading this school and {_plural(others - 1, 'other school')} of its federation"
        return text + "."
    if kind == "vacancy_opened":
        return f"The headship fell vacant; meanwhile {_words(COVERS, get('cover'))} leads the school."
    if kind == "vacancy_closed":
        return f"{_words(FILLED, get('outcome'))} {_after(_n(get('terms_open')), _n(get('rounds')))}."
    if kind == "advert":
        return (
            f"Advert, round {_n(get('round')) or 1}: {_plural(_n(get('applicants')), 'applicant')}; "
            f"{_words(ADVERT_OUTCOMES, get('outcome'))}."
        )
    if kind == "cover_changed":
        lead = COVER_CHANGES.get(get("reason"), "The cover changed")
        return f"{lead}; now {_words(COVERS, get('cover'))} leads the school."
    if kind == "absence_started":
        return (
            f"The head{age} went on leave for {_plural(_n(get('terms')), 'term')}; "
            f"meanwhile {_words(COVERS, get('cover'))} covers."
        )
    if kind == "absence_ended":
        return "The head returned from leave."
    if kind == "executive_appointed":
        return f"{_words(EXECUTIVE_ROUTES, get('reason'))}."
    if kind == "executive_brokered":
        return f"{_words(BROKERED, get('reason')).format(age=age)}."
    if kind == "executive_refused":
        return (
            f"An interim executive head{age} the authority proposed was turned down by the governors "
            "of this school or of the head's own school."
        )
    if kind == "federation_formed":
        what = "a multi-academy trust" if get("form") == "trust" else "a federation"
        return (
            f"The school led {what} of {_plural(_n(get('members')), 'school')} under one governing body and "
            f"its head{age} as executive head, formed {_words(FEDERATION_ORIGINS, get('origin'))}."
        )
    if kind == "federation_refused":
        return f"A federation was proposed {_words(FEDERATION_ORIGINS, get('origin'))}, but the governors refused."
    if kind == "federation_separated":
        return (
            f"Its federation of {_plural(_n(get('members')), 'school')} separated {_words(SEPARATED, get('reason'))}; "
            "each school has its own governing body again."
        )
    if kind == "partnership_formed":
        return f"{_words(PARTNERSHIP_ORIGINS, get('origin')).format(n=_n(get('members')))}."
    if kind == "partnership_joined":
        return f"The school joined a nearby informal partnership, now of {_plural(_n(get('members')), 'school')}."
    if kind == "partnership_dissolved":
        return f"{_words(DISSOLVED, get('reason'))}."
    if kind == "partnership_form_changed":
        to = _words(FORMS, get("form"))
        if pd.notna(get("from_form")):
            return f"Its partnership grew from {_words(FORMS, get('from_form'))} into {to}."
        return f"Its partnership became {to}."
    if kind == "partnership_split":
        return (
            f"Its partnership split in two: {_plural(_n(get('new_members')), 'school')}, this one among them, "
            f"left to form their own and {_n(get('members'))} stayed."
        )
    if kind == "partnership_trust_lost":
        return "The change of head cost its partnership some trust."
    if kind == "funding_released":
        return f"The authority released £{get('amount'):,.0f} of partnership start-up money."
    if kind in ("programme_committed", "programme_declined"):
        what = PROGRAMME_MONEY.get(get("outcome"), "programme money")
        amount = f" of £{get('amount'):,.0f}" if get("amount") is not None else ""
        if kind == "programme_committed":
            return f"The programme committed {what}{amount} to its partnership within the year's budget."
        why = (
            "none of its schools is among those the programme targets"
            if get("reason") == "not_targeted"
            else ("the year's budget was spent")
        )
        return f"The programme declined {what}{amount} for its partnership: {why}."
    if kind == "inspection":
        previous = _n(get("previous"))
        prev = f", previously {GRADES.get(previous, 'not graded')}" if previous is not None else ""
        return f"Ofsted inspection: {GRADES.get(_n(get('grade')), 'not graded')}{prev}."
    return None


def _with_context(df: pd.DataFrame) -> pd.DataFrame:
    """Add what one row cannot say alone: how many schools a head was appointed to at once (a federation's
    new head) and whether an executive head stood down because their federation separated that term."""
    df = df.copy()
    appointed = df[df["event"] == "head_appointed"]
    if len(appointed):
        led = appointed.groupby(["head", "term"])["school"].transform("count")
        df.loc[led.index, "schools_led"] = led
    if "reason" in df:
        stood = df[(df["event"] == "head_exit") & (df["reason"] == "stood_down")]
        separated = df[df["event"] == "federation_separated"]
        if len(stood) and len(separated):
            by_head = df[df["event"].isin(["head_appointed", "federation_formed"])].groupby("head")["school"]
            schools_of = {head: set(s) for head, s in by_head}
            df["federation_separated"] = pd.Series(dtype=object)
            for i, row in stood.iterrows():
                split = separated[separated["term"] == row["term"]]["school"]
                df.at[i, "federation_separated"] = bool(schools_of.get(row["head"], set()) & set(split))
    return df


def school_story(events: pd.DataFrame | list[dict], urn: int) -> pd.DataFrame:
    """The school's events as a dated, readable timeline (columns date, term, event, text)."""
    df = pd.DataFrame(events)
    if df.empty:
        return pd.DataFrame(columns=["date", "term", "event", "text"])
    mine = _with_context(df).loc[lambda d: d["school"] == urn].copy()
    mine["text"] = mine.apply(sentence, axis=1)
    mine = mine[mine["text"].notna()]
    return mine[["date", "term", "event", "text"]].reset_index(drop=True)


def changes_of_head_by_school(events: pd.DataFrame | list[dict]) -> dict[int, int]:
    """Changes of head at each school since the run began (URN -> count): every head who left counts,
    replaced yet or not. ``School.head_changes`` counts appointments, so a school whose head left and
    whose post is still vacant shows none there; this is the count to show people."""
    rows = events.to_dict("records") if isinstance(events, pd.DataFrame) else events
    out: dict[int, int] = {}
    for e in rows:
        if e.get("event") == "head_exit" and e.get("school") is not None and not pd.isna(e.get("school")):
            urn = int(e["school"])
            out[urn] = out.get(urn, 0) + 1
    return out


def changes_of_head(events: pd.DataFrame | list[dict], urn: int) -> int:
    """Changes of head at one school since the run began (see ``changes_of_head_by_school``)."""
    return changes_of_head_by_school(events).get(int(urn), 0)


def dramatic_school(events: pd.DataFrame | list[dict], band: str = "le110") -> int | None:
    """A school in ``band`` whose first advert failed: a good story for training."""
    df = pd.DataFrame(events)
    if df.empty:
        return None
    failed = df[(df["event"] == "advert") & (df["outcome"] != "appointed") & (df["band"] == band)]
    return int(failed["school"].iloc[0]) if len(failed) else None
