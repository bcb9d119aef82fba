"""What an export asked of the list becomes: streamed at once when small, prepared in the
background for approved members who confirm it, refused otherwise. The view renders the
plan; the decision, the audit and the start of the job are made here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict

from members.access import Viewer
from members.models import User

from .. import listing, selectors
from ..models import Export
from .formats import WRITERS, filename, rows, writer_for
from .jobs import audit_export, export_start


@dataclass
class ExportPlan:
    """``action`` is one of: ``invalid`` (errors), ``stream`` (``chunks`` of a file named
    ``filename`` of ``content_type``), ``refused`` (too many rows for this viewer), ``busy``
    (their limit of background exports is reached), ``prepared`` (``job`` started) or
    ``confirm`` (ask them to confirm a background export)."""

    action: str
    format: str = ""
    query: QueryDict = field(default_factory=QueryDict)
    limit: int = 0
    errors: list[str] = field(default_factory=list)
    chunks: Iterator[str] | None = None
    content_type: str = ""
    filename: str = ""
    job: Export | None = None


def export_plan(
    *,
    viewer: Viewer,
    user: User,
    fmt: str,
    filters: QueryDict,
    params: QueryDict,
    confirmed: bool,
    streamable: bool = True,
    request=None,
) -> ExportPlan:
    """The plan for the list's incidents (``filters``, and the order in ``params``) as
    ``fmt``; ``confirmed``: the member confirmed a background export; ``streamable``: the
    request may take a file at once (a GET, not a HEAD or a confirmation)."""
    filterset = selectors.incident_filter(viewer, filters)
    query = filters.copy()
    try:
        if fmt not in WRITERS:
            raise ValidationError(f"Export as one of {', '.join(WRITERS)}.")
        order = listing.Order.from_params(params)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
    except ValidationError as error:
        return ExportPlan("invalid", errors=error.messages)
    query.update({"sort": order.sort, "dir": "desc" if order.descending else "asc"})
    limit = settings.EXPORTS_STREAM_MAX
    matched = filterset.qs.order_by()[: limit + 1].count()
    if streamable and not confirmed and matched <= limit:
        audit_export(
            user=user,
            fmt=fmt,
            query=query.urlencode(),
            rows=matched,
            mode="streamed",
            request=request,
        )
        writer = writer_for(fmt)
        return ExportPlan(
            "stream",
            format=fmt,
            query=query,
            limit=limit,
            chunks=writer.chunks(rows(filterset.qs, order.order_by())),
            content_type=writer.content_type,
            filename=filename(fmt),
        )
    if not viewer.approved:
        return ExportPlan(
            "refused",
            format=fmt,
            query=query,
            limit=limit,
            errors=[
                f"Exports of more than {limit:,} incidents are prepared for approved members. "
                "Narrow the filter, or sign in as a member."
            ],
        )
    if not confirmed:
        return ExportPlan("confirm", format=fmt, query=query, limit=limit)
    try:
        job = export_start(
            viewer=viewer, user=user, fmt=fmt, query=query.urlencode(), request=request
        )
    except ValidationError as error:
        return ExportPlan("busy", format=fmt, query=query, limit=limit, errors=error.messages)
    return ExportPlan("prepared", format=fmt, query=query, limit=limit, job=job)
