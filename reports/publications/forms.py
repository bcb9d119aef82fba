"""The editors' form for a publication of one kind: the fields that kind has, and for a
First Response Report its graded sources, one a line."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from django import forms
from django.db import models
from django.utils import timezone

from groups.models import Collection, Group
from incidents.models import InformationCredibility, SourceReliability
from members.access import visible

from ..models import Publication, PublicationKind, PublicationSource
from .services import COMMON, KIND_FIELDS

SOURCE_LINE = re.compile(r"^(?P<description>.+?)\s*[-\u2013\u2014,:]?\s+(?P<grade>[A-F][1-6])$")
DATETIME_FIELDS = (
    "occurred_at",
    "issued_at",
    "cutoff_at",
    "valid_until",
    "starts",
    "ends",
    "publish_at",
)


class SourcesField(forms.CharField):
    """Sources as lines of "description B2" (reliability A to F, credibility 1 to 6)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value):
        value = super().clean(value)
        sources = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            found = SOURCE_LINE.match(line)
            if found is None:
                raise forms.ValidationError(
                    f"Line {number}: end it with the grading, as in "
                    "\u201cOwner's statement A2\u201d."
                )
            grade = found["grade"]
            reliability, credibility = grade[0], int(grade[1])
            if reliability not in SourceReliability.values:
                raise forms.ValidationError(f"Line {number}: reliability is A to F.")
            if credibility not in InformationCredibility.values:
                raise forms.ValidationError(f"Line {number}: credibility is 1 to 6.")
            sources.append((found["description"][:300], reliability, credibility))
        return sources


def sources_text(instance) -> str:
    """A report's sources as the lines the sources field reads."""
    if instance is None:
        return ""
    found = PublicationSource.objects.filter(publication=instance)
    return "\n".join(f"{source.description} {source.grading}" for source in found)


class ReferencesField(forms.CharField):
    """Incident references separated by spaces or commas."""

    def clean(self, value):
        value = super().clean(value)
        return [part for part in re.split(r"[\s,]+", value or "") if part][:50]


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


TALL = (
    "summary",
    "not_known",
    "assessment",
    "advice_csos",
    "advice_masters",
    "recommended_actions",
    "contacts",
)


def _widgets(fields) -> dict[str, forms.Widget]:
    widgets: dict[str, forms.Widget] = {
        name: forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        for name in DATETIME_FIELDS
        if name in fields
    }
    widgets.update({name: forms.Textarea(attrs={"rows": 3}) for name in TALL if name in fields})
    return widgets


def _fields(kind: str) -> list[str]:
    return [*COMMON, *KIND_FIELDS[kind]]


class PublicationForm(forms.ModelForm):
    """The editors' form for a publication: the fields every kind has. Each kind's form below
    adds its own (``KIND_FIELDS``); publications it may name (supersedes, cancels, an event's
    report) are those the editor may see."""

    class Meta:
        model = Publication
        fields = _fields(PublicationKind.NEWS)
        widgets = _widgets(fields)
        formfield_callback = _formfield

    def __init__(self, *args, viewer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].widget.attrs["rows"] = 10
        if "group" in self.fields:
            self.fields["group"].queryset = Group.objects.filter(
                collection__in=(Collection.REGIONAL, Collection.MILITARY), archived=False
            )
        for name in ("supersedes", "cancels", "event_report"):
            if name in self.fields:
                self.fields[name].queryset = (
                    visible(viewer, Publication)
                    .filter(state__in=("published", "withdrawn"))
                    .order_by("-published_at")
                )


class NewsForm(PublicationForm):
    pass


class FirstResponseForm(PublicationForm):
    """A First Response Report also links incidents and grades its sources."""

    incident_references = ReferencesField(
        required=False,
        label="Linked incidents",
        help_text="Their references, as in CSOA-2019-0042, separated by spaces.",
    )
    sources = SourcesField(
        required=False,
        help_text="One a line, ending with its grading: \u201cOwner's "
        "statement A2\u201d (reliability A\u2013F, credibility 1\u20136).",
    )

    class Meta(PublicationForm.Meta):
        fields = _fields(PublicationKind.FIRST_RESPONSE)
        widgets = _widgets(fields)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        linked = ""
        if self.instance.pk is not None:
            linked = " ".join(
                Publication.incidents.through.objects.filter(publication=self.instance)
                .order_by("incident__reference")
                .values_list("incident__reference", flat=True)
            )
        self.fields["incident_references"].initial = linked
        self.fields["sources"].initial = sources_text(
            self.instance if self.instance.pk is not None else None
        )


class BulletinForm(PublicationForm):
    class Meta(PublicationForm.Meta):
        fields = _fields(PublicationKind.BULLETIN)
        widgets = _widgets(fields)


class EventForm(PublicationForm):
    """An event's start and end are written in its own time zone: the form turns them into
    UTC when it is cleaned, and shows them back in that zone."""

    class Meta(PublicationForm.Meta):
        fields = _fields(PublicationKind.EVENT)
        widgets = _widgets(fields)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts", "ends"):
            self.fields[name].help_text = "In the event's own time zone."
        instance = self.instance
        if instance.pk is not None and instance.time_zone and instance.starts:
            zone = zoneinfo.ZoneInfo(instance.time_zone)
            for name in ("starts", "ends"):
                self.initial[name] = timezone.make_naive(getattr(instance, name), zone)

    def clean(self):
        cleaned = super().clean()
        try:
            zone = zoneinfo.ZoneInfo(cleaned.get("time_zone") or "")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return cleaned  # the service names the time zone that is wrong
        for name in ("starts", "ends"):
            moment = cleaned.get(name)
            if moment is not None:
                local = timezone.make_naive(moment, dt.UTC).replace(tzinfo=zone)
                cleaned[name] = local.astimezone(dt.UTC)
                setattr(self.instance, name, cleaned[name])
        return cleaned


FORMS: dict[str, type[PublicationForm]] = {
    PublicationKind.FIRST_RESPONSE: FirstResponseForm,
    PublicationKind.BULLETIN: BulletinForm,
    PublicationKind.NEWS: NewsForm,
    PublicationKind.EVENT: EventForm,
}


def publication_form(kind: str, *, viewer, data=None, instance=None) -> PublicationForm:
    """The form of a publication of this kind, for this editor."""
    return FORMS[kind](data=data, instance=instance, viewer=viewer)
