"""Who is who: the directory of approved members, for approved members. Everyone is shown by
name and organisation (and its kind); beyond that each member chooses what is shown
(``User.directory_shows``): their position, the regions and ports they watch, their groups.
A profile shows the same, the groups the reader shares with them, and what the rooms above
offer there (Chatter's Message)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from kit.actions import Actions
from members.access import NOTHING, RULES, Rule, Viewer, get_visible_or_404, visible
from members.models import DirectoryPart, Membership, Organisation, Watch
from members.notifications import TARGETS

from .models import DirectoryMember, Group, GroupMember

PAGE = 50


def _directory_rule(viewer: Viewer) -> Q | None:
    """Approved members see the approved, active members (not the platform's own accounts);
    nobody else sees anyone."""
    if not viewer.approved:
        return NOTHING
    return Q(is_active=True, system=False, membership__status=Membership.Status.APPROVED)


RULES.add(Rule(DirectoryMember, _directory_rule))


# The links a room above offers on a profile ("Message").
PROFILE_ACTIONS = Actions("links on a member's profile")


def members(viewer: Viewer) -> QuerySet[DirectoryMember]:
    return visible(viewer, DirectoryMember).select_related("membership__organisation")


def _shows(part: str) -> Q:
    return Q(directory_shows__contains=[part])


def search(
    viewer: Viewer,
    *,
    query: str = "",
    kind: str = "",
    region: str = "",
    port: str = "",
    group: Group | None = None,
    after: tuple[str, int] | None = None,
) -> tuple[list[DirectoryMember], tuple[str, int] | None]:
    """A page of the directory, by name: found by name, handle or organisation, narrowed by
    the organisation's kind, a region or port watched, a group (the last three only among
    those who show them). The next page's start, or None."""
    found = members(viewer)
    if query:
        found = found.filter(
            Q(full_name__icontains=query)
            | Q(handle__icontains=query.lstrip("@"))
            | Q(membership__organisation__name__icontains=query)
        )
    if kind:
        found = found.filter(membership__organisation__kind=kind)
    for target_type, key in (("region", region), ("port", port)):
        if key:
            watching = Watch.objects.filter(target_type=target_type, target_key=key)
            found = found.filter(_shows(DirectoryPart.WATCHES), pk__in=watching.values("user_id"))
    if group is not None:
        found = found.filter(
            _shows(DirectoryPart.GROUPS),
            pk__in=GroupMember.objects.filter(group=group).values("user_id"),
        )
    if after is not None:
        name, pk = after
        found = found.filter(Q(full_name__gt=name) | Q(full_name=name, pk__gt=pk))
    page = list(found.order_by("full_name", "id")[: PAGE + 1])
    following = None
    if len(page) > PAGE:
        page = page[:PAGE]
        following = (page[-1].full_name, page[-1].pk)
    return page, following


@dataclass
class Profile:
    member: DirectoryMember
    organisation: Organisation | None
    position: str = ""
    watches: list[str] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    shared: list[Group] = field(default_factory=list)  # the groups the reader is in too
    actions: list[tuple[str, str, str]] = field(default_factory=list)


def profile(viewer: Viewer, handle: str) -> Profile:
    member = get_visible_or_404(
        viewer, DirectoryMember.objects.select_related("membership__organisation"), handle=handle
    )
    membership = member.membership
    shows = set(member.directory_shows)
    theirs = list(
        visible(viewer, Group).filter(
            pk__in=GroupMember.objects.filter(user=member).values("group_id"), archived_at=None
        )
    )
    shown = Profile(member=member, organisation=membership.organisation)
    itself = member.pk == viewer.user_id
    if DirectoryPart.POSITION in shows or itself:
        shown.position = membership.get_position_display()
    if DirectoryPart.WATCHES in shows or itself:
        shown.watches = _watched(viewer, member)
    if DirectoryPart.GROUPS in shows or itself:
        shown.groups = theirs
    shown.shared = [g for g in theirs if g.pk in viewer.groups] if not itself else []
    shown.actions = PROFILE_ACTIONS.offered(viewer, member)
    return shown


def _watched(viewer: Viewer, member) -> list[str]:
    """The regions and ports the member watches, by name."""
    names = []
    watches = Watch.objects.filter(user=member, target_type__in=("region", "port"))
    for target_type, key in watches.order_by("target_type", "label").values_list(
        "target_type", "target_key"
    ):
        described = TARGETS[target_type].describe(viewer, key) if target_type in TARGETS else None
        if described:
            names.append(described[0])
    return names
