"""The feed desk in Chromium: an editor finds a record in the queue, checks the facts read
from its text, accepts it, and the new incident names the feed as its source."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from feeds import services

from .test_incident_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).resolve().parents[1] / "feeds" / "fixtures"


def test_an_editor_reviews_and_accepts_a_record(new_page, cast):
    source = services.source_add(name="NGA ASAM", format="asam-json", reliability="B")
    services.ingest(source, (FIXTURES / "asam.json").read_bytes(), trigger="upload")
    page = new_page()
    log_in(page, cast.editor, mfa=True)
    page.locator("[data-testid=menu-desk] summary").click()  # the desk's pages
    page.get_by_role("link", name="Feeds").click()
    queue = page.get_by_test_id("feed-queue")
    expect(queue.locator("tbody tr")).to_have_count(4)
    page.get_by_label("Source").select_option("nga-asam")
    page.get_by_label("Region").select_option("south_east_asia")
    page.get_by_role("button", name="Filter").click()
    expect(queue.locator("tbody tr")).to_have_count(1)
    page.get_by_role("link", name="NGA ASAM 2022-148").click()

    # The facts read from the text are in the form, to check before accepting.
    expect(page.get_by_label("Perpetrators")).to_have_value("3")
    expect(page.get_by_label("Time (local)")).to_have_value("02:59")
    expect(page.get_by_label("Knives")).to_be_checked()
    page.get_by_label("Perpetrators").fill("4")
    page.get_by_role("button", name="Accept as a new incident").click()

    # Accepted: the next record waiting opens, and the incident is recorded from this one.
    said = page.get_by_text(re.compile(r"CSOA-\d{4}-\d{4} is recorded from NGA ASAM 2022-148"))
    expect(said).to_be_visible()
    expect(page.get_by_test_id("desk-nav")).to_contain_text("waiting")
    reference = re.search(r"CSOA-\d{4}-\d{4}", said.inner_text())[0]
    opened = page.locator("h1").inner_text()
    assert opened != "NGA ASAM 2022-148"

    # The keys: n opens the next record, p the previous; r goes to the reason.
    page.keyboard.press("n")
    expect(page.locator("h1")).not_to_have_text(opened)
    page.keyboard.press("p")
    expect(page.locator("h1")).to_have_text(opened)
    page.keyboard.press("r")
    expect(page.get_by_label("Reason")).to_be_focused()
    page.locator("h1").click()  # out of the field: a accepts the record as filled in
    page.keyboard.press("a")
    expect(page.get_by_text(re.compile(f"is recorded from {re.escape(opened)}"))).to_be_visible()

    page.goto(f"/incidents/{reference}/")
    expect(page.get_by_test_id("sources")).to_have_text(
        "Sources: NGA ASAM (2022-148, source graded B)."
    )
    expect(page.locator("body")).to_contain_text("Verified")


def test_staff_slow_a_source_down_and_switch_it_off(new_page, cast):
    services.source_add(name="NGA ASAM", format="asam-json", url="https://msi.example.org/asam")
    page = new_page()
    log_in(page, cast.staff, mfa=True)
    page.goto("/feeds/health/")
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_label("Format")).to_be_disabled()
    page.get_by_label("Polling interval (minutes)").fill("2")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("greater than or equal to 5")).to_be_visible()
    page.get_by_label("Polling interval (minutes)").fill("720")
    page.get_by_label("Enabled").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("NGA ASAM is saved.")).to_be_visible()
    health = page.get_by_test_id("feed-health")
    expect(health).to_contain_text("NGA ASAM (off)")
    expect(health).to_contain_text("every 720 min")
    expect(health.get_by_role("button", name="Poll now")).to_have_count(0)


def test_anyone_reads_the_advisories_of_a_region(new_page):
    source = services.source_add(name="MDAT advisories", format="rss", region="west_africa")
    services.ingest(source, (FIXTURES / "advisories.rss").read_bytes(), trigger="upload")
    page = new_page()
    page.goto("/")
    page.get_by_role("link", name="Advisories").click()
    page.get_by_label("Region").select_option("red_sea")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("advisories")).to_have_text("No advisories for this region yet.")
    page.get_by_label("Region").select_option("west_africa")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("advisories").locator("li")).to_have_count(2)
    expect(page.get_by_role("link", name="Increased robberies at Lagos anchorage")).to_be_visible()
