"""Reporting an incident: where and when are derived; invalid facts save nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from incidents.models import Incident, Port
from incidents.validation import imo_is_valid

from .conftest import report

pytestmark = pytest.mark.django_db

YESTERDAY = dt.date.today() - dt.timedelta(days=1)


def test_a_report_derives_port_region_country_zone_and_utc(cast):
    incident = report(cast)
    assert incident.reference == "CSOA-2019-0001"
    assert incident.port.code == "NGLOS-ANCH"
    assert (incident.region, incident.country) == ("west_africa", "NG")
    assert incident.timezone == "Africa/Lagos"
    assert incident.occurred_at == dt.datetime(2019, 3, 8, 1, 59, tzinfo=dt.UTC)
    assert incident.time_known
    assert incident.tlp == "green" and incident.status == "reported"


def test_references_count_per_year(cast):
    assert report(cast).reference == "CSOA-2019-0001"
    assert report(cast).reference == "CSOA-2019-0002"
    assert report(cast, occurred_on=dt.date(2020, 1, 1)).reference == "CSOA-2020-0001"


def test_a_port_alone_gives_the_position(cast):
    port = Port.objects.get(code="IDBLW-ANCH")
    incident = report(cast, latitude=None, longitude=None, port=port)
    assert (incident.latitude, incident.longitude) == (port.latitude, port.longitude)
    assert incident.timezone == "Asia/Jakarta"
    assert incident.region == "south_east_asia"


def test_a_date_only_incident_is_flagged(cast):
    incident = report(cast, occurred_time=None)
    assert not incident.time_known
    assert incident.occurred_at == dt.datetime(2019, 3, 7, 23, 0, tzinfo=dt.UTC)


def test_at_sea_the_country_is_blank_and_the_zone_nautical(cast):
    incident = report(cast, latitude=0.5, longitude=-25.0)
    assert incident.port is None
    assert incident.country == ""
    assert incident.timezone.startswith("Etc/GMT")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"latitude": 0.0, "longitude": 0.0}, "latitude"),
        ({"latitude": 91.0}, "latitude"),
        ({"longitude": -180.5}, "longitude"),
        ({"latitude": None, "longitude": None}, "latitude"),
        ({"occurred_on": dt.date.today() + dt.timedelta(days=2)}, "occurred_on"),
        ({"vessel_imo": "9074728"}, "vessel_imo"),
        ({"vessel_imo": "12345"}, "vessel_imo"),
        ({"category": "piracy-ish"}, "category"),
        ({"perpetrators": 900}, "perpetrators"),
        ({"weapons": ["bazooka"]}, "weapons"),
        ({"vessel_status": "sunk"}, "vessel_status"),
        ({"tlp": "purple"}, "tlp"),
    ],
)
def test_invalid_facts_are_refused_and_nothing_is_saved(cast, overrides, field):
    with pytest.raises(ValidationError) as refused:
        report(cast, **overrides)
    assert field in refused.value.message_dict, refused.value.message_dict
    assert not Incident.objects.unrestricted().exists()


def test_unknown_facts_are_refused(cast):
    with pytest.raises(ValidationError):
        report(cast, reference="CSOA-1999-0001")
    assert not Incident.objects.unrestricted().exists()


def test_a_time_later_today_is_refused(cast):
    from zoneinfo import ZoneInfo

    soon = dt.datetime.now(ZoneInfo("Africa/Lagos")) + dt.timedelta(minutes=5)
    with pytest.raises(ValidationError) as refused:
        report(cast, occurred_on=soon.date(), occurred_time=soon.time().replace(microsecond=0))
    # Five minutes from now is later today, or (just before midnight) tomorrow.
    assert {"occurred_time", "occurred_on"} & set(refused.value.message_dict)
    assert not Incident.objects.unrestricted().exists()


@pytest.mark.parametrize(
    ("imo", "valid"),
    [
        ("9074729", True),
        ("9176187", True),
        ("9074720", False),
        ("907472", False),
        ("abcdefg", False),
    ],
)
def test_imo_check_digit(imo, valid):
    assert imo_is_valid(imo) is valid


def test_incidents_are_shared_content_read_through_the_policy(cast):
    incident = report(cast, tlp="amber_strict")
    from members.access import AccessPolicyBypassed

    with pytest.raises(AccessPolicyBypassed):
        list(Incident.objects.all())
    assert list(Incident.objects.visible_to(cast.viewer("member_a"))) == [incident]
    assert list(Incident.objects.visible_to(cast.viewer("member_b"))) == []


def test_a_position_on_land_far_from_any_port_needs_confirming(cast):
    with pytest.raises(ValidationError) as error:
        report(cast, latitude=6.29, longitude=-3.33)  # Lagos with a swapped sign: inland
    assert "on land" in error.value.message_dict["latitude"][0]
    assert Incident.objects.unrestricted().count() == 0
    incident = report(cast, latitude=6.29, longitude=-3.33, position_confirmed=True)
    assert incident.pk


def test_a_position_at_sea_or_at_a_port_needs_no_confirming(cast):
    assert report(cast, latitude=12.5, longitude=47.0).pk  # Gulf of Aden
    assert report(cast, latitude=4.76, longitude=7.0).pk  # near Port Harcourt, a river port


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(-5.0, 110.0), (8.0, 120.5), (3.0, 100.5), (-17.0, 179.9), (12.0, 122.0)],
    ids=["java-sea", "sulu-sea", "malacca-strait", "koro-sea", "sibuyan-sea"],
)
def test_archipelagic_and_inland_seas_are_not_land(cast, latitude, longitude):
    assert report(cast, latitude=latitude, longitude=longitude, vessel_imo="").pk


def test_a_report_does_not_ask_the_database_to_check_what_the_fields_checked(
    cast, django_assert_max_num_queries
):
    from tests.incidents.conftest import report

    report(cast)  # the first report of a year creates its reference counter
    # The nearest port, the reference (read and counted on), the insert (its search vector by
    # trigger) and the timeline entry; the reporter's watch, the notification event and its
    # task; within a savepoint: no query per check constraint or foreign key.
    with django_assert_max_num_queries(10) as queries:
        report(cast, occurred_on=dt.date(2019, 3, 9))
    assert not any("SELECT 1 AS" in query["sql"] for query in queries.captured_queries)
