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
import logging
import os
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from kit.queue import enqueue
from members.access import TLP, Viewer, viewer_for
from members.audit import audit_record
from members.models import AuditEvent, User

from .documents import DOCUMENTS, Document
from .models import Export, ExportFormat, Incident, private_storage

logger = logging.getLogger(__name__)

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


# Background exports ------------------------------------------------------------------------


def audit_export(*, user: User | None, fmt: str, query: str, rows: int, mode: str, request=None):
    audit_record(
        action=AuditEvent.Action.EXPORTED,
        actor=user if user is not None and user.is_authenticated else None,
        request=request,
        detail={"format": fmt, "query": query, "rows": rows, "mode": mode},
    )


def export_start(*, viewer: Viewer, user: User, fmt: str, query: str, request=None) -> Export:
    """Queue a background export of the viewer's incidents matching ``query``."""
    if not viewer.approved:
        raise ValidationError("Exports in the background are for approved members.")
    if fmt not in WRITERS and fmt not in DOCUMENTS:
        raise ValidationError(f"Export as one of {', '.join([*WRITERS, *DOCUMENTS])}.")
    active = Export.objects.filter(
        created_by=user, state__in=[Export.State.QUEUED, Export.State.RUNNING]
    )
    if active.count() >= settings.EXPORTS_ACTIVE_MAX:
        raise ValidationError(
            f"You already have {settings.EXPORTS_ACTIVE_MAX} exports being prepared; "
            "wait for one to finish.",
            code="too_many",
        )
    with transaction.atomic():
        export = Export.objects.create(created_by=user, format=fmt, query=query)
        audit_export(user=user, fmt=fmt, query=query, rows=0, mode="background", request=request)
        _write_later(export.pk)
    return export


def export_downloaded(*, export: Export, actor: User, request=None) -> None:
    """A prepared export is downloaded: audited, for a file may hold what its marking guards."""
    audit_record(
        action=AuditEvent.Action.EXPORT_DOWNLOADED, actor=actor, target=export, request=request
    )


def export_retry(*, export: Export) -> Export:
    """Run a failed export again, from the start."""
    if export.state != Export.State.FAILED:
        raise ValidationError("Only a failed export can be run again.")
    Export.objects.filter(pk=export.pk).update(
        state=Export.State.QUEUED, error="", written=0, heartbeat_at=timezone.now()
    )
    _write_later(export.pk)
    export.refresh_from_db()
    return export


def _write_later(export_id) -> None:
    """After the commit; kept for the sweep when the broker cannot take it."""

    enqueue("incidents.tasks.write_export", str(export_id))


class Superseded(Exception):
    """This attempt's job was failed by the sweep or taken by another attempt."""


@dataclass(frozen=True)
class Attempt:
    """One worker's run of an export, from its claim: named by the time it claimed the job,
    so that only the attempt that holds the job records anything of it."""

    export_id: object
    started_at: dt.datetime

    def mine(self) -> QuerySet[Export]:
        return Export.objects.filter(
            pk=self.export_id, state=Export.State.RUNNING, started_at=self.started_at
        )

    def record(self, **fields) -> None:
        """Record progress, with a heartbeat; stop (``Superseded``) when the job is no
        longer this attempt's."""
        if not self.mine().update(heartbeat_at=timezone.now(), **fields):
            raise Superseded

    def partial(self, path: Path) -> Path:
        return path.with_name(f"{path.name}.{self.started_at:%Y%m%d%H%M%S%f}.part")


def _progress(attempt: Attempt) -> Callable[[int], None]:
    """Record rows written, at most once a second; each record is also a heartbeat."""
    last = [0.0]

    def report(written: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 1.0:
            last[0] = now
            attempt.record(written=written)

    return report


def _stale_before(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(seconds=settings.EXPORTS_STALE_SECONDS)


def _claim(export_id) -> Attempt | None:
    """Take the job for this worker: a queued one, or a running one whose worker went
    silent (when the sweep has not failed it yet). A conditional update, so two workers
    never both hold the same export."""
    now = timezone.now()
    takeable = Q(state=Export.State.QUEUED) | Q(
        state=Export.State.RUNNING, heartbeat_at__lt=_stale_before(now)
    )
    taken = Export.objects.filter(takeable, pk=export_id).update(
        state=Export.State.RUNNING, started_at=now, heartbeat_at=now, written=0, error=""
    )
    return Attempt(export_id, now) if taken else None


def export_write(*, export_id) -> str:
    """Write an export's file: the rows its member may see now, in the list's order.

    Safe to run again: only a queued export is taken (or a running one whose worker has
    been silent for ``EXPORTS_STALE_SECONDS``); it is written afresh into a partial file of
    this attempt's that replaces the final one only when complete. An attempt whose job was
    failed or taken meanwhile stops at its next heartbeat and records nothing.
    """
    from . import listing, selectors

    export = Export.objects.select_related("created_by").filter(pk=export_id).first()
    if export is None:
        return "missing"
    attempt = _claim(export.pk)
    if attempt is None:
        return Export.objects.get(pk=export.pk).state  # ready, failed, or another's
    if export.format in DOCUMENTS:
        return _write_document(export, attempt, DOCUMENTS[export.format])
    writer = writer_for(export.format)

    def write(partial: Path) -> dict:
        params = QueryDict(export.query)
        filters = listing.filters_of(params)
        order = listing.Order.from_params(params)
        viewer = viewer_for(export.created_by)
        filterset = selectors.incident_filter(viewer, filters)
        if not filterset.is_valid():
            raise ValidationError([m for ms in filterset.errors.values() for m in ms])
        queryset = filterset.qs
        attempt.record(total=queryset.order_by().count())
        with open(partial, "w", encoding="utf-8", newline="") as out:
            chunks = writer.chunks(rows(queryset, order.order_by()), _progress(attempt))
            for chunk in chunks:
                out.write(chunk)
        return {"total": writer.count, "written": writer.count, "highest_tlp": writer.highest_tlp}

    return _write_file(export, attempt, writer.extension, write)


def _write_document(export: Export, attempt: Attempt, document: Document) -> str:
    """Write one document the way rows are written; ``total`` and ``written`` count its
    steps."""

    def write(partial: Path) -> dict:
        attempt.record(total=document.steps)
        viewer = viewer_for(export.created_by)
        progress = lambda step: attempt.record(written=step)  # noqa: E731
        content, _counted, marking = document.write(viewer, QueryDict(export.query), progress)
        partial.write_bytes(content)
        return {"written": document.steps, "highest_tlp": marking}

    return _write_file(export, attempt, document.extension, write)


def _write_file(
    export: Export, attempt: Attempt, extension: str, write: Callable[[Path], dict]
) -> str:
    """Write an export's file with ``write``, into this attempt's partial file, which
    replaces the final one only when complete; ``write`` returns what to record of the file.
    A refusal of the filters (``ValidationError``) or any other failure is recorded, and
    nothing is left; partial files of earlier attempts are removed."""
    name = export.file_name(extension)
    path = Path(private_storage.path(name))
    partial = attempt.partial(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for earlier in path.parent.glob(f"{path.name}*.part"):
        earlier.unlink(missing_ok=True)
    try:
        recorded = write(partial)
        os.replace(partial, path)
    except Superseded:
        partial.unlink(missing_ok=True)
        return Export.objects.get(pk=export.pk).state
    except ValidationError as error:
        return _failed(attempt, partial, " ".join(error.messages))
    except Exception as error:
        logger.exception("Export %s failed", export.pk)
        return _failed(attempt, partial, f"The file could not be written ({type(error).__name__}).")
    attempt.mine().update(
        state=Export.State.READY,
        file=name,
        size=path.stat().st_size,
        finished_at=timezone.now(),
        **recorded,
    )
    return Export.objects.get(pk=export.pk).state


def _failed(attempt: Attempt, partial: Path, message: str) -> str:
    partial.unlink(missing_ok=True)
    attempt.mine().update(
        state=Export.State.FAILED, error=message[:500], finished_at=timezone.now()
    )
    return Export.objects.get(pk=attempt.export_id).state


INTERRUPTED = "The worker stopped while writing this export. Run it again."


def exports_sweep(*, now: dt.datetime | None = None) -> int:
    """Exports whose job went silent: a running one is failed (its member may run it again,
    and its slot is free); a queued one is sent to the worker again (the broker may have
    lost its message). Returns how many were touched."""
    now = now or timezone.now()
    stale = Export.objects.filter(heartbeat_at__lt=_stale_before(now))
    failed = stale.filter(state=Export.State.RUNNING).update(
        state=Export.State.FAILED, error=INTERRUPTED, finished_at=now
    )
    queued = list(stale.filter(state=Export.State.QUEUED).values_list("pk", flat=True))
    Export.objects.filter(pk__in=queued).update(heartbeat_at=now)
    for export_id in queued:
        _write_later(export_id)
    return failed + len(queued)


def exports_prune(*, now: dt.datetime | None = None) -> int:
    """Delete exports, and their files, older than ``EXPORTS_KEEP_DAYS``."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.EXPORTS_KEEP_DAYS)
    old = Export.objects.filter(created_at__lt=cutoff)
    removed = 0
    for export in old.iterator():
        if export.file:
            export.file.delete(save=False)
        final = Path(private_storage.path(export.file_name(extension_of(export.format))))
        for partial in final.parent.glob(f"{final.name}*.part"):
            partial.unlink(missing_ok=True)
        export.delete()
        removed += 1
    return removed
