"""The incident API (/api/v1/incidents/): a contract partner systems depend on.

Lists answer ``{"results": [...], "next": <url or null>}``. Invisible incidents answer 404;
validation errors answer 400 with messages per field; a PATCH that changes facts or the
status needs a ``reason``, recorded on the incident's timeline with the change.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
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
from members.access import TLP

from . import access, clusters, listing, places, selectors, services
from .files import VARIANTS, attachment_response
from .filters import IncidentFilter
from .models import (
    Attachment,
    FoiledBy,
    Incident,
    IncidentUpdate,
    Port,
    SourceReliability,
    Target,
    Weapon,
)
from .ports import port_by_code
from .services import REPORTED_FACTS
from .validation import validate_country_code, validate_no_repeats

API_FIELDS = [
    "reference",
    "occurred_on",
    "occurred_time",
    "timezone",
    "occurred_at",
    "latitude",
    "longitude",
    "port",
    "place",
    "region",
    "country",
    *REPORTED_FACTS,
    "vessel_imo",
    "status",
    "source_reliability",
    "information_credibility",
    "significance",
    "tlp",
]
DERIVED = ["reference", "timezone", "occurred_at", "region", "country", "place"]


def _django_error(error: DjangoValidationError) -> ApiValidationError:
    return ApiValidationError(serializers.as_serializer_error(error))


class ResultsPagination(KeysetPagination):
    ordering = ("-occurred_at", "-id")


@extend_schema_field(OpenApiTypes.STR)
class PortField(serializers.Field):
    """A port by UN/LOCODE (the port itself, or its anchorage when that is all we list), or
    an anchorage by its code (NGLOS-ANCH); answers the UN/LOCODE."""

    default_error_messages = {"unknown": "{value!r} is not a port or anchorage we know."}

    def to_representation(self, port: Port) -> str:
        return port.locode

    def to_internal_value(self, data) -> Port:
        if not isinstance(data, str) or len(data) > 20 or "\x00" in data:
            self.fail("unknown", value=str(data)[:20])
        port = port_by_code(data)
        if port is None:
            self.fail("unknown", value=data)
        return port


class PlaceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


def _choices_list(choices):
    """Each choice at most once."""
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices.choices),
        required=False,
        max_length=len(choices.choices),
        validators=[validate_no_repeats],
    )


class CountryCodeField(serializers.CharField):
    """An ISO 3166-1 alpha-2 code, in either case; answered in capitals."""

    def __init__(self, **kwargs):
        super().__init__(
            max_length=2, allow_blank=True, validators=[validate_country_code], **kwargs
        )

    def to_internal_value(self, data):
        return super().to_internal_value(data).upper()


@extend_schema_field(
    {"type": "string", "pattern": "^(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?$", "example": "02:55"}
)
class LocalTimeField(serializers.TimeField):
    """A local time of day: answered HH:MM, read as HH:MM or HH:MM:SS."""


class IncidentSerializer(serializers.ModelSerializer):
    occurred_time = LocalTimeField(
        format="%H:%M",
        input_formats=["%H:%M", "%H:%M:%S"],
        allow_null=True,
        required=False,
        help_text="Local time at the place, HH:MM; null when not known.",
    )
    occurred_at = serializers.DateTimeField(read_only=True, help_text="The UTC instant.")
    latitude = serializers.FloatField(required=False, min_value=-90, max_value=90)
    longitude = serializers.FloatField(required=False, min_value=-180, max_value=180)
    port = PortField(allow_null=True, required=False, help_text="UN/LOCODE")
    place = PlaceSerializer(source="port", read_only=True, allow_null=True)
    source_reliability = serializers.ChoiceField(
        choices=[("", "Not graded"), *SourceReliability.choices],
        read_only=True,
        help_text="The Admiralty grading of the source, A-F; empty until graded.",
    )
    vessel_flag = CountryCodeField(required=False, help_text="ISO 3166-1 alpha-2, e.g. PA")
    foiled_by = _choices_list(FoiledBy)
    weapons = _choices_list(Weapon)
    targets = _choices_list(Target)

    class Meta:
        model = Incident
        fields = API_FIELDS
        read_only_fields = [
            *DERIVED,
            "status",
            "source_reliability",
            "information_credibility",
            "significance",
        ]


class IncidentCreateSerializer(IncidentSerializer):
    anonymous = serializers.BooleanField(default=False, write_only=True)
    position_confirmed = serializers.BooleanField(
        default=False,
        write_only=True,
        help_text="Record a position on land far from any port as given.",
    )

    shared_with_groups = serializers.ListField(
        child=serializers.SlugField(max_length=100),
        required=False,
        write_only=True,
        max_length=50,
        help_text="Under TLP:AMBER: the slugs of groups you are in to share with.",
    )

    recipients = serializers.ListField(
        child=serializers.CharField(max_length=160),
        required=False,
        write_only=True,
        max_length=50,
        help_text="Under TLP:RED: the @handles of the people it is for (the "
        "editors verify it only if it names them).",
    )
    recipient_organisations = serializers.ListField(
        child=serializers.SlugField(max_length=200),
        required=False,
        write_only=True,
        max_length=50,
        help_text="Under TLP:RED: the slugs of organisations whose approved members it is for.",
    )
    recipient_groups = serializers.ListField(
        child=serializers.SlugField(max_length=100),
        required=False,
        write_only=True,
        max_length=50,
        help_text="Under TLP:RED: the slugs of groups you are in that it is for.",
    )

    class Meta(IncidentSerializer.Meta):
        fields = [
            *API_FIELDS,
            "anonymous",
            "position_confirmed",
            "shared_with_groups",
            "recipients",
            "recipient_organisations",
            "recipient_groups",
        ]

    def validate(self, data):
        if "latitude" not in data and "longitude" not in data and not data.get("port"):
            raise ApiValidationError({"port": "Give latitude and longitude, or the port."})
        if ("latitude" in data) != ("longitude" in data):
            missing = "longitude" if "latitude" in data else "latitude"
            raise ApiValidationError({missing: "Give both latitude and longitude."})
        return data


class IncidentChangeSerializer(IncidentSerializer):
    source_reliability = serializers.ChoiceField(
        choices=SourceReliability.choices, allow_blank=True, required=False
    )
    reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=2000
    )
    position_confirmed = serializers.BooleanField(default=False, write_only=True)

    class Meta(IncidentSerializer.Meta):
        fields = [*API_FIELDS, "reason", "position_confirmed"]
        read_only_fields = DERIVED


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


class AttachmentSerializer(serializers.ModelSerializer):
    file = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "update",
            "kind",
            "content_type",
            "original_name",
            "size",
            "sha256",
            "width",
            "height",
            "processing",
            "tlp",
            "created_at",
            "file",
        ]

    def get_file(self, attachment) -> str:
        request = self.context["request"]
        incident = self.context.get("incident") or attachment.incident
        return request.build_absolute_uri(
            reverse("api-incident-attachment-file", args=[incident.reference, attachment.pk])
        )


class UpdateSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    tlp = serializers.ChoiceField(choices=TLP.choices, required=False)
    text = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    files = serializers.ListField(
        child=serializers.FileField(), required=False, write_only=True, max_length=50
    )

    class Meta:
        model = IncidentUpdate
        fields = ["id", "text", "tlp", "created_at", "author", "attachments", "files"]
        read_only_fields = ["id", "created_at"]

    def get_author(self, update) -> str:
        viewer = self.context["viewer"]
        return selectors.person_label(
            viewer, update.incident, update.created_by, update.organisation
        )

    def get_attachments(self, update) -> list[int]:
        return [attachment.pk for attachment in update.attachments.all()]


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


class AttachmentUpload(serializers.Serializer):
    file = serializers.FileField()
    tlp = serializers.ChoiceField(choices=TLP.choices, required=False)


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
