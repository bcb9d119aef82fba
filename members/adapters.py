"""allauth adapters: the join form fills in the full name; pending members land on their
profile; editors and staff may not remove their authenticator."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter

from .access import viewer_for
from .mfa import mfa_required


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data.get("full_name", "")
        if commit:
            user.save()
        return user


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """A role that requires MFA keeps its authenticator: removing it would leave the
        account to whoever holds the password at the next login."""
        return not mfa_required(viewer_for(authenticator.user))
