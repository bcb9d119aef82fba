"""Every write of the incidents app."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction

from members.models import Organisation, User

from .geography import country_for_timezone, region_for, timezone_for
from .models import Incident, Port, ReferenceCounter
from .ports import nearest_port
from .validation import check_not_in_future, check_position, clean_imo

# The facts a reporter gives; where and when are derived from the position or port.
REPORTED_FACTS = (
    "category",
    "outcome",
    "foiled_by",
    "perpetrators",
    "weapons",
    "crew_restrained",
    "crew_assaulted",
    "crew_injured",
    "crew_kidnapped",
    "crew_killed",
    "crew_on_board",
    "targets",
    "stolen",
    "vessel_name",
    "vessel_type",
    "vessel_flag",
    "vessel_status",
    "description",
)


def _next_reference(year: int) -> str:
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"CSOA-{year}-{counter.last:04d}"


def place_and_time(
    *,
    occurred_on: dt.date,
    occurred_time: dt.time | None,
    latitude: float | None = None,
    longitude: float | None = None,
    port: Port | None = None,
) -> dict:
    """Where and when, derived: the position (from the port when none is given), the nearest
    port within its radius, region, country, IANA zone and the UTC instant."""
    if latitude is None and longitude is None and port is not None:
        latitude, longitude = port.latitude, port.longitude
    check_position(latitude, longitude)
    port = port or nearest_port(latitude, longitude)
    zone = port.timezone if port is not None else timezone_for(latitude, longitude)
    check_not_in_future(occurred_on, occurred_time, zone)
    local = dt.datetime.combine(occurred_on, occurred_time or dt.time(0, 0), ZoneInfo(zone))
    return {
        "latitude": latitude,
        "longitude": longitude,
        "port": port,
        "region": region_for(latitude, longitude),
        "country": port.country if port is not None else country_for_timezone(zone),
        "timezone": zone,
        "occurred_on": occurred_on,
        "occurred_time": occurred_time,
        "occurred_at": local.astimezone(dt.UTC),
    }


@transaction.atomic
def incident_report(
    *,
    reporter: User,
    organisation: Organisation,
    occurred_on: dt.date,
    category: str,
    occurred_time: dt.time | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    port: Port | None = None,
    vessel_imo: str = "",
    tlp: str = "green",
    anonymous: bool = False,
    **facts,
) -> Incident:
    """Record a newly reported incident; nothing is saved when a fact is invalid."""
    unknown = set(facts) - set(REPORTED_FACTS)
    if unknown:
        raise ValidationError(f"Unknown facts: {', '.join(sorted(unknown))}.")
    where_when = place_and_time(
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        latitude=latitude,
        longitude=longitude,
        port=port,
    )
    incident = Incident(
        category=category,
        vessel_imo=clean_imo(vessel_imo),
        tlp=tlp,
        anonymous=anonymous,
        organisation=organisation,
        created_by=reporter,
        reference="pending",
        **where_when,
        **facts,
    )
    incident.full_clean(exclude=["reference"])
    incident.reference = _next_reference(occurred_on.year)
    incident.save()
    return incident
