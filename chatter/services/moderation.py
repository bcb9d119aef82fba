"""Moderation: flags (a post hidden once several organisations flag it), their review by
editors and staff, and opening a flagged private post for moderation (audited, and told to
the conversation)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kit.limits import refuse_past
from members.access import (
    get_visible_or_404,
    viewer_for,
)
from members.audit import audit_record
from members.models import AuditEvent, User

from .. import notifications
from ..access import (
    can_post,
    can_review,
    flagged_private_post,
    reviewable_post,
)
from ..models import Flag, ModerationOpening, Post
from .posts import locked

FLAGS_TO_HIDE = 3  # from this many organisations, a post is hidden until reviewed


@transaction.atomic
def post_flag(*, flagger: User, post: Post, reason: str, note: str = "", request=None) -> Flag:
    """A member flags a post they may see (once). Flags from three organisations hide it
    until an editor reviews them; the editors hear of the first flag, and of the hiding."""
    viewer = viewer_for(flagger)
    if not can_post(viewer):
        raise PermissionDenied("Only approved members flag posts.")
    post = get_visible_or_404(viewer, locked(Post).select_related("thread"), pk=post.pk)
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": "Choose why the post should not be there."})
    note = (note or "").strip()
    if reason == Flag.Reason.OTHER and not note:
        raise ValidationError({"note": "Say what is wrong with the post."})
    if post.created_by_id == flagger.pk:
        raise ValidationError("You cannot flag your own post; edit or delete it instead.")
    if post.deleted_at is not None:
        raise ValidationError("The post is deleted.")
    if not Flag.objects.filter(post=post, flagged_by=flagger).exists():
        refuse_past(
            f"flags:{flagger.pk}:{post.thread_id}",
            limit=settings.CHATTER_FLAGS_PER_THREAD_HOUR,
            seconds=3600,
            what="flags in one thread an hour",
        )
        refuse_past(
            f"flags:{flagger.pk}",
            limit=settings.CHATTER_FLAGS_PER_DAY,
            seconds=86400,
            what="flags a day",
        )
    flag, created = Flag.objects.get_or_create(
        post=post,
        flagged_by=flagger,
        defaults={
            "reason": reason,
            "note": note[:500],
            "flagger_organisation_id": viewer.organisation_id,
        },
    )
    if not created:
        if flag.status != Flag.Status.PENDING:
            raise ValidationError("You flagged this post before, and it was reviewed.")
        return flag
    audit_record(
        action=AuditEvent.Action.POST_FLAGGED,
        actor=flagger,
        target=post,
        request=request,
        detail={"reason": reason},
    )
    pending = post.flags.filter(status=Flag.Status.PENDING)
    organisations = pending.exclude(flagger_organisation=None).values("flagger_organisation")
    hidden = False
    if post.hidden_at is None and organisations.distinct().count() >= FLAGS_TO_HIDE:
        post.hidden_at = timezone.now()
        post.hidden_reason = "Flagged by members of several organisations; hidden until reviewed."
        post.save(update_fields=["hidden_at", "hidden_reason"])
        hidden = True
    first = pending.order_by("pk").values_list("pk", flat=True).first()
    if flag.pk == first or hidden:
        notifications.flagged(
            post=post, flag=flag, flagger=flagger, hidden=hidden, round_key=str(first)
        )
    return flag


@transaction.atomic
def flags_review(
    *, reviewer: User, post: Post, agree: bool, reason: str = "", request=None
) -> Post:
    """An editor or staff decides on a post's pending flags: agreeing hides the post with a
    reason; disagreeing shows it again. The author and the flaggers hear the outcome;
    audited."""
    viewer = viewer_for(reviewer)
    if not can_review(viewer):
        raise PermissionDenied("Editors and staff review flags.")
    post = reviewable_post(viewer, post.pk, locked(Post).select_related("thread"))
    reason = (reason or "").strip()
    if agree and not reason:
        raise ValidationError({"reason": "Say why the post is hidden: its author reads it."})
    pending = Flag.objects.filter(post=post, status=Flag.Status.PENDING)
    flaggers = set(pending.values_list("flagged_by_id", flat=True))
    if not flaggers and (post.hidden_at is not None) == agree:
        raise ValidationError("Nothing to review: no flags are waiting on this post.")
    now = timezone.now()
    pending.update(
        status=Flag.Status.AGREED if agree else Flag.Status.DISAGREED,
        reviewed_by=reviewer,
        reviewed_at=now,
    )
    if agree:
        post.hidden_at, post.hidden_reason = post.hidden_at or now, reason[:300]
    else:
        post.hidden_at, post.hidden_reason = None, ""
    post.save(update_fields=["hidden_at", "hidden_reason"])
    audit_record(
        action=AuditEvent.Action.POST_HIDDEN if agree else AuditEvent.Action.POST_SHOWN,
        actor=reviewer,
        target=post,
        request=request,
        detail={"reason": reason, "flags": len(flaggers)},
    )
    notifications.reviewed(
        post=post, reviewer=reviewer, agreed=agree, reason=reason, flaggers=flaggers
    )
    return post


@transaction.atomic
def post_open_for_moderation(
    *, moderator: User, post: Post, reason: str, request=None
) -> ModerationOpening:
    """An editor or staff member opens a flagged post of a private conversation they are not
    named on, to review its flags: only with a reason, audited, and told to everyone in the
    conversation, who see on its page who opened it and why. It lets them read that post
    alone, for a day."""
    viewer = viewer_for(moderator)
    post = flagged_private_post(viewer, post.pk)
    reason = " ".join((reason or "").split())
    if len(reason) < 10:
        raise ValidationError(
            {"reason": "Say why you open it (at least a few words): its members read this."}
        )
    opening = ModerationOpening.objects.create(
        post=post, thread=post.thread, opened_by=moderator, reason=reason[:500]
    )
    audit_record(
        action=AuditEvent.Action.PRIVATE_POST_OPENED,
        actor=moderator,
        target=post,
        request=request,
        detail={"reason": reason[:500], "thread": post.thread_id},
    )
    notifications.opened_for_moderation(opening=opening)
    return opening
