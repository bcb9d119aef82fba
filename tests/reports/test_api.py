"""GET /api/v1/trends/: the founding study's ten incidents give back exactly the study's
figures; only what the caller may see counts, never a retracted incident; bad parameters are
refused; and on generated history every figure matches a count made directly in SQL."""

import datetime as dt

import pytest
from django.db import connection

from csoa.dev.generate import seed_incidents
from incidents.models import Incident
from incidents.services import incidents_set_status
from reports.analysis import time_window
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db

STUDY_QUERY = "?port=NGLOS-ANCH&since=2019-01-01&until=2019-12-31"

# The study: "a total of 10 reported incidents over one year: 7 of the incidents on Friday
# and Saturday; all the incidents between 23.45 and 04.15; robbers number between 3 and 10
# men; in 7 incidents the duty ABs were tied up and in 2 cases actually assaulted; in 4
# incidents robbers carried knives and in 1 case a gun; 9 of the targets were the
# forecastle locker, 1 the bosun locker; only 2 attempts were unsuccessful, both thanks to
# the alert crew spotting the robbers."
# Each row: date (2019), local time, robbers, weapons, tied up, assaulted, target, foiled.
STUDY = [
    ("01-04", "23:45", 3, ["knives"], True, True, "forecastle_store", False),  # Friday
    ("02-09", "01:10", 10, ["knives", "guns"], True, False, "forecastle_store", False),  # Sat
    ("03-08", "02:59", 5, ["knives"], True, True, "forecastle_store", False),  # Friday
    ("04-13", "03:20", 6, [], True, False, "forecastle_store", True),  # Saturday
    ("05-10", "04:15", 4, ["knives"], True, False, "bosun_store", False),  # Friday
    ("06-15", "00:30", 5, [], True, False, "forecastle_store", False),  # Saturday
    ("07-12", "02:00", 8, [], True, False, "forecastle_store", True),  # Friday
    ("08-13", "01:45", 9, [], False, False, "forecastle_store", False),  # Tuesday
    ("09-11", "03:05", 5, [], False, False, "forecastle_store", False),  # Wednesday
    ("10-17", "23:55", 6, [], False, False, "forecastle_store", False),  # Thursday
]

STUDY_FIGURES = {
    "incidents": 10,
    "weekdays": {"monday": 0, "tuesday": 1, "wednesday": 1, "thursday": 1, "friday": 4,
                 "saturday": 3, "sunday": 0},
    "hours": [1, 2, 2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
    "time_window": {"start": "23:45", "end": "04:15"},
    "perpetrators": {"min": 3, "max": 10, "median": 5.5, "known": 10},
    "weapons": {"knives": 4, "guns": 1},
    "crew": {"restrained": 7, "assaulted": 2, "injured": 0, "kidnapped": 0, "killed": 0},
    "targets": {"forecastle_store": 9, "bosun_store": 1},
    "outcome": {"successful": 8, "unsuccessful": 2, "foiled_by": {"crew_alert": 2}},
    "grades": {"ungraded": 10},  # members' reports, not yet graded by an editor
    "months": [{"month": f"2019-{m:02d}", "incidents": 1 if m <= 10 else 0}
               for m in range(1, 13)],
}  # fmt: skip


def study(cast) -> list[Incident]:
    made = []
    for day, time, robbers, weapons, tied, assaulted, target, foiled in STUDY:
        made.append(
            report(
                cast,
                occurred_on=dt.date.fromisoformat(f"2019-{day}"),
                occurred_time=dt.time.fromisoformat(time),
                latitude=6.30,
                longitude=3.33,
                perpetrators=robbers,
                weapons=weapons,
                crew_restrained=tied,
                crew_assaulted=assaulted,
                targets=[target],
                outcome="unsuccessful" if foiled else "successful",
                foiled_by=["crew_alert"] if foiled else [],
                category="attempted" if foiled else "boarded",
            )
        )
    return made


@pytest.fixture
def studied(cast):
    incidents = study(cast)
    # Around the study, what must not count: a retracted report at the anchorage, one of
    # the year after, one at Lagos's port (not its anchorage), and one marked RED.
    retracted = report(cast, occurred_on=dt.date(2019, 5, 5), perpetrators=40)
    incidents_set_status(
        actor=cast.editor, incident_ids=[retracted.pk], status="retracted", reason="Hoax"
    )
    report(cast, occurred_on=dt.date(2020, 1, 3))
    report(cast, occurred_on=dt.date(2019, 6, 6), latitude=6.438, longitude=3.37)
    report(cast, occurred_on=dt.date(2019, 6, 7), occurred_time=dt.time(12, 0), tlp="red")
    return incidents


def trend(client, query: str = STUDY_QUERY, status: int = 200) -> dict:
    response = client.get("/api/v1/trends/" + query)
    assert response.status_code == status, response.content
    return response.json()


def test_the_study_gives_back_exactly_the_studys_figures(client, cast, studied):
    client.force_login(cast.member_b)
    assert trend(client) == STUDY_FIGURES


def test_the_same_circle_gives_the_same_figures(client, cast, studied):
    client.force_login(cast.member_b)
    circle = trend(client, "?latitude=6.3&longitude=3.33&radius_nm=5&since=2019-01-01"
                           "&until=2019-12-31")  # fmt: skip
    assert circle == STUDY_FIGURES


def test_only_what_the_caller_may_see_counts(client, cast, studied):
    client.force_login(cast.member_a)  # the author sees the RED report as well
    mine = trend(client)
    assert mine["incidents"] == 11 and mine["hours"][12] == 1
    assert mine["time_window"] == {"start": "23:45", "end": "12:00"}
    anonymous = client.__class__()
    assert trend(anonymous)["incidents"] == 0  # GREEN reports: members only


def test_the_port_code_alone_takes_the_port_and_its_anchorage(client, cast, studied):
    client.force_login(cast.member_b)
    assert trend(client, "?port=NGLOS&since=2019-01-01&until=2019-12-31")["incidents"] == 11
    assert trend(client, "?region=west_africa")["incidents"] == 12
    narrowed = trend(client, STUDY_QUERY + "&category=attempted")
    assert narrowed["incidents"] == 2 and narrowed["outcome"]["foiled_by"] == {"crew_alert": 2}


def test_an_unknown_time_counts_everywhere_but_the_hours(client, cast):
    report(cast, occurred_on=dt.date(2019, 3, 8), occurred_time=None, perpetrators=None,
           weapons=[], outcome="unknown")  # fmt: skip
    report(cast, occurred_on=dt.date(2019, 3, 9), occurred_time=dt.time(1, 30))
    client.force_login(cast.member_b)
    figures = trend(client)
    assert figures["incidents"] == 2
    assert figures["weekdays"]["friday"] == 1 and figures["weekdays"]["saturday"] == 1
    assert sum(figures["hours"]) == 1 and figures["hours"][1] == 1
    assert figures["time_window"] == {"start": "01:30", "end": "01:30"}
    assert figures["perpetrators"] == {"min": 3, "max": 3, "median": 3, "known": 1}
    assert figures["outcome"] == {"successful": 0, "unsuccessful": 0, "unknown": 2,
                                  "foiled_by": {}}  # fmt: skip


def test_no_incidents_give_empty_figures(client, cast):
    figures = trend(client, "?region=caribbean&since=2024-11-15&until=2025-01-02")
    assert figures["incidents"] == 0 and figures["time_window"] is None
    assert figures["perpetrators"] == {"min": None, "max": None, "median": None, "known": 0}
    assert figures["months"] == [{"month": m, "incidents": 0}
                                 for m in ("2024-11", "2024-12", "2025-01")]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?port=ZZZZZ", "port"),
        ("?port=NGLOS,XXLOL", "port"),
        ("?latitude=6.3", "__all__"),
        ("?longitude=3.3", "__all__"),
        ("?latitude=91&longitude=3", "latitude"),
        ("?latitude=6&longitude=-181", "longitude"),
        ("?latitude=6&longitude=3&radius_nm=5000", "radius_nm"),
        ("?latitude=6&longitude=3&radius_nm=-1", "radius_nm"),
        ("?radius_nm=10", "radius_nm"),
        ("?since=2019-13-01", "since"),
        ("?until=yesterday", "until"),
        ("?region=atlantis", "region"),
        ("?latitude=nan&longitude=3", "latitude"),
        ("?since=2020-01-01&until=2019-12-31", "until"),
    ],
)
def test_bad_parameters_are_refused_with_the_reason(client, query, field):
    errors = trend(client, query, status=400)
    assert field in errors


@pytest.mark.parametrize(
    ("times", "window"),
    [
        (["23:45", "04:15", "01:00", "02:59"], ("23:45", "04:15")),
        (["01:00", "02:00", "03:00"], ("01:00", "03:00")),
        (["22:00", "02:00", "13:00"], ("13:00", "02:00")),
        (["12:00"], ("12:00", "12:00")),
        (["00:00", "23:59"], ("23:59", "00:00")),
        ([], None),
    ],
)
def test_the_shortest_window_may_cross_midnight(times, window):
    found = time_window([dt.time.fromisoformat(t) for t in times])
    assert (None if found is None else tuple(found.as_dict().values())) == window


def _sql(sql: str, params: list):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.mark.parametrize(
    ("place", "since", "until"),
    [("port=NGLOS-ANCH", "2013-01-01", "2026-12-31"),
     ("port=IDDUM-ANCH", "2018-01-01", "2020-06-30"),
     ("port=SGSIN", "2015-03-01", "2023-02-28"), ("port=PECLL", "2020-01-01", "2020-12-31"),
     # Regions are added up from the counted cells: whole months, and ragged ends.
     ("region=west_africa", "2013-01-01", "2026-12-31"),
     ("region=south_east_asia", "2016-02-17", "2022-11-03")],
)  # fmt: skip
def test_the_figures_match_a_direct_count_in_sql(client, cast, place, since, until):
    seed_incidents(3000, seed=7)
    client.force_login(cast.staff)
    figures = trend(client, f"?{place}&since={since}&until={until}")
    kind, code = place.split("=")
    at, at_params = {"port": ("(p.code = %s OR p.locode = %s)", [code, code]),
                     "region": ("i.region = %s", [code])}[kind]  # fmt: skip
    where = (
        f"FROM incidents_incident i LEFT JOIN incidents_port p ON p.id = i.port_id WHERE {at} "
        "AND i.occurred_on BETWEEN %s AND %s AND i.status <> 'retracted'"
    )
    params = [*at_params, since, until]
    assert figures["incidents"] == _sql(f"SELECT count(*) {where}", params)[0][0]
    assert figures["incidents"] > 0
    days = dict(_sql(f"SELECT extract(isodow FROM occurred_on)::int, count(*) {where} "
                     "GROUP BY 1", params))  # fmt: skip
    assert list(figures["weekdays"].values()) == [days.get(n, 0) for n in range(1, 8)]
    hours = dict(_sql(f"SELECT extract(hour FROM occurred_time)::int, count(*) {where} "
                      "AND occurred_time IS NOT NULL GROUP BY 1", params))  # fmt: skip
    assert figures["hours"] == [hours.get(h, 0) for h in range(24)]
    low, high, median, known = _sql(
        "SELECT min(perpetrators), max(perpetrators), percentile_cont(0.5) WITHIN GROUP "
        f"(ORDER BY perpetrators), count(perpetrators) {where}", params
    )[0]  # fmt: skip
    assert figures["perpetrators"] == {
        "min": low, "max": high, "median": None if median is None else pytest.approx(median),
        "known": known,
    }  # fmt: skip
    unnest = (
        "{} FROM incidents_incident i CROSS JOIN unnest(i.{}) x LEFT JOIN"
        + where.split("LEFT JOIN")[1]
    )
    weapons = dict(_sql(unnest.format("SELECT x, count(*)", "weapons") + " GROUP BY 1", params))
    assert figures["weapons"] == weapons
    targets = dict(_sql(unnest.format("SELECT x, count(*)", "targets") + " GROUP BY 1", params))
    assert figures["targets"] == targets
    crew = _sql(f"SELECT count(*) FILTER (WHERE crew_restrained), count(*) FILTER (WHERE "
                f"crew_assaulted), count(*) FILTER (WHERE crew_injured > 0) {where}",
                params)[0]  # fmt: skip
    assert [figures["crew"][k] for k in ("restrained", "assaulted", "injured")] == list(crew)
    grades = dict(_sql(f"SELECT coalesce(nullif(source_reliability, ''), 'ungraded'), count(*) "
                       f"{where} GROUP BY 1", params))  # fmt: skip
    assert figures["grades"] == grades
    outcomes = dict(_sql(f"SELECT outcome, count(*) {where} GROUP BY 1", params))
    assert figures["outcome"]["successful"] == outcomes.get("successful", 0)
    assert figures["outcome"]["unsuccessful"] == outcomes.get("unsuccessful", 0)
    times = _sql(f"SELECT DISTINCT occurred_time {where} AND occurred_time IS NOT NULL", params)
    window = time_window([t for (t,) in times])
    assert figures["time_window"] == (window.as_dict() if window else None)
    unit = "year" if "years" in figures else "month"  # spans over ten years go by year
    assert (unit == "year") == (int(until[:4]) - int(since[:4]) >= 10)
    pattern = {"year": "YYYY", "month": "YYYY-MM"}[unit]
    series = dict(_sql(f"SELECT to_char(occurred_on, '{pattern}'), count(*) {where} GROUP BY 1",
                       params))  # fmt: skip
    assert {p[unit]: p["incidents"] for p in figures[unit + "s"] if p["incidents"]} == series
