"""Reads of the trends, through the access policy: a trend only ever counts the incidents the
viewer may see."""

from __future__ import annotations

from incidents import selectors as incident_selectors
from incidents.filters import port_codes
from incidents.geography import Region
from members.access import Viewer, visible

from .analysis import trend
from .filters import TrendFilter


def trend_filter(viewer: Viewer, params) -> TrendFilter:
    return TrendFilter(params, queryset=incident_selectors.incidents(viewer))


def trend_of(filterset: TrendFilter) -> dict:
    since, until = filterset.period
    return trend(filterset.qs, since=since, until=until)


def sources_of(viewer: Viewer, filterset: TrendFilter) -> dict:
    """Where the counted incidents come from and how far to trust them: members' reports
    and each feed, and the incidents per source grade (A to F)."""
    from django.db.models import Count, Exists, OuterRef

    from feeds.models import FeedItem
    from incidents.selectors import in_statistics

    counted = in_statistics(filterset.qs).order_by()
    reported_by_feed = Exists(visible(viewer, FeedItem).filter(incident=OuterRef("pk")))
    grades, members = {}, 0
    for grade, n, by_members in (
        counted.values_list("source_reliability")
        .annotate(n=Count("pk"), by_members=Count("pk", filter=~reported_by_feed))
        .values_list("source_reliability", "n", "by_members")
    ):  # one pass: grades and members
        grades[grade] = n
        members += by_members
    feeds = dict(
        visible(viewer, FeedItem).filter(incident__in=counted.values("pk"))
        .values_list("source__name").annotate(n=Count("incident", distinct=True))
        .values_list("source__name", "n")
    )  # fmt: skip
    return {"grades": dict(sorted(grades.items())), "feeds": feeds, "members": members}


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
