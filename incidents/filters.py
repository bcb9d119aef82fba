"""The incident filters: one set for the list page, the map, exports and the API.

All parameters live in the URL, so a view can be bookmarked and shared:
``since``/``until`` (local dates, inclusive), ``category``, ``outcome``, ``status``,
``region``, ``country``, ``port`` (a port's or anchorage's code, or a UN/LOCODE for both),
``near`` (``LAT,LON``) with ``radius_nm``, ``vessel_type``, ``vessel_status``, ``weapons``
(any of), ``significance``, ``tlp``, ``source`` (a feed source's slug, or ``members`` for
member reports) and ``q`` (full-text search). Repeat a parameter, or
separate values with commas, to allow several values.
"""

from __future__ import annotations

import copy
import math
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, FloatField, Q, QuerySet
from django.db.models.functions import ACos, Cos, Greatest, Least, Radians, Sin
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from kit.geography import EARTH_RADIUS_NM, Region, box_around
from kit.openapi import period_date_schema
from members.access import TLP

from . import sources
from .models import (
    Category,
    Incident,
    Outcome,
    Significance,
    Status,
    VesselStatus,
    VesselType,
    Weapon,
)
from .search import search_query
from .validation import EARLIEST_DATE, latest_period_date

MAX_RADIUS_NM = 1000.0


class QuickSelectMultiple(forms.SelectMultiple):
    """A multiple select whose options are written in Python rather than one template each:
    the filter form on every list and map page holds about a hundred options."""

    def render(self, name, value, attrs=None, renderer=None):
        values = [value] if isinstance(value, str) else value or []
        chosen = {part for item in values for part in str(item).split(",")}
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        final["multiple"] = True
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, mark_safe(" selected") if str(choice) in chosen else "", label)
                for choice, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class CommaMultipleChoiceField(forms.MultipleChoiceField):
    """Accepts ?x=a&x=b and ?x=a,b alike."""

    widget = QuickSelectMultiple

    def to_python(self, value):
        values = super().to_python(value)
        return [part.strip() for item in values for part in str(item).split(",") if part.strip()]


class MultipleChoice(django_filters.MultipleChoiceFilter):
    """Several values, comma-separated or repeated. Every one of these filters reads a column
    of the incident itself (or an EXISTS), so no row can repeat: no DISTINCT, which would
    compare whole rows and make every aggregate over a filtered set read them twice."""

    field_class = CommaMultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class SourceFilter(MultipleChoice):
    """Sources by slug (``incidents.sources``), or ``members``."""


class PeriodDateField(forms.DateField):
    """A date that bounds a period, as YYYY-MM-DD: from 1900 to the end of next year, so
    that no period asks for centuries of empty months."""

    input_formats = ["%Y-%m-%d"]

    def validate(self, value):
        super().validate(value)
        latest = latest_period_date()
        if value is not None and not EARLIEST_DATE <= value <= latest:
            raise ValidationError(
                f"Give a date from 1 January 1900 to {latest.day} {latest:%B %Y}."
            )


class PeriodDateFilter(django_filters.DateFilter):
    field_class = PeriodDateField

    def openapi_schema(self) -> dict:
        return period_date_schema(EARLIEST_DATE, latest_period_date())


# A point as LATITUDE,LONGITUDE in decimal degrees, each within its range.
LATITUDE = r"-?(?:90(?:\.0+)?|[1-8]?\d(?:\.\d+)?)"
LONGITUDE = r"-?(?:180(?:\.0+)?|(?:1[0-7]\d|[1-9]?\d)(?:\.\d+)?)"
POINT = re.compile(f"({LATITUDE}) ?, ?({LONGITUDE})")


class NearField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        point = POINT.fullmatch(value.strip())
        if point is None:
            raise ValidationError(
                "Give the point as LATITUDE,LONGITUDE in decimal degrees, within -90..90 "
                "and -180..180."
            )
        return float(point[1]), float(point[2])


@extend_schema_field(OpenApiTypes.STR)  # described exactly by openapi_schema
class NearFilter(django_filters.Filter):
    field_class = NearField

    def openapi_schema(self) -> dict:
        return {"type": "string", "pattern": rf"^\s*{POINT.pattern}\s*$", "example": "6.45,3.4"}


def _great_circle_nm(latitude: float, longitude: float):
    """The distance in nm from a point to each incident, in SQL (spherical law of cosines)."""
    cosine = Sin(Radians(F("latitude"))) * math.sin(math.radians(latitude)) + Cos(
        Radians(F("latitude"))
    ) * math.cos(math.radians(latitude)) * Cos(Radians(F("longitude")) - math.radians(longitude))
    return ACos(Greatest(Least(cosine, 1.0), -1.0), output_field=FloatField()) * EARTH_RADIUS_NM


class IncidentFilter(django_filters.FilterSet):
    since = PeriodDateFilter(
        field_name="occurred_on",
        lookup_expr="gte",
        label="From (local date)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = PeriodDateFilter(
        field_name="occurred_on",
        lookup_expr="lte",
        label="Until (local date)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    category = MultipleChoice(choices=Category.choices)
    outcome = MultipleChoice(choices=Outcome.choices)
    status = MultipleChoice(choices=Status.choices)
    region = MultipleChoice(choices=Region.choices)
    country = django_filters.CharFilter(method="filter_country", max_length=200)
    port = django_filters.CharFilter(method="filter_port", max_length=200)
    vessel_type = MultipleChoice(choices=VesselType.choices)
    vessel_status = MultipleChoice(choices=VesselStatus.choices)
    weapons = MultipleChoice(choices=Weapon.choices, method="filter_weapons")
    significance = MultipleChoice(choices=[(str(v), label) for v, label in Significance.choices])
    tlp = MultipleChoice(choices=TLP.choices)
    source = SourceFilter(choices=sources.choices, method="filter_source", label="Source")
    near = NearFilter(method="filter_near", label="Near (latitude,longitude)")
    radius_nm = django_filters.NumberFilter(
        method="filter_nothing", min_value=0.1, max_value=MAX_RADIUS_NM, label="Radius (nm)"
    )
    q = django_filters.CharFilter(method="filter_text", max_length=200, label="Search")

    class Meta:
        model = Incident
        fields: list[str] = []

    # The map asks on every pan: build the filters and their form class cheaply. The filters
    # hold no state of their own beyond model and parent, so a shallow copy each will do, and
    # the form class is the same for every request.
    _form_class = None

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter's own __init__, with a shallow copy of each filter for its deep copy.
        # ``queryset`` may be a function that makes it: it is then made when first asked for
        # (a map of counted cells never asks, and need not build the access rule).
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(f) for name, f in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = self._meta.model
            filter_.parent = self
            if filter_.method is not None:
                filter_.method = filter_.method  # binds the method to this copy

    @property
    def queryset(self):
        if callable(self._queryset):
            self._queryset = self._queryset()
        return self._queryset

    @queryset.setter
    def queryset(self, value):
        self._queryset = value

    def get_form_class(self):
        cls = type(self)
        if cls._form_class is None:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def filter_country(self, queryset, name, value):
        codes = [code.strip().upper() for code in value.split(",") if code.strip()]
        return queryset.filter(country__in=codes)

    def filter_port(self, queryset, name, value):
        codes = port_codes(value)
        return queryset.filter(Q(port__code__in=codes) | Q(port__locode__in=codes))

    def filter_source(self, queryset, name, value):
        """Incidents reported by members (and no source), or by any of these sources."""
        return queryset.filter(sources.reported_by(set(value))) if value else queryset

    def filter_weapons(self, queryset, name, value):
        return queryset.filter(weapons__overlap=value) if value else queryset

    def filter_text(self, queryset, name, value):
        return queryset.filter(search=search_query(value)) if value.strip() else queryset

    def filter_nothing(self, queryset, name, value):
        return queryset  # radius_nm is read by filter_near

    def filter_near(self, queryset, name, value):
        if value is None:
            return queryset
        latitude, longitude = value
        return within(queryset, latitude, longitude, self.form.cleaned_data.get("radius_nm"))


def port_codes(value: str) -> list[str]:
    """The codes of a ``port`` parameter: comma-separated, any case. Each is a place's own
    code (NGLOS-ANCH) or a UN/LOCODE, which takes the port and its anchorage."""
    return [code.strip().upper() for code in (value or "").split(",") if code.strip()]


def within(queryset: QuerySet[Incident], latitude: float, longitude: float, radius_nm=None):
    """The incidents within ``radius_nm`` (10 unless given, at most MAX_RADIUS_NM) of a
    point: a box the indexes can use, then the great-circle distance."""
    radius = min(float(radius_nm or 10.0), MAX_RADIUS_NM)
    box = box_around(latitude, longitude, radius).q()
    return (
        queryset.filter(box)
        .alias(distance=_great_circle_nm(latitude, longitude))
        .filter(distance__lte=radius)
    )


def filtered(queryset: QuerySet[Incident], params) -> tuple[QuerySet[Incident], IncidentFilter]:
    """The queryset narrowed by the URL's filters; the filter set carries any errors."""
    filterset = IncidentFilter(params, queryset=queryset)
    return filterset.qs if filterset.is_valid() else queryset.none(), filterset


WORDS = {
    "category": "Category",
    "outcome": "Outcome",
    "status": "Status",
    "region": "Region",
    "vessel_type": "Vessel",
    "vessel_status": "Vessel was",
    "weapons": "Weapons",
    "significance": "Significance",
    "tlp": "Marking",
    "source": "Source",
}


def filters_in_words(query: str) -> list[str]:
    """A list or map URL's filters as a member reads them ("Category: Boarded, Hijacked",
    "Since 1 Jan 2024", "Within 25 nm of 6.29°N 3.33°E"); what the filters refuse is left
    out, and nothing at all is "Every incident"."""
    filterset = IncidentFilter(QueryDict(query), queryset=Incident.objects.none())
    filterset.is_valid()
    data = getattr(filterset.form, "cleaned_data", {})
    said = []
    for name, label in (("since", "Since"), ("until", "Until")):
        if data.get(name):
            said.append(f"{label} {data[name]:%-d %b %Y}")
    for name, label in WORDS.items():
        if data.get(name):
            choices = dict(filterset.form.fields[name].choices)
            said.append(f"{label}: {', '.join(str(choices.get(v, v)) for v in data[name])}")
    if data.get("country"):
        said.append(f"Country: {data['country'].upper()}")
    if data.get("port"):
        said.append(f"Port or anchorage: {data['port'].upper()}")
    if data.get("near") is not None:
        latitude, longitude = data["near"]
        radius = min(float(data.get("radius_nm") or 10.0), MAX_RADIUS_NM)
        north, east = ("N" if latitude >= 0 else "S"), ("E" if longitude >= 0 else "W")
        said.append(
            f"Within {radius:g} nm of {abs(latitude):.2f}°{north} {abs(longitude):.2f}°{east}"
        )
    if (data.get("q") or "").strip():
        said.append(f"Words: \u201c{data['q'].strip()}\u201d")
    return said or ["Every incident"]
