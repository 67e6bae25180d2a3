"""Levers no school can take up, or that contradict each other, are named in a one-line warning.

The run still goes ahead (a user may mean it), but never silently: ``lever_warnings`` lines are among
the pre-flight notes of ``python -m sim`` and ``python -m experiments.compare``, and the dashboard shows them.
"""

import subprocess
import sys

import pytest

from sim.running.config import compose_config, load_config
from sim.running.run import run_model
from sim.running.validation import lever_warnings, notes


def typed(*overrides: str):
    return load_config(compose_config(list(overrides)))


@pytest.mark.parametrize("scenario", ["no_programme", "revised_one_off", "recurring_funding", "exec_headship_push",
                                      "original_2012", "dedicated_leadership", "federation_push", "baseline"])  # fmt: skip
def test_the_shipped_scenarios_raise_no_warning(scenario):
    assert lever_warnings(typed(f"scenario={scenario}")) == []


@pytest.mark.parametrize(
    "overrides, key",
    [
        (["region=small", "scenario.grouping.max_roll=1"], "scenario.grouping.max_roll=1"),
        (["scenario.grouping.participation=0"], "scenario.grouping.participation=0"),
        (["scenario.grouping.start_year=2010"], "scenario.grouping.start_year=2010"),
        (["scenario=recurring_funding", "scenario.grouping.enabled=false"], "scenario.startup_funding"),
        (["scenario=original_2012", "scenario.grouping.enabled=false"], "scenario.premium"),
        (["scenario.startup_funding.amount_per_school=0"], "scenario.startup_funding.amount_per_school=0"),
        (["scenario.startup_funding.end_year=2012", "scenario.grouping.start_year=2014"], "end_year=2012"),
        (
            ["scenario.startup_funding.conditional=false", "scenario.startup_funding.start_year=2013"],
            "scenario.startup_funding.conditional=false",
        ),
        (
            ["scenario=federation_push", "scenario.federation_incentive.proposal_factor=0"],
            "scenario.federation_incentive.proposal_factor=0",
        ),
        (
            [
                "scenario.collaboration_in_appointments.enabled=true",
                "scenario.collaboration_in_appointments.trust_loss_factor=1",
            ],
            "trust_loss_factor=1",
        ),
    ],
)
def test_an_idle_or_contradictory_lever_is_named(overrides, key):
    found = lever_warnings(typed(*overrides))
    assert len(found) == 1 and found[0].startswith("warning: ") and key in found[0], found
    assert found[0] in notes(typed(*overrides))


def test_a_register_county_is_judged_by_its_own_rolls():
    found = lever_warnings(typed("region=register_example", "scenario.grouping.max_roll=1"))
    assert len(found) == 1 and "scenario.grouping.max_roll=1" in found[0]
    assert lever_warnings(typed("region=register_example", "scenario.grouping.max_roll=2000")) == []


def test_the_warned_levers_are_idle_in_a_run():
    """What the warnings say is what the model does: nobody grouped, no programme money paid."""
    quick = ["region=small", "run.horizon_years=2", "params.spinup.years=2"]
    events = run_model(typed(*quick, "scenario.grouping.max_roll=1"), seed=1).events
    formed = events[events.event == "partnership_formed"]
    assert not (formed.origin == "assigned").any()
    measures = run_model(
        typed(*quick, "scenario=recurring_funding", "scenario.grouping.enabled=false"), seed=1
    ).measures
    assert measures[measures.measure == "spent.programme"].value.sum() == 0


@pytest.mark.slow
def test_the_command_warns_and_runs(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "region=small", "scenario.grouping.max_roll=1", "run.n_seeds=1",
         f"hydra.run.dir={tmp_path / 'run'}"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if "warning" in line]
    assert any("scenario.grouping.max_roll=1" in line for line in lines), proc.stderr
