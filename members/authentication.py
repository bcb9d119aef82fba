"""API authentication by token, for partner systems only."""

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import PermissionDenied

from .access import viewer_for
from .mfa import NO_TOKENS_FOR_MFA_ROLES, mfa_required


class PartnerTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``; a token of an editor's or staff account is refused
    (403): they see the most, and a token would carry none of their MFA."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if mfa_required(viewer_for(user)):
            raise PermissionDenied(NO_TOKENS_FOR_MFA_ROLES)
        return user, token
