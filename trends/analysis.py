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

from django.db import connection
from django.db.models import QuerySet

from incidents.models import FoiledBy, Incident, Outcome, Target, Weapon
from incidents.selectors import in_statistics

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
CREW = {  # what was done to the crew: the condition on an incident, in SQL
    "restrained": "crew_restrained",
    "assaulted": "crew_assaulted",
    "injured": "crew_injured > 0",
    "kidnapped": "crew_kidnapped > 0",
    "killed": "crew_killed > 0",
}
MINUTES_A_DAY = 24 * 60


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


# Two passes over the incidents: one grouped by (weekday, hour, outcome, perpetrators), in
# which the per-incident facts are counted and then summed here; one grouped by month (the
# series) and by minute of the day (the time window), counting only.
_FACTS = [
    *[(f"crew_{name}", sql) for name, sql in CREW.items()],
    *[(f"weapon_{w}", "weapons @> %s::varchar[]") for w in Weapon.values],
    *[(f"target_{t}", "targets @> %s::varchar[]") for t in Target.values],
    *[(f"foiled_{f}", "outcome = 'unsuccessful' AND foiled_by @> %s::varchar[]")
      for f in FoiledBy.values],
]  # fmt: skip
_FACT_PARAMS = (
    [[w] for w in Weapon.values] + [[t] for t in Target.values] + [[f] for f in FoiledBy.values]
)
_FACTS_SQL = """
SELECT t.dow, t.hour, t.outcome, t.perpetrators, count(*), {facts}
FROM (SELECT extract(isodow FROM i.occurred_on)::int AS dow,
             extract(hour FROM i.occurred_time)::int AS hour,
             i.outcome, i.perpetrators, i.crew_restrained, i.crew_assaulted, i.crew_injured,
             i.crew_kidnapped, i.crew_killed, i.weapons, i.targets, i.foiled_by
      FROM ({source}) AS i) AS t
GROUP BY t.dow, t.hour, t.outcome, t.perpetrators
"""
_WHEN_SQL = """
SELECT GROUPING(t.month) = 0, t.month, t.minute, count(*)
FROM (SELECT date_trunc('month', i.occurred_on)::date AS month,
             (extract(hour FROM i.occurred_time) * 60 + extract(minute FROM i.occurred_time))::int
                 AS minute
      FROM ({source}) AS i) AS t
GROUP BY GROUPING SETS ((t.month), (t.minute))
"""


def _median(histogram: dict[int, int]) -> float | None:
    known = sum(histogram.values())
    if not known:
        return None
    values = sorted(histogram)
    middle = [(known - 1) // 2, known // 2]  # the two middle ranks (the same when odd)
    found, seen = [], 0
    for value in values:
        seen += histogram[value]
        while len(found) < 2 and seen > middle[len(found)]:
            found.append(value)
    return sum(found) / 2


def trend(
    incidents: QuerySet[Incident], *, since: dt.date | None = None, until: dt.date | None = None
) -> dict:
    """The figures of ``incidents`` (already narrowed to what the viewer may see and to the
    place and period), in two passes over them: the access policy's and the filters'
    conditions are the inner query's own, as the ORM writes them."""
    counted = in_statistics(incidents).order_by()
    source, params = counted.values(
        "occurred_on", "occurred_time", "outcome", "perpetrators", "crew_restrained",
        "crew_assaulted", "crew_injured", "crew_kidnapped", "crew_killed", "weapons",
        "targets", "foiled_by",
    ).query.sql_with_params()  # fmt: skip
    facts = ", ".join(f"count(*) FILTER (WHERE {sql})" for _name, sql in _FACTS)
    names = [name for name, _sql in _FACTS]
    weekdays, hours = [0] * 7, [0] * 24
    outcomes = dict.fromkeys(Outcome.values, 0)
    people: dict[int, int] = {}
    sums = dict.fromkeys(names, 0)
    months: dict[dt.date, int] = {}
    times = []
    with connection.cursor() as cursor:
        cursor.execute(_FACTS_SQL.format(facts=facts, source=source), [*_FACT_PARAMS, *params])
        for dow, hour, outcome, people_n, n, *row in cursor:
            weekdays[dow - 1] += n
            if hour is not None:
                hours[hour] += n
            outcomes[outcome] += n
            if people_n is not None:
                people[people_n] = people.get(people_n, 0) + n
            for name, value in zip(names, row, strict=True):
                sums[name] += value
        cursor.execute(_WHEN_SQL.format(source=source), params)
        for by_month, month, minute, n in cursor:
            if by_month:
                months[month] = n
            elif minute is not None:
                times.append(dt.time(minute // 60, minute % 60))
    window = time_window(times)
    outcome = {
        "successful": outcomes[Outcome.SUCCESSFUL],
        "unsuccessful": outcomes[Outcome.UNSUCCESSFUL],
    }
    if outcomes[Outcome.UNKNOWN]:
        outcome["unknown"] = outcomes[Outcome.UNKNOWN]
    outcome["foiled_by"] = _nonzero({f: sums[f"foiled_{f}"] for f in FoiledBy.values})
    return {
        "incidents": sum(weekdays),
        "weekdays": dict(zip(WEEKDAYS, weekdays, strict=True)),
        "hours": hours,
        "time_window": window.as_dict() if window else None,
        "perpetrators": {
            "min": min(people) if people else None,
            "max": max(people) if people else None,
            "median": _number(_median(people)),
            "known": sum(people.values()),
        },
        "weapons": _nonzero({w: sums[f"weapon_{w}"] for w in Weapon.values}),
        "crew": {name: sums[f"crew_{name}"] for name in CREW},
        "targets": _nonzero({t: sums[f"target_{t}"] for t in Target.values}),
        "outcome": outcome,
        "months": _months(months, since, until),
    }
