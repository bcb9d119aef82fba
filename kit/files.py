"""Answering with a stored private file: the same safe headers wherever it is served.

A file may be kept by a browser or a shared cache, but never used again without asking: the
answer carries an ETag and the caller's Cache-Control (``no-cache`` always, from
``members.access.cache_control``), so each use revalidates, goes through the access policy
again, and a file whose marking has since been raised answers 404 instead of the copy kept.
The content is never sniffed nor run as a page.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, cast

from django.http import FileResponse, HttpResponseNotModified
from django.utils.http import parse_etags, quote_etag

if TYPE_CHECKING:
    from django.db.models.fields.files import FieldFile
    from django.http import HttpRequest, HttpResponseBase


def _cache_headers(response: HttpResponseBase, cache_control: str, etag: str) -> None:
    response["Cache-Control"] = cache_control
    response["ETag"] = etag
    response["Vary"] = "Cookie, Authorization"


def stored_file_response(
    stored: FieldFile,
    *,
    content_type: str,
    filename: str,
    cache_control: str,
    download: bool,
    request: HttpRequest | None = None,
) -> HttpResponseNotModified | FileResponse:
    """The stored file (a FieldFile that exists), for a viewer the access policy has already
    let in. A revalidation whose ETag still matches answers 304 without the file."""
    # Stored names are random and new whenever a file is stored again.
    name = cast(str, stored.name)  # a file that exists has its name
    etag = quote_etag(hashlib.sha256(name.encode()).hexdigest()[:32])
    asked = parse_etags(request.headers.get("If-None-Match", "")) if request else []
    if etag in asked or "*" in asked:
        not_modified = HttpResponseNotModified()
        _cache_headers(not_modified, cache_control, etag)
        return not_modified
    response = FileResponse(
        stored.open("rb"), content_type=content_type, as_attachment=download, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    _cache_headers(response, cache_control, etag)
    return response
