"""Compression of what compresses: pages, JSON, CSV, GeoJSON and KML, not photos, video or
PDFs (already compressed; a download keeps its length and byte ranges)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.middleware.gzip import GZipMiddleware

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/geo+json",
    "application/vnd.google-earth.kml+xml",
    "application/xml",
    "application/javascript",
)


class CompressTextMiddleware(GZipMiddleware):
    """Django's gzip (with its BREACH padding, see docs/operations.md) for text answers only."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if not content_type.startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
