"""Reads of the members app that pages and other apps use; all through the access policy."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from . import access
from .access import Viewer
from .models import Membership, Organisation, User

# Words a company's name may carry or leave out: "Alpha Tankers Ltd" is Alpha Tankers.
LEGAL_FORMS = {
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "srl",
    "spa",
    "bv",
    "nv",
    "as",
    "asa",
    "ab",
    "oy",
    "co",
    "company",
    "corp",
    "corporation",
    "pte",
    "pty",
    "sdn",
    "bhd",
    "kk",
    "the",
}


def _name_key(name: str) -> str:
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", name).casefold())
    return " ".join(word for word in words if word not in LEGAL_FORMS)


def organisation_matching(name: str, email: str) -> Organisation | None:
    """The organisation an applicant works for, if it is on the platform: the one whose
    staff's mail domain their address is at, or else the one of the name they typed (case,
    punctuation and legal forms aside). None: a new organisation, for the CSOA team to add.
    The join form lists no organisation: the public learns nothing of who is a member."""
    domain = email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""
    if domain:
        by_domain = list(Organisation.objects.filter(email_domains__contains=[domain])[:2])
        if len(by_domain) == 1:
            return by_domain[0]
    key = _name_key(name)
    if not key:
        return None
    exact = Organisation.objects.filter(name__iexact=name.strip()).first()
    if exact is not None:
        return exact
    found = [org for org in Organisation.objects.only("id", "name") if _name_key(org.name) == key]
    return found[0] if len(found) == 1 else None


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


MAX_RECIPIENTS = 50


def named_members(viewer: Viewer, names, *, field: str = "recipients") -> list[User]:
    """The approved members named by ``names`` (a comma-separated text or a list): by their
    @handle, as the member directory shows it, or by the email address of a colleague the
    viewer may see. Anything else is refused with a ``ValidationError`` on ``field`` that
    says only which names were not members' handles: never whether an address is
    registered."""
    if isinstance(names, str):
        names = names.split(",")
    named = {str(name).strip().lower() for name in names if str(name).strip()}
    if "\x00" in "".join(named):
        raise ValidationError({field: "Remove the NUL characters."})
    if len(named) > MAX_RECIPIENTS:
        raise ValidationError({field: f"At most {MAX_RECIPIENTS} people."})
    emails = {name for name in named if "@" in name.lstrip("@")}
    handles = {name.lstrip("@") for name in named - emails}
    approved = User.objects.filter(
        is_active=True, system=False, membership__status=Membership.Status.APPROVED
    )
    found = list(approved.filter(handle__in=handles)) if handles else []
    if emails:  # an address is looked up only among those the viewer may see already
        seen = access.visible(viewer, User).filter(pk__in=approved.values("pk"))
        found += list(seen.filter(Q(email__in=emails)).exclude(pk__in=[u.pk for u in found]))
    missing = sorted(f"@{handle}" for handle in handles - {user.handle for user in found}) + sorted(
        emails - {user.email.lower() for user in found}
    )
    if missing:
        raise ValidationError(
            {
                field: f"Not a member's handle: {', '.join(missing)}. Name members by their "
                "@handle, as the member directory shows it."
            }
        )
    return found


def named_organisations(names, *, field: str = "recipient_organisations") -> list[Organisation]:
    """The organisations named by their slugs (their @handles), or a ``ValidationError``."""
    if isinstance(names, str):
        names = names.split(",")
    slugs = {str(name).strip().lower().lstrip("@") for name in names if str(name).strip()}
    if len(slugs) > MAX_RECIPIENTS:
        raise ValidationError({field: f"At most {MAX_RECIPIENTS} organisations."})
    found = list(Organisation.objects.filter(slug__in=slugs, system=False))
    missing = sorted(slugs - {organisation.slug for organisation in found})
    if missing:
        raise ValidationError({field: f"No organisation is {', '.join(missing)}."})
    return found
