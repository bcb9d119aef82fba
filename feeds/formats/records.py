"""What every reader gives (records and rejections) and the helpers they share: decoding,
dates, places, text, and leaving out what cannot be stored."""

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


class FeedError(Exception):
    """The document as a whole cannot be read."""


@dataclass
class Record:
    """A readable record; ``kind`` says where it goes: an incident report for the editors'
    queue, or an advisory kept for its region."""

    external_id: str
    raw: str
    data: dict
    kind: str = "incident"

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
    """A web page where data was expected: an error page, a login page, or the challenge
    page that a bot shield such as Cloudflare answers with ("Just a moment...")."""
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<script", "<meta"))


def json_document(content: bytes, name: str):
    """The JSON document a source sent, or a :class:`FeedError` that says what came instead:
    a web page (a challenge or an error page), nothing, or text that is not JSON. Trailing
    commas, which some copies of the APIs' answers carry, are forgiven."""
    text = decode(content)
    if not text.strip():
        raise FeedError(f"The source answered with nothing, not {name}.")
    if _looks_like_html(text):
        challenge = "just a moment" in text.lower() or "challenge" in text.lower()
        kind = "a bot challenge page" if challenge else "an HTML page"
        raise FeedError(f"The source answered with {kind}, not {name}.")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        try:
            return json.loads(_TRAILING_COMMA.sub(r"\1", text))
        except json.JSONDecodeError as error:
            raise FeedError(f"The {name} cannot be read: {error}.") from None


def non_empty(records: list, name: str) -> list:
    """A live list with no record at all is a failed answer (a source in trouble, or a
    changed shape), never "nothing new"."""
    if not records:
        raise FeedError(f"The {name} holds no record: a live source never answers empty.")
    return records


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


_TRAILING_COMMA = re.compile(r",(\s*[\]}])")


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


NUL = "\x00"


NUL_REASON = "The record holds a NUL character (a damaged record), which cannot be stored."


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(v) for v in value)
    return False


def _storable(records: Iterator[Record | Rejection]) -> Iterator[Record | Rejection]:
    """PostgreSQL stores no NUL character in text or JSON: a record holding one (as a byte, or
    as \\u0000 in JSON) is rejected with that reason, and the rest of the run goes on."""
    for record in records:
        if isinstance(record, Record):
            if not (
                _holds_nul(record.raw) or _holds_nul(record.data) or _holds_nul(record.external_id)
            ):
                yield record
                continue
            record = Rejection(record.external_id, NUL_REASON, record.raw)
        yield Rejection(
            record.external_id.replace(NUL, ""),
            record.reason.replace(NUL, ""),
            record.raw.replace(NUL, ""),
        )
