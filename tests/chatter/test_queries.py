"""The thread page, the lists and the API cost a fixed number of queries, however many
posts, threads and cards they hold."""

import datetime as dt

import pytest

from chatter import services
from tests.incidents.conftest import report

from .conftest import start

pytestmark = pytest.mark.django_db


def test_a_thread_page_costs_the_same_however_many_posts_and_cards(
    client, cast, django_assert_num_queries
):
    incidents = [report(cast, occurred_on=dt.date(2019, 3, 1 + n)) for n in range(3)]
    thread = start(cast, body=f"See {incidents[0].reference}")
    client.force_login(cast.member_b)
    url = f"/chatter/t/{thread.pk}/?post=1"
    client.get(url)
    # Session, user, membership; the thread; its posts; the incidents they name; the linked
    # incidents; the reader's watch; the read state (read, then moved on).
    with django_assert_num_queries(10):
        client.get(url)
    for n in range(30):
        services.post_reply(
            author=cast.admin_a, thread=thread, body=f"Post {n} about {incidents[n % 3].reference}"
        )
    client.get(url)
    with django_assert_num_queries(10):
        page = client.get(url).content.decode()
    assert page.count('data-testid="post"') == 31
    assert page.count('data-testid="incident-card"') == 31


def test_the_list_costs_the_same_however_many_threads(client, cast, django_assert_num_queries):
    start(cast)
    client.force_login(cast.member_b)
    client.get("/chatter/")
    with django_assert_num_queries(4):  # session, user, membership; the page of threads
        client.get("/chatter/")
    for n in range(20):
        start(cast, title=f"Thread {n}")
    client.get("/chatter/")
    with django_assert_num_queries(4):
        assert client.get("/chatter/").content.decode().count('data-testid="thread"') == 21


def test_the_posts_api_costs_the_same_however_many_posts(client, cast, django_assert_num_queries):
    from tests.conftest import api_auth

    thread = start(cast)
    headers = api_auth(client, cast.member_b)
    url = f"/api/v1/chatter/threads/{thread.pk}/posts/"
    client.get(url, **headers)
    # The token and its user; the record of its use; membership; thread; posts.
    with django_assert_num_queries(5):
        client.get(url, **headers)
    for n in range(20):
        services.post_reply(author=cast.admin_a, thread=thread, body=f"Post {n}")
    with django_assert_num_queries(5):
        assert len(client.get(url, **headers).json()["results"]) == 21
