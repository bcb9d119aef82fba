"""Groups in Chromium: a CSO creates a working group joined by request; another company's
CSO asks to join with a reason and the owner approves from the bell; the two discuss an AMBER
incident shared with the group; a third company's CSO sees neither the incident nor the
discussion."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import OrganisationFactory, member
from tests.incidents.conftest import report

from .conftest import bell_rings
from .test_incident_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_working_group_by_request_shares_an_incident_and_its_discussion(
    new_page, cast, celery_worker, settings
):
    settings.CHATTER_POST_INTERVAL_SECONDS = 1
    outsider = member(OrganisationFactory(name="Charlie Cruises", slug="charlie"))

    owner = new_page()
    log_in(owner, cast.member_a)
    owner.get_by_role("link", name="Groups").click()
    owner.get_by_role("link", name="CSO Groups").click()
    owner.get_by_role("link", name="Create a group").click()
    owner.get_by_label("Name").fill("Lagos anchorage watch")
    owner.get_by_label("Description").fill("CSOs whose ships wait off Lagos.")
    owner.get_by_label("How people join").select_option("request")
    owner.get_by_role("button", name="Create the group").click()
    expect(owner.get_by_test_id("group-name")).to_have_text("Lagos anchorage watch")
    group_url = owner.url

    asker = new_page()
    log_in(asker, cast.member_b)
    asker.goto("/groups/?collection=cso")
    asker.get_by_role("link", name="Lagos anchorage watch").click()
    asker.get_by_role("button", name="Ask to join").click()  # without a reason
    expect(asker.get_by_text("Say why.")).to_be_visible()
    asker.get_by_label("Why you would like to join").fill("Two of our tankers call monthly.")
    asker.get_by_role("button", name="Ask to join").click()
    expect(asker.get_by_test_id("requested")).to_be_visible()

    bell_rings(owner)  # the worker tells them
    owner.get_by_test_id("bell").click()
    owner.get_by_role("link", name=re.compile("asks to join")).first.click()
    request = owner.get_by_test_id("request")
    expect(request).to_contain_text("Two of our tankers call monthly.")
    request.get_by_role("button", name="Approve").click()
    expect(owner.get_by_test_id("members")).to_contain_text(cast.member_b.full_name)

    # The owner reports an AMBER incident shared with the group, then discusses it there.
    incident = report(cast, tlp="amber", vessel_name="Quiet Star")
    incident.shared_with_groups.set([_group_of(group_url)])
    owner.goto(group_url)
    owner.get_by_test_id("start-in-group").click()
    owner.get_by_label("Title").fill("Quiet Star boarded at anchor")
    owner.get_by_label("First post").fill(f"Ours: {incident.reference}. Same gang as March?")
    expect(owner.get_by_label("TLP marking")).to_have_value("amber")
    owner.get_by_role("button", name="Start the thread").click()
    expect(owner.get_by_role("heading", name="Quiet Star boarded at anchor")).to_be_visible()
    thread_url = owner.url

    asker.goto(group_url)
    asker.get_by_role("link", name="Quiet Star boarded at anchor").click()
    post = asker.get_by_test_id("post").first
    expect(post.get_by_test_id("incident-card")).to_contain_text(incident.reference)
    asker.get_by_label("Your reply").fill("Same pattern as ours in March: the stern, at 02:00.")
    asker.get_by_role("button", name="Post the reply").click()
    expect(owner.get_by_text("Same pattern as ours in March")).to_be_visible(timeout=20_000)

    third = new_page()
    log_in(third, outsider)
    assert third.goto(thread_url).status == 404
    assert third.goto(f"/incidents/{incident.reference}/").status == 404
    third.goto(group_url)
    expect(third.get_by_role("button", name="Ask to join")).to_be_visible()
    expect(third.get_by_text("Quiet Star")).to_have_count(0)


def _group_of(url: str):
    from groups.models import Group

    return Group.objects.get(slug=url.rstrip("/").split("/")[-1])
