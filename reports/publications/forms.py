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

from ..models import Publication, PublicationSource
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


class EventTimes:
    """An event's start and end are written in its own time zone: the form turns them into
    UTC when it is cleaned, and shows them back in that zone."""

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


def publication_form(kind: str, *, viewer, data=None, instance=None) -> forms.ModelForm:
    fields = [*COMMON, *KIND_FIELDS[kind]]
    widgets = {
        name: forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        for name in DATETIME_FIELDS
        if name in fields
    }
    for name in (
        "summary",
        "not_known",
        "assessment",
        "advice_csos",
        "advice_masters",
        "recommended_actions",
        "contacts",
    ):
        if name in fields:
            widgets[name] = forms.Textarea(attrs={"rows": 3})
    base = type("PublicationForm", (EventTimes, forms.ModelForm), {})
    form_class = forms.modelform_factory(
        Publication,
        form=base if kind == "event" else forms.ModelForm,
        fields=fields,
        widgets=widgets,
        formfield_callback=_formfield,
    )
    form = form_class(data=data, instance=instance)
    if kind == "event":
        for name in ("starts", "ends"):
            form.fields[name].help_text = "In the event's own time zone."
        if instance is not None and instance.time_zone and instance.starts:
            zone = zoneinfo.ZoneInfo(instance.time_zone)
            for name in ("starts", "ends"):
                form.initial[name] = timezone.make_naive(getattr(instance, name), zone)
    if "body" in form.fields:
        form.fields["body"].widget.attrs["rows"] = 10
    if "group" in form.fields:
        form.fields["group"].queryset = Group.objects.filter(
            collection__in=(Collection.REGIONAL, Collection.MILITARY), archived=False
        )
    for name in ("supersedes", "cancels", "event_report"):
        if name in form.fields:
            from members.access import visible

            form.fields[name].queryset = (
                visible(viewer, Publication)
                .filter(state__in=("published", "withdrawn"))
                .order_by("-published_at")
            )
    if kind == "first_response":
        linked = (
            " ".join(
                Publication.incidents.through.objects.filter(publication=instance)
                .order_by("incident__reference")
                .values_list("incident__reference", flat=True)
            )
            if instance is not None
            else ""
        )
        form.fields["incident_references"] = ReferencesField(
            required=False,
            initial=linked,
            label="Linked incidents",
            help_text="Their references, as in CSOA-2019-0042, separated by spaces.",
        )
    if kind == "first_response":
        form.fields["sources"] = SourcesField(
            required=False,
            initial=sources_text(instance),
            help_text="One a line, ending with its grading: \u201cOwner's "
            "statement A2\u201d (reliability A\u2013F, credibility 1\u20136).",
        )
    return form
