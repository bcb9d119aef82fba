"""Forms of the members app: joining, vetting decisions, role changes, contact."""

from __future__ import annotations

import time

from allauth.account.forms import SignupForm
from django import forms
from django.core import signing
from django.db import transaction

from . import selectors, services
from .models import DirectoryPart, Organisation, Position, Role


class JoinForm(SignupForm):
    """Join now: the allauth sign-up form with what vetting needs."""

    full_name = forms.CharField(label="Full name", max_length=150)
    position = forms.ChoiceField(choices=Position.choices)
    organisation = forms.ModelChoiceField(
        label="Company or organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="My organisation is not listed",
    )
    new_organisation = forms.CharField(
        label="Name of your organisation (if not listed)", max_length=200, required=False
    )
    new_organisation_kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=[("", "---------"), *Organisation.Kind.choices],
        required=False,
    )
    reason = forms.CharField(
        label="Why do you want to join?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Your role in your company's security and what you hope to share or learn.",
    )

    field_order = [
        "full_name",
        "email",
        "position",
        "organisation",
        "new_organisation",
        "new_organisation_kind",
        "reason",
        "password1",
        "password2",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations_open_for_joining()

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        new_name = (cleaned.get("new_organisation") or "").strip()
        if organisation is None and not new_name:
            self.add_error("organisation", "Choose your organisation, or name it below.")
        elif organisation is not None and new_name:
            self.add_error("new_organisation", "Either choose an organisation or name a new one.")
        elif new_name:
            if Organisation.objects.filter(name__iexact=new_name).exists():
                self.add_error(
                    "new_organisation",
                    "That organisation is already on the platform: choose it from the list.",
                )
            if not cleaned.get("new_organisation_kind"):
                self.add_error("new_organisation_kind", "Say what kind of organisation it is.")
        return cleaned

    @transaction.atomic
    def save(self, request):
        user = super().save(request)
        services.membership_apply(
            user=user,
            position=self.cleaned_data["position"],
            reason=self.cleaned_data["reason"],
            organisation=self.cleaned_data.get("organisation"),
            requested_organisation=self.cleaned_data.get("new_organisation") or "",
            requested_organisation_kind=self.cleaned_data.get("new_organisation_kind") or "",
            request=request,
        )
        return user


class VettingDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("reject", "Reject")], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you reject: the applicant is told it. Optional when you approve.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why you reject: the applicant is told.")
        return data

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Create the organisation the applicant named",
        help_text="Only for applicants whose organisation is not yet on the platform.",
    )

    def __init__(self, *args, asks_for_new_organisation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if asks_for_new_organisation:
            self.fields["organisation"].queryset = Organisation.objects.all()
        else:
            del self.fields["organisation"]


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    reason = forms.CharField(max_length=500)

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]


class ContactForm(forms.Form):
    """The public contact form, with a honeypot field and a signed time stamp against bots."""

    MIN_SECONDS = 3
    MAX_SECONDS = 60 * 60 * 6

    name = forms.CharField(max_length=150)
    email = forms.EmailField()
    organisation = forms.CharField(max_length=200, required=False)
    subject = forms.CharField(max_length=200)
    message = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    # Humans never see this field; robots fill it in.
    website = forms.CharField(required=False, label="Leave this empty")
    started = forms.CharField(widget=forms.HiddenInput)

    signer = signing.Signer(salt="contact-form")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = self.signer.sign(str(int(time.time())))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("Leave this field empty.")
        return ""

    def clean_started(self):
        token = self.cleaned_data["started"]
        try:
            started = int(self.signer.unsign(token))
        except (signing.BadSignature, ValueError):
            raise forms.ValidationError("This form was not sent from our page.") from None
        elapsed = time.time() - started
        if elapsed > self.MAX_SECONDS:
            raise forms.ValidationError("This form has expired: please send it again.")
        if elapsed < self.MIN_SECONDS:
            raise forms.ValidationError("That was quick: please read it over and send it again.")
        return token


class DirectoryForm(forms.Form):
    shows = forms.MultipleChoiceField(
        choices=DirectoryPart.choices, required=False, widget=forms.CheckboxSelectMultiple,
        label="Beyond your name and organisation, the members' directory shows",
    )  # fmt: skip
