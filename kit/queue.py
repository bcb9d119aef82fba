"""Handing work to the Celery worker so that nothing is lost when the broker is away.

``enqueue(task, *args)`` sends the task once the current transaction commits (so the worker
never sees rows that do not exist yet). When the broker cannot take it, the write that asked
for it stands, the task is kept as a ``PendingTask`` row, and the sweep (``kit.tasks.sweep``,
every minute) sends it when the broker is back. Tasks must be safe to run twice.

Apps also register sweeps of their own stuck work with :func:`register_sweep`: work whose
message the broker took but lost (a Redis restart), or whose worker died mid-way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)

_SWEEPS: list[Callable[[], int]] = []


def register_sweep(sweep: Callable[[], int]) -> None:
    """``sweep()`` finds the app's stuck work, sends it again or closes it, and returns how
    much it touched."""
    if sweep not in _SWEEPS:
        _SWEEPS.append(sweep)


def sweeps() -> list[Callable[[], int]]:
    return list(_SWEEPS)


def send(task_name: str, args: list) -> None:
    """Give the broker this task now; raises when it cannot take it."""
    current_app.send_task(task_name, args=args, retry=True)


def _send_or_keep(task_name: str, args: list) -> bool:
    from .models import PendingTask

    try:
        send(task_name, args)
        return True
    except Exception as error:  # any failure of the broker's client: keep the work
        logger.warning("The broker did not take %s%s (%s); kept for the sweep.",
                       task_name, tuple(args), error)  # fmt: skip
        PendingTask.objects.create(task=task_name, args=args, last_error=str(error)[:500])
        return False


def enqueue(task, *args) -> None:
    """Send ``task(*args)`` to the worker after the current transaction commits."""
    name, args = task.name, list(args)
    transaction.on_commit(lambda: _send_or_keep(name, args))
