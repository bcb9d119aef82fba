"""Ports and anchorages (reference data), the incident record and what hangs off it: its
changes, updates and files, the map's counted cells, exports and saved searches.

The modules, each below the next: ``choices`` (the values of the facts), ``record`` (ports,
incidents, their changes and updates), ``files``, ``cells`` and ``exports``. This face only
re-exports them, under the names the migrations use.
"""

from __future__ import annotations

from kit.storage import PrivateStorage, private_storage

from .cells import (
    Audience,
    MapCell,
    kept_owner,
)
from .choices import (
    Category,
    FoiledBy,
    InformationCredibility,
    Outcome,
    Significance,
    SourceReliability,
    Status,
    Target,
    VesselStatus,
    VesselType,
    Weapon,
)
from .exports import (
    Export,
    ExportFormat,
    SavedSearch,
    export_formats,
)
from .files import (
    Attachment,
    _attachment_path,
)
from .record import (
    Incident,
    IncidentChange,
    IncidentUpdate,
    Port,
    ReferenceCounter,
)

__all__ = [
    "Attachment",
    "Audience",
    "Category",
    "Export",
    "ExportFormat",
    "FoiledBy",
    "Incident",
    "IncidentChange",
    "IncidentUpdate",
    "InformationCredibility",
    "MapCell",
    "Outcome",
    "Port",
    "PrivateStorage",
    "ReferenceCounter",
    "SavedSearch",
    "Significance",
    "SourceReliability",
    "Status",
    "Target",
    "VesselStatus",
    "VesselType",
    "Weapon",
    "_attachment_path",
    "export_formats",
    "kept_owner",
    "private_storage",
]
