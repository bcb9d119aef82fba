"""API authentication by token, for partner systems only."""

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import PermissionDenied

from .access import viewer_for
from .mfa import NO_TOKENS_FOR_MFA_ROLES, mfa_required


class PartnerTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``; a token of an editor's or staff account is refused
    (403): they see the most, and a token would carry none of their MFA."""

    def authenticate(self, request):
        answer = super().authenticate(request)
        if answer is None:
            return None
        viewer = viewer_for(answer[0])
        if mfa_required(viewer):
            raise PermissionDenied(NO_TOKENS_FOR_MFA_ROLES)
        request._request.viewer = viewer  # the views' viewer: resolved once per request
        return answer
