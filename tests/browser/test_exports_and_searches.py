"""Exports and saved searches in Chromium: the file holds the rows the list shows, in the
list's order, whether it streams at once or is prepared by the worker; a saved search opens
the same list again."""

import csv
import datetime as dt
import io
import json

import pytest
from playwright.sync_api import expect

from tests.incidents.conftest import report

from .test_incident_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def history(cast):
    facts = [
        ("boarded", "clear", 1), ("theft", "green", 2), ("boarded", "amber", 3),
        ("attempted", "green", 4), ("boarded", "amber", 5), ("boarded", "red", 6),
    ]  # fmt: skip
    made = [
        report(cast, category=category, tlp=tlp, occurred_on=dt.date(2021, 3, day))
        for category, tlp, day in facts
    ]
    made.append(report(cast, cast.member_b, category="boarded", tlp="amber_strict"))
    return made


def listed(page) -> list[str]:
    return page.locator("table.incidents tbody tr td:first-child a").all_inner_texts()


def download(page, trigger) -> bytes:
    with page.expect_download() as info:
        trigger()
    return open(info.value.path(), "rb").read()


def test_an_export_holds_the_rows_of_the_list(new_page, cast, history):
    page = new_page()
    log_in(page, cast.member_a)
    page.goto("/incidents/?category=boarded&sort=category&dir=asc")
    page.get_by_role("link", name="Date (local)").click()  # sort by date, newest first
    expect(page.get_by_test_id("count")).to_have_text("4 incidents")
    shown = listed(page)
    assert len(shown) == 4  # member A's boardings, not company B's AMBER+STRICT one

    data = download(page, lambda: page.get_by_test_id("export-csv").click())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row["reference"] for row in rows] == shown
    assert {row["category"] for row in rows} == {"boarded"}


def test_a_large_export_is_prepared_by_the_worker(new_page, cast, history, celery_worker, settings):
    settings.EXPORTS_STREAM_MAX = 3
    page = new_page()
    log_in(page, cast.member_a)
    page.goto("/incidents/?sort=date&dir=asc")
    shown = listed(page)
    assert len(shown) == 6
    page.get_by_test_id("export-geojson").click()
    page.get_by_role("button", name="Prepare the GeoJSON export").click()
    expect(page.get_by_test_id("export-state")).to_have_text("Ready to download", timeout=20_000)
    expect(page.get_by_test_id("export-tlp")).to_have_text("TLP:RED")
    data = download(page, lambda: page.get_by_test_id("export-download").click())
    collection = json.loads(data)
    assert [feature["id"] for feature in collection["features"]] == shown
    page.get_by_role("link", name="Your exports").click()
    expect(page.get_by_test_id("exports")).to_contain_text("Ready to download")


def test_a_saved_search_opens_the_same_list(new_page, cast, history):
    page = new_page()
    log_in(page, cast.member_a)
    page.goto("/incidents/")
    page.get_by_label("Category").select_option(["theft", "attempted"])
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("count")).to_have_text("2 incidents")
    shown = listed(page)
    page.get_by_text("Save this search").click()
    page.get_by_label("Name").fill("Thefts and attempts")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved as 'Thefts and attempts'.")).to_be_visible()

    page.goto("/incidents/")
    expect(page.get_by_test_id("count")).to_have_text("6 incidents")
    page.goto("/incidents/searches/")
    page.get_by_role("link", name="Thefts and attempts").click()
    expect(page.get_by_test_id("count")).to_have_text("2 incidents")
    assert listed(page) == shown
