"""GET /api/v1/trends/: the figures of a trend, as JSON, for partner systems and the page."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from kit.api import viewer_of
from kit.limits import EXPENSIVE_THROTTLES
from kit.openapi import FilteredSchema

from . import selectors
from .filters import TrendFilter


class Trends(APIView):
    """For the incidents the caller may see at a port (``port``: a UN/LOCODE for the port and
    its anchorage, or a place's own code such as NGLOS-ANCH), in a circle (``latitude``,
    ``longitude``, ``radius_nm``, 10 unless given) or a region, between ``since`` and
    ``until`` (local dates, inclusive), narrowed by any of the list filters: the number of
    incidents, by weekday and by local hour, the shortest time window holding every known
    time, the perpetrators' minimum, maximum and median, the incidents in which each weapon
    was carried, in which the crew were restrained, assaulted, injured, kidnapped or
    killed, and in which each target was attacked, the outcomes (``unknown`` only when there
    are some) and what foiled the unsuccessful ones, and a month-by-month series. Retracted
    incidents never count."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = EXPENSIVE_THROTTLES
    rate_limit_group = "trends"
    schema = FilteredSchema()
    filter_parameters_from = TrendFilter

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        viewer = viewer_of(request)
        filterset = selectors.trend_filter(viewer, request.query_params)
        if not filterset.is_valid():
            raise ApiValidationError(filterset.errors)
        return Response(selectors.trend_of(viewer, filterset))
