"""The pages of the incidents room: thin, each parsing what was sent, calling a selector or a
service and rendering.

The modules: ``lists`` (the list, the map and its base map, exports, saved searches) and
``record`` (reporting, an incident's page, changes, verification, updates, files, the
editors' queue). This face only re-exports them."""

from __future__ import annotations

from .lists import (
    BASEMAP_LIFETIME,
    MAP_TIME_FIRST,
    PAGE_SIZE,
    basemap,
    export,
    export_detail,
    export_download,
    export_list,
    export_retry,
    export_status,
    incident_list,
    incident_map,
    saved_search_delete,
    saved_searches,
)
from .record import (
    PREFILLED,
    add_update,
    attachment_file,
    change_facts,
    detail,
    queue,
    report,
    verify,
)

__all__ = [
    "BASEMAP_LIFETIME",
    "MAP_TIME_FIRST",
    "PAGE_SIZE",
    "PREFILLED",
    "add_update",
    "attachment_file",
    "basemap",
    "change_facts",
    "detail",
    "export",
    "export_detail",
    "export_download",
    "export_list",
    "export_retry",
    "export_status",
    "incident_list",
    "incident_map",
    "queue",
    "report",
    "saved_search_delete",
    "saved_searches",
    "verify",
]
