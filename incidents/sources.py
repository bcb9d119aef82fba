"""Who reports an incident: its members, or the sources another app knows of (the feeds'
records). This app keeps the record and knows no feed; an app that brings incidents from
elsewhere registers a ``Reporters`` when it is ready, and the ``source`` filter and the
"Sources" line of an incident ask the registered ones."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.db.models import Q

from kit.registry import Register

if TYPE_CHECKING:
    from members.access import Viewer

    from .models import Incident

MEMBERS = "members"  # the ``source`` filter's value for incidents no source reports


class Reporters(Protocol):
    def choices(self) -> list[tuple[str, str]]:
        """The sources, as (slug, name), for the filter."""

    def reporting(self, slugs: set[str]) -> Q:
        """Incidents that any of these sources report."""

    def reporting_any(self) -> Q:
        """Incidents that some source reports."""

    def of_incident(self, viewer: Viewer, incident: Incident) -> list[dict]:
        """The sources that report this incident, as ``viewer`` may see them: each with its
        ``name``, the record's ``external_id`` and the source's ``reliability``."""


REPORTERS: Register[Reporters] = Register("who reports incidents")


def choices() -> list[tuple[str, str]]:
    return [(MEMBERS, "Member reports")] + [c for r in REPORTERS for c in r.choices()]


def reported_by(chosen: set[str]) -> Q:
    """Incidents reported by any of the chosen sources (``MEMBERS``: by no source at all)."""
    if MEMBERS in chosen and not REPORTERS:
        return Q()  # every incident is a member's report
    reported = Q(pk__in=[])
    if MEMBERS in chosen:
        first, *rest = REPORTERS
        by_no_source = ~first.reporting_any()
        for reporters in rest:
            by_no_source &= ~reporters.reporting_any()
        reported |= by_no_source
    others = chosen - {MEMBERS}
    for reporters in REPORTERS if others else ():
        reported |= reporters.reporting(others)
    return reported


def of_incident(viewer: Viewer, incident: Incident) -> list[dict]:
    return [source for r in REPORTERS for source in r.of_incident(viewer, incident)]
