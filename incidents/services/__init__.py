"""Every write of the incidents app, each one transaction that records its change and tells
whom it concerns.

The modules: ``records`` (a report, a change with its reason, the status of many),
``verified`` (a trusted source's incidents in bulk), ``attachments`` (updates and files, and
their processing) and ``searches`` (saved searches). This face only re-exports them.
"""

from __future__ import annotations

from .attachments import (
    DISPLAY_SIZE,
    THUMBNAIL_SIZE,
    attachment_process,
    attachment_store,
    attachments_reprocess,
    attachments_sweep,
    inspect_all,
    update_add,
)
from .records import (
    CHANGEABLE,
    CREW_FACTS,
    DERIVED,
    PLACE_AND_TIME,
    RED_NEEDS_RECIPIENTS,
    REPORTED_FACTS,
    TRANSITIONS,
    incident_change,
    incident_report,
    incidents_set_status,
    place_and_time,
)
from .searches import (
    saved_search_delete,
    saved_search_save,
)
from .verified import (
    ALERT_WITHIN_DAYS,
    VerifiedBatch,
)

__all__ = [
    "ALERT_WITHIN_DAYS",
    "CHANGEABLE",
    "CREW_FACTS",
    "DERIVED",
    "DISPLAY_SIZE",
    "PLACE_AND_TIME",
    "RED_NEEDS_RECIPIENTS",
    "REPORTED_FACTS",
    "THUMBNAIL_SIZE",
    "TRANSITIONS",
    "VerifiedBatch",
    "attachment_process",
    "attachment_store",
    "attachments_reprocess",
    "attachments_sweep",
    "incident_change",
    "incident_report",
    "incidents_set_status",
    "inspect_all",
    "place_and_time",
    "saved_search_delete",
    "saved_search_save",
    "update_add",
]
