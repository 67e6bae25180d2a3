"""One browser session's run of the model: built, stepped and reset, never raising.

``Simulation`` holds the model and the settings it was built with. Building and stepping are
guarded: a config the checks refuse, or a model that raises, becomes a message and the last
working model stays on screen, so the page (and the user's work) survives any input. Nothing
here imports Solara: the browser-free tests drive it directly.
"""

from __future__ import annotations

import copy
import ctypes
import gc
import logging
import threading
import time
import traceback

import pandas as pd

from sim.dashboard import levers
from sim.model import SchoolSystem
from sim.running.run import build_model, release
from sim.state import agent_ids

log = logging.getLogger(__name__)
SEASONS = ("Autumn", "Spring", "Summer")
# Mesa keeps every model it numbers agents for (``sim.state.agent_ids``); builds and copies register there one at
# a time, so that
# a model a build makes on the way (and lets go) can be told apart and released.
REGISTRY_LOCK = threading.Lock()


def build(cfg, seed: int) -> SchoolSystem:
    """``build_model``, releasing any other model it made on the way (e.g. a spin-up it kept only pickled)."""
    with REGISTRY_LOCK:
        before = {id(m) for m in agent_ids.registered_models()}
        model = build_model(cfg, seed)
        for other in [m for m in agent_ids.registered_models() if id(m) not in before and m is not model]:
            release(other)
    return model


def one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text or type(err).__name__


def term_words(start_year: int, term: int) -> str:
    """'Autumn 2013' for a 0-based term of a run starting in September ``start_year``."""
    year = start_year + term // 3
    season = term % 3
    return f"{SEASONS[season]} {year if season == 0 else year + 1}"


def term_name(model: SchoolSystem, term: int) -> str:
    """'Autumn 2013' for a 0-based term of the run (academic years start in September)."""
    return term_words(model.start_year, term)


def date_label(model: SchoolSystem) -> str:
    """Where the run is: 'Autumn 2013 – term 4 of 60' (the last term run), or its start."""
    if model.term == 0:
        return f"September {model.start_year} – start, term 0 of {model.n_terms}"
    return f"{term_name(model, model.term - 1)} – term {model.term} of {model.n_terms}"


def date_words(date: str) -> str:
    """An event-log date ('2014-01') as a term ('Spring 2014')."""
    try:
        year, month = (int(x) for x in str(date).split("-"))
    except ValueError:
        return str(date)
    return f"{'Autumn' if month >= 9 else 'Spring' if month < 4 else 'Summer'} {year}"


def school_year(year: int) -> str:
    """'2012/13' for the school year starting in September 2012."""
    return f"{year}/{str(year + 1)[2:]}"


def screen_terms(rows: pd.DataFrame, start_year: int) -> pd.DataFrame:
    """``rows`` (with the model's ``year`` and in-year ``term``: 0-2, or -1 for the whole year) numbered as on screen.

    ``term`` becomes the screen's (1 = Autumn of ``start_year``, the first term run) and ``when``
    says it in words; whole-year rows have no term and ``when`` names the school year
    ("school year 2012/13"). ``year`` goes: ``when`` says it.
    """
    whole = rows.term < 0
    run_term = (rows.year - start_year) * 3 + rows.term
    when = [
        f"school year {school_year(int(y))}" if w else term_words(start_year, int(t))
        for y, t, w in zip(rows.year, run_term, whole)
    ]
    out = rows.drop(columns=["year", "term"])
    at = list(out.columns).index("measure") if "measure" in out.columns else 0
    out.insert(at, "when", when)
    out.insert(at, "term", (run_term + 1).where(~whole).astype("Int64"))
    return out


def series_table(model: SchoolSystem, settings: dict) -> pd.DataFrame:
    """The model's termly and yearly rows for a download, numbered and dated as on screen (``screen_terms``)."""
    rows = pd.DataFrame(list(model.collector.rows), columns=["year", "term", "measure", "group", "value"])
    rows.insert(0, "seed", settings["seed"])
    rows.insert(0, "scenario", settings["scenario"])
    return screen_terms(rows, model.start_year)


def events_table(model: SchoolSystem, settings: dict) -> pd.DataFrame:
    """The event log for a download: the screen's term (1-based), the term in words, a sentence, then the fields."""
    from sim.analysis.story import sentence

    events = pd.DataFrame(list(model.events))
    head = pd.DataFrame({"scenario": settings["scenario"], "seed": settings["seed"]}, index=events.index)
    if events.empty:
        return pd.concat([head, pd.DataFrame(columns=["term", "when", "what_happened"])], axis=1)
    head["term"] = events.term + 1
    head["when"] = [term_name(model, int(t)) for t in events.term]
    head["what_happened"] = events.apply(sentence, axis=1)
    rest = events.drop(columns=["term", "year", "date"], errors="ignore")
    return pd.concat([head, rest], axis=1)


def trim_memory() -> None:
    """Collect garbage and hand freed memory back to the operating system (glibc only)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class Simulation:
    """The model of one session and the settings it was built with."""

    def __init__(self, settings: dict | None = None) -> None:
        self.lock = threading.RLock()  # one step, reset or snapshot at a time
        self.model: SchoolSystem | None = None
        self.settings: dict = {}
        self.failed: str | None = None  # why stepping stopped (the model raised), until the next reset
        self.builds = 0  # bumped by every successful build: results of an older model are stale
        self.step_seconds = 0.0
        message = self.build(settings or levers.default_settings())
        if message:  # even the given settings fail: fall back to the defaults
            log.warning("dashboard: %s", message)
            self.build(levers.default_settings(region=(settings or {}).get("region", "lincolnshire")))

    # ----- build and step --------------------------------------------------------------------
    def build(self, settings: dict) -> str | None:
        """Build a fresh model from parsed settings; on failure keep the current one and say why."""
        try:
            cfg = copy.deepcopy(levers.config_from_settings(settings))  # the cached config stays untouched
            model = build(cfg, cfg.run.seed)  # termly rows: run.termly=true (levers.FIXED_OVERRIDES)
        except Exception as err:  # noqa: BLE001 - any failure is a message, never a traceback
            log.info("dashboard: settings refused: %s", one_line(err))
            return f"Not applied: {one_line(err)}. The run on screen keeps its last valid settings."
        with self.lock:
            old = self.model
            self.model, self.settings, self.failed = model, dict(settings), None
            self.config = cfg
            self.builds += 1
        if old is not None:
            release(old)
        return None

    def step(self, n: int = 1) -> str | None:
        """Advance ``n`` terms; a model error stops stepping with a message (the session lives on)."""
        with self.lock:
            model = self.model
            if model is None or self.failed or not model.running:
                return self.failed
            start = time.perf_counter()
            try:
                for _ in range(n):
                    if not model.running:
                        break
                    model.step()
            except Exception as err:  # noqa: BLE001
                log.error("dashboard: the model raised at term %s\n%s", model.term, traceback.format_exc())
                self.failed = (
                    f"The model stopped with an error in {term_name(model, model.term)}: {one_line(err)}. "
                    "Press Reset to start again; the settings are kept."
                )
            self.step_seconds = time.perf_counter() - start
            return self.failed

    @property
    def finished(self) -> bool:
        return self.model is not None and not self.model.running

    @property
    def can_step(self) -> bool:
        return self.model is not None and self.model.running and not self.failed

    def label(self) -> str:
        return date_label(self.model) if self.model is not None else ""

    def end_message(self) -> str | None:
        """What to say when the run has reached its last term."""
        if not self.finished:
            return None
        m = self.model
        return (
            f"The run has reached its end ({term_name(m, m.n_terms - 1)}, term {m.n_terms} of {m.n_terms}). "
            "Press Reset to run it again, or set more years to run and press Reset."
        )

    def close(self) -> None:
        """Let the model go (Mesa keeps every model alive otherwise: ``sim.state.agent_ids``)."""
        with self.lock:
            if self.model is not None:
                release(self.model)
            self.model = None


def live_models() -> int:
    """Models Mesa still holds (a leak check for tests)."""
    return agent_ids.models_registered()
