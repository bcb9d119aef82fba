"""Checks on reported facts, with messages a reporter understands."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError


def imo_is_valid(imo: str) -> bool:
    """IMO ship numbers: seven digits, the last a check digit (weights 7 to 2, mod 10)."""
    if len(imo) != 7 or not imo.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(imo[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(imo[6])


def clean_imo(value: str) -> str:
    imo = value.strip().upper().removeprefix("IMO").strip()
    if not imo:
        return ""
    if not imo_is_valid(imo):
        raise ValidationError(
            {"vessel_imo": f"{value!r} is not a valid IMO number (seven digits, check digit)."}
        )
    return imo


def check_position(latitude: float | None, longitude: float | None) -> None:
    errors = {}
    if latitude is None or not -90 <= latitude <= 90:
        errors["latitude"] = "Latitude must be between -90 and 90 degrees."
    if longitude is None or not -180 <= longitude <= 180:
        errors["longitude"] = "Longitude must be between -180 and 180 degrees."
    if not errors and latitude == 0 and longitude == 0:
        errors["latitude"] = (
            "0°N 0°E is in the open Gulf of Guinea and usually means the position was left out: "
            "give the position or choose the port."
        )
    if errors:
        raise ValidationError(errors)


def check_not_in_future(occurred_on: dt.date, occurred_time: dt.time | None, zone: str) -> None:
    now = dt.datetime.now(ZoneInfo(zone))
    if occurred_on > now.date():
        raise ValidationError({"occurred_on": "The date is in the future (local time there)."})
    if occurred_on == now.date() and occurred_time is not None and occurred_time > now.time():
        raise ValidationError({"occurred_time": "The time is in the future (local time there)."})
