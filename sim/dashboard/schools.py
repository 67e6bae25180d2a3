"""One school at a time: how it is led now, its story, and a school worth a trainer's attention."""

from __future__ import annotations

import pandas as pd

from sim.analysis.story import COVERS, school_story
from sim.dashboard.figures import RELIGION_WORDS, school_line
from sim.dashboard.session import term_name
from sim.model import SchoolSystem
from sim.state.agents import SMALL_MAX


def arrival_term(model: SchoolSystem, school, head) -> int | None:
    """The term ``head`` took ``school`` on, from the event log; for a head there from the start, their start in
    headship if it is their own school, else None (the model's opening state does not say when)."""
    for e in reversed(model.events):
        if e.get("event") == "head_appointed" and e.get("school") == school.urn and e.get("head") == head.unique_id:
            return int(e["term"])
    return int(head.started_term) if head.home is school else None


def _years(terms: int) -> str:
    years = terms / 3
    return "less than a term" if terms <= 0 else f"{years:.1f} year{'s' if years != 1 else ''}"


def now_line(model: SchoolSystem, school) -> str:
    """How the school is led at the moment, in a sentence (executive heads counted from their arrival here)."""
    head = school.head
    if head is not None:
        arrived = arrival_term(model, school, head)
        if arrived is None:
            here = f"here since before September {model.start_year}"
        elif arrived < 0:
            here = f"here {_years(model.term - arrived)} (since before September {model.start_year})"
        else:
            here = f"here {_years(model.term - arrived)} (since {term_name(model, arrived)})"
        if head.is_executive:
            others = [s.name for s in head.schools + head.covering if s is not school]
            text = f"Led by an executive head (aged {head.age:.0f}) who also leads {', '.join(others)}; {here}"
        else:
            text = f"Head aged {head.age:.0f}, in post {here}; plans to retire at about {head.retirement_age:.0f}"
        if head.absent_terms > 0:
            text += f". The head is on leave for {head.absent_terms} more term(s); {COVERS.get(school.cover, 'cover')} covers"
        return text + "."
    vacancy = school.vacancy
    cover = COVERS.get(school.cover, "nobody") if school.cover_head is None else COVERS["executive"]
    if vacancy is not None:
        return (
            f"No substantive head: the post has been vacant {_years(model.term - vacancy.opened_term)} "
            f"with {vacancy.rounds} advert(s) so far; meanwhile {cover} leads the school."
        )
    return f"No substantive head; {cover} leads the school."


def head_turnover(model: SchoolSystem) -> dict[int, tuple[int, int]]:
    """Each school's (heads who left, heads appointed) since the run began, from the event log."""
    out: dict[int, list[int]] = {}
    for e in model.events:
        kind = e.get("event")
        if kind in ("head_exit", "head_appointed"):
            counts = out.setdefault(e["school"], [0, 0])
            counts[0 if kind == "head_exit" else 1] += 1
    return {urn: (left, appointed) for urn, (left, appointed) in out.items()}


def _times(n: int) -> str:
    return "none" if n == 0 else "one" if n == 1 else str(n)


def turnover_line(model: SchoolSystem, school) -> str:
    """Heads who left and heads appointed since the start, in a sentence (an exit counts before any appointment)."""
    left, appointed = head_turnover(model).get(school.urn, (0, 0))
    since = f"September {model.start_year}"
    if left == 0 and appointed == 0:
        return f"The same head since {since}."
    if left and not appointed:
        return f"Since {since}: {_times(left)} head{'s' if left != 1 else ''} left, no new head appointed yet."
    return (
        f"Since {since}: {_times(left)} head{'s' if left != 1 else ''} left, "
        f"{_times(appointed)} head{'s' if appointed != 1 else ''} appointed."
    )


def describe(school) -> str:
    """'Halton Holegate CE Primary (URN 120512): 45 pupils, church school (VC)' (no URN twice)."""
    name = school.name if str(school.urn) in school.name else f"{school.name} (URN {school.urn})"
    return f"{name}: {school.roll} pupils, {RELIGION_WORDS.get(school.religion, school.religion)}"


def picker_items(model: SchoolSystem, small_only: bool) -> list[dict]:
    """Schools for the searchable picker: name, pupils, church status and how each is led now."""
    return [{"text": school_line(s), "value": s.urn} for s in model.schools if not small_only or s.roll <= SMALL_MAX]


def story_table(model: SchoolSystem, urn: int) -> pd.DataFrame:
    """The school's story, numbered and dated as on screen (columns: Term, When, What happened)."""
    story = school_story(model.events, urn)
    if story.empty:
        return pd.DataFrame(columns=["Term", "When", "What happened"])
    terms = story.term.astype(int)
    return pd.DataFrame({"Term": terms + 1, "When": [term_name(model, t) for t in terms], "What happened": story.text})


def school_in_trouble(model: SchoolSystem, seen: tuple[int, ...] = ()) -> tuple[int | None, str]:
    """A small school worth following now, and why; successive calls (``seen``) move on to the next one.

    First the small schools without a substantive head (longest vacancy first), then those with the
    most heads gone, then (before anything has happened) heads closest to retirement.
    """
    small = [s for s in model.schools if s.roll <= SMALL_MAX]
    turnover = head_turnover(model)
    left = {s.urn: turnover.get(s.urn, (0, 0))[0] for s in small}
    gap = sorted(
        (s for s in small if s.in_gap),
        key=lambda s: (s.vacancy.opened_term if s.vacancy is not None else model.term, -left[s.urn], s.urn),
    )
    churn = sorted((s for s in small if left[s.urn] > 0), key=lambda s: (-left[s.urn], s.urn))
    retiring = sorted(
        (s for s in small if s.head is not None), key=lambda s: (s.head.retirement_age - s.head.age, s.urn)
    )
    reasons = (
        [(s, "it has no substantive head now") for s in gap]
        + [(s, f"{_times(left[s.urn])} head{'s have' if left[s.urn] != 1 else ' has'} left it") for s in churn]
        + [
            (s, f"its head is {s.head.age:.0f} and plans to retire at about {s.head.retirement_age:.0f}")
            for s in retiring
        ]
    )
    done = set(seen)
    for s, why in reasons:
        if s.urn not in done:
            return s.urn, why
    if reasons:  # every candidate shown once: start again
        s, why = reasons[0]
        return s.urn, why
    return None, "no small school in this county"
