"""The groups' pages and API: what they show each person, the forms' answers to good and
bad input, and the API's contract."""

import re

import pytest

from groups import services
from groups.models import Group, GroupMember, JoinRequest
from tests.conftest import api_auth

pytestmark = pytest.mark.django_db


@pytest.fixture
def port_watch(cast):
    return services.group_create(
        creator=cast.member_a, name="Port watch", collection="cso", join_policy="request",
        description="Lagos and Lomé anchorages.",
    )  # fmt: skip


def test_the_index_shows_each_collection_and_ones_own_groups(client, cast, port_watch):
    client.force_login(cast.member_b)
    mine = client.get("/groups/").content.decode()
    assert "You are in no group yet" in mine
    cso = client.get("/groups/?collection=cso").content.decode()
    assert "Port watch" in cso and "Port Crime Working Group" in cso
    assert "Create a group" in cso
    regional = client.get("/groups/?collection=regional_intelligence").content.decode()
    assert "West Africa" in regional and "Port watch" not in regional
    assert "Create a group" not in regional  # editors create those
    found = client.get("/groups/?collection=cso&q=lom").content.decode()
    assert "Port watch" in found and "Port Crime" not in found


def test_a_group_is_made_from_its_form(client, cast):
    client.force_login(cast.member_b)
    answer = client.post(
        "/groups/new/?collection=cso",
        {"name": "Cruise security", "description": "", "join_policy": "open",
         "visibility": "listed"},
    )  # fmt: skip
    group = Group.objects.get(name="Cruise security")
    assert answer.status_code == 302 and answer["Location"] == f"/groups/{group.slug}/"
    assert GroupMember.objects.get(group=group).user == cast.member_b
    again = client.post(
        "/groups/new/?collection=cso",
        {"name": "cruise SECURITY", "join_policy": "open", "visibility": "listed"},
    )
    assert again.status_code == 400 and "already has" in again.content.decode()


def test_asking_to_join_and_the_owner_approving_through_the_pages(client, cast, port_watch):
    client.force_login(cast.member_b)
    page = client.get(f"/groups/{port_watch.slug}/").content.decode()
    assert 'data-testid="request-button"' in page
    refused = client.post(f"/groups/{port_watch.slug}/join/", {"reason": ""}, follow=True)
    assert "Say why" in refused.content.decode()
    assert not JoinRequest.objects.exists()
    client.post(f"/groups/{port_watch.slug}/join/", {"reason": "We anchor off Lomé."})
    page = client.get(f"/groups/{port_watch.slug}/").content.decode()
    assert 'data-testid="requested"' in page

    client.force_login(cast.member_a)
    people = client.get(f"/groups/{port_watch.slug}/people/").content.decode()
    assert "We anchor off Lomé." in people
    asked = JoinRequest.objects.get()
    declined = client.post(
        f"/groups/{port_watch.slug}/requests/{asked.pk}/", {"decision": "decline"}, follow=True
    )
    assert "Say why" in declined.content.decode()
    client.post(f"/groups/{port_watch.slug}/requests/{asked.pk}/", {"decision": "approve"})
    assert GroupMember.objects.filter(group=port_watch, user=cast.member_b).exists()
    assert client.post(f"/groups/{port_watch.slug}/requests/999999/").status_code == 404


def test_forged_and_hostile_input_changes_nothing(client, cast, port_watch):
    client.force_login(cast.member_b)
    assert client.get("/groups/no-such-group/").status_code == 404
    assert client.get("/groups/?collection=<script>").status_code == 404
    nul = client.post(f"/groups/{port_watch.slug}/join/", {"reason": "We\x00call"}, follow=True)
    assert nul.status_code == 200 and not JoinRequest.objects.exists()
    client.force_login(cast.member_a)
    member = GroupMember.objects.get(group=port_watch)
    assert (
        client.post(f"/groups/{port_watch.slug}/people/{member.pk + 999}/remove/").status_code
        == 404
    )
    invite = client.post(
        f"/groups/{port_watch.slug}/invite/", {"who": "@no.such.person"}, follow=True
    )
    assert "Not a member&#x27;s handle: @no.such.person" in invite.content.decode()
    # An address says nothing of whether it is registered: a pending applicant's, and one
    # nobody has, get the same answer.
    said = []
    for address in (cast.pending_a.email, "nobody@alpha.example"):
        page = client.post(f"/groups/{port_watch.slug}/invite/", {"who": address}, follow=True)
        told = re.search(r'<ul class="messages">(.*?)</ul>', page.content.decode(), re.S)
        said.append(told.group(1).replace(address, "ADDRESS"))
    assert said[0] == said[1] and "handle" in said[0]


def test_the_api_lists_creates_and_joins_as_its_contract_says(client, cast, port_watch):
    headers = api_auth(client, cast.member_b)
    listed = client.get("/api/v1/groups/", **headers).json()
    assert set(listed) >= {"results", "next"}
    row = next(g for g in listed["results"] if g["slug"] == port_watch.slug)
    assert (row["name"], row["collection"], row["join_policy"]) == ("Port watch", "cso", "request")
    only_regional = client.get("/api/v1/groups/?collection=regional_intelligence", **headers)
    assert {g["collection"] for g in only_regional.json()["results"]} == {"regional_intelligence"}
    assert client.get("/api/v1/groups/?collection=nope", **headers).status_code == 400

    made = client.post(
        "/api/v1/groups/",
        {"name": "Bunkering theft", "collection": "cso", "join_policy": "open"},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert made.status_code == 201 and made.json()["slug"] == "bunkering-theft"
    refused = client.post(
        "/api/v1/groups/", {"name": "Briefs", "collection": "regional_intelligence"},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert refused.status_code == 403

    headers = api_auth(client, cast.admin_b)
    joined = client.post(
        "/api/v1/groups/bunkering-theft/join/", {}, content_type="application/json", **headers
    )
    assert (joined.status_code, joined.json()) == (201, {"status": "joined"})
    asked = client.post(
        f"/api/v1/groups/{port_watch.slug}/join/", {"reason": "We call there."},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert (asked.status_code, asked.json()) == (202, {"status": "requested"})
    twice = client.post(
        f"/api/v1/groups/{port_watch.slug}/join/", {"reason": "Again."},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert twice.status_code == 400
    people = client.get("/api/v1/groups/bunkering-theft/members/", **headers).json()
    assert [p["role"] for p in people["results"]] == ["owner", "member"]


def test_the_index_pages_by_name(client, cast):
    from groups.models import Group
    from groups.selectors import PAGE

    Group.objects.bulk_create(
        Group(name=f"Anchorage {n:02d}", slug=f"anchorage-{n:02d}", collection="cso")
        for n in range(PAGE + 5)
    )
    client.force_login(cast.member_b)
    first = client.get("/groups/?collection=cso").content.decode()
    assert first.count('data-testid="group"') == PAGE and "More groups" in first
    after = re.search(r'href="([^"]*after=\d+)"', first)[1].replace("&amp;", "&")
    rest = client.get("/groups/" + after).content.decode()  # the link is relative to the page
    shown = re.findall(r">(Anchorage \d\d|Port Crime Working Group)<", first + rest)
    assert len(shown) == len(set(shown)) == PAGE + 6  # every group once, Port Crime too
    assert "More groups" not in rest


def test_leaving_through_the_api(client, cast, port_watch):
    from groups.models import GroupMember

    GroupMember.objects.create(group=port_watch, user=cast.member_b)
    headers = api_auth(client, cast.member_b)
    left = client.post(f"/api/v1/groups/{port_watch.slug}/leave/", **headers)
    assert left.status_code == 204
    assert not GroupMember.objects.filter(group=port_watch, user=cast.member_b).exists()
    again = client.post(f"/api/v1/groups/{port_watch.slug}/leave/", **headers)
    assert again.status_code == 400 and "not in this group" in again.json()["non_field_errors"][0]
    headers = api_auth(client, cast.member_a)  # its last owner
    refused = client.post(f"/api/v1/groups/{port_watch.slug}/leave/", **headers)
    assert refused.status_code == 400 and "hand the group over" in refused.content.decode()


def test_an_owner_decides_requests_and_removes_people_through_the_api(client, cast, port_watch):
    from members.models import AuditEvent, Notification
    from tests.notify import fan_out_all

    asked = services.group_join(user=cast.admin_b, group=port_watch, reason="We call there.")
    services.group_join(user=cast.member_b, group=port_watch, reason="Our tankers wait there.")
    # The asker sees their own request; another member sees none.
    headers = api_auth(client, cast.admin_b)
    mine = client.get(f"/api/v1/groups/{port_watch.slug}/requests/", **headers).json()
    assert [r["handle"] for r in mine["results"]] == [cast.admin_b.handle]
    refused = client.post(
        f"/api/v1/groups/{port_watch.slug}/requests/{asked.pk}/", {"decision": "approve"},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert refused.status_code == 403
    headers = api_auth(client, cast.member_a)  # the owner
    waiting = client.get(f"/api/v1/groups/{port_watch.slug}/requests/", **headers).json()
    assert [r["reason"] for r in waiting["results"]] == [
        "We call there.", "Our tankers wait there.",
    ]  # fmt: skip
    assert waiting["results"][0]["organisation"] == cast.org_b.name

    url = f"/api/v1/groups/{port_watch.slug}/requests/{asked.pk}/"
    bare = client.post(url, {"decision": "decline"}, content_type="application/json", **headers)
    assert bare.status_code == 400 and "reason" in bare.json()  # a no needs a reason
    odd = client.post(url, {"decision": "maybe"}, content_type="application/json", **headers)
    assert odd.status_code == 400 and "decision" in odd.json()
    assert JoinRequest.objects.get(pk=asked.pk).status == "pending"
    yes = client.post(url, {"decision": "approve"}, content_type="application/json", **headers)
    assert (yes.status_code, yes.json()) == (200, {"status": "approved"})
    assert GroupMember.objects.filter(group=port_watch, user=cast.admin_b).exists()
    again = client.post(url, {"decision": "approve"}, content_type="application/json", **headers)
    assert again.status_code == 400 and "already decided" in again.content.decode()
    forged = client.post(
        f"/api/v1/groups/{port_watch.slug}/requests/999999/", {"decision": "approve"},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert forged.status_code == 404

    remove = f"/api/v1/groups/{port_watch.slug}/members/{cast.admin_b.handle}/remove/"
    unexplained = client.post(remove, {}, content_type="application/json", **headers)
    assert unexplained.status_code == 400 and "reason" in unexplained.json()
    gone = client.post(
        remove, {"reason": "Left the company."}, content_type="application/json", **headers
    )
    assert gone.status_code == 204
    assert not GroupMember.objects.filter(group=port_watch, user=cast.admin_b).exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.GROUP_MEMBER_REMOVED, detail__reason="Left the company."
    ).exists()
    fan_out_all()
    told = Notification.objects.filter(recipient=cast.admin_b).values_list("text", flat=True)
    assert any("Left the company." in text for text in told)
    twice = client.post(remove, {"reason": "Again."}, content_type="application/json", **headers)
    assert twice.status_code == 404
    own = f"/api/v1/groups/{port_watch.slug}/members/{cast.member_a.handle}/remove/"
    last = client.post(own, {"reason": "Done."}, content_type="application/json", **headers)
    assert last.status_code == 400  # leaving is Leave, and the last owner hands over first
