"""Reads of CSO Chatter, through the access policy: the lists, a thread's page of posts with
the cards its reader may see, and how many threads have unread posts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from groups.selectors import groups as visible_groups
from incidents import selectors as incident_selectors
from members.access import TLP, Viewer, get_visible_or_404, visible, visible_within
from members.models import Level, Watch

from . import access as moderation
from . import cards
from .access import hidden_from, may_mark_answer
from .limits import made_before as made
from .models import Flag, ModerationOpening, Post, ReadState, Thread

PAGE = 50  # threads in a list, posts on a thread's page
NEW_DAYS = 14


def threads(viewer: Viewer) -> QuerySet[Thread]:
    return visible(viewer, Thread)


def _with_read(viewer: Viewer, queryset: QuerySet[Thread]) -> QuerySet[Thread]:
    """Each thread with how far the viewer has read it (None: never opened)."""
    if not viewer.is_authenticated:
        return queryset.extra(select={"last_read": "NULL"})
    read = ReadState.objects.filter(user_id=viewer.user_id, thread=OuterRef("pk"))
    return queryset.annotate(last_read=read.values("last_read")[:1])


LISTS = {"latest", "unread", "new", "watching"}


def thread_list(
    viewer: Viewer, which: str = "latest", *, region: str = "", topic: str = "", group=None
):
    """A list of threads, newest activity first: ``latest``; ``unread`` (threads the
    viewer has read with posts since); ``new`` (never opened, from the last two weeks);
    ``watching`` (the threads the viewer watches or tracks); of one group, or of all."""
    # A list says "answered" from answer_id: the answer itself is not read.
    listed = _with_read(viewer, threads(viewer)).select_related("port")
    # A group's page lists its threads; Chatter's lists leave out private conversations,
    # which are the viewer's messages.
    listed = listed.filter(group=group) if group is not None else listed.exclude(tlp=TLP.RED)
    if region:
        listed = listed.filter(region=region)
    if topic:
        listed = listed.filter(topic=topic)
    if which == "unread":
        listed = listed.filter(last_read__isnull=False, last_read__lt=F("last_number"))
    elif which == "new":
        since = timezone.now() - dt.timedelta(days=NEW_DAYS)
        read = ReadState.objects.filter(user_id=viewer.user_id, thread=OuterRef("pk"))
        listed = listed.filter(~Exists(read), created_at__gte=since)
    elif which == "watching":
        followed = Watch.objects.filter(
            user_id=viewer.user_id, target_type="thread", level__gte=Level.TRACKING
        ).values("target_key")
        listed = (
            listed.filter(pk__in=[])
            if not viewer.is_authenticated
            else listed.filter(
                Exists(followed.filter(target_key=Cast(OuterRef("pk"), CharField())))
            )
        )
    return listed.order_by("-last_post_at", "-id")


def conversations(viewer: Viewer, which: str = "all") -> QuerySet[Thread]:
    """The private (TLP:RED) conversations the viewer is in, newest activity first, each with
    how far they have read it: ``all``, or ``unread`` (never opened, or with posts since)."""
    listed = _with_read(viewer, threads(viewer).filter(tlp=TLP.RED))
    if which == "unread":
        listed = listed.filter(Q(last_read__isnull=True) | Q(last_read__lt=F("last_number")))
    return listed.order_by("-last_post_at", "-id")


def with_whom(viewer: Viewer, conversations: list[Thread]) -> dict[int, list[str]]:
    """Whom each private conversation is with, as this reader may name them (by thread id):
    its author and the people it names, but the reader, then the groups it names (one the
    reader may not see is "a group"). Three queries, however many conversations."""

    ids = [conversation.pk for conversation in conversations]
    people = Thread.recipients.through.objects.filter(thread_id__in=ids).select_related("user")
    named_groups = Thread.recipient_groups.through.objects.filter(thread_id__in=ids)
    named_groups = list(named_groups.select_related("group"))
    seen = set(
        visible_groups(viewer)
        .filter(pk__in=[row.group_id for row in named_groups])
        .values_list("pk", flat=True)
    )
    names: dict[int, list[str]] = {
        conversation.pk: [conversation.created_by] for conversation in conversations
    }
    for row in people:
        names[row.thread_id].append(row.user)
    found = {}
    for pk, persons in names.items():
        found[pk] = []
        for person in persons:
            name = person.full_name or "a member"
            if person.pk != viewer.user_id and name not in found[pk]:
                found[pk].append(name)
    for row in named_groups:
        found[row.thread_id].append(
            f"the group {row.group.name}" if row.group_id in seen else "a group"
        )
    return found


def page_of(listed: QuerySet[Thread], *, after: tuple | None = None):
    """A keyset page: the threads, and where the next page starts (None at the end)."""
    if after is not None:
        at, pk = after
        listed = listed.filter(Q(last_post_at__lt=at) | Q(last_post_at=at, pk__lt=pk))
    page = list(listed[: PAGE + 1])
    following = None
    if len(page) > PAGE:
        page = page[:PAGE]
        following = (page[-1].last_post_at, page[-1].pk)
    return page, following


def thread(viewer: Viewer, pk) -> Thread:
    return get_visible_or_404(
        viewer,
        Thread.objects.select_related("port", "answer", "group", "created_by", "poll"),
        pk=pk,
    )


@dataclass(frozen=True)
class Shown:
    """A post as this reader sees it: its HTML with the cards they may see (none, when it
    is deleted, or hidden and the reader is neither its author nor an editor)."""

    post: Post
    html: str
    hidden: bool = False  # hidden from this reader
    may_change: bool = False  # edit or delete: its author alone
    may_hide: bool = False  # editors and staff hide what others wrote
    may_flag: bool = False
    may_message: bool = False  # start a private conversation with its author
    may_answer: bool = False  # mark it as the answer to the thread's question


def posts_page(viewer: Viewer, thread: Thread, *, start: int = 1) -> list[Shown]:
    """Up to PAGE posts from number ``start``, each with the cards this reader may see (one
    query for the posts, one for the incidents they name, one per port named)."""
    posts = (
        visible_within(viewer, Post, thread)
        .filter(number__gte=start)
        .select_related("created_by__membership__organisation")
        .order_by("number")[:PAGE]
    )
    return shown_posts(viewer, list(posts), thread=thread)


def shown_posts(viewer: Viewer, posts: list[Post], *, thread: Thread | None = None) -> list[Shown]:
    """These posts as this reader sees them: the cards they may see put in (one query for
    the incidents the posts name, one per port), nothing of a deleted post or of a post
    hidden from them."""
    hidden = {post.pk for post in posts if hidden_from(viewer, post)}
    live = [post for post in posts if post.deleted_at is None and post.pk not in hidden]
    found = cards.cards_for(viewer, *cards.named_in(live))
    answers = thread is not None and may_mark_answer(viewer, thread)
    shown = []
    for post in posts:
        mine = viewer.user_id is not None and post.created_by_id == viewer.user_id
        may_change = mine
        shown.append(
            Shown(
                post,
                "" if post.deleted_at or post.pk in hidden else cards.with_cards(post.html, found),
                post.pk in hidden,
                may_change=may_change,
                may_hide=(viewer.is_editor or viewer.is_staff) and not mine and not post.hidden_at,
                may_flag=viewer.approved and not may_change,
                may_message=viewer.approved and not mine and bool(post.created_by.handle),
                may_answer=answers and post.number > 1 and thread.answer_id != post.pk,
            )
        )
    return shown


def flag_queue(viewer: Viewer, *, limit: int = 100) -> list[dict]:
    """The posts with flags waiting for review (and hidden ones), oldest flag first, each
    with its flags: for editors and staff. A private post they are not named on comes with
    its flags alone (``private``), until they open it for moderation (``opened``)."""
    waiting = (
        visible(viewer, Flag)
        .filter(status=Flag.Status.PENDING)
        .select_related("flagged_by", "flagger_organisation")
        .order_by("created_at", "pk")
    )
    by_post: dict[int, list[Flag]] = {}
    for found in waiting[: limit * 5]:
        by_post.setdefault(found.post_id, []).append(found)
    wanted = list(by_post)[:limit]
    posts = visible(viewer, Post).filter(pk__in=wanted)
    posts = {post.pk: post for post in posts.select_related("thread", "created_by")}
    since = timezone.now() - moderation.OPEN_FOR
    opened = set(
        ModerationOpening.objects.filter(
            post_id__in=set(wanted) - set(posts),
            opened_by_id=viewer.user_id,
            opened_at__gte=since,
        ).values_list("post_id", flat=True)
    )
    if opened:  # opened for moderation: this moderator reads these posts, and no more
        posts.update(
            Post.objects.unrestricted().select_related("thread", "created_by").in_bulk(opened)
        )
    shown = {item.post.pk: item for item in shown_posts(viewer, list(posts.values()))}
    return [
        {
            "post": posts.get(pk),
            "shown": shown.get(pk),
            "flags": flags,
            "post_id": pk,
            "private": pk not in posts,
            "opened": pk in opened,
        }
        for pk, flags in by_post.items()
        if pk in wanted
    ]


def openings(viewer: Viewer, thread: Thread) -> list[ModerationOpening]:
    """The times a moderator opened a post of this private conversation: who, when, why."""
    if thread.tlp != TLP.RED:
        return []
    found = visible(viewer, ModerationOpening).filter(thread=thread)
    return list(found.select_related("opened_by", "post").order_by("opened_at", "pk"))


def linked_incidents(viewer: Viewer, thread: Thread):
    """The incidents the thread is about that this reader may see."""

    linked = Thread.incidents.through.objects.filter(thread=thread).values("incident_id")
    return incident_selectors.incidents(viewer).filter(pk__in=linked).order_by("occurred_on")


def made_before(viewer: Viewer, user, key: str) -> Post | None:
    """The post a reply's idempotency key made already, if this viewer may see it."""

    pk = made(user, key)
    if pk is None:
        return None
    found = visible(viewer, Post).filter(pk=pk)
    return found.select_related("created_by__membership__organisation").first()


def revisions(viewer: Viewer, post_pk) -> tuple[Post, list]:
    """A post's earlier versions, for those who may read the post itself (none of a post
    hidden from them)."""
    post = get_visible_or_404(viewer, Post, pk=post_pk)
    if hidden_from(viewer, post):
        raise Http404("The post is hidden.")
    return post, list(post.revisions.all())


TOP_THREADS = 5  # in the weekly digest


def top_threads(viewer: Viewer, since: dt.datetime, limit: int = TOP_THREADS) -> list[tuple]:
    """The threads this viewer may read with the most posts since then (deleted and
    hidden posts left out), then the most people writing: (thread, posts, people)."""

    recent = threads(viewer).filter(last_post_at__gte=since).exclude(tlp=TLP.RED).values("pk")
    counted = (
        visible(viewer, Post)
        .filter(
            thread__in=recent,
            created_at__gte=since,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
        )
        .values("thread")
        .annotate(posts=Count("pk"), people=Count("created_by", distinct=True))
        .order_by("-posts", "-people", "-thread")[:limit]
    )
    rows = list(counted)
    found = threads(viewer).in_bulk([row["thread"] for row in rows])
    return [(found[row["thread"]], row["posts"], row["people"]) for row in rows]
