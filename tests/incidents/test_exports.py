"""Exports of the list's incidents as CSV, GeoJSON and KML: streamed when small, written by
the worker when large, always through the access policy, always in the audit log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import timezone

from incidents import exports
from incidents.models import Export, private_storage
from members.models import AuditEvent
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db

KML = "{http://www.opengis.net/kml/2.2}"


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


def csv_rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")  # the byte order mark by which Excel knows UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def listed(client, query: str) -> list[str]:
    page = client.get(f"/incidents/?{query}").content.decode()
    return re.findall(r'href="/incidents/(CSOA-\d{4}-\d{4})/"', page)


@pytest.fixture
def history(cast):
    return [
        report(cast, occurred_on=dt.date(2020, 5, 1), category="boarded", tlp="green"),
        report(cast, occurred_on=dt.date(2021, 6, 2), category="theft", tlp="amber"),
        report(cast, occurred_on=dt.date(2022, 7, 3), category="attempted", tlp="clear"),
        report(cast, occurred_on=dt.date(2023, 8, 4), category="boarded", tlp="amber_strict"),
    ]


@pytest.mark.parametrize("sort", ["", "&sort=category", "&sort=date&dir=asc"])
def test_a_small_csv_streams_the_lists_rows_in_the_lists_order(client, cast, history, sort):
    client.force_login(cast.member_a)
    response = client.get(f"/incidents/export/?format=csv{sort}")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.match(
        r'attachment; filename="csoa-incidents-\d{8}-\d{4}\.csv"', response["Content-Disposition"]
    )
    rows = csv_rows(body(response))
    assert [row["reference"] for row in rows] == listed(client, sort.lstrip("&"))
    assert len(rows) == 4
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor == cast.member_a
    assert event.detail["format"] == "csv" and event.detail["rows"] == 4
    assert event.detail["mode"] == "streamed"


def test_csv_columns_hold_the_facts(client, cast, history):
    client.force_login(cast.member_a)
    rows = csv_rows(body(client.get("/incidents/export/?format=csv&sort=date&dir=asc")))
    first = rows[0]
    assert list(first)[:3] == ["reference", "url", "occurred_on"]
    assert first["reference"] == history[0].reference
    assert first["url"].endswith(f"/incidents/{history[0].reference}/")
    assert first["occurred_on"] == "2020-05-01" and first["occurred_time"] == "02:59"
    assert first["occurred_at_utc"] == "2020-05-01T01:59:00Z"  # Lagos is UTC+1
    assert (first["latitude"], first["longitude"]) == ("6.29", "3.33")
    assert first["weapons"] == "knives" and first["crew_restrained"] == "true"
    assert first["perpetrators"] == "3" and first["crew_injured"] == ""
    assert first["tlp"] == "TLP:GREEN" and rows[3]["tlp"] == "TLP:AMBER+STRICT"


def test_text_that_would_run_as_a_spreadsheet_formula_is_defused(client, cast):
    report(cast, description='=HYPERLINK("http://evil.example","x")', stolen="+cmd|' /C calc'!A0")
    client.force_login(cast.member_a)
    row = csv_rows(body(client.get("/incidents/export/?format=csv")))[0]
    assert row["description"] == "'" + '=HYPERLINK("http://evil.example","x")'
    assert row["stolen"].startswith("'+cmd")
    assert row["latitude"] == "6.29"  # numbers are left alone


def test_geojson_is_a_feature_collection_of_the_same_rows(client, cast, history):
    client.force_login(cast.member_a)
    response = client.get("/incidents/export/?format=geojson&category=boarded")
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(body(response))
    assert data["type"] == "FeatureCollection"
    assert [f["id"] for f in data["features"]] == listed(client, "category=boarded")
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [3.33, 6.29]}
    assert feature["properties"]["weapons"] == ["knives"]
    assert feature["properties"]["crew_restrained"] is True
    assert data["csoa"]["count"] == 2 and data["csoa"]["highest_tlp"] == "TLP:AMBER+STRICT"


def test_kml_is_well_formed_even_with_hostile_text(client, cast):
    hostile = "Robbers <b>boarded</b> & left ]]> \x07\x0b\x1b with stores"
    report(cast, description=hostile, vessel_name='MV "Quote" <Tag>')
    client.force_login(cast.member_a)
    response = client.get("/incidents/export/?format=kml")
    assert response["Content-Type"] == "application/vnd.google-earth.kml+xml"
    root = ET.fromstring(body(response).encode())  # noqa: S314 - our own output
    placemark = root.find(f"{KML}Document/{KML}Placemark")
    assert placemark.find(f"{KML}description").text == (
        "Robbers <b>boarded</b> & left ]]>  with stores"
    )
    assert placemark.find(f"{KML}Point/{KML}coordinates").text == "3.33,6.29"
    data = {d.get("name"): d.find(f"{KML}value").text for d in placemark.iter(f"{KML}Data")}
    assert data["vessel_name"] == 'MV "Quote" <Tag>'


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("format=xls", "Export as one of csv, geojson, kml."),
        ("format=", "Export as one of csv, geojson, kml."),
        ("format=csv&since=yesterday", "Enter a valid date."),
        ("format=csv&sort=price", "Sort by one of date, category, status, region."),
        ("format=csv&category=piracy", "Select a valid choice."),
    ],
)
def test_bad_export_requests_are_refused_and_change_nothing(client, cast, history, query, message):
    client.force_login(cast.member_a)
    response = client.get(f"/incidents/export/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()
    assert not Export.objects.exists()


def test_the_public_exports_only_what_the_public_sees(client, cast, history):
    rows = csv_rows(body(client.get("/incidents/export/?format=csv")))
    assert [row["reference"] for row in rows] == [history[2].reference]
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.actor is None and event.detail["rows"] == 1


def test_another_company_gets_only_its_share(client, cast, history):
    client.force_login(cast.member_b)
    rows = csv_rows(body(client.get("/incidents/export/?format=csv&sort=date&dir=asc")))
    assert [row["reference"] for row in rows] == [history[0].reference, history[2].reference]


# Large exports, in the background ---------------------------------------------------------


@pytest.fixture
def small_limit(settings):
    settings.EXPORTS_STREAM_MAX = 2
    return settings


def test_a_large_export_is_confirmed_then_queued(client, cast, history, small_limit):
    client.force_login(cast.member_a)
    page = client.get("/incidents/export/?format=geojson&sort=category")
    assert page.status_code == 200
    assert "prepared in the background" in page.content.decode()
    assert not Export.objects.exists()

    response = client.post("/incidents/export/?format=geojson&sort=category")
    export = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/exports/{export.pk}/"
    assert export.created_by == cast.member_a and export.format == "geojson"
    assert export.query == "sort=category&dir=asc"
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED)
    assert event.detail["mode"] == "background" and event.detail["query"] == export.query


def test_large_exports_are_for_approved_members(client, cast, history, small_limit):
    response = client.get("/incidents/export/?format=csv&tlp=clear,green")
    assert response.status_code == 200  # one CLEAR incident for the public: under the limit
    client.force_login(cast.pending_a)
    small_limit.EXPORTS_STREAM_MAX = 0
    response = client.get("/incidents/export/?format=csv")
    assert response.status_code == 403
    assert "approved members" in response.content.decode()
    assert client.post("/incidents/export/?format=csv").status_code == 403
    assert not Export.objects.exists()


def test_a_member_may_have_only_a_few_exports_in_preparation(client, cast, history, small_limit):
    small_limit.EXPORTS_ACTIVE_MAX = 2
    client.force_login(cast.member_a)
    for _ in range(2):
        assert client.post("/incidents/export/?format=csv").status_code == 302
    response = client.post("/incidents/export/?format=csv")
    assert response.status_code == 429
    assert "already have 2 exports being prepared" in response.content.decode()
    assert Export.objects.count() == 2


def _queued(cast, query="", fmt="csv", user=None) -> Export:
    return Export.objects.create(created_by=user or cast.member_a, format=fmt, query=query)


def test_the_job_writes_what_the_member_may_see_in_the_lists_order(client, cast, history):
    export = _queued(cast, "sort=category&dir=asc")
    assert exports.export_write(export_id=export.pk) == "ready"
    export.refresh_from_db()
    assert export.state == "ready" and export.total == export.written == 4
    assert export.highest_tlp == "amber_strict" and export.finished_at is not None
    raw = Path(private_storage.path(export.file.name)).read_bytes()
    assert export.size == len(raw)
    text = raw.decode()
    client.force_login(cast.member_a)
    assert [row["reference"] for row in csv_rows(text)] == listed(client, "sort=category")

    # Run again (a message delivered twice): the ready file is left as it is.
    assert exports.export_write(export_id=export.pk) == "ready"
    assert Path(private_storage.path(export.file.name)).read_bytes() == raw


def test_the_job_applies_the_policy_for_its_member_as_they_are_now(cast, history):
    export = _queued(cast, "sort=date&dir=asc", user=cast.member_b)
    exports.export_write(export_id=export.pk)
    export.refresh_from_db()
    text = export.file.open("rb").read().decode()
    assert [row["reference"] for row in csv_rows(text)] == [
        history[0].reference,
        history[2].reference,
    ]


def test_a_run_stopped_half_way_is_written_afresh_without_duplicates(cast, history, settings):
    export = _queued(cast, "sort=date&dir=asc")
    # A worker killed mid-run leaves the export running and a partial file behind.
    partial = Path(private_storage.path(export.file_name("csv") + ".part"))
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_text("\ufeffreference\r\n" + history[0].reference + "\r\n" + history[0].reference)
    silent = timezone.now() - dt.timedelta(seconds=settings.EXPORTS_STALE_SECONDS + 1)
    Export.objects.filter(pk=export.pk).update(state="running", written=1, heartbeat_at=silent)
    assert exports.export_write(export_id=export.pk) == "ready"
    export.refresh_from_db()
    rows = csv_rows(export.file.open("rb").read().decode())
    assert [row["reference"] for row in rows] == [i.reference for i in history]
    assert not partial.exists()


def test_a_failed_job_says_why_keeps_nothing_and_can_run_again(client, cast, history):
    export = _queued(cast, "category=piracy")  # a filter that is no longer valid
    assert exports.export_write(export_id=export.pk) == "failed"
    export.refresh_from_db()
    assert export.state == "failed" and "valid choice" in export.error
    assert not export.file
    assert not list(Path(private_storage.path("exports")).rglob(f"{export.pk.hex}*"))

    client.force_login(cast.member_a)
    page = client.get(f"/incidents/exports/{export.pk}/").content.decode()
    assert "valid choice" in page and "Try again" in page
    Export.objects.filter(pk=export.pk).update(query="category=boarded")
    assert client.post(f"/incidents/exports/{export.pk}/retry/").status_code == 302
    export.refresh_from_db()
    assert export.state == "queued" and export.error == ""
    exports.export_write(export_id=export.pk)
    export.refresh_from_db()
    assert export.state == "ready" and export.total == 2


def test_only_the_member_who_asked_downloads_and_each_download_is_audited(client, cast, history):
    export = _queued(cast, "", fmt="kml")
    exports.export_write(export_id=export.pk)
    client.force_login(cast.member_b)
    assert client.get(f"/incidents/exports/{export.pk}/download/").status_code == 404
    client.force_login(cast.staff)
    assert client.get(f"/incidents/exports/{export.pk}/download/").status_code == 404

    client.force_login(cast.member_a)
    status = client.get(f"/incidents/exports/{export.pk}/status/").json()
    assert status["state"] == "ready" and status["percent"] == 100 and status["written"] == 4
    response = client.get(status["download"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.google-earth.kml+xml"
    assert response["Content-Disposition"].startswith('attachment; filename="csoa-incidents-')
    root = ET.fromstring(b"".join(response.streaming_content))  # noqa: S314 - our own output
    assert len(root.findall(f"{KML}Document/{KML}Placemark")) == 4
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT_DOWNLOADED)
    assert event.actor == cast.member_a and event.target_id == str(export.pk)


def test_a_download_before_the_file_is_ready_is_not_found(client, cast, history):
    export = _queued(cast)
    client.force_login(cast.member_a)
    assert client.get(f"/incidents/exports/{export.pk}/download/").status_code == 404
    page = client.get("/incidents/exports/").content.decode()
    assert "Waiting to start" in page


def test_old_exports_and_their_files_are_pruned(cast, history, settings):
    old, new = _queued(cast), _queued(cast)
    for export in (old, new):
        exports.export_write(export_id=export.pk)
    old.refresh_from_db()
    old_file = Path(private_storage.path(old.file.name))
    Export.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=settings.EXPORTS_KEEP_DAYS + 1)
    )
    assert exports.exports_prune() == 1
    assert list(Export.objects.values_list("pk", flat=True)) == [new.pk]
    assert not old_file.exists()
    new.refresh_from_db()
    assert Path(private_storage.path(new.file.name)).exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_the_queued_export(client, cast, celery_worker, small_limit):
    made = [report(cast, occurred_on=dt.date(2020, 1, day)) for day in (1, 2, 3)]
    client.force_login(cast.member_a)
    response = client.post("/incidents/export/?format=csv&sort=date&dir=asc")
    export = Export.objects.get()
    assert response["Location"] == f"/incidents/exports/{export.pk}/"
    deadline = timezone.now() + dt.timedelta(seconds=20)
    while export.state not in ("ready", "failed") and timezone.now() < deadline:
        time.sleep(0.1)
        export.refresh_from_db()
    assert export.state == "ready", export.error
    text = b"".join(client.get(f"/incidents/exports/{export.pk}/download/").streaming_content)
    assert [row["reference"] for row in csv_rows(text.decode())] == [i.reference for i in made]


def test_every_beat_entry_names_a_task_the_worker_knows(settings):
    from csoa.celery import app

    app.loader.import_default_modules()
    entries = settings.CELERY_BEAT_SCHEDULE
    assert {"prune-exports", "poll-due-feeds"} <= set(entries)
    for entry in entries.values():
        assert entry["task"] in app.tasks


def test_only_a_get_takes_a_small_export_at_once(client, cast, history):
    """A HEAD (a link checker, a preview) neither downloads nor records an export."""
    client.force_login(cast.member_a)
    response = client.head("/incidents/export/?format=csv")
    assert response.status_code == 200
    assert "attachment" not in response.get("Content-Disposition", "")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()
    assert not Export.objects.exists()
