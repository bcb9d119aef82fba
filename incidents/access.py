"""Who may do what to an incident: the incident questions of the access policy.

Seeing an incident, its updates and attachments is decided by ``members.access`` (TLP
markings; an update or attachment is seen only by those who may also see its incident).
This module answers the questions about changing them, always for a viewer who can already
see the incident.
"""

from __future__ import annotations

from members.access import TLP, Viewer
from members.models import Role

from .models import Incident

# What only the platform's editors (and staff) may change: verification and grading.
EDITORIAL_FIELDS = frozenset(
    {"status", "source_reliability", "information_credibility", "significance"}
)


def can_report(viewer: Viewer) -> bool:
    """Approved members of an organisation report incidents and add updates."""
    return viewer.approved and viewer.organisation_id is not None


def is_editorial(viewer: Viewer) -> bool:
    return viewer.is_editor or viewer.is_staff


def can_change_facts(viewer: Viewer, incident: Incident) -> bool:
    """Editors, and the owning organisation's admins for their own organisation's reports."""
    if is_editorial(viewer):
        return True
    return viewer.role == Role.ORG_ADMIN and viewer.organisation_id == incident.organisation_id


def can_change(viewer: Viewer, incident: Incident, fields: set[str]) -> bool:
    """Whether the viewer may change these fields; with none named, whether they may change
    anything of this incident (an empty change is refused to those who may not)."""
    if not fields:
        return can_change_facts(viewer, incident)
    if fields & EDITORIAL_FIELDS and not is_editorial(viewer):
        return False
    if fields - EDITORIAL_FIELDS:
        return can_change_facts(viewer, incident)
    return True


def can_verify(viewer: Viewer) -> bool:
    """The verification queue and its bulk actions."""
    return is_editorial(viewer)


def sees_reporter(viewer: Viewer, incident: Incident) -> bool:
    """An anonymous report hides the reporter and their organisation from other members;
    their own organisation, editors and staff still see who reported it."""
    if not incident.anonymous:
        return True
    return is_editorial(viewer) or viewer.organisation_id == incident.organisation_id


def update_markings(incident: Incident) -> list[str]:
    """The TLP markings an update or attachment to this incident may carry: never less strict
    than the incident's, so adding to an incident cannot widen who learns of it."""
    floor = TLP.strictness(incident.tlp)
    return [value for value in TLP.values if TLP.strictness(value) >= floor]
