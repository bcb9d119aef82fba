"""Trends in Chromium: a member asks for the study's anchorage and year and reads the study's
findings, with the charts drawn."""

import pytest
from playwright.sync_api import expect

from tests.trends.test_api import study
from tests.trends.test_pages import STUDY_FINDINGS

from .test_incident_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_reads_the_studys_findings(new_page, cast):
    study(cast)
    page = new_page()
    log_in(page, cast.member_b)
    page.get_by_role("link", name="Trends").click()
    page.get_by_label("Port or anchorage (UN/LOCODE)").fill("NGLOS-ANCH")
    page.get_by_label("From (local date)").fill("2019-01-01")
    page.get_by_label("Until (local date)").fill("2019-12-31")
    page.get_by_role("button", name="Show the trend").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trends: Lagos Anchorage")
    expect(page.get_by_test_id("findings").locator("li")).to_have_text(STUDY_FINDINGS)
    charts = page.locator("figure.chart img")
    expect(charts).to_have_count(4)
    for n in range(4):
        width = charts.nth(n).evaluate("img => img.complete && img.naturalWidth")
        assert width > 100
    page.get_by_role("link", name="The incidents").click()
    expect(page.locator("body")).to_contain_text("10 incidents")
