"""The live public sources a CSO follows, shipped with the platform.

``manage.py feeds defaults`` adds each one that is missing (it never changes one that staff
have set up or changed). They are polled only when ``FEEDS_LIVE_SOURCES`` is true: on in
production unless turned off, off under ``make run`` and in tests, where there is no
internet. Each keeps its real format, address, interval, grade and marking here; what each
publisher's answer looks like is frozen in the tests (``tests/feeds/samples``).

Not shipped, and why (``docs/operations.md`` says more):

- MARAD's MSCI advisories and alerts are published as web pages on maritime.dot.gov; no feed
  of them could be established from public material, and the pages' markup is not known
  well enough to read them without guessing. Staff may add the pages' RSS, if MARAD
  publishes one, as an ``rss`` source.
- The IMB Piracy Reporting Centre's live piracy report is a web page and a map; no published
  data shape could be established, so it is left to uploads of IMB-style CSV.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Max
from django.utils.text import slugify

from members.access import TLP

from .models import FeedFormat, FeedItem, FeedSource

# A poll asks again for the last days before the newest record held: a publisher corrects
# and completes its recent entries.
SINCE_MARGIN_DAYS = 30
# The day the shipped ASAM archive's newest record bears: a new installation's first poll of
# the live API starts there, so the months between are filled in.
ASAM_ARCHIVE_ENDS = dt.date(2022, 6, 1)


@dataclass(frozen=True)
class Shipped:
    key: str
    name: str
    format: str
    url: str
    interval_minutes: int
    reliability: str
    default_tlp: str
    usual_gap_days: int
    since_parameter: str = ""
    region: str = ""


SHIPPED = (
    Shipped(
        key="nga-asam",
        name="NGA ASAM (live)",
        format=FeedFormat.ASAM_JSON,
        url="https://msi.nga.mil/api/publications/asam?sort=date&output=json",
        interval_minutes=12 * 60,
        reliability="B",
        default_tlp=TLP.CLEAR,
        usual_gap_days=21,
        since_parameter="minOccurDate",
    ),
    Shipped(
        key="ukmto",
        name="UKMTO recent incidents",
        format=FeedFormat.UKMTO_JSON,
        url="https://sccd.royalnavy.mod.uk/api/ukmto/all",
        interval_minutes=60,
        reliability="B",
        default_tlp=TLP.CLEAR,
        usual_gap_days=14,
    ),
)


def switched_on() -> bool:
    return bool(settings.FEEDS_LIVE_SOURCES)


def install(*, say: Callable[[str], None] = lambda line: None) -> list[FeedSource]:
    """Add each shipped source that is missing; the sources added."""
    added = []
    for shipped in SHIPPED:
        if FeedSource.objects.filter(shipped=shipped.key).exists():
            say(f"{shipped.name}: present.")
            continue
        if FeedSource.objects.filter(name=shipped.name).exists():
            say(f"{shipped.name}: a source of that name exists and is left as it is.")
            continue
        slug = shipped.key
        if FeedSource.objects.filter(slug=slug).exists():
            slug = slugify(shipped.name)[:100]
        source = FeedSource(
            name=shipped.name,
            slug=slug,
            shipped=shipped.key,
            format=shipped.format,
            url=shipped.url,
            interval_minutes=shipped.interval_minutes,
            reliability=shipped.reliability,
            default_tlp=shipped.default_tlp,
            region=shipped.region,
            usual_gap_days=shipped.usual_gap_days,
            since_parameter=shipped.since_parameter,
        )
        source.full_clean()
        source.save()
        added.append(source)
        state = "polled" if switched_on() else "off until FEEDS_LIVE_SOURCES is true"
        say(f"{shipped.name}: added ({state}).")
    return added


def since(source: FeedSource) -> dt.date | None:
    """The first day a poll of ``source`` asks for, when it asks by date: a margin before
    the newest record it holds, or before the newest record of the same publisher's archive,
    or the archive's end."""
    if not source.since_parameter:
        return None
    newest = FeedItem.objects.filter(source=source).aggregate(day=Max("occurred_on"))["day"]
    if newest is None:
        same_format = FeedItem.objects.filter(
            source__format__in=[FeedFormat.ASAM_CSV, FeedFormat.ASAM_JSON]
            if source.format in (FeedFormat.ASAM_CSV, FeedFormat.ASAM_JSON)
            else [source.format]
        )
        newest = same_format.aggregate(day=Max("occurred_on"))["day"] or ASAM_ARCHIVE_ENDS
    return newest - dt.timedelta(days=SINCE_MARGIN_DAYS)


def url_of(source: FeedSource) -> str:
    """The address a poll fetches: the source's URL, with the first day asked for when the
    source asks by date."""
    first = since(source)
    if first is None:
        return source.url
    joiner = "&" if "?" in source.url else "?"
    return f"{source.url}{joiner}{urlencode({source.since_parameter: first.isoformat()})}"
