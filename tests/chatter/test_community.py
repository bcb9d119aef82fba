"""Mentions, watching tags, the limits on writing, sending a reply once, flags and their
review, new replies while a thread is open, and the API's edit, flag and read."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chatter import mentions, selectors, services, unread
from chatter.models import Flag, Post, Thread
from members.access import visible
from members.models import AuditEvent, Level, Notification, User, Watch, free_handle
from members.notifications.services import watch_set
from tests.conftest import api_auth
from tests.factories import OrganisationFactory, member
from tests.notify import fan_out_all, told

from .conftest import start

pytestmark = pytest.mark.django_db


# Mentions


def test_a_mention_tells_the_member_and_makes_them_track_the_thread(cast):
    thread = start(cast, body=f"@{cast.member_b.handle} have you seen this at Tema?")
    post = Post.objects.unrestricted().get(thread=thread)
    assert f'<span class="mention">@{cast.member_b.handle}</span>' in post.html
    fan_out_all()
    assert told("mention") == {cast.member_b.email}
    note = Notification.objects.get(kind="mention")
    assert note.reason == "mentioned" and "mentioned you" in note.text
    watch = Watch.objects.get(user=cast.member_b, target_type="thread")
    assert watch.level == Level.TRACKING and watch.target_key == str(thread.pk)


def test_a_mention_of_someone_who_may_not_see_the_thread_tells_nobody_and_the_author_why(cast):
    thread = start(cast, tlp="amber", body="First.")
    reply = services.post_reply(
        author=cast.member_a, thread=thread, body=f"@{cast.member_b.handle} look"
    )
    fan_out_all()
    assert told("mention") == set()
    assert not Watch.objects.filter(user=cast.member_b, target_type="thread").exists()
    assert reply.mention_notes == [
        f"Not notified, because they may not see this thread: {cast.member_b.full_name}."
    ]


def test_a_mention_in_code_or_a_link_is_not_a_mention(cast):
    handle = cast.member_b.handle
    start(cast, body=f"`@{handle}` and\n\n    @{handle}\n\n[@{handle}](https://example.org)")
    fan_out_all()
    assert told("mention") == set()


def test_a_post_names_at_most_ten(cast):
    body = " ".join(f"@someone{n}" for n in range(11))
    with pytest.raises(ValidationError, match="at most 10"):
        start(cast, body=body)


def test_an_organisation_is_mentioned_by_its_own_members_and_the_editors_only(cast):
    colleague = member(cast.org_a)
    thread = start(cast, body="First.")
    services.post_reply(author=cast.member_a, thread=thread, body="Over to @alpha")
    fan_out_all()
    assert told("mention") == {cast.admin_a.email, colleague.email}  # not pending_a
    Notification.objects.all().delete()
    refused = services.post_reply(author=cast.member_b, thread=thread, body="Hey @alpha")
    fan_out_all()
    assert told("mention") == set()
    assert "@alpha was not notified" in refused.mention_notes[0]
    services.post_reply(author=cast.editor, thread=thread, body="@alpha @bravo please check")
    fan_out_all()
    assert told("mention") >= {cast.member_a.email, cast.member_b.email, cast.admin_b.email}


def test_mentioning_an_organisation_is_capped(cast, monkeypatch):
    monkeypatch.setattr(mentions, "ORGANISATION_CAP", 1)
    member(cast.org_a)  # with admin A, two colleagues of the author's
    thread = start(cast, body="First.")
    post = services.post_reply(author=cast.member_a, thread=thread, body="@alpha all")
    fan_out_all()
    assert len(told("mention")) == 1
    assert "told in part" in post.mention_notes[0]


def test_an_edit_tells_those_it_newly_mentions_once(cast):
    thread = start(cast, body="First.")
    post = services.post_reply(author=cast.member_a, thread=thread, body="Nobody yet.")
    services.post_edit(editor=cast.member_a, post=post, body=f"@{cast.member_b.handle} now")
    services.post_edit(editor=cast.member_a, post=post, body=f"@{cast.member_b.handle} now!")
    fan_out_all()
    assert Notification.objects.filter(kind="mention", recipient=cast.member_b).count() == 1


def test_handles_are_made_of_names_and_never_taken_twice(cast):
    OrganisationFactory(name="Jane Doe Shipping", slug="jane.doe")
    first = User.objects.create_user("j1@example.org", "x", full_name="Jane Doe")
    second = User.objects.create_user("j2@example.org", "x", full_name="Jane Doe")
    assert (first.handle, second.handle) == ("jane.doe2", "jane.doe3")
    assert free_handle("Émile Zola-Durand") == "emile.zola.durand"


def test_the_autocomplete_offers_members_and_only_ones_own_organisation(client, cast):
    client.force_login(cast.member_b)
    name = cast.member_a.full_name.split()[0]
    found = client.get("/chatter/mentions/", {"q": name[:3]}).json()["results"]
    assert cast.member_a.handle in {item["handle"] for item in found}
    assert all(item["handle"] != cast.pending_a.handle for item in found)
    organisations = client.get("/chatter/mentions/", {"q": "al"}).json()["results"]
    assert "alpha" not in {item["handle"] for item in organisations}
    assert "bravo" in {
        item["handle"] for item in client.get("/chatter/mentions/?q=bra").json()["results"]
    }
    client.force_login(cast.pending_a)
    assert client.get("/chatter/mentions/", {"q": name[:3]}).status_code == 404


# Watching tags


def test_a_tag_watched_at_first_post_tells_of_new_threads_not_replies(cast):
    watch_set(
        user=cast.member_b, target_type="chatter-region", target_key="west_africa",
        label="West Africa", level=Level.FIRST_POST,
    )  # fmt: skip
    watch_set(
        user=cast.admin_b, target_type="chatter-region", target_key="west_africa",
        label="West Africa", level=Level.WATCHING,
    )  # fmt: skip
    thread = start(cast, region="west_africa")
    fan_out_all()
    assert told("chatter") == {cast.member_b.email, cast.admin_b.email}
    Notification.objects.all().delete()
    services.post_reply(author=cast.member_a, thread=thread, body="More.")
    fan_out_all()
    assert told("chatter") == {cast.admin_b.email}
    Notification.objects.all().delete()
    start(cast, tlp="amber", region="west_africa", title="Ours only")
    fan_out_all()
    assert told("chatter") == set()  # company B may not see A's AMBER thread


def test_only_tags_are_watched_at_first_post(cast):
    with pytest.raises(ValidationError):
        watch_set(
            user=cast.member_a, target_type="thread", target_key="1", label="x",
            level=Level.FIRST_POST,
        )  # fmt: skip


def test_a_tag_page_offers_to_watch_the_tag(client, cast):
    client.force_login(cast.member_b)
    page = client.get("/chatter/?region=west_africa").content.decode()
    assert 'name="target_type" value="chatter-region"' in page
    assert "Watching first post" in page


def test_the_watching_list_shows_the_threads_one_watches_or_tracks(cast):
    mine = start(cast, title="Mine")
    start(cast, author="admin_a", title="Not mine")
    listed = selectors.thread_list(cast.viewer("member_a"), "watching")
    assert [thread.pk for thread in listed] == [mine.pk]


# Limits and sending once


def reply_url(thread) -> str:
    return f"/chatter/t/{thread.pk}/reply/"


def test_one_post_every_five_seconds(client, cast):
    thread = start(cast)
    client.force_login(cast.member_b)
    assert client.post(reply_url(thread), {"body": "First reply."}).status_code == 302
    refused = client.post(reply_url(thread), {"body": "Second reply."})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) <= 5
    page = refused.content.decode()
    assert "One post at a time" in page and "Second reply." in page  # the text is kept
    assert Post.objects.unrestricted().filter(thread=thread).count() == 2


def test_the_same_text_twice_within_five_minutes_is_refused(client, cast, settings):
    settings.CHATTER_POST_INTERVAL_SECONDS = 1
    thread = start(cast)
    client.force_login(cast.member_b)
    client.post(reply_url(thread), {"body": "Same here."})
    from django.core.cache import cache

    cache.delete(f"chatter:posted:{cast.member_b.pk}")
    refused = client.post(reply_url(thread), {"body": "same   HERE."})
    assert refused.status_code == 429 and "same text" in refused.content.decode()


def test_a_refused_post_does_not_count(client, cast):
    thread = start(cast)
    client.force_login(cast.member_b)
    assert client.post(reply_url(thread), {"body": "   "}).status_code == 400
    assert client.post(reply_url(thread), {"body": "Now it counts."}).status_code == 302


def test_at_most_so_many_threads_a_day(client, cast, settings):
    settings.CHATTER_THREADS_PER_DAY = 2
    client.force_login(cast.member_a)
    from django.core.cache import cache

    for n in range(3):
        cache.delete(f"chatter:posted:{cast.member_a.pk}")
        response = client.post(
            "/chatter/start/",
            {"title": f"T{n}", "topic": "discussion", "tlp": "green", "body": f"Body {n}"},
        )
    assert (
        response.status_code == 429 and "At most 2 new threads a day" in response.content.decode()
    )


def test_a_reply_sent_twice_is_made_once(client, cast, settings):
    settings.CHATTER_POST_INTERVAL_SECONDS = 1
    thread = start(cast)
    client.force_login(cast.member_b)
    sent = {"body": "Once only.", "once": "k1"}
    first = client.post(reply_url(thread), sent)
    again = client.post(reply_url(thread), sent)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] and "sent=k1" in first["Location"]
    assert Post.objects.unrestricted().filter(thread=thread, body="Once only.").count() == 1


def test_the_api_limits_and_sends_once(client, cast):
    thread = start(cast)
    headers = api_auth(client, cast.member_b)
    url = f"/api/v1/chatter/threads/{thread.pk}/posts/"
    body = {"body": "Via the API."}
    made = client.post(url, body, "application/json", HTTP_IDEMPOTENCY_KEY="a-1", **headers)
    again = client.post(url, body, "application/json", HTTP_IDEMPOTENCY_KEY="a-1", **headers)
    assert (made.status_code, again.status_code) == (201, 200)
    assert made.json()["id"] == again.json()["id"]
    refused = client.post(url, {"body": "Another."}, "application/json", **headers)
    assert refused.status_code == 429 and "Retry-After" in refused
    assert "One post at a time" in refused.json()["detail"]


# Flags


def test_flags_from_three_organisations_hide_a_post_until_reviewed(cast):
    org_c = OrganisationFactory(name="Charlie Bulk", slug="charlie")
    member_c = member(org_c)
    thread = start(cast)
    post = services.post_reply(author=cast.member_a, thread=thread, body="Buy my guards!")
    services.post_flag(flagger=cast.member_b, post=post, reason="spam")
    services.post_flag(flagger=cast.admin_b, post=post, reason="spam")  # the same company
    post.refresh_from_db()
    assert post.hidden_at is None
    services.post_flag(flagger=member_c, post=post, reason="spam")
    services.post_flag(flagger=cast.editor, post=post, reason="off_topic")
    post.refresh_from_db()
    assert post.hidden_at is not None
    [for_b] = selectors.shown_posts(cast.viewer("member_b"), [post])
    [for_author] = selectors.shown_posts(cast.viewer("member_a"), [post])
    [for_editor] = selectors.shown_posts(cast.viewer("editor"), [post])
    assert for_b.hidden and for_b.html == ""
    assert not for_author.hidden and "guards" in for_author.html
    assert not for_editor.hidden
    fan_out_all()
    assert told("chatter-flags") == {cast.staff.email, cast.editor.email}
    assert Notification.objects.filter(kind="chatter-flags", recipient=cast.staff).count() == 2
    assert AuditEvent.objects.filter(action="post_flagged").count() == 4


def test_a_review_hides_or_shows_and_the_author_and_flaggers_hear_of_it(cast):
    thread = start(cast)
    post = services.post_reply(author=cast.member_a, thread=thread, body="Off topic.")
    services.post_flag(flagger=cast.member_b, post=post, reason="off_topic")
    with pytest.raises(ValidationError, match="Say why"):
        services.flags_review(reviewer=cast.editor, post=post, agree=True)
    services.flags_review(reviewer=cast.editor, post=post, agree=True, reason="Not about Lagos")
    post.refresh_from_db()
    assert post.hidden_reason == "Not about Lagos"
    assert Flag.objects.get().status == Flag.Status.AGREED
    fan_out_all()
    assert told("chatter-moderation") == {cast.member_a.email, cast.member_b.email}
    author_note = Notification.objects.get(kind="chatter-moderation", recipient=cast.member_a)
    assert "Not about Lagos" in author_note.text
    services.flags_review(reviewer=cast.staff, post=post, agree=False)
    post.refresh_from_db()
    assert post.hidden_at is None
    actions = list(
        AuditEvent.objects.filter(action__startswith="post_").order_by("pk").values_list("action")
    )
    assert [a for (a,) in actions if a in ("post_hidden", "post_shown")] == [
        "post_hidden",
        "post_shown",
    ]


def test_who_may_flag_and_review(cast):
    thread = start(cast)
    post = Post.objects.unrestricted().get(thread=thread)
    with pytest.raises(ValidationError, match="own post"):
        services.post_flag(flagger=cast.member_a, post=post, reason="spam")
    with pytest.raises(ValidationError, match="Say what"):
        services.post_flag(flagger=cast.member_b, post=post, reason="other")
    with pytest.raises(ValidationError, match="Choose why"):
        services.post_flag(flagger=cast.member_b, post=post, reason="dull")
    with pytest.raises(PermissionDenied):
        services.post_flag(flagger=cast.pending_a, post=post, reason="spam")
    first = services.post_flag(flagger=cast.member_b, post=post, reason="spam")
    assert services.post_flag(flagger=cast.member_b, post=post, reason="spam").pk == first.pk
    with pytest.raises(PermissionDenied):
        services.flags_review(reviewer=cast.admin_a, post=post, agree=False)
    assert list(visible(cast.viewer("admin_b"), Flag)) == []
    assert list(visible(cast.viewer("member_b"), Flag)) == [first]
    assert list(visible(cast.viewer("editor"), Flag)) == [first]


def test_the_flag_queue_lists_flagged_posts_for_editors(client, cast):
    thread = start(cast)
    post = services.post_reply(author=cast.member_a, thread=thread, body="Flag me.")
    client.force_login(cast.member_b)
    response = client.post(f"/chatter/p/{post.pk}/flag/", {"reason": "other", "note": ""})
    assert response.status_code == 400 and "Say what" in response.content.decode()
    response = client.post(f"/chatter/p/{post.pk}/flag/", {"reason": "spam"})
    assert response.status_code == 302
    client.force_login(cast.editor)
    page = client.get("/chatter/flags/").content.decode()
    assert "Flag me." in page and "Spam" in page
    client.post(f"/chatter/p/{post.pk}/review/", {"decision": "agree", "reason": "Spam."})
    assert "No flags are waiting" in client.get("/chatter/flags/").content.decode()


def test_the_api_flags_and_marks_read(client, cast):
    thread = start(cast)
    services.post_reply(author=cast.member_a, thread=thread, body="Two.")
    post = Post.objects.unrestricted().get(thread=thread, number=2)
    headers = api_auth(client, cast.member_b)
    flagged = client.post(
        f"/api/v1/chatter/posts/{post.pk}/flag/", {"reason": "spam"}, "application/json", **headers
    )
    assert flagged.status_code == 201 and flagged.json()["status"] == "pending"
    read = client.post(
        f"/api/v1/chatter/threads/{thread.pk}/read/", {"number": 99}, "application/json", **headers
    )
    assert read.json()["last_read"] == 2


def test_the_api_edits_a_post_for_its_author_only(client, cast):
    thread = start(cast)
    post = Post.objects.unrestricted().get(thread=thread)
    url = f"/api/v1/chatter/posts/{post.pk}/"
    other = client.patch(
        url, {"body": "Mine now"}, "application/json", **api_auth(client, cast.member_b)
    )
    assert other.status_code == 403
    client.logout()
    mine = client.patch(
        url, {"body": f"Edited, @{cast.member_b.handle}"}, "application/json",
        **api_auth(client, cast.member_a),
    )  # fmt: skip
    assert mine.status_code == 200 and mine.json()["body"].startswith("Edited")
    assert mine.json()["notes"] == []


# Live


def test_an_open_thread_gets_its_new_replies_and_304_while_nothing_changed(client, cast):
    thread = start(cast)
    client.force_login(cast.member_b)
    url = f"/chatter/t/{thread.pk}/live/"
    first = client.get(url, {"after": 1})
    assert first.status_code == 200 and first.content.strip() == b""
    unchanged = client.get(url, {"after": 1}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304
    services.post_reply(author=cast.member_a, thread=thread, body="Fresh news from Tema.")
    changed = client.get(url, {"after": 1}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "Fresh news from Tema." in changed.content.decode()
    assert changed["ETag"] != first["ETag"]
    assert (
        unread.read_up_to(
            cast.viewer("member_b"), selectors.thread(cast.viewer("member_b"), thread.pk)
        )
        == 2
    )
    assert client.get(url, {"after": "x"}).status_code == 404


def test_live_replies_follow_the_access_policy(client, cast):
    thread = start(cast, tlp="amber")
    client.force_login(cast.member_b)
    assert client.get(f"/chatter/t/{thread.pk}/live/", {"after": 0}).status_code == 404


def test_a_link_can_start_a_thread_with_its_title_and_text_filled_in(client, cast):
    client.force_login(cast.member_a)
    page = client.get(
        "/chatter/start/", {"title": "Trend at Lagos", "body": "See /ports/NGLOS/", "tlp": "amber"}
    ).content.decode()
    assert 'value="Trend at Lagos"' in page and "See /ports/NGLOS/</textarea>" in page
    assert client.get("/chatter/start/", {"title": "a\x00b"}).status_code == 400


# Search


def test_search_finds_the_posts_a_reader_may_see_and_marks_the_words(client, cast):
    green = start(cast, title="Boarding at Lagos", body="Robbers with a ladder at night.")
    start(cast, tlp="amber", title="Ours", body="Robbers again, the ladder trick.")
    services.post_reply(author=cast.member_a, thread=green, body="Another <b>ladder</b> tale.")
    client.force_login(cast.member_b)
    page = client.get("/chatter/search/", {"q": "ladder"}).content.decode()
    assert page.count('data-testid="chatter-result"') == 2  # not A's AMBER thread
    assert "<mark>ladder</mark>" in page and "<b>ladder" not in page  # escaped, then marked
    found = client.get("/chatter/search/", {"q": "lagos", "topic": "question"}).content
    assert b'data-testid="chatter-result"' not in found
    assert client.get("/chatter/search/", {"q": "x", "region": "mars"}).status_code == 404
    assert client.get("/chatter/search/", {"q": "lad\x00der"}).status_code == 400


def test_search_keeps_up_with_edits_and_leaves_out_deleted_and_hidden_posts(cast):
    thread = start(cast, body="Nothing yet.")
    post = Post.objects.unrestricted().get(thread=thread)
    services.post_edit(editor=cast.member_a, post=post, body="Now about pirates.")
    reader = cast.viewer("member_b")
    from chatter.search import posts_matching

    assert [p.pk for p in posts_matching(reader, "pirates")] == [post.pk]
    Post.objects.unrestricted().filter(pk=post.pk).update(hidden_at=post.created_at)
    assert posts_matching(reader, "pirates") == []
    assert len(posts_matching(cast.viewer("editor"), "pirates")) == 1
    services.post_delete(actor=cast.member_a, post=post)
    assert posts_matching(cast.viewer("editor"), "pirates") == []


def test_a_common_word_is_ranked_among_its_newest_matches_best_first(cast, monkeypatch):
    from chatter import search

    best = start(cast, title="Pirates, pirates", body="Pirates: pirates again.")  # oldest
    plain = start(cast, title="At anchor", body="One pirate sighted.")
    twice = start(cast, title="Tema", body="Pirates came, pirates left.")
    reader = cast.viewer("member_b")

    def found():
        return [post.thread_id for post in search.posts_matching(reader, "pirates")]

    assert found() == [best.pk, twice.pk, plain.pk]  # all ranked: the best first
    monkeypatch.setattr(search, "CANDIDATES", 2)
    assert found() == [twice.pk, plain.pk]  # the two newest, ranked


def test_the_menu_search_finds_incidents_and_posts_together(client, cast):
    from tests.incidents.conftest import report

    report(cast, reporter=cast.member_a, tlp="green", description="Skiff with a ladder")
    report(cast, reporter=cast.member_a, tlp="amber_strict", description="Secret ladder job")
    start(cast, body="A ladder again at Lagos.")
    client.force_login(cast.member_b)
    page = client.get("/search/", {"q": "ladder"}).content.decode()
    assert page.count('data-testid="chatter-result"') == 1
    incidents = page.split('data-testid="incident-results"')[1].split("</ul>")[0]
    assert incidents.count("<li>") == 1
    assert 'name="q"' in client.get("/").content.decode()  # the box is in the menu


@pytest.mark.parametrize("tlp", ["clear", "green", "amber", "amber_strict", "red"])
def test_search_results_and_mention_suggestions_follow_the_matrix(cast, tlp):
    """Each role finds member A's thread in search exactly when it may see the thread."""
    from chatter.search import posts_matching
    from tests.conftest import ROLES
    from tests.security.access_matrix import THREAD_SEES, thread_of_member_a

    thread = thread_of_member_a(cast, tlp)
    finds = {
        role
        for role in ROLES
        if any(post.thread_id == thread.pk for post in posts_matching(cast.viewer(role), "Lagos"))
    }
    assert finds == THREAD_SEES[tlp]


# Discuss, from an incident's page


@pytest.mark.parametrize(
    ("incident_tlp", "thread_tlp"),
    [("clear", "green"), ("green", "green"), ("amber", "amber"), ("red", "red")],
)
def test_discuss_makes_the_incidents_thread_once_marked_at_least_as_strictly(
    client, cast, incident_tlp, thread_tlp
):
    from tests.incidents.conftest import report

    incident = report(cast, tlp=incident_tlp)
    if incident_tlp == "red":
        incident.recipients.set([cast.member_b])
    if incident_tlp == "amber":
        incident.shared_with_organisations.set([cast.org_b])
    client.force_login(cast.member_a)
    page = client.get(f"/incidents/{incident.reference}/").content.decode()
    assert 'data-testid="discussion"' in page and ">Discuss</button>" in page
    first = client.post(f"/chatter/discuss/{incident.reference}/")
    again = client.post(f"/chatter/discuss/{incident.reference}/")
    assert first["Location"] == again["Location"]
    thread = Thread.objects.unrestricted().get(discusses=incident)
    linked = Thread.incidents.through.objects.filter(thread=thread).values_list("incident_id")
    assert thread.tlp == thread_tlp and list(linked) == [(incident.pk,)]
    if incident_tlp == "amber":
        assert list(thread.shared_with_organisations.all()) == [cast.org_b]
    if incident_tlp == "red":
        assert set(thread.recipients.all()) >= {cast.member_b}
    services.post_reply(author=cast.member_a, thread=thread, body="Seen from the bridge.")
    page = client.get(f"/incidents/{incident.reference}/").content.decode()
    assert "Seen from the bridge." in page and "Open the discussion" in page


def test_the_discussion_on_an_incident_page_shows_only_what_the_reader_may_see(client, cast):
    from tests.incidents.conftest import report

    incident = report(cast, tlp="green")
    thread = services.thread_discuss(author=cast.member_a, incident=incident)
    services.post_reply(author=cast.member_a, thread=thread, body="Visible to members.")
    client.force_login(cast.pending_a)
    assert client.get(f"/incidents/{incident.reference}/").status_code == 404
    clear = report(cast, tlp="clear")
    services.thread_discuss(author=cast.member_a, incident=clear)
    page = client.get(f"/incidents/{clear.reference}/").content.decode()
    assert 'data-testid="discussion"' not in page  # its GREEN thread is not theirs to read


# Share to Chatter


def test_a_trend_and_the_incident_list_are_shared_to_chatter_with_their_findings(client, cast):
    from urllib.parse import parse_qs, urlsplit

    from tests.incidents.conftest import report

    report(cast, tlp="green")
    client.force_login(cast.member_a)
    page = client.get("/trends/", {"port": "NGLOS-ANCH", "since": "2019-01-01"})
    link = re.search(r'href="(/chatter/start/\?[^"]+)">Share to Chatter', page.content.decode())
    asked = parse_qs(urlsplit(html.unescape(link.group(1))).query)
    assert "Lagos" in asked["title"][0]
    assert "/trends/?port=NGLOS-ANCH" in asked["body"][0] and "> 1 incident" in asked["body"][0]
    form = client.get(html.unescape(link.group(1))).content.decode()
    assert "1 incident in this period." in form
    assert "Share to Chatter" in client.get("/incidents/?category=boarded").content.decode()
    client.force_login(cast.pending_a)
    assert "Share to Chatter" not in client.get("/incidents/").content.decode()


def _shared(page: str) -> dict:
    from urllib.parse import parse_qs, urlsplit

    link = re.search(r'href="(/chatter/start/\?[^"]+)">Share to Chatter', page)
    return {k: v[0] for k, v in parse_qs(urlsplit(html.unescape(link.group(1))).query).items()}


def test_a_share_is_marked_no_less_strictly_than_what_its_findings_count(client, cast):
    from tests.incidents.conftest import report

    report(cast, tlp="green")
    report(cast, tlp="amber_strict", occurred_on=dt.date(2019, 4, 2))
    query = {"port": "NGLOS-ANCH", "since": "2019-01-01", "until": "2019-12-31"}
    client.force_login(cast.member_a)
    asked = _shared(client.get("/trends/", query).content.decode())
    assert asked["tlp"] == "amber_strict" and "> 2 incidents" in asked["body"]
    form = client.get("/chatter/start/", asked).content.decode()
    assert re.search(r'<option value="amber_strict" selected', form)
    client.force_login(cast.member_b)  # sees the GREEN one alone: GREEN, as threads start
    asked = _shared(client.get("/trends/", query).content.decode())
    assert "tlp" not in asked and "> 1 incident" in asked["body"]


def test_a_ready_pdf_report_is_shared_to_chatter_with_the_trends_link_and_findings(client, cast):
    from incidents.models import Export
    from reports.kinds import SUMMARY_PDF, TREND_PDF
    from tests.incidents.conftest import report

    report(cast, tlp="green")
    query = "port=NGLOS-ANCH&since=2019-01-01&until=2019-12-31"
    job = Export.objects.create(
        created_by=cast.member_a, format=TREND_PDF, query=query, state=Export.State.READY
    )
    client.force_login(cast.member_a)
    asked = _shared(client.get(f"/incidents/exports/{job.pk}/").content.decode())
    assert asked["title"] == "Lagos Anchorage, 1 Jan 2019 to 31 Dec 2019"
    assert (
        f"(/trends/?{query})" in asked["body"] and "> 1 incident in this period." in asked["body"]
    )
    summary = Export.objects.create(
        created_by=cast.member_a, format=SUMMARY_PDF, query="year=2019&region=west_africa",
        state=Export.State.READY,
    )  # fmt: skip
    asked = _shared(client.get(f"/incidents/exports/{summary.pk}/").content.decode())
    assert asked["title"] == "West Africa / Gulf of Guinea: crime summary 2019"
    assert "(/regions/west_africa/?year=2019)" in asked["body"]
    Export.objects.filter(pk=job.pk).update(state=Export.State.RUNNING)
    assert "Share to Chatter" not in client.get(f"/incidents/exports/{job.pk}/").content.decode()
    csv = Export.objects.create(created_by=cast.member_a, format="csv", state=Export.State.READY)
    assert "Share to Chatter" not in client.get(f"/incidents/exports/{csv.pk}/").content.decode()


def test_a_watcher_who_is_mentioned_hears_of_the_post_once_as_a_mention(cast):
    thread = start(cast, body="First.")
    services.post_reply(author=cast.member_b, thread=thread, body="I track it now.")
    fan_out_all()
    Notification.objects.all().delete()
    services.post_reply(author=cast.member_a, thread=thread, body=f"@{cast.member_b.handle} yes")
    fan_out_all()
    assert list(
        Notification.objects.filter(recipient=cast.member_b).values_list("kind", flat=True)
    ) == ["mention"]


def test_a_search_result_reads_as_words_not_markdown():
    from chatter.search import START, STOP, highlighted

    shown = highlighted(f"**Three** boardings: [the {START}trend{STOP}](/ports/NGLOS/) `x`")
    assert shown == "Three boardings: the <mark>trend</mark> x"


# The weekly digest


def test_the_weekly_digest_gives_each_member_the_weeks_top_threads_they_may_read(cast):
    from django.core import mail
    from django.utils import timezone

    from members.models import NotificationMail, Rhythm
    from members.notifications.mail import mail_digests
    from members.notifications.services import mail_choices_save

    mail_choices_save(user=cast.member_b, choices={"chatter": Rhythm.WEEKLY})
    busy = start(cast, title="Coast guard inspection at Lagos")
    for n in range(3):
        services.post_reply(author=cast.member_b, thread=busy, body=f"Reply {n}")
    watch_set(user=cast.member_b, target_type="thread", target_key=str(busy.pk), label="Busy")
    services.post_reply(author=cast.member_a, thread=busy, body="Thanks, all.")
    fan_out_all()  # member B, who watches the thread, hears of that reply in the week's mail
    start(cast, title="Quiet one")
    secret = start(cast, tlp="amber", title="Alpha only")
    services.post_reply(author=cast.admin_a, thread=secret, body="Seen.")
    old = start(cast, title="Last month")
    month_ago = timezone.now() - dt.timedelta(days=30)
    Post.objects.unrestricted().filter(thread=old).update(created_at=month_ago)
    Thread.objects.unrestricted().filter(pk=old.pk).update(last_post_at=month_ago)
    mail_choices_save(user=cast.admin_b, choices={"chatter-top": Rhythm.NEVER})
    with pytest.raises(ValidationError):
        mail_choices_save(user=cast.admin_b, choices={"chatter-top": Rhythm.DAILY})
    mail.outbox.clear()

    assert mail_digests(Rhythm.WEEKLY) == 5  # members and admins of A, member B, editor, staff
    mails = {message.to[0]: message for message in mail.outbox}
    assert set(mails) == {cast.member_a.email, cast.admin_a.email, cast.member_b.email,
                          cast.editor.email, cast.staff.email}  # fmt: skip
    of_b = mails[cast.member_b.email]  # one mail: the notification and the top threads
    assert of_b.subject.endswith("Your CSOA digest: 1 notification this week")
    assert "Top threads in CSO Chatter" in of_b.body and "Thanks, all." in of_b.body
    assert "Coast guard inspection at Lagos\n  5 posts this week by 2 people" in of_b.body
    assert of_b.body.index("Coast guard") < of_b.body.index("Quiet one")
    assert "Alpha only" not in of_b.body and "Last month" not in of_b.body
    assert f"/chatter/t/{busy.pk}/" in of_b.body
    assert "chatter-top" not in of_b.body  # kinds are named by their labels
    assert mails[cast.member_a.email].subject.endswith("Your CSOA week: Top threads in CSO Chatter")
    of_a = mails[cast.member_a.email].body
    assert "- Alpha only (TLP:AMBER)\n  2 posts this week by 2 people" in of_a
    assert NotificationMail.objects.get(recipient=cast.member_b).parts == ["chatter-top"]

    mail.outbox.clear()
    assert mail_digests(Rhythm.WEEKLY) == 0 and not mail.outbox  # run again: none twice


def test_message_on_a_post_starts_a_private_conversation_with_its_author(client, cast):
    thread = start(cast, body="Anyone inspected at Tema?")
    client.force_login(cast.member_b)
    page = client.get(f"/chatter/t/{thread.pk}/").content.decode()
    link = html.unescape(re.search(r'href="([^"]+)" data-testid="message"', page).group(1))
    assert link == f"/chatter/start/?tlp=red&recipients=%40{cast.member_a.handle}"
    form = client.get(link).content.decode()
    assert f'value="@{cast.member_a.handle}"' in form
    answer = client.post("/chatter/start/", {
        "title": "Your inspection", "topic": "question", "tlp": "red", "body": "Call me?",
        "recipients": f"@{cast.member_a.handle}, {cast.admin_b.email}",
    })  # fmt: skip
    assert answer.status_code == 302
    made = Thread.objects.unrestricted().get(title="Your inspection")
    assert made.tlp == "red"
    assert set(made.recipients.all()) == {cast.member_a, cast.admin_b}
    refused = client.post("/chatter/start/", {
        "title": "Nobody", "topic": "question", "tlp": "red", "body": "Hello?",
        "recipients": "@no.such.person",
    })  # fmt: skip
    assert refused.status_code == 400 and "Not a member's handle: @no.such.person." in (
        html.unescape(refused.content.decode())
    )
    client.force_login(cast.member_a)  # no Message on one's own post
    assert 'data-testid="message"' not in client.get(f"/chatter/t/{thread.pk}/").content.decode()
