"""Who may moderate what in CSO Chatter: the editors and staff review flags on the posts they
may see and, after opening it for moderation (``services.post_open_for_moderation``), on one
flagged post of a private conversation they are not named on."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone

from groups.access import may_post
from kit.text import whole_number
from members.access import TLP, Viewer, get_visible_or_404

from .models import Flag, ModerationOpening, Post, Thread

OPEN_FOR = dt.timedelta(hours=24)  # how long an opening lets its moderator read the post


def can_review(viewer: Viewer) -> bool:
    return viewer.is_editor or viewer.is_staff


def opened_by(viewer: Viewer, post: Post) -> bool:
    """Whether this moderator opened this post for moderation, recently enough."""
    since = timezone.now() - OPEN_FOR
    return ModerationOpening.objects.filter(
        post=post, opened_by_id=viewer.user_id, opened_at__gte=since
    ).exists()


def flagged_private_post(viewer: Viewer, pk) -> Post:
    """A private post with flags waiting, for a moderator to open (its content is not read
    by this); 404 for anything else."""
    if not can_review(viewer):
        raise Http404
    post = (
        Post.objects.unrestricted()
        .filter(pk=whole_number(str(pk)), tlp=TLP.RED)
        .filter(flags__status=Flag.Status.PENDING)
        .select_related("thread")
        .first()
    )
    if post is None:
        raise Http404
    return post


def reviewable_post(viewer: Viewer, pk, queryset=None) -> Post:
    """The post a moderator reviews: one they may see, or a private one they opened for
    moderation; 404 otherwise."""
    if not can_review(viewer):
        raise Http404
    queryset = queryset if queryset is not None else Post.objects.select_related("thread")
    try:
        return get_visible_or_404(viewer, queryset, pk=pk)
    except Http404:
        post = queryset.unrestricted().filter(pk=whole_number(str(pk))).first()
        if post is None or post.tlp != TLP.RED or not opened_by(viewer, post):
            raise
        return post


def hidden_from(viewer: Viewer, post: Post) -> bool:
    """Whether a post is hidden from this reader: hidden by flags or a moderator, and the
    reader is neither its author nor an editor."""
    if post.hidden_at is None or viewer.is_editor or viewer.is_staff:
        return False
    return post.created_by_id != viewer.user_id


def may_mark_answer(viewer: Viewer, thread: Thread) -> bool:
    """Whether this reader may mark a reply as the answer to this thread's question."""
    return thread.topic == "question" and (
        thread.created_by_id == viewer.user_id or viewer.is_editor or viewer.is_staff
    )


def can_post(viewer) -> bool:
    """Approved members of an organisation write in Chatter."""
    return viewer.approved and viewer.organisation_id is not None


def may_write_in(viewer, thread: Thread) -> bool:
    """Whether the viewer may reply in this thread: approved members; in a group's thread,
    those the group lets post."""
    if not can_post(viewer):
        return False
    return thread.group_id is None or may_post(viewer, thread.group)


def may_discuss_publication(viewer, publication) -> bool:
    """Who may open a publication's discussion: those who may write in Chatter, and for
    one posted in a group, in that group (its members, editors and staff)."""

    if not can_post(viewer) or publication.state != "published":
        return False
    return publication.group_id is None or may_post(viewer, publication.group)
