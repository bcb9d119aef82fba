"""Celery tasks of the reports: beat publishes what the editors scheduled, every minute."""

from celery import shared_task

from .publications.services import publish_due as publish


@shared_task
def publish_due() -> int:

    return publish()
