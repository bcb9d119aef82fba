"""Every write of the incidents app: reports, changes with reasons, updates, attachments."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from groups import selectors as group_selectors
from kit.bulk import copy_insert
from kit.geography import country_for_timezone, region_for, timezone_for
from kit.queue import enqueue
from kit.uploads import inspect_upload, jpeg_copies
from members.access import TLP, can_view, marking_changed, share_as, viewer_for
from members.models import Membership, Organisation, Role, User

from . import access, notifications, significance
from .models import (
    Attachment,
    Incident,
    IncidentChange,
    IncidentUpdate,
    Port,
    ReferenceCounter,
    SavedSearch,
    Status,
)
from .ports import PortIndex, nearest_port, position_warning
from .validation import check_date, check_position, clean_imo

logger = logging.getLogger(__name__)

# The facts a reporter gives; where and when are derived from the position or port.
CREW_FACTS = (
    "crew_restrained",
    "crew_assaulted",
    "crew_injured",
    "crew_kidnapped",
    "crew_killed",
    "crew_on_board",
)
REPORTED_FACTS = (
    "category",
    "outcome",
    "foiled_by",
    "perpetrators",
    "weapons",
    *CREW_FACTS,
    "targets",
    "stolen",
    "vessel_name",
    "vessel_type",
    "vessel_flag",
    "vessel_status",
    "description",
)


def _next_reference(year: int) -> str:
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"CSOA-{year}-{counter.last:04d}"


def place_and_time(
    *,
    occurred_on: dt.date,
    occurred_time: dt.time | None,
    latitude: float | None = None,
    longitude: float | None = None,
    port: Port | None = None,
    position_confirmed: bool = False,
    nearest=nearest_port,
) -> dict:
    """Where and when, derived: the position (from the port when none is given), the nearest
    port within its radius, region, country, IANA zone and the UTC instant.

    A position on land far from any port is refused (code ``on_land``) unless the reporter
    confirms it: it is most often a swapped sign or a mistyped degree."""
    if latitude is None and longitude is None and port is not None:
        latitude, longitude = port.latitude, port.longitude
    check_position(latitude, longitude)
    if port is None and not position_confirmed:
        warning = position_warning(latitude, longitude)
        if warning:
            raise ValidationError({"latitude": ValidationError(warning, code="on_land")})
    port = port or nearest(latitude, longitude)
    zone = port.timezone if port is not None else timezone_for(latitude, longitude)
    check_date(occurred_on, occurred_time, zone)
    local = dt.datetime.combine(occurred_on, occurred_time or dt.time(0, 0), ZoneInfo(zone))
    return {
        "latitude": latitude,
        "longitude": longitude,
        "port": port,
        "region": region_for(latitude, longitude),
        "country": port.country if port is not None else country_for_timezone(zone),
        "timezone": zone,
        "occurred_on": occurred_on,
        "occurred_time": occurred_time,
        "occurred_at": local.astimezone(dt.UTC),
    }


# What can change after the report, besides the reported facts.
PLACE_AND_TIME = ("occurred_on", "occurred_time", "latitude", "longitude", "port")
CHANGEABLE = (*REPORTED_FACTS, *PLACE_AND_TIME, "vessel_imo", "tlp", *access.EDITORIAL_FIELDS)
DERIVED = ("timezone", "occurred_at", "region", "country")

# Verification: reported -> verified -> confirmed, and disputed or retracted from anywhere.
TRANSITIONS = {
    Status.REPORTED: {Status.VERIFIED, Status.DISPUTED, Status.RETRACTED},
    Status.VERIFIED: {Status.CONFIRMED, Status.DISPUTED, Status.RETRACTED, Status.REPORTED},
    Status.CONFIRMED: {Status.VERIFIED, Status.DISPUTED, Status.RETRACTED},
    Status.DISPUTED: {Status.VERIFIED, Status.CONFIRMED, Status.RETRACTED, Status.REPORTED},
    Status.RETRACTED: {Status.REPORTED, Status.DISPUTED},
}


def _json(value):
    """A timeline value: JSON, readable, and comparable."""
    if isinstance(value, Port):
        return value.code
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return sorted(value)
    return value


def _snapshot(incident: Incident) -> dict:
    fields = (*CHANGEABLE, *DERIVED, "significance_overridden")
    return {field: _json(getattr(incident, field)) for field in fields}


def _suggest_significance(incident: Incident) -> None:
    if not incident.significance_overridden:
        incident.significance = significance.suggest(incident)


RED_NEEDS_RECIPIENTS = (
    "A TLP:RED report is seen only by those it names: name people, organisations or groups "
    "(and the editors, for them to verify it)."
)


def _red_recipients(
    reporter: User,
    tlp: str,
    recipients,
    recipient_organisations,
    recipient_groups,
    to_editors: bool,
):
    """Whom a TLP:RED report names: the people (the editors among them when asked), the
    organisations and the groups (the reporter's). Refused without any, and under any other
    marking."""
    people = list(recipients)
    if to_editors:
        people += list(
            User.objects.filter(
                is_active=True,
                system=False,
                membership__role=Role.EDITOR,
                membership__status=Membership.Status.APPROVED,
            )
        )
    people = list({person.pk: person for person in people if person.pk != reporter.pk}.values())
    organisations, groups = list(recipient_organisations), list(recipient_groups)
    if tlp != TLP.RED:
        if people or organisations or groups:
            raise ValidationError({"recipients": "Name recipients only under TLP:RED."})
        return [], [], []
    if groups:
        groups = group_selectors.to_share_with(viewer_for(reporter), groups, "recipient_groups")
    if not (people or organisations or groups):
        raise ValidationError({"recipients": RED_NEEDS_RECIPIENTS})
    return people, organisations, groups


@transaction.atomic
def incident_report(
    *,
    reporter: User,
    organisation: Organisation,
    tlp: str = TLP.GREEN,
    files: Iterable = (),
    shared_with_groups: Iterable = (),
    recipients: Iterable[User] = (),
    recipient_organisations: Iterable[Organisation] = (),
    recipient_groups: Iterable = (),
    to_editors: bool = False,
    **report,
) -> Incident:
    """Record a newly reported incident (``report``: where, when and the facts, as
    ``_built`` takes them), with its photos, video or documents; nothing is saved when a fact
    or a file is invalid. Under TLP:AMBER it may be shared with groups the reporter is in
    (``shared_with_groups``: groups or their slugs); under TLP:RED it names whom it is for
    (people, organisations, groups; ``to_editors``: the editors, who verify it only then)."""
    groups = list(shared_with_groups)
    if groups:
        groups = group_selectors.to_share_with(viewer_for(reporter), groups, "shared_with_groups")
    if groups and tlp != TLP.AMBER:
        raise ValidationError({"shared_with_groups": "Groups are named under TLP:AMBER."})
    named = _red_recipients(
        reporter, tlp, recipients, recipient_organisations, recipient_groups, to_editors
    )
    files = list(files)
    inspected = _inspect_all(files)
    incident = _built(reporter=reporter, organisation=organisation, tlp=tlp, **report)
    incident.reference = _next_reference(incident.occurred_on.year)
    incident.save()
    if groups:
        incident.shared_with_groups.set(groups)
    if tlp == TLP.RED:
        people, organisations, red_groups = named
        incident.recipients.set(people)
        incident.recipient_organisations.set(organisations)
        incident.recipient_groups.set(red_groups)
    IncidentChange.objects.create(
        incident=incident,
        kind=IncidentChange.Kind.REPORTED,
        changed_by=reporter,
        changed_at=incident.created_at,
    )
    for upload, facts_of_file in zip(files, inspected, strict=True):
        _attachment_store(incident=incident, owner=incident, upload=upload, facts=facts_of_file)
    notifications.incident_reported(incident=incident, reporter=reporter)
    return incident


def _built(
    *,
    reporter: User,
    organisation: Organisation,
    occurred_on: dt.date,
    category: str,
    occurred_time: dt.time | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    port: Port | None = None,
    vessel_imo: str = "",
    tlp: str = TLP.GREEN,
    anonymous: bool = False,
    position_confirmed: bool = False,
    nearest=nearest_port,
    **facts,
) -> Incident:
    """A reported incident, checked and placed but not saved (no reference yet): the facts
    a reporter gives (``REPORTED_FACTS``), where (a position, or a port) and when."""
    unknown = set(facts) - set(REPORTED_FACTS)
    if unknown:
        raise ValidationError(f"Unknown facts: {', '.join(sorted(unknown))}.")
    where_when = place_and_time(
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        latitude=latitude,
        longitude=longitude,
        port=port,
        position_confirmed=position_confirmed,
        nearest=nearest,
    )
    incident = Incident(
        category=category,
        vessel_imo=clean_imo(vessel_imo),
        tlp=tlp,
        anonymous=anonymous,
        organisation=organisation,
        created_by=reporter,
        reference="pending",
        **where_when,
        **facts,
    )
    _validate(incident)
    _suggest_significance(incident)
    return incident


def _validate(incident: Incident) -> None:
    """Every field's own validation, without the queries Django would add: the table's check
    constraints (the position's range, significance 1-4) repeat what the fields' validators
    check, and the owner, reporter and port are objects the service was given or found, so
    PostgreSQL's constraints are the backstop rather than a query each."""
    incident.full_clean(
        exclude=["reference", "organisation", "created_by", "port"], validate_constraints=False
    )


def _check_transition(old: str, new: str) -> None:
    if new != old and new not in TRANSITIONS[old]:
        raise ValidationError(
            {
                "status": f"A {Status(old).label.lower()} incident cannot become "
                f"{Status(new).label.lower()} directly."
            }
        )


def _apply_place_and_time(
    incident: Incident, changes: dict, position_confirmed: bool, nearest=nearest_port
) -> None:
    values = {field: changes.get(field, getattr(incident, field)) for field in PLACE_AND_TIME}
    moved = "latitude" in changes or "longitude" in changes
    if "port" in changes and not moved and changes["port"] is not None:
        values["latitude"] = values["longitude"] = None  # the position follows the new port
    elif moved and "port" not in changes:
        values["port"] = None  # the port follows the new position
    placed = place_and_time(**values, position_confirmed=position_confirmed, nearest=nearest)
    for field, value in placed.items():
        setattr(incident, field, value)


def _changed(
    incident: Incident, changes: dict, position_confirmed: bool, nearest=nearest_port
) -> list[dict]:
    """Apply the changes to the (unsaved) incident, checked; what changed, old and new."""
    before = _snapshot(incident)
    if "vessel_imo" in changes:
        changes["vessel_imo"] = clean_imo(changes["vessel_imo"] or "")
    if "status" in changes:
        _check_transition(incident.status, changes["status"])
    if set(changes) & set(PLACE_AND_TIME):
        _apply_place_and_time(incident, changes, position_confirmed, nearest)
    for field, value in changes.items():
        if field not in PLACE_AND_TIME:
            setattr(incident, field, value)
    if "significance" in changes:
        # An editor's category stands until they clear it; clearing returns to the suggestion.
        incident.significance_overridden = changes["significance"] is not None
    _suggest_significance(incident)
    _validate(incident)
    after = _snapshot(incident)
    return [
        {"field": field, "old": before[field], "new": after[field]}
        for field in before
        if before[field] != after[field]
    ]


@transaction.atomic
def incident_change(
    *,
    incident: Incident,
    actor: User,
    reason: str,
    position_confirmed: bool = False,
    **changes,
) -> IncidentChange | None:
    """Change facts, verification or grading with a reason; recorded on the timeline with the
    old and new values. Returns None when nothing actually changed."""
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise ValidationError(f"These cannot be changed: {', '.join(sorted(unknown))}.")
    viewer = viewer_for(actor)
    incident = (
        Incident.objects.visible_to(viewer).select_for_update(of=("self",)).get(pk=incident.pk)
    )
    if not access.can_change(viewer, incident, set(changes)):
        raise PermissionDenied("You may not change this incident.")
    diff = _changed(incident, changes, position_confirmed)
    if not diff:
        return None
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why: every change is recorded with its reason."})
    if "status" in changes:
        incident.status_reason = reason
    incident.save()
    if "tlp" in changes and not can_view(viewer, incident):
        raise ValidationError(
            {
                "tlp": f"Under {incident.get_tlp_display()} you could no longer see this "
                "incident yourself, so the marking was not changed. Choose a marking you "
                "can see, or ask a member of its organisation."
            }
        )  # the transaction is rolled back: nothing of the change is kept
    if "tlp" in changes:  # what is derived from it and marked apart (its discussion) follows
        marking_changed.send(sender=Incident, content=incident)
    notifications.incident_changed(incident=incident, actor=actor, changes=diff, reason=reason)
    return IncidentChange.objects.create(
        incident=incident, changed_by=actor, changes=diff, reason=reason
    )


# A trusted source's new incidents alert their watchers when they are this recent; older
# ones are history (an archive loaded on the first start), not news.
ALERT_WITHIN_DAYS = 30


class VerifiedBatch:
    """Many incidents from a trusted source, each made exactly as ``incident_report``
    followed by ``incident_change`` to verified and graded would make it (the same checks,
    fields, references and both timeline entries), but written set-based: one query per
    thousands of rows instead of a dozen per incident. The cells and search vectors follow
    from the table's triggers, as for one incident.

    ``add`` checks and places one report (raising ``ValidationError`` as ``incident_report``
    would, and then nothing of it is kept); ``save`` writes every added incident, in the
    order added, and returns them with their ids. Call both in one transaction.

    What they tell differs from one at a time, on purpose: the reporter (the feed desk, which
    cannot log in) does not follow each incident, editors are not asked to verify what is
    verified already, and watchers are alerted only of incidents of the last
    ``ALERT_WITHIN_DAYS`` days, so that loading history is not news."""

    def __init__(
        self, *, reporter: User, organisation: Organisation, tlp: str, source_reliability: str
    ):
        if not access.can_verify(viewer_for(reporter)):
            raise PermissionDenied("Only editors verify incidents.")
        self.reporter, self.organisation = reporter, organisation
        self.tlp, self.source_reliability = tlp, source_reliability
        self.nearest = PortIndex()
        self.added: list[tuple[Incident, list[dict], str]] = []

    def add(self, facts: dict, *, reason: str) -> Incident:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": "Say why: every change is recorded with its reason."})
        incident = _built(
            reporter=self.reporter,
            organisation=self.organisation,
            tlp=self.tlp,
            position_confirmed=True,
            nearest=self.nearest,
            **facts,
        )
        changes = {"status": Status.VERIFIED, "source_reliability": self.source_reliability}
        diff = _changed(incident, changes, True, self.nearest)
        incident.status_reason = reason
        self.added.append((incident, diff, reason))
        return incident

    def _references(self) -> None:
        years: dict[int, list[Incident]] = {}
        for incident, _diff, _reason in self.added:
            years.setdefault(incident.occurred_on.year, []).append(incident)
        for year, incidents in sorted(years.items()):
            counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
            for number, incident in enumerate(incidents, start=counter.last + 1):
                incident.reference = f"CSOA-{year}-{number:04d}"
            counter.last += len(incidents)
            counter.save(update_fields=["last"])

    def save(self) -> list[Incident]:
        if not self.added:
            return []
        self._references()
        incidents = [incident for incident, _diff, _reason in self.added]
        copy_insert(incidents, key="reference")
        changed_at = timezone.now()
        timeline = []
        for incident, diff, reason in self.added:
            timeline.append(
                IncidentChange(
                    incident=incident,
                    kind=IncidentChange.Kind.REPORTED,
                    changed_by=self.reporter,
                    changed_at=incident.created_at,
                )
            )
            timeline.append(
                IncidentChange(
                    incident=incident,
                    changed_by=self.reporter,
                    changed_at=changed_at,
                    changes=diff,
                    reason=reason,
                )
            )
        copy_insert(timeline, key=None)
        recent = timezone.localdate() - dt.timedelta(days=ALERT_WITHIN_DAYS)
        for incident in incidents:
            if incident.occurred_on >= recent:
                notifications.incident_alert(incident=incident, actor=self.reporter)
        self.added = []
        return incidents


@transaction.atomic
def incidents_set_status(
    *, actor: User, incident_ids: Iterable[int], status: str, reason: str
) -> int:
    """The verification queue's bulk action: all the incidents change, or none does."""
    viewer = viewer_for(actor)
    if not access.can_verify(viewer):
        raise PermissionDenied("Only editors verify incidents.")
    if status not in Status.values:
        raise ValidationError({"status": f"{status!r} is not a verification status."})
    ids = sorted({int(pk) for pk in incident_ids})
    incidents = list(Incident.objects.visible_to(viewer).filter(pk__in=ids).order_by("pk"))
    if not incidents or len(incidents) != len(ids):
        raise ValidationError("Choose incidents from the queue.")
    problems = []
    changed = 0
    for incident in incidents:
        try:
            changed += (
                incident_change(incident=incident, actor=actor, reason=reason, status=status)
                is not None
            )
        except ValidationError as error:
            problems.append(f"{incident.reference}: {' '.join(error.messages)}")
    if problems:
        raise ValidationError(problems)
    return changed


def _enqueue_processing(attachment: Attachment) -> None:
    _process_later(attachment.pk)


def _check_marking(incident: Incident, tlp: str) -> None:
    if tlp not in access.update_markings(incident):
        raise ValidationError(
            {
                "tlp": f"This incident is {TLP(incident.tlp).label}: what you add to it "
                "must be marked at least as strictly."
            }
        )


@transaction.atomic
def update_add(
    *,
    incident: Incident,
    author: User,
    text: str,
    tlp: str | None = None,
    files: Iterable = (),
) -> IncidentUpdate:
    """An update to an incident the author can see: text and attachments under one marking.
    Every file is checked before anything is stored; one bad file stores nothing."""
    viewer = viewer_for(author)
    if not access.can_report(viewer) or not can_view(viewer, incident):
        raise PermissionDenied("You may not add to this incident.")
    files = list(files)
    tlp = tlp or incident.tlp
    _check_marking(incident, tlp)
    text = (text or "").strip()
    if not text and not files:
        raise ValidationError({"text": "Write the update, or attach a file."})
    inspected = _inspect_all(files)
    update = IncidentUpdate(
        incident=incident,
        text=text,
        tlp=tlp,
        organisation_id=viewer.organisation_id,
        created_by=author,
    )
    update.full_clean()
    update.save()
    share_as(update, incident)
    for upload, facts in zip(files, inspected, strict=True):
        _attachment_store(incident=incident, owner=update, upload=upload, facts=facts)
    notifications.update_added(update=update, author=author)
    return update


def _inspect_all(files: list) -> list:
    """Check every file before anything is stored: one bad file stores nothing."""
    if len(files) > settings.ATTACHMENTS_PER_UPDATE:
        raise ValidationError(
            {"files": f"Attach at most {settings.ATTACHMENTS_PER_UPDATE} files at once."}
        )
    inspected = []
    for upload in files:
        try:
            inspected.append(inspect_upload(upload))
        except ValidationError as error:
            raise ValidationError({"files": f"{upload.name}: {' '.join(error.messages)}"}) from None
    return inspected


def _attachment_store(*, incident, owner, upload, facts) -> Attachment:
    """Store a checked file under the marking and audience of its owner: the incident itself
    (files sent with the report) or an update."""
    attachment = Attachment(
        incident=incident,
        update=owner if isinstance(owner, IncidentUpdate) else None,
        tlp=owner.tlp,
        organisation_id=owner.organisation_id,
        created_by_id=owner.created_by_id,
        kind=facts.kind,
        content_type=facts.content_type,
        original_name=(upload.name or "file")[-255:],
        size=facts.size,
        sha256=facts.sha256,
        width=facts.width,
        height=facts.height,
        processing=(
            Attachment.Processing.PENDING
            if facts.kind == Attachment.Kind.PHOTO
            else Attachment.Processing.NOT_NEEDED
        ),
    )
    upload.seek(0)
    attachment.original.save(f"upload{facts.extension}", upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.original.delete(save=False)
        raise
    share_as(attachment, incident)
    if attachment.processing == Attachment.Processing.PENDING:
        _enqueue_processing(attachment)
    return attachment


@transaction.atomic
def attachments_reprocess(*, attachment_ids: list[int]) -> int:
    """Queue photos again (those that failed, say); others are left as they are."""
    photos = Attachment.objects.unrestricted().filter(
        pk__in=attachment_ids, kind=Attachment.Kind.PHOTO
    )
    ids = list(photos.values_list("pk", flat=True))
    photos.update(
        processing=Attachment.Processing.PENDING, processing_error="", queued_at=timezone.now()
    )
    for pk in ids:
        _process_later(pk)
    return len(ids)


def attachments_sweep(*, now: dt.datetime | None = None) -> int:
    """Photos still waiting to be processed long after they were queued (the broker lost the
    message, or the worker died mid-way) are queued again; returns how many."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.EXPORTS_STALE_SECONDS)
    waiting = Attachment.objects.unrestricted().filter(
        processing=Attachment.Processing.PENDING, queued_at__lt=stale
    )
    ids = list(waiting.values_list("pk", flat=True)[:1000])
    Attachment.objects.unrestricted().filter(pk__in=ids).update(queued_at=now)
    for pk in ids:
        _process_later(pk)
    return len(ids)


def _process_later(attachment_id: int) -> None:
    """After the commit; kept for the sweep when the broker cannot take it."""

    enqueue("incidents.tasks.process_attachment", attachment_id)


DISPLAY_SIZE = (1600, 1600)
THUMBNAIL_SIZE = (320, 320)


def attachment_process(*, attachment_id: int) -> str:
    """Make a photo's display copy and thumbnail, re-encoded without EXIF or GPS metadata.
    Safe to run again: a ready attachment is left alone, a failed one is tried afresh."""
    from PIL import Image

    attachment = Attachment.objects.unrestricted().filter(pk=attachment_id).first()
    if attachment is None or attachment.processing in (
        Attachment.Processing.READY,
        Attachment.Processing.NOT_NEEDED,
    ):
        return attachment.processing if attachment else "missing"
    try:
        with attachment.original.open("rb") as original:
            display, thumbnail = jpeg_copies(original, (DISPLAY_SIZE, THUMBNAIL_SIZE))
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        logger.warning("Attachment %s could not be processed: %s", attachment_id, error)
        Attachment.objects.unrestricted().filter(pk=attachment_id).update(
            processing=Attachment.Processing.FAILED, processing_error=str(error)[:500]
        )
        attachment.processing, attachment.processing_error = "failed", str(error)[:500]
        notifications.attachment_done(attachment=attachment)
        return Attachment.Processing.FAILED
    stem = attachment.original.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for field, content in (("display", display), ("thumbnail", thumbnail)):
        old = getattr(attachment, field)
        if old:
            old.delete(save=False)
        getattr(attachment, field).save(
            f"derived/{stem}-{field}.jpg", ContentFile(content), save=False
        )
    attachment.processing = Attachment.Processing.READY
    attachment.processing_error = ""
    attachment.save(update_fields=["display", "thumbnail", "processing", "processing_error"])
    notifications.attachment_done(attachment=attachment)
    return Attachment.Processing.READY


@transaction.atomic
def saved_search_save(
    *, owner: User, name: str, query: str, view: str, alert: str | None = None
) -> tuple[SavedSearch, bool]:
    """Keep a member's search under a name; saving under a name in use replaces that one.
    ``alert`` says how they are told of new incidents that match it (``SavedSearch.ALERTS``;
    a new search alerts as ``ALERT_DEFAULT`` unless told, a replaced one as it did)."""
    if alert is not None and alert not in dict(SavedSearch.ALERTS):
        raise ValidationError({"alert": "Choose how to be told of new incidents."})
    existing = SavedSearch.objects.filter(owner=owner, name=name).first()
    if existing is not None:
        existing.query, existing.view = query, view
        existing.save(update_fields=["query", "view"])
        notifications.saved_search_changed(search=existing)
        if alert is not None:
            notifications.saved_search_alert(search=existing, alert=alert)
        return existing, False
    if SavedSearch.objects.filter(owner=owner).count() >= settings.SAVED_SEARCHES_MAX:
        raise ValidationError(
            f"You have {settings.SAVED_SEARCHES_MAX} saved searches, the most one member may "
            "keep; delete one first."
        )
    search = SavedSearch.objects.create(owner=owner, name=name, query=query, view=view)
    notifications.saved_search_alert(search=search, alert=alert or SavedSearch.ALERT_DEFAULT)
    return search, True


@transaction.atomic
def saved_search_delete(*, search: SavedSearch) -> None:
    """Delete a member's saved search (one the access policy gave them: their own), and the
    watch that alerts on it."""
    notifications.saved_search_deleted(search_id=search.pk)
    search.delete()
