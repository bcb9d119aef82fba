"""Celery tasks of the notification centre: thin wrappers that call one service."""

from celery import shared_task

from ..models import Rhythm
from .fanout import event_fan_out
from .mail import mail_at_once, mail_digests

_RETRY = {"autoretry_for": (OSError,), "retry_backoff": 30, "max_retries": 8}


@shared_task
def fan_out(event_id: int) -> int:
    return event_fan_out(event_id=event_id)


@shared_task(**_RETRY)
def send_mail() -> int:
    return mail_at_once()


@shared_task(**_RETRY)
def send_daily_digests() -> int:
    return mail_digests(Rhythm.DAILY)


@shared_task(**_RETRY)
def send_weekly_digests() -> int:
    return mail_digests(Rhythm.WEEKLY)
