"""axe-core (WCAG 2.2 A and AA rules) in Chromium over every page of the access matrix that
a member reaches, at a phone's width and a desk's: no violation. And the first key a
keyboard presses reaches a link past the menu, to the content."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .test_incident_journey import log_in
from .test_phone_width import member_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                "wcag22aa"]}}  # fmt: skip


def violations(page) -> list[str]:
    found = Axe().run(page, options={**RULES, "resultTypes": ["violations"]})
    return [
        f"{rule['id']} ({rule['impact']}): {node['target']}"
        for rule in found.response["violations"]
        for node in rule["nodes"][:3]
    ]


def pages_failing(page, urls: list[str]) -> dict[str, list[str]]:
    """axe's violations on each HTML page of these, by address (none: an empty dict)."""
    found = {}
    for url in urls:
        answer = page.goto(url)
        if answer is None or "text/html" not in answer.headers.get("content-type", ""):
            continue
        problems = violations(page)
        if problems:
            found[url] = problems
    return found


@pytest.mark.parametrize("width", [390, 1366])
def test_every_page_a_member_reaches_passes_axe(new_page, cast, width):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    log_in(page, cast.member_a)
    found = pages_failing(page, member_pages(cast))
    assert not found, found


@pytest.mark.parametrize(
    ("role", "beyond", "mfa"),
    [("editor", "member_a", True), ("admin_a", "member_a", False), ("staff", "editor", True)],
    ids=["editor", "org-admin", "staff"],
)
def test_the_desks_pages_pass_axe(new_page, cast, role, beyond, mfa):
    """What editors, an organisation's admins and staff reach beyond the role before them:
    the verification queue, the feed desk, flags; vetting and API tokens; statistics."""
    page = new_page()
    log_in(page, cast.user(role), mfa=mfa)
    urls = [url for url in member_pages(cast, role, beyond=beyond) if "/admin/" not in url]
    assert urls, role
    found = pages_failing(page, urls)
    assert not found, found


def test_the_public_pages_pass_axe(new_page, cast):
    """What the public reaches: the landing page, joining, the public map, list and trends."""
    page = new_page()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    urls = member_pages(cast, "public")
    assert len(urls) > 5, urls
    found = pages_failing(page, urls)
    assert not found, found


def test_the_first_tab_offers_to_skip_to_the_content(new_page, cast):
    page = new_page()
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to the content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
