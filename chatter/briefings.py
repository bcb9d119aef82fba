"""Latest Regional Intelligence briefings: the editors consolidate the reporting centres'
advisories of a group's regions (the feeds read them) into one post in the group, which links
its sources, or dismiss them."""

from __future__ import annotations

from django.db import transaction
from django.http import QueryDict
from django.urls import reverse

from feeds import services as feed_services
from feeds.models import Briefing
from members.access import TLP

from .services import thread_start


def regions_of(group) -> list[str]:
    """The regions of a Latest Regional Intelligence group's lens (none for other groups)."""
    if group.collection != "regional_intelligence" or not group.lens:
        return []
    return QueryDict(group.lens).getlist("region")


def sources(advisories) -> str:
    """The post's list of its sources, in Markdown: each advisory's title, its centre and
    day, and its link."""
    lines = ["", "**Sources**", ""]
    for advisory in advisories:
        when = f", {advisory.published_at:%d %b %Y}" if advisory.published_at else ""
        title = advisory.title.replace("[", "(").replace("]", ")")
        named = f"[{title}]({advisory.link})" if advisory.link else title
        lines.append(f"- {named}: {advisory.source.name}{when}")
    return "\n".join(lines)


@transaction.atomic
def consolidate(*, actor, group, advisories, title: str, body: str, tlp: str = TLP.GREEN):
    """One post in the group from several advisories: the editor's words, then the sources.
    Marked no less strictly than the strictest advisory."""
    strictest = max([tlp, *(a.tlp for a in advisories)], key=TLP.strictness)
    thread = thread_start(
        author=actor,
        title=title,
        body=f"{body.strip()}\n{sources(advisories)}",
        tlp=strictest,
        topic="bulletin",
        region=regions_of(group)[0] if regions_of(group) else "",
        group=group,
    )
    link = reverse("chatter:thread", args=[thread.pk])
    feed_services.advisories_decide(
        actor=actor, advisories=advisories, state=Briefing.USED, link=link
    )
    return thread


def dismiss(*, actor, advisories) -> int:
    return feed_services.advisories_decide(
        actor=actor, advisories=advisories, state=Briefing.DISMISSED
    )
