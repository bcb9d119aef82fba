"""The mail the members app sends about accounts: new applications to vetters, decisions to
applicants, contact messages to staff."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from . import access
from .models import ContactMessage, Membership, Role, User


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(template: str, context: dict, recipients: list[str]) -> int:
    if not recipients:
        return 0
    context = {**context, "site_url": settings.SITE_URL}
    subject = render_to_string(f"members/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"members/email/{template}.txt", context)
    return send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


def _staff():
    return User.objects.filter(is_active=True).filter(
        Q(membership__role=Role.STAFF, membership__status=Membership.Status.APPROVED)
        | Q(is_superuser=True)
    )


def _staff_emails() -> list[str]:
    return sorted(set(_staff().values_list("email", flat=True)))


def vetters_of(membership: Membership) -> list[User]:
    """Who should hear of this application: the organisation's admins when they may vet it,
    otherwise the platform's staff."""
    admins = list(
        User.objects.filter(
            is_active=True,
            membership__organisation_id=membership.organisation_id,
            membership__role=Role.ORG_ADMIN,
            membership__status=Membership.Status.APPROVED,
        )
    )
    # Whether an admin may vet depends on the organisation, not on the admin: ask once.
    if admins and (
        access.vettable_memberships(access.viewer_for(admins[0])).filter(pk=membership.pk).exists()
    ):
        return admins
    return list(_staff())


def notify_application_received(membership_id: int) -> int:
    membership = Membership.objects.select_related("user", "organisation").get(pk=membership_id)
    if membership.status != Membership.Status.PENDING:
        return 0
    context = {
        "membership": membership,
        "url": _absolute(reverse("members:vetting_decide", args=[membership.pk])),
    }
    return _send("application_received", context, sorted({u.email for u in vetters_of(membership)}))


def notify_vetting_decision(membership_id: int) -> int:
    membership = Membership.objects.select_related("user", "organisation").get(pk=membership_id)
    if membership.status == Membership.Status.PENDING:
        return 0
    context = {"membership": membership, "login_url": _absolute(reverse("account_login"))}
    return _send("vetting_decision", context, [membership.user.email])


def notify_contact_message(message_id: int) -> int:
    message = ContactMessage.objects.get(pk=message_id)
    return _send("contact_message", {"message": message}, _staff_emails())
