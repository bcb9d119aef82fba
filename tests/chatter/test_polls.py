"""Polls in threads: put by the thread's author, voted once a person and changeable until it
closes, totals shown to those who may read the thread, never who voted; in the API too."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chatter import polls, selectors
from chatter.models import PollVote
from tests.conftest import api_auth

from .conftest import start

pytestmark = pytest.mark.django_db


def agree(cast, tlp="green", **options):
    thread = start(cast, tlp=tlp, recipients=[cast.member_b] if tlp == "red" else [])
    poll = polls.poll_add(
        author=cast.member_a, thread=thread, question="One group into three: do you agree?",
        options=["Yes", "No", "Not sure"], **options,
    )  # fmt: skip
    return thread, poll


def test_a_poll_is_voted_once_a_person_and_the_vote_changes_until_it_closes(cast):
    _thread, poll = agree(cast)
    yes, no, _unsure = poll.options.order_by("position")
    polls.poll_vote(voter=cast.member_b, poll=poll, option_ids=[yes.pk])
    polls.poll_vote(voter=cast.member_b, poll=poll, option_ids=[no.pk])  # a change of mind
    polls.poll_vote(voter=cast.admin_b, poll=poll, option_ids=[no.pk])
    assert PollVote.objects.filter(poll=poll).count() == 2
    with pytest.raises(ValidationError):
        polls.poll_vote(voter=cast.member_b, poll=poll, option_ids=[yes.pk, no.pk])  # one only
    poll.closes_at = timezone.now() - dt.timedelta(seconds=1)
    poll.save()
    with pytest.raises(ValidationError, match="closed"):
        polls.poll_vote(voter=cast.member_b, poll=poll, option_ids=[yes.pk])


def test_only_the_threads_author_puts_a_poll_and_only_once(cast):
    thread, _poll = agree(cast)
    with pytest.raises(PermissionDenied):
        polls.poll_add(author=cast.member_a, thread=thread, question="Again?", options=["a", "b"])
    other = start(cast, author="member_b")
    with pytest.raises(PermissionDenied):
        polls.poll_add(author=cast.member_a, thread=other, question="Q?", options=["a", "b"])
    with pytest.raises(ValidationError):
        polls.poll_add(author=cast.member_b, thread=other, question="Q?", options=["a", "A"])


def test_readers_see_totals_and_never_who_voted(client, cast):
    thread, poll = agree(cast)
    yes = poll.options.get(position=0)
    polls.poll_vote(voter=cast.admin_a, poll=poll, option_ids=[yes.pk])
    client.force_login(cast.member_b)
    page = client.get(f"/chatter/t/{thread.pk}/").content.decode()
    assert "One group into three: do you agree?" in page and "1 vote · 100%" in page
    assert cast.admin_a.full_name not in page.split('data-testid="poll"')[1].split("</section>")[0]
    client.post(f"/chatter/t/{thread.pk}/poll/vote/", {"option": [str(yes.pk)]})
    viewer = cast.viewer("member_b")
    shown = polls.poll_of(viewer, selectors.thread(viewer, thread.pk))
    assert shown.voters == 2 and shown.results[0].mine
    answer = client.get(
        f"/api/v1/chatter/threads/{thread.pk}/poll/", **api_auth(client, cast.member_b)
    ).json()
    assert answer["voters"] == 2 and answer["results"][0]["votes"] == 2
    assert "voter" not in str(answer["results"])


def test_a_private_conversations_poll_is_seen_only_by_those_in_it(client, cast):
    thread, _poll = agree(cast, tlp="red")
    for role in ("member_b", "member_a"):
        headers = api_auth(client, cast.user(role))
        assert (
            client.get(f"/api/v1/chatter/threads/{thread.pk}/poll/", **headers).status_code == 200
        )
    for role in ("admin_b", "editor", "staff"):
        client.logout()
        headers = api_auth(client, cast.user(role))
        assert (
            client.get(f"/api/v1/chatter/threads/{thread.pk}/poll/", **headers).status_code == 404
        )


def test_the_api_puts_a_poll_and_votes(client, cast):
    thread = start(cast)
    headers = api_auth(client, cast.member_a)
    made = client.post(
        f"/api/v1/chatter/threads/{thread.pk}/poll/",
        {"question": "Agree?", "options": ["Yes", "No"], "multiple": True},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert made.status_code == 201, made.json()
    ids = [row["id"] for row in made.json()["results"]]
    voted = client.post(
        f"/api/v1/chatter/threads/{thread.pk}/poll/vote/", {"options": ids},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert voted.status_code == 200 and voted.json()["voters"] == 1
    forged = client.post(
        f"/api/v1/chatter/threads/{thread.pk}/poll/vote/", {"options": [ids[0] + 999]},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert forged.status_code == 400
