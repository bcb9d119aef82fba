"""Celery tasks of the feeds: beat asks every minute which sources are due, and each due
source is polled by a worker through the same code as `manage.py feeds poll`."""

from celery import shared_task

from kit.queue import enqueue

from . import freshness
from .models import FeedRun, FeedSource
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
