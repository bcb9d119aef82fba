"""Trends in Chromium: a member asks for the study's anchorage and year and reads the study's
findings, with the charts drawn."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.incidents.conftest import report
from tests.reports.test_api import study
from tests.reports.test_pages import STUDY_FINDINGS
from tests.reports.test_report import pages

from .test_incident_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_reads_the_studys_findings(new_page, cast):
    study(cast)
    page = new_page()
    log_in(page, cast.member_b)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Trends").click()
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


def test_a_member_has_the_worker_make_the_pdf(new_page, cast, celery_worker):
    study(cast)
    page = new_page()
    log_in(page, cast.member_b)
    page.goto("/trends/?port=NGLOS-ANCH&since=2019-01-01&until=2019-12-31")
    page.get_by_role("button", name="Make a PDF report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PDF trend report")
    expect(page.get_by_test_id("export-state")).to_have_text("Ready to download", timeout=30_000)
    expect(page.get_by_test_id("export-tlp")).to_have_text("TLP:GREEN")
    with page.expect_download() as info:
        page.get_by_test_id("export-download").click()
    text = " ".join(pages(Path(info.value.path()).read_bytes())).replace(" ", "")
    assert "7of10incidentsonaFridayorSaturday." in text


def test_anyone_reads_a_regions_figures(new_page, cast):
    report(cast, occurred_on=timezone.now().date() - dt.timedelta(days=5), tlp="clear",
           perpetrators=6, crew_on_board=19)  # fmt: skip
    page = new_page()
    page.goto("/")
    expect(page.get_by_test_id("headline")).to_contain_text("6 criminals reported")
    page.get_by_role("link", name="West Africa / Gulf of Guinea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("West Africa / Gulf of Guinea")
    expect(page.get_by_test_id("headline")).to_contain_text("19 crew on board ships boarded")
    expect(page.get_by_test_id("top-ports")).to_contain_text("Lagos Anchorage")
    page.get_by_role("link", name="Lagos Anchorage").click()
    expect(page.get_by_test_id("trend-count")).to_have_text("1 incident")


def test_the_map_opens_the_trend_of_its_filters_and_of_the_area_in_view(new_page, cast):
    study(cast)
    report(cast, occurred_on=dt.date(2019, 5, 5), latitude=1.26, longitude=104.08)  # Singapore
    page = new_page()
    log_in(page, cast.member_b)
    page.goto("/incidents/map/?view=9/6.3/3.33&since=2019-01-01&until=2019-12-31")
    expect(page.get_by_test_id("incident-map")).to_have_attribute("data-loaded", "10")
    page.get_by_test_id("trend-area-link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("nm of 6.30, 3.33")
    expect(page.get_by_test_id("trend-count")).to_have_text("10 incidents")
    expect(page.get_by_test_id("findings").locator("li")).to_have_text(STUDY_FINDINGS)
    page.go_back()
    page.get_by_test_id("trend-link").click()
    expect(page.get_by_test_id("trend-count")).to_have_text("11 incidents")
