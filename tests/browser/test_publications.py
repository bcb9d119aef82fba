"""Publications in Chromium: a CSO follows the First Response Reports; an editor writes one,
publishes it as developing and the CSO hears of it in the bell; the editor adds two updates
and closes it, with a photo; the CSO reads the log in order, sees the photo, downloads the
PDF for the master and opens the report's discussion."""

import re

import pytest
from playwright.sync_api import expect

from tests.files import jpeg_bytes

from .conftest import bell_rings
from .test_incident_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_issues_a_first_response_report_that_a_watching_cso_follows(
    new_page, cast, celery_worker
):
    cso = new_page()
    log_in(cso, cast.member_a)
    cso.get_by_role("link", name="Publications").click()
    cso.get_by_role("link", name="First Response Reports").click()
    cso.get_by_label("Follow First Response Reports").select_option(label="Watching: bell and mail")
    cso.get_by_role("button", name="Save").click()

    editor = new_page()
    log_in(editor, cast.editor, mfa=True)
    editor.goto("/publications/?kind=first_response")
    editor.get_by_test_id("write").click()
    editor.get_by_label("Title").fill("Tanker boarded and seized off Bonny")
    editor.get_by_label("TLP marking").select_option("green")
    editor.get_by_label("Vessel").fill("Product tanker, 23 crew")
    editor.get_by_label("Not yet known").fill("Where the vessel is being taken.")
    editor.get_by_label("Sources").fill("Reporting centre advisory B2")
    editor.get_by_role("button", name="Keep as a draft").click()
    expect(editor.get_by_test_id("unpublished")).to_be_visible()
    editor.get_by_test_id("publish").click()
    expect(editor.get_by_text("Developing")).to_be_visible()
    report_url = editor.url

    bell_rings(cso)  # the worker tells them
    cso.get_by_test_id("bell").click()
    cso.get_by_role("link", name=re.compile("Tanker boarded and seized off Bonny")).first.click()
    expect(cso.get_by_role("heading", level=1)).to_have_text("Tanker boarded and seized off Bonny")

    for text, closes in [
        ("The vessel is heading south-west at 9 knots.", False),
        ("The crew made contact with the owner: all safe.", False),
        ("The vessel was released at anchor. This report is closed.", True),
    ]:
        editor.goto(report_url)
        editor.get_by_label("Add an update").fill(text)
        if closes:
            editor.get_by_label("This closes the report").check()
        editor.get_by_role("button", name="Add to the log").click()
        expect(editor.get_by_text("Update added to the log.")).to_be_visible()

    editor.goto(report_url)
    editor.get_by_label("A photo (JPEG, PNG, WebP) or a PDF document").set_input_files(
        files=[{"name": "bonny.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes((900, 600))}]
    )
    editor.get_by_label("Caption").fill("The tanker at anchor off Bonny")
    editor.get_by_role("button", name="Add", exact=True).click()
    expect(editor.get_by_text("Photo added")).to_be_visible()

    cso.reload()
    photo = cso.get_by_test_id("photos").get_by_role("img", name="The tanker at anchor off Bonny")
    photo.scroll_into_view_if_needed()  # it loads lazily
    expect(photo).to_be_visible()
    cso.wait_for_function(
        "image => image.complete && image.naturalWidth > 0", arg=photo.element_handle()
    )
    assert photo.evaluate("image => image.naturalWidth") == 720  # the page's copy, loaded
    entries = cso.get_by_test_id("log-entry")
    expect(entries).to_have_count(3)
    expect(entries.nth(0)).to_contain_text("heading south-west")
    expect(entries.nth(1)).to_contain_text("all safe")
    expect(entries.nth(2)).to_contain_text("closed")
    expect(cso.get_by_text("Closed", exact=True)).to_be_visible()
    with cso.expect_download() as info:
        cso.get_by_test_id("pdf").click()
    with open(info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    cso.get_by_test_id("discuss-publication").click()
    expect(cso.get_by_role("heading", level=1)).to_have_text("Tanker boarded and seized off Bonny")
    cso.get_by_label("Your reply").fill("Our ships in the area are told.")
    cso.get_by_role("button", name="Post the reply").click()
    cso.goto(report_url)
    expect(cso.get_by_test_id("discuss-publication")).to_have_text("Discussion (2 posts)")
