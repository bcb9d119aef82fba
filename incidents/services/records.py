"""Reports and changes of the incident record: a member's report, an editor's change with
its reason, the status of many at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from groups import selectors as group_selectors
from kit.geography import country_for_timezone, region_for, timezone_for
from members.access import TLP, can_view, marking_changed, viewer_for
from members.models import Membership, Organisation, Role, User

from .. import access, notifications, significance
from ..models import (
    Incident,
    IncidentChange,
    Port,
    ReferenceCounter,
    Status,
)
from ..ports import nearest_port, position_warning
from ..validation import check_date, check_position, clean_imo
from .attachments import attachment_store, inspect_all

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
    ``built`` takes them), with its photos, video or documents; nothing is saved when a fact
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
    inspected = inspect_all(files)
    incident = built(reporter=reporter, organisation=organisation, tlp=tlp, **report)
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
        attachment_store(incident=incident, owner=incident, upload=upload, facts=facts_of_file)
    notifications.incident_reported(incident=incident, reporter=reporter)
    return incident


def built(
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


def changed(
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
    tell: bool = True,
    **changes,
) -> IncidentChange | None:
    """Change facts, verification or grading with a reason; recorded on the timeline with the
    old and new values. Returns None when nothing actually changed. ``tell=False``: nobody
    is notified (the feeds' re-reading of thousands of records is no news to watchers)."""
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise ValidationError(f"These cannot be changed: {', '.join(sorted(unknown))}.")
    viewer = viewer_for(actor)
    incident = (
        Incident.objects.visible_to(viewer).select_for_update(of=("self",)).get(pk=incident.pk)
    )
    if not access.can_change(viewer, incident, set(changes)):
        raise PermissionDenied("You may not change this incident.")
    diff = changed(incident, changes, position_confirmed)
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
    if tell:
        notifications.incident_changed(incident=incident, actor=actor, changes=diff, reason=reason)
    return IncidentChange.objects.create(
        incident=incident, changed_by=actor, changes=diff, reason=reason
    )


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
