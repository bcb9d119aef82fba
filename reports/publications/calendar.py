"""Events as calendar files (RFC 5545, written by ``icalendar``): one per event, and a feed
of the upcoming ones. Times carry the event's own time zone, with its VTIMEZONE."""

from __future__ import annotations

import zoneinfo
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from ..models import Publication


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//CSOA//Publications//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(publication: Publication, url: str) -> Event:
    zone = zoneinfo.ZoneInfo(publication.time_zone)
    event = Event()
    domain = urlparse(settings.SITE_URL).hostname or "csoa"
    event.add("uid", f"publication-{publication.pk}@{domain}")
    event.add("dtstamp", publication.published_at or timezone.now())
    event.add("dtstart", publication.starts.astimezone(zone))
    event.add("dtend", publication.ends.astimezone(zone))
    event.add("summary", publication.title)
    if publication.summary:
        event.add("description", publication.summary)
    location = publication.venue or publication.online_link
    if location:
        event.add("location", location)
    event.add("url", url)
    if publication.organiser:
        event.add("x-csoa-organiser", publication.organiser)
    return event


def event_file(publication: Publication, url: str) -> bytes:
    calendar = _calendar(publication.title)
    calendar.add_component(_event(publication, url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_feed(events: list[tuple[Publication, str]], name: str) -> bytes:
    calendar = _calendar(name)
    for publication, url in events:
        calendar.add_component(_event(publication, url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
