"""Handing work to the Celery worker so that nothing is lost when the broker is away.

``enqueue("app.tasks.name", *args)`` writes the task as a ``PendingTask`` row in the
current transaction, and sends it to the broker once the transaction commits, deleting the row when
the broker has taken it. So the work stands or falls with the write that asked for it: when
the broker cannot take it (or the process dies between the commit and the sending), the row
stays, and the sweep (``kit.tasks.sweep``, every minute) sends it when the broker is back.
After a failure the broker is not tried again from this process for ``RETRY_AFTER``
seconds, so an outage slows no request. Tasks must be safe to run twice.

A task is named, not imported: a service that queues work never imports the tasks module
that calls it back (tests/csoa/test_celery_tasks.py checks that every name given here is
a task a worker knows).

Apps also register sweeps of their own stuck work in :data:`SWEEPS`: work whose
message the broker took but lost (a Redis restart), or whose worker died mid-way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from celery import current_app
from django.db import transaction

from .models import PendingTask
from .outage import Outage
from .registry import Register

logger = logging.getLogger(__name__)

RETRY_AFTER = 30.0


broker_outage = Outage("The broker (Redis)", RETRY_AFTER)


# ``sweep()`` finds the app's stuck work, sends it again or closes it, and returns how much
# it touched.
SWEEPS: Register[Callable[[], int]] = Register("sweeps of stuck work")


# A broker that hangs (a stopped Redis still accepts connections) must not hold a request:
# tasks are handed over on a connection of their own that gives up after these seconds.
PUBLISH_TIMEOUTS = {"socket_timeout": 3, "socket_connect_timeout": 2}


def send(task_name: str, args: list[Any]) -> None:
    """Give the broker this task now; raises when it cannot take it (the sweep will try
    again, so one try)."""
    with current_app.connection_for_write(transport_options=PUBLISH_TIMEOUTS) as connection:
        current_app.send_task(task_name, args=args, connection=connection, retry=False)


def send_kept(pending_id: int) -> bool:
    """Send one kept task and delete its row; False (the row kept, the error noted) when the
    broker cannot take it."""
    if broker_outage.ongoing():
        return False
    with transaction.atomic():
        pending = (
            PendingTask.objects.select_for_update(skip_locked=True).filter(pk=pending_id).first()
        )
        if pending is None:
            return True  # sent already, or being sent by another process
        try:
            send(pending.task, pending.args)
        except Exception as error:  # any failure of the broker's client: keep the work
            broker_outage.begin(error)
            logger.warning("The broker did not take %s (%s); kept for the sweep.", pending, error)
            PendingTask.objects.filter(pk=pending_id).update(
                attempts=pending.attempts + 1, last_error=str(error)[:500]
            )
            return False
        pending.delete()
    broker_outage.end()
    return True


def enqueue(task_name: str, *args: Any) -> None:
    """Keep the task named ``task_name`` with ``args`` in the current transaction; send it
    once that commits."""
    if not isinstance(task_name, str):
        raise TypeError("Name the task, as 'app.tasks.function'.")
    pending = PendingTask.objects.create(task=task_name, args=list(args))
    transaction.on_commit(lambda: send_kept(pending.pk))
