"""A publication from draft to withdrawal: checked per kind, linked to incidents, published
at once or when due, updated with reasons."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from incidents.models import Incident
from kit.text import checked_text
from members.access import TLP, can_view, marking_changed, viewer_for, visible
from members.audit import audit_record
from members.models import AuditEvent, User

from ...models import (
    Publication,
    PublicationKind,
    PublicationSource,
    PublicationState,
    PublicationUpdate,
    ResponseStatus,
)
from .. import notifications

# The fields a draft may be given, by kind (title, summary, body and marking for all).
COMMON = ("title", "summary", "body", "tlp")


KIND_FIELDS = {
    PublicationKind.FIRST_RESPONSE: (
        "response_status",
        "region",
        "occurred_at",
        "latitude",
        "longitude",
        "vessel",
        "crew",
        "injuries",
        "not_known",
        "assessment",
        "advice_csos",
        "advice_masters",
    ),
    PublicationKind.BULLETIN: (
        "issuer",
        "sequence",
        "bulletin_kind",
        "verified",
        "region",
        "port",
        "radius_nm",
        "latitude",
        "longitude",
        "threat_level",
        "issued_at",
        "cutoff_at",
        "valid_until",
        "supersedes",
        "cancels",
        "recommended_actions",
        "contacts",
        "group",
    ),
    PublicationKind.NEWS: (),
    PublicationKind.EVENT: (
        "starts",
        "ends",
        "time_zone",
        "venue",
        "online_link",
        "organiser",
        "audience",
        "event_report",
    ),
}


def _editor(actor: User) -> None:
    viewer = viewer_for(actor)
    if not (viewer.is_editor or viewer.is_staff) or viewer.organisation_id is None:
        raise PermissionDenied("Only the platform's editors publish.")


def _time_zone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            {"time_zone": f"{name!r} is not a time zone (Europe/London)."}
        ) from None
    return name


def _check(publication: Publication, actor: User) -> None:
    """What every publication must hold before it is saved, by kind."""
    errors: dict[str, str] = {}
    for field in publication._meta.concrete_fields:
        value = getattr(publication, field.attname)
        if isinstance(value, str) and "\x00" in value:
            errors[field.name] = "Remove the NUL characters."
    if not publication.title.strip():
        errors["title"] = "Give it a title."
    if publication.tlp not in TLP.values:
        errors["tlp"] = "Choose a TLP marking."
    if publication.kind == PublicationKind.EVENT:
        if publication.starts is None or publication.ends is None:
            errors["starts"] = "An event has a start and an end."
        elif publication.ends <= publication.starts:
            errors["ends"] = "The event ends before it starts."
        if not publication.time_zone:
            errors["time_zone"] = "Give the event's time zone (Europe/London)."
        else:
            try:
                _time_zone(publication.time_zone)
            except ValidationError as error:
                errors.update({k: v[0] for k, v in error.message_dict.items()})
    if publication.kind == PublicationKind.BULLETIN:
        viewer = viewer_for(actor)
        for field in ("supersedes", "cancels"):
            other = getattr(publication, field)
            if other is None:
                continue
            if other.pk == publication.pk:
                errors[field] = "A bulletin cannot name itself."
            elif other.kind != PublicationKind.BULLETIN or not can_view(viewer, other):
                errors[field] = "Name a bulletin you may see."
        issued, cutoff = publication.issued_at, publication.cutoff_at
        if cutoff and issued and cutoff > issued:
            errors["cutoff_at"] = "The information cut-off comes before it is issued."
    if publication.kind == PublicationKind.FIRST_RESPONSE and not publication.response_status:
        publication.response_status = ResponseStatus.DEVELOPING
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def publication_draft(
    *,
    author: User,
    kind: str,
    title: str,
    tlp: str = TLP.GREEN,
    sources: list[tuple[str, str, int]] = (),
    incident_references: list[str] = (),
    **fields,
) -> Publication:
    """A new draft of this kind, owned by the author's organisation (the platform's)."""
    _editor(author)
    if kind not in PublicationKind.values:
        raise ValidationError({"kind": f"Choose one of {', '.join(PublicationKind.values)}."})
    _given(kind, fields)
    publication = Publication(
        kind=kind,
        title=title,
        tlp=tlp,
        created_by=author,
        organisation_id=author.membership.organisation_id,
        **fields,
    )
    _check(publication, author)
    publication.full_clean(exclude=["organisation", "created_by"])
    linked = _incidents(author, list(incident_references))
    if linked and kind != PublicationKind.FIRST_RESPONSE:
        raise ValidationError({"incidents": "Only a First Response Report links incidents."})
    publication.save()
    _link(publication, linked)
    _add_sources(publication, sources)
    return publication


def _add_sources(publication: Publication, sources: list[tuple[str, str, int]]) -> None:
    """Add graded sources to a First Response Report, each checked as a whole first."""
    if sources and publication.kind != PublicationKind.FIRST_RESPONSE:
        raise ValidationError({"sources": "Only a First Response Report lists graded sources."})
    made = []
    for description, reliability, credibility in sources:
        source = PublicationSource(
            publication=publication,
            reliability=reliability,
            credibility=credibility,
            description=checked_text(description, "sources", length=300, required=True),
        )
        try:
            source.full_clean(exclude=["publication"])
        except ValidationError as error:
            raise ValidationError({"sources": " ".join(error.messages)}) from None
        made.append(source)
    PublicationSource.objects.bulk_create(made)


def _given(kind: str, fields: dict) -> None:
    allowed = set(COMMON) | set(KIND_FIELDS[kind])
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a field of this kind."))


@transaction.atomic
def publication_change(
    *,
    actor: User,
    publication: Publication,
    incident_references: list[str] | None = None,
    sources: list[tuple[str, str, int]] | None = None,
    **fields,
) -> Publication:
    """Change what is not published yet (a draft, one waiting or scheduled); the sources
    and linked incidents given replace those it had. A published one changes through its
    log of updates, or is withdrawn."""
    _editor(actor)
    publication = _locked(publication)
    if publication.state in (PublicationState.PUBLISHED, PublicationState.WITHDRAWN):
        raise ValidationError({"state": "This is published: add an update to it, or withdraw it."})
    _given(publication.kind, fields)
    for name, value in fields.items():
        setattr(publication, name, value)
    _check(publication, actor)
    publication.full_clean(exclude=["organisation", "created_by"])
    linked = _incidents(actor, incident_references) if incident_references is not None else None
    publication.save()
    if linked is not None:
        _link(publication, linked)
    if sources is not None:
        PublicationSource.objects.filter(publication=publication).delete()
        _add_sources(publication, sources)
    if "tlp" in fields:
        marking_changed.send(sender=Publication, content=publication)
    return publication


def _incidents(actor: User, references: list[str]) -> list:
    """The incidents a report links, by reference, among those its editor may see."""

    wanted = sorted({reference.strip().upper() for reference in references if reference.strip()})
    found = {
        incident.reference: incident
        for incident in visible(viewer_for(actor), Incident).filter(reference__in=wanted)
    }
    missing = [reference for reference in wanted if reference not in found]
    if missing:
        raise ValidationError(
            {"incidents": f"No incident you may see is called {', '.join(missing[:5])}."}
        )
    return [found[reference] for reference in wanted]


@transaction.atomic
def publication_incidents_link(*, actor: User, publication: Publication, references: list[str]):
    """Link more incidents to a First Response Report, published or not (one reported since
    it was issued, say); those linked already stay. The incidents the editor may see alone."""
    _editor(actor)
    publication = _locked(publication)
    if publication.kind != PublicationKind.FIRST_RESPONSE:
        raise ValidationError({"incidents": "Only a First Response Report links incidents."})
    if publication.state == PublicationState.WITHDRAWN:
        raise ValidationError({"incidents": "This report was withdrawn."})
    wanted = _incidents(actor, references)
    if not wanted:
        raise ValidationError({"incidents": "Give the reference of an incident."})
    through = Publication.incidents.through
    linked = set(
        through.objects.filter(publication=publication).values_list("incident_id", flat=True)
    )
    through.objects.bulk_create(
        through(publication=publication, incident=incident)
        for incident in wanted
        if incident.pk not in linked
    )
    return wanted


def _link(publication: Publication, incidents: list) -> None:
    """Link exactly these incidents (through the link table: the incidents themselves are
    read only through the access policy, in ``_incidents``)."""
    through = Publication.incidents.through
    through.objects.filter(publication=publication).delete()
    through.objects.bulk_create(
        through(publication=publication, incident=incident) for incident in incidents
    )


def _locked(publication: Publication) -> Publication:
    return Publication.objects.unrestricted().select_for_update().get(pk=publication.pk)


@transaction.atomic
def publication_publish(
    *, actor: User, publication: Publication, at: dt.datetime | None = None, request=None
) -> Publication:
    """Publish a draft now, or schedule it for ``at`` (the beat task publishes it then). A
    bulletin whose "valid until" has passed is refused. A kind in
    ``PUBLICATION_REVIEW_KINDS`` goes first to the editors for review; a second editor's
    publish then publishes (or schedules) it."""
    _editor(actor)
    publication = _locked(publication)
    if publication.state not in (
        PublicationState.DRAFT,
        PublicationState.REVIEW,
        PublicationState.SCHEDULED,
    ):
        raise ValidationError({"state": "This is already published."})
    _check(publication, actor)
    now = timezone.now()
    moment = at or now
    if publication.valid_until is not None and publication.valid_until <= moment:
        raise ValidationError({"valid_until": "Its \u201cvalid until\u201d has passed."})
    reviewed = publication.kind in settings.PUBLICATION_REVIEW_KINDS
    if reviewed and publication.state != PublicationState.SCHEDULED:  # scheduled: reviewed
        if publication.state == PublicationState.DRAFT:
            publication.state = PublicationState.REVIEW
            publication.publish_at = at
            publication.save(update_fields=["state", "publish_at"])
            notifications.review_asked(publication)
            return publication
        if actor.pk == publication.created_by_id:
            raise ValidationError({"state": "A second editor reviews it before it is published."})
        publication.reviewed_by = actor
        at = at or publication.publish_at
        publication.save(update_fields=["reviewed_by"])
    if at is not None and at > now:
        publication.state = PublicationState.SCHEDULED
        publication.publish_at = at
        publication.save(update_fields=["state", "publish_at"])
        return publication
    publication.state = PublicationState.PUBLISHED
    publication.published_at = now
    if publication.kind == PublicationKind.BULLETIN and publication.issued_at is None:
        publication.issued_at = now
    publication.save(update_fields=["state", "published_at", "issued_at"])
    audit_record(
        action=AuditEvent.Action.PUBLICATION_PUBLISHED,
        actor=actor,
        target=publication,
        request=request,
        detail={"kind": publication.kind},
    )
    notifications.published(publication)
    return publication


def publish_due(now: dt.datetime | None = None) -> int:
    """Publish what was scheduled for now or earlier (the beat task); returns how many.
    Run again, it publishes nothing twice."""
    now = now or timezone.now()
    due = Publication.objects.unrestricted().filter(
        state=PublicationState.SCHEDULED, publish_at__lte=now
    )
    published = 0
    for publication in due.select_related("created_by"):
        with transaction.atomic():
            locked = _locked(publication)
            if locked.state != PublicationState.SCHEDULED:
                continue
            try:
                publication_publish(
                    actor=locked.reviewed_by or locked.created_by, publication=locked
                )
            except (ValidationError, PermissionDenied):
                Publication.objects.unrestricted().filter(pk=locked.pk).update(
                    state=PublicationState.DRAFT
                )  # back to its editor, who sees why when they publish it again
                continue
            published += 1
    return published


@transaction.atomic
def publication_update_add(
    *,
    actor: User,
    publication: Publication,
    text: str,
    response_status: str = "",
    sources: list[tuple[str, str, int]] = (),
) -> PublicationUpdate:
    """Append to a First Response Report's log (never edited), with any new graded
    sources; the report becomes "updated" or, with ``closed``, closed."""
    _editor(actor)
    publication = _locked(publication)
    if publication.kind != PublicationKind.FIRST_RESPONSE:
        raise ValidationError({"text": "Only a First Response Report keeps a log of updates."})
    if publication.state == PublicationState.WITHDRAWN:
        raise ValidationError({"text": "This report was withdrawn: it takes no updates."})
    if publication.response_status == ResponseStatus.CLOSED:
        raise ValidationError({"text": "This report is closed."})
    text = checked_text(text, "text", length=10_000, required=True, missing="Say what is new.")
    status = response_status or ResponseStatus.UPDATED
    if status not in (ResponseStatus.UPDATED, ResponseStatus.CLOSED):
        raise ValidationError({"response_status": "An update leaves it updated or closed."})
    update = PublicationUpdate(
        publication=publication, text=text, response_status=status, created_by=actor
    )
    update.full_clean(exclude=["publication", "created_by"])
    update.save()
    _add_sources(publication, list(sources))
    publication.response_status = status
    publication.updated_at = update.created_at
    publication.save(update_fields=["response_status", "updated_at"])
    notifications.updated(update)
    return update


@transaction.atomic
def publication_withdraw(
    *, actor: User, publication: Publication, reason: str, request=None
) -> Publication:
    """Withdraw a published publication, with a reason (audited): its page stays and says so."""
    _editor(actor)
    publication = _locked(publication)
    if publication.state != PublicationState.PUBLISHED:
        raise ValidationError({"state": "Only a published publication is withdrawn."})
    reason = checked_text(
        reason, "reason", length=2000, required=True, missing="Say why it is withdrawn."
    )
    publication.state = PublicationState.WITHDRAWN
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_reason = reason
    publication.save(update_fields=["state", "withdrawn_at", "withdrawn_reason"])
    audit_record(
        action=AuditEvent.Action.PUBLICATION_WITHDRAWN,
        actor=actor,
        target=publication,
        request=request,
        detail={"reason": reason},
    )
    return publication
