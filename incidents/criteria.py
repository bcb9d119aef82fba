"""What a watch of incidents matches (a port, a region, a circle, a saved search), kept as
plain data and matched against one incident in Python: a new incident is matched against
ten thousand watches in a fraction of a second, without a query per watch.

``compile_criteria`` reads the list's filters (the same URL parameters, checked by the same
``IncidentFilter``) into criteria; ``matches`` answers for one incident what
``IncidentFilter`` would answer in SQL. Full-text search (``q``) and the source filter
(``source``) are asked of the database, for the few watches that use them once everything
else matched. A test holds the two answers equal over generated incidents and filters.
"""

from __future__ import annotations

import datetime as dt
import math

from django.core.exceptions import ValidationError
from django.http import QueryDict

from kit.geography import EARTH_RADIUS_NM

from . import sources
from .filters import MAX_RADIUS_NM, IncidentFilter, port_codes
from .models import Incident
from .search import search_query
from .selectors import places

LISTS = ("category", "outcome", "status", "region", "vessel_type", "vessel_status", "tlp")
IN_SQL = ("q", "source")


def compile_criteria(query: str | QueryDict) -> dict:
    """The criteria of a filter's URL query; ValidationError with the filter's reasons."""

    params = QueryDict(query) if isinstance(query, str) else query
    filterset = IncidentFilter(params, queryset=Incident.objects.none())
    if not filterset.is_valid():
        raise ValidationError([m for ms in filterset.errors.values() for m in ms])
    data = filterset.form.cleaned_data
    criteria: dict = {}
    for name in ("since", "until"):
        if data.get(name):
            criteria[name] = data[name].isoformat()
    for name in LISTS:
        if data.get(name):
            criteria[name] = sorted(data[name])
    if data.get("significance"):
        criteria["significance"] = sorted(int(v) for v in data["significance"])
    if data.get("weapons"):
        criteria["weapons"] = sorted(data["weapons"])
    if data.get("country"):
        codes = [c.strip().upper() for c in data["country"].split(",") if c.strip()]
        criteria["country"] = sorted(codes)
    if data.get("port"):
        criteria["port_ids"] = sorted(places(port_codes(data["port"])).values_list("pk", flat=True))
    if data.get("near") is not None:
        latitude, longitude = data["near"]
        radius = min(float(data.get("radius_nm") or 10.0), MAX_RADIUS_NM)
        criteria["near"] = [latitude, longitude, radius]
    if (data.get("q") or "").strip():
        criteria["q"] = data["q"]
    if data.get("source"):
        criteria["source"] = sorted(data["source"])
    return criteria


def _distance_nm(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The same arithmetic as the filter's SQL (spherical law of cosines)."""
    cosine = math.sin(math.radians(lat2)) * math.sin(math.radians(lat1)) + math.cos(
        math.radians(lat2)
    ) * math.cos(math.radians(lat1)) * math.cos(math.radians(lon2) - math.radians(lon1))
    return math.acos(max(min(cosine, 1.0), -1.0)) * EARTH_RADIUS_NM


def matches(criteria: dict, incident: Incident) -> bool:
    """Whether the incident meets the criteria, as the list's filters would say."""
    if "since" in criteria and incident.occurred_on < dt.date.fromisoformat(criteria["since"]):
        return False
    if "until" in criteria and incident.occurred_on > dt.date.fromisoformat(criteria["until"]):
        return False
    for name in LISTS:
        if name in criteria and getattr(incident, name) not in criteria[name]:
            return False
    if "significance" in criteria and incident.significance not in criteria["significance"]:
        return False
    if "weapons" in criteria and not set(incident.weapons or ()) & set(criteria["weapons"]):
        return False
    if "country" in criteria and incident.country not in criteria["country"]:
        return False
    if "port_ids" in criteria and incident.port_id not in criteria["port_ids"]:
        return False
    if "near" in criteria:
        latitude, longitude, radius = criteria["near"]
        distance = _distance_nm(latitude, longitude, incident.latitude, incident.longitude)
        if distance > radius:
            return False
    if any(name in criteria for name in IN_SQL):
        return _matches_in_sql(criteria, incident)
    return True


def _matches_in_sql(criteria: dict, incident: Incident) -> bool:

    one = Incident.objects.unrestricted().filter(pk=incident.pk)
    if "q" in criteria:
        one = one.filter(search=search_query(criteria["q"]))
    if "source" in criteria:
        one = one.filter(sources.reported_by(set(criteria["source"])))
    return one.exists()
