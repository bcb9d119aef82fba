"""Reading the sources' formats into records: NGA's ASAM (JSON and CSV), IMB-style CSV
lists, GeoJSON, UKMTO's incident list and RSS or Atom advisories. A record that cannot be
read is a rejection with its reason, never an error that stops the run; nothing read holds a
NUL character.

The modules: ``records`` (what a reader gives, and what every reader shares) and
``readers`` (one reader per format, and ``read``). This face only re-exports them."""

from __future__ import annotations

from .readers import (
    ASAM_CSV_COLUMNS,
    ATOM,
    GEOJSON_FIELDS,
    IMB_COLUMNS,
    READERS,
    UKMTO_FIELDS,
    read,
    read_asam_csv,
    read_asam_json,
    read_geojson,
    read_imb_csv,
    read_rss,
    read_ukmto_json,
)
from .records import (
    MAX_FUTURE_DAYS,
    NUL,
    NUL_REASON,
    FeedError,
    Record,
    Rejection,
    decode,
    json_document,
    place_of,
)

__all__ = [
    "ASAM_CSV_COLUMNS",
    "ATOM",
    "GEOJSON_FIELDS",
    "IMB_COLUMNS",
    "MAX_FUTURE_DAYS",
    "NUL",
    "NUL_REASON",
    "READERS",
    "UKMTO_FIELDS",
    "FeedError",
    "Record",
    "Rejection",
    "decode",
    "json_document",
    "place_of",
    "read",
    "read_asam_csv",
    "read_asam_json",
    "read_geojson",
    "read_imb_csv",
    "read_rss",
    "read_ukmto_json",
]
