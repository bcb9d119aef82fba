"""Positions in the notations reporting centres use, read into decimal degrees.

- decimal degrees, signed or with a hemisphere: ``6.29, 3.33``, ``6.29N 3.33E``
- degrees, minutes and seconds: ``46°37'50.89"N`` and ``31°35'01.64"E``, on one line or
  two (the ASAM CSV puts a line break, sometimes after a space, between them)
- degrees and decimal minutes: ``06°17.4'N 003°19.8'E``
- the narrative notation ``01-07N 103-31E`` (degrees-minutes) and ``01-07.5N``
- ``09:21.8N - 013:42.4W``

Minutes or seconds written with a leading zero too many (``22'010"``) are read as numbers,
and minutes or seconds equal to 60 carry into the next unit (``5°60'00"N`` is 6°N), as some
sources write them. Anything else out of range, or a string without two coordinates, is a
:class:`PositionError` that says what was wrong.
"""

from __future__ import annotations

import re

# Signs that stand for degrees, minutes and seconds in the wild.
_DEGREE = "°º˚"
_MINUTE = "'\u2032\u2019\u2018`\u00b4"  # prime, curly quotes, grave and acute accents
_SECOND = '"\u2033\u201d\u201c'

_COORDINATE = re.compile(
    rf"""
    (?P<sign>[-+])?
    (?P<deg>\d{{1,3}}(?:[.,]\d+)?)\s*(?:[{_DEGREE}]|deg|-|:)?\s*
    (?:
        (?P<min>\d{{1,3}}(?:[.,]\d+)?)\s*(?:[{_MINUTE}]|-|:)?\s*
        (?:(?P<sec>\d{{1,3}}(?:[.,]\d+)?)\s*(?:[{_SECOND}]|'')?\s*)?
    )?
    (?P<hem>[NSEW])\b
    """,
    re.VERBOSE | re.IGNORECASE,
)
_DECIMAL_PAIR = re.compile(r"^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$")


class PositionError(ValueError):
    """A position that cannot be read; the message says why."""


def _number(text: str | None) -> float:
    return float(text.replace(",", ".")) if text else 0.0


def _coordinate(match: re.Match) -> tuple[float, str]:
    hemisphere = match["hem"].upper()
    degrees, minutes, seconds = _number(match["deg"]), _number(match["min"]), _number(match["sec"])
    if match["min"] and "." in match["deg"]:
        raise PositionError(f"Decimal degrees cannot have minutes: {match[0].strip()!r}.")
    if minutes > 60 or seconds > 60:
        raise PositionError(f"Minutes and seconds run to 60: {match[0].strip()!r}.")
    value = degrees + minutes / 60 + seconds / 3600
    if match["sign"] == "-":
        value = -value
    if hemisphere in "SW":
        value = -value
    return value, hemisphere


def parse_position(text: str) -> tuple[float, float]:
    """(latitude, longitude) in decimal degrees from a position string."""
    if text is None or not str(text).strip():
        raise PositionError("No position given.")
    text = str(text).strip()
    pair = _DECIMAL_PAIR.match(text)
    if pair:
        return check(float(pair[1]), float(pair[2]))
    found = list(_COORDINATE.finditer(text))
    latitudes = [m for m in found if m["hem"].upper() in "NS"]
    longitudes = [m for m in found if m["hem"].upper() in "EW"]
    if len(latitudes) != 1 or len(longitudes) != 1:
        raise PositionError(f"Expected one latitude (N/S) and one longitude (E/W) in {text!r}.")
    latitude, _ = _coordinate(latitudes[0])
    longitude, _ = _coordinate(longitudes[0])
    return check(latitude, longitude)


def check(latitude: float, longitude: float) -> tuple[float, float]:
    """The position, rounded to a metre or so, if it is on the globe."""
    if not -90 <= latitude <= 90:
        raise PositionError(f"Latitude {latitude:g} is outside -90..90.")
    if not -180 <= longitude <= 180:
        raise PositionError(f"Longitude {longitude:g} is outside -180..180.")
    return round(latitude, 6), round(longitude, 6)
