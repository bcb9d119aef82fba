"""Sharing with a group through the access policy: incidents, their updates and files,
threads; the pages, the API and the notifications hold what the members of the group may
see, and nothing for a former member or another company's member."""

import pytest

from groups import services
from incidents.models import Incident
from incidents.services import update_add
from members.access import audience, can_view, viewer_for, viewers_for
from members.models import Notification
from tests.conftest import api_auth
from tests.incidents.conftest import report
from tests.notify import fan_out_all, watch_region
from tests.security.access_matrix import callers_group

pytestmark = pytest.mark.django_db


def test_an_amber_incident_shared_with_a_group_is_seen_by_its_members_alone(client, cast):
    group = callers_group(cast)  # member B in it; admin B joined and left
    headers = api_auth(client, cast.member_a)
    made = client.post(
        "/api/v1/incidents/",
        {"occurred_on": "2019-03-08", "category": "boarded", "latitude": 6.29,
         "longitude": 3.33, "tlp": "amber", "shared_with_groups": [group.slug]},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert made.status_code == 201, made.content
    reference = made.json()["reference"]
    incident = Incident.objects.unrestricted().get(reference=reference)
    assert list(incident.shared_with_groups.all()) == [group]
    for user, status in [(cast.member_b, 200), (cast.admin_b, 404), (cast.editor, 200)]:
        client.force_login(user)
        assert client.get(f"/incidents/{reference}/").status_code == status, user
    # What is added to it is seen as it is: an update, and its file.
    update = update_add(incident=incident, author=cast.member_a, text="Crew safe.")
    assert can_view(viewer_for(cast.member_b), update)
    assert not can_view(viewer_for(cast.admin_b), update)


def test_naming_a_group_one_is_not_in_or_under_another_marking_is_refused(client, cast):
    theirs = services.group_create(creator=cast.member_b, name="Bravo's own", collection="cso")
    headers = api_auth(client, cast.member_a)
    base = {"occurred_on": "2019-03-08", "category": "boarded", "latitude": 6.29,
            "longitude": 3.33}  # fmt: skip
    before = Incident.objects.unrestricted().count()
    for shared in [
        {"tlp": "amber", "shared_with_groups": [theirs.slug]},
        {"tlp": "amber", "shared_with_groups": ["no-such-group"]},
        {"tlp": "green", "shared_with_groups": [callers_group(cast).slug]},
        {"tlp": "amber", "shared_with_groups": ["Not a slug!"]},
    ]:
        answer = client.post(
            "/api/v1/incidents/", {**base, **shared}, content_type="application/json", **headers
        )
        assert answer.status_code == 400, shared
        assert "shared_with_groups" in answer.json()
    assert Incident.objects.unrestricted().count() == before


def test_the_report_form_offers_the_groups_one_is_in(client, cast):
    group = callers_group(cast)
    client.force_login(cast.member_a)
    assert group.name in client.get("/incidents/report/").content.decode()
    client.force_login(cast.admin_b)  # left it
    assert group.name not in client.get("/incidents/report/").content.decode()


def test_watchers_are_told_of_what_is_shared_with_their_group_and_no_one_else(cast):
    group = callers_group(cast)
    for user in (cast.member_b, cast.admin_b):
        watch_region(user)
    incident = report(cast, tlp="amber", shared_with_groups=[group])
    fan_out_all()
    told = set(
        Notification.objects.filter(subject_id=incident.pk).values_list("recipient_id", flat=True)
    )
    assert cast.member_b.pk in told and cast.admin_b.pk not in told
    users = [cast.member_a, cast.member_b, cast.admin_b, cast.editor]
    assert audience(incident, viewers_for(users)) == {
        cast.member_a.pk,
        cast.member_b.pk,
        cast.editor.pk,
    }
    assert audience(incident, viewers_for(users), batch=1) == audience(incident, viewers_for(users))


def test_a_conversation_with_a_group_reaches_its_members_now_and_not_after_they_leave(client, cast):
    group = callers_group(cast)
    headers = api_auth(client, cast.member_a)
    made = client.post(
        "/api/v1/chatter/threads/",
        {"title": "Between us", "body": "Only the group.", "tlp": "red",
         "recipient_groups": [group.slug]},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    client.force_login(cast.member_b)
    assert client.get(f"/chatter/t/{pk}/").status_code == 200
    services.group_leave(user=cast.member_b, group=group)
    assert client.get(f"/chatter/t/{pk}/").status_code == 404
    client.force_login(cast.admin_b)
    assert client.get(f"/chatter/t/{pk}/").status_code == 404


def test_a_thread_is_started_in_a_group_through_the_api(client, cast):
    group = callers_group(cast)
    headers = api_auth(client, cast.member_b)
    made = client.post(
        "/api/v1/chatter/threads/",
        {"title": "Lagos pilots", "body": "Any delays?", "tlp": "amber", "group": group.slug},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert made.status_code == 201, made.content
    headers = api_auth(client, cast.admin_b)  # not in it
    refused = client.post(
        "/api/v1/chatter/threads/",
        {"title": "Me too", "body": "Hello.", "tlp": "green", "group": group.slug},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert refused.status_code == 403


def test_the_group_page_lists_the_incidents_shared_with_it(client, cast):
    from groups.services import group_create, group_join
    from tests.incidents.conftest import report

    group = group_create(
        creator=cast.member_a, name="Bonny watch", collection="cso", join_policy="open"
    )
    group_join(user=cast.member_b, group=group)
    shared = report(cast, tlp="amber", shared_with_groups=[group])
    addressed = report(cast, tlp="red", recipient_groups=[group])
    elsewhere = report(cast, tlp="amber")
    client.force_login(cast.member_b)
    page = client.get(f"/groups/{group.slug}/").content.decode()
    section = page.split('data-testid="group-incidents"')[1].split("</section>")[0]
    assert shared.reference in section and addressed.reference in section
    assert elsewhere.reference not in section
    client.force_login(cast.admin_b)  # not in the group: sees none of them
    assert (
        'data-testid="group-incidents"' not in client.get(f"/groups/{group.slug}/").content.decode()
    )
