"""Checks on reported facts, with messages a reporter understands."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone

from kit.geography import country_codes

# The earliest date the platform records or counts: the modern record of maritime crime
# starts long after it, and a year such as 1 or 1899 is a slip of the keyboard.
EARLIEST_DATE = dt.date(1900, 1, 1)


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


def latest_period_date() -> dt.date:
    """The latest date a period may name: the end of next year (a period may look ahead)."""
    return dt.date(timezone.now().year + 1, 12, 31)


def check_date(occurred_on: dt.date, occurred_time: dt.time | None, zone: str) -> None:
    """An incident's local date and time: not before 1900, not in the future there."""
    if occurred_on < EARLIEST_DATE:
        raise ValidationError({"occurred_on": "Give a date from 1 January 1900 on."})
    now = dt.datetime.now(ZoneInfo(zone))
    if occurred_on > now.date():
        raise ValidationError({"occurred_on": "The date is in the future (local time there)."})
    if occurred_on == now.date() and occurred_time is not None and occurred_time > now.time():
        raise ValidationError({"occurred_time": "The time is in the future (local time there)."})


def validate_country_code(value: str) -> None:

    if value and value not in country_codes():
        raise ValidationError(
            f"{value!r} is not a country code: give the two letters of ISO 3166-1, "
            "such as PA for Panama."
        )


def validate_no_repeats(values: list) -> None:
    if len(values) != len(set(values)):
        raise ValidationError("Name each one once.")
