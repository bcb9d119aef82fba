"""Answering with an attachment's file: the same safe headers for pages and the API."""

from __future__ import annotations

from django.http import FileResponse, Http404

from members.access import TLP

from .models import Attachment

VARIANTS = ("original", "display", "thumbnail")


def attachment_response(attachment: Attachment, variant: str, *, download: bool) -> FileResponse:
    """The stored file of this variant, for a viewer the access policy has already let in.
    Display copies and thumbnails exist once a photo is processed; until then, 404."""
    if variant not in VARIANTS:
        raise Http404
    stored = getattr(attachment, variant)
    if not stored:
        raise Http404
    original = variant == "original"
    response = FileResponse(
        stored.open("rb"),
        content_type=attachment.content_type if original else "image/jpeg",
        as_attachment=download,
        filename=attachment.original_name if original else f"{variant}.jpg",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    visibility = "public" if attachment.tlp == TLP.CLEAR else "private"
    response["Cache-Control"] = f"{visibility}, max-age=3600"
    return response
