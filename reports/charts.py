"""The trend's charts, drawn by matplotlib as SVG on the server, so that the page and the PDF
show the same pictures. Each is returned as a data: URI for an <img>: the page's Content
Security Policy forbids the inline styles an SVG in the page would need, and WeasyPrint
reads the same URI."""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass

from matplotlib import rcParams
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kit.landmask import is_land

from .analysis import WEEKDAYS

INK, BAR, MUTED = "#1b2b3a", "#1f5f8b", "#8aa4b8"
rcParams["svg.fonttype"] = "none"  # text as text: a third of the size, and searchable
rcParams["font.family"] = ["DejaVu Sans", "sans-serif"]


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    uri: str  # data:image/svg+xml;base64,...
    text: str  # the same figures in words, for screen readers and the PDF's text


def _svg_uri(figure: Figure) -> str:
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _bars(labels: list[str], values: list[int], *, width=6.0, height=2.0, rotate=0) -> str:
    """Bars with a tick for each label that is not empty (a long series labels some). The
    margins are worked out from the labels, not by drawing twice to measure them."""
    longest = max((len(label) for label in labels), default=0)
    below = 16 + longest * 5.0 * math.sin(math.radians(rotate))  # points, at 8 pt type
    figure = Figure(figsize=(width, height + below / 72), dpi=72)
    figure.subplots_adjust(
        left=0.7 / width, right=0.98, top=0.95, bottom=below / (72 * height + below)
    )
    axes = figure.subplots()
    axes.bar(range(len(values)), values, color=BAR, width=0.75)
    ticks = [(at, label) for at, label in enumerate(labels) if label]
    axes.set_xticks(
        [at for at, _ in ticks],
        [label for _, label in ticks],
        rotation=rotate,
        fontsize=8,
        color=INK,
    )
    axes.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    axes.tick_params(axis="y", labelsize=8, colors=INK)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color(MUTED)
    axes.spines["bottom"].set_color(MUTED)
    axes.set_ylim(bottom=0, top=max([*values, 1]) * 1.1)
    return _svg_uri(figure)


def _text(labels: list[str], values: list[int]) -> str:
    return ", ".join(f"{label}: {value}" for label, value in zip(labels, values, strict=True))


def charts(figures: dict, only: tuple[str, ...] = ()) -> list[Chart]:
    """Days of the week, hours, months, and what happened (crew, weapons, targets); or
    ``only`` those named."""
    made: list[Chart] = []

    def add(name: str, title: str, labels: list[str], values: list[int], **drawing) -> None:
        if only and name not in only:
            return
        shown = drawing.pop("shown", labels)
        made.append(Chart(name, title, _bars(shown, values, **drawing), _text(labels, values)))

    days = [day[:3].capitalize() for day in WEEKDAYS]
    add(
        "weekdays",
        "Incidents by day of the week (local)",
        days,
        list(figures["weekdays"].values()),
        width=4.2,
    )
    add(
        "hours",
        "Incidents by hour (local time; known times only)",
        [f"{h:02d}" for h in range(24)],
        figures["hours"],
        rotate=90,
    )
    unit = "year" if "years" in figures else "month"
    series = figures[unit + "s"]
    if series:
        labels = [point[unit] for point in series]
        step = max(1, len(labels) // 12)
        shown = [m if i % step == 0 else "" for i, m in enumerate(labels)]
        add(
            "months",
            f"Incidents by {unit}",
            labels,
            [m["incidents"] for m in series],
            rotate=90,
            shown=shown,
        )
    facts = [
        *[(f"crew {k}", v) for k, v in figures["crew"].items() if v],
        *[(k.replace("_", " "), v) for k, v in figures["weapons"].items()],
        *[(k.replace("_", " "), v) for k, v in figures["targets"].items()],
    ]
    if facts:
        add(
            "facts",
            "Incidents in which: crew, weapons, targets",
            [k for k, _ in facts],
            [v for _, v in facts],
            rotate=45,
            width=5.0,
        )
    return made


def small_map(points: list[tuple[float, float]], *, centre: tuple[float, float] | None = None):
    """The incidents' positions on land and sea drawn from the land mask the platform already
    uses to check positions: no map tiles are fetched, so it works offline and in the PDF.
    ``points`` are (latitude, longitude); ``centre`` frames a place with no incidents."""
    import numpy as np

    if not points and centre is None:
        return None
    lats = [p[0] for p in points] or [centre[0]]
    lons = [p[1] for p in points] or [centre[1]]
    span = max(max(lats) - min(lats), max(lons) - min(lons), 0.5) * 0.6
    mid_lat, mid_lon = (max(lats) + min(lats)) / 2, (max(lons) + min(lons)) / 2
    south, north = max(mid_lat - span, -89.9), min(mid_lat + span, 89.9)
    west, east = max(mid_lon - span, -180), min(mid_lon + span, 180)
    grid_lat = np.linspace(south, north, 240)
    grid_lon = np.linspace(west, east, 240)
    land = is_land(*np.meshgrid(grid_lat, grid_lon, indexing="ij"))
    figure = Figure(figsize=(3.6, 3.6), dpi=72)
    axes = figure.subplots()
    axes.imshow(
        land,
        origin="lower",
        extent=(west, east, south, north),
        aspect="auto",
        cmap=_land_and_sea(),
        interpolation="nearest",
    )
    if points:
        axes.scatter(lons, lats, s=14, c="#c0392b", edgecolors="white", linewidths=0.5)
    axes.tick_params(labelsize=7, colors=INK)
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    return _svg_uri(figure)


def _land_and_sea():

    return ListedColormap(["#d6e6f2", "#efe9dc"])


def year_against_year(
    name: str,
    title: str,
    labels: list[str],
    this: list[int],
    last: list[int],
    years: tuple[int, int],
    *,
    horizontal: bool = False,
) -> Chart:
    """Two series side by side: this year's bars dark, last year's light."""
    import numpy as np

    figure = Figure(figsize=(6.0, 0.32 * len(labels) + 0.8 if horizontal else 2.2), dpi=72)
    axes = figure.subplots()
    at = np.arange(len(labels))
    draw = axes.barh if horizontal else axes.bar
    draw(at - 0.2, last, 0.4, color=MUTED, label=str(years[1]))
    draw(at + 0.2, this, 0.4, color=BAR, label=str(years[0]))
    if horizontal:
        axes.set_yticks(at, labels, fontsize=8, color=INK)
        axes.invert_yaxis()
        axes.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    else:
        axes.set_xticks(at, labels, fontsize=8, color=INK)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    axes.tick_params(labelsize=8, colors=INK)
    axes.legend(fontsize=8, frameon=False)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    text = "; ".join(
        f"{label}: {a} in {years[0]}, {b} in {years[1]}"
        for label, a, b in zip(labels, this, last, strict=True)
    )
    return Chart(name, title, _svg_uri(figure), text)
