"""Where things are: the regions CSOs think in, distances in nautical miles, the box around a
point that indexes can use, time zones and countries."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from timezonefinder import TimezoneFinder

if TYPE_CHECKING:
    from timezonefinder import TimezoneFinder

EARTH_RADIUS_NM = 3440.065


class Region(models.TextChoices):
    WEST_AFRICA = "west_africa", "West Africa / Gulf of Guinea"
    GULF_OF_ADEN = "gulf_of_aden", "Gulf of Aden and Somali Basin"
    RED_SEA = "red_sea", "Red Sea"
    ARABIAN_SEA = "arabian_sea", "Arabian Sea and Gulf"
    INDIAN_SUBCONTINENT = "indian_subcontinent", "Indian Sub-continent"
    SOUTH_EAST_ASIA = "south_east_asia", "South East Asia"
    FAR_EAST = "far_east", "Far East"
    SOUTH_AMERICA = "south_america", "South America"
    CARIBBEAN = "caribbean", "Caribbean and Central America"
    MEDITERRANEAN = "mediterranean", "Mediterranean and Black Sea"
    EUROPE = "europe", "Europe and North Atlantic"
    EAST_AFRICA = "east_africa", "East and Southern Africa"
    OTHER = "other", "Elsewhere"


# (region, south, north, west, east) in degrees; the first box that holds a position wins, so
# the narrow seas come before the oceans around them.
REGION_BOXES: list[tuple[str, float, float, float, float]] = [
    (Region.RED_SEA, 12.5, 30.0, 32.0, 43.5),
    (Region.GULF_OF_ADEN, 10.0, 16.5, 42.0, 52.0),
    (Region.GULF_OF_ADEN, -5.0, 10.0, 39.0, 60.0),
    (Region.ARABIAN_SEA, 10.0, 31.0, 46.0, 66.5),
    (Region.INDIAN_SUBCONTINENT, -5.0, 26.0, 66.5, 92.5),
    (Region.SOUTH_EAST_ASIA, -11.0, 21.5, 92.5, 141.0),
    (Region.FAR_EAST, 21.5, 55.0, 105.0, 180.0),
    (Region.WEST_AFRICA, -18.0, 21.0, -30.0, 15.0),
    (Region.EAST_AFRICA, -40.0, -5.0, 15.0, 60.0),
    (Region.MEDITERRANEAN, 30.0, 47.0, -6.0, 42.0),
    (Region.CARIBBEAN, 5.0, 31.0, -100.0, -58.0),
    (Region.SOUTH_AMERICA, -56.0, 13.0, -92.0, -30.0),
    (Region.EUROPE, 30.0, 72.0, -70.0, 45.0),
]


def region_for(latitude: float, longitude: float) -> str:
    for region, south, north, west, east in REGION_BOXES:
        if south <= latitude <= north and west <= longitude <= east:
            return region
    return Region.OTHER


def distance_nm(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in nautical miles (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_NM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Box:
    """The latitudes and longitudes that hold a circle: what an index on plain latitude and
    longitude columns can use before the exact distance is worked out. Across the
    antimeridian the longitudes are two ranges; when the circle holds a pole, all of them."""

    south: float
    north: float
    longitudes: tuple[tuple[float, float], ...]

    def holds(self, latitude: float, longitude: float) -> bool:
        return self.south <= latitude <= self.north and any(
            west <= longitude <= east for west, east in self.longitudes
        )

    def q(self, latitude: str = "latitude", longitude: str = "longitude") -> Q:
        """The box as a filter on these fields."""
        within = Q(pk__in=[])
        for west, east in self.longitudes:
            within |= Q(**{f"{longitude}__range": (west, east)})
        return Q(**{f"{latitude}__range": (self.south, self.north)}) & within


def box_around(latitude: float, longitude: float, radius_nm: float) -> Box:
    """The box around the circle of ``radius_nm`` nautical miles (a minute of arc each)
    round a point."""
    radius = radius_nm / 60
    south, north = max(-90.0, latitude - radius), min(90.0, latitude + radius)
    if latitude + radius >= 90 or latitude - radius <= -90:
        return Box(south, north, ((-180.0, 180.0),))
    # The widest the circle reaches east and west: at the latitude where it touches its
    # meridians, sin(dlon) = sin(r) / cos(latitude).
    reach = math.sin(math.radians(radius)) / math.cos(math.radians(latitude))
    if reach >= 1:
        return Box(south, north, ((-180.0, 180.0),))
    dlon = math.degrees(math.asin(reach))
    west, east = longitude - dlon, longitude + dlon
    longitudes = [(max(west, -180.0), min(east, 180.0))]
    if west < -180:
        longitudes.append((west + 360, 180.0))
    if east > 180:
        longitudes.append((-180.0, east - 360))
    return Box(south, north, tuple(longitudes))


@lru_cache(maxsize=1)
def _timezone_finder() -> TimezoneFinder:

    return TimezoneFinder(in_memory=True)


def timezone_for(latitude: float, longitude: float) -> str:
    """The IANA time zone at a position. At sea, the zone of the nearest land within about
    60 nm (ships at anchor keep the port's time); beyond that, the nautical zone."""
    finder = _timezone_finder()
    on_land = finder.timezone_at_land(lng=longitude, lat=latitude)
    if on_land:
        return on_land
    for step in (0.1, 0.25, 0.5, 1.0):
        for dlat, dlon in (
            (step, 0),
            (-step, 0),
            (0, step),
            (0, -step),
            (step, step),
            (-step, -step),
            (step, -step),
            (-step, step),
        ):
            lat = max(-90.0, min(90.0, latitude + dlat))
            lon = (longitude + dlon + 180) % 360 - 180
            nearby = finder.timezone_at_land(lng=lon, lat=lat)
            if nearby:
                return nearby
    return finder.timezone_at(lng=longitude, lat=latitude) or "UTC"


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code to the country's name, from the time zone database's table."""

    table = files("tzdata.zoneinfo").joinpath("iso3166.tab").read_text(encoding="utf-8")
    names = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")[:2]
            names[code] = name.strip()
    return names


def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 country code."""
    return frozenset(_country_names())


def country_name(code: str) -> str:
    """A country's name from its code ("NG": "Nigeria"); an unknown code as it is."""
    return _country_names().get((code or "").upper(), code or "")


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:

    table = files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    countries = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, zone, *_ = line.split("\t")
            countries[zone] = code
    return countries


def country_for_timezone(zone: str) -> str:
    """The ISO country of a time zone, or "" for the nautical zones at sea."""
    return _zone_countries().get(zone, "")
