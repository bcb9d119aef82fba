"""Making, changing and archiving a group, and the organisations in it; the checks every
write of the room shares."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from kit.limits import refuse_past
from kit.text import checked_text, name_key, name_problem
from members.access import viewer_for
from members.audit import audit_record
from members.models import AuditEvent, Level, Membership, Organisation, User

from .. import access, notifications, signals
from ..models import (
    Collection,
    Group,
    GroupMember,
    GroupOrganisation,
    GroupRole,
    JoinPolicy,
    Visibility,
)

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
