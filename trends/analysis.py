"""The figures of a trend: for the incidents a viewer may see in a place and period, which
days and hours, how many perpetrators, which weapons, what was done to the crew, what they
targeted, how it ended and what foiled it, and a month-by-month series.

Everything is counted in the incident's local time. Retracted incidents never count.
Incidents with no known time count everywhere except the hours and the time window. The
per-incident figures (weapons, crew, targets, foiled by) count incidents, not items: an
incident in which two robbers carried knives counts once under knives.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from django.db.models import Aggregate, Count, FloatField, Max, Min, Q, QuerySet
from django.db.models.functions import TruncMonth

from incidents.models import FoiledBy, Incident, Outcome, Target, Weapon
from incidents.selectors import in_statistics

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
CREW = {
    "restrained": Q(crew_restrained=True),
    "assaulted": Q(crew_assaulted=True),
    "injured": Q(crew_injured__gt=0),
    "kidnapped": Q(crew_kidnapped__gt=0),
    "killed": Q(crew_killed__gt=0),
}
MINUTES_A_DAY = 24 * 60


class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass(frozen=True)
class TimeWindow:
    start: dt.time
    end: dt.time

    @property
    def crosses_midnight(self) -> bool:
        return self.end < self.start

    def as_dict(self) -> dict:
        return {"start": f"{self.start:%H:%M}", "end": f"{self.end:%H:%M}"}


def time_window(times: list[dt.time]) -> TimeWindow | None:
    """The shortest time of day window that holds every one of ``times``; it may cross
    midnight (23:45 to 04:15). It starts after the longest stretch of the day with none."""
    minutes = sorted({t.hour * 60 + t.minute for t in times})
    if not minutes:
        return None
    # The stretch from the last time round midnight to the first: a window within one day.
    longest, start, end = minutes[0] + MINUTES_A_DAY - minutes[-1], minutes[0], minutes[-1]
    for before, after in itertools.pairwise(minutes):
        if after - before > longest:
            longest, start, end = after - before, after, before
    return TimeWindow(dt.time(start // 60, start % 60), dt.time(end // 60, end % 60))


def _number(value: float | None):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


def _nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {name: n for name, n in counts.items() if n}


def _months(rows: dict[dt.date, int], since: dt.date | None, until: dt.date | None) -> list:
    """Every month from the period's first to its last (or the incidents' first and last
    when the period is open), with the months without incidents as zero."""
    first = since or (min(rows) if rows else None)
    last = until or (max(rows) if rows else None)
    if first is None or last is None or first > last:
        return []
    month, series = first.replace(day=1), []
    while month <= last:
        series.append({"month": f"{month:%Y-%m}", "incidents": rows.get(month, 0)})
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return series


def trend(
    incidents: QuerySet[Incident], *, since: dt.date | None = None, until: dt.date | None = None
) -> dict:
    """The figures of ``incidents`` (already narrowed to what the viewer may see and to the
    place and period). Three queries: the counts in one pass, the months, the times."""
    counted = in_statistics(incidents).order_by()
    aggregates = {
        "incidents": Count("pk"),
        **{
            f"weekday_{n}": Count("pk", filter=Q(occurred_on__iso_week_day=n + 1))
            for n in range(7)
        },
        **{f"hour_{h}": Count("pk", filter=Q(occurred_time__hour=h)) for h in range(24)},
        "perpetrators_min": Min("perpetrators"),
        "perpetrators_max": Max("perpetrators"),
        "perpetrators_median": Median("perpetrators"),
        "perpetrators_known": Count("perpetrators"),
        **{
            f"weapon_{w}": Count("pk", filter=Q(weapons__contains=[w]))
            for w in Weapon.values
        },
        **{f"crew_{name}": Count("pk", filter=rule) for name, rule in CREW.items()},
        **{
            f"target_{t}": Count("pk", filter=Q(targets__contains=[t]))
            for t in Target.values
        },
        **{f"outcome_{o}": Count("pk", filter=Q(outcome=o)) for o in Outcome.values},
        **{
            f"foiled_{f}": Count(
                "pk", filter=Q(outcome=Outcome.UNSUCCESSFUL, foiled_by__contains=[f])
            )
            for f in FoiledBy.values
        },
    }  # fmt: skip
    row = counted.aggregate(**aggregates)
    months = dict(
        counted.annotate(month=TruncMonth("occurred_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    times = list(
        counted.filter(occurred_time__isnull=False)
        .values_list("occurred_time", flat=True)
        .distinct()
    )
    window = time_window(times)
    outcome = {
        "successful": row[f"outcome_{Outcome.SUCCESSFUL}"],
        "unsuccessful": row[f"outcome_{Outcome.UNSUCCESSFUL}"],
    }
    if row[f"outcome_{Outcome.UNKNOWN}"]:
        outcome["unknown"] = row[f"outcome_{Outcome.UNKNOWN}"]
    outcome["foiled_by"] = _nonzero({f: row[f"foiled_{f}"] for f in FoiledBy.values})
    return {
        "incidents": row["incidents"],
        "weekdays": {day: row[f"weekday_{n}"] for n, day in enumerate(WEEKDAYS)},
        "hours": [row[f"hour_{h}"] for h in range(24)],
        "time_window": window.as_dict() if window else None,
        "perpetrators": {
            "min": row["perpetrators_min"],
            "max": row["perpetrators_max"],
            "median": _number(row["perpetrators_median"]),
            "known": row["perpetrators_known"],
        },
        "weapons": _nonzero({w: row[f"weapon_{w}"] for w in Weapon.values}),
        "crew": {name: row[f"crew_{name}"] for name in CREW},
        "targets": _nonzero({t: row[f"target_{t}"] for t in Target.values}),
        "outcome": outcome,
        "months": _months(
            {(m.date() if isinstance(m, dt.datetime) else m): n for m, n in months.items()},
            since,
            until,
        ),
    }
