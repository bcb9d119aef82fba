"""The incident list: sorted keyset pages and the count, as quick deep in the history as at
its start.

A page is found from the last row of the page before (``after``) or the first row of the
page after (``before``), never by an offset, so page 500 costs what page 1 costs. Each
sortable column has an index on (column, occurred_at, id); the order runs the same way on
all three, so one row comparison is the whole condition.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.http import QueryDict

from members.access import Viewer

from .clusters import CELL_FILTERS, active_filters, counted_cells, granted_incidents
from .filters import IncidentFilter
from .mapcells import FIRST_LEVEL
from .models import Incident

# Parameters of the list's URL that are not filters: paging, order, the map's view, export.
NOT_FILTERS = ("after", "before", "sort", "dir", "view", "page", "format")


def filters_of(params) -> QueryDict:
    """A URL's filters alone: what the map, the list, the exports and the API share."""
    filters = params.copy()
    for name in NOT_FILTERS:
        filters.pop(name, None)
    return filters


SORTS = {
    "date": None,
    "category": "category",
    "status": "status",
    "region": "region",
}
COUNT_CAP = 10_000
# What a row of the list shows: reading only these keeps a page of 50 light.
ROW_FIELDS = [
    "reference",
    "occurred_on",
    "occurred_time",
    "occurred_at",
    "region",
    "category",
    "status",
    "significance",
    "tlp",
    "vessel_name",
    "vessel_type",
    "port__name",
]


@dataclass(frozen=True)
class Order:
    sort: str = "date"
    descending: bool = True

    @classmethod
    def from_params(cls, params) -> Order:
        sort = params.get("sort") or "date"
        if sort not in SORTS:
            raise ValidationError({"sort": f"Sort by one of {', '.join(SORTS)}."})
        direction = params.get("dir") or ("desc" if sort == "date" else "asc")
        if direction not in ("asc", "desc"):
            raise ValidationError({"dir": "The direction is asc or desc."})
        return cls(sort, direction == "desc")

    @property
    def columns(self) -> list[str]:
        column = SORTS[self.sort]
        return [*([column] if column else []), "occurred_at", "id"]

    def order_by(self, reverse: bool = False) -> list[str]:
        sign = "-" if self.descending != reverse else ""
        return [sign + column for column in self.columns]


def token_for(order: Order, incident: Incident) -> str:
    values = [getattr(incident, column) for column in order.columns]
    values = [value.isoformat() if isinstance(value, dt.datetime) else value for value in values]
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def position_of(order: Order, token: str) -> list:
    """The row a token points at; a malformed or forged token is a clear 400, not a crash."""
    error = ValidationError({"after": "This page link is damaged; start again from the list."})
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise error from None
    if not isinstance(values, list) or len(values) != len(order.columns):
        raise error
    *head, occurred_at, pk = values
    if not all(isinstance(value, str) for value in head) or not isinstance(pk, int):
        raise error
    try:
        moment = dt.datetime.fromisoformat(occurred_at)
    except (TypeError, ValueError):
        raise error from None
    if moment.tzinfo is None:
        raise error
    return [*head, moment, pk]


def beyond(order: Order, position: list, forwards: bool) -> RawSQL:
    """Rows after (or before) a position in this order: one row comparison on the index."""
    table = Incident._meta.db_table
    columns = ", ".join(f'"{table}"."{column}"' for column in order.columns)
    placeholders = ", ".join(["%s"] * len(position))
    operator = "<" if order.descending == forwards else ">"
    return RawSQL(  # noqa: S611 - column names from SORTS, values as parameters
        f"({columns}) {operator} ({placeholders})", position, output_field=BooleanField()
    )


LABELS = {
    field: {value: str(label) for value, label in Incident._meta.get_field(field).flatchoices}
    for field in ("category", "status", "tlp", "region", "vessel_type")
}


def _dress(rows: list[Incident]) -> list[Incident]:
    """What a row shows, worked out once per row in Python rather than in the template."""
    for row in rows:
        time = f" {row.occurred_time:%H:%M}" if row.occurred_time is not None else ""
        row.when = f"{row.occurred_on:%Y-%m-%d}{time}"
        row.where = row.port.name if row.port_id else LABELS["region"].get(row.region, row.region)
        row.vessel = row.vessel_name or LABELS["vessel_type"].get(row.vessel_type, "")
        for field in ("category", "status", "tlp"):
            value = getattr(row, field)
            setattr(row, f"{field}_label", LABELS[field].get(value, value))
    return rows


@dataclass
class Page:
    incidents: list[Incident]
    next_token: str | None
    previous_token: str | None


def page(queryset: QuerySet[Incident], order: Order, params, size: int) -> Page:
    after, before = params.get("after"), params.get("before")
    queryset = queryset.select_related(None).select_related("port").only(*ROW_FIELDS)
    if after and before:
        raise ValidationError({"after": "Give after or before, not both."})
    if before:
        rows = list(
            queryset.filter(beyond(order, position_of(order, before), forwards=False)).order_by(
                *order.order_by(reverse=True)
            )[: size + 1]
        )
        more_before = len(rows) > size
        rows = _dress(rows[:size][::-1])
        return Page(
            rows,
            token_for(order, rows[-1]) if rows else None,
            token_for(order, rows[0]) if rows and more_before else None,
        )
    if after:
        queryset = queryset.filter(beyond(order, position_of(order, after), forwards=True))
    rows = list(queryset.order_by(*order.order_by())[: size + 1])
    more = len(rows) > size
    rows = _dress(rows[:size])
    return Page(
        rows,
        token_for(order, rows[-1]) if more else None,
        token_for(order, rows[0]) if rows and after else None,
    )


@dataclass(frozen=True)
class Count:
    value: int
    exact: bool


def count(viewer: Viewer, filterset: IncidentFilter) -> Count:
    """How many incidents match: from the map's counted cells where the filters allow it
    (exact, in the same time at any size), else counted up to ``COUNT_CAP``."""
    if active_filters(filterset) <= CELL_FILTERS:
        cells = counted_cells(viewer, filterset, FIRST_LEVEL)
        total = cells.aggregate(total=Sum("count"))["total"] or 0
        extra = granted_incidents(viewer, filterset, "id")
        return Count(total + (extra.count() if extra is not None else 0), True)
    matched = filterset.qs.order_by()[: COUNT_CAP + 1].count()
    return Count(min(matched, COUNT_CAP), matched <= COUNT_CAP)
