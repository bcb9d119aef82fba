"""The Chatter API: threads and their posts, as the caller may see them."""

from __future__ import annotations

from contextlib import contextmanager

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled, ValidationError
from rest_framework.response import Response

from groups import selectors as group_selectors
from incidents import selectors as incident_selectors
from kit.api import KeysetPagination, refusals, viewer_of
from kit.geography import Region
from kit.markdown import MAX_LENGTH
from members import selectors as member_selectors
from members.access import TLP, get_visible_or_404, visible_within

from . import access, limits, polls, selectors, services, unread
from .models import Flag, Post, Thread, Topic


@contextmanager
def _writing(request, body: str, *, thread: bool = False):
    """A write under Chatter's limits: 429 with ``Retry-After`` and the reason when too
    fast (a refused write gives its claim back)."""
    try:
        with limits.writing(request.user, body, thread=thread), refusals():
            yield
    except limits.TooFast as refused:
        raise Throttled(wait=refused.wait, detail=refused.message) from None


def _once(request) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 64 or not all(c.isalnum() or c in "-_" for c in key):
        raise ValidationError({"Idempotency-Key": "At most 64 letters, digits, - and _."})
    return key


class ThreadSerializer(serializers.ModelSerializer):
    tlp = serializers.ChoiceField(choices=TLP.choices)
    topic = serializers.ChoiceField(choices=Topic.choices, default=Topic.DISCUSSION)
    region = serializers.ChoiceField(choices=Region.choices, required=False, allow_blank=True)
    created = serializers.DateTimeField(source="created_at", read_only=True)
    body = serializers.CharField(write_only=True, max_length=MAX_LENGTH)
    incidents = serializers.ListField(
        child=serializers.CharField(max_length=20), write_only=True, required=False, max_length=20
    )
    shared_with_groups = serializers.ListField(
        child=serializers.SlugField(max_length=100),
        write_only=True,
        required=False,
        max_length=50,
        help_text="Under TLP:AMBER: the slugs of groups you are in.",
    )
    recipients = serializers.ListField(
        child=serializers.CharField(max_length=160),
        write_only=True,
        required=False,
        max_length=50,
        help_text="Under TLP:RED: the @handles of the people the conversation "
        "is with (as /api/v1/me/ gives a member's own).",
    )
    recipient_groups = serializers.ListField(
        child=serializers.SlugField(max_length=100),
        write_only=True,
        required=False,
        max_length=50,
        help_text="Under TLP:RED: the slugs of groups the conversation is with.",
    )
    recipient_organisations = serializers.ListField(
        child=serializers.SlugField(max_length=200),
        write_only=True,
        required=False,
        max_length=50,
        help_text="Under TLP:RED: the slugs of organisations whose members the "
        "conversation is with.",
    )
    group = serializers.SlugField(
        max_length=100,
        write_only=True,
        required=False,
        help_text="The slug of the group the thread is started in.",
    )

    class Meta:
        model = Thread
        fields = [
            "id",
            "title",
            "tlp",
            "topic",
            "region",
            "created",
            "last_post_at",
            "posts_count",
            "body",
            "incidents",
            "shared_with_groups",
            "recipients",
            "recipient_groups",
            "recipient_organisations",
            "group",
        ]
        read_only_fields = ["id", "last_post_at", "posts_count"]


class AuthorSerializer(serializers.Serializer):
    name = serializers.CharField()
    organisation = serializers.CharField(allow_null=True)


class PostSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.IntegerField(read_only=True)
    author = AuthorSerializer(read_only=True)
    body = serializers.CharField(max_length=MAX_LENGTH, help_text="The Markdown source.")
    html = serializers.CharField(
        read_only=True, help_text="Rendered and sanitised, with the cards this reader may see."
    )
    created = serializers.DateTimeField(read_only=True)
    edited = serializers.DateTimeField(read_only=True, allow_null=True)
    deleted = serializers.BooleanField(read_only=True)
    hidden = serializers.BooleanField(read_only=True, help_text="Hidden after flags.")
    notes = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        required=False,
        help_text="Who its mentions did not notify, and why: on a new or edited post; "
        "empty otherwise.",
    )


class FlagSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Flag.Reason.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    status = serializers.CharField(read_only=True)


class ReadSerializer(serializers.Serializer):
    number = serializers.IntegerField(
        min_value=0, max_value=2_000_000, help_text="The last post number read."
    )
    last_read = serializers.IntegerField(read_only=True)


def _post_data(shown) -> dict:
    post = shown.post
    membership = getattr(post.created_by, "membership", None)
    deleted = post.deleted_at is not None
    return {
        "id": post.pk,
        "number": post.number,
        "author": {
            "name": post.created_by.full_name or "A member",
            "organisation": membership.organisation.name
            if membership and membership.organisation
            else None,
        },
        "body": "" if deleted or shown.hidden else post.body,
        "html": shown.html,
        "created": post.created_at,
        "edited": post.edited_at,
        "deleted": deleted,
        "hidden": shown.hidden,
        "notes": getattr(post, "mention_notes", []),
    }


class ThreadPages(KeysetPagination):
    ordering = ("-last_post_at", "-id")


class ThreadList(generics.ListCreateAPIView):
    """Threads the caller may see, latest activity first; POST starts one (``title``,
    ``body`` in Markdown, ``tlp``, optional ``topic``, ``region`` and ``incidents``)."""

    serializer_class = ThreadSerializer
    pagination_class = ThreadPages
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks
            return Thread.objects.none()
        return selectors.threads(viewer_of(self.request))

    def create(self, request, *args, **kwargs):
        if not access.can_post(viewer_of(request)):
            raise PermissionDenied("Only approved members write in Chatter.")
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        viewer = viewer_of(self.request)
        data = serializer.validated_data
        named = incident_selectors.incidents(viewer).filter(reference__in=data.get("incidents", []))
        group = None
        if data.get("group"):
            group = group_selectors.groups(viewer).filter(slug=data["group"]).first()
            if group is None:
                raise ValidationError({"group": "No group you may see has this slug."})
        with refusals():
            recipients = member_selectors.named_members(viewer, data.get("recipients", []))
            organisations = member_selectors.named_organisations(
                data.get("recipient_organisations", [])
            )
        with _writing(self.request, data["body"], thread=True):
            serializer.instance = services.thread_start(
                author=self.request.user,
                title=data["title"],
                body=data["body"],
                tlp=data["tlp"],
                topic=data.get("topic", Topic.DISCUSSION),
                region=data.get("region", ""),
                incidents=list(named),
                group=group,
                share_with_groups=data.get("shared_with_groups", []),
                recipient_groups=data.get("recipient_groups", []),
                recipients=recipients,
                recipient_organisations=organisations,
            )


class ThreadDetail(generics.RetrieveAPIView):
    """One thread the caller may see."""

    serializer_class = ThreadSerializer

    def get_object(self):
        return selectors.thread(viewer_of(self.request), self.kwargs["pk"])


class PostPages(KeysetPagination):
    ordering = ("number",)


class PostList(generics.ListCreateAPIView):
    """A thread's posts, oldest first, each with its Markdown and its HTML for this reader;
    POST replies (``body``)."""

    serializer_class = PostSerializer
    pagination_class = PostPages
    filter_backends = []

    def _thread(self) -> Thread:
        return selectors.thread(viewer_of(self.request), self.kwargs["pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Post.objects.none()

        thread = self._thread()
        return visible_within(viewer_of(self.request), Post, thread).select_related(
            "created_by__membership__organisation"
        )

    def list(self, request, *args, **kwargs):
        page = list(self.paginate_queryset(self.get_queryset()))
        shown = selectors.shown_posts(viewer_of(request), page)
        return self.get_paginated_response([_post_data(s) for s in shown])

    @extend_schema(request=PostSerializer, responses={201: PostSerializer})
    def post(self, request, *args, **kwargs):
        thread = self._thread()
        if not access.can_post(viewer_of(request)):
            raise PermissionDenied("Only approved members write in Chatter.")
        asked = PostSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        key = _once(request)
        try:
            with refusals():
                post, made = services.post_reply_once(
                    author=request.user,
                    thread=thread,
                    body=asked.validated_data["body"],
                    key=key,
                )
        except limits.TooFast as refused:
            raise Throttled(wait=refused.wait, detail=refused.message) from None
        [shown] = selectors.shown_posts(viewer_of(request), [post])
        return Response(_post_data(shown), status=201 if made else 200)


def _post(request, pk) -> Post:
    return get_visible_or_404(
        viewer_of(request),
        Post.objects.select_related("thread", "created_by__membership__organisation"),
        pk=pk,
    )


class PostDetail(generics.GenericAPIView):
    """One post; PATCH changes its ``body`` (its author alone: moderators hide posts)."""

    serializer_class = PostSerializer

    def get(self, request, pk):
        [shown] = selectors.shown_posts(viewer_of(request), [_post(request, pk)])
        return Response(_post_data(shown))

    def patch(self, request, pk):
        post = _post(request, pk)
        if post.created_by_id != request.user.pk:
            raise PermissionDenied("Only its author changes a post.")
        asked = PostSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        body = asked.validated_data["body"]
        with _writing(request, body):  # an edit counts as a post does
            edited = services.post_edit(editor=request.user, post=post, body=body)
        [shown] = selectors.shown_posts(viewer_of(request), [edited])
        return Response(_post_data(shown))


class PostFlag(generics.GenericAPIView):
    """Flag a post (``reason``: off_topic, inappropriate, spam, other with a ``note``)."""

    serializer_class = FlagSerializer

    @extend_schema(responses={201: FlagSerializer})
    def post(self, request, pk):
        post = _post(request, pk)
        if not access.can_post(viewer_of(request)):
            raise PermissionDenied("Only approved members flag posts.")
        asked = FlagSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        with refusals():
            made = services.post_flag(
                flagger=request.user,
                post=post,
                reason=asked.validated_data["reason"],
                note=asked.validated_data.get("note", ""),
                request=request,
            )
        return Response(
            {"reason": made.reason, "note": made.note, "status": made.status}, status=201
        )


class ThreadRead(generics.GenericAPIView):
    """Mark the thread read up to post ``number`` (never back)."""

    serializer_class = ReadSerializer

    def post(self, request, pk):
        thread = selectors.thread(viewer_of(request), pk)
        asked = ReadSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        services.thread_read(
            user=request.user, thread=thread, number=asked.validated_data["number"]
        )
        state = unread.read_up_to(viewer_of(request), thread)
        return Response({"number": asked.validated_data["number"], "last_read": state})


class PollOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    votes = serializers.IntegerField(read_only=True)
    share = serializers.IntegerField(read_only=True, help_text="Per cent of the voters.")
    mine = serializers.BooleanField(read_only=True, help_text="The caller chose it.")


class PollSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=300)
    options = serializers.ListField(
        child=serializers.CharField(max_length=200),
        min_length=2,
        max_length=polls.MAX_OPTIONS,
        write_only=True,
        help_text="Two to ten options, in order.",
    )
    multiple = serializers.BooleanField(default=False)
    closes_at = serializers.DateTimeField(required=False, allow_null=True)
    closed = serializers.BooleanField(read_only=True)
    voters = serializers.IntegerField(read_only=True)
    results = PollOptionSerializer(many=True, read_only=True)


class VoteSerializer(serializers.Serializer):
    options = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        max_length=polls.MAX_OPTIONS,
        help_text="The ids of the options chosen; none withdraws.",
    )


def _poll_data(shown) -> dict:
    poll = shown.poll
    return {
        "question": poll.question,
        "multiple": poll.multiple,
        "closes_at": poll.closes_at,
        "closed": poll.closed,
        "voters": shown.voters,
        "results": [
            {
                "id": r.option.pk,
                "text": r.option.text,
                "votes": r.votes,
                "share": r.share,
                "mine": r.mine,
            }
            for r in shown.results
        ],
    }


class ThreadPoll(generics.GenericAPIView):
    """The thread's poll: GET its totals (never who voted); POST puts one to the thread
    (its author; an editor, to a publication's discussion)."""

    serializer_class = PollSerializer

    def get(self, request, pk):
        viewer = viewer_of(request)
        shown = polls.poll_of(viewer, selectors.thread(viewer, pk))
        if shown is None:
            raise NotFound("This thread has no poll.")
        return Response(PollSerializer(_poll_data(shown)).data)

    def post(self, request, pk):
        viewer = viewer_of(request)
        thread = selectors.thread(viewer, pk)
        asked = PollSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        data = asked.validated_data
        with refusals():
            polls.poll_add(
                author=request.user,
                thread=thread,
                question=data["question"],
                options=data["options"],
                multiple=data["multiple"],
                closes_at=data.get("closes_at"),
            )
        shown = polls.poll_of(viewer, selectors.thread(viewer, pk))  # read again, with it
        return Response(PollSerializer(_poll_data(shown)).data, status=201)


class ThreadPollVote(generics.GenericAPIView):
    """Vote in the thread's poll (replacing one's earlier vote while it is open)."""

    serializer_class = VoteSerializer

    @extend_schema(responses=PollSerializer)
    def post(self, request, pk):
        viewer = viewer_of(request)
        thread = selectors.thread(viewer, pk)
        shown = polls.poll_of(viewer, thread)
        if shown is None:
            raise NotFound("This thread has no poll.")
        asked = VoteSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        with refusals():
            polls.poll_vote(
                voter=request.user, poll=shown.poll, option_ids=asked.validated_data["options"]
            )
        return Response(PollSerializer(_poll_data(polls.poll_of(viewer, thread))).data)
