"""What CSO Chatter tells people, through the notification centre: new posts in the threads
they watch (starting a thread makes one watch it; replying makes one track it)."""

from __future__ import annotations

from django.urls import reverse

from members.access import Viewer
from members.models import Level, User, Watch
from members.notifications import (
    Kind,
    Subject,
    Target,
    WatchMatch,
    notify,
    register_kind,
    register_subject,
    register_target,
)

from .models import Post, Thread


def _thread_watchers(thread: Thread) -> list[WatchMatch]:
    return [
        WatchMatch(user_id, level, 100, True, mail)
        for user_id, level, mail in Watch.objects.filter(
            target_type="thread", target_key=str(thread.pk)
        ).values_list("user_id", "level", "mail")
    ]


def _thread_url(thread: Thread) -> str:
    return reverse("chatter:thread", args=[thread.pk])


def _describe_thread(viewer: Viewer, key: str):
    from . import selectors

    if not key.isdigit():
        return None
    found = selectors.threads(viewer).filter(pk=int(key)).first()
    return (found.title, {}) if found else None


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
            watchers=lambda p: _thread_watchers(p.thread),
            select_related=("thread",),
        )
    )
    register_target(Target("thread", "Chatter thread", _describe_thread))


def thread_started(*, thread: Thread, post: Post, author: User) -> None:
    from members.notifications.services import watch_set

    watch_set(
        user=author, target_type="thread", target_key=str(thread.pk), label=thread.title,
        level=Level.WATCHING,
    )  # fmt: skip


def post_added(*, post: Post, author: User) -> None:
    """A reply: its author tracks the thread (unless they chose a level already); the
    thread's watchers hear of it."""
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
    )
