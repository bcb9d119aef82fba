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
