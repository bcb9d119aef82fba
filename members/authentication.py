"""API authentication by token, for partner systems only: ``Authorization: Token <key>``.

A key is looked up by its hash (``members.models.ApiToken``); an expired or revoked one is
refused (401), so is a token of an editor's or staff account (403: they see the most, and a
token carries none of their MFA), a read-only token asked to write (403), and a token asked
for a part of the API it does not open (403). Every use is recorded (``ApiTokenUse``)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.permissions import SAFE_METHODS

from .access import viewer_for
from .audit import client_ip
from .mfa import NO_TOKENS_FOR_MFA_ROLES, mfa_required
from .models import ApiToken, ApiTokenUse
from .services import api_key_hash

KEYWORD = "Token"
# The part of the API a path is in, by its first segment under /api/v1/ (None: any token).
PART_OF = {
    "incidents": ApiToken.Part.INCIDENTS,
    "places": ApiToken.Part.INCIDENTS,
    "trends": ApiToken.Part.TRENDS,
    "chatter": ApiToken.Part.CHATTER,
    "groups": ApiToken.Part.GROUPS,
    "publications": ApiToken.Part.PUBLICATIONS,
    "notifications": ApiToken.Part.NOTIFICATIONS,
    "watches": ApiToken.Part.NOTIFICATIONS,
    "me": None,
}
LAST_USE_EVERY = 60  # seconds: how often "last used" is written


def _part(path: str) -> str | None:
    segment = path.removeprefix("/api/v1/").split("/", 1)[0]
    return PART_OF.get(segment, "")  # "" (an unknown part): only a token of every part


class PartnerTokenAuthentication(BaseAuthentication):
    def authenticate_header(self, request) -> str:
        return KEYWORD

    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != KEYWORD.lower().encode():
            return None
        if len(words) != 2:
            raise AuthenticationFailed("Send 'Authorization: Token <key>', the key alone.")
        try:
            key = words[1].decode("ascii")
        except UnicodeError:
            raise AuthenticationFailed("This is not a token.") from None
        token = ApiToken.objects.select_related("user").filter(key_hash=api_key_hash(key)).first()
        if token is None or not token.user.is_active:
            raise AuthenticationFailed("Invalid token.")
        self._record(request, token)  # every use, refused ones too
        if not token.active:
            raise AuthenticationFailed("This token has expired or was revoked.")
        viewer = viewer_for(token.user)
        if mfa_required(viewer):
            raise PermissionDenied(NO_TOKENS_FOR_MFA_ROLES)
        if request.method not in SAFE_METHODS and token.scope == ApiToken.Scope.READ:
            raise PermissionDenied("This token is read-only.")
        part = _part(request.path)
        if token.parts and part is not None and part not in token.parts:
            raise PermissionDenied("This token does not open this part of the API.")
        request._request.viewer = viewer  # the views' viewer: resolved once per request
        return token.user, token

    def _record(self, request, token: ApiToken) -> None:
        now = timezone.now()
        ApiTokenUse.objects.create(
            token=token,
            at=now,
            method=request.method[:10],
            path=request.path[:300],
            ip=client_ip(request._request),
        )
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > (
            LAST_USE_EVERY
        ):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema names the token: ``Authorization: Token <key>``."""

    target_class = "members.authentication.PartnerTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A partner token, sent as "Token <key>".',
        }
