"""Reads of the members app that pages and other apps use; all through the access policy."""

from __future__ import annotations

from django.db.models import QuerySet

from . import access
from .access import Viewer
from .models import Membership, Organisation, User


def organisations_open_for_joining() -> QuerySet[Organisation]:
    """The organisations an applicant may pick on the join form: names only, by design."""
    return Organisation.objects.only("id", "name").order_by("name")


def organisation_for_viewer(viewer: Viewer, slug: str) -> Organisation:
    return access.get_visible_or_404(viewer, Organisation, slug=slug)


def organisation_members(viewer: Viewer, organisation: Organisation) -> QuerySet[User]:
    return (
        access.visible(viewer, User)
        .filter(
            membership__organisation=organisation,
            membership__status=Membership.Status.APPROVED,
            is_active=True,
        )
        .select_related("membership")
        .order_by("full_name")
    )


def member_for_viewer(viewer: Viewer, user_id) -> User:
    return access.get_visible_or_404(
        viewer, User.objects.select_related("membership__organisation"), pk=user_id
    )


def vetting_queue(viewer: Viewer) -> QuerySet[Membership]:
    """Applications waiting for this viewer, oldest first, once their email is verified."""
    return (
        access.vettable_memberships(viewer)
        .filter(user__emailaddress__verified=True, user__emailaddress__primary=True)
        .order_by("created_at")
    )


def vetting_application(viewer: Viewer, membership_id) -> Membership:
    return access.get_visible_or_404(viewer, vetting_queue(viewer), pk=membership_id)
