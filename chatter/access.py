"""Who may moderate what in CSO Chatter: the editors and staff review flags on the posts they
may see and, after opening it for moderation (``services.post_open_for_moderation``), on one
flagged post of a private conversation they are not named on."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone

from kit.text import whole_number
from members.access import TLP, Viewer, get_visible_or_404

from .models import Flag, ModerationOpening, Post

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
