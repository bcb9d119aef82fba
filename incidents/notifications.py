"""What the incidents app tells people, through the notification centre: its kinds, how it
names its incidents, updates and files, what can be watched (an incident, a port or
anchorage, a region, a circle, a saved search) and the events its services raise.

Watches of a port, a region, a circle or a saved search keep their criteria
(``incidents.criteria``): every event about an incident reaches the people whose watches
match it, and a new incident (or one newly visible to more people, re-marked from AMBER to
GREEN) is an *alert* to them, told once per person.
"""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from kit.geography import Region
from kit.text import whole_number
from members.access import TLP, Viewer, get_visible_or_404
from members.models import Level, Membership, Role, User, Watch
from members.notifications import (
    KINDS,
    SUBJECTS,
    TARGETS,
    Kind,
    Reason,
    Subject,
    Target,
    WatchMatch,
    notify,
)
from members.notifications.services import watch_follow, watch_set

from . import selectors
from .criteria import compile_criteria, matches
from .models import Attachment, Incident, IncidentUpdate, SavedSearch, Status
from .selectors import places

EDITORS = frozenset({Role.EDITOR, Role.STAFF})
# How close a watch is to an incident: the closest decides (members.notifications).
CLOSENESS = {"region": 10, "port": 30, "circle": 40, "search": 50}
CRITERIA_TARGETS = tuple(CLOSENESS)


# Kinds -------------------------------------------------------------------------------------


def _kinds() -> None:
    KINDS.add(
        Kind(
            "report_status",
            "Your reports",
            "An editor verified, confirmed, disputed, retracted, upgraded or downgraded an "
            "incident you reported or added to, with their reason.",
            many="{count} changes to {topic}",
        )
    )
    KINDS.add(
        Kind(
            "incident_activity",
            "Incidents you watch",
            "New updates and changes to incidents you watch (you watch what you report or "
            "add to), and to incidents at the ports, regions and searches you watch.",
            mail="daily",
            many="{count} updates and changes on {topic}",
        )
    )
    KINDS.add(
        Kind(
            "incident_alert",
            "New incidents",
            "New incidents at the ports, regions, circles and searches you watch (each watch "
            "may have its own rhythm).",
            mail="daily",
        )
    )
    KINDS.add(
        Kind(
            "attachment", "Your files", "A photo you sent was processed, or refused.", mail="never"
        )
    )
    KINDS.add(
        Kind(
            "review_queue",
            "Reports to verify",
            "A member's report, or records from a feed, wait in the editors' queue.",
            mail="daily",
            for_roles=EDITORS,
        )
    )


# Subjects ----------------------------------------------------------------------------------


@functools.cache
def _incidents_prefix() -> str:
    return reverse("incidents:list")  # an incident's page is the list's address + reference/


def _incident_url(incident: Incident) -> str:
    return f"{_incidents_prefix()}{incident.reference}/"


def _where(incident: Incident) -> str:
    return f"at {incident.port.name}" if incident.port_id else f"in {incident.get_region_display()}"


def _summary(incident: Incident) -> str:
    when = f"{incident.occurred_on.day} {incident.occurred_on:%B %Y}"
    return f"{incident.get_category_display()} {_where(incident)}, {when}. " + (
        incident.description or ""
    )


def _strictest(*markings: str) -> str:
    return max(markings, key=TLP.strictness)


def _subjects() -> None:
    SUBJECTS.add(
        Subject(
            model=Incident,
            title=lambda i: i.reference,
            url=_incident_url,
            marking=lambda i: i.tlp,
            summary=_summary,
            watchers=lambda i: incident_watchers(i),
            note=lambda i: "since retracted" if i.status == Status.RETRACTED else "",
            reference=lambda i: i.reference,
            select_related=("port",),  # the mail's summary names the port
            only=("reference", "status", "tlp"),
        )
    )
    SUBJECTS.add(
        Subject(
            model=IncidentUpdate,
            title=lambda u: f"an update on {u.incident.reference}",
            url=lambda u: _incident_url(u.incident) + f"#update-{u.pk}",
            marking=lambda u: _strictest(u.tlp, u.incident.tlp),
            summary=lambda u: u.text,
            watchers=lambda u: incident_watchers(u.incident),
            select_related=("incident",),
            reference=lambda u: u.incident.reference,
            only=("tlp", "incident__reference", "incident__tlp"),
        )
    )
    SUBJECTS.add(
        Subject(
            model=Attachment,
            title=lambda a: f"a file on {a.incident.reference}",
            url=lambda a: _incident_url(a.incident),
            marking=lambda a: _strictest(a.tlp, a.incident.tlp),
            select_related=("incident",),
            reference=lambda a: a.incident.reference,
        )
    )


def incident_watchers(incident: Incident) -> list[WatchMatch]:
    """Everyone whose watch covers this incident: the incident itself, and every port,
    region, circle and saved search whose criteria it meets."""
    found = [
        WatchMatch(user_id, level, 100, True, mail, urgent)
        for user_id, level, mail, urgent in Watch.objects.filter(
            target_type="incident", target_key=str(incident.pk)
        ).values_list("user_id", "level", "mail", "urgent_at_once")
    ]
    broad = Q(target_type__in=("circle", "search")) | Q(
        target_type="region", target_key=incident.region
    )
    if incident.port_id:
        broad |= Q(target_type="port", criteria__port_ids__contains=[incident.port_id])
    rows = Watch.objects.filter(broad).values_list(
        "user_id", "level", "mail", "urgent_at_once", "target_type", "criteria"
    )
    for user_id, level, mail, urgent, target_type, criteria in rows.iterator(chunk_size=2000):
        if matches(criteria, incident):
            found.append(WatchMatch(user_id, level, CLOSENESS[target_type], False, mail, urgent))
    return found


# Targets -----------------------------------------------------------------------------------


def _describe_incident(viewer: Viewer, key: str):

    if whole_number(key) is None:
        return None
    incident = selectors.incidents(viewer).filter(pk=int(key)).first()
    return (incident.reference, {}) if incident else None


def _describe_port(viewer: Viewer, key: str):

    found = list(places([key.strip().upper()]))
    if not found:
        return None
    own = [p for p in found if p.code == key.strip().upper()] or found
    return own[0].name, compile_criteria(f"port={key.strip().upper()}")


def _describe_region(viewer: Viewer, key: str):
    labels = dict(Region.choices)
    return (labels[key], compile_criteria(f"region={key}")) if key in labels else None


def _describe_circle(viewer: Viewer, key: str):
    """A circle as LATITUDE,LONGITUDE,RADIUS_NM."""
    try:
        latitude, longitude, radius = (float(part) for part in key.split(","))
    except ValueError:
        return None

    try:
        criteria = compile_criteria(f"near={latitude},{longitude}&radius_nm={radius}")
    except ValidationError:
        return None
    north = "N" if latitude >= 0 else "S"
    east = "E" if longitude >= 0 else "W"
    label = f"{radius:g} nm around {abs(latitude):.2f}°{north} {abs(longitude):.2f}°{east}"
    return label, criteria


def _describe_search(viewer: Viewer, key: str):
    if whole_number(key) is None:
        return None

    try:
        search = get_visible_or_404(viewer, SavedSearch, pk=int(key))
        return search.name, compile_criteria(search.query)
    except (Http404, ValidationError):
        return None


def _targets() -> None:
    TARGETS.add(Target("incident", "Incident", _describe_incident))
    TARGETS.add(Target("port", "Port or anchorage", _describe_port))
    TARGETS.add(Target("region", "Region", _describe_region))
    TARGETS.add(Target("circle", "Area", _describe_circle))
    TARGETS.add(Target("search", "Saved search", _describe_search))


def register() -> None:
    _kinds()
    _subjects()
    _targets()


# Events ------------------------------------------------------------------------------------


def editors() -> list[int]:
    return list(
        User.objects.filter(
            is_active=True,
            membership__role__in=EDITORS,
            membership__status=Membership.Status.APPROVED,
        ).values_list("pk", flat=True)
    )


def incident_reported(*, incident: Incident, reporter: User) -> None:
    """A new incident: the reporter watches it; those whose watches it meets are alerted; a
    member's report waits for the editors (they hear of it as a report to verify)."""

    watch_follow(
        user=reporter, target_type="incident", target_key=str(incident.pk), label=incident.reference
    )
    incident_alert(
        incident=incident,
        actor=reporter,
        editors=incident.status == Status.REPORTED,
    )


def _place(incident: Incident) -> str:
    return f"{incident.get_category_display().lower()} {_where(incident)}"


def incident_alert(*, incident: Incident, actor: User | None, editors: bool = False) -> None:
    """Alert the people whose watches the incident meets and who may see it now; made once
    per person, so raising it again when more may see it tells only the new ones. With
    ``editors``, the editors hear of it as a report waiting in their queue."""
    notify(
        kind="review_queue" if editors else "incident_alert",
        watch_kind="incident_alert",
        subject=incident,
        text=f"New {'report' if editors else 'incident'} {incident.reference}: {_place(incident)}",
        actor=actor,
        direct_roles=tuple(EDITORS) if editors else (),
        key=f"alert:incident:{incident.pk}",
        urgent=incident.significance in (1, 2),
    )


def _owners(incident: Incident) -> dict[int, str]:
    owners = dict.fromkeys(
        IncidentUpdate.objects.unrestricted()
        .filter(incident=incident)
        .values_list("created_by_id", flat=True),
        Reason.CONTRIBUTOR,
    )
    owners[incident.created_by_id] = Reason.OWNER
    return owners


STATUS_WORDS = {
    Status.VERIFIED: "verified",
    Status.CONFIRMED: "confirmed",
    Status.DISPUTED: "disputed",
    Status.RETRACTED: "retracted",
    Status.REPORTED: "reinstated",
}


def incident_changed(*, incident: Incident, actor: User, changes: list[dict], reason: str) -> None:
    """A change by an editor or the reporter's organisation: its reporter and contributors
    hear of it as "your report", its watchers as activity."""
    fields = {change["field"] for change in changes}
    status = next((c for c in changes if c["field"] == "status"), None)
    if status is not None:
        what = STATUS_WORDS.get(status["new"], status["new"])
    elif fields & {"significance", "source_reliability", "information_credibility"}:
        old = next((c for c in changes if c["field"] == "significance"), None)
        if old and old["old"] and old["new"]:
            what = "upgraded" if int(old["new"]) < int(old["old"]) else "downgraded"
        else:
            what = "regraded"
    else:
        what = "changed"
    text = f"{incident.reference} was {what}" + (f": {reason}" if reason else "")
    notify(
        kind="report_status",
        watch_kind="incident_activity",
        subject=incident,
        text=text,
        actor=actor,
        direct=_owners(incident),
    )
    if "tlp" in fields:
        incident_alert(incident=incident, actor=actor)  # those who may see it now, once


def update_added(*, update: IncidentUpdate, author: User) -> None:

    incident = update.incident
    watch_follow(
        user=author, target_type="incident", target_key=str(incident.pk), label=incident.reference
    )
    files = update.attachments.unrestricted().count()
    with_files = f", with {files} file{'s' if files != 1 else ''}" if files else ""
    notify(
        kind="incident_activity",
        subject=update,
        topic=incident,
        text=f"New update on {incident.reference}{with_files}",
        actor=author,
        direct={incident.created_by_id: Reason.OWNER},
    )


def attachment_done(*, attachment: Attachment) -> None:
    ready = attachment.processing == Attachment.Processing.READY
    text = (
        f"Your photo {attachment.original_name} on {attachment.incident.reference} is ready"
        if ready
        else f"Your photo {attachment.original_name} on {attachment.incident.reference} "
        f"could not be processed: {attachment.processing_error}"
    )
    notify(
        kind="attachment",
        subject=attachment,
        topic=attachment.incident,
        text=text,
        direct={attachment.created_by_id: Reason.OWNER},
        to_watchers=False,
        key=f"attachment:{attachment.pk}:{attachment.processing}",  # told once per outcome
    )


def saved_search_changed(*, search: SavedSearch) -> None:
    """A saved search renamed or re-filtered: its watches follow."""
    Watch.objects.filter(target_type="search", target_key=str(search.pk)).update(
        label=search.name, criteria=compile_criteria(search.query)
    )


def saved_search_alert(*, search: SavedSearch, alert: str) -> None:
    """How a saved search alerts its owner: its watch (tracking tells in the bell alone,
    watching by mail too at the rhythm chosen); "none" removes it."""

    if alert == "none":
        saved_search_deleted(search_id=search.pk)
        return
    watch_set(
        user=search.owner,
        target_type="search",
        target_key=str(search.pk),
        label=search.name,
        criteria=compile_criteria(search.query),
        level=Level.TRACKING if alert == "bell" else Level.WATCHING,
        mail="" if alert == "bell" else alert,
    )


def saved_search_deleted(*, search_id: int) -> None:
    Watch.objects.filter(target_type="search", target_key=str(search_id)).delete()
