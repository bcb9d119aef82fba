"""Per-request viewer resolution, and the rule that editors and staff must use MFA."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from .access import viewer_for
from .mfa import MESSAGES, NO_AUTHENTICATOR, mfa_shortfall


class ViewerMiddleware:
    """Puts ``request.viewer`` (who is asking, for the access policy) on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(lambda: viewer_for(request.user))
        return self.get_response(request)


class RequireMFAMiddleware:
    """A signed-in editor or staff member whose session has not passed an authenticator
    gets nothing but the way to pass one: pages send them to set one up or to enter its
    code, the API answers 403 with the reason. Only the account pages stay open."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(self.ALLOWED_PREFIXES):
            return self.get_response(request)
        shortfall = mfa_shortfall(request)
        if shortfall is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": MESSAGES[shortfall], "code": shortfall}, status=403)
        if shortfall == NO_AUTHENTICATOR:
            return redirect(reverse("mfa_activate_totp") + "?required=1")
        return redirect(
            reverse("mfa_reauthenticate") + "?" + urlencode({"next": request.get_full_path()})
        )
