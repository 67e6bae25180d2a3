"""A local-authority officer's questions as comparisons: their own county from a register file, a
programme stopped after N years (``stop_after``), a yearly budget (``budget_per_year``) and money aimed at
the schools most at risk (``target_schools``), end to end on tiny settings, with their bad inputs refused
in one line before anything runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from experiments import compare
from sim.running.app import run_app
from sim.running.comparison import CompareConfig, scenario_configs

REPO = Path(__file__).resolve().parent.parent
TINY = ["draws=2", "seeds=1", "horizon_years=2", "report_years=2", "n_jobs=2", "decompose_draws=0"]
CMP = [
    "region=small",
    "seeds=1",
    "horizon_years=3",
    "report_years=1",
    "n_jobs=1",
    "scenarios=[no_programme,revised_one_off]",
]


def _refused(argv: list[str], expect: str, tmp_path: Path, monkeypatch, capsys) -> None:
    """One line on stderr naming ``expect``, exit status 2, nothing written."""
    monkeypatch.chdir(tmp_path)
    code = run_app(compare.APP, compare.command_line(argv))
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 2 and len(err) == 1, err
    assert expect in err[0], err[0]
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "argv, expect",
    [
        (["stop_after=[0]"], "stop_after"),
        (["stop_after=[4]"], "1 to horizon_years=3"),
        (["stop_after=[-2]"], "stop_after"),
        (["stop_after=[2,2]"], "stop_after"),
        (["stop_after=abc"], "stop_after"),
        (["region=register_example", "region.register=missing.csv"], "region.register='missing.csv': no such file"),
        (["region=register_example", "region.register_la=Nowhere"], "Exampleshire"),
        (["region.nonsense=1"], "region.nonsense"),
        (["budget_per_year=[39999]"], "budget_per_year=[39999.0]: £39,999 is below what revised_one_off's first year"),
        (["budget_per_year=[0]"], "budget_per_year"),
        (["budget_per_year=[-1]"], "budget_per_year"),
        (["budget_per_year=lots"], "budget_per_year"),
        (["target_schools=[41]"], "target_schools=[41]: 41 is more than the region's 40 schools"),
        (["target_schools=[0]"], "target_schools"),
        (["target_schools=[5,5]"], "target_schools"),
    ],
    ids=["stop-zero", "stop-beyond-horizon", "stop-negative", "stop-twice", "stop-text", "register-missing",
         "register-la", "region-unknown-key", "budget-below-first-year", "budget-zero", "budget-negative",
         "budget-text", "targets-beyond-region", "targets-zero", "targets-twice"],
)  # fmt: skip
def test_bad_officer_inputs_are_one_line(argv, expect, tmp_path, monkeypatch, capsys):
    _refused([*CMP, *argv], expect, tmp_path, monkeypatch, capsys)


def test_region_settings_are_gathered_for_every_scenario():
    argv = compare.command_line(["region=register_example", "region.register_la=Exampleshire", "seeds=1"])
    assert argv == ["region=register_example", "seeds=1", "region_settings=['region.register_la=Exampleshire']"]
    assert compare.command_line(["seeds=1"]) == ["seeds=1"]


def test_stopped_variants_end_every_lever_after_n_years():
    c = CompareConfig(
        scenarios=["no_programme", "revised_one_off"],
        region="small",
        horizon_years=5,
        report_years=5,
        stop_after=[1, 3],
    )
    configs = scenario_configs(c)
    assert list(configs) == ["no_programme", "revised_one_off", "revised_one_off_stop1", "revised_one_off_stop3"]
    whole, stop1, stop3 = (
        configs[n].scenario for n in ("revised_one_off", "revised_one_off_stop1", "revised_one_off_stop3")
    )
    assert stop3.grouping.end_year == 2014 and stop1.grouping.end_year == 2012  # academic years 2012/13 to 2014/15
    assert stop3.startup_funding.end_year == min(2014, whole.startup_funding.end_year)  # an earlier end is kept
    assert stop1.name == "revised_one_off_stop1" and "stopped after 1 year" in stop1.description
    assert configs["no_programme"].scenario == scenario_configs(CompareConfig(scenarios=["no_programme", "revised_one_off"], region="small", horizon_years=5, report_years=5))["no_programme"].scenario  # fmt: skip


def _run(argv: list[str], cwd: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "experiments.compare", *argv, f"hydra.run.dir={cwd / 'out'}"],
        cwd=cwd, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    return proc.stderr


@pytest.mark.slow
def test_my_county_from_a_register(tmp_path):
    err = _run(
        ["region=register_example", "region.register=sim/data/example_register.csv",
         "region.register_la=Exampleshire", "scenarios=[no_programme,revised_one_off]", *TINY],
        tmp_path,
    )  # fmt: skip
    assert "40 schools used" in err and "counties=1" in err
    import json

    design = json.loads((tmp_path / "out" / "design.json").read_text())
    assert list(design["counties"]) == ["0"]  # one layout: the register's
    report = (tmp_path / "out" / "report.md").read_text()
    assert "Succession-risk register" in report
    assert "holds no heads' ages or tenures" in report and "Lincolnshire's" in report


@pytest.mark.slow
def test_my_county_with_the_heads_i_know(tmp_path):
    (tmp_path / "heads.csv").write_text("urn,head_age,head_start_year\n900001,63,1995\n")
    _run([*REGISTER, "region.heads_file=heads.csv", "scenarios=[no_programme,revised_one_off]", *TINY], tmp_path)
    import pandas as pd

    register = pd.read_csv(tmp_path / "out" / "risk_register.csv")
    school = register[register.school == 900001].iloc[0]
    assert school.head_age == 63 and school.head_tenure_years >= 17  # the file's head, in post since 1995
    assert "`heads.csv` at the schools it lists" in (tmp_path / "out" / "report.md").read_text()


@pytest.mark.slow
def test_programmes_stopped_after_n_years(tmp_path):
    _run(["region=small", "counties=1", "scenarios=[no_programme,revised_one_off]", "stop_after=[1]", *TINY], tmp_path)
    report = (tmp_path / "out" / "report.md").read_text()
    assert "**revised_one_off_stop1**" in report
    assert "revised_one_off_stop1 and no_programme" in report or "revised_one_off_stop1 than in no_programme" in report
    import pandas as pd

    robust = pd.read_csv(tmp_path / "out" / "robustness.csv")
    assert "revised_one_off_stop1" in set(robust.scenario)


@pytest.mark.slow
def test_programmes_within_a_yearly_budget(tmp_path):
    _run(["region=small", "counties=1", "scenarios=[no_programme,revised_one_off]", "budget_per_year=[100000]", *TINY],
         tmp_path)  # fmt: skip
    report = (tmp_path / "out" / "report.md").read_text()
    assert "**revised_one_off_cap100000**" in report and "within £100,000 a year" in report
    import pandas as pd

    robust = pd.read_csv(tmp_path / "out" / "robustness.csv")
    assert "revised_one_off_cap100000" in set(robust.scenario)


@pytest.mark.slow
def test_programmes_aimed_at_the_schools_most_at_risk(tmp_path):
    _run(["region=small", "counties=1", "scenarios=[no_programme,revised_one_off]", "target_schools=[10]", *TINY],
         tmp_path)  # fmt: skip
    report = (tmp_path / "out" / "report.md").read_text()
    assert "**revised_one_off_top10**" in report
    assert "heads' ages and tenures are drawn unless region.heads_file gives them" in report
    import pandas as pd

    assert "risk_score" in pd.read_csv(tmp_path / "out" / "risk_register.csv").columns


# ----- heads' ages and start years from a local file --------------------------------------------------

REGISTER = ["region=register_example", "region.register=sim/data/example_register.csv"]


def _heads(tmp: Path, *rows: str, header: str = "urn,head_age,head_start_year") -> str:
    path = tmp / "heads.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    return str(path)


@pytest.mark.parametrize(
    "rows, expect",
    [
        (["900001,50,2005", "123,50,2005"], "line 3, urn='123'"),
        (["900001,99,2005"], "line 2, head_age='99': a head's age must be from 30 to 66"),
        (["900001,50,2015"], "line 2, head_start_year='2015': after the run's start (2012)"),
        (["900001,35,1990"], "head_start_year='1990'"),
        (["900001,50,2005", "900001,51,2006"], "appears twice"),
        (["900001,fifty,2005"], "head_age='fifty'"),
    ],
    ids=["unknown-urn", "age-out-of-range", "start-after-run", "start-too-young", "urn-twice", "age-text"],
)
def test_bad_heads_file_is_one_line_naming_row_and_column(rows, expect, tmp_path, monkeypatch, capsys):
    path = _heads(tmp_path, *rows)
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    code = run_app(compare.APP, compare.command_line([*CMP, *REGISTER, f"region.heads_file={path}"]))
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 2 and len(err) == 1 and expect in err[0], err
    assert not list((tmp_path / "work").iterdir())


def test_heads_file_without_a_column_or_file(tmp_path, monkeypatch, capsys):
    bad = _heads(tmp_path, "900001,50", header="urn,head_age")
    work = tmp_path / "work"
    work.mkdir()
    _refused([*CMP, *REGISTER, f"region.heads_file={bad}"], "head_start_year", work, monkeypatch, capsys)
    _refused([*CMP, *REGISTER, "region.heads_file=nowhere.csv"], "no such file", work, monkeypatch, capsys)


def test_heads_file_replaces_the_drawn_heads_at_the_start(tmp_path):
    """The file's ages and start years are those of the heads in post when the run starts; other schools keep theirs."""
    from sim.mechanisms.population import apply_heads_file
    from sim.running.config import compose_config, load_config
    from sim.running.run import build_model

    cfg = load_config(compose_config([*REGISTER, "run.horizon_years=1", "params.spinup.years=2"]))
    model = build_model(cfg, seed=1, reuse=False)
    before = {s.urn: (s.head.age, s.head.started_term) for s in model.schools if s.head is not None}
    listed = sorted(before)[:2]
    path = _heads(tmp_path, f"{listed[0]},58,2001", f"{listed[1]},41,2012")
    model.region.heads_file = path
    apply_heads_file(model)
    after = {s.urn: s.head for s in model.schools if s.head is not None}
    assert after[listed[0]].age == 58 and after[listed[0]].started_term == model.term - 3 * 11
    assert after[listed[1]].age == 41 and after[listed[1]].started_term == model.term
    assert after[listed[0]].retirement_age >= 59
    others = [u for u in before if u not in listed]
    assert all((after[u].age, after[u].started_term) == before[u] for u in others)


def test_report_says_register_heads_are_drawn_and_the_calibration_is_lincolnshires():
    from sim.analysis.report_text import ReportData, _register_caveat

    fields = {f: None for f in ReportData.__dataclass_fields__ if f not in ("register_file", "heads_file")}
    assert _register_caveat(ReportData(**fields)) == []
    text = " ".join(_register_caveat(ReportData(**fields, register_file="edubasealldata.csv")))
    assert "drawn" in text and "Lincolnshire's" in text and "edubasealldata.csv" in text
    text = " ".join(_register_caveat(ReportData(**fields, register_file="x.csv", heads_file="heads.csv")))
    assert "heads.csv" in text


# ----- a yearly budget and money aimed at the schools most at risk ------------------------------------

LIMITED = ("scenario=recurring_funding", "params.spinup.years=10", "run.horizon_years=4")


def _programme(*overrides: str, seed: int = 1):
    """One run of the recurring scheme on the small county: its events and the programme money granted by year."""
    from sim.running.run import run_model
    from tests.conftest import make_config

    result = run_model(make_config(*LIMITED, *overrides), seed, reuse=False)
    m = result.measures
    granted = m[(m.measure == "programme_granted") & (m.term == -1) & (m.group == "all")].groupby("year").value.sum()
    return result.events, granted


def _funded(events) -> set[int]:
    """Partnerships that received start-up money in the run."""
    return set(events[events.event == "funding_released"].partnership.astype(int))


def _commitments(events, uncapped: bool = False) -> set[tuple[int, int]]:
    """(year, partnership) of every start-up or premium payment; without a cap, from the start-up releases."""
    if uncapped:
        paid = events[events.event == "funding_released"]
    else:
        paid = events[(events.event == "programme_committed") & (events.outcome == "startup")]
    return set(map(tuple, paid[["year", "partnership"]].astype(int).values.tolist()))


def test_a_smaller_budget_funds_fewer_partnerships_within_its_cap_each_year():
    free_events, free = _programme()
    cap = 100000
    events, capped = _programme("scenario.budget.enabled=true", f"scenario.budget.per_year={cap}")
    committed = events[events.event == "programme_committed"].groupby("year").amount.sum()
    assert (committed <= cap + 1e-6).all() and (capped <= cap + 1e-6).all() and committed.sum() > 0
    assert (free > cap).any()  # the cap binds: without it the scheme grants more in some year
    assert len(_funded(events)) < len(_funded(free_events))
    assert (events.event == "programme_declined").any() and set(events.reason.dropna()) >= {"budget"}
    # which partnerships are paid in which year: the budget's order decides, not a clip of the same line
    by_application, _ = _programme(
        "scenario.budget.enabled=true", f"scenario.budget.per_year={cap}", "scenario.budget.by_risk=false"
    )
    assert _commitments(by_application) != _commitments(events)
    assert len(_commitments(events)) < len(_commitments(free_events, uncapped=True))


def test_the_budget_commits_to_the_highest_risk_partnership_first(monkeypatch):
    """Start-up money asked for at grouping is decided in one round, the partnership of highest member score first."""
    from sim.mechanisms import partnerships, targeting
    from sim.running.run import build_model
    from tests.conftest import make_config

    seen: dict[int, float] = {}
    score = targeting.risk_score

    def recorded(school, rule):
        seen[school.urn] = value = score(school, rule)
        return value

    members: dict[int, list[int]] = {}
    round_ = partnerships.programme_round

    def snapshot(model):
        members.update({ps.unique_id: [s.urn for s in ps.members] for ps in model.partnerships})
        round_(model)

    monkeypatch.setattr(targeting, "risk_score", recorded)
    monkeypatch.setattr(partnerships, "programme_round", snapshot)
    cfg = make_config(
        "scenario=revised_one_off",
        "scenario.startup_funding.conditional=false",  # paid on grouping: every request in the first round
        "scenario.budget.enabled=true",
        "scenario.budget.per_year=100000",
        "params.spinup.years=10",
        "run.horizon_years=1",
    )
    model = build_model(cfg, 1, reuse=False)
    model.step()
    ev = pd.DataFrame(model.events)
    decided = ev[(ev.term == 0) & ev.event.isin(["programme_committed", "programme_declined"])]
    need = [max(seen[u] for u in members[int(p)]) for p in decided.partnership]
    assert len(need) > 2 and need == sorted(need, reverse=True)
    assert "programme_committed" in set(decided.event) and "programme_declined" in set(decided.event)
    assert decided[decided.event == "programme_committed"].amount.sum() <= 100000


def test_unspent_budget_lapses_unless_it_rolls_over():
    from sim.mechanisms.funding import ProgrammeLimits

    limits = ProgrammeLimits(per_year=100.0)
    limits.new_year(2012)
    limits.spend(60.0)
    limits.new_year(2013)
    assert limits.left == 100.0  # what 2012 left lapses
    limits = ProgrammeLimits(per_year=100.0, rollover=True)
    limits.new_year(2012)
    limits.spend(60.0)
    limits.new_year(2013)
    assert limits.left == 140.0 and not limits.affordable(141.0) and limits.affordable(140.0)


def test_risk_score_rises_with_each_driver(small_config):
    from dataclasses import replace

    from scenarios.config import TargetingLever
    from sim.mechanisms.targeting import risk_score
    from sim.running.run import build_model

    model = build_model(small_config, 1)
    rule = TargetingLever()
    school = next(s for s in model.schools if s.head is not None and s.head.retirement_age - s.head.age > 10)
    before = risk_score(school, rule)
    school.head.age = school.head.retirement_age - 1  # a year from planned retirement
    assert risk_score(school, rule) > before
    roll = school.roll
    assert risk_score(school, replace(rule, small_roll=roll + 100)) > risk_score(
        school, replace(rule, small_roll=roll - 40)
    )


def test_targeting_puts_the_money_on_the_highest_risk_schools(monkeypatch):
    """The targets are the N schools of highest in-run score; every partnership paid holds one, none other is."""
    from sim.mechanisms import funding, partnerships
    from sim.mechanisms.targeting import risk_score
    from sim.running.run import build_model
    from tests.conftest import make_config

    n = 6
    cfg = make_config(*LIMITED, "scenario.targeting.enabled=true", f"scenario.targeting.n_schools={n}")
    model = build_model(cfg, 1, reuse=False)
    rule = cfg.scenario.targeting
    scores = {s.urn: risk_score(s, rule) for s in model.schools}  # the state the lever ranks at the first term
    ranked = sorted(scores, key=lambda u: (-scores[u], u))
    at_round: dict[int, tuple[frozenset[int], dict[int, set[int]]]] = {}  # term -> (targets, members)
    round_ = partnerships.programme_round

    def snapshot(model):
        members = {ps.unique_id: {s.urn for s in ps.members} for ps in model.partnerships}
        at_round[model.term] = (funding.programme_limits(model).targets, members)
        round_(model)

    monkeypatch.setattr(partnerships, "programme_round", snapshot)
    model.step()
    assert at_round[0][0] == frozenset(ranked[:n])
    assert min(scores[u] for u in ranked[:n]) >= max(scores[u] for u in ranked[n:])
    while model.running:
        model.step()
    ev = pd.DataFrame(model.events)
    paid = ev[ev.event == "programme_committed"]
    refused = ev[(ev.event == "programme_declined") & (ev.reason == "not_targeted")]
    assert len(paid) and len(refused)
    for rows, holds in ((paid, True), (refused, False)):
        for term, ps in zip(rows.term.astype(int), rows.partnership.astype(int)):
            targets, members = at_round[term]
            assert bool(members[ps] & targets) is holds


def test_the_dashboards_comparison_offers_the_budget_and_the_targets(tmp_path):
    """The dashboard's comparison adds the same variants as the command line, titled in words."""
    from sim.dashboard import compare, levers

    req = compare.CompareRequest(
        ["no_programme", "revised_one_off"], "no_programme", seeds=2, years=2, region="small", n_jobs=1,
        budget=100000, targets=10,
    )  # fmt: skip
    assert req.check() is None and req.variants == ["revised_one_off_cap100000", "revised_one_off_top10"]
    assert req.runs == 8
    assert compare.CompareRequest(["no_programme", "revised_one_off"], "no_programme", budget=7).check()
    result = compare.run(req, tmp_path)
    assert result.order == ["no_programme", "revised_one_off", "revised_one_off_cap100000", "revised_one_off_top10"]
    shown = " ".join(result.differences.astype(str).stack())
    assert levers.scenario_title("revised_one_off_cap100000") in shown
    assert "within £100,000 a year" in levers.scenario_title("revised_one_off_cap100000")
    assert "drawn for this county" in result.note


@pytest.mark.parametrize(
    "overrides, expect",
    [
        (
            ["scenario.budget.enabled=true", "scenario.budget.per_year=39999"],
            "scenario.budget.per_year=39999 is below the programme's smallest first-year commitment, £40,000",
        ),
        (
            ["region=small", "scenario.targeting.enabled=true", "scenario.targeting.n_schools=41"],
            "scenario.targeting.n_schools=41 is more than the region's 40 schools (region=small): need 1 to 40",
        ),
    ],
    ids=["budget-below-first-commitment", "targets-beyond-region"],
)
def test_python_m_sim_refuses_a_budget_or_targets_that_can_do_nothing(overrides, expect):
    """The run's own checks (what ``python -m sim`` makes before any run) refuse them with one line."""
    from sim.running.config import compose_config, load_config
    from sim.state.errors import ConfigError

    with pytest.raises(ConfigError) as refused:
        load_config(compose_config(overrides))
    assert expect in str(refused.value) and "\n" not in str(refused.value)


def test_python_m_sim_accepts_a_budget_and_targets_at_their_limits():
    from sim.running.config import compose_config, load_config

    cfg = load_config(compose_config(["scenario.budget.enabled=true", "scenario.budget.per_year=40000"]))
    assert cfg.scenario.budget.per_year == 40000
    small = ["region=small", "scenario.targeting.enabled=true", "scenario.targeting.n_schools=40"]
    assert load_config(compose_config(small)).scenario.targeting.n_schools == 40
    # a budget on a scenario with no programme money is idle, not refused
    idle = ["scenario=no_programme", "scenario.budget.enabled=true", "scenario.budget.per_year=1"]
    assert load_config(compose_config(idle)).scenario.budget.per_year == 1
