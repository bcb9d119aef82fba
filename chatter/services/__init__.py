"""Every write of CSO Chatter: starting a thread, replying, editing (every revision kept),
mentioning, deleting and restoring (soft, audited), marking the answer, flagging and
reviewing flags (audited), discussions of incidents and publications, and how far one has
read.

The modules: ``posts`` (threads and posts; ``post_add`` is where every post is made and
told), ``moderation`` and ``discussions``. This face only re-exports them.
"""

from __future__ import annotations

from .discussions import (
    DISCUSS_LOCK,
    DISCUSS_PUBLICATION_LOCK,
    DISCUSSED,
    DISCUSSION_MARKING,
    discussion_follow,
    thread_discuss,
    thread_discuss_publication,
)
from .moderation import (
    FLAGS_TO_HIDE,
    flags_review,
    post_flag,
    post_open_for_moderation,
)
from .posts import (
    EDIT_GRACE,
    STARTS,
    post_add,
    post_delete,
    post_edit,
    post_reply,
    post_reply_once,
    post_restore,
    thread_answer,
    thread_read,
    thread_start,
)

__all__ = [
    "DISCUSSED",
    "DISCUSSION_MARKING",
    "DISCUSS_LOCK",
    "DISCUSS_PUBLICATION_LOCK",
    "EDIT_GRACE",
    "FLAGS_TO_HIDE",
    "STARTS",
    "discussion_follow",
    "flags_review",
    "post_add",
    "post_delete",
    "post_edit",
    "post_flag",
    "post_open_for_moderation",
    "post_reply",
    "post_reply_once",
    "post_restore",
    "thread_answer",
    "thread_discuss",
    "thread_discuss_publication",
    "thread_read",
    "thread_start",
]
