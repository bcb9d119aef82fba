"""Regional figures: the headline figures of the last three years (the home page and each
region's page) and the regional crime summary (incidents per region per month, this year
against last year, and the top ports). Always over what the viewer may see, never retracted
reports, computed live."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear, TruncDate, TruncMonth
from django.utils import timezone

from feeds.models import FeedRun
from incidents import selectors as incident_selectors
from incidents.models import Category, IncidentChange, Port, Status
from kit.geography import Region
from members.access import Viewer, visible
from members.models import Membership

from . import selectors
from .charts import year_against_year
from .models import PortMonth

# The vessel was boarded: the crew on board were at the perpetrators' mercy.
BOARDED = [Category.BOARDED, Category.HIJACKED, Category.SEIZURE, Category.KIDNAPPING]
TOP_PORTS = 10


def _counted(viewer: Viewer, region: str = ""):
    counted = incident_selectors.in_statistics(incident_selectors.incidents(viewer)).order_by()
    return counted.filter(region=region) if region else counted


def _years_ago(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


HEADLINE_CACHE_SECONDS = 300


def headline_figures(viewer: Viewer, *, region: str = "", today: dt.date | None = None) -> dict:
    """Over the last three years: the countries where criminals were active, the number of
    criminals (the sum of the perpetrators reported), the ships boarded and the crew on
    board of those ships. Many incidents go unreported: these are the least that happened.

    The home page and the region pages show them to every visitor. At a million incidents
    they take about 60 ms to add up from the counted cells, several times the rest of the
    home page: each viewer's figures are kept for five minutes (per person, since what each
    may see differs)."""
    if today is not None:
        return _headline_figures(viewer, region=region, today=today)
    key = f"reports:headline:{viewer.cache_key}:{region}:{timezone.now().date()}"
    figures = cache.get(key)
    if figures is None:
        figures = _headline_figures(viewer, region=region, today=timezone.now().date())
        cache.set(key, figures, HEADLINE_CACHE_SECONDS)
    return figures


def _headline_figures(viewer: Viewer, *, region: str, today: dt.date) -> dict:
    """The whole months of the three years from the counted cells (``TrendCell``), the rest
    (the days of the first and last months, the incidents seen by grant) from the
    incidents."""
    since = _years_ago(today, 3)
    first = since + dt.timedelta(days=1)
    period = Q(occurred_on__gte=first, occurred_on__lte=today)
    where = Q(region=region) if region else Q()
    parts = selectors.split(
        viewer,
        since=first,
        until=today,
        rows=_counted(viewer, region).filter(period),
        narrow=lambda rows: incident_selectors.in_statistics(rows).filter(where, period),
        cells_where=where,
    )
    figures, countries = _cells_headline(parts.cells)
    boarded = Q(category__in=BOARDED)
    for rows in parts.rows:
        counted = rows.order_by().aggregate(
            incidents=Count("pk"),
            criminals=Sum("perpetrators", default=0),
            boarded=Count("pk", filter=boarded),
            crew_affected=Sum("crew_on_board", filter=boarded, default=0),
        )
        for name, value in counted.items():
            figures[name] += value
        countries.update(rows.order_by().exclude(country="").values_list("country", flat=True))
    figures["countries"] = len(countries)
    figures["since"], figures["until"] = first, today
    return figures


def _cells_headline(cells) -> tuple[dict, set[str]]:
    boarded = Q(category__in=BOARDED)
    summed = cells.aggregate(  # named apart from the cells' own columns
        all_=Sum("incidents", default=0),
        boarded_=Sum("incidents", filter=boarded, default=0),
        crew_=Sum("crew_on_board", filter=boarded, default=0),
    )
    figures = {
        "incidents": summed["all_"],
        "boarded": summed["boarded_"],
        "crew_affected": summed["crew_"],
    }
    source, params = cells.order_by().values("perpetrators", "countries").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(p.key::integer * p.value::integer), 0) "  # noqa: S608
            f"FROM ({source}) AS c, jsonb_each_text(c.perpetrators) AS p",
            params,
        )
        figures["criminals"] = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT DISTINCT k FROM ({source}) AS c, jsonb_object_keys(c.countries) AS k",  # noqa: S608
            params,
        )
        return figures, {k for (k,) in cursor.fetchall()}


def _change(now: int, before: int) -> int | None:
    """The change in percent, or None when there was nothing before."""
    return round(100 * (now - before) / before) if before else None


def regional_summary(
    viewer: Viewer, *, year: int | None = None, region: str = "", today: dt.date | None = None
) -> dict:
    """Per region, incidents per month of ``year`` and of the year before, the year to date
    against the same days of the year before, and the top ports of ``year``.

    The months come from the counted cells the viewer may see (``TrendCell`` per region,
    ``PortMonth`` per port) plus the incidents seen by grant; the year to date adds, to the
    months before the cutoff's, the days of the cutoff's month counted from the incidents."""
    today = today or timezone.now().date()
    year = year or today.year
    last = year - 1
    # The year to date, when the year is the current one; else the whole year.
    cutoff = today if year == today.year else dt.date(year, 12, 31)
    cutoff_last = _years_ago(cutoff, 1)
    first, end = dt.date(last, 1, 1), dt.date(year, 12, 31)
    days = Q(occurred_on__gte=first, occurred_on__lte=end)
    where = Q(region=region) if region else Q()
    parts = selectors.split(  # two whole years: the rows are the granted incidents alone
        viewer,
        since=first,
        until=end,
        rows=_counted(viewer, region).filter(days),
        narrow=lambda rows: incident_selectors.in_statistics(rows).filter(where, days),
        cells_where=where,
    )
    cells = parts.cells.values_list("region", "month")
    at_port = visible(viewer, PortMonth).filter(where, month__gte=first, month__lte=end)
    at_port = at_port.values_list("port_id", "month")
    per_month = [  # (region or None, port or None, month, incidents)
        *((code, None, month, n) for code, month, n in cells.annotate(n=Sum("incidents"))),
        *((None, pk, month, n) for pk, month, n in at_port.annotate(n=Sum("incidents"))),
    ]
    for rows in parts.rows:
        per_month += (
            rows.order_by()
            .annotate(month=TruncMonth("occurred_on"))
            .values_list("region", "port_id", "month")
            .annotate(n=Count("pk"))
        )
    labels = dict(Region.choices)
    regions: dict[str, dict] = {}
    at_ports: dict[int, list[int]] = {}  # port: [this year, last year]
    for code, port_id, month, n in per_month:
        this = month.year == year
        if code is not None:
            entry = regions.setdefault(code, {"this": [0] * 12, "last": [0] * 12})
            entry["this" if this else "last"][month.month - 1] += n
        if port_id is not None:
            at_ports.setdefault(port_id, [0, 0])[0 if this else 1] += n
    # The days of the cutoff's month up to the cutoff, this year and last.
    partial = {
        (code, y): n
        for code, y, n in _counted(viewer, region)
        .filter(
            Q(occurred_on__gte=cutoff.replace(day=1), occurred_on__lte=cutoff)
            | Q(occurred_on__gte=cutoff_last.replace(day=1), occurred_on__lte=cutoff_last)
        )
        .annotate(y=ExtractYear("occurred_on"))
        .values_list("region", "y")
        .annotate(n=Count("pk"))
    }
    rows = []
    for code in Region.values:
        if code not in regions:
            continue
        entry = regions[code]
        this_total = sum(entry["this"][: cutoff.month - 1]) + partial.get((code, year), 0)
        last_total = sum(entry["last"][: cutoff_last.month - 1]) + partial.get((code, last), 0)
        rows.append(
            {
                "region": code,
                "label": labels[code],
                "this_year": entry["this"],
                "last_year": entry["last"],
                "to_date": this_total,
                "to_date_last_year": last_total,
                "last_year_total": sum(entry["last"]),
                "change": _change(this_total, last_total),
            }
        )
    places = Port.objects.in_bulk([pk for pk, (this, _last) in at_ports.items() if this])
    ports = sorted(
        (
            {
                "port__code": place.code,
                "port__name": place.name,
                "region": place.region,
                "this_year": at_ports[pk][0],
                "last_year": at_ports[pk][1],
            }
            for pk, place in places.items()
        ),
        key=lambda p: (-p["this_year"], p["port__name"]),
    )[:TOP_PORTS]
    return {
        "year": year,
        "last_year": last,
        "cutoff": cutoff,
        "cutoff_last_year": cutoff_last,
        "months_shown": cutoff.month,
        "regions": rows,
        "ports": ports,
        "total_to_date": sum(r["to_date"] for r in rows),
        "total_to_date_last_year": sum(r["to_date_last_year"] for r in rows),
    }


def daily_statistics(viewer: Viewer, *, days: int = 30, today: dt.date | None = None) -> list:
    """For staff, day by day (UTC), newest first: incidents recorded, verifications,
    applications and approvals, and feed runs (and how many failed)."""

    today = today or timezone.now().date()
    start = today - dt.timedelta(days=days - 1)
    since = dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC)

    def per_day(queryset, field: str, **counts) -> dict:
        rows = (
            queryset.filter(**{f"{field}__gte": since})
            .annotate(day=TruncDate(field, tzinfo=dt.UTC))
            .values("day")
            .annotate(**(counts or {"n": Count("pk")}))
            .order_by()
        )
        return {row.pop("day"): row for row in rows}

    verified = [{"field": "status", "new": s} for s in (Status.VERIFIED, Status.CONFIRMED)]
    columns = {
        "incidents": per_day(incident_selectors.incidents(viewer).order_by(), "created_at"),
        "verifications": per_day(
            visible(viewer, IncidentChange).filter(
                Q(changes__contains=[verified[0]]) | Q(changes__contains=[verified[1]])
            ),
            "changed_at",
        ),
        "applications": per_day(visible(viewer, Membership), "created_at"),
        "approvals": per_day(
            visible(viewer, Membership).filter(status=Membership.Status.APPROVED), "decided_at"
        ),
        "feed_runs": per_day(
            visible(viewer, FeedRun),
            "started_at",
            n=Count("pk"),
            failed=Count("pk", filter=Q(state=FeedRun.State.FAILED)),
            new=Sum("new"),
        ),
    }
    table = []
    for offset in range(days):
        day = today - dt.timedelta(days=offset)
        runs = columns["feed_runs"].get(day, {})
        table.append(
            {
                "day": day,
                **{name: columns[name].get(day, {}).get("n", 0) for name in columns},
                "feed_runs_failed": runs.get("failed", 0),
                "feed_items_new": runs.get("new") or 0,
            }
        )
    return table


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def summary_context(viewer: Viewer, year: int, region: str = "") -> dict:
    """The summary of a year (one region, or all), with its chart, for the page and PDF."""
    summary = regional_summary(viewer, year=year, region=region)
    rows = summary["regions"]
    drawn = []
    if rows and not region:
        drawn.append(
            year_against_year(
                "regions",
                f"Incidents to {summary['cutoff']:%-d %B}, by region",
                [r["label"] for r in rows],
                [r["to_date"] for r in rows],
                [r["to_date_last_year"] for r in rows],
                (year, year - 1),
                horizontal=True,
            )
        )
    for row in rows if region else []:
        drawn.append(
            year_against_year(
                "months",
                "Incidents by month",
                MONTHS,
                row["this_year"],
                row["last_year"],
                (year, year - 1),
            )
        )
    return {
        "summary": summary,
        "charts": drawn,
        "region": region,
        "months": MONTHS,
        "region_label": dict(Region.choices).get(region, ""),
    }
