"""What the publications tell people, through the notification centre: a new publication
(to those watching its kind, its region and, for a bulletin, its group) and each update of
a First Response Report (to those watching the report and its region)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from kit.text import whole_number
from members.access import Viewer
from members.models import Watch
from members.notifications import (
    KINDS,
    SUBJECTS,
    TARGETS,
    Kind,
    Subject,
    Target,
    WatchMatch,
    notify,
)

from ..models import Publication, PublicationKind, PublicationUpdate
from . import selectors

# How close a watch is to a publication: its kind is the broadest, itself the closest.
CLOSENESS = {"publications": 5, "region": 10, "group": 20, "publication": 100}


def _url(publication: Publication) -> str:
    return reverse("reports:publication", args=[publication.pk])


def _watches(publication: Publication, *, update: bool) -> list[WatchMatch]:
    """The watches that cover a publication: a new one, its kind, its region and the group
    it is posted in; an update of it, the publication itself, its region and its group."""
    if update:
        covering = Q(target_type="publication", target_key=str(publication.pk))
    else:
        covering = Q(target_type="publications", target_key=publication.kind)
    if publication.region:
        covering |= Q(target_type="region", target_key=publication.region)
    if publication.group_id:
        covering |= Q(target_type="group", target_key=publication.group.slug)
    rows = Watch.objects.filter(covering).values_list("user_id", "level", "mail", "target_type")
    return [
        WatchMatch(user_id, level, CLOSENESS[kind], kind == "publication", mail)
        for user_id, level, mail, kind in rows
    ]


def _describe_kind(viewer: Viewer, key: str):
    if key not in PublicationKind.values:
        return None
    return PublicationKind(key).label, {}


def _describe_publication(viewer: Viewer, key: str):

    if whole_number(key) is None:
        return None
    found = selectors.publications(viewer).filter(pk=int(key)).first()
    return (found.title, {}) if found else None


def register() -> None:
    KINDS.add(
        Kind(
            "publications",
            "Publications",
            "The editors' First Response Reports, bulletins, news and workshops you watch, "
            "and each update of a report you follow.",
            mail="immediately",
        )
    )
    SUBJECTS.add(
        Subject(
            model=Publication,
            title=lambda p: p.title,
            url=_url,
            marking=lambda p: p.tlp,
            summary=lambda p: p.summary,
            watchers=lambda p: _watches(p, update=False),
            select_related=("group",),
        )
    )
    SUBJECTS.add(
        Subject(
            model=PublicationUpdate,
            title=lambda u: f"an update of \u201c{u.publication.title}\u201d",
            url=lambda u: _url(u.publication) + "#log",
            marking=lambda u: u.publication.tlp,
            summary=lambda u: u.text,
            watchers=lambda u: _watches(u.publication, update=True),
            select_related=("publication", "publication__group"),
        )
    )
    TARGETS.add(Target("publications", "Publications of a kind", _describe_kind))
    TARGETS.add(Target("publication", "Publication", _describe_publication))


def published(publication: Publication) -> None:
    notify(
        kind="publications",
        subject=publication,
        text=f"{publication.get_kind_display()}: {publication.title}"[:300],
        actor=publication.created_by,
        urgent=publication.kind == PublicationKind.FIRST_RESPONSE,
    )


def updated(update: PublicationUpdate) -> None:
    closed = " (closed)" if update.response_status == "closed" else ""
    notify(
        kind="publications",
        subject=update,
        text=f"Update{closed}: {update.publication.title}"[:300],
        topic=update.publication,
        actor=update.created_by,
    )


def review_asked(publication: Publication) -> None:
    who = publication.created_by.shown_name
    notify(
        kind="publications",
        subject=publication,
        text=f"{who} asks for a review: {publication.title}"[:300],
        actor=publication.created_by,
        direct_roles=("editor",),
        to_watchers=False,
    )
