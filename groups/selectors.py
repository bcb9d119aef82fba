"""Every read of the groups, through the access policy."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from members.access import Viewer, get_visible_or_404, visible, visible_within
from members.models import Membership

from . import access
from .models import (
    Collection,
    Group,
    GroupFile,
    GroupMember,
    GroupOrganisation,
    Invitation,
    JoinRequest,
    Pin,
)
from .sections import pin_actions

PAGE = 50  # groups on a page of the index


def groups(viewer: Viewer) -> QuerySet[Group]:
    return visible(viewer, Group)


def listed(viewer: Viewer, collection: str = "", *, mine: bool = False, query: str = ""):
    """The groups a viewer may see, with their member counts: of one collection, or theirs."""
    found = groups(viewer).select_related("organisation")
    if collection:
        found = found.filter(collection=collection)
    if mine:
        found = found.filter(pk__in=viewer.groups)
    if query:
        found = found.filter(Q(name__icontains=query) | Q(description__icontains=query))
    return found.annotate(people=Count("members", distinct=True)).order_by("archived_at", "name")


def group(viewer: Viewer, slug: str) -> Group:
    return get_visible_or_404(viewer, Group.objects.select_related("organisation"), slug=slug)


@dataclass(frozen=True)
class Standing:
    """Where the viewer stands with a group: what its page offers them."""

    role: str | None  # their own role in it (None: not in it themselves)
    inside: bool  # in it, themselves or through their organisation
    owns: bool
    manages: bool
    request: JoinRequest | None  # their request waiting
    invitation: Invitation | None  # their invitation waiting
    may_start: bool
    may_post: bool


def standing(viewer: Viewer, group: Group) -> Standing:
    role = access.role_in(viewer, group)
    waiting = None
    invitation = None
    if viewer.approved and role is None:
        waiting = JoinRequest.objects.filter(
            group=group, user_id=viewer.user_id, status=JoinRequest.Status.PENDING
        ).first()
        invitation = Invitation.objects.filter(
            group=group, user_id=viewer.user_id, status=Invitation.Status.PENDING
        ).first()
    return Standing(
        role=role,
        inside=access.is_in(viewer, group),
        owns=access.owns(viewer, group, role),
        manages=access.may_manage(viewer, group, role),
        request=waiting,
        invitation=invitation,
        may_start=access.may_start_thread(viewer, group, role),
        may_post=access.may_post(viewer, group),
    )


def people(viewer: Viewer, group: Group) -> QuerySet[GroupMember]:
    """The group's members, owners first, for a viewer who may see the group."""
    return (
        visible_within(viewer, GroupMember, group)
        .select_related("user", "user__membership__organisation")
        .order_by("role", "user__full_name")
    )


def people_in(group_ids) -> set[int]:
    """Who is in any of these groups now, themselves or as approved members of an
    organisation in it: the user ids, for telling them of what is addressed to the group
    (the notification centre asks the access policy again before anyone hears of it)."""
    group_ids = list(group_ids)
    if not group_ids:
        return set()
    own = GroupMember.objects.filter(group_id__in=group_ids).values_list("user_id", flat=True)
    organisations = GroupOrganisation.objects.filter(group_id__in=group_ids).values(
        "organisation_id"
    )
    by_organisation = Membership.objects.filter(
        organisation_id__in=organisations, status=Membership.Status.APPROVED
    ).values_list("user_id", flat=True)
    return set(own) | set(by_organisation)


def organisations(viewer: Viewer, group: Group) -> QuerySet[GroupOrganisation]:
    return (
        visible_within(viewer, GroupOrganisation, group)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def waiting_requests(
    viewer: Viewer, group: Group, role: str | None = None
) -> QuerySet[JoinRequest]:
    """The requests to join waiting for the group's owners and moderators."""
    if not access.may_manage(viewer, group, role):
        return JoinRequest.objects.none()
    return (
        visible(viewer, JoinRequest)
        .filter(group=group, status=JoinRequest.Status.PENDING)
        .select_related("user", "user__membership__organisation")
        .order_by("created_at")
    )


def waiting_invitations(
    viewer: Viewer, group: Group, role: str | None = None
) -> QuerySet[Invitation]:
    if not access.may_manage(viewer, group, role):
        return Invitation.objects.none()
    return (
        visible(viewer, Invitation)
        .filter(group=group, status=Invitation.Status.PENDING)
        .select_related("user")
    )


def my_invitations(viewer: Viewer) -> QuerySet[Invitation]:
    if not viewer.approved:
        return Invitation.objects.none()
    return (
        visible(viewer, Invitation)
        .filter(user_id=viewer.user_id, status=Invitation.Status.PENDING)
        .select_related("group", "invited_by")
    )


def shareable(viewer: Viewer) -> QuerySet[Group]:
    """The groups this viewer may share content with."""
    return groups(viewer).filter(access.may_share_with(viewer)).order_by("name")


def to_share_with(viewer: Viewer, named, field: str) -> list[Group]:
    """The groups named (groups or slugs) for sharing, if this viewer may share with each of
    them; otherwise a ValidationError on ``field`` that names only what they may see."""

    named = list(named)
    if not named:
        return []
    slugs = [g if isinstance(g, str) else g.slug for g in named]
    found = {g.slug: g for g in shareable(viewer).filter(slug__in=slugs)}
    refused = [slug for slug in slugs if slug not in found]
    if refused:
        raise ValidationError(
            {field: f"You may share only with groups you are in: not {', '.join(refused)}."}
        )
    return [found[slug] for slug in dict.fromkeys(slugs)]


COLLECTIONS = [(value, label) for value, label in Collection.choices]


def pins_section(request, group, standing) -> dict:
    """The group page's pinned studies that the reader may see."""

    pins = list(
        visible_within(request.viewer, Pin, group)
        .select_related("created_by")
        .order_by("-pinned_at", "-id")[:20]
    )
    for pin in pins:
        pin.group = group  # the page's own, for the actions
        pin.actions = pin_actions(request.viewer, pin)
    return {"pins": pins, "group": group, "manages": standing.manages}


FILES_SHOWN = 10


def group_files(viewer: Viewer, group: Group) -> QuerySet[GroupFile]:
    """The group's files this reader may see (of a group read through the policy), newest
    first."""
    return (
        visible_within(viewer, GroupFile, group)
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )


def files_section_of(group: Group, standing, files: list[GroupFile], more: bool = False) -> dict:
    return {
        "files": files,
        "more": more,
        "group": group,
        "manages": standing.manages,
        "may_add": standing.may_post,
    }


def files_section(request, group, standing) -> dict:
    """The group page's latest files that the reader may see."""
    shown = list(group_files(request.viewer, group)[: FILES_SHOWN + 1])
    return files_section_of(group, standing, shown[:FILES_SHOWN], more=len(shown) > FILES_SHOWN)


def pin_url(viewer: Viewer, *, title: str, link: str, findings=(), marking: str = "") -> str | None:
    """Where "Pin to a group" goes from a view (a share target): for members in a group."""

    if not viewer.approved or not viewer.groups:
        return None
    tlp = marking if marking in ("amber", "amber_strict") else "green"
    asked = {"title": title, "link": link, "findings": "\n".join(findings), "tlp": tlp}
    return reverse("groups:pin") + "?" + urlencode(asked)
