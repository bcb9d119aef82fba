"""Every write of the feeds app: sources, and the runs that store what a source sent."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from kit.bulk import copy_insert
from kit.geography import region_for
from kit.queue import enqueue
from members.access import viewer_for
from members.audit import audit_record
from members.models import AuditEvent

from . import live, notifications, review
from .extract import extract
from .fetch import FetchError, fetch
from .formats import FeedError, Record, Rejection, read
from .models import Advisory, Briefing, FeedFormat, FeedItem, FeedRun, FeedSource

logger = logging.getLogger(__name__)

BATCH = 1000
KEEP_REJECTIONS = 50
_LOCK_CLASS = 7321  # pg advisory lock namespace of feed runs


class SourceBusy(Exception):
    """Another run of this source is under way."""


def source_add(
    *,
    name: str,
    format: str,
    url: str = "",
    interval_minutes: int = 360,
    reliability: str = "C",
    auto_accept: bool = False,
    **fields,
) -> FeedSource:
    source = FeedSource(
        name=name.strip(),
        slug=slugify(name)[:100],
        format=format,
        url=url.strip(),
        interval_minutes=interval_minutes,
        reliability=reliability,
        auto_accept=auto_accept,
        **fields,
    )
    source.full_clean()
    source.save()
    return source


@transaction.atomic
def source_save(*, actor, source: FeedSource, changed: list[str], request=None) -> FeedSource:
    """Keep a source added or changed on its page (the form checked the fields), audited with
    the fields changed."""
    adding = source.pk is None
    source.full_clean()
    source.save()
    audit_record(
        action=AuditEvent.Action.FEED_SOURCE_CHANGED,
        actor=actor,
        target=source,
        request=request,
        detail={"added": adding, "changed": sorted(changed)},
    )
    return source


@transaction.atomic
def source_poll_ask(*, actor, source: FeedSource, request=None) -> None:
    """Poll a source now, on a worker, as the schedule would (audited)."""

    if not (source.enabled and source.url):
        raise ValidationError(f"{source.name} is switched off or fed by uploads only.")
    enqueue("feeds.tasks.poll_source", source.pk, FeedRun.Trigger.STAFF)
    audit_record(
        action=AuditEvent.Action.FEED_POLL_ASKED, actor=actor, target=source, request=request
    )


@contextmanager
def _one_run_at_a_time(source: FeedSource):
    """A session lock in PostgreSQL: a second run of the same source waits for nobody and
    is refused; a worker that dies releases it with its connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_CLASS, source.pk])
        if not cursor.fetchone()[0]:
            raise SourceBusy(f"{source} is being polled already.")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_CLASS, source.pk])


def _close_interrupted(source: FeedSource) -> None:
    """Runs left "running" by a worker that stopped mid-way (the lock is ours, so none is
    really running) are closed as failed; what they stored stays."""
    FeedRun.objects.filter(source=source, state=FeedRun.State.RUNNING).update(
        state=FeedRun.State.FAILED,
        finished_at=timezone.now(),
        error="Interrupted: the worker stopped before the run finished.",
    )


def ingest(source: FeedSource, content: bytes, *, trigger: str) -> FeedRun:
    """Store what a source sent: every record as an item (new, updated or unchanged, by its
    external id), every unreadable record counted as rejected with its reason. A document
    that cannot be read at all fails the run and stores nothing. Safe to repeat: a second
    run of the same document changes nothing."""
    return _run(source, trigger, lambda run: content)


def poll(source: FeedSource, *, trigger: str, attempts: int | None = None) -> FeedRun:
    """Fetch the source's URL (conditionally, within the limits of ``feeds.fetch``) and
    store what it sent, through the same run as an import. A fetch that fails for a
    transient reason (a timeout, a 5xx answer) is tried again ``FEEDS_FETCH_ATTEMPTS`` times
    with a growing pause; a run that still fails is recorded as failed, and the next poll
    tries afresh."""
    if not source.url:
        raise ValidationError(f"{source} has no URL: it is fed by uploads.")
    attempts = attempts or settings.FEEDS_FETCH_ATTEMPTS

    def fetched(run: FeedRun) -> bytes | None:
        for attempt in range(attempts):
            try:
                answer = fetch(
                    live.url_of(source), etag=source.etag, last_modified=source.last_modified
                )
                break
            except FetchError as error:
                if not error.transient or attempt == attempts - 1:
                    raise
                time.sleep(settings.FEEDS_RETRY_SECONDS * 2**attempt)
        if answer.content is None:
            run.not_modified = True
            return None
        source.etag, source.last_modified = answer.etag[:500], answer.last_modified[:100]
        return answer.content

    run = _run(source, trigger, fetched)
    if run.state == FeedRun.State.SUCCEEDED and not run.not_modified:
        # Remember the validators only once what they describe is stored.
        FeedSource.objects.filter(pk=source.pk).update(
            etag=source.etag, last_modified=source.last_modified
        )
    return run


def _run(source: FeedSource, trigger: str, content_of: Callable[[FeedRun], bytes | None]):
    with _one_run_at_a_time(source):
        _close_interrupted(source)
        run = FeedRun.objects.create(source=source, trigger=trigger)
        try:
            content = content_of(run)
            if content is not None:
                records = list(read(source.format, content, source.property_mapping))
                if source.format == FeedFormat.RSS:
                    _store_advisories(source, run, records)
                else:
                    incidents, advisories = [], []
                    for record in records:
                        kind = getattr(record, "kind", "")
                        (advisories if kind == "advisory" else incidents).append(record)
                    _store(source, run, incidents)
                    if advisories:
                        _store_advisories(source, run, advisories)
        except (FeedError, FetchError) as error:
            return _failed(run, str(error))
        except Exception as error:
            logger.exception("Feed run %s of %s failed", run.pk, source)
            return _failed(run, f"{type(error).__name__}: {error}")
        return _finish(run, FeedRun.State.SUCCEEDED)


def _failed(run: FeedRun, error: str) -> FeedRun:
    _finish(run, FeedRun.State.FAILED, error)
    notifications.source_failed(run=run)
    return run


def due_sources(now=None) -> list[FeedSource]:
    """Enabled sources with a URL whose last run started at least their interval ago; the
    shipped live sources only when ``FEEDS_LIVE_SOURCES`` is true."""
    now = now or timezone.now()
    due = []
    sources = FeedSource.objects.filter(enabled=True).exclude(url="")
    if not live.switched_on():
        sources = sources.filter(shipped="")
    for source in sources:
        last = source.runs.order_by("-started_at").values_list("started_at", flat=True).first()
        if last is None or last <= now - dt.timedelta(minutes=source.interval_minutes):
            due.append(source)
    return due


def _finish(run: FeedRun, state: str, error: str = "") -> FeedRun:
    run.state = state
    run.error = error[:5000]
    run.finished_at = timezone.now()
    run.save()
    return run


def _fields(record: Record) -> dict:
    data = record.data
    latitude, longitude = data.get("latitude"), data.get("longitude")
    return {
        "raw": record.raw,
        "raw_sha256": record.sha256,
        "data": data,
        "extracted": extract(
            data.get("description", ""),
            hostility=data.get("hostility", ""),
            vessel_status=data.get("vessel_status_text", ""),
            vessel_type=data.get("vessel_type_text", ""),
        ),
        "occurred_on": data.get("occurred_on"),
        "latitude": latitude,
        "longitude": longitude,
        "region": region_for(latitude, longitude) if latitude is not None else "",
    }


def _counted(run: FeedRun, records: Iterable[Record | Rejection]) -> Iterator[Record]:
    """The readable records; each record counts as fetched, each unreadable one as rejected
    (the first few kept with their reasons)."""
    for record in records:
        run.fetched += 1
        if isinstance(record, Rejection):
            run.rejected += 1
            if len(run.rejections) < KEEP_REJECTIONS:
                run.rejections.append({"id": record.external_id, "reason": record.reason})
            continue
        yield record


def _store(source: FeedSource, run: FeedRun, records: Iterable[Record | Rejection]) -> None:
    known, ids = {}, {}
    for external_id, sha256, pk in FeedItem.objects.filter(source=source).values_list(
        "external_id", "raw_sha256", "pk"
    ):
        known[external_id], ids[external_id] = sha256, pk
    new, changed = [], []
    now = timezone.now()
    for record in _counted(run, records):
        if known.get(record.external_id) == record.sha256:
            run.unchanged += 1
            continue
        fields = _fields(record)
        if record.external_id not in known:
            new.append(
                FeedItem(
                    source=source,
                    external_id=record.external_id,
                    first_run=run,
                    last_run=run,
                    created_at=now,
                    updated_at=now,
                    **fields,
                )
            )
            known[record.external_id] = record.sha256
        else:
            item = FeedItem(pk=ids[record.external_id], last_run=run, updated_at=now, **fields)
            changed.append(item)
            known[record.external_id] = record.sha256
    for start in range(0, len(new), BATCH):
        with transaction.atomic():
            copy_insert(new[start : start + BATCH], key="external_id", scope=Q(source=source))
            run.new += len(new[start : start + BATCH])
            FeedRun.objects.filter(pk=run.pk).update(new=run.new)
    update_fields = [
        "raw",
        "raw_sha256",
        "data",
        "extracted",
        "occurred_on",
        "latitude",
        "longitude",
        "region",
        "last_run",
        "updated_at",
    ]
    for start in range(0, len(changed), BATCH):
        with transaction.atomic():
            FeedItem.objects.bulk_update(changed[start : start + BATCH], update_fields)
            run.updated += len(changed[start : start + BATCH])
    still_pending = set(
        FeedItem.objects.filter(
            pk__in=[item.pk for item in changed], state=FeedItem.State.PENDING
        ).values_list("pk", flat=True)
    )
    pending = new + [item for item in changed if item.pk in still_pending]
    review.match_items(pending, changed=frozenset(still_pending))
    if source.auto_accept:
        # Every pending record, so that one a failed batch left behind is accepted now.
        waiting = list(FeedItem.objects.filter(source=source, state=FeedItem.State.PENDING))
        counts = review.auto_accept(source, waiting)
        run.accepted, run.attached = counts["created"], counts["attached"]
    else:
        notifications.records_waiting(run=run, count=len(pending))


def _store_advisories(source: FeedSource, run: FeedRun, records: list) -> None:
    """Advisories are kept for their region, one per (source, id); a changed one is updated."""
    known = {
        external_id: (pk, raw)
        for external_id, pk, raw in Advisory.objects.filter(source=source).values_list(
            "external_id", "pk", "raw"
        )
    }
    for record in _counted(run, records):
        data = dict(record.data)
        latitude, longitude = data.pop("latitude", None), data.pop("longitude", None)
        region = region_for(latitude, longitude) if latitude is not None else ""
        fields = {
            **data,
            "raw": record.raw,
            "region": region or source.region,
            "tlp": source.default_tlp,
        }
        existing = known.get(record.external_id)
        if existing is None:
            Advisory.objects.create(source=source, external_id=record.external_id, **fields)
            known[record.external_id] = (None, record.raw)
            run.new += 1
        elif existing[1] != record.raw:
            Advisory.objects.filter(pk=existing[0]).update(**fields)
            run.updated += 1
        else:
            run.unchanged += 1


@transaction.atomic
def advisories_decide(*, actor, advisories, state: str, link: str = "") -> int:
    """An editor consolidates drafts into a briefing (``used``, with its post's link) or
    dismisses them. Each draft is decided once: one already decided refuses the lot."""

    viewer = viewer_for(actor)
    if not (viewer.is_editor or viewer.is_staff):
        raise PermissionDenied("Only editors consolidate or dismiss advisories.")
    if state not in (Briefing.USED, Briefing.DISMISSED):
        raise ValidationError("Consolidate or dismiss.")
    ids = sorted({advisory.pk for advisory in advisories})
    if not ids:
        raise ValidationError("Choose the advisories.")
    locked = list(Advisory.objects.select_for_update().filter(pk__in=ids))
    decided = [a.title for a in locked if a.briefing != Briefing.DRAFT]
    if decided or len(locked) != len(ids):
        raise ValidationError(f"Already decided: {', '.join(decided) or 'some of them'}.")
    return Advisory.objects.filter(pk__in=ids).update(
        briefing=state, briefing_link=link[:500], decided_by=actor, decided_at=timezone.now()
    )
