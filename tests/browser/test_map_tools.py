"""The map's field tools in Chromium, with the tile server unreachable: incidents at one
position spread out on click, clusters that never overlap, the time range control that
filters live, and the place search that flies the map."""

import datetime as dt
import re
import time

import pytest
from playwright.sync_api import expect

from incidents import clusters
from tests.incidents.conftest import report

from .test_map_and_list import coast_drawn, loaded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1366]
DASH = "\N{EN DASH}"


def open_map(new_page, width: int, view: str, query: str = ""):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 844 if width < 800 else 800})
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())  # a ship
    page.goto(f"/incidents/map/?view={view}{query}")
    return page


def overlapping(boxes: list[dict]) -> list[tuple[int, int]]:
    pairs = []
    for i, a in enumerate(boxes):
        for j, b in enumerate(boxes[i + 1 :], start=i + 1):
            across = a["x"] < b["x"] + b["width"] - 0.5 and b["x"] < a["x"] + a["width"] - 0.5
            down = a["y"] < b["y"] + b["height"] - 0.5 and b["y"] < a["y"] + a["height"] - 0.5
            if across and down:
                pairs.append((i, j))
    return pairs


@pytest.fixture
def at_one_anchorage(cast):
    """Four public incidents placed at Lagos anchorage's own position, and one nearby."""
    made = [
        report(cast, latitude=6.3, longitude=3.33, tlp="clear", occurred_on=dt.date(2021, 5, day),
               category="boarded" if day % 2 else "theft")
        for day in (1, 2, 3, 4)
    ]  # fmt: skip
    made.append(report(cast, latitude=6.38, longitude=3.45, tlp="clear"))
    return made


@pytest.mark.parametrize("width", WIDTHS)
def test_incidents_at_one_position_spread_out_on_click(new_page, at_one_anchorage, width):
    page = open_map(new_page, width, "11/6.33/3.38")
    loaded(page, 5)
    coast_drawn(page)
    stack = page.get_by_test_id("map-stack")
    expect(stack).to_have_text("4")
    expect(page.locator("path.incident")).to_have_count(1)  # the one nearby
    stack.click()
    spread = page.locator("path.incident.spidered")
    expect(spread).to_have_count(4)
    expect(page.locator("path.spider-leg")).to_have_count(4)
    boxes = [spread.nth(i).bounding_box() for i in range(4)]
    assert overlapping(boxes) == []
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= width for box in boxes)
    spread.first.click(force=True)
    expect(page.locator(".map-popup")).to_contain_text("CSOA-2021-000")
    page.keyboard.press("Escape")
    expect(spread).to_have_count(0)
    stack.click()
    expect(spread).to_have_count(4)
    page.get_by_role("button", name="Zoom in").click()  # zooming closes it too
    expect(spread).to_have_count(0)


@pytest.mark.parametrize("width", WIDTHS)
def test_clusters_never_overlap(new_page, cast, monkeypatch, width):
    monkeypatch.setattr(clusters, "SINGLES_MAX", 2)
    # Either side of the prime meridian, a grid cell's edge at every zoom: two cells whose
    # clusters sit almost on one spot; and a spread of neighbours along the coast.
    for n, (lat, lon) in enumerate([(5.0, -0.02), (5.0, 0.02), (5.1, 0.01),
                                    (4.6, 1.6), (6.1, 2.3), (6.3, 3.3), (4.3, 7.0)]):  # fmt: skip
        report(cast, latitude=lat, longitude=lon, tlp="clear", occurred_on=dt.date(2020, 1, n + 1),
               position_confirmed=True)  # fmt: skip
    for view in ("2/5/2", "4/5/2", "6/5/2"):
        page = open_map(new_page, width, view)
        loaded(page, 7)
        icons = page.locator(".leaflet-marker-icon.cluster")
        boxes = [icons.nth(i).bounding_box() for i in range(icons.count())]
        assert boxes and overlapping(boxes) == [], view
        counts = [int(t) for t in page.locator(".cluster span").all_inner_texts()]
        singles = page.locator("path.incident").count()
        assert sum(counts) + singles == 7, view
        page.close()


@pytest.fixture
def over_the_years(cast):
    return [
        report(cast, latitude=lat, longitude=lon, tlp="clear", occurred_on=day)
        for lat, lon, day in [
            (6.29, 3.33, dt.date(1995, 3, 4)),
            (4.2, 7.1, dt.date(2010, 7, 1)),
            (1.26, 104.08, dt.date(2019, 3, 31)),
            (1.2, 103.9, dt.date(2019, 4, 1)),
            (12.5, 45.0, dt.date(2021, 1, 15)),
        ]
    ]


def months_from_start(year: int, month: int) -> str:
    return str((year - 1978) * 12 + month - 1)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_time_range_filters_the_map_live(new_page, over_the_years, width):
    page = open_map(new_page, width, "1/10/60")
    loaded(page, 5)
    coast_drawn(page)
    time = page.get_by_test_id("map-time")
    expect(time).to_contain_text("All dates")
    page.get_by_test_id("map-time-from").fill(months_from_start(2019, 3))
    expect(time).to_contain_text(f"Mar 2019 {DASH} ")
    loaded(page, 3)
    expect(page.get_by_test_id("map-total")).to_have_text("3")
    assert "since=2019-03-01" in page.url and "until" not in page.url
    page.get_by_test_id("map-time-until").fill(months_from_start(2019, 3))
    expect(time).to_contain_text(f"Mar 2019 {DASH} Mar 2019")
    loaded(page, 1)
    assert "until=2019-03-31" in page.url
    # A year at a time from the keyboard.
    page.get_by_test_id("map-time-until").press("PageUp")
    expect(time).to_contain_text(f"Mar 2019 {DASH} Mar 2020")
    loaded(page, 2)
    # The list and the filters follow the range.
    assert "since=2019-03-01" in page.get_by_test_id("to-list").get_attribute("href")
    assert page.locator("#id_until").input_value() == "2020-03-31"
    page.get_by_role("button", name="All", exact=True).click()
    loaded(page, 5)
    expect(time).to_contain_text("All dates")
    assert "since" not in page.url


@pytest.mark.parametrize("width", WIDTHS)
def test_the_place_search_flies_the_map_there(new_page, cast, width):
    page = open_map(new_page, width, "2/10/60")
    loaded(page, 0)
    box = page.get_by_label("Find a port, anchorage or region")
    box.fill("lagos anch")
    place = page.get_by_test_id("map-place").first
    expect(place).to_contain_text("Lagos Anchorage")
    expect(place).to_contain_text("Nigeria")
    expect(place).not_to_contain_text("Anchorage Anchorage")
    place.click()
    expect(page).to_have_url(re.compile(r"view=11(%2F|/)6\.3"))
    expect(box).to_be_focused()  # the chosen place's button is gone: focus stays in the box
    box.fill("gulf of guinea")
    expect(page.get_by_test_id("map-place").first).to_contain_text("West Africa")
    box.press("Enter")
    page.wait_for_url(re.compile(r"view=[3-7](%2F|/)"))
    box.fill("nowhere at all")
    expect(page.get_by_test_id("map-find")).to_contain_text("No port, anchorage or region")


def test_a_crowd_at_one_position_is_listed_instead(new_page, cast):
    for day in range(1, 27):
        report(cast, latitude=22.2167, longitude=91.7932, tlp="clear",
               occurred_on=dt.date(2007, 1, day), position_confirmed=True)  # fmt: skip
    page = open_map(new_page, 390, "14/22.2167/91.7932")
    loaded(page, 26)
    page.get_by_test_id("map-stack").click()
    listed = page.locator(".map-stack-list")
    expect(listed).to_contain_text("26 incidents here")
    expect(listed.get_by_role("link")).to_have_count(26)
    expect(page.locator("path.incident.spidered")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize(("width", "view"), [(390, ""), (1366, "5/6.0/3.0"), (1366, "")])
def test_the_first_view_is_asked_for_before_leaflet_arrives(
    new_page, at_one_anchorage, width, view
):
    """map_early.js works out the view's bounds as Leaflet does: its answer is the first
    draw, and the map asks for nothing more. Leaflet comes late, as over a slow link."""
    page = new_page()

    def late(route):
        time.sleep(0.8)
        route.continue_()

    page.route("**/leaflet/leaflet.js", late)
    page.set_viewport_size({"width": width, "height": 844 if width < 800 else 800})
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/api/v1/incidents/map/" in r.url else None)
    page.goto(f"/incidents/map/?view={view}" if view else "/incidents/map/")
    loaded(page, 5)
    expect(page.get_by_test_id("incident-map")).to_have_attribute("data-first-view", "early")
    # The next request is the one a move asks for: nothing came between, from Leaflet's
    # arrival or from the first draw (an aborted request is still seen here).
    with page.expect_response(lambda r: "/api/v1/incidents/map/" in r.url and r.url != asked[0]):
        page.locator(".leaflet-control-zoom-in").click()
    assert len(asked) == 2, asked


def test_markers_and_stacks_work_by_keyboard(new_page, at_one_anchorage):
    page = open_map(new_page, 390, "11/6.33/3.38")
    loaded(page, 5)
    alone = page.locator("path.incident[role=button]").first
    expect(alone).to_have_attribute("aria-label", re.compile(r"^CSOA-\d{4}-\d{4}: "))
    alone.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".map-popup")).to_be_visible()  # the incident's facts, by keyboard
    stack = page.locator("[role=button][aria-label*='incidents here']").first
    stack.focus()
    page.keyboard.press(" ")
    expect(page.locator("path.incident.spidered").first).to_be_visible()
