"""How fresh each source is: the date of the newest record it holds, when it last gave
anything new, and telling editors and staff when a live source has been quiet for longer
than its usual gap (a publisher that stopped, or changed its address, says nothing: only
its silence shows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from . import live, notifications
from .models import Advisory, FeedItem, FeedRun, FeedSource


@dataclass(frozen=True)
class Freshness:
    newest_record: dt.date | None  # the newest day a record of the source reports
    last_new: dt.datetime | None  # when the source last gave a record not held before
    quiet_days: int | None  # days without anything new, when over the usual gap

    @property
    def quiet(self) -> bool:
        return self.quiet_days is not None


def of_sources(sources, now: dt.datetime | None = None) -> dict[int, Freshness]:
    """Each source's freshness, in three queries whatever their number."""
    now = now or timezone.now()
    ids = [source.pk for source in sources]
    items = {
        row["source"]: row
        for row in FeedItem.objects.filter(source__in=ids)
        .values("source")
        .annotate(day=Max("occurred_on"), new=Max("created_at"))
        .order_by()
    }
    notes = {
        row["source"]: row
        for row in Advisory.objects.filter(source__in=ids)
        .values("source")
        .annotate(day=Max(TruncDate("published_at")), new=Max("created_at"))
        .order_by()
    }
    first_success = dict(
        FeedRun.objects.filter(source__in=ids, state=FeedRun.State.SUCCEEDED)
        .values_list("source")
        .annotate(first=Min("started_at"))
        .order_by()
    )
    found = {}
    for source in sources:
        rows = [r for r in (items.get(source.pk), notes.get(source.pk)) if r]
        days = [r["day"] for r in rows if r["day"]]
        news = [r["new"] for r in rows if r["new"]]
        last_new = max(news) if news else None
        quiet = None
        since = last_new or first_success.get(source.pk)
        if source.usual_gap_days and since is not None and _watched(source):
            silent = now - since
            if silent > dt.timedelta(days=source.usual_gap_days):
                quiet = silent.days
        found[source.pk] = Freshness(max(days) if days else None, last_new, quiet)
    return found


def _watched(source: FeedSource) -> bool:
    """A source whose silence means something: polled, and switched on."""
    return bool(source.enabled and source.url and (not source.shipped or live.switched_on()))


def tell_quiet(now: dt.datetime | None = None) -> int:
    """Tell editors and staff of each watched source that has given nothing new for longer
    than its usual gap, once per silence (again only after the source spoke and fell quiet
    again, or after another full gap). The number of sources told of."""
    now = now or timezone.now()
    sources = [
        s
        for s in FeedSource.objects.filter(enabled=True, usual_gap_days__isnull=False)
        if _watched(s)
    ]
    told = 0
    fresh = of_sources(sources, now)
    for source in sources:
        freshness = fresh[source.pk]
        if not freshness.quiet:
            continue
        gap = dt.timedelta(days=source.usual_gap_days)
        told_this_silence = source.quiet_told_at and (
            freshness.last_new is None or source.quiet_told_at > freshness.last_new
        )
        if told_this_silence and now - source.quiet_told_at < gap:
            continue
        notifications.source_quiet(
            source=source, days=freshness.quiet_days, newest=freshness.newest_record
        )
        FeedSource.objects.filter(pk=source.pk).update(quiet_told_at=now)
        told += 1
    return told
