"""Reads of the feeds app, through the access policy."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from incidents.models import FoiledBy, Outcome, Target, VesselStatus, VesselType, Weapon
from kit.geography import country_name
from members.access import Viewer, get_visible_or_404, visible, visible_within

from . import access, freshness, live
from .models import Advisory, Briefing, Correction, FeedItem, FeedRun, FeedSource, Reading
from .review import CORRECTABLE

_CHOICES_KEY = "feeds:source-choices"


class FeedReporters:
    """The feeds as reporters of incidents (``incidents.sources``): an incident is reported
    by a source when one of the source's records was accepted as it or attached to it."""

    def choices(self) -> list[tuple[str, str]]:
        """Each feed source by name. Kept in the cache, so the list and map pages do not ask
        the database for it on every view."""
        choices = cache.get(_CHOICES_KEY)
        if choices is None:
            choices = list(FeedSource.objects.values_list("slug", "name"))
            cache.set(_CHOICES_KEY, choices, 300)
        return [tuple(choice) for choice in choices]

    def reporting(self, slugs: set[str]) -> Q:

        return Q(Exists(FeedItem.objects.filter(incident=OuterRef("pk"), source__slug__in=slugs)))

    def reporting_any(self) -> Q:

        return Q(Exists(FeedItem.objects.filter(incident=OuterRef("pk"))))

    def of_incident(self, viewer: Viewer, incident) -> list[dict]:

        items = visible_within(viewer, FeedItem, incident).select_related("source")
        return [
            {
                "name": item.source.name,
                "external_id": item.external_id,
                "reliability": item.source.reliability,
            }
            for item in items.order_by("source__name", "external_id")
        ]


def forget_source_choices() -> None:
    cache.delete(_CHOICES_KEY)


def queue(viewer: Viewer, *, source=None, region: str = "", state: str = "pending"):

    items = visible(viewer, FeedItem).select_related("source", "match")
    if source is not None:
        items = items.filter(source=source)
    if region:
        items = items.filter(region=region)
    return items.filter(state=state or FeedItem.State.PENDING).order_by("-occurred_on", "-id")


def neighbours(viewer: Viewer, found) -> tuple[int | None, int | None, int, int]:
    """The records waiting before and after this one in the queue's order, its place among
    them (0 when it waits no more) and how many wait: the desk's previous and next."""
    waiting = list(queue(viewer).values_list("pk", flat=True))
    if found.pk not in waiting:
        return None, (waiting[0] if waiting else None), 0, len(waiting)
    at = waiting.index(found.pk)
    before = waiting[at - 1] if at > 0 else None
    after = waiting[at + 1] if at + 1 < len(waiting) else None
    return before, after, at + 1, len(waiting)


def item(viewer: Viewer, pk):

    return get_visible_or_404(viewer, visible(viewer, FeedItem).select_related("source"), pk=pk)


def items(viewer: Viewer, ids: list[int]):
    """The records of a bulk action, in one query (those the viewer may not see are left out)."""

    return visible(viewer, FeedItem).select_related("source").filter(pk__in=ids).order_by("pk")


def source(viewer: Viewer, slug: str):

    return get_visible_or_404(viewer, FeedSource, slug=slug)


def advisories(viewer: Viewer, *, region: str = ""):

    shown = visible(viewer, Advisory).select_related("source")
    if region:
        shown = shown.filter(region=region)
    return shown.order_by("-published_at", "-id")


def briefing_drafts(viewer: Viewer, regions: list[str]):
    """The advisories of these regions waiting for an editor's briefing, newest first; for
    editors and staff (nobody else drafts briefings)."""

    if not (viewer.is_editor or viewer.is_staff) or not regions:
        return Advisory.objects.none()
    return (
        advisories(viewer)
        .filter(briefing=Briefing.DRAFT, region__in=regions)
        .order_by("-published_at", "-id")
    )


def health(viewer: Viewer, *, days: int = 30) -> list[dict]:
    """Per source: the last successful and the last failed run, the records of each of the
    last ``days`` days, and the lag since the last success."""

    now = timezone.now()
    since = now - dt.timedelta(days=days)
    sources = visible(viewer, FeedSource)
    runs = visible(viewer, FeedRun)
    last = {
        row["source"]: row
        for row in runs.values("source").annotate(
            success=Max("finished_at", filter=Q(state=FeedRun.State.SUCCEEDED)),
            failure=Max("finished_at", filter=Q(state=FeedRun.State.FAILED)),
        )
    }
    errors = {
        run.source_id: run
        for run in runs.filter(state=FeedRun.State.FAILED)
        .order_by("source_id", "-finished_at")
        .distinct("source_id")
    }
    per_day: dict[int, dict] = {}
    for row in (
        visible(viewer, FeedItem)
        .filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("source", "day")
        .annotate(n=Count("id"))
    ):
        per_day.setdefault(row["source"], {})[row["day"]] = row["n"]
    pending = dict(
        visible(viewer, FeedItem)
        .filter(state=FeedItem.State.PENDING)
        .values_list("source")
        .annotate(n=Count("id"))
    )
    report = []
    feeds = list(sources.order_by("name"))
    fresh = freshness.of_sources(feeds, now)
    for feed in feeds:
        times = last.get(feed.pk, {})
        success, failure = times.get("success"), times.get("failure")
        counts = per_day.get(feed.pk, {})
        late = not success or now - success > dt.timedelta(minutes=2 * feed.interval_minutes)
        held_back = bool(feed.shipped and not live.switched_on())
        report.append(
            {
                "source": feed,
                "last_success": success,
                "last_failure": failure,
                "last_error": errors[feed.pk].error if feed.pk in errors else "",
                "failing": bool(failure and (not success or failure > success)),
                "lag": _duration(now - success) if success else "",
                "overdue": bool(feed.enabled and feed.url and late and not held_back),
                "items_per_day": round(sum(counts.values()) / days, 1),
                "days": [counts.get((now - dt.timedelta(days=n)).date(), 0) for n in range(days)],
                "pending": pending.get(feed.pk, 0),
                "freshness": fresh[feed.pk],
                "held_back": held_back,
            }
        )
    return report


def _duration(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60} min"
    return f"{minutes // (24 * 60)} days"


# What the reader found, as the editor reads it: the fact, its value, and the words of the
# text it came from ("Weapons: knives, from 'armed with knives'").
READ_FACTS = [
    ("occurred_time", "Time", None),
    ("time_basis", "Local or UTC", {"local": "Local time", "utc": "UTC"}),
    ("perpetrators", "Perpetrators", None),
    ("weapons", "Weapons", dict(Weapon.choices)),
    ("vessel_status", "Vessel status", dict(VesselStatus.choices)),
    ("vessel_type", "Vessel type", dict(VesselType.choices)),
    ("vessel_flag", "Flag", None),
    ("crew_on_board", "Crew on board", None),
    ("crew_restrained", "Crew restrained", {True: "Yes"}),
    ("crew_assaulted", "Crew assaulted", {True: "Yes"}),
    ("crew_injured", "Crew injured", None),
    ("crew_kidnapped", "Crew kidnapped", None),
    ("crew_killed", "Crew killed", None),
    ("targets", "Targets", dict(Target.choices)),
    ("stolen", "Stolen", None),
    ("outcome", "Outcome", dict(Outcome.choices)),
    ("foiled_by", "Foiled by", dict(FoiledBy.choices)),
]


def read_facts(extracted: dict) -> list[dict]:
    """The facts the reader found in a record's text, each with the words it came from."""
    words = extracted.get("evidence") or {}
    found = []
    for name, label, labels in READ_FACTS:
        if name not in extracted:
            continue
        value = extracted[name]
        values = value if isinstance(value, list) else [value]
        shown = ", ".join(str((labels or {}).get(v, v)) for v in values)
        if name == "stolen" and value == "":
            shown = "Nothing"
        if name == "vessel_flag":
            shown = country_name(value) or value
        found.append({"name": name, "label": label, "value": shown, "words": words.get(name, "")})
    return found


def read_facts_panel(request, incident) -> dict | None:
    """The incident page's panel for editors and staff: what the reader read from the text
    of each record that reports it, with the words, and the corrections made."""
    viewer = request.viewer
    if not (viewer.is_editor or viewer.is_staff):
        return None
    items = list(
        visible_within(viewer, FeedItem, incident)
        .select_related("source")
        .prefetch_related("corrections")
        .order_by("source__name", "external_id")
    )
    shown = [
        {
            "item": item,
            "read": read_facts(item.extracted or {}),
            "corrections": list(item.corrections.all()),
        }
        for item in items
        if item.extracted
    ]
    return {"records_read": shown} if shown else None


def last_reading(viewer: Viewer):
    return visible(viewer, Reading).order_by("-created_at", "-id").first()


def agreement(viewer: Viewer) -> list[dict]:
    """Per fact the reader reads, how often the editors who checked a record before they
    accepted it kept what was read."""
    if not access.can_review(viewer):
        return []
    reviewed = visible(viewer, FeedItem).filter(reviewed_by__isnull=False).count()
    if not reviewed:
        return []
    corrected = dict(
        visible(viewer, Correction).values_list("field").annotate(n=Count("id")).order_by()
    )
    labels = {name: label for name, label, _ in READ_FACTS}
    labels.update(category="Category", occurred_time="Time")
    return [
        {
            "field": field,
            "label": labels.get(field, field),
            "corrected": corrected.get(field, 0),
            "reviewed": reviewed,
            "kept": 1 - corrected.get(field, 0) / reviewed,
        }
        for field in CORRECTABLE
    ]


_DATES_SECONDS = 300


def record_dates(viewer: Viewer) -> list[dict]:
    """How far each source's record reaches, over the incidents the viewer may see: the
    source, its newest incident's day and how many incidents it reports (the about page
    says so to everyone). Kept five minutes per kind of viewer."""
    key = f"feeds:record-dates:{viewer.cache_key}"
    dates = cache.get(key)
    if dates is None:
        dates = list(
            visible(viewer, FeedItem)
            .filter(incident__isnull=False)
            .values("source__name")
            .annotate(
                newest=Max("incident__occurred_on"), incidents=Count("incident", distinct=True)
            )
            .order_by("-newest", "source__name")
        )
        cache.set(key, dates, _DATES_SECONDS)
    return [
        {"name": d["source__name"], "newest": d["newest"], "incidents": d["incidents"]}
        for d in dates
    ]
