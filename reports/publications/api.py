"""The publications API: the list (``kind`` filters), one publication, an editor's new one
(a draft, or published at once with ``publish``) and an editor's change to a draft."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from kit.api import KeysetPagination, refusals, viewer_of
from members.access import TLP

from ..models import Publication, PublicationKind
from . import selectors, services


class PublicationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=PublicationKind.choices)
    tlp = serializers.ChoiceField(choices=TLP.choices, default=TLP.GREEN)
    url = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()
    publish = serializers.BooleanField(
        write_only=True, default=False, help_text="Publish at once instead of keeping a draft."
    )

    class Meta:
        model = Publication
        fields = [
            "id", "kind", "title", "tlp", "state", "url", "summary", "body", "published_at",
            "updated_at", "response_status", "issuer", "sequence", "bulletin_kind",
            "verified", "region", "threat_level", "issued_at", "cutoff_at", "valid_until",
            "starts", "ends", "time_zone", "venue", "online_link", "organiser", "audience",
            "ics_url", "publish",
        ]  # fmt: skip
        read_only_fields = ["state", "published_at", "updated_at"]

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

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        publish = data.pop("publish", False)
        kind = data.pop("kind")
        allowed = set(services.COMMON) | set(services.KIND_FIELDS[kind])
        given = {name: value for name, value in data.items() if name in allowed}
        strays = set(self.request.data) & (set(data) - allowed)
        if strays:
            raise ValidationError(dict.fromkeys(sorted(strays), "Not a field of this kind."))
        with refusals():
            made = services.publication_draft(
                author=self.request.user, kind=kind, title=given.pop("title"), **given
            )
            if publish:
                made = services.publication_publish(
                    actor=self.request.user, publication=made, request=self.request._request
                )
        serializer.instance = made


class PublicationDetail(generics.RetrieveUpdateAPIView):
    """One publication the caller may read; PATCH (editors) changes one not yet published."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    serializer_class = PublicationSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return selectors.publication(viewer_of(self.request), self.kwargs["pk"])

    def update(self, request, *args, **kwargs):
        viewer = viewer_of(request)
        found = self.get_object()
        if not (viewer.is_editor or viewer.is_staff):
            raise PermissionDenied("Only the platform's editors change publications.")
        asked = self.get_serializer(found, data=request.data, partial=True)
        asked.is_valid(raise_exception=True)
        data = dict(asked.validated_data)
        data.pop("publish", None)
        if data.pop("kind", found.kind) != found.kind:
            raise ValidationError({"kind": "A publication keeps its kind."})
        allowed = set(services.COMMON) | set(services.KIND_FIELDS[found.kind])
        strays = set(request.data) & (set(data) - allowed)
        if strays:
            raise ValidationError(dict.fromkeys(sorted(strays), "Not a field of this kind."))
        given = {name: value for name, value in data.items() if name in allowed}
        with refusals():
            changed = services.publication_change(actor=request.user, publication=found, **given)
        return Response(self.get_serializer(changed).data)
