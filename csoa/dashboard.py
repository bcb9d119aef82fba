"""A member's home after login: the latest incidents in the regions they watch, the ports
and anchorages they watch with their last year, what is unread (notifications and Chatter
threads) and the shortcuts a CSO uses. Everything is read through the access policy as the
member: an incident, a thread or a notification they may not see is neither listed nor
counted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils import timezone

from chatter.selectors import thread_list
from incidents.models import Port, SavedSearch
from incidents.selectors import incidents
from kit.geography import Region
from members.access import Viewer, visible
from members.notifications.selectors import notifications_of, shown, watches_of

LATEST = 6
UNREAD_SHOWN = 5
THREADS_SHOWN = 5


@dataclass
class WatchedPort:
    code: str
    name: str
    last_year: int
    latest: dt.date | None


def member_home(viewer: Viewer) -> dict:

    watches = list(watches_of(viewer).filter(target_type__in=("region", "port")))
    regions = [w.target_key for w in watches if w.target_type == "region"]
    codes = [w.target_key for w in watches if w.target_type == "port"]

    latest = incidents(viewer).order_by("-occurred_at", "-id")
    if regions:
        latest = latest.filter(region__in=regions)
    year_ago = timezone.localdate() - dt.timedelta(days=365)
    figures = {
        row["port__code"]: row
        for row in incidents(viewer)
        .filter(port__code__in=codes)
        .values("port__code")
        .annotate(
            last_year=Count("pk", filter=Q(occurred_on__gte=year_ago)), latest=Max("occurred_on")
        )
    }
    names = dict(Port.objects.filter(code__in=codes).values_list("code", "name"))
    ports = [
        WatchedPort(
            code,
            names[code],
            figures.get(code, {}).get("last_year", 0),
            figures.get(code, {}).get("latest"),
        )
        for code in codes
        if code in names
    ]
    unread = list(notifications_of(viewer).filter(read_at__isnull=True)[:UNREAD_SHOWN])
    return {
        "latest": list(latest[:LATEST]),
        "watched_regions": [(code, Region(code).label) for code in regions if code in Region],
        "watched_ports": sorted(ports, key=lambda port: port.name),
        "unread_notifications": shown(viewer, unread),
        "unread_threads": list(thread_list(viewer, "unread")[:THREADS_SHOWN]),
        "saved_searches": list(visible(viewer, SavedSearch).order_by("name", "id")[:5]),
    }
