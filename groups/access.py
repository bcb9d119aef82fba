"""Who is in which group (for the access policy's viewer), who may see a group and its
people, and who may do what in a group."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef, Q

from members.access import NOTHING, RULES, Rule, Viewer
from members.models import Organisation

from .models import (
    Collection,
    Group,
    GroupMember,
    GroupOrganisation,
    GroupRole,
    Invitation,
    JoinRequest,
    Visibility,
)

# Organisations that may own a Military and Industry group.
MILITARY_INDUSTRY_KINDS = frozenset(
    {
        Organisation.Kind.MILITARY_REPORTING_CENTRE,
        Organisation.Kind.INDUSTRY_BODY,
        Organisation.Kind.FLAG_STATE,
        Organisation.Kind.PORT_AUTHORITY,
    }
)
MANAGERS = frozenset({GroupRole.OWNER, GroupRole.MODERATOR})


def group_annotations() -> dict:
    """A membership's groups, as two lists of ids read with it: the person's own groups and
    their organisation's (registered with the access policy)."""
    return {
        "groups_own": ArraySubquery(
            GroupMember.objects.filter(user_id=OuterRef("user_id")).values("group_id")
        ),
        "groups_by_organisation": ArraySubquery(
            GroupOrganisation.objects.filter(organisation_id=OuterRef("organisation_id")).values(
                "group_id"
            )
        ),
    }


def _invited(viewer: Viewer):
    return Exists(
        Invitation.objects.filter(
            group=OuterRef("pk"), user_id=viewer.user_id, status=Invitation.Status.PENDING
        )
    )


def group_rule(viewer: Viewer) -> Q | None:
    """Staff see every group; approved members the listed ones, those they are in and those
    they are invited to. Pending applicants and the public none."""
    if viewer.is_staff:
        return None
    if not viewer.approved:
        return NOTHING
    return Q(visibility=Visibility.LISTED) | Q(pk__in=viewer.groups) | _invited(viewer)


def _of_visible_groups(viewer: Viewer) -> Q | None:
    if viewer.is_staff:
        return None
    if not viewer.approved:
        return NOTHING
    return Q(group__in=Group.objects.filter(group_rule(viewer)).values("pk"))


def _managed(viewer: Viewer) -> Q:
    """The groups this viewer owns or moderates."""
    return Q(
        group__in=GroupMember.objects.filter(user_id=viewer.user_id, role__in=MANAGERS).values(
            "group_id"
        )
    )


def _requests_rule(viewer: Viewer) -> Q | None:
    if viewer.is_staff:
        return None
    if not viewer.approved:
        return NOTHING
    return Q(user_id=viewer.user_id) | _managed(viewer)


RULES.add(Rule(Group, group_rule))
RULES.add(Rule(GroupMember, _of_visible_groups, parent="group"))
RULES.add(Rule(GroupOrganisation, _of_visible_groups, parent="group"))
RULES.add(Rule(JoinRequest, _requests_rule, parent="group"))
RULES.add(Rule(Invitation, _requests_rule, parent="group"))


# Who may do what -------------------------------------------------------------------------


def may_create(viewer: Viewer, collection: str) -> bool:
    """CSO Groups: any approved member of an organisation; Latest Regional Intelligence:
    editors; Military and Industry: staff."""
    if not viewer.approved or viewer.organisation_id is None:
        return False
    if collection == Collection.CSO:
        return True
    if collection == Collection.REGIONAL:
        return viewer.is_editor or viewer.is_staff
    return viewer.is_staff


def role_in(viewer: Viewer, group: Group) -> str | None:
    """The viewer's own role in the group (None: not in it themselves)."""
    if viewer.user_id is None:
        return None
    return (
        GroupMember.objects.filter(group=group, user_id=viewer.user_id)
        .values_list("role", flat=True)
        .first()
    )


def is_in(viewer: Viewer, group: Group) -> bool:
    """In the group themselves or through their organisation."""
    return viewer.approved and group.pk in viewer.groups


def owns(viewer: Viewer, group: Group, role: str | None = None) -> bool:
    """Owners change a group's settings, roles and organisations, hand it over, archive it;
    staff any group."""
    return viewer.is_staff or (
        viewer.approved and (role or role_in(viewer, group)) == GroupRole.OWNER
    )


def may_manage(viewer: Viewer, group: Group, role: str | None = None) -> bool:
    """Owners and moderators manage the group's members; staff any group."""
    if viewer.is_staff:
        return True
    return viewer.approved and (role or role_in(viewer, group)) in MANAGERS


def may_start_thread(viewer: Viewer, group: Group, role: str | None = None) -> bool:
    """In Latest Regional Intelligence only editors and the group's moderators start threads;
    elsewhere anyone in the group. Nobody in an archived group."""
    if group.archived or not viewer.approved or viewer.organisation_id is None:
        return False
    if group.collection == Collection.REGIONAL:
        return viewer.is_editor or viewer.is_staff or may_manage(viewer, group, role)
    return is_in(viewer, group) or viewer.is_editor or viewer.is_staff


def may_post(viewer: Viewer, group: Group) -> bool:
    """Replies in a group's threads: anyone in the group, editors and staff."""
    if group.archived or not viewer.approved or viewer.organisation_id is None:
        return False
    return is_in(viewer, group) or viewer.is_editor or viewer.is_staff


def may_share_with(viewer: Viewer) -> Q:
    """The groups a viewer may share content with: those they are in (any group, for
    editors and staff), never an archived one."""
    live = Q(archived_at=None)
    if viewer.is_editor or viewer.is_staff:
        return live
    return live & Q(pk__in=viewer.groups)
