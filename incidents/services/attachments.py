"""Updates and files of an incident: checked when uploaded, processed by a worker (photos
resized, their metadata stripped), swept when a worker was lost."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from kit.queue import enqueue
from kit.uploads import inspect_upload, jpeg_copies
from members.access import TLP, can_view, share_as, viewer_for
from members.models import User

from .. import access, notifications
from ..models import (
    Attachment,
    Incident,
    IncidentUpdate,
)

logger = logging.getLogger(__name__)


def _enqueue_processing(attachment: Attachment) -> None:
    _process_later(attachment.pk)


def _check_marking(incident: Incident, tlp: str) -> None:
    if tlp not in access.update_markings(incident):
        raise ValidationError(
            {
                "tlp": f"This incident is {TLP(incident.tlp).label}: what you add to it "
                "must be marked at least as strictly."
            }
        )


@transaction.atomic
def update_add(
    *,
    incident: Incident,
    author: User,
    text: str,
    tlp: str | None = None,
    files: Iterable = (),
) -> IncidentUpdate:
    """An update to an incident the author can see: text and attachments under one marking.
    Every file is checked before anything is stored; one bad file stores nothing."""
    viewer = viewer_for(author)
    if not access.can_report(viewer) or not can_view(viewer, incident):
        raise PermissionDenied("You may not add to this incident.")
    files = list(files)
    tlp = tlp or incident.tlp
    _check_marking(incident, tlp)
    text = (text or "").strip()
    if not text and not files:
        raise ValidationError({"text": "Write the update, or attach a file."})
    inspected = inspect_all(files)
    update = IncidentUpdate(
        incident=incident,
        text=text,
        tlp=tlp,
        organisation_id=viewer.organisation_id,
        created_by=author,
    )
    update.full_clean()
    update.save()
    share_as(update, incident)
    for upload, facts in zip(files, inspected, strict=True):
        attachment_store(incident=incident, owner=update, upload=upload, facts=facts)
    notifications.update_added(update=update, author=author)
    return update


def inspect_all(files: list) -> list:
    """Check every file before anything is stored: one bad file stores nothing."""
    if len(files) > settings.ATTACHMENTS_PER_UPDATE:
        raise ValidationError(
            {"files": f"Attach at most {settings.ATTACHMENTS_PER_UPDATE} files at once."}
        )
    inspected = []
    for upload in files:
        try:
            inspected.append(inspect_upload(upload))
        except ValidationError as error:
            raise ValidationError({"files": f"{upload.name}: {' '.join(error.messages)}"}) from None
    return inspected


def attachment_store(*, incident, owner, upload, facts) -> Attachment:
    """Store a checked file under the marking and audience of its owner: the incident itself
    (files sent with the report) or an update."""
    attachment = Attachment(
        incident=incident,
        update=owner if isinstance(owner, IncidentUpdate) else None,
        tlp=owner.tlp,
        organisation_id=owner.organisation_id,
        created_by_id=owner.created_by_id,
        kind=facts.kind,
        content_type=facts.content_type,
        original_name=(upload.name or "file")[-255:],
        size=facts.size,
        sha256=facts.sha256,
        width=facts.width,
        height=facts.height,
        processing=(
            Attachment.Processing.PENDING
            if facts.kind == Attachment.Kind.PHOTO
            else Attachment.Processing.NOT_NEEDED
        ),
    )
    upload.seek(0)
    attachment.original.save(f"upload{facts.extension}", upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.original.delete(save=False)
        raise
    share_as(attachment, incident)
    if attachment.processing == Attachment.Processing.PENDING:
        _enqueue_processing(attachment)
    return attachment


@transaction.atomic
def attachments_reprocess(*, attachment_ids: list[int]) -> int:
    """Queue photos again (those that failed, say); others are left as they are."""
    photos = Attachment.objects.unrestricted().filter(
        pk__in=attachment_ids, kind=Attachment.Kind.PHOTO
    )
    ids = list(photos.values_list("pk", flat=True))
    photos.update(
        processing=Attachment.Processing.PENDING, processing_error="", queued_at=timezone.now()
    )
    for pk in ids:
        _process_later(pk)
    return len(ids)


def attachments_sweep(*, now: dt.datetime | None = None) -> int:
    """Photos still waiting to be processed long after they were queued (the broker lost the
    message, or the worker died mid-way) are queued again; returns how many."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.EXPORTS_STALE_SECONDS)
    waiting = Attachment.objects.unrestricted().filter(
        processing=Attachment.Processing.PENDING, queued_at__lt=stale
    )
    ids = list(waiting.values_list("pk", flat=True)[:1000])
    Attachment.objects.unrestricted().filter(pk__in=ids).update(queued_at=now)
    for pk in ids:
        _process_later(pk)
    return len(ids)


def _process_later(attachment_id: int) -> None:
    """After the commit; kept for the sweep when the broker cannot take it."""

    enqueue("incidents.tasks.process_attachment", attachment_id)


DISPLAY_SIZE = (1600, 1600)
THUMBNAIL_SIZE = (320, 320)


def attachment_process(*, attachment_id: int) -> str:
    """Make a photo's display copy and thumbnail, re-encoded without EXIF or GPS metadata.
    Safe to run again: a ready attachment is left alone, a failed one is tried afresh."""

    attachment = Attachment.objects.unrestricted().filter(pk=attachment_id).first()
    if attachment is None or attachment.processing in (
        Attachment.Processing.READY,
        Attachment.Processing.NOT_NEEDED,
    ):
        return attachment.processing if attachment else "missing"
    try:
        with attachment.original.open("rb") as original:
            display, thumbnail = jpeg_copies(original, (DISPLAY_SIZE, THUMBNAIL_SIZE))
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        logger.warning("Attachment %s could not be processed: %s", attachment_id, error)
        Attachment.objects.unrestricted().filter(pk=attachment_id).update(
            processing=Attachment.Processing.FAILED, processing_error=str(error)[:500]
        )
        attachment.processing, attachment.processing_error = "failed", str(error)[:500]
        notifications.attachment_done(attachment=attachment)
        return Attachment.Processing.FAILED
    stem = attachment.original.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for field, content in (("display", display), ("thumbnail", thumbnail)):
        old = getattr(attachment, field)
        if old:
            old.delete(save=False)
        getattr(attachment, field).save(
            f"derived/{stem}-{field}.jpg", ContentFile(content), save=False
        )
    attachment.processing = Attachment.Processing.READY
    attachment.processing_error = ""
    attachment.save(update_fields=["display", "thumbnail", "processing", "processing_error"])
    notifications.attachment_done(attachment=attachment)
    return Attachment.Processing.READY
