"""Celery tasks of the incidents app: thin wrappers that pass ids to one service."""

from celery import shared_task

from . import services


@shared_task(autoretry_for=(OSError,), retry_backoff=10, max_retries=5)
def process_attachment(attachment_id: int) -> str:
    return services.attachment_process(attachment_id=attachment_id)
