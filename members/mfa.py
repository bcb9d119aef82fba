"""Two-factor authentication for the roles that require it (``CSOA_MFA_REQUIRED_ROLES``).

A person in such a role may use a session only when it passed an authenticator in this
session: at login (allauth's MFA stage), when asked again (``mfa_reauthenticate``), or by
setting the authenticator up, which also proves they hold it. Any other session of theirs,
whatever door it came through, reaches only the pages that set up an authenticator or
ask for its code (and logging out), and gets a 403 that says so on the API. They may not
remove their authenticator. API tokens are not sessions and carry no MFA: they are for
partner systems, so the API refuses a token of a person in such a role (docs/operations.md).
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings

from .access import Viewer

NO_AUTHENTICATOR = "no_authenticator"
NOT_VERIFIED = "not_verified"

MESSAGES = {
    NO_AUTHENTICATOR: "Your role requires an authenticator app. Set one up at "
    "/accounts/2fa/totp/activate/ before using the platform or its API.",
    NOT_VERIFIED: "Your role requires an authenticator code in this session. Sign in again "
    "with your authenticator app before using the platform or its API.",
}


# What a session that owes MFA may still open, by URL name.
OPEN_UNTIL_PASSED = {
    NO_AUTHENTICATOR: frozenset({"account_logout", "account_reauthenticate", "mfa_activate_totp"}),
    NOT_VERIFIED: frozenset({"account_logout", "mfa_reauthenticate"}),
}
NO_TOKENS_FOR_MFA_ROLES = (
    "API tokens are for partner systems. Editors and staff use the API from a session that "
    "has passed their authenticator."
)


def mfa_required(viewer: Viewer) -> bool:
    return viewer.role in settings.CSOA_MFA_REQUIRED_ROLES


def session_passed_mfa(request, user) -> bool:
    """Whether this session's sign-in included an authenticator code (or its set-up)."""
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def mfa_shortfall(request) -> str | None:
    """What the signed-in session still owes before it may work: None when nothing,
    ``NO_AUTHENTICATOR`` when the person has none yet, ``NOT_VERIFIED`` when this session
    did not pass theirs."""
    user = request.user
    if not user.is_authenticated or not mfa_required(request.viewer):
        return None
    if session_passed_mfa(request, user):
        return None
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return NO_AUTHENTICATOR
    return NOT_VERIFIED


def record_setup(request, user, authenticator: Authenticator) -> None:
    """Setting up an authenticator asks for a code from it: the session has passed MFA."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type="totp", setup=True)
