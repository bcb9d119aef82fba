"""Who is in a group: joining, requests and their decision, invitations, leaving, removing
members, their roles and handing a group over."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kit.limits import refuse_past
from members.access import viewer_for
from members.audit import audit_record
from members.models import AuditEvent, Level, User

from .. import access, notifications, signals
from ..models import (
    Group,
    GroupMember,
    GroupRole,
    Invitation,
    JoinPolicy,
    JoinRequest,
)
from .groups import _choice, _locked, _owner_only, _text, _writable


def _add(
    group: Group, user: User, role: str = GroupRole.MEMBER, watch: int = Level.FIRST_POST
) -> GroupMember:
    member = GroupMember.objects.create(group=group, user=user, role=role)
    notifications.joined(group=group, user=user, level=watch)
    signals.changed([user.pk])
    return member


@transaction.atomic
def group_join(
    *, user: User, group: Group, reason: str = "", watch: int = Level.FIRST_POST
) -> GroupMember | JoinRequest:
    """Join an open group (the member it makes), or ask to join one that joins by request
    (the request, for its owners to decide). An invitation-only group is joined by
    accepting an invitation. ``watch``: how they follow it once in (new threads unless
    told; a request approved later follows its new threads)."""
    group = _locked(group)
    _writable(group)
    viewer = viewer_for(user)
    if not viewer.approved or viewer.organisation_id is None:
        raise PermissionDenied("Only approved members join groups.")
    if GroupMember.objects.filter(group=group, user=user).exists():
        raise ValidationError("You are already in this group.")
    invited = Invitation.objects.filter(
        group=group, user=user, status=Invitation.Status.PENDING
    ).first()
    if invited is not None:
        return invitation_answer(user=user, invitation=invited, accept=True)
    if group.join_policy == JoinPolicy.OPEN:
        return _add(group, user, watch=watch)
    if group.join_policy == JoinPolicy.INVITATION:
        raise ValidationError("This group is joined by invitation only.")
    reason = _text(reason, "reason", required=True)
    if JoinRequest.objects.filter(
        group=group, user=user, status=JoinRequest.Status.PENDING
    ).exists():
        raise ValidationError("You have already asked to join: the owners will decide.")
    refuse_past(
        f"join-requests:{user.pk}",
        limit=settings.GROUP_REQUESTS_PER_HOUR,
        seconds=3600,
        what="requests to join an hour",
    )
    asked = JoinRequest.objects.create(group=group, user=user, reason=reason)
    notifications.requested(asked)
    return asked


@transaction.atomic
def request_decide(
    *, actor: User, join_request: JoinRequest, approve: bool, reason: str = "", request=None
) -> JoinRequest:
    """An owner or moderator approves a request (the asker joins) or declines it with a
    reason; the asker is told either way."""
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    group = join_request.group
    _writable(group)
    if not access.may_manage(viewer_for(actor), group):
        raise PermissionDenied("Only the group's owners and moderators decide requests.")
    if join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError("This request was already decided.")
    reason = _text(reason, "reason", required=not approve)
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.decision_reason = reason
    join_request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    if approve and not GroupMember.objects.filter(group=group, user=join_request.user).exists():
        _add(group, join_request.user)
    audit_record(
        action=AuditEvent.Action.GROUP_REQUEST_DECIDED,
        actor=actor,
        target=group,
        request=request,
        detail={"user": join_request.user_id, "approved": approve, "reason": reason},
    )
    notifications.decided(join_request)
    return join_request


@transaction.atomic
def request_withdraw(*, user: User, join_request: JoinRequest) -> JoinRequest:
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.user_id != user.pk or join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError("There is no request of yours waiting.")
    join_request.status = JoinRequest.Status.WITHDRAWN
    join_request.save(update_fields=["status"])
    return join_request


@transaction.atomic
def invite(*, actor: User, group: Group, user: User) -> Invitation:
    """An owner or moderator invites an approved member (to any group; the only way into
    one joined by invitation)."""
    group = _locked(group)
    _writable(group)
    if not access.may_manage(viewer_for(actor), group):
        raise PermissionDenied("Only the group's owners and moderators invite.")
    invitee = viewer_for(user)
    if not invitee.approved or invitee.organisation_id is None:
        raise ValidationError({"user": "Only approved members can be invited."})
    if GroupMember.objects.filter(group=group, user=user).exists():
        raise ValidationError({"user": f"{user.shown_name} is already in it."})
    if Invitation.objects.filter(group=group, user=user, status=Invitation.Status.PENDING):
        raise ValidationError({"user": f"{user.shown_name} is already invited."})
    refuse_past(
        f"invitations:{actor.pk}",
        limit=settings.GROUP_INVITATIONS_PER_HOUR,
        seconds=3600,
        what="invitations an hour",
    )
    invitation = Invitation.objects.create(group=group, user=user, invited_by=actor)
    notifications.invited(invitation)
    return invitation


@transaction.atomic
def invitation_answer(*, user: User, invitation: Invitation, accept: bool):
    """The invitee accepts (and is in the group) or declines."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.user_id != user.pk or invitation.status != Invitation.Status.PENDING:
        raise ValidationError("There is no invitation of yours waiting.")
    _writable(invitation.group)
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    if not accept:
        return invitation
    JoinRequest.objects.filter(
        group=invitation.group, user=user, status=JoinRequest.Status.PENDING
    ).update(status=JoinRequest.Status.APPROVED, decided_by=invitation.invited_by)
    member = GroupMember.objects.filter(group=invitation.group, user=user).first()
    return member or _add(invitation.group, user)


def _owners(group: Group) -> int:
    return GroupMember.objects.filter(group=group, role=GroupRole.OWNER).count()


@transaction.atomic
def group_leave(*, user: User, group: Group) -> None:
    """Leave a group: what was shared only with it is no longer seen, at once. The last
    owner hands the group over first."""
    group = _locked(group)
    member = GroupMember.objects.filter(group=group, user=user).first()
    if member is None:
        raise ValidationError("You are not in this group yourself.")
    if member.role == GroupRole.OWNER and _owners(group) == 1:
        raise ValidationError("You are its last owner: hand the group over before you leave.")
    member.delete()
    notifications.left(group=group, user=user)
    signals.changed([user.pk])


@transaction.atomic
def member_remove(*, actor: User, member: GroupMember, reason: str, request=None) -> None:
    """An owner or moderator removes someone, with a reason (audited). Moderators do not
    remove owners; the last owner is not removed."""
    group = _locked(member.group)
    member = GroupMember.objects.select_for_update().get(pk=member.pk)
    viewer = viewer_for(actor)
    role = access.role_in(viewer, group)
    if not access.may_manage(viewer, group, role):
        raise PermissionDenied("Only the group's owners and moderators remove people.")
    if member.user_id == actor.pk:
        raise ValidationError("To leave the group yourself, use Leave.")
    if member.role == GroupRole.OWNER and not (viewer.is_staff or role == GroupRole.OWNER):
        raise PermissionDenied("Only an owner removes an owner.")
    if member.role == GroupRole.OWNER and _owners(group) == 1:
        raise ValidationError("This is the group's last owner: hand the group over first.")
    reason = _text(reason, "reason", required=True)
    user_id = member.user_id
    member.delete()
    audit_record(
        action=AuditEvent.Action.GROUP_MEMBER_REMOVED,
        actor=actor,
        target=group,
        request=request,
        detail={"user": user_id, "reason": reason},
    )
    notifications.removed(group=group, user_id=user_id, reason=reason)
    signals.changed([user_id])


@transaction.atomic
def member_role(*, actor: User, member: GroupMember, role: str, request=None) -> GroupMember:
    """An owner makes someone a moderator or a member again (owners hand over instead)."""
    group = _locked(member.group)
    _writable(group)
    member = GroupMember.objects.select_for_update().get(pk=member.pk)
    viewer = viewer_for(actor)
    _owner_only(viewer, group, "Only the group's owners change roles.")
    role = _choice(role, GroupRole, "role")
    if role == GroupRole.OWNER:
        raise ValidationError({"role": "Hand the group over to make someone its owner."})
    if member.role == GroupRole.OWNER and _owners(group) == 1:
        raise ValidationError({"role": "This is the group's last owner: hand it over first."})
    before, member.role = member.role, role
    member.save(update_fields=["role"])
    audit_record(
        action=AuditEvent.Action.GROUP_ROLE_CHANGED,
        actor=actor,
        target=group,
        request=request,
        detail={"user": member.user_id, "from": before, "to": role},
    )
    return member


@transaction.atomic
def ownership_transfer(*, actor: User, group: Group, to: User, request=None) -> GroupMember:
    """An owner hands the group to someone in it: they become its owner, and the one who
    handed it over a moderator."""
    group = _locked(group)
    _writable(group)
    viewer = viewer_for(actor)
    mine = GroupMember.objects.filter(group=group, user=actor).first()
    if not (viewer.is_staff or (mine and mine.role == GroupRole.OWNER)):
        raise PermissionDenied("Only an owner hands the group over.")
    theirs = GroupMember.objects.filter(group=group, user=to).first()
    if theirs is None:
        raise ValidationError({"to": "Hand the group to someone who is in it."})
    if theirs.role == GroupRole.OWNER:
        raise ValidationError({"to": "They are already an owner."})
    theirs.role = GroupRole.OWNER
    theirs.save(update_fields=["role"])
    if mine is not None and mine.role == GroupRole.OWNER:
        mine.role = GroupRole.MODERATOR
        mine.save(update_fields=["role"])
    audit_record(
        action=AuditEvent.Action.GROUP_OWNERSHIP,
        actor=actor,
        target=group,
        request=request,
        detail={"to": to.pk},
    )
    return theirs
