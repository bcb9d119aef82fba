"""Every write of the members app: applying, vetting, roles, organisations, API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify

from kit.queue import enqueue
from kit.text import checked_text

from . import access
from .audit import audit_record
from .mfa import NO_TOKENS_FOR_MFA_ROLES, mfa_required
from .models import (
    ApiToken,
    AuditEvent,
    ContactMessage,
    DirectoryPart,
    Membership,
    Organisation,
    Role,
    User,
)
from .notifications.vetting import application_waiting


def organisation_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    email_domains: list[str] | None = None,
    verified: bool = False,
) -> Organisation:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "An organisation needs a name."})
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"An organisation called {name!r} already exists."})
    if kind not in Organisation.Kind.values:
        raise ValidationError({"kind": f"{kind!r} is not a kind of organisation."})
    base = slugify(name)[:180] or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name,
            slug=slug,
            kind=kind,
            email_domains=sorted({d.strip().lower() for d in email_domains or [] if d.strip()}),
            verified=verified,
        )
        audit_record(
            action=AuditEvent.Action.ORGANISATION_CREATED, actor=actor, target=organisation
        )
    return organisation


@transaction.atomic
def membership_apply(
    *,
    user: User,
    position: str,
    reason: str,
    organisation: Organisation | None = None,
    requested_organisation: str = "",
    requested_organisation_kind: str = "",
    request: HttpRequest | None = None,
) -> Membership:
    """Record an application to join; the account stays pending until it is vetted."""
    if (organisation is None) == (not requested_organisation.strip()):
        raise ValidationError("Choose your organisation, or name a new one (not both).")
    membership = Membership.objects.create(
        user=user,
        organisation=organisation,
        requested_organisation=requested_organisation.strip(),
        requested_organisation_kind=requested_organisation_kind,
        position=position,
        application_reason=reason,
    )
    audit_record(
        action=AuditEvent.Action.APPLICATION,
        actor=user,
        target=membership,
        request=request,
        detail={"organisation": membership.organisation_label},
    )
    return membership


def membership_application_confirmed(*, membership: Membership) -> None:
    """Once an applicant has proved their address, tell the people who can vet them."""
    if membership.status == Membership.Status.PENDING:
        enqueue("members.tasks.send_application_received", membership.pk)
        application_waiting(membership=membership)


def _decide(*, actor: User, membership_id: int, reason: str, needs_reason: bool) -> Membership:
    viewer = access.viewer_for(actor)
    try:
        membership = (
            access.vettable_memberships(viewer)
            .select_for_update(of=("self",))
            .get(pk=membership_id)
        )
    except Membership.DoesNotExist:
        raise PermissionDenied("That application is not one you can decide.") from None
    if needs_reason and not reason.strip():
        raise ValidationError({"reason": "Say why: the applicant is told."})
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.decision_reason = reason.strip()
    return membership


@transaction.atomic
def membership_approve(
    *,
    actor: User,
    membership_id: int,
    reason: str = "",
    organisation: Organisation | None = None,
    request: HttpRequest | None = None,
) -> Membership:
    """Approve an application. For a request to add a new organisation, staff either pick an
    existing organisation or the organisation is created from the request."""
    membership = _decide(
        actor=actor, membership_id=membership_id, reason=reason, needs_reason=False
    )
    if membership.organisation_id is None:
        membership.organisation = organisation or organisation_create(
            actor=actor,
            name=membership.requested_organisation,
            kind=membership.requested_organisation_kind or Organisation.Kind.SHIPPING_COMPANY,
            email_domains=[membership.user.email.rsplit("@", 1)[-1]],
        )
    membership.status = Membership.Status.APPROVED
    membership.save()
    audit_record(
        action=AuditEvent.Action.APPROVED,
        actor=actor,
        target=membership,
        request=request,
        detail={"organisation": membership.organisation.name, "reason": membership.decision_reason},
    )

    enqueue("members.tasks.send_vetting_decision", membership.pk)
    return membership


@transaction.atomic
def membership_reject(
    *, actor: User, membership_id: int, reason: str, request: HttpRequest | None = None
) -> Membership:
    membership = _decide(actor=actor, membership_id=membership_id, reason=reason, needs_reason=True)
    membership.status = Membership.Status.REJECTED
    membership.save()
    audit_record(
        action=AuditEvent.Action.REJECTED,
        actor=actor,
        target=membership,
        request=request,
        detail={"reason": membership.decision_reason},
    )

    enqueue("members.tasks.send_vetting_decision", membership.pk)
    return membership


@transaction.atomic
def membership_set_role(
    *,
    actor: User,
    membership_id: int,
    role: str,
    reason: str,
    request: HttpRequest | None = None,
) -> Membership:
    viewer = access.viewer_for(actor)
    membership = (
        Membership.objects.select_for_update().select_related("user").filter(pk=membership_id)
    ).first()
    if membership is None or not access.can_view(viewer, membership.user):
        raise PermissionDenied("No such member.")
    if role not in access.assignable_roles(viewer, membership):
        raise PermissionDenied("You may not give this member that role.")
    if not reason.strip():
        raise ValidationError({"reason": "Give a reason for the change of role."})
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    user = membership.user
    # Staff run the platform: the Django admin's permissions come with the role.
    user.is_staff = user.is_superuser = role == Role.STAFF
    user.save(update_fields=["is_staff", "is_superuser"])
    audit_record(
        action=AuditEvent.Action.ROLE_CHANGED,
        actor=actor,
        target=membership,
        request=request,
        detail={"from": old, "to": role, "reason": reason.strip()},
    )
    return membership


@transaction.atomic
def member_add(
    *,
    email: str,
    organisation_name: str,
    role: str,
    full_name: str = "",
    password: str | None = None,
) -> User:
    """An approved, email-verified account (operations and tests); makes the organisation
    when it does not exist yet."""
    if role not in Role.values:
        raise ValidationError({"role": f"{role!r} is not a role ({', '.join(Role.values)})."})
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": f"An account for {email} already exists."})
    organisation = Organisation.objects.filter(name__iexact=organisation_name.strip()).first()
    if organisation is None:
        organisation = organisation_create(
            actor=None,
            name=organisation_name,
            kind=Organisation.Kind.SHIPPING_COMPANY,
            email_domains=[email.rsplit("@", 1)[-1]],
            verified=True,
        )
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name or email.split("@")[0],
        is_staff=role == Role.STAFF,
        is_superuser=role == Role.STAFF,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Membership.objects.create(
        user=user,
        organisation=organisation,
        position="other",
        application_reason="Added by the platform's operators.",
        role=role,
        status=Membership.Status.APPROVED,
        decided_at=timezone.now(),
        decision_reason="Added by the platform's operators.",
    )
    audit_record(
        action=AuditEvent.Action.APPROVED,
        target=user.membership,
        detail={"organisation": organisation.name, "role": role, "via": "add_member"},
    )
    return user


TOKEN_DAYS = (30, 90, 365)  # how long a token may be issued for


def api_key_hash(key: str) -> str:
    """What is kept of a token's key: its SHA-256 (the key itself is in no table)."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_issue(
    *,
    user: User,
    name: str = "",
    scope: str = "read_write",
    parts: list[str] = (),
    days: int = 365,
    issued_by: User | None = None,
    request=None,
) -> str:
    """A new API token for the account, named, scoped and expiring; returns its key, shown
    this once (only its hash is kept). Tokens are for partner systems: a role that requires
    MFA gets none. The account's other tokens stay until revoked or expired."""

    if mfa_required(access.viewer_for(user)):
        raise ValidationError(NO_TOKENS_FOR_MFA_ROLES)
    name = checked_text(name or "API token", "name", length=100)
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": "Choose read only, or read and write."})
    parts = sorted(set(parts))
    if any(part not in ApiToken.Part.values for part in parts):
        raise ValidationError({"parts": "Choose parts of the API by their names."})
    if days not in TOKEN_DAYS:
        raise ValidationError({"days": f"Choose {', '.join(map(str, TOKEN_DAYS))} days."})
    key = secrets.token_urlsafe(30)  # 40 characters
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[:8],
        key_hash=api_key_hash(key),
        scope=scope,
        parts=parts,
        expires_at=timezone.now() + dt.timedelta(days=days),
        created_by=issued_by,
    )
    audit_record(
        action=AuditEvent.Action.API_TOKEN_ISSUED,
        actor=issued_by or user,
        target=user,
        request=request,
        detail={"token": token.pk, "name": name, "scope": scope, "parts": parts, "days": days},
    )
    return key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User, request=None) -> ApiToken:
    """The token stops working at once; kept, with who revoked it, for the record."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            action=AuditEvent.Action.API_TOKEN_REVOKED,
            actor=actor,
            target=token.user,
            request=request,
            detail={"token": token.pk, "name": token.name},
        )
    return token


@transaction.atomic
def contact_message_submit(
    *,
    name: str,
    email: str,
    subject: str,
    message: str,
    organisation: str = "",
    ip_address: str | None = None,
) -> ContactMessage:
    contact = ContactMessage.objects.create(
        name=name,
        email=email,
        organisation=organisation,
        subject=subject,
        message=message,
        ip_address=ip_address,
    )

    enqueue("members.tasks.send_contact_message", contact.pk)
    return contact


def directory_shows_set(*, user: User, parts: list[str]) -> User:
    """Choose what the members' directory shows of oneself beyond name and organisation."""
    unknown = set(parts) - set(DirectoryPart.values)
    if unknown:
        raise ValidationError({"shows": f"Unknown: {', '.join(sorted(unknown))}."})
    user.directory_shows = [part for part in DirectoryPart.values if part in parts]
    user.save(update_fields=["directory_shows"])
    return user
