"""Where the public record ends, in Chromium: the map's "12 months to ..." preset takes the
twelve months that end with the record and shows what they hold, by mouse and by keyboard;
the pages that say where the record ends, and the feed desk's pages that show what the
reader read, pass axe at a phone's width and a desk's."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from feeds import services
from feeds.models import FeedItem

from .test_accessibility import violations
from .test_incident_journey import log_in
from .test_map_and_list import loaded
from .test_map_tools import DASH, open_map

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ASAM_CSV = (Path(__file__).parents[1] / "feeds" / "fixtures" / "asam.csv").read_bytes()


@pytest.fixture
def archive(cast):
    source = services.source_add(name="NGA ASAM archive", format="asam-csv", auto_accept=True)
    run = services.ingest(source, ASAM_CSV, trigger="command")
    assert run.state == "succeeded" and run.accepted
    return source


@pytest.mark.parametrize("width", [390, 1366])
def test_the_map_offers_the_twelve_months_to_the_records_end(new_page, archive, width):
    page = open_map(new_page, width, "1/10/60")
    total = FeedItem.objects.filter(incident__isnull=False).count()
    loaded(page, total)
    time = page.get_by_test_id("map-time")
    expect(page.get_by_test_id("map-record-reach")).to_contain_text("reaches 1 June 2022")
    preset = page.get_by_test_id("map-time-record")
    expect(preset).to_have_text("12 months to Jun 2022")
    preset.click()
    expect(time).to_contain_text(f"Jul 2021 {DASH} Jun 2022")
    loaded(page, 2)  # 25 May and 1 June 2022
    assert "since=2021-07-01" in page.url and "until=2022-06-30" in page.url
    page.get_by_role("button", name="All", exact=True).click()
    loaded(page, total)
    preset.focus()
    page.keyboard.press("Enter")
    expect(time).to_contain_text(f"Jul 2021 {DASH} Jun 2022")


@pytest.mark.parametrize("width", [390, 1366])
def test_the_pages_that_say_where_the_record_ends_pass_axe(new_page, cast, archive, width):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    found = {}
    for url in ("/", "/trends/", "/incidents/map/", "/about/"):
        page.goto(url)
        problems = violations(page)
        if problems:
            found[url] = problems
    expect(page.get_by_test_id("record-dates")).to_be_visible()
    log_in(page, cast.editor, mfa=True)
    item = FeedItem.objects.filter(incident__isnull=False, extracted__has_key="evidence").first()
    incident = item.incident
    for url in ("/feeds/health/", f"/feeds/items/{item.pk}/", f"/incidents/{incident.reference}/"):
        page.goto(url)
        problems = violations(page)
        if problems:
            found[url] = problems
    expect(page.get_by_test_id("incident-read-facts")).to_be_visible()
    assert not found, found
