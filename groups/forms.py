from __future__ import annotations

from django import forms

from members.access import TLP, visible
from members.forms import members_named
from members.models import Level, Organisation

from . import access, selectors
from .models import FILE_TLP_CHOICES, Collection, Group, GroupRole, JoinPolicy, Visibility


class GroupForm(forms.Form):
    name = forms.CharField(max_length=100)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text="What the group is for, and who should join.",
    )
    join_policy = forms.ChoiceField(
        label="How people join", choices=JoinPolicy.choices, initial=JoinPolicy.REQUEST
    )
    visibility = forms.ChoiceField(choices=Visibility.choices, initial=Visibility.LISTED)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        help_text="The reporting centre, navy, authority or industry body it is of.",
    )
    contact = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        label="How to reach its watch",
    )

    def __init__(self, *args, viewer, collection: str, **kwargs):
        super().__init__(*args, **kwargs)
        if collection == Collection.MILITARY:
            self.fields["organisation"].queryset = visible(viewer, Organisation).filter(
                kind__in=access.MILITARY_INDUSTRY_KINDS
            )
            self.fields["organisation"].required = True
        else:
            del self.fields["organisation"]
            del self.fields["contact"]


class SettingsForm(forms.Form):
    description = GroupForm.base_fields["description"]
    join_policy = GroupForm.base_fields["join_policy"]
    visibility = GroupForm.base_fields["visibility"]
    contact = GroupForm.base_fields["contact"]


JOIN_WATCH = [
    (str(Level.FIRST_POST), "Tell me of its new threads"),
    (str(Level.WATCHING), "Tell me of every post"),
    (str(Level.NORMAL), "Tell me of nothing (I will look)"),
]


class JoinForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        label="Why you would like to join",
        help_text="The group's owners read it.",
    )
    watch = forms.TypedChoiceField(
        choices=JOIN_WATCH,
        coerce=int,
        initial=str(Level.FIRST_POST),
        required=False,
        empty_value=Level.FIRST_POST,
        label="Once you are in",
        help_text="In the bell, and by mail as your settings say. Change it on the group's page.",
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    reason = forms.CharField(max_length=2000, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=2000, label="Why")


class InviteForm(forms.Form):
    who = forms.CharField(
        max_length=254,
        label="Invite",
        help_text="A member's @handle, as the member directory shows it.",
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer

    def clean_who(self):
        # By @handle, as the directory shows it (or a colleague's address): the answer never
        # tells whether an address is registered.
        [user] = members_named(self.viewer, [self.cleaned_data["who"]], field="who")
        return user


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        choices=[(GroupRole.MODERATOR, "Moderator"), (GroupRole.MEMBER, "Member")]
    )


class OrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(verified=True, system=False),
        to_field_name="slug",
        empty_label="Choose an organisation",
        error_messages={"invalid_choice": "Choose one of the member organisations."},
    )


class PinForm(forms.Form):
    group = forms.ModelChoiceField(
        queryset=Group.objects.none(),
        to_field_name="slug",
        label="Pin it to",
        empty_label="Choose one of your groups",
    )
    title = forms.CharField(max_length=200)
    link = forms.CharField(max_length=500, widget=forms.HiddenInput)
    findings = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
        help_text="What the figures say, as the page found it; edit it as you like.",
    )
    tlp = forms.ChoiceField(
        label="TLP marking",
        choices=[(v, label) for v, label in TLP.choices if v in ("green", "amber", "amber_strict")],
        initial="green",
        help_text="At least as strict as what the figures count; TLP:AMBER shares it with "
        "the group.",
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["group"].queryset = selectors.listed(viewer, mine=True).filter(archived_at=None)


class FileForm(forms.Form):
    file = forms.FileField(
        help_text="A PDF document, a photo (JPEG, PNG, WebP) or a video (MP4, WebM).",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp,.mp4,.webm"}),
    )
    title = forms.CharField(
        max_length=200, required=False, help_text="What it is; the file's name if left empty."
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        required=False,
        help_text="A line for the group: its source, why it matters.",
    )
    tlp = forms.ChoiceField(
        label="TLP marking",
        choices=FILE_TLP_CHOICES,
        initial="amber",
        help_text="TLP:AMBER shares it with the group (and your organisation); TLP:RED with "
        "the group's members only; TLP:AMBER+STRICT only with your organisation's members.",
    )
    also = forms.ModelMultipleChoiceField(
        queryset=Group.objects.none(),
        to_field_name="slug",
        required=False,
        label="Also share with",
        widget=forms.CheckboxSelectMultiple,
        help_text="Other groups you are in (TLP:AMBER only).",
    )

    def __init__(self, *args, viewer, group, **kwargs):
        super().__init__(*args, **kwargs)

        others = selectors.shareable(viewer).exclude(pk=group.pk)
        if others.exists():
            self.fields["also"].queryset = others
        else:
            del self.fields["also"]
