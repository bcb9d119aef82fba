"""One reader per format, and ``read``, which picks the reader of a source's format."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections.abc import Iterator

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as safe_xml

from ..positions import PositionError, check, parse_position
from .records import (
    FeedError,
    Record,
    Rejection,
    _csv_rows,
    _date,
    _Ids,
    _storable,
    _text,
    json_document,
    non_empty,
    place_of,
)


def _asam(record: dict, ids: _Ids, raw: str) -> Record | Rejection:
    reference = _text(record.get("reference"))
    external_id = ids.unique(reference or "(no reference)")
    if not reference:
        return Rejection(external_id, "The record has no reference.", raw)
    try:
        day = _date(record.get("date"))
        position_text = _text(record.get("position"))
        if record.get("latitude") not in (None, "") and record.get("longitude") not in (None, ""):
            latitude, longitude = check(float(record["latitude"]), float(record["longitude"]))
        else:
            latitude, longitude = parse_position(position_text)
    except (ValueError, TypeError) as error:
        reason = str(error) if isinstance(error, PositionError) else f"Unreadable: {error}."
        return Rejection(external_id, reason[:500], raw)
    description = _text(record.get("description"))
    data = {
        "occurred_on": day.isoformat(),
        "occurred_time": None,
        "time_basis": None,
        "latitude": latitude,
        "longitude": longitude,
        "position_text": position_text,
        "place": place_of(description),
        "hostility": _text(record.get("hostility")),
        "victim": _text(record.get("victim")),
        "vessel_name": "",
        "vessel_type_text": "",
        "vessel_status_text": "",
        "description": description,
        "extra": {
            "reference": reference,
            "navArea": _text(record.get("navArea")),
            "subreg": _text(record.get("subreg")),
        },
    }
    return Record(external_id, raw, data)


def read_asam_json(content: bytes) -> Iterator[Record | Rejection]:
    """The ASAM JSON API: ``{"asam": [ {reference, date, latitude, longitude, position,
    navArea, subreg, hostility, victim, description}, ... ]}``."""
    document = json_document(content, "ASAM JSON")
    if not isinstance(document, dict) or not isinstance(document.get("asam"), list):
        raise FeedError('ASAM JSON is an object with a list under "asam".')
    ids = _Ids()
    for record in non_empty(document["asam"], "ASAM JSON"):
        raw = json.dumps(record, ensure_ascii=False, sort_keys=True)
        if not isinstance(record, dict):
            yield Rejection(ids.unique("(not an object)"), "The record is not an object.", raw)
            continue
        yield _asam(record, ids, raw)


ASAM_CSV_COLUMNS = [
    "reference",
    "date",
    "position",
    "navArea",
    "subreg",
    "hostility",
    "victim",
    "description",
]


def read_asam_csv(content: bytes) -> Iterator[Record | Rejection]:
    """The ASAM CSV export: the columns above, each line ending with a comma (an empty ninth
    column), CRLF records, the position's two halves on two lines inside its quotes."""
    ids = _Ids()
    for row in _csv_rows(content, ASAM_CSV_COLUMNS, "ASAM CSV export"):
        raw = json.dumps(row, ensure_ascii=False)
        yield _asam(row, ids, raw)


IMB_COLUMNS = [
    "date",
    "time",
    "longitude",
    "latitude",
    "attack_type",
    "location_description",
    "attack_description",
    "vessel_name",
    "vessel_type",
    "vessel_status",
]


_IMB_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?:\s*(UTC|LT|local))?$", re.IGNORECASE)


_POSN = re.compile(r"\bPosn\s*:\s*([^,\n]{6,60}?)(?:,|\n|$)", re.IGNORECASE)


def _imb_position(row: dict) -> tuple[float, float] | None:
    match = _POSN.search(_text(row.get("attack_description")))
    if not match:
        return None
    try:
        return parse_position(match[1])
    except PositionError:
        return None


def read_imb_csv(content: bytes) -> Iterator[Record | Rejection]:
    """IMB-style lists: ``date, time, longitude, latitude, attack_type, location_description,
    nearest_country, eez_country, shore_distance, shore_longitude, shore_latitude,
    attack_description, vessel_name, vessel_type, vessel_status, data_source``, with ``NA``
    for missing values and times as ``HH:MM UTC`` or ``HH:MM``. The lists carry no id: a
    record is known by its date, time, position, vessel and attack type."""
    ids = _Ids()
    for row in _csv_rows(content, IMB_COLUMNS, "IMB CSV"):
        raw = json.dumps(row, ensure_ascii=False)
        key = "|".join(
            _text(row.get(column))
            for column in ("date", "time", "latitude", "longitude", "vessel_name", "attack_type")
        )
        external_id = ids.unique(key[:180])
        try:
            day = _date(row.get("date"))
            latitude, longitude = check(float(row["latitude"]), float(row["longitude"]))
        except (ValueError, TypeError) as error:
            yield Rejection(external_id, f"Unreadable: {error}."[:500], raw)
            continue
        if latitude == 0 and longitude == 0:
            # 0°N 0°E is where a list puts a position it lacks; IMB's narrative states its
            # own ("Posn: 01:49.9N - 003:12.1 E"), which is read instead.
            latitude, longitude = _imb_position(row) or (latitude, longitude)
        occurred_time, basis = None, None
        time_text = _text(row.get("time"))
        match = _IMB_TIME.match(time_text)
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            occurred_time = f"{int(match[1]):02d}:{match[2]}"
            suffix = (match[3] or "").lower()
            basis = "utc" if suffix == "utc" else ("local" if suffix in ("lt", "local") else None)
        data = {
            "occurred_on": day.isoformat(),
            "occurred_time": occurred_time,
            "time_basis": basis,
            "latitude": latitude,
            "longitude": longitude,
            "position_text": f"{_text(row.get('latitude'))}, {_text(row.get('longitude'))}",
            "place": _text(row.get("location_description")),
            "hostility": _text(row.get("attack_type")),
            "victim": "",
            "vessel_name": _text(row.get("vessel_name")),
            "vessel_type_text": _text(row.get("vessel_type")),
            "vessel_status_text": _text(row.get("vessel_status")),
            "description": _text(row.get("attack_description")),
            "extra": {
                column: _text(row.get(column))
                for column in ("nearest_country", "eez_country", "shore_distance", "data_source")
                if column in row
            },
        }
        yield Record(external_id, raw, data)


GEOJSON_FIELDS = {  # field: the property that holds it, unless the source maps another
    "external_id": "id",
    "date": "date",
    "time": "time",
    "description": "description",
    "hostility": "type",
    "vessel_name": "vessel_name",
    "vessel_type": "vessel_type",
    "vessel_status": "vessel_status",
    "place": "location",
}


def _when(value) -> tuple[dt.date, str | None, str | None]:
    """A date, or a date and time ("2024-05-01T02:30:00Z": UTC; without a zone: as given)."""
    text = _text(value)
    if "T" in text or " " in text.strip()[10:11]:
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"the date {value!r} is not an ISO date or date-time") from None
        day = _date(moment.date().isoformat())
        basis = None
        if moment.tzinfo is not None:
            moment, basis = moment.astimezone(dt.UTC), "utc"
        return day, f"{moment:%H:%M}", basis
    return _date(text), None, None


def read_geojson(content: bytes, mapping: dict | None = None) -> Iterator[Record | Rejection]:
    """A GeoJSON FeatureCollection of Point features, as reporting centres such as MDAT-GoG
    publish; which property holds which field is the source's ``property_mapping`` over
    :data:`GEOJSON_FIELDS`."""
    names = {**GEOJSON_FIELDS, **(mapping or {})}
    document = json_document(content, "GeoJSON")
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise FeedError("GeoJSON feeds are a FeatureCollection.")
    features = document.get("features")
    if not isinstance(features, list):
        raise FeedError("The FeatureCollection has no list of features.")
    ids = _Ids()
    for feature in non_empty(features, "FeatureCollection"):
        raw = json.dumps(feature, ensure_ascii=False, sort_keys=True)
        properties = (feature or {}).get("properties") or {} if isinstance(feature, dict) else {}
        key = feature.get("id") if isinstance(feature, dict) else None
        key = _text(properties.get(names["external_id"]) or key)
        external_id = ids.unique(key or "(no id)")
        if not key:
            yield Rejection(external_id, "The feature has no id.", raw)
            continue
        try:
            geometry = feature.get("geometry") or {}
            if geometry.get("type") != "Point":
                raise ValueError("only Point geometries give an incident's position")
            longitude, latitude = (float(v) for v in geometry["coordinates"][:2])
            latitude, longitude = check(latitude, longitude)
            day, time, basis = _when(properties.get(names["date"]))
        except (ValueError, TypeError, KeyError) as error:
            reason = str(error) if isinstance(error, PositionError) else f"Unreadable: {error}."
            yield Rejection(external_id, reason[:500], raw)
            continue
        if time is None and _IMB_TIME.match(_text(properties.get(names["time"]))):
            match = _IMB_TIME.match(_text(properties.get(names["time"])))
            time, basis = f"{int(match[1]):02d}:{match[2]}", (match[3] or "").lower() or None
            basis = {"lt": "local"}.get(basis, basis)
        description = _text(properties.get(names["description"]))
        data = {
            "occurred_on": day.isoformat(),
            "occurred_time": time,
            "time_basis": basis,
            "latitude": latitude,
            "longitude": longitude,
            "position_text": f"{latitude}, {longitude}",
            "place": _text(properties.get(names["place"])) or place_of(description),
            "hostility": _text(properties.get(names["hostility"])),
            "victim": "",
            "vessel_name": _text(properties.get(names["vessel_name"])),
            "vessel_type_text": _text(properties.get(names["vessel_type"])),
            "vessel_status_text": _text(properties.get(names["vessel_status"])),
            "description": description,
            "extra": {k: v for k, v in properties.items() if k not in names.values()},
        }
        yield Record(external_id, raw, data)


ATOM = "{http://www.w3.org/2005/Atom}"


def _child_text(element, *names: str) -> str:
    for name in names:
        found = element.find(name)
        if found is not None and (found.text or "").strip():
            return found.text.strip()
    return ""


def _published(text: str) -> str | None:
    if not text:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat()


def read_rss(content: bytes) -> Iterator[Record | Rejection]:
    """RSS 2.0 or Atom: each item or entry is an advisory (title, link, summary, published).
    The XML is parsed by defusedxml: a document that declares entities (the "billion laughs"
    expansion, or an external entity reaching for local files) is refused as a whole."""
    try:
        root = safe_xml.fromstring(content)
    except (DefusedXmlException, safe_xml.ParseError) as error:
        if isinstance(error, DefusedXmlException):
            raise FeedError(
                "The XML declares entities or a DTD, which feeds may not: refused."
            ) from None
        raise FeedError(f"The RSS or Atom document cannot be read: {error}.") from None
    if root.tag == "rss":
        entries = root.findall("./channel/item")
        fields = ("guid", "link", "title", "description", "pubDate")
    elif root.tag == f"{ATOM}feed":
        entries = root.findall(f"{ATOM}entry")
        fields = (f"{ATOM}id", None, f"{ATOM}title", f"{ATOM}summary", f"{ATOM}updated")
    else:
        raise FeedError("An advisory feed is RSS 2.0 or Atom.")
    ids = _Ids()
    for entry in entries:
        raw = safe_xml.tostring(entry, encoding="unicode")
        guid_tag, link_tag, title_tag, summary_tag, date_tag = fields
        if link_tag:
            link = _child_text(entry, link_tag)
        else:
            found = entry.find(f"{ATOM}link")
            link = found.get("href", "") if found is not None else ""
        title = _child_text(entry, title_tag)
        key = _child_text(entry, guid_tag) or link or title
        external_id = ids.unique(key[:480] or "(no id)")
        if not key or not title:
            yield Rejection(external_id, "The advisory has no title or no id.", raw)
            continue
        summary = _child_text(entry, summary_tag)
        if not summary and root.tag != "rss":
            summary = _child_text(entry, f"{ATOM}content")
        published = _published(
            _child_text(entry, date_tag) or _child_text(entry, f"{ATOM}published")
        )
        data = {
            "title": title[:500],
            "link": link if link.startswith(("http://", "https://")) else "",
            "summary": summary,
            "published_at": published,
        }
        yield Record(external_id, raw, data)


UKMTO_FIELDS = (
    "sitecoreId",
    "incidentNumber",
    "utcDateOfIncident",
    "utcDateCreated",
    "incidentTypeName",
    "incidentTypeLevel",
    "locationLatitude",
    "locationLongitude",
    "place",
    "region",
    "vesselName",
    "vesselType",
    "otherDetails",
)
# What UKMTO publishes that is not an incident: kept as an advisory for its region.
_UKMTO_ADVISORY = re.compile(r"advisor|warning|notice|information|update|bulletin", re.I)
_UKMTO_PAGE = "https://www.ukmto.org/recent-incidents"


def _ukmto(record: dict, ids: _Ids, raw: str) -> Record | Rejection:
    number = _text(record.get("incidentNumber"))
    key = _text(record.get("sitecoreId")) or (f"incident {number}" if number else "")
    external_id = ids.unique(key or "(no id)")
    if not key:
        return Rejection(external_id, "The record has no sitecoreId and no incidentNumber.", raw)
    kind_name = _text(record.get("incidentTypeName"))
    try:
        day, time, basis = _when(record.get("utcDateOfIncident"))
        if basis is None and time is not None:
            basis = "utc"  # the field is UTC by its name, with or without a zone
        latitude = record.get("locationLatitude")
        longitude = record.get("locationLongitude")
        position = None
        if latitude not in (None, "") and longitude not in (None, ""):
            position = check(float(latitude), float(longitude))
    except (ValueError, TypeError) as error:
        reason = str(error) if isinstance(error, PositionError) else f"Unreadable: {error}."
        return Rejection(external_id, reason[:500], raw)
    place = _text(record.get("place"))
    details = _text(record.get("otherDetails"))
    number_text = f"UKMTO {number}: " if number else "UKMTO: "
    extra = {
        "incidentNumber": number,
        "incidentTypeName": kind_name,
        "incidentTypeLevel": _text(record.get("incidentTypeLevel")),
        "region": _text(record.get("region")),
        "utcDateCreated": _text(record.get("utcDateCreated")),
    }
    if _UKMTO_ADVISORY.search(kind_name):
        data = {
            "title": f"{number_text}{kind_name}{f', {place}' if place else ''}"[:500],
            "link": _UKMTO_PAGE,
            "summary": details,
            "published_at": _published(_text(record.get("utcDateCreated")))
            or _published(_text(record.get("utcDateOfIncident"))),
            "latitude": position[0] if position else None,
            "longitude": position[1] if position else None,
        }
        return Record(external_id, raw, data, kind="advisory")
    if position is None:
        return Rejection(external_id, "The incident has no position.", raw)
    vessel_name = _text(record.get("vesselName"))
    data = {
        "occurred_on": day.isoformat(),
        "occurred_time": time,
        "time_basis": basis,
        "latitude": position[0],
        "longitude": position[1],
        "position_text": f"{position[0]}, {position[1]}",
        "place": place,
        "hostility": kind_name,
        "victim": "",
        "vessel_name": "" if vessel_name.strip(". ") == "" else vessel_name,
        "vessel_type_text": _text(record.get("vesselType")),
        "vessel_status_text": "",
        "description": details,
        "extra": extra,
    }
    return Record(external_id, raw, data)


def read_ukmto_json(content: bytes) -> Iterator[Record | Rejection]:
    """UKMTO's incident list, the JSON its public site reads: a list of records with the
    fields of :data:`UKMTO_FIELDS`, times in UTC. Attacks, hijacks, suspicious and irregular
    activity are incidents; warnings and advisories are advisories for their region."""
    document = json_document(content, "UKMTO JSON")
    if isinstance(document, dict) and not document:
        raise FeedError("The UKMTO JSON is an empty object, not a list of incidents.")
    if not isinstance(document, list):
        raise FeedError("The UKMTO JSON is a list of incidents.")
    records = non_empty(document, "UKMTO JSON")
    if not any(isinstance(r, dict) and "utcDateOfIncident" in r for r in records):
        raise FeedError("The UKMTO JSON has changed shape: no record has utcDateOfIncident.")
    ids = _Ids()
    for record in records:
        raw = json.dumps(record, ensure_ascii=False, sort_keys=True)
        if not isinstance(record, dict):
            yield Rejection(ids.unique("(not an object)"), "The record is not an object.", raw)
            continue
        yield _ukmto(record, ids, raw)


READERS = {
    "asam-json": read_asam_json,
    "asam-csv": read_asam_csv,
    "imb-csv": read_imb_csv,
    "geojson": read_geojson,
    "rss": read_rss,
    "ukmto-json": read_ukmto_json,
}


def read(fmt: str, content: bytes, mapping: dict | None = None) -> Iterator[Record | Rejection]:
    if fmt not in READERS:
        raise FeedError(f"No reader for the format {fmt!r}.")
    records = read_geojson(content, mapping) if fmt == "geojson" else READERS[fmt](content)
    return _storable(records)
