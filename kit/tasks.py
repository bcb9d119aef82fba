"""The kit's periodic task: send again what the broker did not take, and run the apps'
sweeps of stuck work."""

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from .models import PendingTask
from .queue import SWEEPS, broker_outage, send_kept

logger = logging.getLogger(__name__)

# A kept task younger than this may still be on its way from the commit that made it.
SETTLING = dt.timedelta(seconds=30)


def pending_send(*, now: dt.datetime | None = None) -> int:
    """Send the kept tasks, oldest first, each deleted once sent; stop at the first the
    broker still refuses. Returns how many were sent."""

    broker_outage.end()  # the sweep itself is the retry
    settled = (now or timezone.now()) - SETTLING
    sent = 0
    for pending_id in PendingTask.objects.filter(created_at__lt=settled).values_list(
        "pk", flat=True
    )[:1000]:
        if not send_kept(pending_id):
            break
        sent += 1
    return sent


# Celery ships no type information, so its decorator is untyped.
@shared_task  # type: ignore[untyped-decorator]
def sweep() -> dict[str, int | str]:

    done: dict[str, int | str] = {"sent": pending_send()}
    for each in SWEEPS:
        try:
            done[each.__name__] = each()
        except Exception:  # one app's sweep failing does not stop the others
            logger.exception("The sweep %s failed", each.__name__)
            done[each.__name__] = "failed"
    return done
