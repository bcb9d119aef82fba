"""Discussions of what other rooms hold: an incident's or a publication's own thread, made
once on first use and marked no less strictly than what it discusses, following its marking
when that changes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.urls import reverse

from incidents import selectors as incident_selectors
from members.access import (
    SHARES,
    TLP,
    get_visible_or_404,
    share_all_as,
    share_as,
    viewer_for,
)
from members.models import User
from reports.publications import selectors as publication_selectors

from ..access import (
    can_post,
    may_discuss_publication,
)
from ..models import Post, ReadState, Thread, Topic
from ..unread import forget_unread
from .posts import post_add

DISCUSS_LOCK = 7301  # the advisory lock space of incidents' discussions
DISCUSSION_MARKING = {TLP.CLEAR: TLP.GREEN}  # Chatter is never public unless an editor says


def _discussion_of(lock_space: int, key: int, **of) -> Thread | None:
    """The discussion thread of something, if it has one. When not, the caller holds a lock
    on it until its transaction ends, so two first "Discuss" at once make one thread."""
    existing = Thread.objects.unrestricted().filter(**of).first()
    if existing is not None:
        return existing
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [lock_space, key])
    return Thread.objects.unrestricted().filter(**of).first()


@transaction.atomic
def thread_discuss(*, author: User, incident) -> Thread:
    """The incident's discussion: the thread made on its first "Discuss", marked at least
    as strictly as the incident (a public incident's is GREEN; an AMBER one's is shared with
    the same organisations, a RED one's with the same people) and linked both ways."""

    viewer = viewer_for(author)
    if not can_post(viewer):
        raise PermissionDenied("Only approved members write in Chatter.")
    incident = get_visible_or_404(viewer, incident_selectors.incidents(viewer), pk=incident.pk)
    existing = _discussion_of(DISCUSS_LOCK, incident.pk, discusses=incident)
    if existing is not None:
        return existing
    tlp = DISCUSSION_MARKING.get(incident.tlp, incident.tlp)
    place = incident.port.name if incident.port_id else incident.get_region_display()
    thread = Thread.objects.create(
        title=f"{incident.reference}: {incident.get_category_display()}, {place}"[:200],
        tlp=tlp,
        topic=Topic.DISCUSSION,
        region=incident.region or "",
        port=incident.port,
        organisation_id=incident.organisation_id,
        created_by=author,
        discusses=incident,
    )
    share_as(thread, incident)
    Thread.incidents.through.objects.create(thread=thread, incident_id=incident.pk)
    thread.first_post = post_add(
        thread=thread,
        author=author,
        body=f"The discussion of {incident.reference}: what happened, what it means, what to do.",
    )
    return thread


DISCUSSED = {"incidents.incident": "discusses", "reports.publication": "publication"}


@transaction.atomic
def discussion_follow(*, content) -> Thread | None:
    """A discussion is always at least as strict as what it discusses: when an incident or a
    publication is marked more strictly (or given another audience under the same marking),
    its discussion thread and every post in it take that marking and audience, so nobody
    reads on in a list, a search, the API, a notification or a mail what they may no longer
    see. A marking made less strict leaves the discussion as it was."""
    field = DISCUSSED.get(content._meta.label_lower)
    thread = (
        Thread.objects.unrestricted().select_for_update().filter(**{field: content}).first()
        if field
        else None
    )
    if thread is None:
        return None
    wanted = DISCUSSION_MARKING.get(content.tlp, content.tlp)
    if TLP.strictness(wanted) < TLP.strictness(thread.tlp):
        return thread
    thread.tlp, thread.organisation_id = wanted, content.organisation_id
    thread.save(update_fields=["tlp", "organisation"])
    for name in SHARES:
        getattr(thread, name).clear()
    share_as(thread, content)
    posts = list(Post.objects.unrestricted().filter(thread=thread).values_list("pk", flat=True))
    Post.objects.unrestricted().filter(pk__in=posts).update(organisation_id=thread.organisation_id)
    share_all_as(Post, posts, thread)

    readers = ReadState.objects.filter(thread=thread).values_list("user_id", flat=True)
    forget_unread(set(readers))
    return thread


DISCUSS_PUBLICATION_LOCK = 7302  # the advisory lock space of publications' discussions


@transaction.atomic
def thread_discuss_publication(*, author: User, publication) -> Thread:
    """A publication's own discussion: the thread made on its first "Discuss", in the
    group it is posted in (or else in CSO Chatter), marked at least as strictly as the
    publication and shared as it is, quoting its title and summary with a link."""

    viewer = viewer_for(author)
    publication = publication_selectors.publication(viewer, publication.pk)
    if not may_discuss_publication(viewer, publication):
        raise PermissionDenied("Only those who may write where it is posted discuss it.")
    existing = _discussion_of(DISCUSS_PUBLICATION_LOCK, publication.pk, publication=publication)
    if existing is not None:
        return existing
    tlp = DISCUSSION_MARKING.get(publication.tlp, publication.tlp)
    thread = Thread.objects.create(
        title=publication.title[:200],
        tlp=tlp,
        topic=Topic.DISCUSSION,
        region=publication.region or "",
        port=publication.port,
        organisation_id=publication.organisation_id,
        created_by=author,
        publication=publication,
        group=publication.group,
    )
    share_as(thread, publication)
    link = reverse("reports:publication", args=[publication.pk])
    quoted = f"\n\n> {publication.summary}" if publication.summary else ""
    thread.first_post = post_add(
        thread=thread,
        author=author,
        body=f"The discussion of [{publication.title}]({link}){quoted}",
    )
    return thread
