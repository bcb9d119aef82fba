"""Private conversations in Chromium, on a phone: a CSO messages a CSO of another company
from their profile; the recipient is told at once (the bell and the Messages count), finds
the conversation in Messages with whom it is, and replies; the first hears of the reply.
Staff, not named, get "not found". No page of it is wider than the phone."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import bell_rings
from .test_incident_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_a_private_conversation_reaches_its_reader_on_a_phone(
    new_page, cast, celery_worker, settings
):
    settings.CHATTER_POST_INTERVAL_SECONDS = 1
    writer = new_page()
    writer.set_viewport_size(PHONE)
    log_in(writer, cast.member_a)
    writer.goto(f"/directory/{cast.member_b.handle}/")
    writer.get_by_role("link", name="Message").click()
    writer.get_by_label("Title").fill("Crew change at Bonny")
    writer.get_by_label("First post").fill("Did your agent ask for cash too?")
    writer.get_by_role("button", name=re.compile("Start")).click()
    expect(writer.get_by_test_id("with-whom")).to_contain_text(cast.member_b.full_name)
    fits(writer)

    reader = new_page()
    reader.set_viewport_size(PHONE)
    log_in(reader, cast.member_b)
    bell_rings(reader)
    expect(reader.get_by_test_id("messages-unread")).to_have_text("1")
    reader.get_by_test_id("menu-toggle").click()
    reader.get_by_test_id("messages-link").click()
    expect(reader.get_by_role("heading", name="Messages")).to_be_visible()
    conversation = reader.get_by_test_id("conversation")
    expect(conversation).to_contain_text(cast.member_a.full_name)
    expect(conversation).to_contain_text("not opened")
    fits(reader)
    conversation.get_by_role("link", name="Crew change at Bonny").click()
    expect(reader.get_by_test_id("with-whom")).to_contain_text(cast.member_a.full_name)
    reader.get_by_label("Your reply").fill("Yes: 200 dollars, refused.")
    reader.get_by_role("button", name="Post the reply").click()
    expect(reader.get_by_test_id("posts")).to_contain_text("200 dollars")
    fits(reader)

    bell_rings(writer)
    writer.get_by_test_id("bell").click()
    told = writer.get_by_role("link", name=re.compile("replied in a private conversation"))
    expect(told.first).to_be_visible()

    staff = new_page()
    log_in(staff, cast.staff, mfa=True)
    thread_url = reader.url.split("?")[0]
    answer = staff.goto(thread_url.replace(reader.url.split("/chatter/")[0], ""))
    assert answer.status == 404
