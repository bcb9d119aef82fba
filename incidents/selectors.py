"""Every read of incidents that leaves the app, always through the access policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, Q, QuerySet

from groups.selectors import groups as visible_groups
from kit.geography import box_around, distance_nm
from members.access import TLP, Viewer, get_visible_or_404, visible, visible_within

from . import access
from . import sources as incident_sources
from .filters import IncidentFilter
from .models import Attachment, Incident, IncidentChange, IncidentUpdate, Port, Status

DUPLICATE_DAYS = 1
DUPLICATE_NM = 10.0


def incidents(viewer: Viewer) -> QuerySet[Incident]:
    return visible(viewer, Incident).select_related("port", "organisation", "created_by")


def incident_filter(viewer: Viewer, params) -> IncidentFilter:
    """The list filters of a URL over the incidents this viewer may see (the access rule is
    built when the rows are first asked for)."""
    return IncidentFilter(params, queryset=lambda: incidents(viewer))


def in_statistics(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    """What counts in figures and trends: retracted incidents never do."""
    return queryset.exclude(status=Status.RETRACTED)


def incident_by_reference(viewer: Viewer, reference: str) -> Incident:
    return get_visible_or_404(viewer, incidents(viewer), reference=reference)


def incident_by_id(viewer: Viewer, pk) -> Incident:
    return get_visible_or_404(viewer, incidents(viewer), pk=pk)


def verification_queue(viewer: Viewer) -> QuerySet[Incident]:
    """Incidents waiting for an editor, oldest report first."""
    if not access.can_verify(viewer):
        return incidents(viewer).none()
    return incidents(viewer).filter(status=Status.REPORTED).order_by("created_at", "id")


# An incident's updates, changes and files are read for an incident the viewer was given by
# incident_by_reference or incident_by_id, so the incident's own check is not repeated.


def updates(viewer: Viewer, incident: Incident) -> QuerySet[IncidentUpdate]:
    return (
        visible_within(viewer, IncidentUpdate, incident)
        .select_related("created_by", "organisation")
        .prefetch_related(
            Prefetch("attachments", queryset=attachments(viewer, incident).order_by("id"))
        )
    )


def attachments(viewer: Viewer, incident: Incident) -> QuerySet[Attachment]:
    return visible_within(viewer, Attachment, incident)


def report_attachments(viewer: Viewer, incident: Incident) -> QuerySet[Attachment]:
    """The files sent with the report itself (those of updates show with their update)."""
    return attachments(viewer, incident).filter(update__isnull=True)


def sources(viewer: Viewer, incident: Incident) -> list[dict]:
    """The sources that report this incident (``incidents.sources``), with their record's id
    and grade."""
    return incident_sources.of_incident(viewer, incident)


def ports() -> QuerySet[Port]:
    """The curated ports and anchorages (reference data, public), for the port search."""
    return Port.objects.order_by("name")


def places(codes: list[str]) -> QuerySet[Port]:
    """The ports and anchorages the ``port`` filter's codes name: by their own code, or all
    those of a UN/LOCODE."""
    return ports().filter(Q(code__in=codes) | Q(locode__in=codes))


def attachment(viewer: Viewer, pk) -> Attachment:
    return get_visible_or_404(viewer, visible(viewer, Attachment).select_related("incident"), pk=pk)


def update_by_id(viewer: Viewer, incident: Incident, pk) -> IncidentUpdate:
    return get_visible_or_404(viewer, updates(viewer, incident), pk=pk)


@dataclass
class TimelineEntry:
    at: dt.datetime
    kind: str  # reported, changed, update
    who: str
    change: IncidentChange | None = None
    update: IncidentUpdate | None = None
    changes: list[dict] = field(default_factory=list)


FIELD_LABELS = {f.name: str(f.verbose_name) for f in Incident._meta.get_fields() if f.concrete}
FIELD_LABELS.update(
    {"tlp": "TLP marking", "significance_overridden": "significance set by an editor"}
)


def shared_with(viewer: Viewer, incident: Incident) -> str:
    """Whom an incident is shared with, in words, for those who may see it: its marking's
    audience and, under AMBER and RED, the organisations, groups and people it names (a
    group the reader may not see is "a group")."""

    if incident.tlp == TLP.CLEAR:
        return "Everyone, the public included."
    if incident.tlp == TLP.GREEN:
        return "Every approved member of the community."
    owner = incident.organisation.name
    if incident.tlp == TLP.AMBER_STRICT:
        return f"The members of {owner} alone."
    seen = set(visible_groups(viewer).values_list("pk", flat=True))

    def named_groups(related) -> list[str]:
        return [
            f"the group {group.name}" if group.pk in seen else "a group"
            for group in related.all().order_by("name")
        ]

    if incident.tlp == TLP.AMBER:
        names = [f"The members of {owner}", "the editors"]
        names += [org.name for org in incident.shared_with_organisations.all().order_by("name")]
        names += named_groups(incident.shared_with_groups)
        return ", ".join(names) + "."
    recipients = incident.recipients.exclude(pk=incident.created_by_id).order_by("full_name")
    names = [reporter_label(viewer, incident)]  # "a member" when reported anonymously
    names += list(dict.fromkeys(person.full_name or "a member" for person in recipients))
    names += [
        f"every member of {org.name}"
        for org in incident.recipient_organisations.all().order_by("name")
    ]
    names += named_groups(incident.recipient_groups)
    return "Only " + ", ".join(names) + "."


GROUP_INCIDENTS = 20


def group_section(request, group, standing) -> dict | None:
    """The group page's incidents: those shared with the group (under AMBER) or addressed
    to it (under RED) that the reader may see, newest first; nothing when there are none."""
    shared = Q(tlp=TLP.AMBER, shared_with_groups=group) | Q(tlp=TLP.RED, recipient_groups=group)
    found = list(
        incidents(request.viewer)
        .filter(pk__in=Incident.objects.unrestricted().filter(shared).values("pk"))
        .select_related("port")
        .order_by("-occurred_on", "-id")[: GROUP_INCIDENTS + 1]
    )
    if not found:
        return None
    return {"incidents": found[:GROUP_INCIDENTS], "more": len(found) > GROUP_INCIDENTS}


def _display(field_name: str, value) -> str:
    """A timeline value as a reader knows it: choice labels, not codes."""
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    try:
        model_field = Incident._meta.get_field(field_name)
    except FieldDoesNotExist:
        return str(value)
    base = getattr(model_field, "base_field", model_field)
    choices = dict(base.flatchoices) if base.choices else {}
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value)
    return str(choices.get(value, value))


def person_label(viewer: Viewer, incident: Incident, user, organisation) -> str:
    """Who did it, as this viewer may know it: the public never learns members' names, and an
    anonymous reporter is 'a member' to other organisations."""
    if not viewer.approved:
        return "A member"
    if user.pk == incident.created_by_id and not access.sees_reporter(viewer, incident):
        return "A member"
    name = user.full_name or user.email.split("@")[0]
    return f"{name}, {organisation.name}" if organisation is not None else name


def reporter_label(viewer: Viewer, incident: Incident) -> str:
    return person_label(viewer, incident, incident.created_by, incident.organisation)


def timeline(viewer: Viewer, incident: Incident) -> list[TimelineEntry]:
    """The whole history the viewer may see, oldest first: the report, every change with its
    reason and old and new values, and every update with its attachments."""
    entries = []
    changes = visible_within(viewer, IncidentChange, incident).select_related(
        "changed_by__membership__organisation"
    )
    for change in changes:
        membership = getattr(change.changed_by, "membership", None)
        organisation = membership.organisation if membership else None
        who = person_label(viewer, incident, change.changed_by, organisation)
        rows = [
            {
                **row,
                "label": FIELD_LABELS.get(row["field"], row["field"]).capitalize(),
                "old_display": _display(row["field"], row["old"]),
                "new_display": _display(row["field"], row["new"]),
            }
            for row in change.changes
        ]
        entries.append(
            TimelineEntry(change.changed_at, change.kind, who, change=change, changes=rows)
        )
    for update in updates(viewer, incident):
        who = person_label(viewer, incident, update.created_by, update.organisation)
        entries.append(TimelineEntry(update.created_at, "update", who, update=update))
    entries.sort(key=lambda entry: (entry.at, entry.kind != "reported"))
    return entries


def likely_duplicates(
    viewer: Viewer,
    *,
    occurred_on: dt.date,
    latitude: float | None = None,
    longitude: float | None = None,
    port: Port | None = None,
    vessel_imo: str = "",
    vessel_name: str = "",
    exclude_pk: int | None = None,
    limit: int = 10,
) -> list[Incident]:
    """Incidents the viewer can see within a day either side that are within 10 nm or
    concern the same vessel (IMO number, or name when there is no number)."""
    if latitude is None and port is not None:
        latitude, longitude = port.latitude, port.longitude
    window = incidents(viewer).filter(
        occurred_on__range=(
            occurred_on - dt.timedelta(days=DUPLICATE_DAYS),
            occurred_on + dt.timedelta(days=DUPLICATE_DAYS),
        )
    )
    if exclude_pk is not None:
        window = window.exclude(pk=exclude_pk)
    near = Q(pk__in=[])
    if latitude is not None and longitude is not None:
        near = box_around(latitude, longitude, DUPLICATE_NM).q()
    same_vessel = Q(pk__in=[])
    if vessel_imo:
        same_vessel = Q(vessel_imo=vessel_imo)
    elif vessel_name.strip():
        same_vessel = Q(vessel_name__iexact=vessel_name.strip())
    found = []
    for incident in window.filter(near | same_vessel).order_by("occurred_on", "id")[: limit * 3]:
        close = latitude is not None and (
            distance_nm(latitude, longitude, incident.latitude, incident.longitude) <= DUPLICATE_NM
        )
        vessel = bool(vessel_imo) and incident.vessel_imo == vessel_imo
        vessel |= (
            not vessel_imo
            and bool(vessel_name.strip())
            and (incident.vessel_name.lower() == vessel_name.strip().lower())
        )
        if close or vessel:
            found.append(incident)
    return found[:limit]


_RECORD_ENDS_SECONDS = 300


def public_record_ends(viewer: Viewer) -> dt.date | None:
    """The newest day of an incident that a source (not a member) reports, among those the
    viewer may see and that count in figures: where the public record ends until live
    sources bring today's. Kept five minutes per kind of viewer."""
    key = f"incidents:record-ends:{viewer.cache_key}"
    found = cache.get(key)
    if found is None:
        chosen = {choice for choice, _ in incident_sources.choices()} - {incident_sources.MEMBERS}
        found = (
            in_statistics(incidents(viewer))
            .filter(incident_sources.reported_by(chosen) if chosen else Q(pk__in=[]))
            .order_by("-occurred_on")
            .values_list("occurred_on", flat=True)
            .first()
        ) or "none"
        cache.set(key, found, _RECORD_ENDS_SECONDS)
    return None if found == "none" else found
