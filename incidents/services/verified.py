"""Many incidents from a trusted source at once (the feeds' verified records): checked,
numbered and written in a few queries, their watchers alerted."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kit.bulk import copy_insert
from members.access import viewer_for
from members.models import Organisation, User

from .. import access, notifications
from ..models import (
    Incident,
    IncidentChange,
    ReferenceCounter,
    Status,
)
from ..ports import PortIndex
from .records import built, changed

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
        incident = built(
            reporter=self.reporter,
            organisation=self.organisation,
            tlp=self.tlp,
            position_confirmed=True,
            nearest=self.nearest,
            **facts,
        )
        changes = {"status": Status.VERIFIED, "source_reliability": self.source_reliability}
        diff = changed(incident, changes, True, self.nearest)
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
