"""The feed desk in Chromium: an editor finds a record in the queue, checks the facts read
from its text, accepts it, and the new incident names the feed as its source."""

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

    expect(page.get_by_text("is recorded from this record")).to_be_visible()
    expect(page.get_by_test_id("sources")).to_have_text(
        "Sources: NGA ASAM (2022-148, source graded B)."
    )
    expect(page.locator("body")).to_contain_text("Verified")
