"""The publications API: the list (``kind`` filters), one publication (with its sources,
linked incidents, log and files), an editor's new one (a draft, or published at once with
``publish``), an editor's change to a draft, and on a published one: a First Response
Report's update, a photo or document, withdrawing."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from kit.api import KeysetPagination, refusals, viewer_of
from members.access import TLP

from ..models import Publication, PublicationFile, PublicationKind, PublicationUpdate
from . import selectors, services


class SourceSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    grading = serializers.RegexField(
        r"^[A-F][1-6]$", help_text="The Admiralty grading: reliability A-F, credibility 1-6 (B2)."
    )


def _sources(given: list[dict]) -> list[tuple[str, str, int]]:
    return [(s["description"], s["grading"][0], int(s["grading"][1])) for s in given]


class LogEntrySerializer(serializers.ModelSerializer):
    sources = SourceSerializer(many=True, required=False, write_only=True)

    class Meta:
        model = PublicationUpdate
        fields = ["created_at", "text", "response_status", "sources"]
        read_only_fields = ["created_at"]


class PublicationFileSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True, help_text="A photo (JPEG, PNG, WebP) or a PDF.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = PublicationFile
        fields = ["id", "kind", "caption", "content_type", "size", "sha256", "url", "file"]
        read_only_fields = ["kind", "content_type", "size", "sha256"]

    def get_url(self, found) -> str:
        path = reverse("reports:publication_file", args=[found.publication_id, found.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class _ReadThroughPolicy:
    """A publication's parts, read for the caller through the access policy (a First
    Response Report's alone, unless ``of_every_kind``)."""

    of_every_kind = False

    def read(self, viewer, publication):
        raise NotImplementedError

    def get_attribute(self, instance):
        if not self.of_every_kind and instance.kind != PublicationKind.FIRST_RESPONSE:
            return []
        return self.read(viewer_of(self.context["request"]), instance)


class SourcesField(_ReadThroughPolicy, serializers.ListSerializer):
    def read(self, viewer, publication):
        return selectors.sources(viewer, publication)


class IncidentsField(_ReadThroughPolicy, serializers.ListField):
    def read(self, viewer, publication):
        return [found.reference for found in selectors.linked_incidents(viewer, publication)]


class LogField(_ReadThroughPolicy, serializers.ListSerializer):
    def read(self, viewer, publication):
        return selectors.log(viewer, publication)


class FilesField(_ReadThroughPolicy, serializers.ListSerializer):
    of_every_kind = True

    def read(self, viewer, publication):
        return selectors.files(viewer, publication)


# Read through the access policy one by one: in one publication, not in a list.
WHOLE = ("sources", "incidents", "log", "files")


class PublicationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=PublicationKind.choices)
    tlp = serializers.ChoiceField(choices=TLP.choices, default=TLP.GREEN)
    url = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()
    publish = serializers.BooleanField(
        write_only=True, default=False, help_text="Publish at once instead of keeping a draft."
    )
    sources = SourcesField(
        child=SourceSerializer(),
        required=False,
        help_text="A First Response Report's graded sources (given: they replace its sources).",
    )
    incidents = IncidentsField(
        child=serializers.CharField(max_length=40),
        required=False,
        max_length=50,
        help_text="A First Response Report's linked incidents, by reference.",
    )
    log = LogField(child=LogEntrySerializer(), read_only=True, help_text="Its updates, in order.")
    files = FilesField(child=PublicationFileSerializer(), read_only=True)

    class Meta:
        model = Publication
        fields = [
            "id",
            "kind",
            "title",
            "tlp",
            "state",
            "url",
            "summary",
            "body",
            "published_at",
            "updated_at",
            "response_status",
            "issuer",
            "sequence",
            "bulletin_kind",
            "verified",
            "region",
            "threat_level",
            "issued_at",
            "cutoff_at",
            "valid_until",
            "starts",
            "ends",
            "time_zone",
            "venue",
            "online_link",
            "organiser",
            "audience",
            "ics_url",
            "publish",
            "sources",
            "incidents",
            "log",
            "files",
        ]
        read_only_fields = ["state", "published_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.context.get("listing"):  # a list carries each one's own fields alone
            for name in WHOLE:
                self.fields.pop(name)

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, found) -> str:
        return self._absolute(reverse("reports:publication", args=[found.pk]))

    def get_ics_url(self, found) -> str | None:
        if found.kind != PublicationKind.EVENT:
            return None
        return self._absolute(reverse("reports:event_ics", args=[found.pk]))


class PublicationPages(KeysetPagination):
    ordering = ("-published_at", "-id")


class PublicationList(generics.ListCreateAPIView):
    """The publications the caller may read, newest first (``kind``: first_response,
    bulletin, news, event); POST (editors) writes one: a draft, or published with
    ``publish``."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    serializer_class = PublicationSerializer
    pagination_class = PublicationPages
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Publication.objects.none()
        kind = self.request.query_params.get("kind", "")
        if kind and kind not in PublicationKind.values:
            raise ValidationError({"kind": f"Choose one of {', '.join(PublicationKind.values)}."})
        return selectors.publications(viewer_of(self.request), kind)

    def create(self, request, *args, **kwargs):
        viewer = viewer_of(request)
        if not (viewer.is_editor or viewer.is_staff):
            raise PermissionDenied("Only the platform's editors publish.")
        return super().create(request, *args, **kwargs)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "listing": self.request.method == "GET"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        publish = data.pop("publish", False)
        kind = data.pop("kind")
        given = _written(data, kind, self.request.data)
        with refusals():
            made = services.publication_draft(
                author=self.request.user, kind=kind, title=given.pop("title"), **given
            )
            if publish:
                made = services.publication_publish(
                    actor=self.request.user, publication=made, request=self.request._request
                )
        serializer.instance = selectors.publication(viewer_of(self.request), made.pk)


def _written(data: dict, kind: str, sent) -> dict:
    """What a create or a change gives the services: the fields of its kind alone (another
    kind's, sent, are refused), a report's sources and linked incidents as they take them."""
    allowed = set(services.COMMON) | set(services.KIND_FIELDS[kind])
    if kind == PublicationKind.FIRST_RESPONSE:
        allowed |= {"sources", "incidents"}
    strays = set(sent) & (set(data) - allowed)
    if strays:
        raise ValidationError(dict.fromkeys(sorted(strays), "Not a field of this kind."))
    given = {name: value for name, value in data.items() if name in allowed}
    if "sources" in given:
        given["sources"] = _sources(given["sources"])
    if "incidents" in given:
        given["incident_references"] = given.pop("incidents")
    return given


class PublicationDetail(generics.RetrieveUpdateAPIView):
    """One publication the caller may read; PATCH (editors) changes one not yet published."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    serializer_class = PublicationSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return selectors.publication(viewer_of(self.request), self.kwargs["pk"])

    def update(self, request, *args, **kwargs):
        found = self.get_object()
        _editor_of(request)
        asked = self.get_serializer(found, data=request.data, partial=True)
        asked.is_valid(raise_exception=True)
        data = dict(asked.validated_data)
        data.pop("publish", None)
        if data.pop("kind", found.kind) != found.kind:
            raise ValidationError({"kind": "A publication keeps its kind."})
        given = _written(data, found.kind, request.data)
        with refusals():
            services.publication_change(actor=request.user, publication=found, **given)
        return Response(self.get_serializer(self.get_object()).data)


def _editor_of(request) -> None:
    viewer = viewer_of(request)
    if not (viewer.is_editor or viewer.is_staff):
        raise PermissionDenied("Only the platform's editors change publications.")


class PublicationLog(APIView):
    """POST (editors): an update to a published First Response Report's log (``text``,
    ``response_status`` ``updated`` or ``closed``, new ``sources``); 201 with the entry."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=LogEntrySerializer, responses={201: LogEntrySerializer})
    def post(self, request, pk: int):
        found = selectors.publication(viewer_of(request), pk)
        _editor_of(request)
        asked = LogEntrySerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        data = asked.validated_data
        with refusals():
            update = services.publication_update_add(
                actor=request.user,
                publication=found,
                text=data["text"],
                response_status=data.get("response_status", ""),
                sources=_sources(data.get("sources", [])),
            )
        return Response(LogEntrySerializer(update).data, status=status.HTTP_201_CREATED)


class PublicationFiles(APIView):
    """POST (editors, multipart: ``file``, optional ``caption``): a photo or a PDF document
    for the publication, checked as every upload is; 201 with the file."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request=PublicationFileSerializer, responses={201: PublicationFileSerializer})
    def post(self, request, pk: int):
        found = selectors.publication(viewer_of(request), pk)
        _editor_of(request)
        asked = PublicationFileSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        with refusals():
            added = services.publication_file_add(
                actor=request.user,
                publication=found,
                upload=asked.validated_data["file"],
                caption=asked.validated_data.get("caption", ""),
            )
        shown = PublicationFileSerializer(added, context={"request": request})
        return Response(shown.data, status=status.HTTP_201_CREATED)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class PublicationWithdraw(APIView):
    """POST (editors, ``reason``): withdraw a published publication; its page says so."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=WithdrawSerializer, responses={200: PublicationSerializer})
    def post(self, request, pk: int):
        found = selectors.publication(viewer_of(request), pk)
        _editor_of(request)
        asked = WithdrawSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        with refusals():
            done = services.publication_withdraw(
                actor=request.user,
                publication=found,
                reason=asked.validated_data["reason"],
                request=request._request,
            )
        shown = selectors.publication(viewer_of(request), done.pk)
        return Response(PublicationSerializer(shown, context={"request": request}).data)
