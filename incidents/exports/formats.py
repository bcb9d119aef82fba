"""Exports of the incidents matching a filter, as CSV, GeoJSON and KML.

One writer per format turns rows into text, a chunk at a time, so the same code streams a
small export straight to the browser and writes a large one to a file in a background job,
in constant memory at any size. Rows are read in the list's order through the access
policy (the caller passes the viewer's filtered queryset), so a file holds exactly the rows
the list shows.

The CSV starts with a UTF-8 byte order mark, by which Excel knows the encoding, and is safe
to open in a spreadsheet: a text cell that would start a formula (``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with an apostrophe. The KML
drops characters that XML 1.0 cannot carry.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from members.access import TLP

from ..documents import DOCUMENTS
from ..models import ExportFormat, Incident

# The columns of every format, in order: the export's field name and the query's field.
COLUMNS = [
    ("reference", "reference"),
    ("url", None),
    ("occurred_on", "occurred_on"),
    ("occurred_time", "occurred_time"),
    ("timezone", "timezone"),
    ("occurred_at_utc", "occurred_at"),
    ("latitude", "latitude"),
    ("longitude", "longitude"),
    ("port", "port__code"),
    ("port_name", "port__name"),
    ("region", "region"),
    ("country", "country"),
    ("category", "category"),
    ("outcome", "outcome"),
    ("foiled_by", "foiled_by"),
    ("perpetrators", "perpetrators"),
    ("weapons", "weapons"),
    ("crew_restrained", "crew_restrained"),
    ("crew_assaulted", "crew_assaulted"),
    ("crew_injured", "crew_injured"),
    ("crew_kidnapped", "crew_kidnapped"),
    ("crew_killed", "crew_killed"),
    ("crew_on_board", "crew_on_board"),
    ("targets", "targets"),
    ("stolen", "stolen"),
    ("vessel_name", "vessel_name"),
    ("vessel_imo", "vessel_imo"),
    ("vessel_type", "vessel_type"),
    ("vessel_flag", "vessel_flag"),
    ("vessel_status", "vessel_status"),
    ("status", "status"),
    ("source_reliability", "source_reliability"),
    ("information_credibility", "information_credibility"),
    ("significance", "significance"),
    ("tlp", "tlp"),
    ("description", "description"),
]
QUERY_FIELDS = [field for _, field in COLUMNS if field]
HEADERS = [name for name, _ in COLUMNS]
TLP_LABELS = dict(TLP.choices)
STRICTNESS = {value: TLP.strictness(value) for value in TLP.values}
BATCH = 500  # rows per chunk of text
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _converters() -> list[Callable]:
    """How each queried field becomes an export value (dates as ISO text, marking labels)."""
    special = {
        "occurred_on": lambda value: value.isoformat(),
        "occurred_time": lambda value: value.strftime("%H:%M") if value is not None else None,
        "occurred_at": _utc,
        "tlp": lambda value: TLP_LABELS.get(value, value),
    }
    return [special.get(field) for field in QUERY_FIELDS]


def rows(queryset: QuerySet[Incident], order_by: Iterable[str]) -> Iterator[dict]:
    """The export's rows, read from the database a few thousand at a time."""
    url = settings.SITE_URL.rstrip("/") + reverse("incidents:detail", args=["REF"])
    before, after = url.rsplit("REF", 1)
    converters = _converters()
    names = [name for name, field in COLUMNS if field]
    values = queryset.select_related(None).order_by(*order_by).values_list(*QUERY_FIELDS)
    tlp_at = QUERY_FIELDS.index("tlp")
    for record in values.iterator(chunk_size=2000):
        row = {
            name: (convert(value) if convert else value)
            for name, convert, value in zip(names, converters, record, strict=True)
        }
        row["url"] = before + row["reference"] + after
        row["_tlp"] = record[tlp_at]
        yield row


class Writer(ABC):
    """Turns rows into the text of one format; counts the rows and the highest marking."""

    content_type = "text/plain"
    extension = "txt"

    def __init__(self) -> None:
        self.count = 0
        self.highest_tlp = ""

    def chunks(self, source: Iterable[dict], progress: Callable[[int], None] | None = None):
        yield self.header()
        batch: list[str] = []
        for row in source:
            self.count += 1
            if STRICTNESS[row["_tlp"]] > STRICTNESS.get(self.highest_tlp, -1):
                self.highest_tlp = row["_tlp"]
            batch.append(self.row(row))
            if len(batch) == BATCH:
                yield "".join(batch)
                batch = []
                if progress is not None:
                    progress(self.count)
        if batch:
            yield "".join(batch)
        yield self.footer()
        if progress is not None:
            progress(self.count)

    def header(self) -> str:
        return ""

    @abstractmethod
    def row(self, row: dict) -> str:
        """One row's text."""

    def footer(self) -> str:
        return ""


def _cell(value) -> str:
    kind = type(value)
    if kind is str:
        return "'" + value if value.startswith(FORMULA_START) else value
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is list:
        return _cell(";".join(value))
    return str(value)


class CsvWriter(Writer):
    content_type = "text/csv; charset=utf-8"
    extension = "csv"

    def __init__(self) -> None:
        super().__init__()
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, lineterminator="\r\n")

    def _line(self, values: list[str]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._csv.writerow(values)
        return self._buffer.getvalue()

    def header(self) -> str:
        return "\ufeff" + self._line(HEADERS)  # the byte order mark tells Excel it is UTF-8

    def row(self, row: dict) -> str:
        return self._line([_cell(row[name]) for name in HEADERS])


class GeoJsonWriter(Writer):
    content_type = "application/geo+json"
    extension = "geojson"

    def header(self) -> str:
        return '{"type":"FeatureCollection","features":[\n'

    def row(self, row: dict) -> str:
        feature = {
            "type": "Feature",
            "id": row["reference"],
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": {name: row[name] for name in HEADERS},
        }
        separator = ",\n" if self.count > 1 else ""
        return separator + json.dumps(feature, ensure_ascii=False, separators=(",", ":"))

    def footer(self) -> str:
        about = {
            "count": self.count,
            "highest_tlp": TLP_LABELS.get(self.highest_tlp, ""),
            "exported_at": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        return '\n],"csoa":' + json.dumps(about) + "}\n"


def _xml(value) -> str:
    return escape(NOT_XML.sub("", _text(value)))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


class KmlWriter(Writer):
    content_type = "application/vnd.google-earth.kml+xml"
    extension = "kml"

    def header(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>\n'
            "<name>CSOA incidents</name>\n"
        )

    def row(self, row: dict) -> str:
        data = "".join(
            f"<Data name={quoteattr(name)}><value>{_xml(row[name])}</value></Data>"
            for name in HEADERS
        )
        return (
            f"<Placemark id={quoteattr(row['reference'])}><name>{_xml(row['reference'])}</name>"
            f"<description>{_xml(row['description'])}</description>"
            f"<TimeStamp><when>{row['occurred_at_utc']}</when></TimeStamp>"
            f"<ExtendedData>{data}</ExtendedData>"
            f"<Point><coordinates>{row['longitude']},{row['latitude']}</coordinates></Point>"
            "</Placemark>\n"
        )

    def footer(self) -> str:
        return "</Document></kml>\n"


WRITERS: dict[str, type[Writer]] = {
    ExportFormat.CSV: CsvWriter,
    ExportFormat.GEOJSON: GeoJsonWriter,
    ExportFormat.KML: KmlWriter,
}


def writer_for(fmt: str) -> Writer:
    return WRITERS[fmt]()


def extension_of(fmt: str) -> str:
    return WRITERS[fmt].extension if fmt in WRITERS else DOCUMENTS[fmt].extension


def content_type_of(fmt: str) -> str:
    return WRITERS[fmt].content_type if fmt in WRITERS else DOCUMENTS[fmt].content_type


def filename(fmt: str, at: dt.datetime | None = None) -> str:
    at = (at or timezone.now()).astimezone(dt.UTC)
    stem = "csoa-incidents" if fmt in WRITERS else DOCUMENTS[fmt].stem
    return f"{stem}-{at:%Y%m%d-%H%M}.{extension_of(fmt)}"


TLP_SCHEME = "https://www.first.org/tlp/"


def atom_feed(queryset: QuerySet[Incident], *, title: str, self_url: str) -> str:
    """An Atom feed of these incidents, in the queryset's order: each entry's id and link
    are the incident's page, its title the reference and category, its summary the day,
    place and text, with a GeoRSS point and the TLP marking as a category of its own."""
    site = settings.SITE_URL.rstrip("/")
    labels = dict(Incident._meta.get_field("category").choices)
    entries, updated = [], None
    fields = ("reference", "category", "occurred_on", "occurred_time", "latitude", "longitude",
              "region", "country", "description", "tlp", "updated_at", "created_at")  # fmt: skip
    for record in queryset.select_related(None).values(*fields):
        url = site + reverse("incidents:detail", args=[record["reference"]])
        when = record["occurred_on"].strftime("%-d %B %Y") + (
            f" {record['occurred_time']:%H:%M} local time" if record["occurred_time"] else ""
        )
        category = labels.get(record["category"], record["category"])
        summary = f"{when}. {category}. {record['description'] or ''}"[:2000]
        marking = TLP_LABELS.get(record["tlp"], record["tlp"])
        updated = max(updated or record["updated_at"], record["updated_at"])
        entries.append(
            "<entry>"
            f"<id>{_xml(url)}</id><title>{_xml(record['reference'])}: {_xml(category)}</title>"
            f"<updated>{_utc(record['updated_at'])}</updated>"
            f"<published>{_utc(record['created_at'])}</published>"
            f'<link rel="alternate" href={quoteattr(url)}/>'
            f"<category term={quoteattr(record['category'])} label={quoteattr(category)}/>"
            f"<category scheme={quoteattr(TLP_SCHEME)} term={quoteattr(marking)}/>"
            f"<georss:point>{record['latitude']} {record['longitude']}</georss:point>"
            f'<summary type="text">{_xml(summary)}</summary>'
            "</entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:georss="http://www.georss.org/georss">\n'
        f"<title>{_xml(title)}</title><id>{_xml(self_url)}</id>"
        f'<link rel="self" href={quoteattr(self_url)}/>'
        f"<updated>{_utc(updated or timezone.now())}</updated>"
        "<author><name>CSOA platform</name></author>\n" + "".join(entries) + "</feed>\n"
    )
