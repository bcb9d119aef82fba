"""An incident, end to end in Chromium: a CSO reports it with a photo, an editor verifies
and upgrades it with a reason, the timeline shows both, and another company sees it."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from playwright.sync_api import expect

from incidents.models import Attachment
from members.access import visible
from tests.conftest import totp_code
from tests.files import jpeg_bytes
from tests.incidents.conftest import report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def log_in(page, user, *, mfa=False):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if mfa:
        code = totp_code()
        # A code is taken once: the same person signing in again in its window needs it anew.
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        cache.delete(TOTP(authenticator)._get_used_cache_key(code))
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Sign In").click()
    expect(logged_in(page)).to_be_attached()


def logged_in(page):
    """The menu's "Log out" (on a phone it is in the closed menu, so not visible)."""
    return page.get_by_role("link", name="Log out", include_hidden=True)


def wait_until_processed(cast, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        photo = visible(cast.viewer("staff"), Attachment).first()
        if photo is not None and photo.processing != "pending":
            return photo
        time.sleep(0.1)
    raise AssertionError("the photo was not processed")


def test_report_verify_upgrade_and_share(new_page, cast, celery_worker, tmp_path):
    hidden = report(cast, reporter=cast.member_a, tlp="amber_strict", vessel_name="Secret Star")
    photo = tmp_path / "forecastle.jpg"
    photo.write_bytes(jpeg_bytes((800, 600)))

    # A CSO of company A reports an attempted boarding at Lagos anchorage, with a photo.
    cso = new_page()
    cso.route("https://tile.openstreetmap.org/**", lambda route: route.abort())  # at sea
    log_in(cso, cast.member_a)
    cso.get_by_role("link", name="Report", exact=True).click()
    expect(cso.locator("#position-map.leaflet-container")).to_be_visible()
    expect(cso.locator("#position-map")).to_have_attribute("data-basemap-state", "own")
    cso.get_by_label("Date (local)").fill("2024-06-14")
    cso.get_by_label("Time (local)").fill("02:30")
    cso.get_by_label("Port or anchorage").fill("NGLOS-ANCH")
    cso.get_by_label("Category").select_option(label="Attempted boarding")
    cso.get_by_label("Outcome").select_option("unsuccessful")
    cso.get_by_label("Perpetrators").fill("5")
    cso.get_by_label("Knives").check()
    cso.get_by_label("Alert crew").check()
    cso.get_by_label("Vessel name").fill("Atlantic Dawn")
    cso.get_by_label("Vessel status").select_option("anchored")
    cso.get_by_label("Photos, video or documents").set_input_files(str(photo))
    expect(cso.get_by_label("TLP marking")).to_have_value("green")
    cso.get_by_role("button", name="Report the incident").click()
    expect(cso.get_by_text(re.compile(r"CSOA-2024-\d{4} is recorded"))).to_be_visible()
    reference = re.search(r"CSOA-2024-\d{4}", cso.locator("h1").inner_text()).group(0)
    wait_until_processed(cast)
    cso.reload()
    expect(cso.get_by_role("img", name="Photo forecastle.jpg")).to_be_visible()
    expect(cso.locator("#incident-map.leaflet-container")).to_be_visible()
    expect(cso.locator("#incident-map")).to_have_attribute("data-basemap-state", "own")
    expect(cso.locator('#incident-map img.leaflet-tile[src*="/tiles/land/"]').first).to_be_visible()

    # An editor finds it in the queue, verifies it, and upgrades it to boarded.
    editor = new_page()
    log_in(editor, cast.editor, mfa=True)
    editor.locator("[data-testid=menu-desk] summary").click()  # the desk's pages
    editor.get_by_role("link", name="Verify").click()
    editor.get_by_role("link", name=reference).click()
    verify = editor.locator("#verify")
    verify.get_by_label("Status").select_option("verified")
    verify.get_by_label("Source reliability").select_option("B")
    verify.get_by_label("Reason").fill("Confirmed with the agent at Lagos.")
    verify.get_by_role("button", name="Record").click()
    expect(editor.locator("#status")).to_have_text("Verified")
    editor.get_by_role("link", name="Change the facts").click()
    editor.get_by_label("Category").select_option(label="Boarded")
    editor.get_by_label("Reason").fill("Master's report: two robbers reached the forecastle.")
    editor.get_by_role("button", name="Record the change").click()
    expect(editor.locator("#fact-category")).to_have_text("Boarded")
    timeline = editor.locator("#timeline")
    expect(timeline).to_contain_text("Reported → Verified")
    expect(timeline).to_contain_text("Confirmed with the agent at Lagos.")
    expect(timeline).to_contain_text("Attempted boarding → Boarded")
    expect(timeline).to_contain_text("two robbers reached the forecastle")

    # Another company's CSO sees the GREEN incident, its timeline and photo, not the
    # AMBER+STRICT one.
    other = new_page()
    log_in(other, cast.member_b)
    other.get_by_role("link", name="Incidents").click()
    expect(other.get_by_role("link", name=reference)).to_be_visible()
    expect(other.get_by_role("link", name=hidden.reference)).to_have_count(0)
    other.get_by_role("link", name=reference).click()
    expect(other.locator("#timeline")).to_contain_text("Attempted boarding → Boarded")
    expect(other.get_by_role("img", name="Photo forecastle.jpg")).to_be_visible()
    response = other.goto(f"/incidents/{hidden.reference}/")
    assert response.status == 404
