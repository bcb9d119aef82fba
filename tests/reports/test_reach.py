"""A window that lies after the public record's end says where the record ends and offers
the same window ending there: the home page's three years, the trend page's twelve months,
the map's time control. Over what each viewer may see."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from feeds import services
from incidents.models import Incident
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db

ASAM_CSV = (Path(__file__).parents[1] / "feeds" / "fixtures" / "asam.csv").read_bytes()


@pytest.fixture
def archive():
    """The public record: ASAM records accepted automatically, the newest of 1 June 2022."""
    source = services.source_add(name="NGA ASAM archive", format="asam-csv", auto_accept=True)
    run = services.ingest(source, ASAM_CSV, trigger="command")
    assert run.state == "succeeded" and run.accepted
    return source


def test_the_home_page_says_where_the_public_record_ends(client, cast, archive):
    today = timezone.now().date()
    report(cast, occurred_on=today - dt.timedelta(days=20), tlp="green")
    page = client.get("/").content.decode()
    assert 'data-testid="record-reach"' in page
    assert "The public record reaches 1 June 2022" in page
    assert "the last three years hold no incident you may see" in page  # GREEN: members only
    assert "?since=2019-06-02&amp;until=2022-06-01" in page
    client.force_login(cast.member_b)
    page = client.get("/").content.decode()
    assert "the last three years hold only 1 member\u2019s report" in page


def test_the_trend_pages_default_window_offers_the_twelve_months_to_the_records_end(
    client, cast, archive
):
    page = client.get("/trends/").content.decode()
    assert "The public record reaches 1 June 2022; the last twelve months hold no incident" in page
    assert "?since=2021-06-02&amp;until=2022-06-01" in page
    chosen = client.get("/trends/?since=2021-06-02&until=2022-06-01").content.decode()
    assert 'data-testid="record-reach"' not in chosen  # a window chosen: nothing to say
    assert 'data-testid="trend-count">2 incidents' in chosen


def test_the_map_offers_the_twelve_months_to_the_records_end(client, cast, archive):
    page = client.get("/incidents/map/").content.decode()
    assert 'data-time-preset-end="2022-06"' in page
    assert "The public record reaches 1 June 2022" in page


def test_a_record_that_reaches_today_says_nothing(client, cast, archive):
    Incident.objects.unrestricted().filter(occurred_on=dt.date(2022, 6, 1)).update(
        occurred_on=timezone.now().date() - dt.timedelta(days=3)
    )
    for url in ("/", "/trends/", "/incidents/map/"):
        page = client.get(url).content.decode()
        assert "The public record reaches" not in page, url
        assert "data-time-preset-end" not in page, url


def test_members_reports_alone_are_no_public_record(client, cast):
    report(cast, occurred_on=dt.date(2015, 1, 1), tlp="clear")
    for url in ("/", "/trends/", "/incidents/map/"):
        assert "The public record reaches" not in client.get(url).content.decode(), url


def test_where_the_record_ends_is_read_through_the_access_policy(client, cast, archive):
    """A newer record the viewer may not see moves nobody's end but its readers'."""
    Incident.objects.unrestricted().filter(occurred_on=dt.date(2022, 6, 1)).update(
        occurred_on=dt.date(2023, 2, 1), tlp="amber", organisation=cast.org_a
    )
    assert "The public record reaches 25 May 2022" in client.get("/").content.decode()
    client.force_login(cast.member_b)
    assert "The public record reaches 25 May 2022" in client.get("/").content.decode()
    client.force_login(cast.member_a)
    assert "The public record reaches 1 February 2023" in client.get("/").content.decode()


def test_the_about_page_says_how_far_each_sources_record_reaches(client, cast, archive):
    page = client.get("/about/").content.decode()
    assert 'data-testid="record-dates"' in page
    assert "<td>NGA ASAM archive</td><td>1 June 2022</td>" in page
    Incident.objects.unrestricted().filter(occurred_on=dt.date(2022, 6, 1)).update(
        tlp="amber", organisation=cast.org_a
    )
    from django.core.cache import cache

    cache.clear()
    page = client.get("/about/").content.decode()
    assert "<td>1 June 2022</td>" not in page  # what the public may not see moves nothing
    assert "<td>NGA ASAM archive</td><td>25 May 2022</td>" in page
