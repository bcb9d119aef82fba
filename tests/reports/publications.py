"""Publications for tests, made as the editors make them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from reports.publications import services


def published(author, kind="news", title="Iran seizes British tanker", tlp="clear", **fields):
    made = services.publication_draft(author=author, kind=kind, title=title, tlp=tlp, **fields)
    return services.publication_publish(actor=author, publication=made)


def event_fields(days=30, hours=8, zone="Europe/London"):
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    return {
        "starts": starts,
        "ends": starts + dt.timedelta(hours=hours),
        "time_zone": zone,
        "venue": "IMO, 4 Albert Embankment, London",
        "organiser": "CSOA",
    }
