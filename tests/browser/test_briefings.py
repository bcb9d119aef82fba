"""A briefing in Chromium: two of a reporting centre's advisories wait for West Africa; an
editor chooses both, writes what they mean and posts one briefing; a CSO who joined West
Africa (watching its new threads) gets it in the bell and by mail, and reads its sources."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from feeds import services as feed_services
from groups import services as group_services
from groups.models import Group
from members.notifications.services import mail_choices_save

from .conftest import bell_rings
from .test_incident_journey import log_in
from .test_notifications import wait_for_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).parents[1] / "feeds" / "fixtures"


def test_an_editor_consolidates_two_advisories_and_a_watching_cso_is_told(
    new_page, cast, celery_worker, settings
):
    source = feed_services.source_add(name="MDAT advisories", format="rss", region="west_africa")
    feed_services.ingest(source, (FIXTURES / "advisories.rss").read_bytes(), trigger="upload")
    group_services.group_join(user=cast.member_b, group=Group.objects.get(slug="west-africa"))
    mail_choices_save(user=cast.member_b, choices={"chatter": "immediately"})

    editor = new_page()
    log_in(editor, cast.editor, mfa=True)
    editor.goto("/groups/west-africa/")
    editor.get_by_test_id("advisories-waiting").get_by_role("link").click()
    drafts = editor.get_by_test_id("draft")
    expect(drafts).to_have_count(2)
    for n in range(2):
        drafts.nth(n).get_by_role("checkbox").check()
    editor.get_by_label("Title").fill("West Africa: robbers back at Lagos anchorage")
    editor.get_by_label("What it means").fill("Two warnings this week: keep the stern watched.")
    editor.get_by_role("button", name="Post the briefing").click()
    expect(
        editor.get_by_role("heading", name="West Africa: robbers back at Lagos anchorage")
    ).to_be_visible()
    expect(editor.get_by_test_id("post").first).to_contain_text("Sources")

    cso = new_page()
    log_in(cso, cast.member_b)
    bell_rings(cso)  # the worker tells them
    cso.get_by_test_id("bell").click()
    cso.get_by_role("link", name=re.compile("robbers back at Lagos")).first.click()
    post = cso.get_by_test_id("post").first
    expect(
        post.get_by_role("link", name="Increased robberies at Lagos anchorage")
    ).to_have_attribute("href", "https://advisories.example.org/2024-07")
    sent = wait_for_mail(cast.member_b.email)
    assert any("robbers back at Lagos" in message.body for message in sent)
