"""The notification centre's API: a person's (or a partner system's) notifications, marking
them read, mail choices and watches."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from kit.api import KeysetPagination, viewer_of

from ..access import get_visible_or_404
from ..models import Level, Notification, Rhythm, Watch
from . import selectors, services
from .registers import KINDS, TARGETS


class ObjectSerializer(serializers.Serializer):
    type = serializers.CharField()
    url = serializers.CharField(allow_null=True, help_text="Null when no longer shared.")
    reference = serializers.CharField(required=False, help_text="For an incident and its parts.")


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    created = serializers.DateTimeField()
    read = serializers.BooleanField()
    text = serializers.CharField(help_text="One line; 'No longer shared with you' when so.")
    reason = serializers.CharField()
    object = ObjectSerializer()


def _as_data(entry) -> dict:
    notification = entry.notification
    obj = {"type": notification.subject_type.model, "url": entry.url or None}
    if entry.shared and entry.reference:
        obj["reference"] = entry.reference
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "created": notification.created_at,
        "read": notification.read_at is not None,
        "text": entry.text,
        "reason": notification.reason,
        "object": obj,
    }


class NotificationPages(KeysetPagination):
    ordering = ("-created_at", "-id")


class NotificationList(generics.ListAPIView):
    """The caller's notifications, newest first."""

    permission_classes = [permissions.IsAuthenticated]
    pagination_class = NotificationPages
    serializer_class = NotificationSerializer
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks
            return Notification.objects.none()
        return selectors.notifications_of(viewer_of(self.request)).select_related("subject_type")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        entries = selectors.shown(viewer_of(request), list(page))
        return self.get_paginated_response([_as_data(entry) for entry in entries])


class ReadRequest(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=500
    )
    all = serializers.BooleanField(required=False, default=False)

    def validate(self, data):
        if not data.get("all") and not data.get("ids"):
            raise ValidationError("Give the ids to mark read, or all: true.")
        return data


class NotificationsRead(APIView):
    """Mark notifications read: the ids given (the caller's own), or all of them."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ReadRequest,
        responses=inline_serializer("ReadAnswer", {"read": serializers.IntegerField()}),
    )
    def post(self, request):
        asked = ReadRequest(data=request.data)
        asked.is_valid(raise_exception=True)
        ids = None if asked.validated_data.get("all") else asked.validated_data["ids"]
        return Response({"read": services.notifications_read(user=request.user, ids=ids)})


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    mail = serializers.ChoiceField(choices=Rhythm.choices)


class Preferences(APIView):
    """How each kind of notification is mailed to the caller; PUT a {kind: rhythm} object
    to change some."""

    permission_classes = [permissions.IsAuthenticated]

    def _answer(self, request):
        choices = selectors.mail_choices(request.user)
        return Response(
            [{"kind": k, "label": KINDS[k].label, "mail": mail} for k, mail in choices.items()]
        )

    @extend_schema(responses=PreferenceSerializer(many=True))
    def get(self, request):
        return self._answer(request)

    @extend_schema(
        request={
            "application/json": {
                "type": "object",
                "description": "The kinds to change, each with its rhythm.",
                "additionalProperties": {"type": "string", "enum": list(Rhythm.values)},
                "minProperties": 1,
            }
        },
        responses=PreferenceSerializer(many=True),
    )
    def put(self, request):
        if not isinstance(request.data, dict) or not request.data:
            raise ValidationError({"non_field_errors": ["Send an object of kind: rhythm."]})
        try:
            services.mail_choices_save(user=request.user, choices=dict(request.data))
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        return self._answer(request)


class WatchSerializer(serializers.ModelSerializer):
    target_type = serializers.ChoiceField(choices=())
    level = serializers.ChoiceField(choices=Level.choices, default=Level.WATCHING)
    mail = serializers.ChoiceField(
        choices=Rhythm.choices, allow_blank=True, required=False, default=""
    )

    class Meta:
        model = Watch
        fields = ["id", "target_type", "target_key", "label", "level", "mail", "urgent_at_once"]
        read_only_fields = ["id", "label"]
        validators = []  # one watch per target: a second POST changes the first

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_type"].choices = list(TARGETS)


def _keep(request, data: dict) -> Watch:
    described = TARGETS[data["target_type"]].describe(viewer_of(request), data["target_key"])
    if described is None:
        raise ValidationError({"target_key": ["There is nothing there that you may watch."]})
    label, criteria = described
    return services.watch_set(
        user=request.user,
        target_type=data["target_type"],
        target_key=data["target_key"],
        label=label,
        level=int(data.get("level", Level.WATCHING)),
        mail=data.get("mail", ""),
        urgent_at_once=data.get("urgent_at_once", False),
        criteria=criteria,
    )


class WatchList(generics.ListCreateAPIView):
    """What the caller watches; POST watches something (or changes how)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = WatchSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Watch.objects.none()
        return selectors.watches_of(viewer_of(self.request))

    def perform_create(self, serializer):
        serializer.instance = _keep(self.request, serializer.validated_data)


class WatchDetail(generics.RetrieveUpdateDestroyAPIView):
    """One of the caller's watches: PATCH its level or mail, DELETE to stop."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = WatchSerializer
    http_method_names = ["get", "patch", "delete"]

    def get_object(self):
        return get_visible_or_404(viewer_of(self.request), Watch, pk=self.kwargs["pk"])

    def perform_update(self, serializer):
        watch = serializer.instance
        data = {
            "target_type": watch.target_type,
            "target_key": watch.target_key,
            "level": serializer.validated_data.get("level", watch.level),
            "mail": serializer.validated_data.get("mail", watch.mail),
            "urgent_at_once": serializer.validated_data.get("urgent_at_once", watch.urgent_at_once),
        }
        serializer.instance = _keep(self.request, data)

    def perform_destroy(self, instance):
        services.watch_stop(watch=instance)
