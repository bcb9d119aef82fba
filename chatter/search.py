"""Full-text search over Chatter: each post's text and its thread's title.

The vector is stored on the post (``Post.search``, GIN-indexed) and kept by the database: a
trigger computes it before every insert and before every update that changes the post's
text, whatever code writes the row. The thread's title weighs more than the text. A search
reads the index, through the reader's view of the posts (the access policy), so a result
never names what its reader may not see.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from members.access import Viewer, visible

from .models import Post

CONFIG = "english"
RESULTS = 20
# A search ranks at most this many of its matches, the newest: a common word matches tens of
# thousands of posts, and ranking each one's vector costs more than finding them all.
CANDIDATES = 1000

# The trigger; a migration installs it as it is written here (a change is a new migration).
TRIGGER_SQL = f"""
CREATE OR REPLACE FUNCTION chatter_post_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.search IS NOT NULL AND NEW.body IS NOT DISTINCT FROM OLD.body THEN
    RETURN NEW;
  END IF;
  NEW.search :=
    setweight(to_tsvector('{CONFIG}',
      coalesce((SELECT t.title FROM chatter_thread AS t WHERE t.id = NEW.thread_id), '')), 'A')
    || setweight(to_tsvector('{CONFIG}', coalesce(NEW.body, '')), 'B');
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS chatter_post_search ON chatter_post;
CREATE TRIGGER chatter_post_search BEFORE INSERT OR UPDATE ON chatter_post
  FOR EACH ROW EXECUTE FUNCTION chatter_post_search_vector();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS chatter_post_search ON chatter_post;
DROP FUNCTION IF EXISTS chatter_post_search_vector();
"""

START, STOP = "\x02", "\x03"  # marks of the headline, replaced once the text is escaped


def search_query(text: str) -> SearchQuery:
    """What a member types, read as a web search: words, "quoted phrases", -excluded, or."""
    return SearchQuery(text, config=CONFIG, search_type="websearch")


MARKUP = re.compile(r"\*\*|__|~~|[*`]|^\s*(?:[#>]+|[-+]|\d+\.)\s+", re.MULTILINE)
LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)?")


def highlighted(headline: str) -> str:
    """The headline as plain words (a link's text, no Markdown marks), escaped, with the
    matched words marked."""
    text = MARKUP.sub("", LINK.sub(r"\1", headline.replace("\x00", "")))
    text = escape(text)
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def posts_matching(viewer: Viewer, text: str, *, region: str = "", topic: str = "", limit=RESULTS):
    """The posts this viewer may see that match, best first among the newest ``CANDIDATES``
    of them, each with ``headline`` (its matching words marked): never a deleted post, nor
    a hidden one but to the editors."""
    text = text.replace("\x00", "").strip()[:200]
    if not text:
        return []
    query = search_query(text)
    found = visible(viewer, Post).filter(search=query, deleted_at=None)
    if not (viewer.is_editor or viewer.is_staff):
        found = found.filter(Q(hidden_at=None) | Q(created_by_id=viewer.user_id))
    if region:
        found = found.filter(thread__region=region)
    if topic:
        found = found.filter(thread__topic=topic)
    newest = found.order_by("-created_at", "-id").values("pk")[:CANDIDATES]
    ranked = (
        Post.objects.unrestricted()  # the newest of what this viewer may see, just above
        .filter(pk__in=newest)
        .annotate(rank=SearchRank(F("search"), query))
        .order_by("-rank", "-created_at")
        .select_related("thread", "created_by")
        .only(
            "id",
            "number",
            "created_at",
            "thread__id",
            "thread__title",
            "thread__tlp",
            "thread__region",
            "thread__topic",
            "created_by__full_name",
        )[:limit]
    )
    posts = list(ranked)
    if not posts:
        return []
    headlines = dict(
        Post.objects.unrestricted()
        .filter(pk__in=[post.pk for post in posts])
        .annotate(
            headline=SearchHeadline(
                "body",
                query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
            )
        )
        .values_list("pk", "headline")
    )
    for post in posts:
        post.headline = highlighted(headlines.get(post.pk, ""))
    return posts
