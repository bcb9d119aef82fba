"""A group's lens, on its page: the last twelve months of what the lens holds (a bar a month
and the trend's findings), with links to its map, list and trend. A lens with no fixed port
(the Port Crime Working Group's) asks which port first. Registered as a section of the
group page, so that groups does not import the reports."""

from __future__ import annotations

from django.db.models import Count
from django.http import QueryDict
from django.urls import reverse

from incidents.ports import port_by_code

from .findings import findings
from .selectors import lens_year, month_bars

BUSY_PORTS = 6  # suggestions under "which port?"


def _busiest(viewer, lens: QueryDict) -> list:
    """The ports where the lens holds the most incidents this viewer may see, for the
    "which port?" question."""

    year = lens_year(viewer, lens)
    rows = (
        year.incidents.exclude(port=None)
        .values("port__code", "port__name")
        .annotate(n=Count("id"))
        .order_by("-n")[:BUSY_PORTS]
    )
    return [{"code": row["port__code"], "name": row["port__name"], "n": row["n"]} for row in rows]


def section(request, group, standing) -> dict | None:
    if not group.lens and not group.lens_asks_port:
        return None
    viewer = request.viewer
    lens = QueryDict(group.lens, mutable=True)
    context: dict = {"group": group, "asks_port": group.lens_asks_port, "count": None}
    if group.lens_asks_port:
        asked = request.GET.get("port", "").strip()[:20]
        place = port_by_code(asked) if asked and "\x00" not in asked else None
        context.update(asked=asked, place=place, unknown=bool(asked) and place is None)
        if place is None:
            context["suggestions"] = _busiest(viewer, lens)
            return context
        lens.setlist("port", [place.code])
    year = lens_year(viewer, lens)
    figures = year.figures
    query = lens.urlencode()
    context.update(
        count=figures["incidents"],
        said=findings(figures)[:3] if figures["incidents"] else [],
        since=year.since,
        until=year.until,
        trend_url=reverse("reports:trend") + "?" + year.params.urlencode(),
        map_url=reverse("incidents:map") + (f"?{query}" if query else ""),
        list_url=reverse("incidents:list") + (f"?{query}" if query else ""),
        **month_bars(figures.get("months", [])),
    )
    return context
