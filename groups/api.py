"""The groups API: the groups the caller may see, creating one, joining one, its people
(deciding requests to join, removing someone), its files."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from kit.api import KeysetPagination, refusals, viewer_of
from kit.uploads import ACCEPTED_TYPES
from members.access import TLP, get_visible_or_404, visible

from . import access, selectors, services
from .models import (
    FILE_TLP_CHOICES,
    Collection,
    Group,
    GroupFile,
    GroupMember,
    JoinPolicy,
    JoinRequest,
    Visibility,
)


class GroupSerializer(serializers.ModelSerializer):
    collection = serializers.ChoiceField(choices=Collection.choices)
    join_policy = serializers.ChoiceField(choices=JoinPolicy.choices, default=JoinPolicy.REQUEST)
    visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.LISTED)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    archived = serializers.BooleanField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Group
        fields = [
            "slug",
            "name",
            "collection",
            "join_policy",
            "visibility",
            "description",
            "archived",
            "url",
        ]
        read_only_fields = ["slug"]

    def get_url(self, group) -> str:
        return reverse("groups:group", args=[group.slug])


class GroupPages(KeysetPagination):
    ordering = ("name",)


class GroupList(generics.ListCreateAPIView):
    """The groups the caller may see (``collection`` filters: cso, regional_intelligence,
    military_industry); POST creates one (``name``, ``collection``, ``join_policy``,
    ``description``), the caller its owner."""

    permission_classes = [permissions.IsAuthenticated]

    serializer_class = GroupSerializer
    pagination_class = GroupPages
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Group.objects.none()
        collection = self.request.query_params.get("collection", "")
        if collection and collection not in Collection.values:
            raise ValidationError({"collection": f"Choose one of {', '.join(Collection.values)}."})
        return selectors.groups(viewer_of(self.request)).filter(
            **({"collection": collection} if collection else {})
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        with refusals():
            serializer.instance = services.group_create(
                creator=self.request.user,
                name=data["name"],
                collection=data["collection"],
                join_policy=data["join_policy"],
                visibility=data["visibility"],
                description=data.get("description", ""),
                request=self.request._request,
            )


class GroupDetail(generics.RetrieveAPIView):
    """One group the caller may see."""

    permission_classes = [permissions.IsAuthenticated]

    serializer_class = GroupSerializer

    def get_object(self):
        return selectors.group(viewer_of(self.request), self.kwargs["slug"])


class JoinSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Why you ask to join: needed where an owner approves.",
    )
    status = serializers.CharField(read_only=True, help_text="joined or requested")


class GroupJoin(generics.GenericAPIView):
    """Join an open group (201, ``joined``) or ask to join one that joins by request (202,
    ``requested``, with a ``reason``)."""

    permission_classes = [permissions.IsAuthenticated]

    serializer_class = JoinSerializer

    @extend_schema(responses={201: JoinSerializer, 202: JoinSerializer})
    def post(self, request, slug):
        group = selectors.group(viewer_of(request), slug)
        asked = JoinSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        with refusals():
            made = services.group_join(
                user=request.user, group=group, reason=asked.validated_data.get("reason", "")
            )
        if isinstance(made, JoinRequest):
            return Response({"status": "requested"}, status=202)
        return Response({"status": "joined"}, status=201)


class MemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name")
    handle = serializers.CharField(source="user.handle")
    organisation = serializers.SerializerMethodField()

    class Meta:
        model = GroupMember
        fields = ["name", "handle", "organisation", "role", "joined_at"]

    def get_organisation(self, member) -> str | None:
        membership = getattr(member.user, "membership", None)
        return membership.organisation.name if membership else None


class MemberPages(KeysetPagination):
    ordering = ("joined_at",)


class GroupMembers(generics.ListAPIView):
    """The people in a group the caller may see, in the order they joined."""

    permission_classes = [permissions.IsAuthenticated]

    serializer_class = MemberSerializer
    pagination_class = MemberPages
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return GroupMember.objects.none()
        viewer = viewer_of(self.request)
        return selectors.people(viewer, selectors.group(viewer, self.kwargs["slug"]))


class RequestSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.full_name")
    handle = serializers.CharField(source="user.handle")
    organisation = serializers.SerializerMethodField()

    class Meta:
        model = JoinRequest
        fields = ["id", "name", "handle", "organisation", "reason", "status", "created_at"]

    def get_organisation(self, join_request) -> str | None:
        membership = getattr(join_request.user, "membership", None)
        return membership.organisation.name if membership else None


class RequestPages(KeysetPagination):
    ordering = ("created_at", "id")


class GroupRequests(generics.ListAPIView):
    """The requests to join waiting in a group, the longest waiting first: all of them for
    its owners and moderators, one's own for anyone else."""

    permission_classes = [permissions.IsAuthenticated]

    serializer_class = RequestSerializer
    pagination_class = RequestPages
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return JoinRequest.objects.none()
        viewer = viewer_of(self.request)
        group = selectors.group(viewer, self.kwargs["slug"])
        return (
            visible(viewer, JoinRequest)
            .filter(group=group, status=JoinRequest.Status.PENDING)
            .select_related("user__membership__organisation")
        )


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "decline"])
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Why: needed to decline, told to the asker.",
    )
    status = serializers.CharField(read_only=True, help_text="approved or declined")


class GroupRequestDecide(generics.GenericAPIView):
    """An owner or moderator approves a request (the asker joins) or declines it with a
    reason; the asker is told either way."""

    permission_classes = [permissions.IsAuthenticated]

    serializer_class = DecisionSerializer

    @extend_schema(responses={200: DecisionSerializer})
    def post(self, request, slug, pk: int):
        viewer = viewer_of(request)
        group = selectors.group(viewer, slug)
        waiting = get_visible_or_404(viewer, JoinRequest, pk=pk, group=group)
        if not access.may_manage(viewer, group):
            raise PermissionDenied("Only the group's owners and moderators decide requests.")
        asked = DecisionSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        with refusals():
            decided = services.request_decide(
                actor=request.user,
                join_request=waiting,
                approve=asked.validated_data["decision"] == "approve",
                reason=asked.validated_data.get("reason", ""),
                request=request._request,
            )
        return Response({"status": decided.status})


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why: kept in the audit log.")


class GroupMemberRemove(generics.GenericAPIView):
    """An owner or moderator removes someone from the group, with a reason (audited; they
    are told). Moderators do not remove owners, and the last owner is handed over first."""

    permission_classes = [permissions.IsAuthenticated]

    serializer_class = ReasonSerializer

    @extend_schema(responses={204: None})
    def post(self, request, slug, handle: str):
        viewer = viewer_of(request)
        group = selectors.group(viewer, slug)
        member = get_visible_or_404(
            viewer, GroupMember.objects.select_related("user"), group=group, user__handle=handle
        )
        if not access.may_manage(viewer, group):
            raise PermissionDenied("Only the group's owners and moderators remove people.")
        asked = ReasonSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        with refusals():
            services.member_remove(
                actor=request.user,
                member=member,
                reason=asked.validated_data["reason"],
                request=request._request,
            )
        return Response(status=204)


class GroupLeave(generics.GenericAPIView):
    """Leave a group one is in oneself (204); its last owner hands it over first (400)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = None

    @extend_schema(request=None, responses={204: None})
    def post(self, request, slug):
        group = selectors.group(viewer_of(request), slug)
        with refusals():
            services.group_leave(user=request.user, group=group)
        return Response(status=204)


class FileSerializer(serializers.ModelSerializer):
    file = serializers.FileField(
        write_only=True, help_text="A PDF, a photo (JPEG, PNG, WebP) or a video (MP4, WebM)."
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    tlp = serializers.ChoiceField(
        choices=FILE_TLP_CHOICES,
        default=TLP.AMBER,
    )
    shared_with_groups = serializers.ListField(
        child=serializers.SlugField(max_length=100),
        write_only=True,
        required=False,
        max_length=50,
        help_text="Under TLP:AMBER: other groups you are in to share it with.",
    )
    added_by = serializers.CharField(source="created_by.handle", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = GroupFile
        fields = [
            "id",
            "title",
            "note",
            "tlp",
            "kind",
            "content_type",
            "original_name",
            "size",
            "sha256",
            "added_by",
            "created_at",
            "url",
            "file",
            "shared_with_groups",
        ]
        read_only_fields = ["kind", "content_type", "original_name", "size", "sha256"]

    def get_url(self, found) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api-group-file", args=[found.group.slug, found.pk])
        )


class FilePages(KeysetPagination):
    ordering = ("-created_at", "-id")


class GroupFiles(generics.ListCreateAPIView):
    """The group's files the caller may see, newest first; POST (multipart: ``file``, and
    optionally ``title``, ``note``, ``tlp``, ``shared_with_groups``) adds one, checked as
    every upload is. Under TLP:AMBER (the default) it is shared with the group."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    serializer_class = FileSerializer
    pagination_class = FilePages
    filter_backends = []

    def _group(self):
        return selectors.group(viewer_of(self.request), self.kwargs["slug"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return GroupFile.objects.none()
        return selectors.group_files(viewer_of(self.request), self._group()).select_related("group")

    def create(self, request, *args, **kwargs):
        # Who may add comes before what they sent.
        if not access.may_post(viewer_of(request), self._group()):
            raise PermissionDenied("Only the group's members add files to it.")
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        group = self._group()
        data = serializer.validated_data
        with refusals():
            serializer.instance = services.file_add(
                actor=self.request.user,
                group=group,
                upload=data["file"],
                title=data.get("title", ""),
                note=data.get("note", ""),
                tlp=data["tlp"],
                share_with_groups=data.get("shared_with_groups", []),
            )


class GroupFileContent(APIView):
    """The file itself, after the access policy."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={(200, t): OpenApiTypes.BINARY for t in ACCEPTED_TYPES})
    def get(self, request, slug: str, pk: int):
        viewer = viewer_of(request)
        group = selectors.group(viewer, slug)
        found = get_visible_or_404(viewer, GroupFile, pk=pk, group=group)
        return services.file_response(found, download=True, request=request)
