"""Exports of the incidents matching a filter: as CSV, GeoJSON and KML rows, or as a
document another room registers (``incidents.documents``).

The modules: ``formats`` (the columns and a writer per format, streaming in constant
memory), ``jobs`` (background exports, claimed, written with a heartbeat, swept and pruned)
and ``plan`` (what a request for an export becomes). This face only re-exports them.
"""

from __future__ import annotations

from ..documents import DOCUMENTS, Document
from .formats import (
    BATCH,
    COLUMNS,
    FORMULA_START,
    HEADERS,
    NOT_XML,
    QUERY_FIELDS,
    STRICTNESS,
    TLP_LABELS,
    WRITERS,
    CsvWriter,
    GeoJsonWriter,
    KmlWriter,
    Writer,
    content_type_of,
    extension_of,
    filename,
    rows,
    writer_for,
)
from .jobs import (
    INTERRUPTED,
    Attempt,
    Superseded,
    audit_export,
    export_downloaded,
    export_retry,
    export_start,
    export_write,
    exports_prune,
    exports_sweep,
)
from .plan import (
    ExportPlan,
    export_plan,
)

__all__ = [
    "BATCH",
    "COLUMNS",
    "DOCUMENTS",
    "FORMULA_START",
    "HEADERS",
    "INTERRUPTED",
    "NOT_XML",
    "QUERY_FIELDS",
    "STRICTNESS",
    "TLP_LABELS",
    "WRITERS",
    "Attempt",
    "CsvWriter",
    "Document",
    "ExportPlan",
    "GeoJsonWriter",
    "KmlWriter",
    "Superseded",
    "Writer",
    "audit_export",
    "content_type_of",
    "export_downloaded",
    "export_plan",
    "export_retry",
    "export_start",
    "export_write",
    "exports_prune",
    "exports_sweep",
    "extension_of",
    "filename",
    "rows",
    "writer_for",
]
