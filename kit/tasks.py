"""The kit's periodic task: send again what the broker did not take, and run the apps'
sweeps of stuck work."""

import logging

from celery import shared_task
from django.db import transaction

logger = logging.getLogger(__name__)


def pending_send() -> int:
    """Send the kept tasks, oldest first; each one sent is deleted. Stops at the first the
    broker still refuses."""
    from .models import PendingTask
    from .queue import send

    sent = 0
    for pending in PendingTask.objects.order_by("created_at", "id")[:500]:
        with transaction.atomic():
            row = PendingTask.objects.select_for_update(skip_locked=True).filter(pk=pending.pk)
            row = row.first()
            if row is None:
                continue  # another sweep has it
            try:
                send(row.task, row.args)
            except Exception as error:
                PendingTask.objects.filter(pk=row.pk).update(
                    attempts=row.attempts + 1, last_error=str(error)[:500]
                )
                break
            row.delete()
            sent += 1
    return sent


@shared_task
def sweep() -> dict:
    from .queue import sweeps

    done = {"sent": pending_send()}
    for each in sweeps():
        done[each.__name__] = each()
    return done
