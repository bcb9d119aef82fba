"""Who may vet which applicants and give which roles."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..models import Membership, Organisation, Role
from .viewer import Viewer


def vettable_memberships(viewer: Viewer) -> QuerySet[Membership]:
    """Pending applications this viewer may decide: staff all; an organisation's admins those
    who apply to their organisation from one of its email domains."""
    pending = Membership.objects.filter(
        status=Membership.Status.PENDING, user__is_active=True
    ).select_related("user", "organisation")
    if viewer.is_staff:
        return pending
    if viewer.role != Role.ORG_ADMIN or viewer.organisation_id is None:
        return pending.none()
    organisation = Organisation.objects.filter(pk=viewer.organisation_id).first()
    if organisation is None or not organisation.email_domains:
        return pending.none()
    domains = Q()
    for domain in organisation.email_domains:
        domains |= Q(user__email__iendswith="@" + domain.lower())
    return pending.filter(domains, organisation=organisation)


def assignable_roles(viewer: Viewer, membership: Membership) -> list[str]:
    """The roles this viewer may give this approved member (empty: may not change it)."""
    if membership.status != Membership.Status.APPROVED or membership.user_id == viewer.user_id:
        return []
    if viewer.is_staff:
        return list(Role.values)
    if (
        viewer.role == Role.ORG_ADMIN
        and membership.organisation_id == viewer.organisation_id
        and membership.role in (Role.MEMBER, Role.ORG_ADMIN)
    ):
        return [Role.MEMBER, Role.ORG_ADMIN]
    return []
