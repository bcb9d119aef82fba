"""Answering with an attachment's file: the same safe headers for pages and the API.

A file may be kept by a browser or a shared cache, but never used again without asking: the
answer carries an ETag and ``no-cache``, so each use revalidates, goes through the access
policy again, and a file whose marking or incident's marking has since been raised answers
404 instead of the copy kept. Only a file whose incident is TLP:CLEAR as well as itself may
be kept by shared caches (``public``); any other only by the viewer's own browser, and an
AMBER+STRICT or RED one not even there (``no-store``).
"""

from __future__ import annotations

import hashlib

from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.http import parse_etags, quote_etag

from members.access import RESTRICTED_TLP, TLP

from .models import Attachment

VARIANTS = ("original", "display", "thumbnail")


def _cache_headers(response, attachment: Attachment, etag: str) -> None:
    markings = {attachment.tlp, attachment.incident.tlp}
    if markings & RESTRICTED_TLP:
        response["Cache-Control"] = "private, no-store"  # not even on the viewer's disk
    elif markings == {TLP.CLEAR}:
        response["Cache-Control"] = "public, no-cache"
    else:
        response["Cache-Control"] = "private, no-cache"
    response["ETag"] = etag
    response["Vary"] = "Cookie, Authorization"


def attachment_response(attachment: Attachment, variant: str, *, download: bool, request=None):
    """The stored file of this variant, for a viewer the access policy has already let in.
    Display copies and thumbnails exist once a photo is processed; until then, 404. A
    revalidation whose ETag still matches answers 304 without the file."""
    if variant not in VARIANTS:
        raise Http404
    stored = getattr(attachment, variant)
    if not stored:
        raise Http404
    # The stored name is random and new whenever a copy is made again.
    etag = quote_etag(hashlib.sha256(stored.name.encode()).hexdigest()[:32])
    asked = parse_etags(request.headers.get("If-None-Match", "")) if request else []
    if etag in asked or "*" in asked:
        response = HttpResponseNotModified()
        _cache_headers(response, attachment, etag)
        return response
    original = variant == "original"
    response = FileResponse(
        stored.open("rb"),
        content_type=attachment.content_type if original else "image/jpeg",
        as_attachment=download,
        filename=attachment.original_name if original else f"{variant}.jpg",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    _cache_headers(response, attachment, etag)
    return response
