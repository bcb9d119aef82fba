"""Faults: with Redis unreachable, pages and the API keep answering and writes are kept; a
worker killed mid-job leaves a job the sweep fails (freeing its slot) or sends again."""

import datetime as dt
import signal
import socket
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from csoa.celery import app
from incidents import exports
from incidents.exports import jobs as export_jobs
from incidents.models import Attachment, Export
from kit.models import PendingTask
from kit.queue import broker_outage
from kit.tasks import pending_send
from members.models import ContactMessage, NotificationEvent
from tests.conftest import worker_process
from tests.files import jpeg_bytes, upload
from tests.incidents.conftest import report
from tests.members.test_contact import message
from tests.reports.test_api import STUDY_QUERY, study
from tests.tokens import key_for


def dead_redis_url() -> str:
    """The address of a Redis that is not there: a port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def point_broker_at(url: str) -> None:
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
    broker_outage.end()


def silent_redis() -> tuple[socket.socket, str]:
    """A Redis that hangs: the system accepts connections, nobody ever answers them."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)
    return silent, f"redis://127.0.0.1:{silent.getsockname()[1]}/0"


@pytest.fixture(params=["refused", "silent"])
def broker_down(request):
    original = app.conf.broker_url
    silent = None
    if request.param == "silent":
        silent, url = silent_redis()
    else:
        url = dead_redis_url()
    point_broker_at(url)
    yield
    point_broker_at(original)
    if silent is not None:
        silent.close()


@pytest.fixture(params=["refused", "silent"])
def cache_down(request):
    """Redis stopped (connections refused), or hanging (connections accepted by the system,
    never answered: the client gives up after its socket timeout)."""
    from kit import cache as resilient

    silent = None
    if request.param == "silent":
        silent, url = silent_redis()
    else:
        url = dead_redis_url()
    dead = {**settings.CACHES["default"], "LOCATION": url}
    with override_settings(CACHES={"default": dead}, REDIS_URL=url):
        yield
    resilient._outage.until = 0.0
    resilient._local.clear()
    if silent is not None:
        silent.close()


@pytest.mark.django_db
def test_pages_the_api_and_logins_answer_without_the_cache(client, cast, cache_down):
    report(cast, tlp="clear")
    for url in ("/", "/incidents/", "/trends/", "/regions/", "/api/v1/incidents/", "/healthz"):
        response = client.get(url)
        assert response.status_code == (503 if url == "/healthz" else 200), url
    response = client.post(
        "/accounts/login/", {"login": cast.member_a.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    key = key_for(cast.member_b)
    response = client.get("/api/v1/trends/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert cache.get("anything") is None


@pytest.mark.django_db
def test_without_redis_limits_still_hold_in_each_process(client, cast, cache_down, settings):
    settings.RATE_LIMIT_PUBLIC = "2/h"
    assert [client.get("/regions/").status_code for _ in range(3)] == [200, 200, 429]
    cache.set("code-used", True, 60)
    assert cache.add("code-used", True, 60) is False  # a used code stays used


@pytest.mark.django_db(transaction=True)
def test_a_write_whose_task_cannot_be_queued_is_kept_and_sent_later(client, cast, broker_down):
    incident = report(cast, tlp="green")
    key = key_for(cast.member_a)
    response = client.post(
        f"/api/v1/incidents/{incident.reference}/updates/",
        {"text": "Photo of the forecastle", "files": [upload("deck.jpg", jpeg_bytes())]},
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 201, response.content
    photo = Attachment.objects.unrestricted().get()
    assert photo.processing == "pending"
    response = client.post("/contact/", message())
    assert response.status_code == 302
    assert ContactMessage.objects.count() == 1
    kept = list(PendingTask.objects.values_list("task", flat=True))
    assert sorted(kept) == [
        "incidents.tasks.process_attachment",
        "members.notifications.tasks.fan_out",  # the report's notifications
        "members.notifications.tasks.fan_out",  # the update's
        "members.tasks.send_contact_message",
    ]
    assert pending_send() == 0  # the broker is still away: nothing is lost
    assert PendingTask.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_kept_tasks_run_once_the_broker_is_back(cast, celery_worker, settings):
    incident = report(cast, tlp="green")
    deadline = time.monotonic() + 30  # the report's own notifications are made first
    while NotificationEvent.objects.filter(fanned_out_at__isnull=True).exists():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    original = app.conf.broker_url
    point_broker_at(dead_redis_url())
    try:
        from incidents.services import update_add

        update_add(
            incident=incident, author=cast.member_a, text="x",
            files=[upload("deck.jpg", jpeg_bytes())],
        )  # fmt: skip
    finally:
        point_broker_at(original)
    kept = list(PendingTask.objects.values_list("pk", flat=True))
    assert len(kept) == 2  # the photo's processing, the update's notifications
    assert pending_send() == 0  # just kept: its commit's own sending may be on its way
    assert pending_send(now=timezone.now() + dt.timedelta(minutes=1)) == 2
    # Sent and forgotten (the worker, running them now, may keep follow-ups of its own).
    assert not PendingTask.objects.filter(pk__in=kept).exists()
    photo = Attachment.objects.unrestricted().get()
    deadline = time.monotonic() + 30
    while photo.processing == "pending" and time.monotonic() < deadline:
        time.sleep(0.1)
        photo.refresh_from_db()
    assert photo.processing == "ready"


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_export_frees_the_slot_and_the_export_runs_again(client, cast):
    study(cast)
    app.control.purge()  # the study's notifications: this test is about the export alone
    client.force_login(cast.member_b)
    worker = worker_process()
    try:
        client.post("/trends/report/", {"query": STUDY_QUERY[1:]})
        job = Export.objects.get()
        deadline = time.monotonic() + 60
        while job.state == "queued" and time.monotonic() < deadline:
            time.sleep(0.02)
            job.refresh_from_db()
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    app.control.purge()  # the message the killed worker held would come back in an hour
    job.refresh_from_db()
    assert job.state == "running", job.state  # as the worker left it: killed while writing

    assert exports.exports_sweep() == 0  # its heartbeat is recent: nothing is touched
    later = timezone.now() + dt.timedelta(seconds=settings.EXPORTS_STALE_SECONDS + 1)
    assert exports.exports_sweep(now=later) == 1
    job.refresh_from_db()
    assert job.state == "failed" and job.error == exports.INTERRUPTED
    active = Export.objects.filter(created_by=cast.member_b, state__in=["queued", "running"])
    assert not active.exists()  # the slot is free

    assert client.post(f"/incidents/exports/{job.pk}/retry/").status_code == 302
    assert exports.export_write(export_id=job.pk) == "ready"
    assert exports.export_write(export_id=job.pk) == "ready"  # run twice: left alone


@pytest.mark.django_db(transaction=True)
def test_a_queued_export_whose_message_was_lost_is_sent_again(client, cast, celery_worker):
    report(cast, tlp="green")
    client.force_login(cast.member_a)
    job = Export.objects.create(created_by=cast.member_a, format="csv", query="")
    assert exports.exports_sweep() == 0
    later = timezone.now() + dt.timedelta(seconds=settings.EXPORTS_STALE_SECONDS + 1)
    assert exports.exports_sweep(now=later) == 1
    deadline = time.monotonic() + 30
    while job.state != "ready" and time.monotonic() < deadline:
        time.sleep(0.1)
        job.refresh_from_db()
    assert job.state == "ready", job.error


@pytest.mark.django_db
def test_an_attempt_the_sweep_failed_records_nothing_more(cast):
    """A worker slow rather than dead: once the sweep has failed its job and the member has
    run it again, the first attempt stops at its next heartbeat and records nothing."""
    report(cast, tlp="green")
    job = Export.objects.create(created_by=cast.member_a, format="csv", query="")
    first = export_jobs._claim(job.pk)
    later = timezone.now() + dt.timedelta(seconds=settings.EXPORTS_STALE_SECONDS + 1)
    assert exports.exports_sweep(now=later) == 1
    with pytest.raises(exports.Superseded):
        first.record(written=5)
    exports.export_retry(export=Export.objects.get(pk=job.pk))
    assert exports.export_write(export_id=job.pk) == "ready"
    assert first.mine().update(state="failed") == 0
    job.refresh_from_db()
    assert job.state == "ready" and job.total == 1
