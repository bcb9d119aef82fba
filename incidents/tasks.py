"""Celery tasks of the incidents app: thin wrappers that pass ids to one service."""

from celery import shared_task

from . import services
from .exports import export_write, exports_prune


@shared_task(autoretry_for=(OSError,), retry_backoff=10, max_retries=5)
def process_attachment(attachment_id: int) -> str:
    return services.attachment_process(attachment_id=attachment_id)


@shared_task
def write_export(export_id: str) -> str:
    return export_write(export_id=export_id)


@shared_task
def prune_exports() -> int:
    return exports_prune()
