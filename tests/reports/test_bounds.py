"""Periods are bounded: dates from 1900 to a year ahead, refused with a message otherwise, and
a series longer than ten years given by year, so no request asks for centuries of months."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db

REFUSED = [
    "since=0001-01-01&until=2026-12-31",
    "until=9999-11-30",
    "until=9999-12-31",
    "since=1899-12-31",
]


@pytest.mark.parametrize("query", REFUSED)
def test_a_period_beyond_the_bounds_is_refused_on_the_page(client, query):
    response = client.get(f"/trends/?{query}")
    assert response.status_code == 400
    assert b"Give a date from 1 January 1900" in response.content
    assert len(response.content) < 200_000


@pytest.mark.parametrize("query", REFUSED)
@pytest.mark.parametrize(
    "url", ["/api/v1/trends/", "/api/v1/incidents/", "/api/v1/incidents/count/"]
)
def test_a_period_beyond_the_bounds_is_refused_by_the_api(client, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 400
    errors = response.json()
    assert any("1 January 1900" in message for messages in errors.values() for message in messages)


def test_the_list_and_its_export_refuse_such_a_period(client):
    assert client.get("/incidents/?until=9999-12-31").status_code == 400
    assert client.get("/incidents/export/?format=csv&since=0001-01-01").status_code == 400


def test_the_end_of_next_year_is_the_latest_date(client):
    last = dt.date(timezone.now().year + 1, 12, 31)
    assert client.get(f"/api/v1/trends/?until={last}").status_code == 200
    too_far = last + dt.timedelta(days=1)
    assert client.get(f"/api/v1/trends/?until={too_far}").status_code == 400


def test_period_dates_are_written_as_iso_dates(client):
    assert client.get("/api/v1/trends/?since=08/03/2019").status_code == 400
    assert client.get("/api/v1/trends/?since=2019-03-08").status_code == 200


def test_a_long_period_is_counted_by_year(client, cast):
    report(cast, tlp="clear", occurred_on=dt.date(1995, 6, 1))
    report(cast, tlp="clear", occurred_on=dt.date(2019, 3, 8))
    figures = client.get("/api/v1/trends/?since=1900-01-01&until=2025-12-31").json()
    assert "months" not in figures
    years = figures["years"]
    assert len(years) == 126 and years[0] == {"year": "1900", "incidents": 0}
    assert {"year": "1995", "incidents": 1} in years
    assert {"year": "2019", "incidents": 1} in years
    assert sum(year["incidents"] for year in years) == figures["incidents"] == 2
    page = client.get("/trends/?since=1900-01-01&until=2025-12-31")
    assert page.status_code == 200
    assert b"Incidents by year" in page.content


def test_ten_years_are_still_counted_by_month(client, cast):
    report(cast, tlp="clear", occurred_on=dt.date(2019, 3, 8))
    figures = client.get("/api/v1/trends/?since=2016-01-01&until=2025-12-31").json()
    assert "years" not in figures and len(figures["months"]) == 120
    assert {"month": "2019-03", "incidents": 1} in figures["months"]


def test_an_open_period_over_decades_is_counted_by_year(client, cast):
    report(cast, tlp="clear", occurred_on=dt.date(1990, 6, 1))
    report(cast, tlp="clear", occurred_on=dt.date(2019, 3, 8))
    figures = client.get("/api/v1/trends/").json()
    assert [y["year"] for y in figures["years"]] == [str(y) for y in range(1990, 2020)]


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(1899, 12, 31)])
def test_an_incident_before_1900_is_refused(client, cast, day):
    from incidents.models import Incident
    from tests.tokens import key_for

    key = key_for(cast.member_a)
    response = client.post(
        "/api/v1/incidents/",
        {"occurred_on": day.isoformat(), "port": "NGLOS", "category": "boarded"},
        "application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 400
    assert "1900" in response.json()["occurred_on"][0]
    assert not Incident.objects.unrestricted().exists()
