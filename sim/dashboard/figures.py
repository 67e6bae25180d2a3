"""What the dashboard draws: the county map, the series each term, the risk map, the comparison.

On screen the map is an SVG written here (a few milliseconds for the county, with the school's
name and status under the mouse); the series are a Matplotlib PNG drawn only when a term has been
added. Downloads are Matplotlib PNGs drawn on demand. Every figure carries the scenario, the seed
and the date it shows. The measures and agent fields read here are listed in ``SERIES``,
``MONEY`` and ``school_status`` (the dashboard's dependencies on the model's names).
"""

from __future__ import annotations

import html
import io
import math
import textwrap
from dataclasses import dataclass, field

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure  # figures without pyplot: no backend switched, nothing global kept
from matplotlib.ticker import FuncFormatter, MaxNLocator

from sim.analysis.story import COVERS as COVER_WORDS
from sim.dashboard.palette import COLOURS, RISK_COLOURMAP, RISK_FLOOR, hex_of, scenario_colours
from sim.dashboard.session import date_label
from sim.model import SchoolSystem
from sim.state.agents import Form

# How a school is led, as the map shows it: (legend words, colour, filled). Red is "without a
# substantive head" wherever it appears; a red ring (not filled) is such a school nobody covers.
STATUS = {
    "own_head": (COLOURS["own_head"].means, hex_of("own_head"), True),
    "executive": (COLOURS["executive"].means, hex_of("executive"), True),
    "covered": ("without a substantive head: a teacher acting up or interim cover", hex_of("no_head"), True),
    "uncovered": ("without a substantive head, nobody covering", hex_of("no_head"), False),
}
FORM_WORDS = {
    Form.NONE: "no partnership",
    Form.INFORMAL: "informal partnership",
    Form.INFORMAL_MOU: "informal, with an MoU",
    Form.FORMAL: "formal collaboration",
    Form.STRUCTURED: "structured (company or umbrella trust)",
    Form.FEDERATION: "federation",
    Form.TRUST: "multi-academy trust",
}
FORM_COLOURS = {
    Form.INFORMAL: hex_of("informal"),
    Form.INFORMAL_MOU: hex_of("informal_mou"),
    Form.FORMAL: hex_of("formal"),
    Form.STRUCTURED: hex_of("structured"),
    Form.FEDERATION: hex_of("federation"),
    Form.TRUST: hex_of("trust"),
}
RELIGION_WORDS = {"community": "community school", "VC": "church school (VC)", "VA": "church school (VA)"}
RISK_CMAP = matplotlib.colors.ListedColormap(colormaps[RISK_COLOURMAP](np.linspace(RISK_FLOOR, 1.0, 256)))

# (measure, group, legend, palette key, dashed) of the series each term; money is shown cumulated,
# in £ thousand. Each line has the colour its meaning has on the map.
SERIES = [
    ("gap_terms", "all", "schools without a substantive head", "no_head", False),
    ("gap_terms", "le110", "… of them with 110 pupils or fewer", "no_head", True),
    ("schools_led_by_executive", "all", "schools led by an executive head", "executive", False),
    ("schools_in_active_partnership", "le110", "small schools in an active partnership", "partnership", False),
    ("federations", "all", "federations", "federation", False),
]
MONEY = [
    ("spent.programme", "all", "partnership programme", "programme", False),
    ("spent.authority", "all", "the authority (cover, brokering)", "authority", False),
    ("spent.school_budgets", "all", "schools' own budgets", "school_budgets", False),
]


# ----- schools ---------------------------------------------------------------------------------
def school_status(school) -> tuple[str, str]:
    """(``STATUS`` key, plain words) for how a school is led right now."""
    head = school.head
    if school.has_head_present:
        if head.is_executive:
            return "executive", f"led by an executive head of {head.n_led} schools"
        return "own_head", "own head in post"
    why = "its head is on leave" if head is not None else "the headship is vacant"
    if school.cover_head is not None or school.cover is not None:
        cover = COVER_WORDS["executive"] if school.cover_head is not None else COVER_WORDS.get(school.cover, "cover")
        return "covered", f"without a substantive head ({why}): {cover}"
    return "uncovered", f"without a substantive head ({why}), nobody covering"


def school_line(school) -> str:
    """One line naming a school: name, pupils, church status, how it is led."""
    return (
        f"{school.name} · {school.roll} pupils · {RELIGION_WORDS.get(school.religion, school.religion)} · "
        f"{school_status(school)[1]}"
    )


# ----- the map (SVG on screen) -----------------------------------------------------------------
@dataclass
class MapFrame:
    """What the map shows, in the region's km (north up)."""

    x: np.ndarray
    y: np.ndarray
    radius: np.ndarray
    colour: list[str]
    tips: list[str]
    links: list[tuple[float, float, float, float, str]] = field(default_factory=list)
    urns: list[int] = field(default_factory=list)
    filled: list[bool] = field(default_factory=list)  # False: drawn as a ring (nobody covering)


def fits(text: str, width: float, size: float) -> float:
    """A font size at most ``size`` at which ``text`` fits in ``width`` (sans-serif: about 0.55 em a character)."""
    return min(size, width / max(1.0, 0.55 * len(text)))


def risk_colour(p: float, top: float) -> str:
    return matplotlib.colors.to_hex(RISK_CMAP(min(1.0, p / top) if top > 0 else 0.0))


def map_frame(model: SchoolSystem, risk: dict[int, float] | None = None) -> MapFrame:
    """Positions, sizes, colours (status, or the chance of a gap) and partnership links."""
    schools = model.schools
    x = np.array([s.x for s in schools])
    y = np.array([s.y for s in schools])
    radius = 0.3 + np.sqrt(np.array([s.roll for s in schools], dtype=float)) / 17.0
    colour, tips, filled = [], [], []
    top = max(0.1, max(risk.values())) if risk else 1.0
    for s in schools:
        tip = school_line(s)
        if risk is not None:
            p = risk.get(s.urn, 0.0)
            colour.append(risk_colour(p, top))
            filled.append(True)
            tip += f" · chance of a gap within 3 years: {p:.0%}"
        else:
            _, hex_, full = STATUS[school_status(s)[0]]
            colour.append(hex_)
            filled.append(full)
        tips.append(tip + f" · {FORM_WORDS[s.main_form]}")
    links = []
    for ps in model.partnerships:
        if len(ps.members) < 2:
            continue
        cx = float(np.mean([s.x for s in ps.members]))
        cy = float(np.mean([s.y for s in ps.members]))
        c = FORM_COLOURS.get(ps.form, "#adb5bd")
        links.extend((cx, cy, s.x, s.y, c) for s in ps.members)
    return MapFrame(x, y, radius, colour, tips, links, [s.urn for s in schools], filled)


def risk_frame(register: pd.DataFrame) -> MapFrame:
    """The register's own schools (where they are, their pupils) coloured by the chance of a gap in 3 years."""
    top = max(0.1, float(register.p_gap_3y.max()) if len(register) else 0.1)
    return MapFrame(
        x=register.x.to_numpy(dtype=float),
        y=register.y.to_numpy(dtype=float),
        radius=0.3 + np.sqrt(register.roll.to_numpy(dtype=float)) / 17.0,
        colour=[risk_colour(p, top) for p in register.p_gap_3y],
        tips=[
            f"{r.name} · {r.roll} pupils · chance of a gap within 1 year {r.p_gap_1y:.0%}, 3 years {r.p_gap_3y:.0%}, "
            f"5 years {r.p_gap_5y:.0%}"
            for r in register.itertuples()
        ],
        urns=[int(u) for u in register.school],
    )


def split_title(title: str) -> tuple[str, str]:
    """A stamp 'scenario, seed · term' as two lines (what runs, and when), so neither needs shrinking."""
    head, sep, tail = title.rpartition(" · ")
    return (head, tail) if sep else (title, "")


def map_svg(
    model: SchoolSystem | MapFrame, title: str, risk: dict[int, float] | None = None, highlight: int | None = None
) -> str:
    """The county as an SVG: circles sized by pupils, partnership links, a two-line title, a scale bar, tooltips.

    The title's size is fixed (a share of the map's width), whatever its length: the first line
    says what runs, the second when; a scale bar sits in a band of its own under the schools.
    """
    f = model if isinstance(model, MapFrame) else map_frame(model, risk)
    x0, x1 = float(f.x.min()) - 2, float(f.x.max()) + 2
    y0, y1 = float(f.y.min()) - 2, float(f.y.max()) + 2
    w = x1 - x0
    size = 0.022 * w  # title font size, in km of map
    head = 2.9 * size  # room for two title lines
    foot = 2.2 * size  # room for the scale bar and its label
    h = y1 - y0 + head + foot

    def sx(v: float) -> float:
        return v - x0

    def sy(v: float) -> float:
        return y1 - v + head

    line1, line2 = split_title(title)
    text = f'font-family="sans-serif" text-anchor="middle" fill="{hex_of("ink")}"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.1f} {h:.1f}" '
        f'style="width:100%;height:auto;max-height:68vh;background:#fff" role="img" '
        f'aria-label="{html.escape(title)}">',
        f'<text x="{w / 2:.1f}" y="{1.15 * size:.2f}" font-size="{size:.2f}" {text}>{html.escape(line1)}</text>',
        f'<text x="{w / 2:.1f}" y="{2.35 * size:.2f}" font-size="{0.9 * size:.2f}" {text}>{html.escape(line2)}</text>',
        '<g stroke-width="0.22" stroke-opacity="0.8">',
    ]
    parts += [
        f'<line x1="{sx(a):.2f}" y1="{sy(b):.2f}" x2="{sx(c):.2f}" y2="{sy(d):.2f}" stroke="{col}"/>'
        for a, b, c, d, col in f.links
    ]
    parts.append('</g><g stroke="#fff" stroke-width="0.15">')
    filled = f.filled or [True] * len(f.x)
    for i in range(len(f.x)):
        if f.urns[i] == highlight:
            style = f' stroke="{hex_of("ink")}" stroke-width="0.5"'
        elif not filled[i]:  # a ring: the colour's meaning, nobody inside
            style = f' stroke="{f.colour[i]}" stroke-width="0.45"'
        else:
            style = ""
        fill = f.colour[i] if filled[i] else "#fff"
        radius = f.radius[i] if filled[i] else max(0.6, f.radius[i] - 0.2)
        parts.append(
            f'<circle cx="{sx(f.x[i]):.2f}" cy="{sy(f.y[i]):.2f}" r="{radius:.2f}" fill="{fill}"{style}>'
            f"<title>{html.escape(f.tips[i])}</title></circle>"
        )
    parts.append("</g>")
    bar = max(5.0, round(w / 8 / 5) * 5)  # a scale bar in km
    base = h - 0.5 * size
    parts.append(
        f'<line x1="1" y1="{base:.2f}" x2="{1 + bar:.1f}" y2="{base:.2f}" stroke="#495057" stroke-width="0.35"/>'
        f'<text x="{1 + bar + 0.6 * size:.2f}" y="{base + 0.35 * size:.2f}" font-size="{0.9 * size:.2f}" '
        f'font-family="sans-serif" fill="#495057">{bar:.0f} km</text></svg>'
    )
    return "".join(parts)


def _dot(colour: str, filled: bool) -> str:
    inside = colour if filled else "#fff"
    return (
        f'<span style="display:inline-block;width:11px;height:11px;border-radius:50%;background:{inside};'
        f'border:2px solid {colour};box-sizing:border-box;margin-right:5px;vertical-align:-1px"></span>'
    )


def status_legend_html() -> str:
    """The map's key as HTML chips: how schools are led, and partnership links by form."""
    dots = "".join(
        f'<span style="margin-right:14px;white-space:nowrap">{_dot(c, full)}{w}</span>'
        for w, c, full in STATUS.values()
    )
    lines = "".join(
        f'<span style="margin-right:14px;white-space:nowrap"><span style="display:inline-block;width:16px;'
        f'height:3px;background:{c};margin-right:5px;vertical-align:3px"></span>{FORM_WORDS[form]}</span>'
        for form, c in FORM_COLOURS.items()
    )
    return (
        f'<div style="font-size:13px;line-height:1.9">{dots}<br/>Lines join partnership members: {lines}<br/>'
        "Circle size: pupils on roll. Hover over a school for its name and status.</div>"
    )


def risk_legend_html(top: float) -> str:
    stops = ", ".join(risk_colour(top * i / 4, top) for i in range(5))
    return (
        '<div style="font-size:13px">Chance of at least one term without a substantive head within 3 years: '
        f'<span style="display:inline-block;width:160px;height:11px;background:linear-gradient(to right, {stops});'
        f'vertical-align:-1px;margin:0 6px"></span>0% to {top:.0%}{" or more" if top < 1 else ""}</div>'
    )


# ----- the map as a PNG (downloads) ------------------------------------------------------------
def png(fig: Figure, dpi: int = 110, tight: bool = False) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, **({"bbox_inches": "tight"} if tight else {}))
    return buf.getvalue()


def map_png(model: SchoolSystem, title: str, risk: dict[int, float] | None = None) -> bytes:
    """The map for a report: the same picture as on screen, with a legend."""
    f = map_frame(model, risk)
    fig = Figure(figsize=(10, 6.4))
    ax = fig.add_axes([0.06, 0.08, 0.62 if risk is None else 0.78, 0.84])
    for a, b, c, d, col in f.links:
        ax.plot([a, c], [b, d], color=col, lw=1.0, alpha=0.75, zorder=1)
    sizes = 6 + np.array([s.roll for s in model.schools]) / 4
    filled = np.array(f.filled or [True] * len(f.x))
    faces = np.array([c if full else "#ffffff" for c, full in zip(f.colour, filled)])
    edges = np.array(["#ffffff" if full else c for c, full in zip(f.colour, filled)])
    sc = ax.scatter(f.x, f.y, s=sizes, c=faces, edgecolors=edges, linewidth=np.where(filled, 0.4, 1.3), zorder=2)
    if risk is None:
        for words, colour, full in STATUS.values():
            ax.scatter([], [], s=40, label=words, c="#ffffff" if not full else colour, edgecolors=colour, linewidth=1.3)
        for form, colour in FORM_COLOURS.items():
            ax.plot([], [], color=colour, lw=2, label=FORM_WORDS[form])
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, title="Schools; links")
    else:
        top = max(0.1, max(risk.values()) if risk else 0.1)
        sc.set_cmap(RISK_CMAP)
        mappable = matplotlib.cm.ScalarMappable(norm=matplotlib.colors.Normalize(0, top), cmap=RISK_CMAP)
        fig.colorbar(mappable, ax=ax, label="chance of a headship gap within 3 years", fraction=0.04, pad=0.02)
    ax.set_aspect("equal")
    ax.set_xlabel("km east")
    ax.set_ylabel("km north")
    ax.set_title("\n".join(textwrap.wrap(title, 110)), fontsize=10)
    return png(fig, tight=True)


def risk_map_png(register: pd.DataFrame, title: str) -> bytes:
    """The register's map for a download: the same colours as on screen (deeper red, likelier gap), with a scale."""
    f = risk_frame(register)
    top = max(0.1, float(register.p_gap_3y.max()) if len(register) else 0.1)
    fig = Figure(figsize=(9, 6.4))
    ax = fig.add_axes([0.08, 0.08, 0.78, 0.84])
    ax.scatter(f.x, f.y, s=6 + register.roll.to_numpy(dtype=float) / 4, c=f.colour, edgecolor="#adb5bd", linewidth=0.3)
    mappable = matplotlib.cm.ScalarMappable(norm=matplotlib.colors.Normalize(0, top), cmap=RISK_CMAP)
    bar = fig.colorbar(mappable, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("chance of at least one term without a substantive head within 3 years")
    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_aspect("equal")
    ax.set_xlabel("km east")
    ax.set_ylabel("km north")
    ax.set_title("\n".join(textwrap.wrap(title, 100)), fontsize=10)
    return png(fig, tight=True)


# ----- series each term ------------------------------------------------------------------------
class SeriesTracker:
    """The series the charts show, read incrementally from the model's termly rows."""

    def __init__(self, model: SchoolSystem) -> None:
        self.model = model
        self.read = 0
        keys = [(m, g) for m, g, *_ in SERIES + MONEY]
        self.points: dict[tuple[str, str], list[tuple[float, float]]] = {k: [] for k in keys}

    def update(self) -> None:
        rows = self.model.collector.rows
        points = self.points
        for year, term, measure, group, value in rows[self.read :]:
            if term >= 0 and (measure, group) in points:
                points[(measure, group)].append((year + term / 3, value))
        self.read = len(rows)

    def frame(self) -> pd.DataFrame:
        """Every series as a table: one row per term (for the CSV download)."""
        self.update()
        out = {}
        for (measure, group), pts in self.points.items():
            if pts:
                out[f"{measure}|{group}"] = pd.Series([v for _, v in pts], index=[t for t, _ in pts])
        return pd.DataFrame(out)


def _year_axis(ax, start: int, end: float) -> None:
    ax.set_xlim(start - 0.1, max(end, start + 1) + 0.1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{int(round(v))}"))
    ax.set_xlabel("school year starting in September", fontsize=8)


class SeriesChart:
    """The two series panels of one model, drawn once and then only given new data (fast redraws)."""

    def __init__(self, tracker: SeriesTracker, size: tuple[float, float] = (11, 3.9)) -> None:
        self.tracker = tracker
        model = tracker.model
        end = model.start_year + model.n_terms / 3
        fig = Figure(figsize=size)
        ax = fig.add_axes([0.05, 0.4, 0.42, 0.46])
        ax2 = fig.add_axes([0.56, 0.4, 0.42, 0.46])
        self.lines = {}
        for axis, spec in ((ax, SERIES), (ax2, MONEY)):
            for measure, group, label, colour, dashed in spec:
                self.lines[(measure, group)] = axis.plot(
                    [], [], label=label, lw=1.8, color=hex_of(colour), ls="--" if dashed else "-"
                )[0]
        ax.set_title("Schools, each term", fontsize=10, loc="left")
        ax2.set_title("Money spent so far (£ thousand)", fontsize=10, loc="left")
        for a in (ax, ax2):
            _year_axis(a, model.start_year, end)
            a.grid(alpha=0.3)
            a.tick_params(labelsize=8)
            a.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
            a.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
            a.legend(fontsize=8, loc="upper left", bbox_to_anchor=(0.0, -0.3), ncol=2, frameon=False)
        self.axes = (ax, ax2)
        self.title = fig.suptitle("", fontsize=10, x=0.01, ha="left")
        self.fig = fig

    def png(self, title: str, dpi: int = 80) -> bytes:
        self.tracker.update()
        for (measure, group), line in self.lines.items():
            pts = self.tracker.points[(measure, group)]
            t = [p[0] for p in pts]
            v = [p[1] for p in pts]
            if measure.startswith("spent."):
                v = list(np.cumsum(v) / 1e3)
            line.set_data(t, v)
        for a in self.axes:
            top = max([max(line.get_ydata(), default=0) for line in a.get_lines()] + [MIN_TOP])
            a.set_ylim(0, top * 1.08)
        self.title.set_text("\n".join(textwrap.wrap(title, 150)))
        return png(self.fig, dpi, tight=True)


MIN_TOP = 5.0  # an empty chart's y axis runs 0 to 5: whole numbers, never "0 0 0 1 1 1"


def y_ticks(ymax: float) -> list[float]:
    """Whole-number ticks from 0 covering ``ymax`` (at least 0 to 5)."""
    return [t for t in MaxNLocator(nbins=5, integer=True).tick_values(0, max(ymax, MIN_TOP)) if t >= 0]


def line_chart_svg(
    lines: list[tuple[str, str, list[float], list[float], bool]],
    title: str,
    x_range: tuple[float, float],
    subtitle: str = "",
    width: float = 420,
    height: float = 262,
) -> str:
    """A small line chart as SVG (title, two-line subtitle, year ticks, whole-number y ticks, a legend below).

    ``lines`` are (label, colour, xs, ys, dashed). Titles keep one size whatever their length:
    the subtitle (what runs · when) is split into two lines instead of shrunk.
    """
    left, right, top, bottom = 46, 12, 52, 34
    columns = 2 if width >= 500 else 1
    legend_rows = -(-len(lines) // columns)
    full_h = height + 17 * legend_rows
    pw, ph = width - left - right, height - top - bottom
    x0, x1 = x_range
    ymax = max([max(ys, default=0.0) for _, _, _, ys, _ in lines] + [0.0])
    ticks = y_ticks(ymax)
    y1 = max(ticks[-1], ymax)
    what, when = split_title(subtitle)

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * pw

    def py(y: float) -> float:
        return top + ph - y / y1 * ph

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {full_h}" style="width:100%;height:auto" '
        f'font-family="sans-serif" role="img" aria-label="{html.escape(title)}">',
        f'<text x="{left}" y="15" font-size="12.5" fill="{hex_of("ink")}">{html.escape(title)}</text>',
        f'<text x="{left}" y="29" font-size="9.5" fill="#868e96">{html.escape(what)}</text>',
        f'<text x="{left}" y="41" font-size="9.5" fill="#868e96">{html.escape(when)}</text>',
    ]
    for t in ticks:
        out.append(
            f'<line x1="{left}" x2="{left + pw}" y1="{py(t):.1f}" y2="{py(t):.1f}" stroke="#e9ecef"/>'
            f'<text x="{left - 5}" y="{py(t) + 3.5:.1f}" font-size="10" text-anchor="end" fill="#495057">{t:,.0f}</text>'
        )
    step = max(1, int(np.ceil((x1 - x0) / 8)))
    for year in range(int(np.ceil(x0)), int(x1) + 1, step):
        out.append(
            f'<line x1="{px(year):.1f}" x2="{px(year):.1f}" y1="{top}" y2="{top + ph}" stroke="#f1f3f5"/>'
            f'<text x="{px(year):.1f}" y="{top + ph + 13}" font-size="10" text-anchor="middle" fill="#495057">{year}</text>'
        )
    out.append(
        f'<text x="{left + pw / 2}" y="{top + ph + 27}" font-size="10" text-anchor="middle" fill="#868e96">'
        "school year starting in September</text>"
        f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#adb5bd"/>'
    )
    for _label, colour, xs, ys, dashed in lines:
        if xs:
            pts = " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in zip(xs, ys))
            dash = ' stroke-dasharray="5 3"' if dashed else ""
            out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="1.8"{dash}/>')
    for i, (label, colour, _, _, dashed) in enumerate(lines):
        lx = left + (i % columns) * pw / columns
        ly = height + 17 * (i // columns) + 4
        dash = ' stroke-dasharray="5 3"' if dashed else ""
        out.append(
            f'<line x1="{lx}" x2="{lx + 16}" y1="{ly}" y2="{ly}" stroke="{colour}" stroke-width="2.5"{dash}/>'
            f'<text x="{lx + 21}" y="{ly + 3.5}" font-size="10.5" fill="#343a40">{html.escape(label)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def series_svgs(tracker: SeriesTracker, stamp: str = "") -> tuple[str, str]:
    """The two series panels for the screen: schools each term, and money spent so far."""
    tracker.update()
    model = tracker.model
    span_ = (model.start_year, model.start_year + model.n_terms / 3)

    def lines(spec, cumulative: bool):
        out = []
        for measure, group, label, colour, dashed in spec:
            pts = tracker.points[(measure, group)]
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            if cumulative:
                ys = list(np.cumsum(ys) / 1e3)
            out.append((label, hex_of(colour), xs, ys, dashed))
        return out

    return (
        line_chart_svg(lines(SERIES, False), "Schools, each term", span_, stamp),
        line_chart_svg(lines(MONEY, True), "Money spent so far (£ thousand)", span_, stamp),
    )


def series_png(tracker: SeriesTracker, title: str, dpi: int = 110) -> bytes:
    """The series panels for a download (a fresh, sharper figure)."""
    return SeriesChart(tracker).png(title, dpi)


def chart_title(settings_caption: str, model: SchoolSystem) -> str:
    return f"{settings_caption} · {date_label(model)}"


# ----- the comparison --------------------------------------------------------------------------
COMPARE_PANELS = [  # (measure, group, title, cumulative)
    ("gap_terms", "le110", "School-terms without a substantive head, small schools (per year)", False),
    ("schools_in_active_partnership", "le110", "Small schools in an active partnership", False),
    ("schools_led_by_executive", "all", "Schools led by an executive head", False),
    ("public_cost", "all", "Public money spent so far (£ thousand)", True),
]
PUBLIC = ("spent.programme", "spent.authority")


def compare_png(
    measures: pd.DataFrame, scenarios: list[str], titles: dict[str, str], title: str, dpi: int = 90
) -> bytes:
    """Median and 10–90% band of each scenario's paired runs, on four headline measures, by year."""
    from sim.analysis.report import series

    col = scenario_colours(scenarios)
    fig = Figure(figsize=(12, 6.6))
    axes = fig.subplots(2, 2).flat
    fig.subplots_adjust(left=0.06, right=0.98, top=0.86, bottom=0.16, hspace=0.45, wspace=0.16)
    for ax, (measure, group, panel, cumulative) in zip(axes, COMPARE_PANELS):
        if measure == "public_cost":
            parts = [series(measures, m, "all") for m in PUBLIC]
            wide = parts[0].add(parts[1], fill_value=0.0).cumsum(axis=1) / 1e3
        else:
            wide = series(measures, measure, group)
            if cumulative:
                wide = wide.cumsum(axis=1)
        for scenario in scenarios:
            if scenario not in wide.index.get_level_values(0):
                continue
            q = wide.loc[scenario].quantile([0.1, 0.5, 0.9])
            ax.plot(q.columns, q.loc[0.5], color=col[scenario], lw=2.2, label=titles.get(scenario, scenario))
            ax.fill_between(q.columns, q.loc[0.1], q.loc[0.9], color=col[scenario], alpha=0.18, lw=0)
        ax.set_title(panel, fontsize=10, loc="left")
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{int(round(v))}"))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    handles, labels = next(iter(fig.axes)).get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(4, len(labels)), fontsize=9, frameon=False)
    fig.suptitle(title, fontsize=10.5, x=0.01, ha="left")
    return png(fig, dpi)


def finite(x: float) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))
