"""Reading every record again when the reader improves.

A reading walks the feed records in order of their id, a batch at a time, each batch in one
transaction: the record's facts read from its text are replaced by what the reader reads now,
and the incident the record became (when it was accepted as one) takes each new fact whose
old value it still holds. A fact an editor set by hand (at acceptance, or changed since) is
one the incident no longer holds as the reader read it: it is left as the editor set it. The
incident's timeline records each change with its reason; nobody is notified.

Where it stopped is kept (``last_item_id``), so a reading a stopped worker left is taken up
where it was, and a second reading of unchanged records changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from incidents.models import Incident
from incidents.services import incident_change
from kit.queue import enqueue

from . import review
from .extract import extract
from .models import Correction, FeedItem, Reading

logger = logging.getLogger(__name__)

BATCH = 500
REASON = "Read again from the record's text by the improved reader."
# The facts a record gives its incident that come from its text (not the source's fields).
FROM_TEXT = (*review.FACTS_FROM_TEXT, "category", "vessel_type", "vessel_status", "vessel_name")


def read_of(item: FeedItem) -> dict:
    data = item.data or {}
    return extract(
        data.get("description", ""),
        hostility=data.get("hostility", ""),
        vessel_status=data.get("vessel_status_text", ""),
        vessel_type=data.get("vessel_type_text", ""),
    )


def reading_ask(*, actor=None) -> Reading:
    """A reading of every record, on a worker; one at a time (a reading under way is given
    back instead of a second)."""
    with transaction.atomic():
        under_way = (
            Reading.objects.select_for_update()
            .filter(state__in=[Reading.State.QUEUED, Reading.State.RUNNING])
            .first()
        )
        if under_way is not None:
            return under_way
        reading = Reading.objects.create(asked_by=actor, total=FeedItem.objects.count())
        transaction.on_commit(lambda: enqueue("feeds.tasks.read_again", reading.pk))
    return reading


def _comparable(value):
    if value in (None, "", [], "unknown"):
        return None  # nothing read, whatever the field's empty value
    if isinstance(value, list):
        return sorted(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value


def _or_empty(field: str, value):
    """A fact the new reading no longer finds, as the incident writes nothing: an empty
    list, no, an empty text, or no value."""
    if value is not None:
        return value
    model_field = Incident._meta.get_field(field)
    if isinstance(model_field, ArrayField):
        return []
    if isinstance(model_field, models.BooleanField):
        return False
    if isinstance(model_field, models.CharField | models.TextField) and not model_field.null:
        return ""
    return None


def _incident_changes(item: FeedItem, incident: Incident, before: dict, after: dict) -> dict:
    """The new facts whose old value the incident still holds."""
    old = review.facts_for_reading(item, before)
    new = review.facts_for_reading(item, after)
    changes = {}
    for field in (*FROM_TEXT, "occurred_time"):
        if _comparable(old.get(field)) == _comparable(new.get(field)):
            continue
        if _comparable(getattr(incident, field)) != _comparable(old.get(field)):
            continue  # an editor set it: theirs stands
        if field == "occurred_time" and incident.occurred_on != old.get("occurred_on"):
            continue
        changes[field] = _or_empty(field, new.get(field))
        if field == "occurred_time":
            changes["occurred_on"] = new.get("occurred_on")
    return changes


def _change(item: FeedItem, actor, facts: dict) -> bool:
    """Change the incident's facts, in a savepoint: an incident the change cannot be made
    to (one whose marking the desk may no longer see, say) keeps its facts, and is logged."""
    try:
        with transaction.atomic():
            return (
                incident_change(
                    incident=item.incident, actor=actor, reason=REASON, tell=False, **facts
                )
                is not None
            )
    except (Incident.DoesNotExist, PermissionDenied, ValidationError) as error:
        logger.warning(
            "Re-reading %s left incident %s as it was: %s", item, item.incident_id, error
        )
        return False


def run(reading: Reading, *, batch: int = BATCH, say=lambda line: None) -> Reading:
    """Read every record after the last one done; the reading, done."""
    reading.state, reading.started_at = Reading.State.RUNNING, reading.started_at or timezone.now()
    reading.updated_at = timezone.now()
    reading.save(update_fields=["state", "started_at", "updated_at"])
    desk_user, _ = review.desk()
    while True:
        with transaction.atomic():
            items = list(
                FeedItem.objects.filter(pk__gt=reading.last_item_id)
                .select_related("incident")
                .order_by("pk")[:batch]
            )
            if not items:
                break
            changed = []
            for item in items:
                after = read_of(item)
                if after == item.extracted:
                    continue
                if item.state == FeedItem.State.ACCEPTED and item.incident is not None:
                    facts = _incident_changes(item, item.incident, item.extracted or {}, after)
                    if facts:
                        reading.incidents_changed += _change(item, desk_user, facts)
                item.extracted = after
                changed.append(item)
            FeedItem.objects.bulk_update(changed, ["extracted"])
            reading.records_changed += len(changed)
            reading.done += len(items)
            reading.last_item_id = items[-1].pk
            reading.updated_at = timezone.now()
            reading.save(
                update_fields=[
                    "records_changed",
                    "incidents_changed",
                    "done",
                    "last_item_id",
                    "updated_at",
                ]
            )
        say(f"{reading.done:,} of {reading.total:,} records read again")
    reading.state, reading.finished_at = Reading.State.DONE, timezone.now()
    reading.save(update_fields=["state", "finished_at"])
    return reading


class ReadingBusy(Exception):
    """Another worker is reading."""


_LOCK = (7322, 0)  # pg advisory lock of the readings (7321 is the feed runs')
STUCK_MINUTES = 10


def run_alone(reading: Reading, **options) -> Reading:
    """``run``, while no other worker reads: a session lock in PostgreSQL, which a worker
    that dies releases with its connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", _LOCK)
        if not cursor.fetchone()[0]:
            raise ReadingBusy("A reading is under way on another worker.")
    try:
        return run(reading, **options)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", _LOCK)


def sweep() -> int:
    """A reading waiting or under way that has not moved for ten minutes lost its worker (or
    its message): it is sent again, and goes on from where it stands."""
    quiet = timezone.now() - dt.timedelta(minutes=STUCK_MINUTES)
    stuck = list(
        Reading.objects.filter(
            state__in=[Reading.State.QUEUED, Reading.State.RUNNING], updated_at__lt=quiet
        ).values_list("pk", flat=True)
    )
    for pk in stuck:
        Reading.objects.filter(pk=pk).update(updated_at=timezone.now())
        enqueue("feeds.tasks.read_again", pk)
    return len(stuck)


def corrections_as_labels() -> list[dict]:
    """The records editors corrected, in the shape of the labelled sets of
    ``feeds/evaluation``: the text, and each corrected fact as its label."""
    records: dict[int, dict] = {}
    for correction in Correction.objects.select_related("item", "item__source").order_by("pk"):
        item = correction.item
        record = records.setdefault(
            item.pk,
            {
                "source": item.source.name,
                "reference": item.external_id,
                "hostility": (item.data or {}).get("hostility", ""),
                "description": (item.data or {}).get("description", ""),
                "labels": {},
            },
        )
        record["labels"][correction.field] = correction.corrected
    return list(records.values())
