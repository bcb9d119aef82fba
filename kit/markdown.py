"""Markdown that members write, made safe to show: rendered by markdown-it-py (CommonMark,
with tables and strikethrough; raw HTML is not HTML but text) and sanitised by nh3 (the
ammonia sanitiser) to a short list of tags. Links keep only http, https and mailto and get
``rel="nofollow noopener"``; images are not written in Markdown but attached as files.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

MAX_LENGTH = 50_000  # characters of Markdown in one post
TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "s",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    renderer = MarkdownIt("commonmark", {"html": False, "linkify": False})
    return renderer.enable(["table", "strikethrough"]).disable("image")


def to_html(source: str) -> str:
    """Safe HTML of a member's Markdown."""
    renderer = _renderer()
    tokens = renderer.parse(source or "")
    for token in tokens:
        # Headings of a post sit below the page's own: "#" is shown as a third-level one.
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 2)}"
    rendered = renderer.renderer.render(tokens, renderer.options, {})
    return nh3.clean(
        rendered,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )


BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|pre|tr|table|ul|ol)>|<br\s*/?>|<hr\s*/?>")


def to_text(source: str) -> str:
    """A member's Markdown as the plain words a mail or a snippet shows: no ``**`` nor ``#``,
    a link as its text, one line per paragraph or list item."""
    marked = BLOCK_END.sub(lambda found: found.group(0) + "\n", to_html(source))
    text = html.unescape(nh3.clean(marked, tags=set()))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class Written:
    """What a reader sees of a member's Markdown, as markdown-it reads it: the runs of text
    outside code and outside links' text (one a text token: emphasis, a link or code ends a
    run, as a tag does in the HTML), and the links' addresses and titles."""

    text: list[str]
    links: list[str]


def read(source: str) -> Written:
    """The text and links of a member's Markdown, from markdown-it's tokens (so a mention or
    a reference in code, in a quote of code or in a link's text is not read as one)."""
    runs: list[str] = []
    links: list[str] = []
    for block in _renderer().parse(source or ""):
        if block.type != "inline" or not block.children:
            continue
        in_link = 0
        for token in block.children:
            if token.type == "link_open":
                in_link += 1
                links.extend(str(token.attrGet(name) or "") for name in ("href", "title"))
            elif token.type == "link_close":
                in_link = max(0, in_link - 1)
            elif token.type == "text" and not in_link and token.content:
                runs.append(token.content)
    return Written(text=runs, links=[link for link in links if link])
