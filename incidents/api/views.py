"""The endpoints of the incidents API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from kit.api import KeysetPagination, viewer_of
from kit.limits import EXPENSIVE_THROTTLES, MapThrottle, searching
from kit.openapi import DECIMAL, FilteredSchema
from kit.uploads import ACCEPTED_TYPES
from members import selectors as member_selectors

from .. import access, clusters, listing, places, selectors, services
from ..files import VARIANTS, attachment_response
from ..filters import IncidentFilter
from ..models import (
    Incident,
)
from .serializers import (
    AttachmentSerializer,
    AttachmentUpload,
    IncidentChangeSerializer,
    IncidentCreateSerializer,
    IncidentSerializer,
    UpdateSerializer,
    _django_error,
)


class ResultsPagination(KeysetPagination):
    ordering = ("-occurred_at", "-id")


class IncidentList(generics.ListCreateAPIView):
    """Incidents the caller may see, newest first, narrowed by the list filters; POST reports
    a new one."""

    pagination_class = ResultsPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = IncidentFilter
    throttle_classes = EXPENSIVE_THROTTLES
    rate_limit_group = "search"
    rate_limit_when = staticmethod(searching)
    schema = FilteredSchema()
    filter_parameters_from = IncidentFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks, no caller
            return Incident.objects.none()
        return selectors.incidents(viewer_of(self.request))

    def get_serializer_class(self):
        return IncidentCreateSerializer if self.request.method == "POST" else IncidentSerializer

    def create(self, request, *args, **kwargs):
        if not access.can_report(viewer_of(request)):
            raise PermissionDenied("Only approved members report incidents.")
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        viewer = viewer_of(self.request)
        try:
            data["recipients"] = member_selectors.named_members(viewer, data.get("recipients", []))
            data["recipient_organisations"] = member_selectors.named_organisations(
                data.get("recipient_organisations", [])
            )
            incident = services.incident_report(
                reporter=self.request.user,
                organisation=self.request.user.membership.organisation,
                **data,
            )
        except DjangoValidationError as error:
            raise _django_error(error) from None
        serializer.instance = incident


class IncidentDetail(generics.RetrieveUpdateAPIView):
    """One incident. PATCH changes facts (editors; the owning organisation's admins for their
    own reports) or status and grading (editors), with a ``reason``."""

    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return selectors.incident_by_reference(viewer_of(self.request), self.kwargs["reference"])

    def get_serializer_class(self):
        return IncidentChangeSerializer if self.request.method == "PATCH" else IncidentSerializer

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        position_confirmed = data.pop("position_confirmed", False)
        try:
            services.incident_change(
                incident=serializer.instance,
                actor=self.request.user,
                reason=reason,
                position_confirmed=position_confirmed,
                **data,
            )
        except DjangoValidationError as error:
            raise _django_error(error) from None
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        serializer.instance = selectors.incident_by_reference(
            viewer_of(self.request), self.kwargs["reference"]
        )


class _IncidentChild(generics.ListCreateAPIView):
    pagination_class = ResultsPagination
    filter_backends = []

    @property
    def incident(self) -> Incident:
        if not hasattr(self, "_incident"):
            self._incident = selectors.incident_by_reference(
                viewer_of(self.request), self.kwargs["reference"]
            )
        return self._incident

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "viewer": viewer_of(self.request),
            "incident": self.incident,
        }

    def _add(self, *, text: str, tlp: str | None, files: list):
        try:
            return services.update_add(
                incident=self.incident, author=self.request.user, text=text, tlp=tlp, files=files
            )
        except DjangoValidationError as error:
            raise _django_error(error) from None
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None


class UpdateList(_IncidentChild):
    """Updates to an incident the caller may see; POST adds one (JSON, or multipart with
    ``files``)."""

    serializer_class = UpdateSerializer

    class Pagination(ResultsPagination):
        ordering = ("created_at", "id")

    pagination_class = Pagination

    def get_queryset(self):
        return selectors.updates(viewer_of(self.request), self.incident).select_related("incident")

    def perform_create(self, serializer):
        data = serializer.validated_data
        update = self._add(
            text=data.get("text", ""), tlp=data.get("tlp"), files=data.get("files", [])
        )
        serializer.instance = selectors.update_by_id(
            viewer_of(self.request), self.incident, update.pk
        )


class AttachmentList(_IncidentChild):
    """Files attached to an incident the caller may see; POST (multipart ``file``) attaches
    one, shown on the timeline as an update of its own."""

    serializer_class = AttachmentSerializer

    class Pagination(ResultsPagination):
        ordering = ("created_at", "id")

    pagination_class = Pagination

    def get_queryset(self):
        return selectors.attachments(viewer_of(self.request), self.incident)

    @extend_schema(request=AttachmentUpload, responses=AttachmentSerializer)
    def post(self, request, *args, **kwargs):
        # Who may add comes before what they sent: an incident the caller may not see is
        # not found, whatever the body (its reference says nothing more than a 404).
        self.incident  # noqa: B018 - 404 unless the caller sees it
        if not access.can_report(viewer_of(request)):
            raise PermissionDenied("You may not add to this incident.")
        upload = AttachmentUpload(data=request.data)
        upload.is_valid(raise_exception=True)
        update = self._add(
            text="", tlp=upload.validated_data.get("tlp"), files=[upload.validated_data["file"]]
        )
        attachment = update.attachments.unrestricted().get()
        context = {"request": request, "incident": self.incident}
        return Response(AttachmentSerializer(attachment, context=context).data, 201)


class AttachmentFile(APIView):
    """The file itself (``?variant=original|display|thumbnail``), after the access policy."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("variant", {"type": "string", "enum": list(VARIANTS)}),
        ],
        responses={
            (200, content_type): OpenApiTypes.BINARY
            for content_type in (*ACCEPTED_TYPES, "image/jpeg")
        },
    )
    def get(self, request, reference: str, attachment_pk: int):
        viewer = viewer_of(request)
        attachment = selectors.attachment(viewer, attachment_pk)
        if attachment.incident.reference != reference:
            raise Http404
        variant = request.query_params.get("variant", "original")
        if variant not in VARIANTS:
            raise ApiValidationError({"variant": f"One of {', '.join(VARIANTS)}."})
        return attachment_response(attachment, variant, download=True, request=request)


class Places(APIView):
    """Ports, anchorages and regions whose names (or a port's code or country) hold the
    words of ``q``: where the map's search box flies to. A port comes with its position and
    a zoom, a region with its bounds as ``[[south, west], [north, east]]``. Public reference
    data, the same for everyone."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [MapThrottle]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": 1, "maxLength": 100},
                required=True,
                description="A place's name, a port's code or a country",
            )
        ],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, "The places found, best first")},
    )
    def get(self, request):
        query = request.query_params.get("q", "")
        if not query.strip() or len(query) > 100:
            raise ApiValidationError({"q": "Type up to 100 characters of a place's name."})
        response = Response({"results": places.search(query)})
        response["Cache-Control"] = "public, max-age=86400"
        return response


class IncidentMap(APIView):
    """The incidents in a map view, clustered: a GeoJSON FeatureCollection of clusters
    (``properties.count``, mean position, ``categories`` and ``statuses`` breakdowns) or,
    when no more than 300 incidents are in view, single incidents (``count`` 1, ``id``).
    ``bbox`` is WEST,SOUTH,EAST,NORTH in degrees (WEST > EAST crosses the antimeridian);
    the list filters apply."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [MapThrottle]
    schema = FilteredSchema()
    filter_parameters_from = IncidentFilter

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "bbox",
                {"type": "string", "pattern": f"^{DECIMAL},{DECIMAL},{DECIMAL},{DECIMAL}$"},
                required=True,
                description="WEST,SOUTH,EAST,NORTH in decimal degrees",
            ),
            OpenApiParameter(
                "zoom",
                {"type": "integer", "minimum": 0, "maximum": clusters.MAX_ZOOM},
                required=True,
                description="Map zoom",
            ),
        ],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, "A GeoJSON FeatureCollection")},
    )
    def get(self, request):
        viewer = viewer_of(request)
        form = clusters.MapForm(request.query_params)
        filterset = selectors.incident_filter(viewer, request.query_params)
        if not (form.is_valid() & filterset.is_valid()):
            raise ApiValidationError({**form.errors, **filterset.errors})
        data = form.cleaned_data
        return Response(clusters.map_view(viewer, filterset, data["bbox"], data["zoom"]))


class IncidentCount(APIView):
    """How many incidents the caller may see match the list filters. ``exact`` is false when
    the count stopped at 10,000 (filters beyond category, status, region and marking)."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = EXPENSIVE_THROTTLES
    rate_limit_group = "search"
    rate_limit_when = staticmethod(searching)
    schema = FilteredSchema()
    filter_parameters_from = IncidentFilter

    @extend_schema(
        responses=inline_serializer(
            "IncidentCount",
            {"count": serializers.IntegerField(), "exact": serializers.BooleanField()},
        ),
    )
    def get(self, request):
        viewer = viewer_of(request)
        filterset = selectors.incident_filter(viewer, request.query_params)
        if not filterset.is_valid():
            raise ApiValidationError(filterset.errors)
        count = listing.count(viewer, filterset)
        return Response({"count": count.value, "exact": count.exact})
