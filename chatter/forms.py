"""The forms of CSO Chatter: a new thread, a reply, an edit."""

from __future__ import annotations

from django import forms

from groups import selectors as group_selectors
from groups.models import Group
from incidents.ports import port_by_code
from kit.geography import Region
from kit.markdown import MAX_LENGTH
from members.access import TLP
from members.forms import members_named
from members.models import Organisation

from .models import Flag, Topic

BODY_HELP = (
    "Markdown: **bold**, *italic*, [a link](https://…), lists, > quotes, `code`. Name an "
    "incident (CSOA-2019-0001) or a port (NGLOS-ANCH) and each reader who may see it gets a "
    "card of it."
)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=BODY_HELP,
    )
    # A key the page makes once per reply: the same reply sent twice is made once.
    once = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def clean_once(self):
        key = self.cleaned_data["once"].strip()
        if key and not all(c.isalnum() or c in "-_" for c in key):
            raise forms.ValidationError("The form was damaged; reload the page.")
        return key


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why should this post not be here?",
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="A note for the editors",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for \u201csomething else\u201d; only the editors read it.",
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("agree", "Hide the post"), ("disagree", "Leave it")])
    reason = forms.CharField(
        label="Why it is hidden (its author reads this)", max_length=300, required=False
    )


class ThreadForm(forms.Form):
    title = forms.CharField(max_length=200)
    topic = forms.ChoiceField(choices=Topic.choices, initial=Topic.DISCUSSION)
    tlp = forms.ChoiceField(label="TLP marking", initial=TLP.GREEN)
    body = forms.CharField(
        label="First post",
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=BODY_HELP,
    )
    region = forms.ChoiceField(choices=[("", "No region"), *Region.choices], required=False)
    port = forms.CharField(
        label="Port or anchorage", max_length=20, required=False, help_text="Its code: NGLOS-ANCH"
    )
    incidents = forms.CharField(
        label="Incidents it is about",
        max_length=500,
        required=False,
        help_text="References, separated by commas: CSOA-2019-0001, CSOA-2019-0002",
    )
    share_with = forms.ModelMultipleChoiceField(
        label="Shared with (TLP:AMBER)",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="Under TLP:AMBER the thread is your organisation's and the editors', and "
        "these organisations'.",
    )
    share_with_groups = forms.ModelMultipleChoiceField(
        label="Shared with groups (TLP:AMBER)",
        queryset=Group.objects.none(),
        required=False,
        help_text="Under TLP:AMBER the members of these groups see it too.",
    )
    recipients = forms.CharField(
        label="With (TLP:RED)",
        max_length=2000,
        required=False,
        help_text="The @handles of the members a private conversation is with, as the member "
        "directory shows them (or a colleague's email address), separated by commas.",
    )
    recipient_groups = forms.ModelMultipleChoiceField(
        label="With groups (TLP:RED)",
        queryset=Group.objects.none(),
        required=False,
        help_text="A private conversation with everyone in these groups.",
    )

    def __init__(self, *args, viewer, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        shareable = group_selectors.shareable(viewer)
        self.fields["share_with_groups"].queryset = shareable
        self.fields["recipient_groups"].queryset = shareable
        if group is not None:  # a group's thread: its marking says who beyond the group
            self.fields["tlp"].initial = TLP.AMBER
            self.fields[
                "share_with_groups"
            ].help_text = f"Under TLP:AMBER it is shared with {group.name}; name other groups here."
        markings = [(v, label) for v, label in TLP.choices if v != TLP.CLEAR]
        if viewer.is_editor or viewer.is_staff:
            markings = list(TLP.choices)
        self.fields["tlp"].choices = markings
        self.fields["share_with"].queryset = Organisation.objects.filter(
            verified=True, system=False
        ).exclude(pk=viewer.organisation_id)

    def clean_port(self):

        code = self.cleaned_data["port"].strip()
        if not code:
            return None
        place = port_by_code(code)
        if place is None:
            raise forms.ValidationError("No port or anchorage has this code.")
        return place

    def clean_incidents(self):
        return [r.strip().upper() for r in self.cleaned_data["incidents"].split(",") if r.strip()]

    def clean_recipients(self):
        return members_named(self.viewer, self.cleaned_data["recipients"])


class PollForm(forms.Form):
    question = forms.CharField(max_length=300, help_text="What you ask: 'Do you agree?'")
    options = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2400,
        help_text="One option a line: from 2 to 10.",
    )
    multiple = forms.BooleanField(required=False, label="Voters may choose several options")
    closes_at = forms.DateTimeField(
        required=False,
        label="Closes (UTC)",
        help_text="Leave empty to keep it open.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def clean_options(self):
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]


class BriefingForm(forms.Form):
    advisories = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    decision = forms.ChoiceField(
        choices=[("consolidate", "Post the briefing"), ("dismiss", "Dismiss the chosen")]
    )
    title = forms.CharField(max_length=200, required=False)
    body = forms.CharField(
        label="What it means",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        required=False,
        help_text="The briefing in a few lines; the sources are listed after it.",
    )
    tlp = forms.ChoiceField(
        label="TLP marking",
        initial=TLP.GREEN,
        required=False,
        choices=[(v, label) for v, label in TLP.choices if v in ("clear", "green")],
        help_text="Never less strict than the strictest advisory.",
    )

    def __init__(self, *args, drafts, **kwargs):
        super().__init__(*args, **kwargs)
        self.drafts = {str(d.pk): d for d in drafts}
        self.fields["advisories"].choices = [(pk, d.title) for pk, d in self.drafts.items()]

    def clean_advisories(self):
        return [self.drafts[pk] for pk in self.cleaned_data["advisories"]]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "consolidate":
            for name in ("title", "body"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, "Needed for the briefing.")
        return data
