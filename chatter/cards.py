"""What a post knows of the data: an incident's reference (``CSOA-2019-0001``) or its link
becomes a small card, and a port or anchorage code (``NGLOS-ANCH``) a card with its last
twelve months, *for each reader who may see it*. For a reader who may not, the reference
stays the plain text that was written: a post never shows what its reader may not see.

Cards are put into a post's sanitised HTML when it is shown, from this reader's view of the
data (one query for every incident named on the page, one per port); the HTML that is kept
holds only what its author wrote."""

from __future__ import annotations

import re
from functools import lru_cache

from django.template.loader import render_to_string

from incidents import selectors
from incidents.selectors import ports
from kit.markdown import read
from reports.findings import findings
from reports.selectors import month_bars, place_year

REFERENCE = re.compile(r"\bCSOA-\d{4}-\d{4,6}\b")
PORT_CODE = re.compile(r"\b[A-Z]{2}[A-Z0-9]{3}(?:-ANCH)?\b")
TAG = re.compile(r"(<[^>]*>)")
MAX_PORT_CARDS = 5  # a page names a few ports; beyond, they stay links


@lru_cache(maxsize=1)
def _port_codes() -> frozenset[str]:

    return frozenset(ports().values_list("code", flat=True))


def pieces(html: str):
    """The HTML as (piece, is_text, in_quiet) triples: text inside code, pre or a link's
    text is quiet (left as written; a link to an incident gets its card after the link)."""
    depth = {"a": 0, "code": 0, "pre": 0}
    for piece in TAG.split(html):
        if piece.startswith("<"):
            name = re.match(r"</?\s*([a-z0-9]+)", piece)
            if name and name.group(1) in depth:
                depth[name.group(1)] += -1 if piece.startswith("</") else 1
            yield piece, False, True
        elif piece:
            yield piece, True, any(depth.values())


def found_in(source: str) -> tuple[list[str], list[str]]:
    """What a post's Markdown names, as markdown-it reads it (nothing in code or in a link's
    text): incident references in its text and links (addresses and titles), and words
    shaped like a port's code in its text. Kept with the post when it is written."""
    if "CSOA" not in source and not PORT_CODE.search(source):
        return [], []  # names nothing: most posts, read without taking them apart
    written = read(source)
    references: set[str] = set()
    codes: set[str] = set()
    for link in written.links:
        references |= set(REFERENCE.findall(link))
    for run in written.text:
        references |= set(REFERENCE.findall(run))
        codes |= set(PORT_CODE.findall(run))
    return sorted(references), sorted(codes)


def named_in(posts) -> tuple[set[str], set[str]]:
    """The incident references and the known port codes these posts name, as kept with
    them."""
    known = _port_codes()
    references: set[str] = set()
    ports: set[str] = set()
    for post in posts:
        references.update(post.references)
        ports.update(code for code in post.place_codes if code in known)
    return references, ports


def cards_for(viewer, references: set[str], ports: set[str]) -> dict[str, str]:
    """The card of each reference and port code this viewer may see, by the text it
    follows: one query for the incidents; for each port, its last twelve months' figures
    from the trends, of what this viewer may see."""

    cards: dict[str, str] = {}
    if references:
        named = selectors.incidents(viewer).filter(reference__in=references)
        for incident in named.select_related("port"):
            cards[incident.reference] = render_to_string(
                "chatter/_incident_card.html", {"incident": incident}
            ).strip()
    for place in selectors.ports().filter(code__in=sorted(ports)[:MAX_PORT_CARDS]):
        year = place_year(viewer, place.code)
        figures = year.figures
        context = {
            "place": place,
            "count": figures["incidents"],
            "said": findings(figures)[1:3] if figures["incidents"] else [],
            **month_bars(figures.get("months", [])),
        }
        cards[place.code] = render_to_string("chatter/_port_card.html", context).strip()
    return cards


def with_cards(html: str, cards: dict[str, str]) -> str:
    """The post's HTML with a card in place of each reference the reader may see (the card
    names it), and after the link, for a link to an incident."""
    if not cards:
        return html
    pattern = re.compile(r"\b(" + "|".join(re.escape(key) for key in sorted(cards)) + r")\b")
    out, after_link = [], []
    for piece, is_text, quiet in pieces(html):
        if not is_text:
            out.append(piece)
            if piece.startswith("<a "):
                after_link = [cards[r] for r in REFERENCE.findall(piece) if r in cards]
            elif piece.startswith("</a") and after_link:
                out.extend(after_link)
                after_link = []
            continue
        out.append(piece if quiet else pattern.sub(lambda m: cards[m.group(1)], piece))
    return "".join(out)
