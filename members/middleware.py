"""Per-request viewer resolution, and the rule that editors and staff must use MFA."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .access import viewer_for


class ViewerMiddleware:
    """Puts ``request.viewer`` (who is asking, for the access policy) on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(lambda: viewer_for(request.user))
        return self.get_response(request)


class RequireMFAMiddleware:
    """Sends editors and staff without an authenticator app to set one up first."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and request.viewer.role in settings.CSOA_MFA_REQUIRED_ROLES
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect(reverse("mfa_activate_totp") + "?required=1")
        return self.get_response(request)
