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
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet

from incidents.models import FoiledBy, Incident, Outcome, Target, Weapon
from incidents.selectors import in_statistics

from .models import TrendCell
from .trendcells import CREW, FACTS, GRADES, MINUTES_A_DAY, OUTCOMES, fact_sql

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


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
    return _window({t.hour * 60 + t.minute for t in times})


def _window(minutes_of_day: set[int]) -> TimeWindow | None:
    minutes = sorted(minutes_of_day)
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


# A series longer than this many months is given by year: a chart of centuries of months
# says nothing, and its answer would weigh megabytes.
MONTHS_IN_A_SERIES = 120


def _series(rows: dict[dt.date, int], since: dt.date | None, until: dt.date | None) -> dict:
    """Every month from the period's first to its last (or the incidents' first and last
    when the period is open), the months without incidents as zero: ``{"months": [...]}``;
    for a span of more than ten years, every year instead: ``{"years": [...]}``."""
    first = since or (min(rows) if rows else None)
    last = until or (max(rows) if rows else None)
    if first is None or last is None or first > last:
        return {"months": []}
    if (last.year - first.year) * 12 + last.month - first.month >= MONTHS_IN_A_SERIES:
        years: dict[int, int] = {}
        for month, n in rows.items():
            years[month.year] = years.get(month.year, 0) + n
        return {
            "years": [
                {"year": str(year), "incidents": years.get(year, 0)}
                for year in range(first.year, last.year + 1)
            ]
        }
    month, series = first.replace(day=1), []
    while month <= last:
        series.append({"month": f"{month:%Y-%m}", "incidents": rows.get(month, 0)})
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return {"months": series}


FACT_NAMES = [name for name, _sql in FACTS]


@dataclass
class Tally:
    """What a trend adds up, from the incidents themselves or from counted cells: two
    tallies of disjoint sets of incidents add up to the tally of both."""

    weekdays: list[int] = field(default_factory=lambda: [0] * 7)
    hours: list[int] = field(default_factory=lambda: [0] * 24)
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    people: dict[int, int] = field(default_factory=dict)  # perpetrators: incidents
    facts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FACT_NAMES, 0))
    months: dict[dt.date, int] = field(default_factory=dict)
    minutes: set[int] = field(default_factory=set)  # the minutes of the day with incidents

    def __add__(self, other: Tally) -> Tally:
        total = Tally(
            weekdays=[a + b for a, b in zip(self.weekdays, other.weekdays, strict=True)],
            hours=[a + b for a, b in zip(self.hours, other.hours, strict=True)],
            minutes=self.minutes | other.minutes,
        )
        for mine, theirs, into in (
            (self.outcomes, other.outcomes, total.outcomes),
            (self.people, other.people, total.people),
            (self.facts, other.facts, total.facts),
            (self.months, other.months, total.months),
        ):
            for key in {*mine, *theirs}:
                into[key] = mine.get(key, 0) + theirs.get(key, 0)
        return total


# Two passes over the incidents: one grouped by (weekday, hour, outcome, perpetrators), in
# which the per-incident facts are counted and then summed here; one grouped by month (the
# series) and by minute of the day (the time window), counting only.
_FACTS_SQL = """
SELECT t.dow, t.hour, t.outcome, t.perpetrators, count(*), {facts}
FROM (SELECT extract(isodow FROM i.occurred_on)::int AS dow,
             extract(hour FROM i.occurred_time)::int AS hour,
             i.outcome, i.perpetrators, i.crew_restrained, i.crew_assaulted, i.crew_injured,
             i.crew_kidnapped, i.crew_killed, i.weapons, i.targets, i.foiled_by,
             i.source_reliability
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
COLUMNS = (
    "occurred_on",
    "occurred_time",
    "outcome",
    "perpetrators",
    "crew_restrained",
    "crew_assaulted",
    "crew_injured",
    "crew_kidnapped",
    "crew_killed",
    "weapons",
    "targets",
    "foiled_by",
    "source_reliability",
)


def scan(source: str, params) -> Tally:
    """Tally the incidents of ``source``, SQL giving rows of ``COLUMNS`` (the access policy's
    and the filters' conditions are its own, as the ORM writes them), in two passes."""
    facts = ", ".join(f"count(*) FILTER (WHERE {sql})" for sql in fact_sql("t."))
    tally = Tally()
    with connection.cursor() as cursor:
        cursor.execute(_FACTS_SQL.format(facts=facts, source=source), params)
        for dow, hour, outcome, people_n, n, *row in cursor:
            tally.weekdays[dow - 1] += n
            if hour is not None:
                tally.hours[hour] += n
            tally.outcomes[outcome] += n
            if people_n is not None:
                tally.people[people_n] = tally.people.get(people_n, 0) + n
            for name, value in zip(FACT_NAMES, row, strict=True):
                tally.facts[name] += value
        cursor.execute(_WHEN_SQL.format(source=source), params)
        for by_month, month, minute, n in cursor:
            if by_month:
                tally.months[month] = n
            elif minute is not None:
                tally.minutes.add(minute)
    return tally


def counted(*incidents: QuerySet[Incident]) -> tuple[str, list]:
    """The SQL of the incidents that count in a trend, as ``scan`` reads it: of one
    queryset, or of several disjoint ones as one (UNION ALL)."""
    first, *rest = [in_statistics(rows).order_by().values(*COLUMNS) for rows in incidents]
    rows = first.union(*rest, all=True) if rest else first
    source, params = rows.query.sql_with_params()
    return source, list(params)


def _sums(column: str, size: int) -> str:
    return ", ".join(f"sum(c.{column}[{n}])" for n in range(1, size + 1))


def from_cells(cells: QuerySet[TrendCell]) -> Tally:
    """Tally counted cells (already narrowed to what the viewer may see, the place, the
    categories and the whole months): per month, then the perpetrators' histogram."""
    source, params = (
        cells.order_by()
        .values(
            "month",
            "incidents",
            "weekdays",
            "hours",
            "outcomes",
            "facts",
            "perpetrators",
            "minutes",
        )
        .query.sql_with_params()
    )
    sums = ", ".join(
        [
            _sums("weekdays", 7),
            _sums("hours", 24),
            _sums("outcomes", len(OUTCOMES)),
            _sums("facts", len(FACTS)),
        ]
    )
    tally = Tally()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.month, sum(c.incidents), {sums}, bit_or(c.minutes)::text "  # noqa: S608
            f"FROM ({source}) AS c GROUP BY c.month",
            params,
        )
        for month, n, *rest in cursor:
            tally.months[month] = n
            figures, bits = rest[:-1], rest[-1]
            for i, value in enumerate(figures[:7]):
                tally.weekdays[i] += value
            for i, value in enumerate(figures[7:31]):
                tally.hours[i] += value
            outcomes = figures[31 : 31 + len(OUTCOMES)]
            for name, value in zip(OUTCOMES, outcomes, strict=True):
                tally.outcomes[name] += value
            for name, value in zip(FACT_NAMES, figures[31 + len(OUTCOMES) :], strict=True):
                tally.facts[name] += value
            tally.minutes.update(m for m, bit in enumerate(bits) if bit == "1")
        cursor.execute(
            "SELECT p.key::integer, sum(p.value::integer) "  # noqa: S608
            f"FROM ({source}) AS c, jsonb_each_text(c.perpetrators) AS p GROUP BY 1",
            params,
        )
        tally.people = dict(cursor.fetchall())
    return tally


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


def figures(tally: Tally, *, since: dt.date | None = None, until: dt.date | None = None) -> dict:
    """The answer of the trends API, from a tally of the incidents of the period."""
    window = _window(tally.minutes)
    outcomes, facts, people = tally.outcomes, tally.facts, tally.people
    outcome = {
        "successful": outcomes[Outcome.SUCCESSFUL],
        "unsuccessful": outcomes[Outcome.UNSUCCESSFUL],
    }
    if outcomes[Outcome.UNKNOWN]:
        outcome["unknown"] = outcomes[Outcome.UNKNOWN]
    outcome["foiled_by"] = _nonzero({f: facts[f"foiled_{f}"] for f in FoiledBy.values})
    return {
        "incidents": sum(tally.weekdays),
        "weekdays": dict(zip(WEEKDAYS, tally.weekdays, strict=True)),
        "hours": tally.hours,
        "time_window": window.as_dict() if window else None,
        "perpetrators": {
            "min": min(people) if people else None,
            "max": max(people) if people else None,
            "median": _number(_median(people)),
            "known": sum(people.values()),
        },
        "weapons": _nonzero({w: facts[f"weapon_{w}"] for w in Weapon.values}),
        "crew": {name: facts[f"crew_{name}"] for name in CREW},
        "targets": _nonzero({t: facts[f"target_{t}"] for t in Target.values}),
        "outcome": outcome,
        "grades": _nonzero({g or "ungraded": facts[f"grade_{g or 'none'}"] for g in GRADES}),
        **_series(tally.months, since, until),
    }


def trend(
    incidents: QuerySet[Incident], *, since: dt.date | None = None, until: dt.date | None = None
) -> dict:
    """The figures of ``incidents`` (already narrowed to what the viewer may see and to the
    place and period), counted from the incidents themselves."""
    return figures(scan(*counted(incidents)), since=since, until=until)
