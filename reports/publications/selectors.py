"""Reading publications, always through the access policy: the lists (current bulletins
apart from expired and superseded ones), one publication with its log and sources."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from incidents.models import Incident
from members.access import Viewer, get_visible_or_404, visible, visible_within
from members.models import Membership, Role, User

from ..models import (
    Publication,
    PublicationFile,
    PublicationKind,
    PublicationRead,
    PublicationSource,
    PublicationState,
    PublicationUpdate,
)

PAGE = 30


def publications(viewer: Viewer, kind: str = "") -> QuerySet[Publication]:
    """What the viewer may read, newest first (an event: soonest first)."""
    shown = visible(viewer, Publication).filter(
        state__in=(PublicationState.PUBLISHED, PublicationState.WITHDRAWN)
    )
    if kind:
        shown = shown.filter(kind=kind)
    return shown.select_related("group", "port").order_by("-published_at", "-id")


def _superseded() -> Exists:
    replaced = Publication.objects.unrestricted().filter(
        Q(supersedes=OuterRef("pk")) | Q(cancels=OuterRef("pk")),
        state=PublicationState.PUBLISHED,
    )
    return Exists(replaced)


def current_bulletins(viewer: Viewer) -> QuerySet[Publication]:
    """Bulletins in force: published, not expired, not superseded or cancelled."""
    now = timezone.now()
    return (
        publications(viewer, PublicationKind.BULLETIN)
        .filter(state=PublicationState.PUBLISHED)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now))
        .exclude(_superseded())
    )


def past_bulletins(viewer: Viewer) -> QuerySet[Publication]:
    now = timezone.now()
    return publications(viewer, PublicationKind.BULLETIN).filter(
        Q(state=PublicationState.WITHDRAWN) | Q(valid_until__lte=now) | Q(_superseded())
    )


def upcoming_events(viewer: Viewer) -> QuerySet[Publication]:
    return (
        publications(viewer, PublicationKind.EVENT)
        .filter(state=PublicationState.PUBLISHED, ends__gt=timezone.now())
        .order_by("starts", "id")
    )


def past_events(viewer: Viewer) -> QuerySet[Publication]:
    return publications(viewer, PublicationKind.EVENT).filter(ends__lte=timezone.now())


def publication(viewer: Viewer, pk: int) -> Publication:
    """One publication the viewer may read (an editor: also its draft); 404 otherwise."""
    return get_visible_or_404(
        viewer, Publication.objects.select_related("group", "port", "created_by"), pk=pk
    )


def log(viewer: Viewer, found: Publication) -> list[PublicationUpdate]:
    return list(visible_within(viewer, PublicationUpdate, found).select_related("created_by"))


def sources(viewer: Viewer, found: Publication) -> list[PublicationSource]:
    return list(visible_within(viewer, PublicationSource, found))


def files(viewer: Viewer, found: Publication) -> list[PublicationFile]:
    """Its photos and documents, in the order they were added."""
    return list(visible_within(viewer, PublicationFile, found))


def file_of(viewer: Viewer, found: Publication, pk: int) -> PublicationFile:
    return get_visible_or_404(viewer, PublicationFile.objects.filter(publication=found), pk=pk)


def replaced_by(viewer: Viewer, found: Publication) -> Publication | None:
    """The published bulletin that supersedes or cancels this one, if the viewer sees it."""
    return (
        publications(viewer, PublicationKind.BULLETIN)
        .filter(Q(supersedes=found) | Q(cancels=found), state=PublicationState.PUBLISHED)
        .first()
    )


def drafts(viewer: Viewer, kind: str = "") -> QuerySet[Publication]:
    """What the editors have not published yet (editors and staff alone see these)."""
    if not (viewer.is_editor or viewer.is_staff):
        return Publication.objects.none()
    waiting = visible(viewer, Publication).exclude(
        state__in=(PublicationState.PUBLISHED, PublicationState.WITHDRAWN)
    )
    if kind:
        waiting = waiting.filter(kind=kind)
    return waiting.order_by("-created_at", "-id")


def news_and_workshops(viewer: Viewer) -> QuerySet[Publication]:
    """What the home page's "News & Workshops" shows: news, and the events still to come,
    newest first."""
    return publications(viewer).filter(
        Q(kind=PublicationKind.NEWS)
        | Q(kind=PublicationKind.EVENT, ends__gt=timezone.now(), state=PublicationState.PUBLISHED)
    )


def colleagues_read(viewer: Viewer, found: Publication) -> list[tuple[str, object]] | None:
    """For an organisation's admin: each approved colleague's name and when they first
    opened this report or bulletin (None: not yet). None for everyone else."""

    if viewer.role != Role.ORG_ADMIN or not viewer.approved:
        return None
    if found.kind not in (PublicationKind.FIRST_RESPONSE, PublicationKind.BULLETIN):
        return None
    reads = dict(
        visible(viewer, PublicationRead)
        .filter(publication=found)
        .values_list("user_id", "first_at")
    )
    colleagues = visible(viewer, User).filter(
        membership__organisation_id=viewer.organisation_id,
        membership__status=Membership.Status.APPROVED,
    )
    return [
        (user.shown_name, reads.get(user.pk)) for user in colleagues.order_by("full_name", "pk")
    ]


def linked_incidents(viewer: Viewer, found: Publication) -> list:
    """The incidents a report links that this reader may see."""

    if found.kind != PublicationKind.FIRST_RESPONSE:
        return []
    linked = Publication.incidents.through.objects.filter(publication_id=found.pk)
    return list(
        visible(viewer, Incident)
        .filter(pk__in=linked.values("incident_id"))
        .select_related("port")
        .order_by("occurred_at")
    )


GROUP_PUBLICATIONS = 5


def group_section(request, group, standing) -> dict | None:
    """A group's page: the bulletins and other publications posted in it, those in force
    first; nothing when it has none the reader may read."""
    posted = publications(request.viewer).filter(group=group)
    shown = list(posted[:GROUP_PUBLICATIONS])
    if not shown:
        return None
    now = timezone.now()
    for item in shown:
        item.in_force = item.state == PublicationState.PUBLISHED and not item.expired(now)
    return {"group": group, "publications": shown, "now": now}
