"""The platform's admin site.

The admin has no login of its own: its login page sends people to the site's (allauth:
rate limits, then the authenticator code), and it opens only for staff whose session
passed MFA.
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from members.mfa import session_passed_mfa


class PlatformAdminSite(admin.AdminSite):
    site_header = "CSOA platform administration"
    site_title = "CSOA administration"

    def has_permission(self, request) -> bool:
        return (
            super().has_permission(request)
            and request.viewer.is_staff
            and session_passed_mfa(request, request.user)
        )

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()})
        if not (safe and next_url.startswith("/")):
            next_url = reverse("admin:index")
        if not request.user.is_authenticated:
            return redirect_to_login(next_url, login_url=reverse("account_login"))
        if not self.has_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(next_url)
