"""Files of a publication: checked, photos re-encoded, removed with what was stored."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from kit.text import checked_text
from kit.uploads import inspect_upload, jpeg_copies
from members.audit import audit_record
from members.models import AuditEvent, User

from ...models import (
    Publication,
    PublicationFile,
    PublicationState,
)
from .editing import _editor, _locked

FILES_PER_PUBLICATION = 20


PHOTO_SIZES = ((1600, 1600), (720, 720))  # the display copy, and the page's


@transaction.atomic
def publication_file_add(
    *, actor: User, publication: Publication, upload, caption: str = ""
) -> PublicationFile:
    """Add a photo or a PDF document to a publication not withdrawn, checked as every upload
    is (``kit.uploads``). A photo is kept only as copies re-encoded without its metadata;
    a document byte for byte. What was stored is removed again if the row is not written."""
    _editor(actor)
    publication = _locked(publication)
    if publication.state == PublicationState.WITHDRAWN:
        raise ValidationError({"file": "This publication was withdrawn: it takes no files."})
    if PublicationFile.objects.filter(publication=publication).count() >= FILES_PER_PUBLICATION:
        raise ValidationError(
            {"file": f"A publication carries at most {FILES_PER_PUBLICATION} files."}
        )
    caption = checked_text(caption, "caption", length=300)
    if upload is None:
        raise ValidationError({"file": "Choose a photo or a PDF document."})
    name = (upload.name or "file").replace("\x00", "")[-255:] or "file"
    try:
        facts = inspect_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": f"{name}: {' '.join(error.messages)}"}) from None
    if facts.kind not in PublicationFile.Kind.values:
        raise ValidationError(
            {"file": f"{name}: a publication carries photos and PDF documents, not videos."}
        )
    made = PublicationFile(
        publication=publication,
        kind=facts.kind,
        caption=caption,
        original_name=name,
        sha256=facts.sha256,
        created_by=actor,
    )
    if facts.kind == PublicationFile.Kind.PHOTO:
        try:
            display, preview = jpeg_copies(upload, PHOTO_SIZES)
        except (OSError, ValueError, Image.DecompressionBombError):
            raise ValidationError({"file": f"{name}: this photo cannot be read."}) from None
        with Image.open(ContentFile(display)) as shown:
            made.width, made.height = shown.size
        made.content_type, made.size = "image/jpeg", len(display)
        made.stored.save("photo.jpg", ContentFile(display), save=False)
        made.preview.save("preview.jpg", ContentFile(preview), save=False)
    else:
        made.content_type, made.size = facts.content_type, facts.size
        upload.seek(0)
        made.stored.save(f"document{facts.extension}", upload, save=False)
    try:  # the row and the stored files stand or fall together
        made.save()
    except Exception:
        _remove_stored(made)
        raise
    return made


def _remove_stored(made: PublicationFile) -> None:
    for stored in (made.stored, made.preview):
        if stored:
            stored.delete(save=False)


@transaction.atomic
def publication_file_remove(
    *, actor: User, publication_file: PublicationFile, request=None
) -> None:
    """An editor removes a publication's file; once published, the removal is audited. The
    stored files go once the removal is committed."""
    _editor(actor)
    publication = _locked(publication_file.publication)
    if publication.state in (PublicationState.PUBLISHED, PublicationState.WITHDRAWN):
        audit_record(
            action=AuditEvent.Action.PUBLICATION_FILE_REMOVED,
            actor=actor,
            target=publication,
            request=request,
            detail={"file": str(publication_file), "sha256": publication_file.sha256},
        )
    PublicationFile.objects.filter(pk=publication_file.pk).delete()
    transaction.on_commit(lambda: _remove_stored(publication_file))
