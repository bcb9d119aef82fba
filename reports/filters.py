"""What a trend covers: the list filters, plus a circle given as latitude, longitude and
radius. A port (its UN/LOCODE, for the port and its anchorage; or a place's own code such as
NGLOS-ANCH) and a region are list filters already."""

from __future__ import annotations

import django_filters
from django import forms

from incidents.filters import MAX_RADIUS_NM, IncidentFilter, port_codes, within
from incidents.models import Incident
from incidents.selectors import places

PLACE_AND_PERIOD = {"port", "latitude", "longitude", "radius_nm", "region", "since", "until"}


class TrendForm(forms.Form):
    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None) and not self.errors:
            raise forms.ValidationError("Give both latitude and longitude, or neither.")
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "The period ends before it begins.")
        if data.get("radius_nm") is not None and latitude is None and not data.get("near"):
            self.add_error("radius_nm", "A radius needs latitude and longitude.")
        codes = port_codes(data.get("port"))
        known = set(places(codes).values_list("code", "locode")) if codes else set()
        unknown = set(codes) - {code for pair in known for code in pair}
        if unknown:
            self.add_error(
                "port", f"No port or anchorage has the code {', '.join(sorted(unknown))}."
            )
        return data


class TrendFilter(IncidentFilter):
    latitude = django_filters.NumberFilter(
        method="filter_nothing", min_value=-90, max_value=90, label="Latitude (degrees)"
    )
    longitude = django_filters.NumberFilter(
        method="filter_nothing", min_value=-180, max_value=180, label="Longitude (degrees)"
    )
    radius_nm = django_filters.NumberFilter(
        method="filter_nothing", min_value=0.1, max_value=MAX_RADIUS_NM, label="Radius (nm)"
    )

    class Meta:
        model = Incident
        fields: list[str] = []
        form = TrendForm

    _form_class = None  # not the list's: this one has latitude and longitude

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("latitude") is not None and data.get("longitude") is not None:
            queryset = within(
                queryset, float(data["latitude"]), float(data["longitude"]), data.get("radius_nm")
            )
        return queryset

    @property
    def period(self) -> tuple:
        data = self.form.cleaned_data
        return data.get("since"), data.get("until")
