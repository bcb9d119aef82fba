"""Who is who: the members' directory and profiles show approved members to approved members,
each by name and organisation and beyond that only what they chose; the groups a profile
shows are those the reader may see; Message starts a private conversation."""

import pytest

from groups import services
from groups.models import GroupMember
from members.services import directory_shows_set
from tests.notify import watch_region

pytestmark = pytest.mark.django_db


def page(client, user, path: str) -> str:
    client.force_login(user)
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.status_code)
    return answer.content.decode()


def test_the_directory_lists_approved_members_only(client, cast):
    listed = page(client, cast.member_b, "/directory/")
    assert cast.member_a.full_name in listed and "Alpha Tankers" in listed
    assert cast.pending_a.full_name not in listed
    client.force_login(cast.pending_a)
    assert client.get("/directory/").status_code == 404
    assert client.get(f"/directory/{cast.member_a.handle}/").status_code == 404
    client.logout()
    assert client.get("/directory/").status_code == 302
    client.force_login(cast.staff)
    assert client.get(f"/directory/{cast.pending_a.handle}/").status_code == 404


def test_a_profile_shows_beyond_name_and_organisation_only_what_its_member_chose(client, cast):
    watch_region(cast.member_a, "west_africa")
    group = services.group_create(creator=cast.member_a, name="Port watch", collection="cso")
    path = f"/directory/{cast.member_a.handle}/"
    shown = page(client, cast.member_b, path)
    assert "Company Security Officer" in shown or "Position" in shown
    assert "Port watch" in shown  # groups are shown by default
    assert "West Africa" not in shown  # what one watches is not
    directory_shows_set(user=cast.member_a, parts=["watches"])
    shown = page(client, cast.member_b, path)
    assert "West Africa" in shown and "Port watch" not in shown and "Position" not in shown
    assert group.name in page(client, cast.member_a, path)  # one sees all of one's own
    by_region = page(client, cast.member_b, "/directory/?region=west_africa")
    assert cast.member_a.full_name in by_region
    directory_shows_set(user=cast.member_a, parts=[])
    by_region = page(client, cast.member_b, "/directory/?region=west_africa")
    assert cast.member_a.full_name not in by_region


def test_a_profile_names_only_the_groups_the_reader_may_see_and_those_they_share(client, cast):
    quiet = services.group_create(
        creator=cast.member_a, name="Quiet circle", collection="cso",
        join_policy="invitation", visibility="unlisted",
    )  # fmt: skip
    listed = services.group_create(
        creator=cast.member_a, name="Port watch", collection="cso", join_policy="open"
    )
    services.group_join(user=cast.member_b, group=listed)
    shown = page(client, cast.admin_b, f"/directory/{cast.member_a.handle}/")
    assert "Port watch" in shown and "Quiet circle" not in shown
    GroupMember.objects.create(group=quiet, user=cast.member_b)
    shown = page(client, cast.member_b, f"/directory/{cast.member_a.handle}/")
    assert "Quiet circle" in shown
    assert 'data-testid="shared-groups"' in shown and "You are both in" in shown


def test_message_on_a_profile_starts_a_private_conversation(client, cast):
    shown = page(client, cast.member_b, f"/directory/{cast.member_a.handle}/")
    assert f'href="/chatter/start/?tlp=red&amp;recipients=%40{cast.member_a.handle}"' in shown
    start = f"/chatter/start/?tlp=red&recipients=%40{cast.member_a.handle}"
    form = page(client, cast.member_b, start)
    assert f"@{cast.member_a.handle}" in form
    own = page(client, cast.member_a, f"/directory/{cast.member_a.handle}/")
    assert 'data-testid="message"' not in own


def test_the_choice_of_what_is_shown_refuses_what_is_not_a_choice(client, cast):
    client.force_login(cast.member_a)
    before = list(cast.member_a.directory_shows)
    answer = client.post("/members/me/directory/", {"shows": ["email"]})
    assert answer.status_code == 400
    cast.member_a.refresh_from_db()
    assert cast.member_a.directory_shows == before
    client.post("/members/me/directory/", {"shows": ["groups"]})
    cast.member_a.refresh_from_db()
    assert cast.member_a.directory_shows == ["groups"]


def test_hostile_filters_answer_without_breaking(client, cast):
    client.force_login(cast.member_b)
    assert client.get("/directory/?kind=<script>").status_code == 404
    assert client.get("/directory/?region=nowhere").status_code == 404
    assert client.get("/directory/?group=no-such-group").status_code == 404
    assert client.get("/directory/?q=%00").status_code == 400  # refused before the page
    assert client.get("/directory/?q=';--&port=<b>&after=x&after_name=y").status_code == 200
    assert client.get("/directory/no.such.person/").status_code == 404
