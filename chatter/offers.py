"""What CSO Chatter offers on the pages of rooms below it: an incident's discussion panel,
"Share to Chatter", a group's threads, "Message" on a profile, "Discuss" on a pinned study
or a publication. Each is registered with the room that shows it (``apps.py``) and builds
its links here, so that the selectors read data only."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse

from feeds.selectors import briefing_drafts
from groups.access import may_start_thread
from kit.actions import Offer
from members.access import TLP, Viewer, get_visible_or_404, visible, visible_within

from .access import can_post, may_discuss_publication
from .briefings import regions_of
from .models import Post, Thread
from .selectors import shown_posts, thread_list

DISCUSSION_SHOWN = 3


def discussion_panel(request, incident) -> dict | None:
    """The incident page's view of its discussion: the latest posts this reader may see of
    it, and whether they may open it (None for those who can neither read nor start it)."""

    viewer = request.viewer
    try:
        found = get_visible_or_404(viewer, Thread, discusses=incident)
    except Http404:
        found = None
    if found is None and not can_post(viewer):
        return None
    latest = []
    if found is not None:
        posts = (
            visible_within(viewer, Post, found)
            .filter(deleted_at=None)
            .select_related("created_by__membership__organisation")
            .order_by("-number")[:DISCUSSION_SHOWN]
        )
        latest = [s for s in shown_posts(viewer, list(posts)[::-1]) if not s.hidden]
    return {"thread": found, "posts": latest, "can_post": can_post(viewer), "incident": incident}


def share_url(
    viewer: Viewer, *, title: str, link: str, findings: list[str], marking: str = ""
) -> str | None:
    """A new thread that quotes a view: its link and its findings (for those who write),
    marked at first no less strictly than what the findings count (GREEN at least)."""

    if not can_post(viewer):
        return None
    return reverse("chatter:start") + "?" + urlencode(_quoting(title, link, findings, marking))


def _quoting(title: str, link: str, findings: list[str], marking: str) -> dict:
    """A new thread's title and body that quote a view: its link and its findings, marked
    no less strictly than what the findings count (GREEN at least)."""
    quoted = "\n".join(f"> {line}" for line in findings[:8])
    body = f"[{title}]({link})" + (f"\n\n{quoted}" if quoted else "") + "\n\n"
    asked = {"title": title[:200], "body": body}
    if TLP.strictness(marking or TLP.CLEAR) > TLP.strictness(TLP.GREEN):
        asked["tlp"] = marking
    return asked


def discuss_pin_url(viewer: Viewer, pin) -> str | None:
    """A pinned study's "Discuss": a thread in its group that quotes it, for those who may
    start one there."""

    if not may_start_thread(viewer, pin.group):
        return None
    findings = [line for line in pin.findings.splitlines() if line.strip()]
    asked = {"group": pin.group.slug, **_quoting(pin.title, pin.link, findings, pin.tlp)}
    return reverse("chatter:start") + "?" + urlencode(asked)


GROUP_THREADS = 20


def group_section(request, group, standing) -> dict:
    """The group page's threads: the latest the reader may see, and whether they may start
    one there."""
    listed = thread_list(request.viewer, group=group)
    shown = list(listed[: GROUP_THREADS + 1])

    waiting = (
        briefing_drafts(request.viewer, regions_of(group)).count() if standing.may_start else 0
    )
    return {
        "threads": shown[:GROUP_THREADS],
        "more": len(shown) > GROUP_THREADS,
        "group": group,
        "may_start": standing.may_start,
        "advisories_waiting": waiting,
    }


def message_url(viewer: Viewer, member) -> str | None:
    """A member profile's "Message": a private (TLP:RED) conversation with them."""

    if not can_post(viewer) or member.pk == viewer.user_id:
        return None
    return reverse("chatter:start") + f"?tlp=red&recipients=%40{member.handle}"


def discuss_publication_url(viewer: Viewer, publication):
    """A publication's "Discuss": its own discussion, with its count of posts once it has
    one (for those who may read it); until then a button that opens it, for those who may
    write where it is posted."""

    if publication.state != "published":
        return None
    found = visible(viewer, Thread).filter(publication=publication).only("pk", "posts_count")
    thread = found.first()
    if thread is not None:
        count = thread.posts_count
        label = f"Discussion ({count} post{'s' if count != 1 else ''})"
        return Offer(label, reverse("chatter:thread", args=[thread.pk]), "discuss-publication")
    if not may_discuss_publication(viewer, publication):
        return None
    url = reverse("chatter:discuss_publication", args=[publication.pk])
    return Offer("Discuss", url, "discuss-publication", post=True)
