"""Partner systems' API tokens in the platform: an organisation's admins issue them to their
organisation's members' accounts and revoke them, from a session that passed their
authenticator; each token shows its scope, expiry and last use. The key is shown once,
in the answer to issuing it, and kept nowhere (not even in a message of the session)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kit.web import add_errors, render_form

from . import services
from .access import RULES, Rule, Viewer, get_visible_or_404, visible
from .mfa import session_passed_mfa
from .models import ApiToken, ApiTokenUse, Membership, Role, User


def may_issue(viewer: Viewer) -> bool:
    """An organisation's admins issue and revoke its members' tokens."""
    return viewer.approved and viewer.role == Role.ORG_ADMIN


def _token_rule(viewer: Viewer) -> Q:
    """A person's own tokens; an organisation admin's, every token of their organisation's
    accounts."""
    if not viewer.is_authenticated:
        return Q(pk__in=[])
    mine = Q(user_id=viewer.user_id)
    if may_issue(viewer):
        mine |= Q(user__membership__organisation_id=viewer.organisation_id)
    return mine


def _use_rule(viewer: Viewer) -> Q:
    return Q(token__in=visible(viewer, ApiToken).values("pk"))


RULES.add(Rule(ApiToken, _token_rule))
RULES.add(Rule(ApiTokenUse, _use_rule, parent="token"))


def holders(viewer: Viewer):
    """The accounts an admin may issue a token to: their organisation's approved members who
    are not editors or staff (whose roles take no tokens)."""
    return (
        visible(viewer, User)
        .filter(
            is_active=True,
            membership__organisation_id=viewer.organisation_id,
            membership__status=Membership.Status.APPROVED,
            membership__role__in=[Role.MEMBER, Role.ORG_ADMIN],
        )
        .order_by("full_name", "email")
    )


class TokenForm(forms.Form):
    holder = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Account",
        help_text="The account the partner system acts as: it sees what this account may.",
    )
    name = forms.CharField(max_length=100, help_text="What uses it, e.g. 'Fleet tracker'.")
    scope = forms.ChoiceField(choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
    parts = forms.MultipleChoiceField(
        choices=ApiToken.Part.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Parts of the API",
        help_text="None chosen: every part.",
    )
    days = forms.TypedChoiceField(
        choices=[(d, f"{d} days") for d in services.TOKEN_DAYS],
        coerce=int,
        initial=90,
        label="Expires after",
    )

    def __init__(self, *args, viewer: Viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = holders(viewer)


def _guard(request) -> None:
    if not may_issue(request.viewer):
        raise Http404


def _mfa_passed(request) -> bool:
    return session_passed_mfa(request, request.user)


@login_required
def tokens(request):
    """The organisation's tokens, and a form to issue one (with MFA)."""
    _guard(request)
    viewer = request.viewer
    form = TokenForm(request.POST or None, viewer=viewer)
    issued = None
    if request.method == "POST":
        if not _mfa_passed(request):
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                issued = services.api_token_issue(
                    user=data["holder"],
                    name=data["name"],
                    scope=data["scope"],
                    parts=data["parts"],
                    days=data["days"],
                    issued_by=request.user,
                    request=request,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                form = TokenForm(viewer=viewer)
    listed = visible(viewer, ApiToken).select_related("user", "created_by", "revoked_by")
    context = {
        "tokens": list(listed.filter(user__membership__organisation_id=viewer.organisation_id)),
        "form": form,
        "issued": issued,
        "mfa_passed": _mfa_passed(request),
        "has_authenticator": Authenticator.objects.filter(user=request.user).exists(),
        "mfa_url": reverse("mfa_reauthenticate") + "?next=" + reverse("members:tokens"),
        "mfa_activate_url": reverse("mfa_activate_totp"),
    }
    if issued:  # the key is in this answer alone: issued, so 200
        response = render(request, "members/tokens.html", context)
    else:
        response = render_form(request, "members/tokens.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def token_revoke(request, pk: int):
    _guard(request)
    if not _mfa_passed(request):
        raise Http404
    token = get_visible_or_404(request.viewer, ApiToken, pk=pk)
    services.api_token_revoke(token=token, actor=request.user, request=request)
    messages.success(request, f"“{token.name}” is revoked: it stopped working at once.")
    return redirect("members:tokens")
