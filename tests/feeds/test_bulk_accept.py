"""Accepting many records at once: the same incidents, timeline, search vectors and counted
cells as accepting them one at a time; the shipped public archives, loaded once."""

import csv
import datetime as dt
import io
import lzma

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from feeds import archives, review, services
from feeds.formats import Rejection, read
from feeds.matching import SAME, Matcher, matchable
from feeds.models import FeedItem, FeedRun
from incidents.models import Incident, IncidentChange, MapCell
from members.access import ANONYMOUS
from members.models import NotificationEvent
from reports.models import PortMonth, TrendCell
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db


def shipped_rows(archive: archives.Archive, keep) -> bytes:
    """Some records of a shipped archive, as a file of the same format."""
    text = lzma.decompress((archives.DATA / archive.file).read_bytes()).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([rows[0], *filter(keep, rows[1:])])
    return out.getvalue().encode("utf-8")


ASAM, IMB = archives.ARCHIVES


HALF_YEAR = tuple(f"2019-0{month}" for month in range(1, 7))


def sample() -> tuple[bytes, bytes]:
    """The first half of 2019 from both archives: many records at shared positions, records of one
    incident in both, and ASAM's own repeated entries."""
    asam = shipped_rows(ASAM, lambda row: row[1].startswith(HALF_YEAR))
    imb = shipped_rows(IMB, lambda row: row[0].startswith(HALF_YEAR))
    return asam, imb


def one_at_a_time(source, items):
    """Acceptance as it was before it was set-based: a report and a change per record."""
    account = review.desk()
    matcher = Matcher([matchable(item) for item in items])
    for item in sorted(items, key=lambda i: (i.occurred_on or dt.date.min, i.pk)):
        best = matcher.best(matchable(item))
        try:
            if best and best[1] >= SAME:
                review.item_attach(item, Incident(pk=best[0]), editor=None)
            else:
                matcher.add(review.item_accept(item, editor=None, account=account))
        except ValidationError:
            pass


def rows_of(model, *exclude):
    fields = [f.attname for f in model._meta.concrete_fields if f.attname not in ("id", *exclude)]
    return sorted(map(repr, model.objects.all().values_list(*fields)))


def outcome() -> dict:
    incidents = Incident.objects.unrestricted()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reference, search::text FROM incidents_incident")
        search = dict(cursor.fetchall())
    fields = [f.attname for f in Incident._meta.concrete_fields
              if f.attname not in ("id", "created_at", "updated_at", "search")]  # fmt: skip
    return {
        "incidents": {row["reference"]: row for row in incidents.values(*fields)},
        "search": search,
        "timeline": sorted(
            (c.incident.reference, c.kind, c.changed_by_id, repr(c.changes), c.reason)
            for c in IncidentChange.objects.select_related("incident")
        ),
        "items": {
            (item.source_id, item.external_id): (
                item.state,
                item.incident and item.incident.reference,
            )
            for item in FeedItem.objects.select_related("incident")
        },
        "map cells": rows_of(MapCell),
        "trend cells": rows_of(TrendCell),
        "port months": rows_of(PortMonth),
    }


def test_bulk_acceptance_makes_what_one_at_a_time_makes(cast):
    asam_content, imb_content = sample()
    asam = services.source_add(name="ASAM sample", format="asam-csv", reliability="B")
    imb = services.source_add(name="IMB sample", format="imb-csv", reliability="C")
    services.ingest(asam, asam_content, trigger="upload")
    services.ingest(imb, imb_content, trigger="upload")
    # One record that cannot be accepted (a position out of range is refused when read, so a
    # date in the future).
    future = FeedItem.objects.filter(source=imb).order_by("pk").first()
    future.data = {
        **future.data,
        "occurred_on": (dt.date.today() + dt.timedelta(days=9)).isoformat(),
    }
    future.save()
    # An incident already held that a record reports too.
    record = FeedItem.objects.get(source=asam, external_id="2019-40")
    held = report(cast, occurred_on=record.occurred_on, latitude=record.latitude,
                  longitude=record.longitude, category=record.extracted["category"],
                  tlp="green", position_confirmed=True)  # fmt: skip
    pending = {s: list(FeedItem.objects.filter(source=s).order_by("pk")) for s in (asam, imb)}
    assert (len(pending[asam]), len(pending[imb])) == (65, 77)

    review.desk()  # the feed desk's account, made once for both ways
    with transaction.atomic():
        before = transaction.savepoint()
        for source in (asam, imb):
            one_at_a_time(source, list(FeedItem.objects.filter(source=source)))
        expected = outcome()
        transaction.savepoint_rollback(before)
    assert Incident.objects.unrestricted().count() == 1  # back to the one held

    counts = {
        s: review.auto_accept(s, list(FeedItem.objects.filter(source=s))) for s in (asam, imb)
    }
    got = outcome()

    assert got == expected
    states = [state for state, _ in got["items"].values()]
    assert states.count("attached") >= 5 and states.count("pending") == 1
    assert counts[imb]["queued"] == 1 and counts[imb]["attached"] >= 1
    assert any(ref == held.reference for _state, ref in got["items"].values())
    assert len(got["incidents"]) == 1 + counts[asam]["created"] + counts[imb]["created"]
    assert all(row["port_id"] for row in got["incidents"].values() if row["port_id"]) and any(
        row["port_id"] for row in got["incidents"].values()
    )


def test_only_recent_incidents_alert_and_a_failed_batch_keeps_nothing(cast, monkeypatch):
    source = services.source_add(name="Centre", format="imb-csv", reliability="B", auto_accept=True)
    recent = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    content = (
        "date,time,longitude,latitude,attack_type,location_description,nearest_country,"
        "eez_country,shore_distance,shore_longitude,shore_latitude,attack_description,"
        "vessel_name,vessel_type,vessel_status,data_source\n"
        "2005-06-01,NA,104.1,1.2,Boarded,Singapore Strait,SGP,SGP,2,104,1.3,"
        "Robbers boarded a tanker,NA,Tanker,Steaming,imb\n"
        f"{recent},02:10 UTC,3.3,6.3,Attempted,Lagos anchorage,NGA,NGA,5,3.3,6.4,"
        "Pirates attempted to board a container ship,NA,Container ship,Anchored,imb\n"
    ).encode()
    from incidents import services as incident_services

    def broken(self):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(incident_services.VerifiedBatch, "save", broken)
    run = services.ingest(source, content, trigger="upload")
    assert run.state == FeedRun.State.FAILED and "went away" in run.error
    assert Incident.objects.unrestricted().count() == 0
    assert set(FeedItem.objects.values_list("state", flat=True)) == {"pending"}
    monkeypatch.undo()

    before = set(NotificationEvent.objects.values_list("pk", flat=True))
    again = services.ingest(source, content, trigger="upload")  # nothing new: the leftovers
    assert (again.new, again.unchanged, again.accepted) == (0, 2, 2)
    assert set(FeedItem.objects.values_list("state", flat=True)) == {"accepted"}
    told = NotificationEvent.objects.exclude(pk__in=before)
    recent_incident = Incident.objects.unrestricted().get(occurred_on=recent)
    assert [(e.kind, e.subject_id) for e in told] == [("incident_alert", recent_incident.pk)]


def test_the_shipped_archives_hold_what_they_say():
    for archive in archives.ARCHIVES:
        content = lzma.decompress((archives.DATA / archive.file).read_bytes())
        records = list(read(archive.format, content))
        assert len(records) == archive.records, archive.name
        assert not [r for r in records if isinstance(r, Rejection)]


def test_archives_load_once_as_public_graded_sources(cast, tmp_path):
    asam_content, imb_content = sample()
    small = []
    for archive, content in ((ASAM, asam_content), (IMB, imb_content)):
        path = tmp_path / archive.file
        path.write_bytes(lzma.compress(content))
        small.append(archives.Archive(archive.name, archive.format, str(path), "B", 0))
    said = []
    runs = archives.load(small, say=said.append)
    assert [run.state for run in runs] == ["succeeded", "succeeded"]
    assert "new incidents" in said[0] and "matched with an incident already held" in said[1]
    incidents = Incident.objects.unrestricted()
    assert set(incidents.values_list("tlp", "status", "source_reliability")) == {
        ("clear", "verified", "B")
    }
    assert runs[1].attached > 0  # IMB records of ASAM's incidents are their second source
    count = incidents.count()
    assert archives.load(small) == [] and incidents.count() == count
    assert Incident.objects.visible_to(ANONYMOUS).count() == count  # public, for everyone


def test_the_about_page_cites_the_archives(client):
    page = client.get("/about/").content.decode()
    assert "Benden et al. (2021)" in page and "doi.org/10.5334/johd.39" in page
    assert "CC BY 4.0" in page and "public domain" in page
