"""Per-request viewer resolution, and the rule that editors and staff must use MFA."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from .access import viewer_for
from .mfa import MESSAGES, NO_AUTHENTICATOR, OPEN_UNTIL_PASSED, mfa_shortfall


class ViewerMiddleware:
    """Puts ``request.viewer`` (who is asking, for the access policy) on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(lambda: viewer_for(request.user))
        response = self.get_response(request)
        user = getattr(request, "user", None)  # a partner's token puts its user here too
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            # What a signed-in reader is shown depends on who they are and may be restricted
            # (AMBER+STRICT, RED): no shared cache keeps it, nor does their device.
            response["Cache-Control"] = "private, no-store"
        return response


class RequireMFAMiddleware:
    """A signed-in editor or staff member whose session has not passed an authenticator
    gets nothing but the way to pass one: the pages that set one up or ask for its code
    (``mfa.OPEN_UNTIL_PASSED``), every other page sends them there, and the API answers 403
    with the reason."""

    ALLOWED_PREFIXES = ("/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(self.ALLOWED_PREFIXES):
            return None
        shortfall = mfa_shortfall(request)
        if shortfall is None or request.resolver_match.url_name in OPEN_UNTIL_PASSED[shortfall]:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": MESSAGES[shortfall], "code": shortfall}, status=403)
        if shortfall == NO_AUTHENTICATOR:
            return redirect(reverse("mfa_activate_totp") + "?required=1")
        return redirect(
            reverse("mfa_reauthenticate") + "?" + urlencode({"next": request.get_full_path()})
        )
