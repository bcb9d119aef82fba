"""Every ``aria-describedby`` on the forms people fill in names an element of the page: a
screen reader reads each field's help, none points at nothing."""

import re

import pytest

from groups.services import group_create
from tests.chatter.conftest import start

pytestmark = pytest.mark.django_db


def broken(html: str) -> set[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    named = {name for value in re.findall(r'aria-describedby="([^"]+)"', html)
             for name in value.split()}  # fmt: skip
    return named - ids


def test_help_texts_are_where_the_fields_say(client, cast):
    thread = start(cast)
    group = group_create(creator=cast.member_b, name="Bonny watch", collection="cso")
    client.force_login(cast.member_a)
    pages = [
        "/incidents/report/", "/chatter/start/", f"/chatter/t/{thread.pk}/",
        f"/groups/{group.slug}/", "/incidents/", "/incidents/searches/", "/members/me/",
        f"/chatter/p/{thread.first_post.pk}/edit/", f"/chatter/t/{thread.pk}/poll/",
    ]  # fmt: skip
    for url in pages:
        html = client.get(url).content.decode()
        assert not broken(html), (url, broken(html))
    client.force_login(cast.editor)
    for url in ("/feeds/queue/", "/incidents/queue/"):
        html = client.get(url).content.decode()
        assert not broken(html), (url, broken(html))
