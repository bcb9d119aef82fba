"""CSO Chatter in Chromium: a CSO starts a GREEN thread naming two incidents and mentioning
a CSO of another company, picked from the autocomplete; the second gets the bell, reads it
(one incident's card shows, the other stays plain text) and replies; the first sees the reply
appear without reloading, and later the menu's count of unread threads; a post full of
hostile Markdown runs nothing in the browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.chatter.test_markdown import HOSTILE
from tests.incidents.conftest import report

from .test_incident_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_companies_talk_and_each_reader_sees_only_their_cards(
    new_page, cast, celery_worker, settings
):
    settings.CHATTER_POST_INTERVAL_SECONDS = 1
    secret = report(cast, reporter=cast.member_a, tlp="amber_strict", vessel_name="Secret Star")
    shared = report(cast, reporter=cast.member_a, tlp="green", vessel_imo="9321483")

    first = new_page()
    dialogs = []
    first.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(first, cast.member_a)
    first.get_by_test_id("chatter-link").click()
    first.get_by_role("link", name="Start a thread").click()
    first.get_by_label("Title").fill("Robbers back at Lagos anchorage")
    body = first.get_by_label("First post")
    body.fill(
        f"Same gang as {shared.reference}? Ours was {secret.reference}.\n\n" + "\n\n".join(HOSTILE)
    )
    body.press("End")
    body.press_sequentially(f"\n\nWhat do you think, @{cast.member_b.full_name[:3]}")
    # The generated names may share their first letters: the suggestion of member B's name.
    options = first.get_by_test_id("mention-list").get_by_role("option")
    suggestion = options.filter(has_text=cast.member_b.full_name).first
    expect(suggestion).to_contain_text(cast.member_b.full_name)
    expect(suggestion).to_contain_text("Bravo Lines")
    suggestion.click()
    expect(body).to_have_value(re.compile(rf"@{re.escape(cast.member_b.handle)} $"))
    first.get_by_role("button", name="Start the thread").click()
    expect(first.get_by_role("heading", name="Robbers back at Lagos anchorage")).to_be_visible()
    post = first.get_by_test_id("post").first
    expect(post.get_by_test_id("incident-card")).to_have_count(2)  # both are hers to see
    thread_url = first.url

    second = new_page()
    second.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(second, cast.member_b)
    expect(second.get_by_test_id("bell-count")).to_have_text("1", timeout=15_000)
    second.get_by_test_id("bell").click()
    second.get_by_role("link", name=re.compile("mentioned you")).first.click()
    expect(second.get_by_role("heading", name="Robbers back at Lagos anchorage")).to_be_visible()
    post = second.get_by_test_id("post").first
    expect(post.get_by_test_id("incident-card")).to_have_count(1)
    expect(post.get_by_test_id("incident-card")).to_contain_text(shared.reference)
    expect(post).to_contain_text(secret.reference)  # plain text: no card, no link
    expect(post.locator(f'a[href*="{secret.reference}"]')).to_have_count(0)
    first.evaluate("window.stillTheSamePage = true")
    second.get_by_label("Your reply").fill("Yes: four men in a skiff, 02:00, same ladder trick.")
    second.get_by_role("button", name="Post the reply").click()
    expect(second.get_by_test_id("post")).to_have_count(2)

    # The first CSO, who kept the thread open, sees the reply arrive within 15 s.
    expect(first.get_by_test_id("post").nth(1)).to_contain_text(
        "four men in a skiff", timeout=15_000
    )
    assert first.evaluate("window.stillTheSamePage") is True  # no reload

    first.goto("/")
    second.get_by_label("Your reply").fill("And they came back the next night.")
    second.get_by_role("button", name="Post the reply").click()
    expect(second.get_by_test_id("post")).to_have_count(3)
    first.reload()
    expect(first.get_by_test_id("chatter-unread")).to_have_text("1")
    first.goto(thread_url)
    expect(first.get_by_test_id("post").nth(2)).to_contain_text("the next night")
    expect(first.get_by_test_id("chatter-unread")).to_have_count(0)
    assert dialogs == []  # nothing the hostile Markdown held ran: no alert, no prompt
    assert re.search(r"/chatter/t/\d+/", thread_url)
