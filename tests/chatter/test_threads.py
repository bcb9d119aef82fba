"""Threads and posts: who may see, write and change what; revisions; soft deletes; answers;
read state and the lists; cards that show each reader only what they may see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chatter import selectors, services, unread
from chatter.models import Post, PostRevision, Thread
from members.models import AuditEvent, Notification
from tests.conftest import ROLES
from tests.incidents.conftest import report
from tests.notify import fan_out_all

from .conftest import start

pytestmark = pytest.mark.django_db

SIGNED_IN = [role for role in ROLES if role != "public"]
SEES = {
    "clear": set(ROLES),
    "green": set(SIGNED_IN) - {"pending_a"},
    "amber": {"member_a", "admin_a", "editor", "staff"},
    "amber_strict": {"member_a", "admin_a", "staff"},
    "red": {"member_a", "member_b"},  # member A's conversation with member B
}


def a_thread(cast, tlp):
    author = "editor" if tlp == "clear" else "member_a"
    options = {"recipients": [cast.member_b]} if tlp == "red" else {}
    thread = start(cast, author=author, tlp=tlp, **options)
    if tlp == "clear":  # an editor's public thread: member A replies in it
        services.post_reply(author=cast.member_a, thread=thread, body="A reply.")
    return thread


@pytest.mark.parametrize("tlp", list(SEES))
def test_a_thread_and_its_posts_are_seen_by_exactly_its_audience(cast, tlp):
    thread = a_thread(cast, tlp)
    thread.refresh_from_db()
    expected = SEES[tlp] | ({"editor"} if tlp == "clear" else set())
    for role in ROLES:
        viewer = cast.viewer(role)
        sees = selectors.threads(viewer).filter(pk=thread.pk).exists()
        assert sees == (role in expected), (role, tlp)
        posts = Post.objects.visible_to(viewer).filter(thread=thread).count()
        assert posts == (thread.last_number if role in expected else 0), (role, tlp)


def test_clear_is_for_editors_and_red_names_its_people(cast):
    with pytest.raises(ValidationError, match="Only editors publish"):
        start(cast, tlp="clear")
    with pytest.raises(ValidationError, match="Name who"):
        start(cast, tlp="red")
    with pytest.raises(PermissionDenied):
        start(cast, author="pending_a")


def test_an_amber_thread_is_shared_with_the_organisations_named(cast):
    thread = start(cast, tlp="amber", share_with=[cast.org_b])
    services.post_reply(author=cast.member_b, thread=thread, body="We saw it too.")
    for role in ("member_b", "admin_b"):
        assert Post.objects.visible_to(cast.viewer(role)).filter(thread=thread).count() == 2


def test_replies_carry_the_threads_marking_and_only_its_audience_may_reply(cast):
    thread = start(cast, tlp="amber_strict")
    reply = services.post_reply(author=cast.admin_a, thread=thread, body="Noted.")
    assert reply.tlp == "amber_strict" and reply.number == 2
    from django.http import Http404

    with pytest.raises(Http404):
        services.post_reply(author=cast.member_b, thread=thread, body="Let me in")
    assert Thread.objects.unrestricted().get(pk=thread.pk).last_number == 2


def test_edits_keep_revisions_after_the_grace_period(cast):
    thread = start(cast, body="Three robbers.")
    post = Post.objects.unrestricted().get(thread=thread)
    services.post_edit(editor=cast.member_a, post=post, body="Three robbers, armed.")
    assert not PostRevision.objects.exists()  # within five minutes: no revision
    Post.objects.unrestricted().filter(pk=post.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=10)
    )
    post.refresh_from_db()
    services.post_edit(editor=cast.member_a, post=post, body="Four robbers, armed.")
    [revision] = PostRevision.objects.all()
    assert revision.body == "Three robbers, armed."
    post.refresh_from_db()
    assert post.edited_at is not None and "Four robbers" in post.html
    with pytest.raises(PermissionDenied):
        services.post_edit(editor=cast.admin_a, post=post, body="Not mine to change")


def test_a_deleted_post_says_so_and_staff_can_restore_it_audited(cast):
    thread = start(cast)
    post = services.post_reply(author=cast.member_b, thread=thread, body="Oops")
    with pytest.raises(PermissionDenied):
        services.post_delete(actor=cast.member_a, post=post)
    services.post_delete(actor=cast.member_b, post=post)
    viewer = cast.viewer("member_a")
    shown = selectors.posts_page(viewer, selectors.thread(viewer, thread.pk))[1]
    assert shown.html == "" and shown.post.deleted_at is not None
    assert Thread.objects.unrestricted().get(pk=thread.pk).posts_count == 1
    services.post_restore(actor=cast.staff, post=post)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"post_deleted", "post_restored"} <= actions


def test_a_question_is_answered_by_its_author_or_an_editor(cast):
    thread = start(cast, topic="question", title="Coast guard inspection at Tema?")
    reply = services.post_reply(
        author=cast.member_b, thread=thread, body="Have the crew list ready."
    )
    with pytest.raises(PermissionDenied):
        services.thread_answer(actor=cast.admin_b, thread=thread, post=reply)
    services.thread_answer(actor=cast.member_a, thread=thread, post=reply)
    assert Thread.objects.unrestricted().get(pk=thread.pk).answer == reply


def test_read_state_unread_and_new_lists_and_the_menu_count(cast):
    first = start(cast, title="One")
    second = start(cast, title="Two")
    viewer = cast.viewer("member_b")
    assert set(selectors.thread_list(viewer, "new")) == {first, second}
    assert unread.unread_threads(viewer) == 0
    services.thread_read(user=cast.member_b, thread=first, number=1)
    assert set(selectors.thread_list(viewer, "new")) == {second}
    services.post_reply(author=cast.admin_a, thread=first, body="More")
    assert list(selectors.thread_list(viewer, "unread")) == [first]
    assert unread.unread_threads(viewer) == 1  # and the cached count was forgotten
    first.refresh_from_db()
    assert unread.first_unread(viewer, first) == 2
    services.thread_read(user=cast.member_b, thread=first, number=2)
    assert unread.unread_threads(viewer) == 0
    services.thread_read(user=cast.member_b, thread=first, number=1)  # never back
    assert unread.first_unread(viewer, first) == 2


def test_an_incident_card_shows_for_a_reader_who_may_see_it_and_plain_text_otherwise(cast):
    secret = report(cast, tlp="amber_strict")
    public = report(cast, tlp="green", occurred_on=dt.date(2019, 3, 9))
    body = (
        f"Compare {secret.reference} with {public.reference}, see [{public.reference}]"
        f"(/incidents/{public.reference}/) and `{public.reference}`, and NGLOS-ANCH."
    )
    thread = start(cast, tlp="green", body=body)

    def first_post(role):
        viewer = cast.viewer(role)
        return selectors.posts_page(viewer, selectors.thread(viewer, thread.pk))[0].html

    own, other = first_post("admin_a"), first_post("member_b")
    assert own.count('data-testid="incident-card"') == 3  # the secret one, the public one twice
    assert other.count('data-testid="incident-card"') == 2  # the public one, in text and link
    assert secret.reference in other  # as plain text, nothing more
    assert f"/incidents/{secret.reference}/" not in other
    assert f"<code>{public.reference}</code>" in other  # code is left as written
    assert 'data-testid="port-card"' in other


def test_a_port_card_gives_the_last_twelve_months_of_what_its_reader_may_see(cast):
    recent = timezone.now().date() - dt.timedelta(days=40)
    report(cast, tlp="green", occurred_on=recent)
    report(cast, tlp="amber_strict", occurred_on=recent - dt.timedelta(days=31))
    report(cast, tlp="green", occurred_on=recent - dt.timedelta(days=800))  # too long ago
    thread = start(cast, tlp="green", body="Boardings again at NGLOS-ANCH this month.")

    def card(role):
        viewer = cast.viewer(role)
        html = selectors.posts_page(viewer, selectors.thread(viewer, thread.pk))[0].html
        return html[html.index('data-testid="port-card"') : html.index("</a>", html.index(
            'data-testid="port-card"'))]  # fmt: skip

    own, other = card("admin_a"), card("member_b")
    assert "2 incidents in the last twelve months" in own
    assert "1 incident in the last twelve months" in other
    assert own.count("<rect") == other.count("<rect") >= 12  # a bar per month
    assert f"{recent:%b %Y}: 1</title>" in other
    assert "All at 02:59 local time." in own  # the trend's findings


def test_a_reply_tells_the_threads_watchers_who_may_see_it(cast):
    thread = start(cast, tlp="green")
    services.post_reply(author=cast.member_b, thread=thread, body="Same at Tema.")
    fan_out_all()
    told = set(
        Notification.objects.filter(kind="chatter").values_list("recipient__email", flat=True)
    )
    assert told == {cast.member_a.email}  # the starter watches; the replier is the actor
    Notification.objects.all().delete()
    services.post_reply(author=cast.admin_a, thread=thread, body="Thanks both.")
    fan_out_all()
    told = dict(Notification.objects.filter(kind="chatter").values_list("recipient__email", "mail"))
    assert told == {cast.member_a.email: "daily", cast.member_b.email: "never"}  # B tracks
