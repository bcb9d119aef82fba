"""The map and the list in Chromium: clusters that split as you zoom in, filters that change
the counts on both alike, and a shared link that restores the same view."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from incidents import clusters
from tests.incidents.conftest import report

from .test_incident_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def history(cast, monkeypatch):
    monkeypatch.setattr(clusters, "SINGLES_MAX", 2)  # six incidents are enough to cluster
    places = [
        (6.29, 3.33, "boarded"),  # Lagos anchorage
        (6.30, 3.35, "boarded"),
        (4.20, 7.10, "theft"),  # Bonny, 4 degrees east
        (1.26, 104.08, "boarded"),  # Singapore Strait
        (1.20, 103.90, "attempted"),
        (-17.0, 179.9, "boarded"),  # Fiji
    ]
    return [
        report(cast, latitude=lat, longitude=lon, category=category,
               occurred_on=dt.date(2020, 1, 1 + n))
        for n, (lat, lon, category) in enumerate(places)
    ]  # fmt: skip


def loaded(page, total: int):
    expect(page.get_by_test_id("incident-map")).to_have_attribute("data-loaded", str(total))


def coast_drawn(page):
    """The tile server cannot be reached: the platform's own basemap is drawn instead."""
    expect(page.get_by_test_id("incident-map")).to_have_attribute("data-basemap-state", "own")
    own = page.locator('img.leaflet-tile[src*="/tiles/land/"]')
    expect(own.first).to_be_visible()
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.leaflet-tile[src*=\"/tiles/land/\"]')]"
        ".some(tile => tile.complete && tile.naturalWidth === 256)"
    )


def cluster_counts(page) -> list[int]:
    return sorted(int(text.rstrip("k")) for text in page.locator(".cluster span").all_inner_texts())


def test_clusters_split_filters_count_alike_and_links_restore_the_view(new_page, cast, history):
    page = new_page()
    log_in(page, cast.member_b)
    page.goto("/incidents/map/?view=2/5/60")
    loaded(page, 6)
    expect(page.get_by_test_id("map-total")).to_have_text("6")
    assert cluster_counts(page) == [1, 2, 3]  # West Africa, Singapore, Fiji

    # Zooming in on West Africa splits its cluster: Lagos anchorage apart from Bonny.
    page.locator(".cluster", has_text=re.compile(r"^3$")).click()
    loaded(page, 3)
    assert cluster_counts(page) == [1, 2]
    assert re.search(r"view=4%2F", page.url) or "view=4/" in page.url

    # The same link in another browser restores the same view.
    shared = page.url
    other = new_page()
    log_in(other, cast.member_b)
    other.goto(shared)
    loaded(other, 3)
    assert cluster_counts(other) == [1, 2]
    assert other.url == shared

    # A filter changes the count on the map, and the list agrees.
    page.get_by_label("Category").select_option(["boarded"])
    page.get_by_role("button", name="Filter").click()
    loaded(page, 2)
    assert "category=boarded" in page.url and "view=4" in page.url.replace("%2F", "/")
    page.get_by_test_id("to-list").click()
    expect(page.get_by_test_id("count")).to_have_text("4 incidents")
    rows = page.locator("table.incidents tbody tr")
    expect(rows).to_have_count(4)
    page.get_by_test_id("to-map").click()
    page.get_by_role("button", name="Filter")  # back on the map with the same filter
    assert "category=boarded" in page.url


def test_single_incidents_open_a_popup_with_a_link(new_page, cast, history):
    page = new_page()
    log_in(page, cast.member_b)
    page.goto("/incidents/map/?view=12/6.295/3.34")  # far enough apart to stand alone
    loaded(page, 2)
    markers = page.locator("path.incident")
    expect(markers).to_have_count(2)
    markers.first.click(force=True)
    popup = page.locator(".map-popup")
    expect(popup).to_contain_text("Boarded")
    popup.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/incidents/CSOA-2020-000[12]/$"))


@pytest.mark.parametrize("width", [360, 390])
def test_on_a_phone_the_map_fills_the_screen_and_the_filters_are_a_drawer(
    new_page, cast, history, width
):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 780})
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())  # a ship
    log_in(page, cast.member_b)
    page.goto("/incidents/map/?view=1/5/90")
    loaded(page, 6)
    coast_drawn(page)
    box = page.get_by_test_id("incident-map").bounding_box()
    header = page.locator(".site-header").bounding_box()
    assert box["width"] == width and box["height"] >= 780 - header["height"] - 2
    assert box["y"] + box["height"] <= 781  # fills the screen under the header, no more
    toggle = page.get_by_test_id("map-drawer-toggle")
    expect(toggle).to_contain_text("6 in view")
    filters = page.get_by_role("button", name="Filter", exact=True)
    expect(filters).not_to_be_visible()
    toggle.click()
    expect(filters).to_be_visible()
    expect(page.get_by_role("list", name="Categories")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing overflows
    page.get_by_test_id("map-drawer-close").click()
    expect(filters).not_to_be_visible()
    toggle.click()
    page.keyboard.press("Escape")
    expect(filters).not_to_be_visible()


def test_at_desktop_width_the_filters_stand_beside_the_map(new_page, cast, history):
    page = new_page()
    page.set_viewport_size({"width": 1366, "height": 800})
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    log_in(page, cast.member_b)
    page.goto("/incidents/map/?view=2/5/60")
    loaded(page, 6)
    coast_drawn(page)
    expect(page.get_by_test_id("map-drawer-toggle")).not_to_be_visible()
    side = page.locator("#map-side").bounding_box()
    map_box = page.get_by_test_id("incident-map").bounding_box()
    assert side["x"] + side["width"] <= map_box["x"] + 1 and map_box["height"] > 600
    for name in ("Categories", "Verification"):  # the legend, without scrolling
        legend = page.get_by_role("list", name=name).bounding_box()
        assert legend["y"] + legend["height"] <= 800, name
