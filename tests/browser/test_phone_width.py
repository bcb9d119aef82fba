"""Every page of the access matrix that a member reaches, opened in Chromium 390 px wide (a
phone): none is wider than the screen. A table of rows is cards there; any other table
scrolls within itself."""

import pytest

from tests.security.access_matrix import ROUTES

from .test_incident_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
NOT_PAGES = (
    "/api/", "/live/", "/feeds/", ".ics", "/pdf", "/file", "/attachments/", "/export", "/calendar",
    "/download", ".csv", ".kml", ".geojson", "format=",
)  # fmt: skip


def member_pages(cast, role: str = "member_a", *, beyond: str = "") -> list[str]:
    """The pages a role is shown (200; ``beyond``: and another role is not), each address
    once: HTML pages, not the API, files, feeds or downloads."""
    seen: list[str] = []
    for route in ROUTES:
        if route.method != "get" or route.token or route.expect.get(role) != 200:
            continue
        if beyond and route.expect.get(beyond) == 200:
            continue
        url = route.url(cast)
        if any(part in url for part in NOT_PAGES) or url in seen:
            continue
        seen.append(url)
    return seen


def test_no_page_a_member_reaches_is_wider_than_a_phone(new_page, cast):
    page = new_page()
    page.set_viewport_size(PHONE)
    log_in(page, cast.member_a)
    wider = []
    urls = member_pages(cast)
    assert len(urls) > 40, urls
    for url in urls:
        answer = page.goto(url)
        if answer is None or "text/html" not in answer.headers.get("content-type", ""):
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wider.append((url, width))
    assert not wider, wider
