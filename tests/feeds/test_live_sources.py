"""The shipped live sources: each publisher's real shape (frozen samples), the shapes of a
source in trouble (a challenge page, HTML, an empty list, garbage), the switch that turns them
on, the first day a poll asks for, and how fresh each source is."""

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from feeds import freshness, live, services
from feeds.formats import FeedError, Record, Rejection, read
from feeds.models import Advisory, FeedItem, FeedRun, FeedSource
from feeds.tasks import poll_due_sources
from members.models import Notification
from tests.notify import fan_out_all, roles_told

from .server import Answer

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"
UKMTO = (SAMPLES / "ukmto_all.json").read_bytes()
NGA = (SAMPLES / "nga_asam_api.json").read_bytes()
CHALLENGE = (
    b'<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
    b'<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper">'
    b"<noscript>Enable JavaScript and cookies to continue</noscript></div>"
    b'<script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"></script>'
    b"</body></html>"
)


def test_the_ukmto_list_reads_incidents_and_advisories():
    records = list(read("ukmto-json", UKMTO))
    incidents = [r for r in records if isinstance(r, Record) and r.kind == "incident"]
    advisories = [r for r in records if isinstance(r, Record) and r.kind == "advisory"]
    assert not [r for r in records if isinstance(r, Rejection)]
    assert [r.data["hostility"] for r in incidents] == [
        "Attack", "Suspicious Activity", "Hijack", "Irregular Activity",
    ]  # fmt: skip
    attack = incidents[0]
    assert attack.external_id == "7d1c6a3e-2b4f-4f0e-9a51-0c2d9e8b1f01"
    assert attack.data["occurred_on"] == "2026-11-28"
    assert (attack.data["occurred_time"], attack.data["time_basis"]) == ("06:40", "utc")
    assert (attack.data["latitude"], attack.data["longitude"]) == (14.2167, 42.3333)
    assert attack.data["place"] == "62NM West of Hodeidah, Yemen"
    assert attack.data["vessel_name"] == ""  # UKMTO writes ".." for a name it withholds
    assert attack.data["vessel_type_text"] == "Bulk Carrier"
    assert attack.data["extra"]["incidentNumber"] == "162"
    assert attack.data["description"].startswith("UKMTO has received a report")
    assert [a.data["title"] for a in advisories] == [
        "UKMTO 158: Warning, Gulf of Aden",
        "UKMTO 157: Advisory",
    ]
    assert advisories[1].data["latitude"] is None  # an advisory needs no position


def test_a_ukmto_record_without_id_date_or_position_is_refused_alone():
    records = json.loads(UKMTO)
    records[0].pop("sitecoreId")
    records[0].pop("incidentNumber")
    records[1]["utcDateOfIncident"] = "last Tuesday"
    records[2]["locationLatitude"] = 95.0
    records[3]["locationLatitude"] = None
    read_back = list(read("ukmto-json", json.dumps(records).encode()))
    reasons = [r.reason for r in read_back if isinstance(r, Rejection)]
    assert reasons[0] == "The record has no sitecoreId and no incidentNumber."
    assert "not an ISO date" in reasons[1]
    assert "latitude" in reasons[2].lower()
    assert reasons[3] == "The incident has no position."
    assert len([r for r in read_back if isinstance(r, Record)]) == 2  # the advisories


@pytest.mark.parametrize("fmt", ["ukmto-json", "asam-json", "geojson"])
@pytest.mark.parametrize(
    ("content", "said"),
    [
        (CHALLENGE, "a bot challenge page"),
        (b"<html><body><h1>502 Bad Gateway</h1></body></html>", "an HTML page"),
        (b"", "answered with nothing"),
        (b"   \n", "answered with nothing"),
        (b"\x89PNG\r\n\x1a\n\x00\x00garbage", "cannot be read"),
    ],
)
def test_a_source_in_trouble_is_a_failed_run_never_nothing_new(fmt, content, said):
    with pytest.raises(FeedError, match=said):
        list(read(fmt, content))


@pytest.mark.parametrize(
    ("fmt", "content"),
    [
        ("ukmto-json", b"[]"),
        ("asam-json", b'{"asam": []}'),
        ("geojson", b'{"type": "FeatureCollection", "features": []}'),
    ],
)
def test_an_empty_list_is_a_failed_answer(fmt, content):
    with pytest.raises(FeedError, match="holds no record"):
        list(read(fmt, content))


def test_a_changed_ukmto_shape_fails_loudly():
    changed = json.dumps([{"id": 1, "dateOfIncident": "2026-11-01", "lat": 1, "lon": 2}])
    with pytest.raises(FeedError, match="changed shape"):
        list(read("ukmto-json", changed.encode()))
    with pytest.raises(FeedError, match="list of incidents"):
        list(read("ukmto-json", b'{"incidents": []}'))


def test_the_nga_api_sample_reads_whole():
    records = list(read("asam-json", NGA))  # the real answer's trailing comma is forgiven
    assert [r.external_id for r in records] == ["2022-142", "2022-138", "2022-143", "2022-134"]


def test_a_ukmto_run_stores_incidents_for_review_and_advisories_for_their_region():
    source = services.source_add(name="UKMTO", format="ukmto-json", region="red_sea")
    run = services.ingest(source, UKMTO, trigger="command")
    assert run.state == "succeeded", run.error
    assert (run.fetched, run.new, run.rejected) == (6, 6, 0)
    assert FeedItem.objects.filter(source=source, state="pending").count() == 4
    assert FeedItem.objects.get(external_id__startswith="9e4b").extracted["category"] == (
        "suspicious_approach"
    )
    warning, advisory = Advisory.objects.filter(source=source).order_by("-external_id")[:2]
    assert {warning.title, advisory.title} == {
        "UKMTO 158: Warning, Gulf of Aden",
        "UKMTO 157: Advisory",
    }
    regions = dict(Advisory.objects.filter(source=source).values_list("title", "region"))
    assert regions["UKMTO 158: Warning, Gulf of Aden"] != ""  # from its position
    assert regions["UKMTO 157: Advisory"] == "red_sea"  # no position: the source's region
    again = services.ingest(source, UKMTO, trigger="command")
    assert (again.new, again.unchanged) == (0, 6)
    assert FeedItem.objects.count() == 4 and Advisory.objects.count() == 2


def test_a_failed_answer_stores_nothing_and_tells_the_desk_once(cast):
    source = services.source_add(name="UKMTO", format="ukmto-json")
    services.ingest(source, UKMTO, trigger="command")
    fan_out_all()
    Notification.objects.all().delete()
    for _ in range(2):
        run = services.ingest(source, CHALLENGE, trigger="command")
        assert run.state == "failed" and "bot challenge page" in run.error
    fan_out_all()
    assert roles_told(cast, "feed_health") == {"editor", "staff"}
    told = Notification.objects.filter(kind="feed_health", recipient=cast.editor)
    assert told.count() == 1  # the second failure in a row says nothing new
    assert told.get().text.startswith("UKMTO failed: The source answered with a bot challenge")
    assert FeedItem.objects.count() == 4 and Advisory.objects.count() == 2
    services.ingest(source, UKMTO, trigger="command")  # it works again ...
    services.ingest(source, b"[]", trigger="command")  # ... and fails again: told again
    fan_out_all()
    assert Notification.objects.filter(kind="feed_health", recipient=cast.editor).count() == 2


def test_the_commands_add_import_and_install_the_live_sources(tmp_path):
    out = StringIO()
    call_command("feeds", "add", "--name", "UKMTO list", "--format", "ukmto-json", stdout=out)
    assert "UKMTO incident list (JSON)" in out.getvalue()
    sample = tmp_path / "ukmto.json"
    sample.write_bytes(UKMTO)
    call_command("feeds", "import", "UKMTO list", str(sample), stdout=out)
    assert "new 6" in out.getvalue()

    call_command("feeds", "defaults", stdout=out)
    shipped = {s.shipped: s for s in FeedSource.objects.exclude(shipped="")}
    assert set(shipped) == {"nga-asam", "ukmto"}
    nga, ukmto = shipped["nga-asam"], shipped["ukmto"]
    assert (nga.format, nga.reliability, nga.default_tlp) == ("asam-json", "B", "clear")
    assert nga.url == "https://msi.nga.mil/api/publications/asam?sort=date&output=json"
    assert nga.since_parameter == "minOccurDate" and nga.usual_gap_days == 21
    assert (ukmto.format, ukmto.url) == (
        "ukmto-json",
        "https://sccd.royalnavy.mod.uk/api/ukmto/all",
    )
    assert ukmto.interval_minutes == 60
    assert "off until FEEDS_LIVE_SOURCES is true" in out.getvalue()
    ukmto.interval_minutes = 30
    ukmto.save()
    call_command("feeds", "defaults", stdout=StringIO())  # a second time adds nothing
    assert FeedSource.objects.exclude(shipped="").count() == 2
    assert FeedSource.objects.get(shipped="ukmto").interval_minutes == 30  # staff's change kept


def test_the_live_sources_are_polled_only_when_switched_on(settings):
    call_command("feeds", "defaults", stdout=StringIO())
    settings.FEEDS_LIVE_SOURCES = False
    assert services.due_sources() == []
    assert poll_due_sources() == 0
    settings.FEEDS_LIVE_SOURCES = True
    assert {s.shipped for s in services.due_sources()} == {"nga-asam", "ukmto"}


def test_the_live_asam_asks_from_a_month_before_the_newest_record_held(feed_server):
    archive = services.source_add(name="NGA ASAM archive", format="asam-csv")
    services.ingest(
        archive, (Path(__file__).parent / "fixtures" / "asam.csv").read_bytes(), trigger="command"
    )
    newest = FeedItem.objects.order_by("-occurred_on").first().occurred_on
    url = feed_server.serve("/api/publications/asam?sort=date&output=json", Answer(NGA))
    nga = FeedSource.objects.create(
        name="NGA ASAM (live)", slug="nga-asam", shipped="nga-asam", format="asam-json",
        url=url, since_parameter="minOccurDate", usual_gap_days=21,
    )  # fmt: skip
    first = (newest - dt.timedelta(days=30)).isoformat()
    assert live.url_of(nga) == f"{url}&minOccurDate={first}"
    feed_server.serve(
        f"/api/publications/asam?sort=date&output=json&minOccurDate={first}", Answer(NGA)
    )
    run = services.poll(nga, trigger="command", attempts=1)
    assert run.state == "succeeded", run.error
    assert feed_server.requests[-1][0].endswith(f"minOccurDate={first}")
    held = FeedItem.objects.filter(source=nga).order_by("-occurred_on").first().occurred_on
    assert live.url_of(nga).endswith(f"minOccurDate={(held - dt.timedelta(days=30)).isoformat()}")
    nothing = FeedSource.objects.create(
        name="Fresh", slug="fresh", format="geojson", url=url, since_parameter="from"
    )
    assert live.since(nothing) == live.ASAM_ARCHIVE_ENDS - dt.timedelta(days=30)


def test_a_quiet_live_source_is_told_of_once_per_silence(cast, settings):
    settings.FEEDS_LIVE_SOURCES = True
    source = services.source_add(
        name="UKMTO", format="ukmto-json", url="https://ukmto.example/all", usual_gap_days=14
    )
    services.ingest(source, UKMTO, trigger="command")
    now = timezone.now()
    assert freshness.tell_quiet(now + dt.timedelta(days=10)) == 0
    fresh = freshness.of_sources([source], now)[source.pk]
    assert fresh.newest_record == dt.date(2026, 11, 28) and not fresh.quiet
    later = now + dt.timedelta(days=15)
    assert freshness.tell_quiet(later) == 1
    fan_out_all()
    told = Notification.objects.get(kind="feed_health", recipient=cast.staff)
    assert told.text == (
        "UKMTO has given nothing new for 15 days, longer than its usual 14; "
        "its newest record is of 28 November 2026"
    )
    assert freshness.tell_quiet(later + dt.timedelta(hours=1)) == 0  # once per silence
    assert freshness.tell_quiet(later + dt.timedelta(days=15)) == 1  # a whole gap later
    settings.FEEDS_LIVE_SOURCES = False  # a shipped source that is switched off says nothing
    FeedSource.objects.filter(pk=source.pk).update(shipped="ukmto", quiet_told_at=None)
    assert freshness.tell_quiet(later) == 0


def test_the_health_page_shows_how_fresh_each_source_is(client, cast):
    source = services.source_add(name="UKMTO", format="ukmto-json", usual_gap_days=14)
    services.ingest(source, UKMTO, trigger="command")
    call_command("feeds", "defaults", stdout=StringIO())
    client.force_login(cast.editor)
    page = client.get("/feeds/health/").content.decode()
    assert "28 Nov 2026" in page and 'id="source-ukmto"' in page
    assert "(off: live sources are switched off on this installation)" in page
    assert "overdue" not in page.split('id="source-nga-asam"')[1].split("</tr>")[0]
    assert FeedRun.objects.filter(source=source).count() == 1
