"""Reading the formats the sources publish into records with normalised fields.

Each reader takes the document as bytes and yields a :class:`Record` for every record it
can read, or a :class:`Rejection` (with the reason) for one it cannot. A document that
cannot be read at all (truncated JSON, HTML where JSON was expected, an unknown layout)
raises :class:`FeedError`, and nothing of it is stored.

A record's ``raw`` is what the source sent for it: the JSON object as text, or, for CSV,
each column's text as sent. Its ``data`` holds the normalised fields:

``occurred_on`` (ISO date), ``occurred_time`` ("HH:MM" or None) and ``time_basis``
("utc", "local" or None), ``latitude``, ``longitude``, ``position_text``, ``place``,
``hostility`` (the source's own word for what happened), ``victim``, ``vessel_name``,
``vessel_type_text``, ``vessel_status_text``, ``description``, and ``extra`` (the source's
other columns).

External ids repeated within one document (ASAM lists 2021-207 twice) get ``#2``, ``#3``
in document order, so every record is kept and a re-poll finds each again under its id.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from .positions import PositionError, check, parse_position


class FeedError(Exception):
    """The document as a whole cannot be read."""


@dataclass
class Record:
    external_id: str
    raw: str
    data: dict

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw.encode()).hexdigest()


@dataclass
class Rejection:
    external_id: str
    reason: str
    raw: str = ""


@dataclass
class _Ids:
    seen: Counter = field(default_factory=Counter)

    def unique(self, external_id: str) -> str:
        self.seen[external_id] += 1
        count = self.seen[external_id]
        return external_id if count == 1 else f"{external_id}#{count}"


MAX_FUTURE_DAYS = 1
_PLACE_PREFIX = re.compile(r"^\s*(?:\(Update[^)]*\)\s*)?([A-Z][A-Z .,'&()/-]{2,60}?):\s")


def decode(content: bytes) -> str:
    """The document's text: UTF-8 (with or without a byte order mark), else Windows-1252,
    which is what the spreadsheets that make such files write."""
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body"))


def _date(value: str | None) -> dt.date:
    if not value or not str(value).strip():
        raise ValueError("no date")
    text = str(value).strip()[:10]
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"the date {value!r} is not YYYY-MM-DD") from None
    if day > dt.date.today() + dt.timedelta(days=MAX_FUTURE_DAYS):
        raise ValueError(f"the date {day} is in the future")
    return day


def place_of(description: str) -> str:
    """The upper-case place that ASAM and similar narratives start with ("INDONESIA: On")."""
    match = _PLACE_PREFIX.match(description or "")
    return match[1].strip().title() if match else ""


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.upper() == "NA" else text


# ASAM -------------------------------------------------------------------------------------


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


_TRAILING_COMMA = re.compile(r",(\s*[\]}])")


def read_asam_json(content: bytes) -> Iterator[Record | Rejection]:
    """The ASAM JSON API: ``{"asam": [ {reference, date, latitude, longitude, position,
    navArea, subreg, hostility, victim, description}, ... ]}``. Trailing commas, which some
    copies of the API's answers carry, are forgiven."""
    text = decode(content)
    if _looks_like_html(text):
        raise FeedError("The source answered with an HTML page, not ASAM JSON.")
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        try:
            document = json.loads(_TRAILING_COMMA.sub(r"\1", text))
        except json.JSONDecodeError as error:
            raise FeedError(f"The ASAM JSON cannot be read: {error}.") from None
    if not isinstance(document, dict) or not isinstance(document.get("asam"), list):
        raise FeedError('ASAM JSON is an object with a list under "asam".')
    ids = _Ids()
    for record in document["asam"]:
        raw = json.dumps(record, ensure_ascii=False, sort_keys=True)
        if not isinstance(record, dict):
            yield Rejection(ids.unique("(not an object)"), "The record is not an object.", raw)
            continue
        yield _asam(record, ids, raw)


ASAM_CSV_COLUMNS = ["reference", "date", "position", "navArea", "subreg", "hostility", "victim",
                    "description"]  # fmt: skip


def _csv_rows(content: bytes, required: list[str], name: str) -> Iterator[dict]:
    text = decode(content)
    if _looks_like_html(text):
        raise FeedError(f"The source answered with an HTML page, not the {name}.")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [column.strip() for column in reader.fieldnames or [] if column]
    missing = [column for column in required if column not in header]
    if missing:
        raise FeedError(f"The {name} lacks the columns {', '.join(missing)}.")
    try:
        for row in reader:
            yield {(key or "").strip(): value for key, value in row.items() if key and key.strip()}
    except csv.Error as error:
        raise FeedError(f"The {name} cannot be read: {error}.") from None


def read_asam_csv(content: bytes) -> Iterator[Record | Rejection]:
    """The ASAM CSV export: the columns above, each line ending with a comma (an empty ninth
    column), CRLF records, the position's two halves on two lines inside its quotes."""
    ids = _Ids()
    for row in _csv_rows(content, ASAM_CSV_COLUMNS, "ASAM CSV export"):
        raw = json.dumps(row, ensure_ascii=False)
        yield _asam(row, ids, raw)


# IMB --------------------------------------------------------------------------------------

IMB_COLUMNS = ["date", "time", "longitude", "latitude", "attack_type", "location_description",
               "attack_description", "vessel_name", "vessel_type", "vessel_status"]  # fmt: skip
_IMB_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?:\s*(UTC|LT|local))?$", re.IGNORECASE)


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


READERS = {
    "asam-json": read_asam_json,
    "asam-csv": read_asam_csv,
    "imb-csv": read_imb_csv,
}


def read(fmt: str, content: bytes) -> Iterator[Record | Rejection]:
    if fmt not in READERS:
        raise FeedError(f"No reader for the format {fmt!r} yet.")
    return READERS[fmt](content)
