"""Private (TLP:RED) conversations: everyone named hears of them at once and of every reply,
in an inbox of their own; the mail says who wrote and nothing of what; nobody else reads
them, staff and editors included, but for a moderator who opens one flagged post with a
reason that the conversation's members see."""

import re

import pytest
from django.core import mail

from chatter import unread
from chatter.models import ModerationOpening, Post
from chatter.services import post_flag, post_reply
from groups.services import group_create, group_join
from members.models import AuditEvent, Notification
from members.notifications.mail import mail_at_once
from tests.notify import fan_out_all

from .conftest import start

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Crew change at Bonny, 14 May"
SECRET_BODY = "The agent at Bonny asked for cash for the crew change."


def conversation(cast, **options):
    return start(
        cast, tlp="red", title=SECRET_TITLE, body=SECRET_BODY,
        recipients=options.pop("recipients", [cast.member_b]), **options,
    )  # fmt: skip


def test_the_recipient_hears_at_once_in_the_bell_and_by_mail_without_a_word_of_it(cast):
    thread = conversation(cast)
    fan_out_all()
    told = Notification.objects.get(recipient=cast.member_b)
    assert told.kind == "message" and told.reason == "recipient"
    assert cast.member_a.full_name in told.text and SECRET_TITLE not in told.text
    mail_at_once()
    [sent] = [m for m in mail.outbox if cast.member_b.email in m.to]
    assert f"{cast.member_a.full_name} started a private conversation with you" in sent.subject
    assert f"{cast.member_a.full_name} started a private conversation" in sent.body
    for secret in (SECRET_TITLE, SECRET_BODY, "Bonny"):
        assert secret not in sent.subject and secret not in sent.body
    assert "/notifications/" in sent.body  # the link to it, through the inbox
    assert thread.pk


def test_everyone_in_a_named_group_hears_of_it_and_of_every_reply(cast):
    group = group_create(
        creator=cast.member_b, name="Bonny agents", collection="cso", join_policy="open"
    )
    group_join(user=cast.admin_b, group=group)
    group_join(user=cast.member_a, group=group)
    thread = conversation(cast, recipients=[], recipient_groups=[group])
    fan_out_all()
    assert set(Notification.objects.filter(kind="message").values_list("recipient", flat=True)) == {
        cast.member_b.pk,
        cast.admin_b.pk,
    }
    Notification.objects.all().delete()
    post_reply(author=cast.member_b, thread=thread, body="Same here last month.")
    fan_out_all()
    # The others hear of the reply as of a thread they watch; its author does not.
    # (Member A, its author, is in the group too: told once.)
    assert set(Notification.objects.filter(kind="message").values_list("recipient", flat=True)) == {
        cast.member_a.pk,
        cast.admin_b.pk,
    }
    assert not Notification.objects.filter(recipient=cast.staff).exists()


def test_messages_have_their_own_inbox_and_count_and_leave_chatter_lists(client, cast):
    thread = conversation(cast)
    start(cast, title="Lagos anchorage, tonight")  # a GREEN thread, for Chatter
    client.force_login(cast.member_b)
    home = client.get("/why-join/").content.decode()
    count = re.search(r'data-testid="messages-unread"[^>]*>(\d+)<', home)
    assert count and count.group(1) == "1"
    inbox = client.get("/messages/").content.decode()
    assert SECRET_TITLE in inbox and cast.member_a.full_name in inbox
    assert "not opened" in inbox
    latest = client.get("/chatter/").content.decode()
    assert SECRET_TITLE not in latest and "Lagos anchorage, tonight" in latest
    page = client.get(f"/chatter/t/{thread.pk}/").content.decode()
    assert 'data-testid="with-whom"' in page and cast.member_a.full_name in page
    assert client.get("/messages/unread/").content.decode().count('data-testid="conversation"') == 0
    home = client.get("/why-join/").content.decode()
    assert 'data-testid="messages-unread"' not in home


def test_staff_and_editors_do_not_read_a_conversation_that_does_not_name_them(client, cast):
    thread = conversation(cast)
    post = Post.objects.unrestricted().get(thread=thread)
    for role in ("staff", "editor"):
        client.force_login(cast.user(role))
        assert client.get(f"/chatter/t/{thread.pk}/").status_code == 404
        assert client.get(f"/chatter/p/{post.pk}/history/").status_code == 404
        assert SECRET_TITLE not in client.get("/messages/").content.decode()
        assert SECRET_TITLE not in client.get("/chatter/search/?q=bonny").content.decode()


def test_only_the_author_edits_or_deletes_a_post_and_moderators_hide_it(client, cast):
    thread = start(cast, body="Boarded at anchor.")
    post = Post.objects.unrestricted().get(thread=thread)
    client.force_login(cast.staff)
    page = client.get(f"/chatter/t/{thread.pk}/").content.decode()
    assert f"/chatter/p/{post.pk}/edit/" not in page and f"/chatter/p/{post.pk}/delete/" not in page
    assert f"/chatter/p/{post.pk}/hide/" in page
    assert client.get(f"/chatter/p/{post.pk}/edit/").status_code == 404
    assert client.post(f"/chatter/p/{post.pk}/edit/", {"body": "Changed."}).status_code == 404
    assert client.post(f"/chatter/p/{post.pk}/delete/").status_code == 404
    assert client.get(f"/chatter/p/{post.pk}/hide/").status_code == 200
    client.post(
        f"/chatter/p/{post.pk}/review/", {"decision": "agree", "reason": "Names a crew member."}
    )
    post.refresh_from_db()
    assert post.body == "Boarded at anchor." and post.deleted_at is None
    assert post.hidden_reason == "Names a crew member."


def test_a_flagged_private_post_is_opened_only_with_a_reason_that_its_members_see(client, cast):
    thread = conversation(cast)
    post = Post.objects.unrestricted().get(thread=thread)
    post_flag(flagger=cast.member_b, post=post, reason="inappropriate", note="A bribe.")
    fan_out_all()
    # The editors hear of the flag, not of the post.
    flagged = Notification.objects.get(recipient=cast.editor, kind="chatter-flags")
    assert SECRET_TITLE not in flagged.text
    client.force_login(cast.editor)
    queue = client.get("/chatter/flags/").content.decode()
    assert "A post in a private conversation" in queue and "A bribe." in queue
    assert SECRET_BODY not in queue and SECRET_TITLE not in queue
    review = {"decision": "agree", "reason": "A bribe."}
    assert client.post(f"/chatter/p/{post.pk}/review/", review).status_code == 404
    client.post(f"/chatter/p/{post.pk}/open/", {"reason": "short"})
    assert not ModerationOpening.objects.exists()  # no reason, no opening
    assert SECRET_BODY not in client.get("/chatter/flags/").content.decode()

    client.post(f"/chatter/p/{post.pk}/open/", {"reason": "Flagged as a bribe request."})
    event = AuditEvent.objects.get(action=AuditEvent.Action.PRIVATE_POST_OPENED)
    assert event.actor == cast.editor and event.detail["reason"] == "Flagged as a bribe request."
    assert SECRET_BODY in client.get("/chatter/flags/").content.decode()
    assert client.get(f"/chatter/t/{thread.pk}/").status_code == 404  # the post, not the rest
    client.post(f"/chatter/p/{post.pk}/review/", review)
    post.refresh_from_db()
    assert post.hidden_at is not None

    fan_out_all()
    for member in (cast.member_a, cast.member_b):
        assert Notification.objects.filter(
            recipient=member, kind="message", text__contains="Flagged as a bribe request."
        ).exists()
        client.force_login(member)
        page = client.get(f"/chatter/t/{thread.pk}/").content.decode()
        notice = re.search(r'data-testid="moderation-opening">(.*?)</p>', page, re.S).group(1)
        assert cast.editor.full_name in notice and "Flagged as a bribe request." in notice


def test_a_hidden_post_keeps_neither_its_source_in_the_api_nor_its_history(client, cast):
    thread = start(cast, body="Boarded at anchor.")
    post = Post.objects.unrestricted().get(thread=thread)
    Post.objects.unrestricted().filter(pk=post.pk).update(body="Names the second officer.")
    from chatter.services import flags_review

    flags_review(reviewer=cast.editor, post=post, agree=True, reason="Names crew.")
    client.force_login(cast.member_b)
    assert client.get(f"/chatter/p/{post.pk}/history/").status_code == 404
    from tests.conftest import api_auth

    answer = client.get(f"/api/v1/chatter/posts/{post.pk}/", **api_auth(client, cast.member_b))
    assert answer.status_code == 200
    assert answer.json()["hidden"] is True and answer.json()["body"] == ""


def test_the_unread_count_follows_a_new_conversation_at_once(cast):
    viewer = cast.viewer("member_b")
    assert unread.unread_conversations(viewer) == 0  # counted now, and kept
    conversation(cast)
    assert unread.unread_conversations(viewer) == 1  # the kept count was forgotten
