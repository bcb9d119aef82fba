"""A worker killed in the middle of a fan-out, then the fan-out run again: every watcher is
told once, none twice, none forgotten."""

import signal
import time

import pytest
from django.contrib.auth.hashers import make_password

from csoa.celery import app
from members.models import Membership, Notification, NotificationEvent, User, Watch
from members.notifications.fanout import event_fan_out
from tests.conftest import worker_process
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db(transaction=True)

WATCHERS = 3000


def many_watchers(cast) -> None:
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"watcher{n}@bravo.example", full_name=f"Watcher {n}", password=password)
        for n in range(WATCHERS)
    )
    Membership.objects.bulk_create(
        Membership(
            user=user, organisation=cast.org_b, position="cso", application_reason="-",
            status=Membership.Status.APPROVED,
        )
        for user in users
    )  # fmt: skip
    Watch.objects.bulk_create(
        Watch(
            user=user, target_type="region", target_key="west_africa", label="West Africa",
            criteria={"region": ["west_africa"]},
        )
        for user in users
    )  # fmt: skip


def test_a_fan_out_killed_half_way_is_completed_without_duplicates(cast):
    many_watchers(cast)
    app.control.purge()
    worker = worker_process(NOTIFICATIONS_FAN_OUT_BATCH="20")
    try:
        report(cast, tlp="green")  # its alert is fanned out by the worker, 20 at a time
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and Notification.objects.count() < 100:
            time.sleep(0.01)
        made = Notification.objects.count()
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    app.control.purge()  # the message the killed worker held would come back later
    event = NotificationEvent.objects.get(kind="review_queue")
    assert 0 < made < WATCHERS, made  # killed while fanning out
    assert event.fanned_out_at is None
    left = Notification.objects.count()
    event_fan_out(event_id=event.pk)  # as the sweep's resend runs it
    alerts = Notification.objects.filter(event=event, kind="incident_alert")
    watchers = alerts.filter(recipient__email__startswith="watcher")
    assert watchers.count() == WATCHERS
    assert watchers.values("recipient").distinct().count() == WATCHERS
    assert Notification.objects.count() > left
    assert event_fan_out(event_id=event.pk) == 0  # and once more: nothing
