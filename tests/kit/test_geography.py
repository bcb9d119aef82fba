"""Regions from positions, distances, time zones, and the curated ports and anchorages."""

from zoneinfo import ZoneInfo

import pytest

from incidents.models import Port
from incidents.ports import nearest_port, read_ports_csv
from kit.geography import Region, distance_nm, region_for, timezone_for


@pytest.mark.parametrize(
    ("latitude", "longitude", "region"),
    [
        (6.30, 3.33, Region.WEST_AFRICA),  # Lagos anchorage
        (3.9, 9.55, Region.WEST_AFRICA),  # Douala
        (12.6, 43.4, Region.RED_SEA),  # Bab-el-Mandeb
        (11.6, 43.14, Region.GULF_OF_ADEN),  # Djibouti
        (12.0, 47.0, Region.GULF_OF_ADEN),
        (2.0, 50.0, Region.GULF_OF_ADEN),  # Somali Basin
        (26.6, 56.3, Region.ARABIAN_SEA),  # Strait of Hormuz
        (22.2, 91.7, Region.INDIAN_SUBCONTINENT),  # Chittagong
        (1.25, 103.9, Region.SOUTH_EAST_ASIA),  # Singapore Strait
        (31.2, 121.5, Region.FAR_EAST),
        (-2.27, -79.9, Region.SOUTH_AMERICA),  # Guayaquil
        (18.56, -72.35, Region.CARIBBEAN),  # Port-au-Prince
        (43.0, 35.0, Region.MEDITERRANEAN),  # Black Sea
        (51.95, 4.13, Region.EUROPE),
        (-6.8, 39.3, Region.EAST_AFRICA),  # Dar es Salaam
        (0.0, -150.0, Region.OTHER),  # mid-Pacific
    ],
)
def test_region_for(latitude, longitude, region):
    assert region_for(latitude, longitude) == region


def test_distance_in_nautical_miles():
    assert distance_nm(0, 0, 1, 0) == pytest.approx(60.04, abs=0.05)  # a minute of arc ~ 1 nm
    assert distance_nm(6.44, 3.37, 6.44, 3.37) == 0
    assert distance_nm(0, 179.9, 0, -179.9) == pytest.approx(12.0, abs=0.1)


@pytest.mark.parametrize(
    ("latitude", "longitude", "zone"),
    [
        (6.44, 3.37, "Africa/Lagos"),
        (6.25, 3.30, "Africa/Lagos"),  # at anchor off Lagos: the port's time
        (1.25, 103.90, "Asia/Singapore"),
        (-2.27, -79.90, "America/Guayaquil"),
        (0.0, -30.0, "Etc/GMT+2"),  # mid-Atlantic: the nautical zone
    ],
)
def test_timezone_for(latitude, longitude, zone):
    assert timezone_for(latitude, longitude) == zone


def test_the_curated_list_is_complete_and_consistent():
    rows = read_ports_csv()
    assert len(rows) >= 150
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    assert {row["kind"] for row in rows} == {"port", "anchorage"}
    for row in rows:
        assert len(row["locode"]) == 5 and row["locode"][:2] == row["country"], row
        assert -90 <= row["latitude"] <= 90 and -180 <= row["longitude"] <= 180, row
        assert 0.5 <= row["radius_nm"] <= 50, row
        assert ZoneInfo(row["timezone"]), row
        assert row["region"] == region_for(row["latitude"], row["longitude"]), row
    regions = {row["region"] for row in rows}
    assert set(Region.values) - {Region.OTHER} <= regions


@pytest.mark.django_db
def test_the_migration_loads_every_port():
    assert Port.objects.count() == len(read_ports_csv())
    lagos = Port.objects.get(code="NGLOS-ANCH")
    assert (lagos.locode, lagos.kind, lagos.timezone) == ("NGLOS", "anchorage", "Africa/Lagos")


@pytest.mark.django_db
def test_nearest_port_within_its_radius():
    assert nearest_port(6.29, 3.33).code == "NGLOS-ANCH"  # in Lagos anchorage
    assert nearest_port(6.438, 3.370).code == "NGLOS"  # at the Apapa quays
    assert nearest_port(0.0, -30.0) is None  # mid-ocean


@pytest.mark.django_db
def test_nearest_port_across_the_antimeridian():
    Port.objects.create(
        code="FJSUV",
        locode="FJSUV",
        name="Test port at the date line",
        country="FJ",
        kind="port",
        latitude=-17.0,
        longitude=179.95,
        timezone="Pacific/Fiji",
        radius_nm=10,
        region="other",
    )
    assert nearest_port(-17.0, -179.98).code == "FJSUV"


def test_a_box_holds_every_point_of_its_circle():
    """Points on the circle's edge, in every direction, lie in its box: in the tropics, at
    high latitudes, across the antimeridian and round a pole."""
    import math
    import random

    from kit.geography import box_around

    rng = random.Random(7)
    centres = [(6.4, 3.4), (60.0, 5.0), (-1.0, 179.9), (10.0, -179.95), (89.5, 30.0), (-88.0, 0)]
    centres += [(rng.uniform(-85, 85), rng.uniform(-180, 180)) for _ in range(200)]
    for latitude, longitude in centres:
        radius = rng.choice([1.0, 10.0, 30.0, 300.0])
        box = box_around(latitude, longitude, radius)
        for bearing in range(0, 360, 5):
            # The point at `radius` nm on this bearing (the direct geodesic on a sphere).
            d, b = math.radians(radius / 60), math.radians(bearing)
            p1, l1 = math.radians(latitude), math.radians(longitude)
            p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
            l2 = l1 + math.atan2(
                math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
            )
            lat2 = math.degrees(p2)
            lon2 = (math.degrees(l2) + 180) % 360 - 180
            inner = (latitude + 0.999 * (lat2 - latitude), lon2)
            assert box.holds(*inner) or box.holds(lat2, lon2), (latitude, longitude, bearing)


def test_a_box_across_the_antimeridian_has_two_ranges_and_round_a_pole_all_longitudes():
    from kit.geography import box_around

    crossing = box_around(0.0, 179.9, 30)
    assert len(crossing.longitudes) == 2
    assert crossing.holds(0.0, -179.8) and crossing.holds(0.0, 179.7)
    assert not crossing.holds(0.0, 178.0) and not crossing.holds(0.0, -178.0)
    assert box_around(89.9, 0.0, 30).longitudes == ((-180.0, 180.0),)
    narrow = box_around(60.0, 10.0, 60)  # a degree of latitude, two of longitude at 60°N
    assert narrow.south == 59.0 and narrow.north == 61.0
    assert abs(narrow.longitudes[0][0] - 8.0) < 0.01 and abs(narrow.longitudes[0][1] - 12.0) < 0.01
