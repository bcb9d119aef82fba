"""What a post names is found when it is written, from markdown-it's tokens, and kept with
it; the migration that read the posts written before reads them the same way."""

import importlib

import pytest
from markdown_it import MarkdownIt

from chatter import cards
from chatter.services import post_edit, post_reply

from .conftest import start

pytestmark = pytest.mark.django_db

SAMPLES = [
    "Boarded at NGLOS-ANCH, see CSOA-2019-0001.",
    "[the report](https://csoa.example/incidents/CSOA-2020-0042/) and `CSOA-2021-0003`",
    "```\nCSOA-2019-0009 NGLOS\n```\nnothing here",
    "[CSOA-2018-0005](https://example.org/) is a link's text, not a reference",
    "plain words only",
    "x**CSOA-2019-0004** next to a word, and CSOA\\-2019\\-0006 escaped",
    '[a title](https://example.org/ "CSOA-2019-0007")',
]


@pytest.mark.parametrize("body", SAMPLES)
def test_the_migration_reads_a_post_as_the_code_does(body):
    migration = importlib.import_module("chatter.migrations.0012_post_findings")
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False})
    parser.enable(["table", "strikethrough"]).disable("image")
    assert migration._found(parser, body) == cards.found_in(body)


def test_what_a_post_names_is_kept_with_it_and_follows_its_edits(cast):
    thread = start(cast, title="Lagos", body="First.")
    post = post_reply(
        author=cast.member_a,
        thread=thread,
        body="Same as CSOA-2019-0001 at NGLOS-ANCH; `CSOA-2019-0002` is code.",
    )
    post.refresh_from_db()
    assert post.references == ["CSOA-2019-0001"]
    assert post.place_codes == ["NGLOS-ANCH"]
    post_edit(editor=cast.member_a, post=post, body="Now [this](/incidents/CSOA-2020-0007/).")
    post.refresh_from_db()
    assert post.references == ["CSOA-2020-0007"]
    assert post.place_codes == []
