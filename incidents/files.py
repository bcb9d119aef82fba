"""Answering with an attachment's file, for pages and the API: the headers of
``kit.files``, under the marking of the file and of its incident."""

from __future__ import annotations

from django.http import Http404

from kit.files import stored_file_response
from members.access import cache_control

from .models import Attachment

VARIANTS = ("original", "display", "thumbnail")


def attachment_response(attachment: Attachment, variant: str, *, download: bool, request=None):
    """The stored file of this variant, for a viewer the access policy has already let in.
    Display copies and thumbnails exist once a photo is processed; until then, 404."""
    if variant not in VARIANTS:
        raise Http404
    stored = getattr(attachment, variant)
    if not stored:
        raise Http404
    original = variant == "original"
    return stored_file_response(
        stored,
        content_type=attachment.content_type if original else "image/jpeg",
        filename=attachment.original_name if original else f"{variant}.jpg",
        cache_control=cache_control({attachment.tlp, attachment.incident.tlp}),
        download=download,
        request=request,
    )
