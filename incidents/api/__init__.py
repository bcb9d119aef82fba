"""The incidents API: the record for partner systems, read through the access policy, with
the same writes as the pages.

The modules: ``serializers`` (how an incident, an update and a file are shown and
checked) and ``views`` (the endpoints). This face only re-exports them."""

from __future__ import annotations

from .feeds import IncidentAtomFeed, IncidentGeoJsonFeed
from .serializers import (
    API_FIELDS,
    DERIVED,
    AttachmentSerializer,
    AttachmentUpload,
    CountryCodeField,
    IncidentChangeSerializer,
    IncidentCreateSerializer,
    IncidentSerializer,
    LocalTimeField,
    PlaceSerializer,
    PortField,
    UpdateSerializer,
)
from .views import (
    AttachmentFile,
    AttachmentList,
    IncidentCount,
    IncidentDetail,
    IncidentList,
    IncidentMap,
    Places,
    ResultsPagination,
    UpdateList,
)

__all__ = [
    "API_FIELDS",
    "DERIVED",
    "AttachmentFile",
    "AttachmentList",
    "AttachmentSerializer",
    "AttachmentUpload",
    "CountryCodeField",
    "IncidentAtomFeed",
    "IncidentChangeSerializer",
    "IncidentCount",
    "IncidentCreateSerializer",
    "IncidentDetail",
    "IncidentGeoJsonFeed",
    "IncidentList",
    "IncidentMap",
    "IncidentSerializer",
    "LocalTimeField",
    "PlaceSerializer",
    "Places",
    "PortField",
    "ResultsPagination",
    "UpdateList",
    "UpdateSerializer",
]
