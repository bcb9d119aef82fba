"""What a probe of the community found, each held: numbers that only look like numbers,
links that leave the platform, a hidden post's text, mail subjects of private
conversations, recipients named under the wrong marking."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from chatter.models import Post
from chatter.services import thread_start
from groups.models import Pin
from groups.services import group_create, pin_add
from kit.text import platform_path, whole_number
from members.notifications.mail import mail_at_once
from tests.notify import fan_out_all

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "١٢", "1" * 40, "-1", "1.5", "", None])
def test_only_plain_digits_are_numbers(value):
    assert whole_number(value) is None


def test_a_thread_page_takes_superscripts_as_no_number(client, cast):
    thread = thread_start(author=cast.member_a, title="Lagos", body="Boarded.")
    client.force_login(cast.member_b)
    assert client.get(f"/chatter/t/{thread.pk}/?post=²").status_code == 200
    assert client.get(f"/chatter/t/{thread.pk}/live/?after=²").status_code == 404
    assert client.get(f"/chatter/t/{thread.pk}/?post=99999999999999999999").status_code == 200


@pytest.mark.parametrize(
    "link",
    ["/\t/evil.example", "/\n/evil.example", "//evil.example", "javascript:alert(1)",
     "https://evil.example/", "/\\evil.example", "/ports/\u202eNGLOS/"],
)  # fmt: skip
def test_a_pin_links_to_the_platform_only(client, cast, link):
    assert platform_path(link) is None
    group = group_create(creator=cast.member_a, name="Port watch", collection="cso")
    with pytest.raises(ValidationError):
        pin_add(actor=cast.member_a, group=group, title="Lagos", link=link)
    assert not Pin.objects.unrestricted().exists()
    client.force_login(cast.member_a)
    page = client.get("/groups/pin/", {"link": link, "title": "Lagos"}).content.decode()
    assert "evil.example" not in page.split("<form")[0]
    assert 'href="javascript:' not in page


def test_a_pin_to_a_platform_page_is_kept(cast):
    group = group_create(creator=cast.member_a, name="Port watch", collection="cso")
    pin = pin_add(actor=cast.member_a, group=group, title="Lagos", link="/ports/NGLOS/?year=2024")
    assert pin.link == "/ports/NGLOS/?year=2024"


def test_a_private_conversation_mails_a_neutral_subject(cast):
    thread_start(
        author=cast.member_a, title="Bribe at Bonny", body="The agent asked for cash.",
        tlp="red", recipients=[cast.member_b],
    )  # fmt: skip
    fan_out_all()
    mail_at_once()
    for sent in mail.outbox:
        assert "Bribe" not in sent.subject and "Bonny" not in sent.subject
        assert "Bribe" not in sent.body and "cash" not in sent.body


def test_recipients_under_another_marking_are_refused_not_dropped(cast):
    group = group_create(creator=cast.member_a, name="Port watch", collection="cso")
    for named in ({"recipient_groups": [group]}, {"recipients": [cast.member_b]}):
        with pytest.raises(ValidationError) as refused:
            thread_start(author=cast.member_a, title="Lagos", body="Boarded.", tlp="green", **named)
        assert "recipients" in refused.value.message_dict
    assert not Post.objects.unrestricted().exists()


def test_signed_in_pages_and_api_answers_are_kept_by_no_cache(client, cast):
    from tests.conftest import api_auth

    thread = thread_start(
        author=cast.member_a, title="Bribe at Bonny", body="Cash.", tlp="red",
        recipients=[cast.member_b],
    )  # fmt: skip
    client.force_login(cast.member_b)
    for url in (f"/chatter/t/{thread.pk}/", "/messages/", f"/chatter/t/{thread.pk}/live/?after=0"):
        assert client.get(url)["Cache-Control"] == "private, no-store", url
    headers = api_auth(client, cast.member_b)
    answer = client.get(f"/api/v1/chatter/threads/{thread.pk}/", **headers)
    assert answer["Cache-Control"] == "private, no-store"
    client.logout()
    assert "no-store" not in client.get("/about/").get("Cache-Control", "")


def test_the_personal_feed_carries_no_restricted_publication(client, cast):
    from reports.models import PublicationFeedToken
    from tests.reports.publications import published

    published(cast.editor, tlp="amber", title="Amber bulletin")
    published(cast.editor, tlp="green", title="Green bulletin")
    token = PublicationFeedToken.objects.create(user=cast.editor, token="t" * 40)
    answer = client.get(f"/publications/feeds/me/{token.token}/")
    body = answer.content.decode()
    assert "Green bulletin" in body and "Amber bulletin" not in body
    assert answer["Cache-Control"] == "private, no-store"


def test_system_accounts_are_in_no_list_of_people(client, cast):
    from chatter import mentions
    from feeds.review import desk
    from incidents.models import Incident
    from tests.incidents.conftest import report

    user, organisation = desk()
    assert user.system and organisation.system
    client.force_login(cast.member_a)
    assert "Feed desk" not in client.get("/directory/?q=feed").content.decode()
    assert client.get(f"/directory/{user.handle}/").status_code == 404
    assert not mentions.suggestions(cast.viewer("member_a"), "feed")
    start = client.get("/chatter/start/").content.decode()
    assert "CSOA feeds" not in start
    incident = report(cast, tlp="red", to_editors=True)
    named = set(
        Incident.recipients.through.objects.filter(incident=incident).values_list(
            "user_id", flat=True
        )
    )
    assert named == {cast.editor.pk}
    assert Incident.objects.unrestricted().filter(pk=incident.pk).exists()


@pytest.mark.parametrize(
    "name",
    ["Lagos \u0421allers", "evil\u202egroup", "Lagos\u200bCallers", "lagos-callers",
     "\uff2c\uff21\uff27\uff2f\uff33 CALLERS"],
)  # fmt: skip
def test_group_names_that_deceive_are_refused(cast, name):
    from groups.models import Group

    group_create(creator=cast.member_a, name="Lagos Callers", collection="cso")
    before = Group.objects.count()
    with pytest.raises(ValidationError) as refused:
        group_create(creator=cast.member_b, name=name, collection="cso")
    assert "name" in refused.value.message_dict
    assert Group.objects.count() == before


def test_edits_keep_to_the_pace_of_posts_and_tell_no_more_than_a_post(client, cast):
    from chatter import mentions
    from tests.factories import member

    thread = thread_start(author=cast.member_a, title="Lagos", body="Boarded.")
    post = Post.objects.unrestricted().get(thread=thread)
    client.force_login(cast.member_a)
    first = client.post(f"/chatter/p/{post.pk}/edit/", {"body": "Boarded at anchor."})
    assert first.status_code == 302
    again = client.post(f"/chatter/p/{post.pk}/edit/", {"body": "Boarded at 0300."})
    assert again.status_code == 429 and "Retry-After" in again
    people = [member(cast.org_b) for _ in range(mentions.MAX_MENTIONS + 2)]
    from chatter.services import post_edit

    post_edit(editor=cast.member_a, post=post, body=" ".join(f"@{p.handle}" for p in people[:6]))
    with pytest.raises(ValidationError):
        post_edit(
            editor=cast.member_a, post=post, body=" ".join(f"@{p.handle}" for p in people[6:])
        )
    post.refresh_from_db()
    assert len(post.told_of_mention) == 6


def test_flags_keep_a_pace_that_cannot_hide_a_thread(cast, settings):
    from chatter.services import post_flag, post_reply

    thread = thread_start(author=cast.member_a, title="Lagos", body="Boarded.")
    posts = [post_reply(author=cast.member_a, thread=thread, body=f"Reply {n}") for n in range(5)]
    limit = settings.CHATTER_FLAGS_PER_THREAD_HOUR
    for post in posts[:limit]:
        post_flag(flagger=cast.member_b, post=post, reason="spam")
    with pytest.raises(ValidationError, match="flags in one thread an hour"):
        post_flag(flagger=cast.member_b, post=posts[limit], reason="spam")
    post_flag(flagger=cast.member_b, post=posts[0], reason="spam")  # the same flag again: fine


def test_groups_are_created_at_a_pace(cast, settings):
    settings.GROUPS_PER_DAY = 2
    for n in range(2):
        group_create(creator=cast.member_a, name=f"Watch {n}", collection="cso")
    with pytest.raises(ValidationError, match="new groups a day"):
        group_create(creator=cast.member_a, name="Watch 2", collection="cso")


def test_a_thread_of_an_unlisted_group_does_not_name_it_to_outsiders(client, cast):
    group = group_create(
        creator=cast.member_a, name="Quiet callers", collection="cso", visibility="unlisted"
    )
    thread = thread_start(
        author=cast.member_a, title="Lagos", body="Boarded.", tlp="green", group=group
    )
    client.force_login(cast.member_b)
    page = client.get(f"/chatter/t/{thread.pk}/")
    assert page.status_code == 200 and "Quiet callers" not in page.content.decode()
    client.force_login(cast.member_a)
    assert "Quiet callers" in client.get(f"/chatter/t/{thread.pk}/").content.decode()


def test_a_removed_member_reads_no_name_of_the_private_group_in_their_watches(client, cast):
    from groups.models import GroupMember
    from groups.services import group_join, member_remove

    group = group_create(
        creator=cast.member_a, name="Quiet callers", collection="cso", visibility="unlisted",
        join_policy="open",
    )  # fmt: skip
    group_join(user=cast.member_b, group=group, watch=3)
    thread = thread_start(
        author=cast.member_a, title="Bonny night watch", body="Boarded.", tlp="amber",
        group=group,
    )  # fmt: skip
    from members.notifications.services import watch_set

    watch_set(user=cast.member_b, target_type="thread", target_key=str(thread.pk), label="x")
    client.force_login(cast.member_b)
    page = client.get("/notifications/settings/").content.decode()
    assert "Quiet callers" in page and "Bonny night watch" in page
    member = GroupMember.objects.get(group=group, user=cast.member_b)
    member_remove(actor=cast.member_a, member=member, reason="Left the company.")
    page = client.get("/notifications/settings/").content.decode()
    assert "Quiet callers" not in page and "Bonny night watch" not in page
