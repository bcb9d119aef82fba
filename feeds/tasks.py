"""Celery tasks of the feeds: beat asks every minute which sources are due, and each due
source is polled by a worker through the same code as `manage.py feeds poll`."""

from celery import shared_task

from kit.queue import enqueue

from . import freshness, rereading
from .models import FeedRun, FeedSource, Reading
from .services import SourceBusy, due_sources, poll


@shared_task
def poll_due_sources() -> int:
    due = due_sources()
    for source in due:
        enqueue("feeds.tasks.poll_source", source.pk)
    return len(due)


@shared_task
def poll_source(source_id: int, trigger: str = "schedule") -> str:
    source = FeedSource.objects.filter(pk=source_id, enabled=True).exclude(url="").first()
    if source is None:
        return "gone or disabled"
    try:
        return poll(source, trigger=FeedRun.Trigger(trigger)).state
    except SourceBusy:
        return "busy"


@shared_task
def tell_quiet_sources() -> int:
    """Hourly: tell editors and staff of live sources quiet for longer than their usual gap."""
    return freshness.tell_quiet()


@shared_task
def read_again(reading_id: int) -> str:
    """Read every record again (``feeds.rereading``), from where the reading stands."""
    reading = Reading.objects.filter(pk=reading_id).exclude(state=Reading.State.DONE).first()
    if reading is None:
        return "gone or done"
    try:
        return rereading.run_alone(reading).state
    except rereading.ReadingBusy:
        return "busy"
