"""Reads of the trends, through the access policy: a trend only ever counts the incidents the
viewer may see."""

from __future__ import annotations

from incidents import selectors as incident_selectors
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
    grades = dict(
        counted.values_list("source_reliability").annotate(n=Count("pk")).values_list(
            "source_reliability", "n"
        )
    )  # fmt: skip
    feeds = dict(
        visible(viewer, FeedItem).filter(incident__in=counted.values("pk"))
        .values_list("source__name").annotate(n=Count("incident", distinct=True))
        .values_list("source__name", "n")
    )  # fmt: skip
    members = counted.exclude(Exists(FeedItem.objects.filter(incident=OuterRef("pk")))).count()
    return {"grades": dict(sorted(grades.items())), "feeds": feeds, "members": members}
