"""Celery tasks of the notification centre: thin wrappers that call one service."""

from celery import shared_task

_RETRY = {"autoretry_for": (OSError,), "retry_backoff": 30, "max_retries": 8}


@shared_task
def fan_out(event_id: int) -> int:
    from .fanout import event_fan_out

    return event_fan_out(event_id=event_id)


@shared_task(**_RETRY)
def send_mail() -> int:
    from .mail import mail_at_once

    return mail_at_once()


@shared_task(**_RETRY)
def send_daily_digests() -> int:
    from ..models import Rhythm
    from .mail import mail_digests

    return mail_digests(Rhythm.DAILY)


@shared_task(**_RETRY)
def send_weekly_digests() -> int:
    from ..models import Rhythm
    from .mail import mail_digests

    return mail_digests(Rhythm.WEEKLY)
