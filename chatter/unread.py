"""What a reader has read in CSO Chatter: where a thread opens for them, and the menu's
counts of threads and private conversations with posts they have not read, kept in the cache
until a post is added or they read one (``forget_unread``)."""

from __future__ import annotations

from django.core.cache import cache

from members.access import Viewer

from .models import ReadState, Thread
from .selectors import conversations, thread_list

UNREAD_KEPT_SECONDS = 120


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
