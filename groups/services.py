"""Every write of the groups: creating and changing a group, joining (open, by request, by
invitation), deciding requests, inviting, leaving, removing (with a reason), roles and
handing over, organisations as a whole, archiving. Each one transaction; the ones that
change who may see what are audited."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from kit.files import stored_file_response
from kit.limits import refuse_past
from kit.storage import private_storage
from kit.text import checked_text, name_key, name_problem, platform_path
from kit.uploads import inspect_upload, jpeg_copies
from members.access import TLP, cache_control, viewer_for
from members.audit import audit_record
from members.models import AuditEvent, Level, Membership, Organisation, User

from . import access, notifications, signals
from .models import (
    FILE_TLP_CHOICES,
    Collection,
    Group,
    GroupFile,
    GroupMember,
    GroupOrganisation,
    GroupRole,
    Invitation,
    JoinPolicy,
    JoinRequest,
    Pin,
    Visibility,
)
from .selectors import to_share_with

REASON_LENGTH = 2000
MILITARY_OWNER = (
    "A Military and Industry group belongs to a reporting centre, navy, authority or industry body."
)


def _text(value: str, field: str, *, required: bool = False, length: int = REASON_LENGTH) -> str:
    return checked_text(value, field, length=length, required=required)


def _choice(value: str, choices, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: f"Choose one of {', '.join(choices.values)}."})
    return value


RESERVED_SLUGS = frozenset({"new", "pin"})  # the pages beside the groups' own


def _slug_for(name: str) -> str:
    base = slugify(name)[:90] or "group"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Group.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _locked(group: Group) -> Group:
    return Group.objects.select_for_update().get(pk=group.pk)


def _owner_only(viewer, group: Group, refusal: str) -> None:
    """Only the group's owners (and staff) do this."""
    if not access.owns(viewer, group):
        raise PermissionDenied(refusal)


def _writable(group: Group) -> None:
    if group.archived:
        raise ValidationError("This group is archived: it is read-only.")


@transaction.atomic
def group_create(
    *,
    creator: User,
    name: str,
    collection: str,
    join_policy: str = JoinPolicy.REQUEST,
    description: str = "",
    visibility: str = Visibility.LISTED,
    organisation: Organisation | None = None,
    contact: str = "",
    lens: str = "",
    request=None,
) -> Group:
    """A new group, its creator its first owner. Who may create one depends on the
    collection (groups.access.may_create)."""
    viewer = viewer_for(creator)
    collection = _choice(collection, Collection, "collection")
    if not access.may_create(viewer, collection):
        raise PermissionDenied(f"You may not create groups in {Collection(collection).label}.")
    name = _text(name, "name", length=100)
    if not name:
        raise ValidationError({"name": "A group needs a name."})
    if (problem := name_problem(name)) is not None:
        raise ValidationError({"name": problem})
    join_policy = _choice(join_policy, JoinPolicy, "join_policy")
    visibility = _choice(visibility, Visibility, "visibility")
    military = collection == Collection.MILITARY
    if military and getattr(organisation, "kind", None) not in access.MILITARY_INDUSTRY_KINDS:
        raise ValidationError({"organisation": MILITARY_OWNER})
    if Group.objects.filter(collection=collection, name__iexact=name).exists():
        raise ValidationError({"name": f"{Collection(collection).label} already has {name!r}."})
    alike = [g.name for g in Group.objects.only("name") if name_key(g.name) == name_key(name)]
    if alike:
        raise ValidationError({"name": f"A group is called {alike[0]!r} already: choose another."})
    refuse_past(
        f"groups:{creator.pk}",
        limit=settings.GROUPS_PER_DAY,
        seconds=86400,
        what="new groups a day",
    )
    try:
        with transaction.atomic():
            group = Group.objects.create(
                name=name,
                slug=_slug_for(name),
                collection=collection,
                join_policy=join_policy,
                visibility=visibility,
                description=_text(description, "description", length=5000),
                organisation=organisation,
                contact=_text(contact, "contact"),
                lens=_text(lens, "lens"),
                created_by=creator,
            )
    except IntegrityError:  # the same name made at the same moment
        raise ValidationError(
            {"name": f"{Collection(collection).label} already has {name!r}."}
        ) from None
    GroupMember.objects.create(group=group, user=creator, role=GroupRole.OWNER)
    notifications.joined(group=group, user=creator, level=Level.WATCHING)  # owners hear all
    if organisation is not None:
        GroupOrganisation.objects.create(group=group, organisation=organisation, added_by=creator)
    audit_record(
        action=AuditEvent.Action.GROUP_CREATED,
        actor=creator,
        target=group,
        request=request,
        detail={"collection": collection, "join_policy": join_policy, "visibility": visibility},
    )
    signals.changed([creator.pk, *_people_of(organisation)])
    return group


@transaction.atomic
def group_change(
    *,
    actor: User,
    group: Group,
    description: str,
    join_policy: str,
    visibility: str,
    contact: str = "",
    request=None,
) -> Group:
    """An owner changes how the group presents itself and how people join."""
    group = _locked(group)
    _writable(group)
    viewer = viewer_for(actor)
    _owner_only(viewer, group, "Only the group's owners change it.")
    before = {"join_policy": group.join_policy, "visibility": group.visibility}
    group.description = _text(description, "description", length=5000)
    group.join_policy = _choice(join_policy, JoinPolicy, "join_policy")
    group.visibility = _choice(visibility, Visibility, "visibility")
    group.contact = _text(contact, "contact")
    group.save(update_fields=["description", "join_policy", "visibility", "contact"])
    audit_record(
        action=AuditEvent.Action.GROUP_CHANGED,
        actor=actor,
        target=group,
        request=request,
        detail={"before": before, "after": {"join_policy": join_policy, "visibility": visibility}},
    )
    return group


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


def _people_of(organisation: Organisation | None) -> list[int]:
    if organisation is None:
        return []
    return list(
        Membership.objects.filter(
            organisation=organisation, status=Membership.Status.APPROVED
        ).values_list("user_id", flat=True)
    )


@transaction.atomic
def organisation_add(
    *, actor: User, group: Group, organisation: Organisation, request=None
) -> GroupOrganisation:
    """Add an organisation as a whole: all its approved members are in the group. Staff, or
    the group's owners."""
    group = _locked(group)
    _writable(group)
    viewer = viewer_for(actor)
    _owner_only(viewer, group, "Only the group's owners add organisations.")
    added, made = GroupOrganisation.objects.get_or_create(
        group=group, organisation=organisation, defaults={"added_by": actor}
    )
    if not made:
        raise ValidationError({"organisation": f"{organisation.name} is already in it."})
    audit_record(
        action=AuditEvent.Action.GROUP_ORGANISATION,
        actor=actor,
        target=group,
        request=request,
        detail={"organisation": organisation.pk, "added": True},
    )
    signals.changed(_people_of(organisation))
    return added


@transaction.atomic
def organisation_remove(
    *, actor: User, group: Group, organisation: Organisation, reason: str, request=None
) -> None:
    group = _locked(group)
    viewer = viewer_for(actor)
    _owner_only(viewer, group, "Only the group's owners remove organisations.")
    if group.organisation_id == organisation.pk:
        raise ValidationError({"organisation": "The group is this organisation's own."})
    reason = _text(reason, "reason", required=True)
    gone, _ = GroupOrganisation.objects.filter(group=group, organisation=organisation).delete()
    if not gone:
        raise ValidationError({"organisation": f"{organisation.name} is not in it."})
    audit_record(
        action=AuditEvent.Action.GROUP_ORGANISATION,
        actor=actor,
        target=group,
        request=request,
        detail={"organisation": organisation.pk, "added": False, "reason": reason},
    )
    signals.changed(_people_of(organisation))


@transaction.atomic
def group_archive(*, actor: User, group: Group, archived: bool = True, request=None) -> Group:
    """Archive a group (read-only, still found and read by its members) or reopen it."""
    group = _locked(group)
    viewer = viewer_for(actor)
    _owner_only(viewer, group, "Only the group's owners archive it.")
    if group.archived == archived:
        raise ValidationError("The group is archived already." if archived else "It is open.")
    group.archived_at = timezone.now() if archived else None
    group.save(update_fields=["archived_at"])
    audit_record(
        action=AuditEvent.Action.GROUP_ARCHIVED,
        actor=actor,
        target=group,
        request=request,
        detail={"archived": archived},
    )
    return group


PINNABLE = (TLP.GREEN, TLP.AMBER, TLP.AMBER_STRICT)


def _site_link(link: str) -> str:
    link = platform_path(link)
    if link is None:
        raise ValidationError({"link": "Pin a page of the platform: a link that starts with /."})
    if len(link) > 500:
        raise ValidationError({"link": "At most 500 characters."})
    return link


@transaction.atomic
def pin_add(
    *, actor: User, group: Group, title: str, link: str, findings: str = "", tlp: str = TLP.GREEN
) -> Pin:
    """Pin a study (a view of the data and its findings) to a group one is in. Its marking
    is the strictest of what its findings count (GREEN at least); under AMBER it is shared
    with the group."""
    group = _locked(group)
    _writable(group)
    viewer = viewer_for(actor)
    if not (access.is_in(viewer, group) or viewer.is_editor or viewer.is_staff):
        raise PermissionDenied("Only the group's members pin studies to it.")
    if tlp not in PINNABLE:
        raise ValidationError({"tlp": "A pin is marked GREEN, AMBER or AMBER+STRICT."})
    title = _text(title, "title", length=200)
    if not title:
        raise ValidationError({"title": "Give the study a title."})
    pin = Pin.objects.create(
        group=group,
        title=title,
        link=_site_link(link),
        tlp=tlp,
        findings=_text(findings, "findings", length=3000),
        organisation_id=viewer.organisation_id,
        created_by=actor,
    )
    if tlp == TLP.AMBER:
        pin.shared_with_groups.set([group])
    notifications.pinned(pin)
    return pin


@transaction.atomic
def pin_remove(*, actor: User, pin: Pin) -> None:
    """Its pinner, the group's owners and moderators, or staff take a pin down."""
    viewer = viewer_for(actor)
    if pin.created_by_id != actor.pk and not access.may_manage(viewer, pin.group):
        raise PermissionDenied("Only its pinner and the group's moderators take a pin down.")
    Pin.objects.unrestricted().filter(pk=pin.pk).delete()


# Files --------------------------------------------------------------------------------------

FILE_MARKINGS = tuple(value for value, _ in FILE_TLP_CHOICES)


GROUP_PHOTO_SIZE = (2560, 2560)  # a group's photo is kept this large at most, re-encoded


@transaction.atomic
def file_add(
    *,
    actor: User,
    group: Group,
    upload,
    title: str = "",
    note: str = "",
    tlp: str = TLP.AMBER,
    share_with_groups=(),
) -> GroupFile:
    """Put a file in a group one may post in, checked as every upload is (``kit.uploads``):
    a photo, a video or a PDF, nothing hostile. Under AMBER (the default) it is shared with
    the group and with any other groups named that the uploader is in; under RED the group
    is its recipient; AMBER+STRICT keeps it to the uploader's organisation within the group.
    The stored file is removed again if the row is not written."""
    group = _locked(group)
    _writable(group)
    viewer = viewer_for(actor)
    if not access.may_post(viewer, group):
        raise PermissionDenied("Only the group's members add files to it.")
    if tlp not in FILE_MARKINGS:
        raise ValidationError({"tlp": "Mark a group's file GREEN, AMBER, AMBER+STRICT or RED."})
    others = to_share_with(viewer, share_with_groups, "shared_with_groups")
    if others and tlp != TLP.AMBER:
        raise ValidationError({"shared_with_groups": "Groups are named under TLP:AMBER."})
    title = _text(title, "title", length=200)
    note = _text(note, "note", length=500)
    if upload is None:
        raise ValidationError({"file": "Choose a file."})
    name = (upload.name or "file").replace("\x00", "")[-255:] or "file"
    try:
        facts = inspect_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": f"{name}: {' '.join(error.messages)}"}) from None
    stored = GroupFile(
        group=group,
        title=title or name[:200],
        note=note,
        tlp=tlp,
        kind=facts.kind,
        content_type=facts.content_type,
        original_name=name,
        size=facts.size,
        sha256=facts.sha256,
        organisation_id=viewer.organisation_id,
        created_by=actor,
    )
    upload.seek(0)
    if facts.kind == GroupFile.Kind.PHOTO:  # kept re-encoded: no EXIF, no GPS position
        try:
            [photo] = jpeg_copies(upload, (GROUP_PHOTO_SIZE,))
        except (OSError, ValueError, Image.DecompressionBombError):
            raise ValidationError({"file": f"{name}: this photo cannot be read."}) from None
        stored.content_type, stored.size = "image/jpeg", len(photo)
        stored.sha256 = hashlib.sha256(photo).hexdigest()
        stored.original.save("upload.jpg", ContentFile(photo), save=False)
    else:
        stored.original.save(f"upload{facts.extension}", upload, save=False)
    try:  # the row and the stored file stand or fall together
        stored.save()
        if tlp == TLP.AMBER:
            stored.shared_with_groups.set([group, *[g for g in others if g.pk != group.pk]])
        elif tlp == TLP.RED:
            stored.recipient_groups.set([group])
    except Exception:
        stored.original.delete(save=False)
        raise
    notifications.file_added(stored)
    return stored


def file_response(group_file: GroupFile, *, download: bool, request):
    """A group's file, for a reader the access policy has let in: the stored original with
    the safe headers, cached as its marking allows."""
    return stored_file_response(
        group_file.original,
        content_type=group_file.content_type,
        filename=group_file.original_name,
        cache_control=cache_control({group_file.tlp}),
        download=download,
        request=request,
    )


@transaction.atomic
def file_remove(*, actor: User, group_file: GroupFile, reason: str = "") -> None:
    """Its uploader, the group's owners and moderators, or staff remove a file; anyone but
    the uploader says why, and the removal is audited. The stored file goes once the
    removal is committed."""
    viewer = viewer_for(actor)
    own = group_file.created_by_id == actor.pk
    if not own and not access.may_manage(viewer, group_file.group):
        raise PermissionDenied("Only its uploader and the group's moderators remove a file.")
    reason = _text(reason, "reason", required=not own)
    name = group_file.original.name
    audit_record(
        action=AuditEvent.Action.GROUP_FILE_REMOVED,
        actor=actor,
        target=group_file.group,
        detail={"file": group_file.title, "sha256": group_file.sha256, "reason": reason},
    )
    GroupFile.objects.unrestricted().filter(pk=group_file.pk).delete()
    transaction.on_commit(lambda: private_storage.delete(name))
