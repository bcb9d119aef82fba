"""An organisation's own feed of the incidents it may see, for the systems of partners that
take the Alliance's picture into their own (a cruise line's security centre, a reporting
centre): ``/api/v1/incidents/feed.atom`` and ``/api/v1/incidents/feed.geojson``.

Each is read through the access policy as the caller (a partner token's account, or a
signed-in member) and narrowed by the list's filters (``since``, ``region``, ``port``,
``category``...). The newest changes come first: the ``limit`` incidents (50 unless asked,
at most 500) changed last. Every entry carries its TLP marking. An ``ETag`` lets a poller
on a thin link ask again for nothing: ``If-None-Match`` with the last one is answered 304
when nothing in the feed changed."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db.models import Max
from django.http import HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.views import APIView

from kit.api import viewer_of

from .. import selectors
from ..exports.formats import GeoJsonWriter, atom_feed, rows
from ..filters import IncidentFilter

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
ORDER = ("-updated_at", "-id")

LIMIT = OpenApiParameter(
    "limit", OpenApiTypes.INT, description=f"How many entries (1 to {MAX_LIMIT}; {DEFAULT_LIMIT})."
)


class _Feed(APIView):
    permission_classes = [permissions.IsAuthenticated]
    content_type = ""
    extension = ""

    def _limit(self) -> int:
        text = self.request.query_params.get("limit", str(DEFAULT_LIMIT)).strip()
        if not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
            raise ValidationError({"limit": f"A whole number from 1 to {MAX_LIMIT}."})
        return int(text)

    def _incidents(self):
        viewer = viewer_of(self.request)
        params = self.request.query_params.copy()
        params.pop("limit", None)
        filterset = IncidentFilter(params, queryset=selectors.incidents(viewer))
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        newest = list(filterset.qs.order_by(*ORDER).values_list("pk", flat=True)[: self._limit()])
        return selectors.incidents(viewer).filter(pk__in=newest)

    def _etag(self, incidents) -> str:
        stamp = incidents.aggregate(last=Max("updated_at"))["last"]
        ids = ",".join(map(str, sorted(incidents.values_list("pk", flat=True))))
        seed = (
            f"{self.extension}|{self.request.user.pk}|{self.request.GET.urlencode()}|{stamp}|{ids}"
        )
        return '"' + hashlib.sha256(seed.encode()).hexdigest()[:32] + '"'

    def get(self, request, *args, **kwargs):
        incidents = self._incidents()
        etag = self._etag(incidents)
        if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
            answer = HttpResponseNotModified()
        else:
            answer = self.document(incidents)
        answer["ETag"] = etag
        answer["Cache-Control"] = "private, no-cache"
        answer["Vary"] = "Authorization, Cookie"
        return answer

    def document(self, incidents) -> HttpResponse:
        raise NotImplementedError


@extend_schema(
    parameters=[LIMIT],
    responses={(200, "application/atom+xml"): OpenApiResponse(OpenApiTypes.STR)},
)
class IncidentAtomFeed(_Feed):
    """The incidents the caller may see, newest changes first, as an Atom feed: each entry
    with its link, category, GeoRSS point and TLP marking."""

    extension = "atom"

    def document(self, incidents) -> HttpResponse:
        who = getattr(getattr(self.request.user, "membership", None), "organisation", None)
        title = f"CSOA incidents for {who.name}" if who else "CSOA incidents"
        url = settings.SITE_URL.rstrip("/") + self.request.get_full_path()
        return HttpResponse(
            atom_feed(incidents.order_by(*ORDER), title=title, self_url=url),
            content_type="application/atom+xml; charset=utf-8",
        )


@extend_schema(
    parameters=[LIMIT],
    responses={(200, "application/geo+json"): OpenApiResponse(OpenApiTypes.OBJECT)},
)
class IncidentGeoJsonFeed(_Feed):
    """The same feed as a GeoJSON FeatureCollection, the columns of the exports."""

    extension = "geojson"

    def document(self, incidents) -> HttpResponse:
        writer = GeoJsonWriter()
        return StreamingHttpResponse(
            writer.chunks(rows(incidents, ORDER)), content_type="application/geo+json"
        )
