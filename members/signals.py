"""Audit receivers for authentication events, and the vetting notice after email verification."""

from allauth.account.signals import email_confirmed, password_changed, password_reset
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import audit_record
from .mfa import record_setup
from .models import AuditEvent, Membership
from .services import membership_application_confirmed


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(action=AuditEvent.Action.LOGIN, actor=user, target=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditEvent.Action.LOGOUT, actor=user, target=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    attempted = str(credentials.get("email") or credentials.get("username") or "")
    audit_record(
        action=AuditEvent.Action.LOGIN_FAILED,
        actor_email=attempted,
        request=request,
        detail={"email": attempted[:254]},
    )


@receiver(password_changed)
@receiver(password_reset)
def _password_changed(sender, request, user, **kwargs):
    audit_record(
        action=AuditEvent.Action.PASSWORD_CHANGED, actor=user, target=user, request=request
    )


@receiver(authenticator_added)
@receiver(authenticator_removed)
def _authenticator_changed(sender, request, user, authenticator, **kwargs):
    added = kwargs.get("signal") is authenticator_added
    audit_record(
        action=AuditEvent.Action.MFA_CHANGED,
        actor=user,
        target=user,
        request=request,
        detail={"type": authenticator.type, "change": "added" if added else "removed"},
    )
    if added:
        record_setup(request, user, authenticator)


@receiver(email_confirmed)
def _email_confirmed(sender, request, email_address, **kwargs):

    membership = Membership.objects.filter(user_id=email_address.user_id).first()
    if membership is not None:
        membership_application_confirmed(membership=membership)
