"""Files attached to an incident: photos, documents, evidence."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.db import models
from django.utils import timezone

from kit.storage import private_storage
from members.access import SharedContent

from .record import Incident, IncidentUpdate


def _attachment_path(attachment: Attachment, filename: str) -> str:
    now = timezone.now()
    return f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Attachment(SharedContent):
    """A photo, video or document attached to an incident (through an update, or directly).

    The original is kept byte for byte with its SHA-256 as evidence; photos also get a
    display copy and a thumbnail, re-encoded without metadata, made by a background job.
    """

    access_parent = "incident"

    class Kind(models.TextChoices):
        PHOTO = "photo", "Photo"
        VIDEO = "video", "Video"
        DOCUMENT = "document", "Document"

    class Processing(models.TextChoices):
        PENDING = "pending", "Waiting to be processed"
        READY = "ready", "Ready"
        FAILED = "failed", "Processing failed"
        NOT_NEEDED = "not_needed", "Kept as uploaded"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="attachments")
    update = models.ForeignKey(
        IncidentUpdate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=50)
    original = models.FileField(storage=private_storage, upload_to=_attachment_path)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    display = models.FileField(storage=private_storage, blank=True)
    thumbnail = models.FileField(storage=private_storage, blank=True)
    processing = models.CharField(
        max_length=12, choices=Processing.choices, default=Processing.PENDING
    )
    queued_at = models.DateTimeField(
        default=timezone.now, help_text="When processing was last asked of the worker."
    )
    processing_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["queued_at"],
                condition=models.Q(processing="pending"),
                name="attachment_pending_queued",
            )
        ]

    def __str__(self) -> str:
        return self.original_name
