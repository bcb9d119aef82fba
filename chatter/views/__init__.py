"""The pages of CSO Chatter: thin, each parsing what was sent, calling a selector or a service
and rendering.

The modules: ``threads`` (lists, a thread, replying, starting, editing), ``moderation``
(flags, their review, hiding, opening a private post) and ``more`` (polls, messages, search,
discussions, briefings). This face only re-exports them."""

from __future__ import annotations

from .moderation import (
    delete,
    flag,
    flags,
    hide,
    history,
    open_private,
    restore,
    review,
)
from .more import (
    briefing,
    conversations,
    discuss,
    discuss_publication,
    mention_suggestions,
    poll_add,
    poll_vote,
    search,
    watching,
)
from .threads import (
    TITLES,
    answer,
    edit,
    live,
    reply,
    start,
    thread,
    thread_list,
)

__all__ = [
    "TITLES",
    "answer",
    "briefing",
    "conversations",
    "delete",
    "discuss",
    "discuss_publication",
    "edit",
    "flag",
    "flags",
    "hide",
    "history",
    "live",
    "mention_suggestions",
    "open_private",
    "poll_add",
    "poll_vote",
    "reply",
    "restore",
    "review",
    "search",
    "start",
    "thread",
    "thread_list",
    "watching",
]
