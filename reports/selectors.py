"""Reads of the trends, through the access policy: a trend only ever counts the incidents the
viewer may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from feeds.models import FeedItem
from incidents import selectors as incident_selectors
from incidents.clusters import active_filters
from incidents.filters import port_codes
from incidents.models import Incident
from incidents.selectors import in_statistics
from kit.geography import Region
from kit.text import whole_number
from members.access import TLP, Viewer, granted, visible

from .analysis import counted, figures, from_cells, scan, trend
from .filters import TrendFilter
from .findings import findings
from .models import TrendCell

# The filters the counted cells keep: a trend with no others is added up from the cells.
CELL_FILTERS = frozenset({"region", "category", "tlp", "since", "until"})


def highest_tlp(markings) -> str:
    found = [t for t in markings if t]
    return max(found, key=TLP.strictness) if found else TLP.CLEAR


def counted_marking(incidents: QuerySet[Incident]) -> str:
    """The strictest TLP marking among the incidents a trend counts: what a report of it,
    or a quote of its findings, is marked."""
    counted = incident_selectors.in_statistics(incidents).order_by()
    return highest_tlp(counted.values_list("tlp", flat=True).distinct())


def trend_filter(viewer: Viewer, params) -> TrendFilter:
    return TrendFilter(params, queryset=incident_selectors.incidents(viewer))


def last_twelve_months(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The twelve months to today, both days inclusive (from 1 March after a 29 February)."""

    today = today or timezone.now().date()
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + dt.timedelta(days=1), today


@dataclass
class PlaceYear:
    """A port's or anchorage's last twelve months, as its page and its card in a post show
    them: the figures of what the viewer may see, and the trend's parameters."""

    figures: dict
    since: dt.date
    until: dt.date
    params: QueryDict  # the trend's parameters, as its page is asked for them
    incidents: QuerySet[Incident]  # what the figures count


def place_year(viewer: Viewer, code: str, today: dt.date | None = None) -> PlaceYear:
    return lens_year(viewer, QueryDict(urlencode({"port": code})), today)


def lens_year(viewer: Viewer, lens: QueryDict, today: dt.date | None = None) -> PlaceYear:
    """The last twelve months of what a filter of the incidents (a group's lens: regions,
    ports, categories) holds, as the viewer may see them. Its own period is replaced."""
    since, until = last_twelve_months(today)
    params = lens.copy()
    params.setlist("since", [since.isoformat()])
    params.setlist("until", [until.isoformat()])
    filterset = trend_filter(viewer, params)
    filterset.is_valid()
    return PlaceYear(trend_of(viewer, filterset), since, until, params, filterset.qs)


BAR_STEP, BAR_HEIGHT = 6, 22  # a small chart of a year: a bar per month, in pixels


def month_bars(months: list[dict]) -> dict:
    """A year's small chart (a port's card, a group's lens): a bar a month, each as tall as
    its share of the busiest, with its month and count as its title."""
    busiest = max((month["incidents"] for month in months), default=0) or 1
    bars = []
    for i, month in enumerate(months):
        height = max(1, round(BAR_HEIGHT * month["incidents"] / busiest))  # 1: a baseline
        bars.append(
            {
                "x": i * BAR_STEP,
                "y": BAR_HEIGHT - height,
                "height": height,
                "label": f"{dt.date.fromisoformat(month['month'] + '-01'):%b %Y}: "
                f"{month['incidents']}",
            }
        )
    return {"bars": bars, "width": len(bars) * BAR_STEP, "height": BAR_HEIGHT}


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def whole_months(since: dt.date | None, until: dt.date | None) -> tuple | None:
    """The whole months of a period, as (first day of the first, first day after the last),
    either open when the period is; None when the period holds no whole month."""
    first = since if since is None or since.day == 1 else _next_month(since)
    end = None if until is None else _next_month(until)
    if end is not None and until + dt.timedelta(days=1) != end:
        end = until.replace(day=1)  # the last month is not whole
    if first is not None and end is not None and first >= end:
        return None
    return first, end


def _in(first: dt.date | None, end: dt.date | None, field: str = "occurred_on") -> Q:
    within = Q()
    if first is not None:
        within &= Q(**{f"{field}__gte": first})
    if end is not None:
        within &= Q(**{f"{field}__lt": end})
    return within


@dataclass
class Split:
    """A count split between the counted cells of the whole months and the incidents the
    cells leave out: those seen by grant within those months, and the days outside them."""

    cells: QuerySet[TrendCell]
    rows: list[QuerySet[Incident]]


def split(
    viewer: Viewer,
    *,
    since: dt.date | None,
    until: dt.date | None,
    rows: QuerySet[Incident],
    narrow: Callable[[QuerySet], QuerySet],
    cells_where: Q,
) -> Split | None:
    """Split the count of ``rows`` (what the viewer sees, narrowed to a period from ``since``
    to ``until``, both inclusive, and by ``narrow``, which ``cells_where`` says of cells);
    None when the period holds no whole month."""
    months = whole_months(since, until)
    if months is None:
        return None
    first, end = months
    whole = _in(first, end)
    cells = visible(viewer, TrendCell).filter(_in(first, end, "month"), cells_where)
    read = [narrow(granted_rows).filter(whole) for granted_rows in granted(viewer, Incident)]
    ragged_start = since is not None and since != first
    ragged_end = until is not None and until + dt.timedelta(days=1) != end
    if ragged_start or ragged_end:
        read.append(rows.exclude(whole))  # the days outside the whole months
    return Split(cells, read)


def trend_of(viewer: Viewer, filterset: TrendFilter) -> dict:
    """The trend of a filter's incidents. With no filter but the region, category, marking
    and period, the whole months are added up from the counted cells the viewer may see,
    and only the incidents the cells leave out are read."""
    since, until = filterset.period
    data = filterset.form.cleaned_data
    where = Q()
    for name in ("region", "category", "tlp"):
        if data.get(name):
            where &= Q(**{f"{name}__in": data[name]})
    parts = None
    if active_filters(filterset) <= CELL_FILTERS:
        parts = split(
            viewer,
            since=since,
            until=until,
            rows=filterset.qs,
            narrow=filterset.filter_queryset,
            cells_where=where,
        )
    if parts is None:
        return trend(filterset.qs, since=since, until=until)
    tally = from_cells(parts.cells)
    if parts.rows:
        tally += scan(*counted(*parts.rows))
    return figures(tally, since=since, until=until)


def sources_of(viewer: Viewer, filterset: TrendFilter, figures: dict) -> dict:
    """Where a trend's incidents come from and how far to trust them: each feed and members'
    reports, and the incidents per source grade (A to F), as the trend counted them (the
    cells keep the grades). The incidents feeds report are found from the feeds' side: a
    feed item names its incident, so no incident is asked whether a feed reports it."""

    counted = in_statistics(filterset.qs).order_by()
    fed = visible(viewer, FeedItem).filter(incident__in=counted.values("pk"))
    by_feeds = fed.values("incident_id").distinct().count()
    feeds = dict(
        fed.values_list("source__name")
        .annotate(n=Count("incident", distinct=True))
        .values_list("source__name", "n")
    )
    grades = dict(sorted(figures["grades"].items()))
    return {"grades": grades, "feeds": feeds, "members": figures["incidents"] - by_feeds}


def describe(data: dict) -> str:
    """Where a trend looks, in words."""
    codes = port_codes(data.get("port"))
    if codes:
        names = sorted({place.name for place in incident_selectors.places(codes)})
        return ", ".join(names) if names else ", ".join(codes)
    if data.get("latitude") is not None:
        radius = data.get("radius_nm") or 10
        return f"within {radius:g} nm of {data['latitude']:.2f}, {data['longitude']:.2f}"
    regions = data.get("region") or []
    if regions:
        labels = dict(Region.choices)
        return ", ".join(labels[r] for r in regions)
    return "all waters"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def trend_shared(viewer: Viewer, query) -> tuple[str, str, list[str], str] | None:
    """A trend report's view as it is shared: its title, the trend's link, the findings and
    the strictest marking they count, as ``viewer`` sees them now."""

    filterset = trend_filter(viewer, query)
    if not filterset.is_valid():
        return None
    since, until = filterset.period
    place = describe(filterset.form.cleaned_data)
    title = place[:1].upper() + place[1:]
    if since and until:
        title += f", {_day(since)} to {_day(until)}"
    link = reverse("reports:trend") + "?" + query.urlencode()
    marking = counted_marking(filterset.qs)
    return title, link, findings(trend_of(viewer, filterset)), marking


def summary_shared(viewer: Viewer, query) -> tuple[str, str, list[str], str] | None:
    """A regional summary's view as it is shared: its title and link (its figures are on
    the page the link opens)."""

    year, region = query.get("year", ""), query.get("region", "")
    if whole_number(year) is None or (region and region not in Region.values):
        return None
    if region:
        title = f"{dict(Region.choices)[region]}: crime summary {year}"
        link = reverse("reports:region", args=[region]) + "?" + urlencode({"year": year})
    else:
        title = f"Regional crime summary {year}"
        link = reverse("reports:regions") + "?" + urlencode({"year": year})
    return title, link, [], ""
