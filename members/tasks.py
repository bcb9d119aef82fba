"""Celery tasks of the members app: thin wrappers that pass ids to the mails."""

from celery import shared_task
from django.core.exceptions import ObjectDoesNotExist

from . import mails
from .notifications.tasks import (  # noqa: F401 - the worker finds tasks in each app's tasks.py
    fan_out,
    send_daily_digests,
    send_mail,
    send_weekly_digests,
)
from .notifications.vetting import vetting_reminders

_RETRY = {"autoretry_for": (OSError,), "retry_backoff": 30, "max_retries": 8}


@shared_task(**_RETRY)
def send_application_received(membership_id: int) -> int:
    try:
        return mails.notify_application_received(membership_id)
    except ObjectDoesNotExist:
        return 0


@shared_task(**_RETRY)
def send_vetting_decision(membership_id: int) -> int:
    try:
        return mails.notify_vetting_decision(membership_id)
    except ObjectDoesNotExist:
        return 0


@shared_task(**_RETRY)
def send_contact_message(message_id: int) -> int:
    try:
        return mails.notify_contact_message(message_id)
    except ObjectDoesNotExist:
        return 0


@shared_task
def remind_vetters() -> int:
    return vetting_reminders()
