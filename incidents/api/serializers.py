"""How the API shows and checks an incident, its place, its updates and its files."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as ApiValidationError

from members.access import TLP

from .. import selectors
from ..models import (
    Attachment,
    FoiledBy,
    Incident,
    IncidentUpdate,
    Port,
    SourceReliability,
    Target,
    Weapon,
)
from ..ports import port_by_code
from ..services import REPORTED_FACTS
from ..validation import validate_country_code, validate_no_repeats

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


class AttachmentUpload(serializers.Serializer):
    file = serializers.FileField()
    tlp = serializers.ChoiceField(choices=TLP.choices, required=False)
