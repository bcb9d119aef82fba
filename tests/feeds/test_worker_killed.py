"""A worker process killed in the middle of a poll, then the poll run again: every record is
stored once, none is lost, and the interrupted run is closed."""

import json
import signal
import time

import pytest

from csoa.celery import app
from feeds import services
from feeds.models import FeedItem, FeedRun
from feeds.tasks import poll_source
from tests.conftest import worker_process

from .server import Answer

pytestmark = pytest.mark.django_db(transaction=True)

RECORDS = 6000


def big_asam() -> bytes:
    records = [
        {
            "reference": f"2020-{n:04d}",
            "date": "2020-01-01",
            "latitude": 1.0 + n / 10000,
            "longitude": 104.0,
            "position": "",
            "hostility": "Robbers",
            "victim": "bulk carrier",
            "description": f"INDONESIA: On 1 January, {n % 9 + 1} robbers boarded a bulk carrier.",
        }
        for n in range(RECORDS)
    ]
    return json.dumps({"asam": records}).encode()


def _until_its_lock_is_released(source, seconds: float = 15) -> None:
    """The killed worker's session lock goes when PostgreSQL notices its connection closed,
    which on a busy machine takes a moment after the process is gone."""
    from django.db import connection

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s "
                "AND objid = %s",
                [services._LOCK_CLASS, source.pk],
            )
            if not cursor.fetchone()[0]:
                return
        time.sleep(0.05)


def test_a_poll_killed_half_way_is_completed_by_the_next_without_duplicates(feed_server):
    app.control.purge()
    source = services.source_add(
        name="NGA ASAM", format="asam-json", url=feed_server.serve("/a", Answer(big_asam()))
    )
    worker = worker_process()
    try:
        poll_source.delay(source.pk)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not FeedItem.objects.exists():
            time.sleep(0.01)
        stored = FeedItem.objects.count()
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert 0 < stored < RECORDS, stored  # killed while storing
    _until_its_lock_is_released(source)
    stored = FeedItem.objects.count()
    assert FeedRun.objects.get().state == "running"  # as the worker left it

    run = services.poll(source, trigger="command")
    assert run.state == "succeeded"
    assert run.counts["new"] == RECORDS - stored and run.counts["unchanged"] == stored
    assert FeedItem.objects.count() == RECORDS
    assert FeedItem.objects.values("external_id").distinct().count() == RECORDS
    interrupted = FeedRun.objects.exclude(pk=run.pk).get()
    assert interrupted.state == "failed" and "Interrupted" in interrupted.error
    app.control.purge()
