"""Head-time present (``sim.mechanisms.leadership``): its arithmetic, its directions, and the measures that report it.

An executive head's share of a school is the week less travel, shared over the schools led, plus what a head of
school adds (``leadership.head_of_school_time``, an uncertain magnitude whose prior starts at 0); the collector
reports it per small school (``leadership_time``), the school-terms below ``leadership.floor``
(``leadership_short_terms``) and how thinly executive heads are spread (``schools_per_executive_head``,
``led_by_head_of_3plus``).
"""

from __future__ import annotations

import math

import pytest

from sim.analysis import report
from sim.mechanisms import leadership
from sim.running.run import build_model, run_model
from tests.conftest import make_config

QUICK = ("scenario=no_programme", "params.spinup.years=3", "run.horizon_years=2")
NEW = {
    ("leadership_time", "le110"),
    ("leadership_short_terms", "le110"),
    ("schools_per_executive_head", "all"),
    ("led_by_head_of_3plus", "le110"),
}


@pytest.fixture
def model():
    m = build_model(make_config(*QUICK), 3)
    m.authority.shared_posts = False  # no shared-posts gain: the arithmetic below is the head's alone
    return m


def lead(model, n: int, minutes: float):
    """A head leading ``n`` schools (its own first), each of the others ``minutes`` from the first (on a circle round
    it), present; returns the head and the schools."""
    schools = [s for s in model.schools if s.head is not None][:n]
    head = schools[0].head
    home = schools[0]
    head.absent_terms = 0
    head.schools.clear()
    head.covering.clear()
    km = minutes / model.region.minutes_per_km
    for i, s in enumerate(schools):
        if i:
            angle = 2 * math.pi * i / n
            s.x, s.y = home.x + km * math.cos(angle), home.y + km * math.sin(angle)
        s.head = head
        head.schools.append(s)
    return head, schools


def test_a_head_of_three_schools_30_minutes_apart_gives_each_the_share_the_formula_says(model):
    p = model.params.leadership
    p.travel_overhead_per_minute = 0.004
    p.head_of_school_time = 0.0
    head, schools = lead(model, 3, 30.0)
    assert leadership.mean_travel_minutes(model, head) == pytest.approx(30.0)
    by_hand = (1 - 0.004 * 30) / 3  # a week less 30 minutes' travel at 0.4% a minute, over three schools: 0.2933
    for s in schools:
        assert leadership.leadership_time(model, s) == pytest.approx(by_hand)
    p.head_of_school_time = 0.2  # a head of school out of class for a day a week adds exactly that
    for s in schools:
        assert leadership.leadership_time(model, s) == pytest.approx(by_hand + 0.2)


def test_head_of_school_time_decides_whether_an_executive_beats_a_teaching_head(model):
    """The question the parameter decides: 0.35 puts a small school led by a head of three above its own teaching
    head (about 0.64 against about 0.53), 0 puts it well below: hence a prior that starts at 0."""
    p = model.params.leadership
    small = next(s for s in model.schools if s.roll <= 60)
    own = 1 - leadership.teaching_fraction(model, small.roll)
    head, schools = lead(model, 3, 30.0)
    p.head_of_school_time = 0.35
    assert leadership.leadership_time(model, schools[1]) > own
    p.head_of_school_time = 0.0
    assert leadership.leadership_time(model, schools[1]) < own


@pytest.mark.parametrize("head_of_school", [0.0, 0.35])
def test_more_schools_per_executive_head_means_less_time_per_school(model, head_of_school):
    model.params.leadership.head_of_school_time = head_of_school
    times = []
    for n in (2, 3, 4, 5):
        _, schools = lead(model, n, 25.0)
        times.append(leadership.leadership_time(model, schools[1]))
    assert times == sorted(times, reverse=True) and len(set(times)) == len(times)


def test_more_travel_means_less_time_per_school(model):
    times = []
    for minutes in (0.0, 15.0, 30.0, 60.0):
        _, schools = lead(model, 3, minutes)
        times.append(leadership.leadership_time(model, schools[2]))
    assert times == sorted(times, reverse=True) and len(set(times)) == len(times)


def test_the_measures_are_recorded_in_a_short_run():
    cfg = make_config(*QUICK, "run.termly=true")
    measures = run_model(cfg, seed=2).measures
    year = measures[measures.term == -1]
    found = set(zip(year.measure, year.group))
    assert NEW <= found
    by = {k: year[(year.measure == k[0]) & (year.group == k[1])].set_index("year").value for k in NEW}
    n_small = year[(year.measure == "schools") & (year.group == "le110")].set_index("year").value
    assert ((by[("leadership_time", "le110")] > 0) & (by[("leadership_time", "le110")] <= 1)).all()
    assert (
        (by[("leadership_short_terms", "le110")] >= 0) & (by[("leadership_short_terms", "le110")] <= 3 * n_small)
    ).all()
    assert ((by[("led_by_head_of_3plus", "le110")] >= 0) & (by[("led_by_head_of_3plus", "le110")] <= 1)).all()
    assert ((by[("schools_per_executive_head", "all")] == 0) | (by[("schools_per_executive_head", "all")] >= 2)).all()
    # a year's leadership time is the mean of its terms' (every school is observed every term)
    terms = measures[(measures.term >= 0) & (measures.measure == "leadership_time") & (measures.group == "le110")]
    term_mean = terms.groupby("year").value.mean()
    assert by[("leadership_time", "le110")].to_numpy() == pytest.approx(
        term_mean.loc[by[("leadership_time", "le110")].index]
    )
    short_terms = measures[
        (measures.term >= 0) & (measures.measure == "leadership_short_terms") & (measures.group == "le110")
    ]
    assert by[("leadership_short_terms", "le110")].to_numpy() == pytest.approx(
        short_terms.groupby("year").value.sum().loc[by[("leadership_short_terms", "le110")].index]
    )


def test_the_floor_sets_what_counts_as_short():
    """No school-term is short under a floor of 0; a higher floor counts more of them, at most every one."""
    counts = {}
    for floor in (0.0, 0.4, 1.0):
        m = run_model(make_config(*QUICK, f"params.leadership.floor={floor}"), seed=2).measures
        year = m[m.term == -1]
        counts[floor] = year[(year.measure == "leadership_short_terms") & (year.group == "le110")].value.sum()
        small_terms = 3 * year[(year.measure == "schools") & (year.group == "le110")].value.sum()
    assert counts[0.0] == 0
    assert counts[0.4] < counts[1.0] <= small_terms


def test_the_headlines_carry_the_measures_with_their_directions():
    keys = {(m, g) for m, g, _, _ in report.HEADLINES}
    assert NEW <= keys
    assert "leadership_time" in report.BETTER_WHEN_HIGHER
    assert "leadership_short_terms" in report.BETTER_WHEN_LOWER
    for stretch in ("schools_per_executive_head", "led_by_head_of_3plus"):  # means, not ends: no verdict
        assert stretch not in report.BETTER_WHEN_HIGHER | report.BETTER_WHEN_LOWER
    assert {f"{m}|{g}" for m, g in NEW} <= set(report.PLAIN)
