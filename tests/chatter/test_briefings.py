"""Latest Regional Intelligence briefings: the reporting centres' advisories that the feeds
read wait as drafts for the editors of their region's group, who consolidate several into
one post linking its sources (and the group's watchers are told), or dismiss them; each is
decided once."""

from pathlib import Path

import pytest

from chatter.models import Post, Thread
from feeds import services as feed_services
from feeds.models import Advisory
from groups import services as group_services
from groups.models import Group
from members.models import Notification
from tests.notify import fan_out_all

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "feeds" / "fixtures"


@pytest.fixture
def drafts(cast):
    source = feed_services.source_add(name="MDAT advisories", format="rss", region="west_africa")
    feed_services.ingest(source, (FIXTURES / "advisories.rss").read_bytes(), trigger="upload")
    return list(Advisory.objects.filter(region="west_africa").order_by("pk"))


def test_the_drafts_wait_for_the_editors_of_the_regions_group(client, cast, drafts):
    assert len(drafts) == 2
    client.force_login(cast.editor)
    page = client.get("/groups/west-africa/").content.decode()
    assert 'data-testid="advisories-waiting"' in page and "2 advisories" in page
    desk = client.get("/chatter/briefings/west-africa/").content.decode()
    assert "Increased robberies at Lagos anchorage" in desk
    assert client.get("/chatter/briefings/asia/").content.decode().count('data-testid="draft"') == 0
    for user in (cast.member_a, cast.admin_b):
        client.force_login(user)
        assert client.get("/chatter/briefings/west-africa/").status_code == 404
    client.force_login(cast.editor)
    assert client.get("/chatter/briefings/port-crime/").status_code == 404  # no region


def test_an_editor_consolidates_two_advisories_into_one_post_that_links_them(client, cast, drafts):
    west_africa = Group.objects.get(slug="west-africa")
    group_services.group_join(user=cast.member_b, group=west_africa)  # watches new threads
    client.force_login(cast.editor)
    answer = client.post(
        "/chatter/briefings/west-africa/",
        {"advisories": [a.pk for a in drafts], "decision": "consolidate",
         "title": "West Africa: robbers at anchor", "body": "Two warnings this week.",
         "tlp": "green"},
    )  # fmt: skip
    thread = Thread.objects.unrestricted().get(title="West Africa: robbers at anchor")
    assert answer.status_code == 302 and thread.group == west_africa
    post = Post.objects.unrestricted().get(thread=thread)
    assert "https://advisories.example.org/2024-07" in post.html
    assert "javascript:" not in post.html  # a hostile source link is not a link
    assert "MDAT advisories" in post.body
    used = Advisory.objects.filter(pk__in=[a.pk for a in drafts])
    assert set(used.values_list("briefing", flat=True)) == {"used"}
    assert set(used.values_list("briefing_link", flat=True)) == {f"/chatter/t/{thread.pk}/"}
    fan_out_all()
    assert Notification.objects.filter(recipient=cast.member_b, kind="chatter").exists()
    again = client.post(
        "/chatter/briefings/west-africa/",
        {"advisories": [drafts[0].pk], "decision": "dismiss"},
    )
    assert again.status_code == 400  # no longer waiting: not a choice
    assert Thread.objects.unrestricted().filter(group=west_africa).count() == 1


def test_a_briefing_needs_its_words_and_a_dismissal_decides_the_chosen(client, cast, drafts):
    client.force_login(cast.editor)
    refused = client.post(
        "/chatter/briefings/west-africa/",
        {"advisories": [drafts[0].pk], "decision": "consolidate", "tlp": "green"},
    )
    assert refused.status_code == 400 and "Needed for the briefing." in refused.content.decode()
    assert not Thread.objects.unrestricted().filter(group__slug="west-africa").exists()
    client.post(
        "/chatter/briefings/west-africa/", {"advisories": [drafts[1].pk], "decision": "dismiss"}
    )
    assert Advisory.objects.get(pk=drafts[1].pk).briefing == "dismissed"
    assert Advisory.objects.get(pk=drafts[0].pk).briefing == "draft"


def test_only_editors_decide_advisories(cast, drafts):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        feed_services.advisories_decide(actor=cast.member_a, advisories=drafts, state="dismissed")
