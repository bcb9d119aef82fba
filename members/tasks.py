"""Celery tasks of the members app: thin wrappers that pass ids to the notifications."""

from celery import shared_task
from django.core.exceptions import ObjectDoesNotExist

from . import notifications

_RETRY = {"autoretry_for": (OSError,), "retry_backoff": 30, "max_retries": 8}


@shared_task(**_RETRY)
def send_application_received(membership_id: int) -> int:
    try:
        return notifications.notify_application_received(membership_id)
    except ObjectDoesNotExist:
        return 0


@shared_task(**_RETRY)
def send_vetting_decision(membership_id: int) -> int:
    try:
        return notifications.notify_vetting_decision(membership_id)
    except ObjectDoesNotExist:
        return 0


@shared_task(**_RETRY)
def send_contact_message(message_id: int) -> int:
    try:
        return notifications.notify_contact_message(message_id)
    except ObjectDoesNotExist:
        return 0
