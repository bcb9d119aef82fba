"""A member's first look after logging in, in Chromium at phone and desktop widths: their
home, with the latest incidents of their regions, their ports and their shortcuts."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.notifications.services import watch_set
from tests.incidents.conftest import report

from .test_incident_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_after_login_a_member_lands_on_their_home(new_page, cast, width):
    incident = report(cast, occurred_on=timezone.localdate() - dt.timedelta(days=5), tlp="green")
    watch_set(user=cast.member_a, target_type="region", target_key="west_africa",
              label="West Africa")  # fmt: skip
    watch_set(user=cast.member_a, target_type="port", target_key="NGLOS-ANCH",
              label="Lagos Anchorage")  # fmt: skip
    page = new_page()
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.set_viewport_size({"width": width, "height": 844 if width < 800 else 800})
    log_in(page, cast.member_a)
    page.goto("/")
    home = page.get_by_test_id("member-home")
    expect(home).to_be_visible()
    expect(page.get_by_test_id("home-latest")).to_contain_text("Boarded at Lagos Anchorage")
    expect(page.get_by_test_id("home-ports")).to_contain_text("1 incident in the last 12 months")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_test_id("shortcuts").get_by_role("link", name="Map").click()
    expect(page.get_by_test_id("incident-map")).to_be_visible()
    page.go_back()
    page.get_by_test_id("home-latest").get_by_role(
        "link", name="Boarded at Lagos Anchorage"
    ).click()
    expect(page).to_have_url(f"/incidents/{incident.reference}/")
    # Its small map draws the position itself: no marker image to fetch (and to miss).
    expect(page.locator("path.position-pin")).to_have_count(1)
    assert missing == []


@pytest.mark.parametrize("width", [360, 390, 1366])
def test_on_a_phone_the_header_is_one_line_and_the_menu_opens(new_page, cast, width):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, cast.member_a)
    page.goto("/about/")
    header = page.locator(".site-header")
    toggle = page.get_by_test_id("menu-toggle")
    trends = page.get_by_role("navigation", name="Main").get_by_role("link", name="Trends")
    expect(page.get_by_test_id("bell")).to_be_visible()
    if width > 720:
        expect(toggle).to_be_hidden()
        expect(trends).to_be_visible()
        return
    assert header.bounding_box()["height"] <= 64
    expect(trends).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(trends).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.keyboard.press("Escape")
    expect(trends).to_be_hidden()
    toggle.click()
    trends.click()
    expect(page).to_have_url("/trends/")
