"""Reads of CSO Chatter, through the access policy: the lists, a thread's page of posts with
the cards its reader may see, and how many threads have unread posts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from members.access import TLP, Viewer, get_visible_or_404, visible, visible_within
from members.models import Level, Watch

from . import access as moderation
from . import cards
from .models import Flag, ModerationOpening, Post, ReadState, Thread

PAGE = 50  # threads in a list, posts on a thread's page
NEW_DAYS = 14
UNREAD_KEPT_SECONDS = 120


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
    from groups.selectors import groups as visible_groups

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


def hidden_from(viewer: Viewer, post: Post) -> bool:
    """Whether a post is hidden from this reader: hidden by flags or a moderator, and the
    reader is neither its author nor an editor."""
    if post.hidden_at is None or viewer.is_editor or viewer.is_staff:
        return False
    return post.created_by_id != viewer.user_id


def shown_posts(viewer: Viewer, posts: list[Post], *, thread: Thread | None = None) -> list[Shown]:
    """These posts as this reader sees them: the cards they may see put in (one query for
    the incidents the posts name, one per port), nothing of a deleted post or of a post
    hidden from them."""
    hidden = {post.pk for post in posts if hidden_from(viewer, post)}
    live = [post.html for post in posts if post.deleted_at is None and post.pk not in hidden]
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


def may_mark_answer(viewer: Viewer, thread: Thread) -> bool:
    """Whether this reader may mark a reply as the answer to this thread's question."""
    return thread.topic == "question" and (
        thread.created_by_id == viewer.user_id or viewer.is_editor or viewer.is_staff
    )


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
    from incidents import selectors as incident_selectors

    linked = Thread.incidents.through.objects.filter(thread=thread).values("incident_id")
    return incident_selectors.incidents(viewer).filter(pk__in=linked).order_by("occurred_on")


def made_before(viewer: Viewer, user, key: str) -> Post | None:
    """The post a reply's idempotency key made already, if this viewer may see it."""
    from .limits import made_before as made

    pk = made(user, key)
    if pk is None:
        return None
    found = visible(viewer, Post).filter(pk=pk)
    return found.select_related("created_by__membership__organisation").first()


def read_up_to(viewer: Viewer, thread: Thread) -> int:
    """The last post number the viewer has read in this thread (0: none)."""
    if not viewer.is_authenticated:
        return 0
    state = ReadState.objects.filter(user_id=viewer.user_id, thread=thread).first()
    return state.last_read if state else 0


def first_unread(viewer: Viewer, thread: Thread) -> int:
    """Where opening the thread lands: the first post the viewer has not read."""
    if not viewer.is_authenticated:
        return 1
    state = ReadState.objects.filter(user_id=viewer.user_id, thread=thread).first()
    return 1 if state is None else min(state.last_read + 1, thread.last_number)


def _unread_key(user_id: int) -> str:
    return f"chatter:unread:{user_id}"


def unread_threads(viewer: Viewer) -> int:
    """How many threads the viewer has read that have posts since: for the menu, kept in
    the cache until a post is added to one of them or the viewer reads one."""
    if not viewer.is_authenticated:
        return 0
    key = _unread_key(viewer.user_id)
    count = cache.get(key)
    if count is None:
        count = thread_list(viewer, "unread").values("pk")[:100].count()
        cache.set(key, count, UNREAD_KEPT_SECONDS)
    return count


def _unread_messages_key(user_id: int) -> str:
    return f"chatter:unread-messages:{user_id}"


def unread_conversations(viewer: Viewer) -> int:
    """How many private conversations of the viewer's are unread (never opened, or with
    posts since): for the menu's Messages, kept in the cache as the unread threads are."""
    if not viewer.approved:
        return 0
    key = _unread_messages_key(viewer.user_id)
    count = cache.get(key)
    if count is None:
        count = conversations(viewer, "unread").values("pk")[:100].count()
        cache.set(key, count, UNREAD_KEPT_SECONDS)
    return count


def forget_unread(user_ids) -> None:
    cache.delete_many(
        [key(user_id) for user_id in user_ids for key in (_unread_key, _unread_messages_key)]
    )


def revisions(viewer: Viewer, post_pk) -> tuple[Post, list]:
    """A post's earlier versions, for those who may read the post itself (none of a post
    hidden from them)."""
    post = get_visible_or_404(viewer, Post, pk=post_pk)
    if hidden_from(viewer, post):
        raise Http404("The post is hidden.")
    return post, list(post.revisions.all())


DISCUSSION_SHOWN = 3


def discussion_panel(request, incident) -> dict | None:
    """The incident page's view of its discussion: the latest posts this reader may see of
    it, and whether they may open it (None for those who can neither read nor start it)."""

    from .services import can_post

    viewer = request.viewer
    try:
        found = get_visible_or_404(viewer, Thread, discusses=incident)
    except Http404:
        found = None
    if found is None and not can_post(viewer):
        return None
    latest = []
    if found is not None:
        posts = (
            visible_within(viewer, Post, found)
            .filter(deleted_at=None)
            .select_related("created_by__membership__organisation")
            .order_by("-number")[:DISCUSSION_SHOWN]
        )
        latest = [s for s in shown_posts(viewer, list(posts)[::-1]) if not s.hidden]
    return {"thread": found, "posts": latest, "can_post": can_post(viewer), "incident": incident}


TOP_THREADS = 5  # in the weekly digest


def top_threads(viewer: Viewer, since: dt.datetime, limit: int = TOP_THREADS) -> list[tuple]:
    """The threads this viewer may read with the most posts since then (deleted and
    hidden posts left out), then the most people writing: (thread, posts, people)."""
    from django.db.models import Count

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


def share_url(
    viewer: Viewer, *, title: str, link: str, findings: list[str], marking: str = ""
) -> str | None:
    """A new thread that quotes a view: its link and its findings (for those who write),
    marked at first no less strictly than what the findings count (GREEN at least)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from .services import can_post

    if not can_post(viewer):
        return None
    return reverse("chatter:start") + "?" + urlencode(_quoting(title, link, findings, marking))


def _quoting(title: str, link: str, findings: list[str], marking: str) -> dict:
    """A new thread's title and body that quote a view: its link and its findings, marked
    no less strictly than what the findings count (GREEN at least)."""
    quoted = "\n".join(f"> {line}" for line in findings[:8])
    body = f"[{title}]({link})" + (f"\n\n{quoted}" if quoted else "") + "\n\n"
    asked = {"title": title[:200], "body": body}
    if TLP.strictness(marking or TLP.CLEAR) > TLP.strictness(TLP.GREEN):
        asked["tlp"] = marking
    return asked


def discuss_pin_url(viewer: Viewer, pin) -> str | None:
    """A pinned study's "Discuss": a thread in its group that quotes it, for those who may
    start one there."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from groups.access import may_start_thread

    if not may_start_thread(viewer, pin.group):
        return None
    findings = [line for line in pin.findings.splitlines() if line.strip()]
    asked = {"group": pin.group.slug, **_quoting(pin.title, pin.link, findings, pin.tlp)}
    return reverse("chatter:start") + "?" + urlencode(asked)


GROUP_THREADS = 20


def group_section(request, group, standing) -> dict:
    """The group page's threads: the latest the reader may see, and whether they may start
    one there."""
    listed = thread_list(request.viewer, group=group)
    shown = list(listed[: GROUP_THREADS + 1])
    from feeds.selectors import briefing_drafts

    from .briefings import regions_of

    waiting = (
        briefing_drafts(request.viewer, regions_of(group)).count() if standing.may_start else 0
    )
    return {
        "threads": shown[:GROUP_THREADS],
        "more": len(shown) > GROUP_THREADS,
        "group": group,
        "may_start": standing.may_start,
        "advisories_waiting": waiting,
    }


def message_url(viewer: Viewer, member) -> str | None:
    """A member profile's "Message": a private (TLP:RED) conversation with them."""
    from django.urls import reverse

    from .services import can_post

    if not can_post(viewer) or member.pk == viewer.user_id:
        return None
    return reverse("chatter:start") + f"?tlp=red&recipients=%40{member.handle}"


def discuss_publication_url(viewer: Viewer, publication):
    """A publication's "Discuss": its own discussion, with its count of posts once it has
    one (for those who may read it); until then a button that opens it, for those who may
    write where it is posted."""
    from django.urls import reverse

    from kit.actions import Offer

    from .services import may_discuss_publication

    if publication.state != "published":
        return None
    found = visible(viewer, Thread).filter(publication=publication).only("pk", "posts_count")
    thread = found.first()
    if thread is not None:
        count = thread.posts_count
        label = f"Discussion ({count} post{'s' if count != 1 else ''})"
        return Offer(label, reverse("chatter:thread", args=[thread.pk]), "discuss-publication")
    if not may_discuss_publication(viewer, publication):
        return None
    url = reverse("chatter:discuss_publication", args=[publication.pk])
    return Offer("Discuss", url, "discuss-publication", post=True)
