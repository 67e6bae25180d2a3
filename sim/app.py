"""The dashboard: ``solara run sim/app.py`` (see docs/dashboard.md).

A Mesa SolaraViz page with its own model per browser session: a map of the county (schools sized
by roll and coloured by headship status, partnership links coloured by form), headline series,
controls (scenario, main levers, seed; step / play / reset from SolaraViz), a school's story from
the event log, and the succession-risk register on the map. A lever typed outside its range shows
a message and the last valid settings are kept.
"""

from __future__ import annotations

import os
from dataclasses import replace

os.environ.setdefault("SOLARA_CHECK_HOOKS", "off")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import solara  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from mesa.visualization import SolaraViz  # noqa: E402
from mesa.visualization.utils import update_counter  # noqa: E402

from sim.analysis.story import school_story  # noqa: E402
from sim.model import SchoolSystem  # noqa: E402
from sim.running.config import CONF_DIR  # noqa: E402
from sim.state.agents import Form  # noqa: E402

SCENARIOS = sorted(p.stem for p in (CONF_DIR / "scenario").glob("*.yaml"))
STATUS_COLOURS = {
    "substantive head": "#2b8a3e",
    "executive-led": "#1864ab",
    "acting cover": "#f08c00",
    "vacant": "#c92a2a",
}
FORM_COLOURS = {
    Form.INFORMAL: "#adb5bd",
    Form.INFORMAL_MOU: "#74c0fc",
    Form.FORMAL: "#4dabf7",
    Form.STRUCTURED: "#7048e8",
    Form.FEDERATION: "#e64980",
    Form.TRUST: "#c2255c",
}
_last_valid: dict[str, dict] = {}


def lever_overrides(scenario: str, applicants_small: str, startup_amount: str, broker: bool, premium: str) -> list[str]:
    """Hydra overrides for the dashboard's levers (typed text is parsed here)."""
    return [
        f"scenario={scenario}",
        f"params.recruitment.applicants_small={float(applicants_small)}",
        f"scenario.startup_funding.amount_per_school={float(startup_amount)}",
        f"scenario.broker_executive.enabled={str(bool(broker)).lower()}",
        f"scenario.premium.enabled={str(float(premium) > 0).lower()}",
        f"scenario.premium.amount_per_partnership={max(0.0, float(premium))}",
    ]


def _session() -> str:
    try:
        return solara.get_session_id()
    except Exception:  # outside a browser session (tests, notebooks)
        return "local"


DEFAULT_SETTINGS = {
    "scenario": "revised_one_off",
    "seed": 42,
    "region": "lincolnshire",
    "applicants_small": 3.0,
    "startup_amount": 20000,
    "broker": True,
    "premium": 0,
    "horizon_years": 20,
}


def config_from_settings(settings: dict):
    """Typed, validated config and seed from the dashboard's settings (raises on any bad value)."""
    from sim.running.config import compose_config, load_config

    overrides = lever_overrides(
        settings["scenario"],
        str(settings["applicants_small"]),
        str(settings["startup_amount"]),
        settings["broker"],
        str(settings["premium"]),
    )
    cfg = load_config(
        compose_config([*overrides, f"region={settings['region']}", f"run.horizon_years={settings['horizon_years']}"])
    )
    return cfg, int(settings["seed"])


class DashboardModel(SchoolSystem):
    """The county model built from the dashboard's controls (all keyword arguments, seed included)."""

    def __init__(
        self,
        *,
        scenario: str = "revised_one_off",
        seed: str | int = 42,
        region: str = "lincolnshire",
        applicants_small: str | float = 3.0,
        startup_amount: str | float = 20000,
        broker: bool = True,
        premium: str | float = 0,
        horizon_years: int = 20,
    ) -> None:
        from sim.running.run import model_kwargs

        given = {
            "scenario": scenario,
            "seed": seed,
            "region": region,
            "applicants_small": applicants_small,
            "startup_amount": startup_amount,
            "broker": broker,
            "premium": premium,
            "horizon_years": horizon_years,
        }
        error = None
        try:
            cfg, seed = config_from_settings(given)
            _last_valid[_session()] = given
        except Exception as err:  # noqa: BLE001 - any bad input shows a message and keeps the last valid settings
            error = str(err).splitlines()[0] if str(err) else type(err).__name__
            fallback = {**DEFAULT_SETTINGS, "region": region, "horizon_years": horizon_years}
            cfg, seed = config_from_settings(_last_valid.get(_session(), fallback))
        super().__init__(**{**model_kwargs(cfg), "termly": True}, seed=seed)
        self.config = cfg
        self.config_error = error


def status(school) -> str:
    if school.has_head_present:
        return "executive-led" if school.head.is_executive else "substantive head"
    if school.cover_head is not None or school.cover is not None:
        return "acting cover"
    return "vacant"


def draw_map(model: SchoolSystem, colour_by: dict[int, float] | None = None, title: str = "") -> Figure:
    fig = Figure(figsize=(8.5, 5.4))
    ax = fig.subplots()
    for ps in model.partnerships:
        xs = [s.x for s in ps.members]
        ys = [s.y for s in ps.members]
        cx, cy = float(np.mean(xs)), float(np.mean(ys))
        for x, y in zip(xs, ys):
            ax.plot([cx, x], [cy, y], color=FORM_COLOURS.get(ps.form, "#adb5bd"), lw=1.2, alpha=0.7, zorder=1)
    xs = np.array([s.x for s in model.schools])
    ys = np.array([s.y for s in model.schools])
    size = 8 + np.array([s.roll for s in model.schools]) / 5
    if colour_by is None:
        colours = [STATUS_COLOURS[status(s)] for s in model.schools]
        ax.scatter(xs, ys, s=size, c=colours, edgecolor="white", linewidth=0.4, zorder=2)
        for label, colour in STATUS_COLOURS.items():
            ax.scatter([], [], c=colour, s=30, label=label)
        for form, colour in FORM_COLOURS.items():
            ax.plot([], [], color=colour, lw=2, label=form.name.lower().replace("_", " "))
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    else:
        values = [colour_by.get(s.urn, 0.0) for s in model.schools]
        sc = ax.scatter(
            xs,
            ys,
            s=size,
            c=values,
            cmap="YlOrRd",
            vmin=0,
            vmax=max(0.1, max(values)),
            edgecolor="#555",
            linewidth=0.4,
            zorder=2,
        )
        fig.colorbar(sc, ax=ax, label="chance of a headship gap within 3 years")
    ax.set_aspect("equal")
    ax.set_xlabel("km east")
    ax.set_ylabel("km north")
    ax.set_title(
        title or f"{model.date}: {sum(s.in_gap for s in model.schools)} schools without a substantive head", fontsize=10
    )
    fig.tight_layout()
    return fig


def CountyMap(model: SchoolSystem):
    update_counter.get()
    if getattr(model, "config_error", None):
        solara.Error(f"Not applied: {model.config_error}. The last valid settings are kept.")
    solara.FigureMatplotlib(draw_map(model), dependencies=[model.term, model.seed])


SERIES = [
    ("vacancies_opened", "all", "vacancies opened"),
    ("gap_terms", "all", "schools without a substantive head"),
    ("executive_heads", "all", "executive heads"),
    ("federations", "all", "federations"),
    ("active_partnerships", "all", "active partnerships"),
]


def Series(model: SchoolSystem):
    update_counter.get()
    rows = pd.DataFrame(model.collector.rows, columns=["year", "term", "measure", "group", "value"])
    rows = rows[rows.term >= 0]
    fig = Figure(figsize=(8.5, 3.6))
    ax, ax2 = fig.subplots(1, 2)
    for measure, group, label in SERIES:
        d = rows[(rows.measure == measure) & (rows.group == group)]
        if len(d):
            ax.plot(d.year + d.term / 3, d.value, label=label, lw=1.8, marker="o", ms=2)
    money = rows[rows.measure.str.startswith("spent.")]
    for measure, d in money.groupby("measure"):
        ax2.plot(d.year + d.term / 3, d.value.cumsum() / 1e6, label=measure.split(".")[1].replace("_", " "), lw=1.8)
    ax.set_title("Each term", fontsize=10)
    ax2.set_title("Money spent, cumulative (£m)", fontsize=10)
    for a in (ax, ax2):
        a.legend(fontsize=7)
        a.grid(alpha=0.3)
        a.tick_params(labelsize=8)
    fig.tight_layout()
    solara.FigureMatplotlib(fig, dependencies=[model.term, model.seed])


def SchoolStory(model: SchoolSystem):
    update_counter.get()
    solara.Markdown("### A school's story\nPick a small school; press Step or Play to see what happens to it.")
    small = [s for s in model.schools if s.roll <= 110]
    options = [f"{s.urn} ({s.roll} pupils, {s.religion})" for s in small]
    choice, set_choice = solara.use_state(options[0] if options else "")
    solara.Select(label="School", values=options, value=choice, on_value=set_choice)
    if not choice:
        return
    urn = int(choice.split()[0])
    school = next(s for s in model.schools if s.urn == urn)
    head = school.head
    now = (
        f"Now: head aged {head.age:.0f}, {(model.term - head.started_term) / 3:.1f} years in post"
        if head is not None
        else f"Now: no substantive head ({school.cover or 'vacant'})"
    )
    solara.Markdown(
        f"**School {urn}** — {school.roll} pupils, {school.religion}, "
        f"{school.main_form.name.lower().replace('_', ' ')} partnership. {now}."
    )
    story = school_story(model.events, urn)
    if story.empty:
        solara.Markdown("_Nothing has happened to this school yet: press Step or Play._")
    else:
        solara.Markdown("\n".join(f"- **{r.date}** {r.text}" for r in story.itertuples()))


def RiskView(model: SchoolSystem):
    register, set_register = solara.use_state(None)
    runs = 8
    solara.Markdown(
        "### Succession risk\nEach school's chance of a term without a substantive head, from "
        "repeated runs of the current settings."
    )

    def compute():
        from sim.analysis.risk import gap_terms_by_school, register_from_runs, school_drivers
        from sim.running.run import build_model, release

        first_gaps, drivers = [], None
        cfg = replace(model.config, run=replace(model.config.run, horizon_years=5))
        for seed in range(runs):
            m = build_model(cfg, 1000 + seed)
            fg = gap_terms_by_school(m, 1)
            drivers = school_drivers(m) if drivers is None else drivers
            first_gaps.append(gap_terms_by_school(m, m.n_terms, fg))
            release(m)
        set_register(register_from_runs(drivers, first_gaps))

    solara.Button(f"Compute the succession-risk register ({runs} runs, 5 years)", on_click=compute, color="primary")
    if register is not None:
        p3 = dict(zip(register.school, register.p_gap_3y))
        solara.FigureMatplotlib(draw_map(model, p3, "Chance of a headship gap within 3 years"))
        top = register.head(10)[
            [
                "school",
                "roll",
                "religion",
                "head_age",
                "expected_applicants",
                "partnership_form",
                "p_gap_1y",
                "p_gap_3y",
                "p_gap_5y",
            ]
        ]
        solara.DataFrame(top)


MODEL_PARAMS = {
    "scenario": {"type": "Select", "value": "revised_one_off", "values": SCENARIOS, "label": "Scenario"},
    "seed": {"type": "InputText", "value": "42", "label": "Seed"},
    "applicants_small": {"type": "InputText", "value": "3.0", "label": "Applicants per advert, small schools"},
    "startup_amount": {"type": "InputText", "value": "20000", "label": "Start-up money per school (£)"},
    "premium": {"type": "InputText", "value": "0", "label": "Yearly premium per partnership (£)"},
    "broker": {"type": "Checkbox", "value": True, "label": "Authority brokers executive heads"},
    "region": "lincolnshire",
}


@solara.component
def Page():
    model = solara.use_memo(lambda: DashboardModel(), [])  # one model per browser session
    SolaraViz(
        model,
        components=[(CountyMap, 0), (Series, 0), (SchoolStory, 1), (RiskView, 2)],
        model_params=MODEL_PARAMS,
        name="Small-school succession",
        play_interval=300,
    )


page = Page
plt.close("all")
