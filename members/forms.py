"""Forms of the members app: joining, vetting decisions, role changes, contact."""

from __future__ import annotations

import time

from allauth.account.forms import SignupForm
from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction

from . import selectors, services
from .models import DirectoryPart, Organisation, Position, Role


class JoinForm(SignupForm):
    """Join now: the allauth sign-up form with what vetting needs. The applicant names their
    company; the form finds it on the platform by their work address's domain or by its name
    (``selectors.organisation_matching``), or asks for it to be added. No list of member
    organisations is shown, and the answer is the same whether it was found or not."""

    full_name = forms.CharField(label="Full name", max_length=150)
    position = forms.ChoiceField(choices=Position.choices)
    company = forms.CharField(
        label="Company or organisation",
        max_length=200,
        help_text="As you would write it. With your work email we find it on the platform, "
        "or the CSOA team adds it.",
    )
    company_kind = forms.ChoiceField(
        label="Kind of organisation", choices=[("", "---------"), *Organisation.Kind.choices]
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
        "company",
        "company_kind",
        "reason",
        "password1",
        "password2",
    ]

    def clean(self):
        cleaned = super().clean()
        company = (cleaned.get("company") or "").strip()
        if "company" in cleaned and not any(char.isalnum() for char in company):
            self.add_error("company", "Name your company or organisation.")
            company = ""
        cleaned["organisation"] = (
            selectors.organisation_matching(company, cleaned.get("email") or "")
            if company
            else None
        )
        cleaned["company"] = company
        return cleaned

    @transaction.atomic
    def save(self, request):
        user = super().save(request)
        found = self.cleaned_data["organisation"]
        services.membership_apply(
            user=user,
            position=self.cleaned_data["position"],
            reason=self.cleaned_data["reason"],
            organisation=found,
            requested_organisation="" if found else self.cleaned_data["company"],
            requested_organisation_kind="" if found else self.cleaned_data["company_kind"],
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
        choices=DirectoryPart.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Beyond your name and organisation, the members' directory shows",
    )


def members_named(viewer, names, *, field: str = "recipients") -> list:
    """``selectors.named_members`` for a form's ``clean_<field>``: its refusal as the field's
    own error (the way every form names people, saying nothing of registered addresses)."""
    try:
        return selectors.named_members(viewer, names, field=field)
    except ValidationError as error:
        raise forms.ValidationError(error.message_dict[field]) from None


def organisations_named(names, *, field: str = "recipient_organisations") -> list:
    """``selectors.named_organisations`` for a form's ``clean_<field>``."""
    try:
        return selectors.named_organisations(names, field=field)
    except ValidationError as error:
        raise forms.ValidationError(error.message_dict[field]) from None
