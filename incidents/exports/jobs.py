"""Exports written in the background: started for an approved member within their limits,
claimed by one worker at a time (a conditional update), written with a heartbeat so that the
sweep can fail or resend a job whose worker went silent, kept for EXPORTS_KEEP_DAYS."""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from kit.queue import enqueue
from members.access import Viewer, viewer_for
from members.audit import audit_record
from members.models import AuditEvent, User

from .. import listing, selectors
from ..documents import DOCUMENTS, Document
from ..models import Export, private_storage
from .formats import WRITERS, extension_of, rows, writer_for

logger = logging.getLogger(__name__)


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
