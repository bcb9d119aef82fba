"""Forms for reporting, changing and verifying incidents, and adding updates."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model
from django.http import QueryDict

from groups import selectors as group_selectors
from groups.models import Group
from members.access import TLP
from members.forms import members_named, organisations_named

from .filters import IncidentFilter
from .listing import Order
from .models import (
    Category,
    FoiledBy,
    Incident,
    InformationCredibility,
    SavedSearch,
    SourceReliability,
    Status,
    Target,
    Weapon,
)
from .ports import port_by_code
from .services import CREW_FACTS, REPORTED_FACTS, TRANSITIONS
from .validation import clean_imo, validate_country_code

CHOICE_ARRAYS = {"foiled_by": FoiledBy, "weapons": Weapon, "targets": Target}
ACCEPT = "image/jpeg,image/png,image/webp,video/mp4,video/webm,application/pdf"
FILES_HELP = (
    f"JPEG, PNG, WebP, MP4, WebM or PDF; up to {settings.ATTACHMENTS_PER_UPDATE} files. "
    "Photos are shown without their metadata (EXIF, GPS); the original is kept."
)
FACT_FIELDS = (
    "occurred_on",
    "occurred_time",
    "latitude",
    "longitude",
    *REPORTED_FACTS,
    "vessel_imo",
)


def _fact_fields() -> dict[str, forms.Field]:
    fields = fields_for_model(Incident, fields=[f for f in FACT_FIELDS if f not in CHOICE_ARRAYS])
    for name, choices in CHOICE_ARRAYS.items():
        fields[name] = forms.MultipleChoiceField(
            choices=choices.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=Incident._meta.get_field(name).verbose_name.capitalize(),
        )
    fields["occurred_on"].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    fields["occurred_time"].widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    fields["occurred_time"].help_text = "Local time there. Leave empty when it is not known."
    for name in ("latitude", "longitude"):
        fields[name].required = False
        fields[name].widget = forms.NumberInput(attrs={"step": "any"})
    fields["latitude"].help_text = "Decimal degrees, north positive. Or click the map."
    fields["longitude"].help_text = "Decimal degrees, east positive."
    fields["vessel_flag"] = CountryCodeField(
        label=fields["vessel_flag"].label, required=False, help_text="Two letters, e.g. PA."
    )
    fields["vessel_imo"].help_text = "Seven digits; the last is a check digit."
    fields["description"].widget = forms.Textarea(attrs={"rows": 6})
    fields["stolen"].widget = forms.Textarea(attrs={"rows": 2})
    return fields


class CountryCodeField(forms.CharField):
    """An ISO 3166-1 alpha-2 code, in either case."""

    default_validators = [validate_country_code]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2)
        super().__init__(**kwargs)
        self.widget.attrs.update({"placeholder": "e.g. PA", "autocapitalize": "characters"})

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class PortCodeField(forms.CharField):
    """A port or anchorage by its code, picked from a searchable list."""

    def clean(self, value):
        code = super().clean(value).strip().upper()
        if not code:
            return None
        port = port_by_code(code)
        if port is None:
            raise forms.ValidationError(f"{code!r} is not a port or anchorage we know.")
        return port


class FactsForm(forms.Form):
    """The facts of an incident; the position or a port is required."""

    port = PortCodeField(
        required=False,
        max_length=12,
        label="Port or anchorage",
        help_text="Type a name or UN/LOCODE. Without a position, the incident is placed there.",
        widget=forms.TextInput(attrs={"list": "port-list", "autocomplete": "off"}),
    )
    position_confirmed = forms.BooleanField(
        required=False,
        widget=forms.HiddenInput,
        label="The position is right",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_fact_fields())
        self.order_fields(["occurred_on", "occurred_time", "port", "latitude", "longitude"])

    def clean_vessel_imo(self):
        try:
            return clean_imo(self.cleaned_data["vessel_imo"])
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["vessel_imo"]) from None

    def clean(self):
        data = super().clean()
        has_position = data.get("latitude") is not None or data.get("longitude") is not None
        if not has_position and not data.get("port") and not self.errors:
            raise forms.ValidationError("Give the position, or choose the port or anchorage.")
        return data

    GROUPS = (
        ("Where and when", ("occurred_on", "occurred_time", "port", "latitude", "longitude")),
        (
            "What happened",
            ("category", "outcome", "foiled_by", "perpetrators", "weapons", "targets", "stolen"),
        ),
        ("The crew", CREW_FACTS),
        (
            "The vessel",
            ("vessel_name", "vessel_imo", "vessel_type", "vessel_flag", "vessel_status"),
        ),
        ("In words", ("description",)),
    )

    def groups(self):
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]

    def ask_to_confirm_position(self):
        self.fields["position_confirmed"].widget = forms.CheckboxInput()
        self.fields["position_confirmed"].label = "The position is right: record it as given"


RED_HELP = (
    "Under TLP:RED only you and those you name here see the report: nobody else, staff and "
    "editors included. Editors verify it only if you name them."
)


class ReportForm(FactsForm):
    tlp = forms.ChoiceField(
        choices=TLP.choices,
        initial=TLP.GREEN,
        label="TLP marking",
        help_text="Who may see the report. GREEN: every approved member of the community. "
        "AMBER: your organisation, the editors and those you share it with. AMBER+STRICT: your "
        "organisation alone. RED: only the people, organisations and groups you name below.",
    )
    to_editors = forms.BooleanField(
        required=False,
        label="The CSOA editors, so that they can verify it (TLP:RED)",
        help_text="Without them the report stays unverified: editors verify only what they see.",
    )
    recipients = forms.CharField(
        label="People (TLP:RED)",
        max_length=2000,
        required=False,
        help_text="Their @handles, as the member directory shows them, separated by commas.",
    )
    recipient_organisations = forms.CharField(
        label="Organisations (TLP:RED)",
        max_length=2000,
        required=False,
        help_text="Every approved member of these organisations: their @handles, separated by "
        "commas.",
    )
    recipient_groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.none(),
        required=False,
        label="Groups (TLP:RED)",
        help_text="Everyone in these groups of yours.",
    )
    anonymous = forms.BooleanField(
        required=False,
        label="Report anonymously",
        help_text="Other members see 'a member' instead of you and your organisation.",
    )
    not_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)
    shared_with_groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.none(),
        required=False,
        label="Shared with groups (TLP:AMBER)",
        help_text="Under TLP:AMBER the members of these groups see it too.",
    )

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        if viewer is not None:
            self.fields["shared_with_groups"].queryset = group_selectors.shareable(viewer)
            self.fields["recipient_groups"].queryset = group_selectors.shareable(viewer)
        self.fields["category"].initial = Category.BOARDED
        self.fields["files"] = MultipleFileField(
            required=False,
            label="Photos, video or documents",
            help_text=FILES_HELP,
        )

    def clean_recipients(self):
        return members_named(self.viewer, self.cleaned_data["recipients"])

    def clean_recipient_organisations(self):
        return organisations_named(self.cleaned_data["recipient_organisations"])

    def ask_if_duplicate(self):
        self.fields["not_duplicate"].widget = forms.CheckboxInput()
        self.fields["not_duplicate"].label = "This is a different incident: report it"


class ChangeFactsForm(FactsForm):
    tlp = forms.ChoiceField(choices=TLP.choices, label="TLP marking")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="Why the facts change. Shown on the incident's timeline with the change.",
    )

    @classmethod
    def initial_for(cls, incident: Incident) -> dict:
        initial = {name: getattr(incident, name) for name in FACT_FIELDS}
        initial["tlp"] = incident.tlp
        initial["port"] = incident.port.code if incident.port_id else ""
        return initial

    def changes(self) -> dict:
        changes = {}
        for name in self.changed_data:
            if name in ("reason", "position_confirmed"):
                continue
            changes[name] = self.cleaned_data[name]
        return changes


class VerifyForm(forms.Form):
    """Verification status, Admiralty grading and significance: editors only."""

    status = forms.ChoiceField(choices=Status.choices)
    source_reliability = forms.ChoiceField(
        choices=[("", "Not graded"), *SourceReliability.choices], required=False
    )
    information_credibility = forms.TypedChoiceField(
        choices=[("", "Not graded"), *InformationCredibility.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    significance = forms.TypedChoiceField(
        choices=[
            ("", "As suggested from the facts"),
            ("1", "CAT 1: very significant"),
            ("2", "CAT 2: significant"),
            ("3", "CAT 3: less significant"),
            ("4", "CAT 4: least significant"),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, incident: Incident, **kwargs):
        self.incident = incident
        kwargs.setdefault(
            "initial",
            {
                "status": incident.status,
                "source_reliability": incident.source_reliability,
                "information_credibility": incident.information_credibility,
                "significance": incident.significance if incident.significance_overridden else "",
            },
        )
        super().__init__(*args, **kwargs)
        allowed = {incident.status, *TRANSITIONS[incident.status]}
        self.fields["status"].choices = [c for c in Status.choices if c[0] in allowed]

    def changes(self) -> dict:
        data = self.cleaned_data
        changes = {}
        if data["status"] != self.incident.status:
            changes["status"] = data["status"]
        if data["source_reliability"] != self.incident.source_reliability:
            changes["source_reliability"] = data["source_reliability"]
        if data["information_credibility"] != self.incident.information_credibility:
            changes["information_credibility"] = data["information_credibility"]
        overridden = self.incident.significance if self.incident.significance_overridden else None
        if data["significance"] != overridden:
            changes["significance"] = data["significance"]
        return changes


class UpdateForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        required=False,
        label="Update",
    )
    files = MultipleFileField(
        required=False,
        label="Photos, video or documents",
        help_text=FILES_HELP,
    )
    tlp = forms.ChoiceField(choices=TLP.choices, label="TLP marking")

    def __init__(self, *args, markings: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tlp"].choices = [c for c in TLP.choices if c[0] in markings]
        self.fields["tlp"].initial = markings[0]
        self.fields["tlp"].help_text = "Never less strict than the incident's own marking."


class BulkStatusForm(forms.Form):
    incidents = forms.TypedMultipleChoiceField(coerce=int, label="Incidents")
    status = forms.ChoiceField(
        choices=[(s, Status(s).label) for s in (Status.VERIFIED, Status.DISPUTED, Status.RETRACTED)]
    )
    reason = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, queue_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incidents"].choices = [(pk, pk) for pk in queue_ids]


MAP_VIEW = re.compile(r"^\d{1,2}/-?\d{1,2}(\.\d+)?/-?\d{1,3}(\.\d+)?$")


def clean_search_query(query: str) -> str:
    """A list or map URL's query as a saved search keeps it: the filters, the order and the
    map's view, checked as the list checks them, in a stable order."""

    params = QueryDict(query)
    kept = QueryDict(mutable=True)
    for name in sorted(params):
        if name in IncidentFilter.base_filters or name in ("sort", "dir", "view"):
            values = [value for value in params.getlist(name) if value.strip()]
            if values:
                kept.setlist(name, values)
    filterset = IncidentFilter(kept, queryset=Incident.objects.none())
    if not filterset.is_valid():
        raise ValidationError(
            [f"{name}: {message}" for name, ms in filterset.errors.items() for message in ms]
        )
    try:
        Order.from_params(kept)
    except ValidationError as error:
        raise ValidationError(error.messages) from None
    if "view" in kept and not MAP_VIEW.match(kept["view"]):
        raise ValidationError("The map view is zoom/latitude/longitude.")
    return kept.urlencode()


class SavedSearchForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="A name to find it by, e.g. 'Lagos, 2024'.")
    alert = forms.ChoiceField(
        label="Tell me of new incidents that match it",
        choices=SavedSearch.ALERTS,
        initial=SavedSearch.ALERT_DEFAULT,
        required=False,  # a new search then alerts as ALERT_DEFAULT, a replaced one as it did
    )
    query = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)
    view = forms.ChoiceField(
        choices=SavedSearch.View.choices, initial=SavedSearch.View.LIST, widget=forms.HiddenInput
    )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_query(self):
        return clean_search_query(self.cleaned_data["query"])
