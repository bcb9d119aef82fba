"""Notifications in Chromium: another company's CSO asks for alerts on a saved search; a CSO
reports; the alert arrives by mail; an editor verifies; the reporting CSO sees the bell's
count and the inbox entry, opens it, and the count drops."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from incidents.services import saved_search_save
from tests.incidents.conftest import report

from .conftest import bell_rings
from .test_incident_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for_mail(to: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in mail.outbox if to in m.to]
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"no mail reached {to}: {[m.subject for m in mail.outbox]}")


def test_an_alert_by_mail_then_the_bell_drops_when_the_verification_is_read(
    new_page, cast, celery_worker
):
    saved_search_save(
        owner=cast.member_b, name="Knives at Lagos", query="port=NGLOS&weapons=knives", view="list"
    )

    # Company B's CSO asks for alerts of that search, at once.
    watcher = new_page()
    log_in(watcher, cast.member_b)
    watcher.goto("/incidents/searches/")
    row = watcher.get_by_test_id("search").filter(has_text="Knives at Lagos")
    row.get_by_label("Alerts").select_option("Watching: bell and mail")
    row.get_by_label("Mail of new incidents").select_option("immediately")
    row.get_by_role("button", name="Save").click()
    expect(watcher.get_by_text("Watching: Knives at Lagos.")).to_be_visible()

    # A CSO of company A reports a boarding with knives at Lagos anchorage.
    incident = report(cast, reporter=cast.member_a, tlp="green", weapons=["knives"])
    [alert] = wait_for_mail(cast.member_b.email)
    assert incident.reference in alert.subject
    assert "List-Unsubscribe" in alert.extra_headers

    # An editor verifies it.
    editor = new_page()
    log_in(editor, cast.editor, mfa=True)
    editor.goto(f"/incidents/{incident.reference}/")
    verify = editor.locator("#verify")
    verify.get_by_label("Status").select_option("verified")
    verify.get_by_label("Reason").fill("Confirmed with the agent at Lagos.")
    verify.get_by_role("button", name="Record").click()
    expect(editor.locator("#status")).to_have_text("Verified")

    # The reporting CSO sees the bell's count and the inbox entry, opens it: the count drops.
    cso = new_page()
    log_in(cso, cast.member_a)
    bell_rings(cso)  # the worker tells them
    cso.get_by_test_id("bell").click()
    entry = cso.get_by_test_id("notification").first
    expect(entry).to_contain_text(f"{incident.reference} was verified: Confirmed with the agent")
    expect(entry).to_contain_text("unread")
    entry.get_by_role("link").click()
    expect(cso).to_have_url(re.compile(f"/incidents/{incident.reference}/$"))
    expect(cso.get_by_test_id("bell-count")).to_have_count(0)
    cso.get_by_test_id("bell").click()
    expect(cso.get_by_test_id("notification").first).not_to_contain_text("unread")
