"""A discussion is always at least as strict as what it discusses: raising an incident's
marking raises its discussion's and every post's, in lists, search, the API and mail."""

import pytest
from django.core import mail

from chatter.models import Post, Thread
from chatter.services import post_reply, thread_discuss
from incidents.services import incident_change
from members.access import can_view
from members.models import Level
from members.notifications.mail import mail_at_once
from members.notifications.services import watch_set
from tests.conftest import api_auth
from tests.incidents.conftest import report
from tests.notify import fan_out_all

pytestmark = pytest.mark.django_db


def test_raising_an_incidents_marking_raises_its_discussion(client, cast):
    incident = report(cast, tlp="green")
    thread = thread_discuss(author=cast.member_b, incident=incident)
    post_reply(author=cast.member_b, thread=thread, body="Knives again, like last month.")
    watch_set(
        user=cast.admin_b, target_type="thread", target_key=str(thread.pk), label=thread.title,
        level=Level.WATCHING, mail="immediately",
    )  # fmt: skip
    assert can_view(cast.viewer("admin_b"), thread)

    incident_change(
        incident=incident, actor=cast.admin_a, reason="The charterer asked", tlp="amber_strict"
    )
    thread = Thread.objects.unrestricted().get(pk=thread.pk)
    assert thread.tlp == "amber_strict"
    posts = Post.objects.unrestricted().filter(thread=thread)
    assert set(posts.values_list("tlp", flat=True)) == {"amber_strict"}
    for role in ("member_b", "admin_b", "editor"):
        viewer = cast.viewer(role)
        assert not can_view(viewer, thread), role
        assert not any(can_view(viewer, post) for post in posts), role
    assert can_view(cast.viewer("admin_a"), thread)

    client.force_login(cast.admin_b)
    assert thread.title not in client.get("/chatter/").content.decode()
    assert "Knives" not in client.get("/chatter/search/?q=knives").content.decode()
    assert client.get(f"/chatter/t/{thread.pk}/").status_code == 404
    listed = client.get("/api/v1/chatter/threads/", **api_auth(client, cast.admin_b)).json()
    assert thread.pk not in {row["id"] for row in listed["results"]}

    mail.outbox.clear()
    post_reply(author=cast.admin_a, thread=thread, body="Crew list attached for the agent.")
    fan_out_all()
    mail_at_once()
    assert not [m for m in mail.outbox if cast.admin_b.email in m.to]


def test_a_marking_made_less_strict_leaves_the_discussion_as_it_was(cast):
    incident = report(cast, tlp="amber")
    thread = thread_discuss(author=cast.member_a, incident=incident)
    incident_change(incident=incident, actor=cast.admin_a, reason="Public now", tlp="green")
    assert Thread.objects.unrestricted().get(pk=thread.pk).tlp == "amber"
