"""What CSO Chatter tells people, through the notification centre: new posts in the threads
they watch (starting a thread makes one watch it; replying or being mentioned makes one track
it), new threads and posts under the tags they watch (a region, a topic), mentions, flags for
the editors and the outcome of a review for the author."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from kit.geography import Region
from members.access import Viewer
from members.models import Level, User, Watch
from members.notifications import (
    DigestItem,
    DigestPart,
    Kind,
    Reason,
    Subject,
    Target,
    WatchMatch,
    notify,
    register_digest_part,
    register_kind,
    register_subject,
    register_target,
)

from .models import Post, Thread, Topic

TAGS = {"chatter-region": "region", "chatter-topic": "topic"}


def _thread_watchers(thread: Thread, *, first_post: bool = False) -> list[WatchMatch]:
    """The watches of the thread itself, and of its tags and its group: a tag or a group
    watched at "first post" tells of its new threads only."""
    tags = Q()
    for target_type, attribute in TAGS.items():
        if getattr(thread, attribute):
            tags |= Q(target_type=target_type, target_key=getattr(thread, attribute))
    if thread.group_id:  # a group is watched as a tag is: its new threads, or every post
        tags |= Q(target_type="group", target_key=thread.group.slug)
    watches = Watch.objects.filter(Q(target_type="thread", target_key=str(thread.pk)) | tags)
    found = []
    for user_id, target_type, level, mail in watches.values_list(
        "user_id", "target_type", "level", "mail"
    ):
        if target_type == "thread":
            found.append(WatchMatch(user_id, level, 100, True, mail))
        elif level == Level.FIRST_POST:
            if first_post:
                found.append(WatchMatch(user_id, Level.WATCHING, 10, False, mail))
        else:
            found.append(WatchMatch(user_id, level, 10, False, mail))
    return found


def _thread_url(thread: Thread) -> str:
    return reverse("chatter:thread", args=[thread.pk])


def _describe_thread(viewer: Viewer, key: str):
    from . import selectors

    if not key.isdigit():
        return None
    found = selectors.threads(viewer).filter(pk=int(key)).first()
    return (found.title, {}) if found else None


def _describe_tag(target_type: str):
    choices = dict(Region.choices if TAGS[target_type] == "region" else Topic.choices)

    def describe(viewer: Viewer, key: str):
        if key not in choices:
            return None
        return f"Chatter: {choices[key]}", {}

    return describe


def _top_of_the_week(viewer: Viewer, since) -> list[DigestItem]:
    from . import selectors

    return [
        DigestItem(
            title=thread.title,
            url=_thread_url(thread),
            line=f"{posts} post{'s' if posts != 1 else ''} this week by {people} "
            f"{'person' if people == 1 else 'people'}",
            marking=thread.tlp,
        )
        for thread, posts, people in selectors.top_threads(viewer, since)
    ]


def register() -> None:
    register_kind(
        Kind(
            "chatter",
            "CSO Chatter",
            "New posts in the threads you watch (you watch the threads you start, and track "
            "those you reply to).",
            mail="daily",
            many="{count} new posts in {topic}",
        )
    )
    register_subject(
        Subject(
            model=Thread,
            title=lambda t: f"the thread \u201c{t.title}\u201d",
            url=_thread_url,
            marking=lambda t: t.tlp,
            watchers=_thread_watchers,
        )
    )
    register_subject(
        Subject(
            model=Post,
            title=lambda p: f"a post in \u201c{p.thread.title}\u201d",
            url=lambda p: _thread_url(p.thread) + f"?post={p.number}#post-{p.number}",
            marking=lambda p: p.tlp,
            summary=lambda p: p.body,
            watchers=lambda p: _thread_watchers(p.thread, first_post=p.number == 1),
            select_related=("thread", "thread__group"),
        )
    )
    register_kind(
        Kind(
            "mention",
            "Mentions",
            "Someone mentioned you, or your organisation, in CSO Chatter.",
            mail="immediately",
        )
    )
    register_kind(
        Kind(
            "chatter-flags",
            "Flagged posts",
            "A post in CSO Chatter was flagged for review.",
            mail="daily",
            for_roles=frozenset({"editor", "staff"}),
        )
    )
    register_kind(
        Kind(
            "chatter-moderation",
            "Reviews of your posts",
            "An editor reviewed a flagged post of yours, or flags you raised.",
            mail="immediately",
        )
    )
    register_kind(
        Kind(
            "chatter-top",
            "Top threads of the week",
            "The week's busiest CSO Chatter threads that you may read, in your weekly digest.",
            mail="weekly",
            rhythms=("weekly", "never"),
        )
    )
    register_digest_part(DigestPart("chatter-top", "Top threads in CSO Chatter", _top_of_the_week))
    register_target(Target("thread", "Chatter thread", _describe_thread))
    register_target(
        Target("chatter-region", "Chatter region", _describe_tag("chatter-region"), True)
    )
    register_target(Target("chatter-topic", "Chatter topic", _describe_tag("chatter-topic"), True))


def thread_started(*, thread: Thread, post: Post, author: User) -> None:
    """The author watches their thread; those watching its tags hear of it (named now: who
    comes to watch the thread later hears of what comes later)."""
    from members.notifications.services import watch_set

    watch_set(
        user=author, target_type="thread", target_key=str(thread.pk), label=thread.title,
        level=Level.WATCHING,
    )  # fmt: skip
    tag_watchers = {
        match.user_id: Reason.WATCHING
        for match in _thread_watchers(thread, first_post=True)
        if not match.itself
        and match.level >= Level.WATCHING
        and match.user_id not in getattr(post, "mentioned", ())
    }
    if tag_watchers:
        notify(
            kind="chatter",
            subject=post,
            topic=thread,
            text=f"{author.full_name or 'A member'} started \u201c{thread.title}\u201d",
            actor=author,
            direct=tag_watchers,
            to_watchers=False,
        )


def mentioned(*, post: Post, author: User, people: set[int]) -> None:
    """Those mentioned who may see the thread hear of it, once per post, and track it."""
    if not people:
        return
    Watch.objects.bulk_create(
        [
            Watch(
                user_id=user_id,
                target_type="thread",
                target_key=str(post.thread_id),
                label=post.thread.title[:200],
                level=Level.TRACKING,
            )
            for user_id in people
        ],
        ignore_conflicts=True,
    )
    notify(
        kind="mention",
        subject=post,
        topic=post.thread,
        text=f"{author.full_name or 'A member'} mentioned you in \u201c{post.thread.title}\u201d",
        actor=author,
        direct=dict.fromkeys(people, Reason.MENTIONED),
        to_watchers=False,
        key=f"mention:{post.pk}",
    )


def flagged(*, post: Post, flagger: User, hidden: bool, round_key: str) -> None:
    """The editors hear of a post's first flag since its last review, and again when flags
    hide it (``round_key`` names that round of flags)."""
    what = "hidden until reviewed" if hidden else "flagged"
    notify(
        kind="chatter-flags",
        subject=post,
        topic=post.thread,
        text=f"A post in \u201c{post.thread.title}\u201d was {what}",
        actor=flagger,
        direct_roles=("editor", "staff"),
        to_watchers=False,
        key=f"flag:{post.pk}:{round_key}:{'hidden' if hidden else 'flagged'}",
    )


def reviewed(*, post: Post, reviewer: User, agreed: bool, reason: str, flaggers: set[int]):
    """The author hears the outcome of a review of their post; so do those who flagged it."""
    title = f"\u201c{post.thread.title}\u201d"
    if agreed:
        text = f"An editor hid your post in {title}: {reason}"
    else:
        text = f"An editor reviewed the flags on your post in {title}; it stays"
    direct = {post.created_by_id: Reason.OWNER}
    notify(
        kind="chatter-moderation", subject=post, topic=post.thread, text=text, actor=reviewer,
        direct=direct, to_watchers=False,
    )  # fmt: skip
    if flaggers:
        outcome = "hid it" if agreed else "left it as it was"
        notify(
            kind="chatter-moderation", subject=post, topic=post.thread, actor=reviewer,
            text=f"An editor reviewed a post you flagged in {title} and {outcome}",
            direct=dict.fromkeys(flaggers - {post.created_by_id}, Reason.CONTRIBUTOR),
            to_watchers=False,
        )  # fmt: skip


def post_added(*, post: Post, author: User, mentioned: set[int] = frozenset()) -> None:
    """A reply: its author tracks the thread (unless they chose a level already); the
    thread's watchers hear of it, but for those it mentions, whom the mention tells."""
    from members.notifications.services import watch_follow

    watch_follow(
        user=author, target_type="thread", target_key=str(post.thread_id),
        label=post.thread.title, level=Level.TRACKING,
    )  # fmt: skip
    notify(
        kind="chatter",
        subject=post,
        topic=post.thread,
        text=f"{author.full_name or 'A member'} replied in \u201c{post.thread.title}\u201d",
        actor=author,
        skip=mentioned,
    )
