"""The trends' counted cells: kept exact by the trigger through reports, changes, retractions
and deletes; recounted after a bulk load; and a trend added up from them (plus the granted
incidents and the days of months a period does not hold whole) equal, figure for figure, to
the same trend counted from the incidents, for every role and every kind of period."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Q, Sum
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from csoa.dev.generate import seed_incidents
from incidents import selectors as incident_selectors
from incidents.models import Incident
from incidents.selectors import in_statistics
from incidents.services import incident_change, incidents_set_status
from reports import selectors, trendcells
from reports.analysis import trend
from reports.models import PortMonth, TrendCell
from reports.summary import BOARDED, TOP_PORTS, headline_figures, regional_summary
from tests.conftest import ROLES
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db


def cells(**filters):
    return TrendCell.objects.filter(**filters)


def test_the_trigger_keeps_the_cells_exact_through_reports_changes_and_deletes(cast):
    first = report(cast, occurred_time=dt.time(2, 59), perpetrators=3, crew_on_board=19)
    second = report(cast, occurred_time=dt.time(2, 59), perpetrators=5, weapons=["guns"])
    report(cast, tlp="red")  # never counted in cells
    report(cast, tlp="amber", occurred_time=None, perpetrators=None)
    assert trendcells.differences() == 0
    green = cells(tlp="green").get()
    assert green.incidents == 2 and green.minutes == {2 * 60 + 59}
    assert green.perpetrators == {"3": 1, "5": 1}
    assert green.weekdays == [0, 0, 0, 0, 2, 0, 0]  # 8 March 2019 was a Friday
    assert green.crew_on_board == 19 and green.countries == {"NG": 2}
    assert cells(tlp="amber").get().organisation_id == cast.org_a.pk
    assert not cells(tlp="red").exists()
    assert PortMonth.objects.get(tlp="green").incidents == 2

    # Another incident still happened at 02:59: the minute stays; then it goes.
    incident_change(incident=first, actor=cast.editor, reason="Log", occurred_time=dt.time(4, 0))
    assert cells(tlp="green").get().minutes == {2 * 60 + 59, 4 * 60}
    assert cells(tlp="green").get().minute_counts == {"179": 1, "240": 1}
    incident_change(incident=second, actor=cast.editor, reason="Log", occurred_time=dt.time(4, 0))
    assert cells(tlp="green").get().minutes == {4 * 60}
    assert trendcells.differences() == 0

    # An editor's grading moves the incident between the cells' grades.
    incident_change(incident=first, actor=cast.editor, reason="Graded", source_reliability="B")
    assert trendcells.differences() == 0
    member_b = cast.viewer("member_b")
    march = {"region": "west_africa", "since": "2019-03-01", "until": "2019-03-31"}
    figures = selectors.trend_of(member_b, _filter(member_b, march))
    assert figures["grades"] == {"B": 1, "ungraded": 1}

    incident_change(incident=first, actor=cast.editor, reason="Known", category="attempted")
    incident_change(
        incident=second, actor=cast.editor, reason="Later", occurred_on=dt.date(2019, 4, 2)
    )
    assert trendcells.differences() == 0
    assert cells(month=dt.date(2019, 4, 1)).get().incidents == 1

    incidents_set_status(
        actor=cast.editor, incident_ids=[first.pk], status="retracted", reason="Hoax"
    )
    assert not cells(category="attempted").exists()  # retracted reports never count
    Incident.objects.unrestricted().filter(pk=second.pk).delete()
    assert trendcells.differences() == 0
    assert not cells(tlp="green").exists() and not PortMonth.objects.filter(tlp="green").exists()


def test_a_bulk_load_recounts_the_cells_once_at_the_end(cast):
    seed_incidents(300, seed=3, batch=120)
    assert trendcells.differences() == 0
    counted = Incident.objects.unrestricted().exclude(tlp="red").exclude(status="retracted")
    assert sum(cells().values_list("incidents", flat=True)) == counted.count() > 0


def test_the_check_finds_a_drift_and_the_rebuild_mends_it(cast):
    report(cast)
    call_command("counted_cells", "--check")
    with connection.cursor() as cursor:  # a write made with the triggers off
        cursor.execute("SET csoa.bulk_load = 'on'")
        cursor.execute("UPDATE incidents_incident SET perpetrators = 9")
        cursor.execute("RESET csoa.bulk_load")
    with pytest.raises(CommandError, match="1 of the trends cells differ"):
        call_command("counted_cells", "--check")
    call_command("counted_cells", "--rebuild")
    call_command("counted_cells", "--check")
    assert cells().get().perpetrators == {"9": 1}


@pytest.fixture
def history(cast):
    """Generated history, and around it what only some may see: AMBER shared with Bravo,
    AMBER+STRICT, RED addressed to a member of Bravo, and a retracted report."""
    seed_incidents(1500, seed=5)
    shared = report(cast, tlp="amber", occurred_on=dt.date(2021, 3, 14))
    shared.shared_with_organisations.set([cast.org_b])
    report(cast, reporter=cast.member_b, tlp="amber_strict", occurred_on=dt.date(2021, 3, 1))
    secret = report(cast, tlp="red", occurred_on=dt.date(2021, 3, 31), occurred_time=dt.time(13))
    secret.recipients.set([cast.member_b])
    report(cast, tlp="red", occurred_on=dt.date(2021, 4, 2), perpetrators=44)
    hoax = report(cast, occurred_on=dt.date(2021, 3, 20), perpetrators=30)
    incidents_set_status(actor=cast.editor, incident_ids=[hoax.pk], status="retracted", reason="x")
    return {"shared": shared}


QUERIES = [
    {},
    {"region": "west_africa"},
    {"region": "west_africa", "since": "2021-03-01", "until": "2021-03-31"},  # one whole month
    {"region": "west_africa", "since": "2020-11-17", "until": "2022-02-03"},  # ragged ends
    {"region": "west_africa", "since": "2021-03-05", "until": "2021-03-25"},  # within a month
    {"region": "west_africa,south_east_asia", "since": "2019-06-30"},
    {"until": "2021-03-31"},
    {"category": "boarded,attempted", "tlp": "green,amber", "since": "2018-02-01"},
]


def _filter(viewer, query: dict):
    filterset = selectors.trend_filter(viewer, QueryDict(urlencode(query)))
    assert filterset.is_valid(), filterset.errors
    return filterset


def _cells_read(queries) -> bool:
    return any("incidents_trendcell" in q["sql"] for q in queries)


@pytest.mark.parametrize("role", ROLES)
def test_a_trend_from_the_cells_equals_the_trend_counted_from_the_incidents(cast, history, role):
    viewer = cast.viewer(role)
    for query in QUERIES:
        filterset = _filter(viewer, query)
        since, until = filterset.period
        with CaptureQueriesContext(connection) as queries:
            from_cells = selectors.trend_of(viewer, filterset)
        assert _cells_read(queries) == (query.get("since") != "2021-03-05"), query
        assert from_cells == trend(filterset.qs, since=since, until=until), (role, query)
        if role in ("member_b", "staff") and query.get("region") == "west_africa":
            assert from_cells["incidents"] > 0


def test_the_granted_incidents_are_counted_once(cast, history):
    """Beyond the marking rule, Bravo sees the AMBER Alpha shared with it, and Bravo's
    member the RED addressed to them: both in March 2021, a month the period holds whole."""
    march = {"region": "west_africa", "since": "2021-03-01", "until": "2021-03-31"}

    def counted(role):
        viewer = cast.viewer(role)
        return selectors.trend_of(viewer, _filter(viewer, march))

    member, admin = counted("member_b"), counted("admin_b")
    assert member["incidents"] - admin["incidents"] == 1  # the RED
    assert member["hours"][13] - admin["hours"][13] == 1
    history["shared"].shared_with_organisations.clear()
    assert admin["incidents"] - counted("admin_b")["incidents"] == 1  # the shared AMBER


def test_other_filters_count_from_the_incidents(cast, history):
    viewer = cast.viewer("member_a")
    for query in ({"port": "NGLOS"}, {"status": "verified"}, {"q": "robbers"},
                  {"latitude": "6.3", "longitude": "3.3", "radius_nm": "50"}):  # fmt: skip
        filterset = _filter(viewer, {"region": "west_africa", **query})
        with CaptureQueriesContext(connection) as queries:
            figures = selectors.trend_of(viewer, filterset)
        assert not _cells_read(queries), query
        assert figures == trend(filterset.qs)


@pytest.mark.parametrize("role", ROLES)
def test_the_regional_summary_from_the_cells_equals_a_count_of_the_incidents(cast, history, role):
    viewer = cast.viewer(role)
    today = dt.date(2021, 3, 20)  # within March: the shared AMBER before, the RED after
    summary = regional_summary(viewer, today=today)
    seen = in_statistics(incident_selectors.incidents(viewer))
    expected = {}
    for code in {*seen.filter(occurred_on__year__in=[2020, 2021]).values_list("region", flat=True)}:
        here = seen.filter(region=code)

        def per_month(y, rows=here):
            return [rows.filter(occurred_on__year=y, occurred_on__month=m).count()
                    for m in range(1, 13)]  # fmt: skip

        expected[code] = {
            "this_year": per_month(2021),
            "last_year": per_month(2020),
            "to_date": here.filter(occurred_on__range=("2021-01-01", today)).count(),
            "to_date_last_year": here.filter(occurred_on__range=("2020-01-01", "2020-03-20"))
            .count(),
        }  # fmt: skip
    kept = ("this_year", "last_year", "to_date", "to_date_last_year")
    got = {row["region"]: {k: row[k] for k in kept} for row in summary["regions"]}
    assert got == expected
    ports = seen.filter(occurred_on__year=2021, port__isnull=False).values_list("port__code")
    top = sorted(((n, code) for code, n in ports.annotate(n=Count("pk"))), key=lambda p: -p[0])
    assert [p["this_year"] for p in summary["ports"]] == [n for n, _code in top][:TOP_PORTS]
    assert {p["port__code"] for p in summary["ports"]} <= {code for _n, code in top}


@pytest.mark.parametrize("role", ROLES)
def test_the_headline_figures_from_the_cells_equal_a_count_of_the_incidents(cast, history, role):
    viewer = cast.viewer(role)
    today = dt.date(2022, 3, 20)  # three years from 21 March 2019: ragged at both ends
    for region in ("", "west_africa"):
        figures = headline_figures(viewer, region=region, today=today)
        seen = in_statistics(incident_selectors.incidents(viewer)).filter(
            occurred_on__range=(dt.date(2019, 3, 21), today),
            **({"region": region} if region else {}),
        )
        boarded = Q(category__in=BOARDED)
        expected = seen.aggregate(
            incidents=Count("pk"),
            countries=Count("country", distinct=True, filter=~Q(country="")),
            criminals=Sum("perpetrators", default=0),
            boarded=Count("pk", filter=boarded),
            crew_affected=Sum("crew_on_board", filter=boarded, default=0),
        )
        assert {k: figures[k] for k in expected} == expected, (role, region)
        assert expected["incidents"] > 0 and expected["crew_affected"] > 0
