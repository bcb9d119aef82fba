"""Sharing a view: a room above registers where a page's view can be shared to (CSO Chatter
registers "Share to Chatter"), and pages lower in the house offer it without knowing who
takes it. A target is a label and a function of (the reader, the view's title, its link,
its findings, the strictest TLP marking of what the findings count) that gives the address
to go to, or None when this reader may not share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .registry import Register


@dataclass(frozen=True)
class ShareTarget:
    label: str
    url: Callable[..., str | None]


SHARE_TARGETS: Register[ShareTarget] = Register("places a view is shared to")


def share_links(
    viewer: object,
    *,
    title: str,
    link: str,
    findings: Iterable[str] = (),
    marking: str = "",
) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    for target in SHARE_TARGETS:
        url = target.url(viewer, title=title, link=link, findings=list(findings), marking=marking)
        if url:
            links.append((target.label, url))
    return links
