"""A worker killed in the middle of a fan-out, then the fan-out run again: every watcher is
told once, none twice, none forgotten."""

import signal
import time

import psycopg
import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection

from csoa.celery import app
from members.models import Membership, Notification, NotificationEvent, User, Watch
from members.notifications.fanout import event_fan_out
from tests.conftest import worker_process
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db(transaction=True)


def _hold_the_notification_of(event, user_id: int):
    """A transaction of another connection, left open, that writes this person's
    notification of the event: the fan-out's own write of it waits until that one ends."""
    holding = psycopg.connect(**connection.get_connection_params())
    holding.execute(
        "INSERT INTO members_notification (recipient_id, event_id, kind, key, reason,"
        " subject_type_id, subject_id, topic, topic_label, text, created_at, mail, mail_state)"
        " VALUES (%s, %s, 'incident_alert', %s, 'alert', %s, %s, '', '', '', now(), 'never',"
        " 'none')",
        [user_id, event.pk, event.key or f"event:{event.pk}", event.subject_type_id,
         event.subject_id],
    )  # fmt: skip
    return holding


def _wait_for_a_lock_waited_on(timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the fan-out never reached the held notification")


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
    report(cast, tlp="green")  # its alert waits for a worker, to be fanned out 20 at a time
    event = NotificationEvent.objects.get(kind="review_queue")
    middle = sorted(User.objects.filter(email__startswith="watcher").values_list("pk", flat=True))
    holding = _hold_the_notification_of(event, middle[WATCHERS // 2])
    worker = worker_process(NOTIFICATIONS_FAN_OUT_BATCH="20")
    try:
        # The worker writes batch after batch until the one holding that person, which waits
        # for the held row: it is killed there, half way, whatever the machine's speed.
        _wait_for_a_lock_waited_on()
        made = Notification.objects.count()
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
        holding.rollback()
        holding.close()
    app.control.purge()  # the message the killed worker held would come back later
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
