"""Storing what a source sent: items by external id, runs with their counts, and nothing
stored twice however often the same document comes."""

import json
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from feeds import services
from feeds.models import FeedItem, FeedRun, FeedSource

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def asam():
    return services.source_add(name="NGA ASAM", format="asam-json", reliability="B")


def run_of(source, name=None, content=None) -> FeedRun:
    content = content if content is not None else (FIXTURES / name).read_bytes()
    return services.ingest(source, content, trigger="command")


def test_a_document_becomes_items_and_a_second_run_changes_nothing(asam):
    run = run_of(asam, "asam.json")
    assert run.state == "succeeded" and run.finished_at is not None
    assert run.counts == {"fetched": 6, "new": 4, "updated": 0, "unchanged": 0, "rejected": 2}
    assert [r["id"] for r in run.rejections] == ["2018-555", "2018-556"]
    item = FeedItem.objects.get(source=asam, external_id="2022-148")
    assert item.state == "pending" and item.region == "south_east_asia"
    assert item.occurred_on.isoformat() == "2022-05-28" and item.first_run == run
    assert json.loads(item.raw)["victim"].startswith("Marshall Islands")

    again = run_of(asam, "asam.json")
    assert again.counts == {"fetched": 6, "new": 0, "updated": 0, "unchanged": 4, "rejected": 2}
    assert FeedItem.objects.count() == 4


def test_a_corrected_record_updates_its_item(asam):
    run_of(asam, "asam.json")
    text = (FIXTURES / "asam.json").read_text(encoding="utf-8")
    corrected = text.replace("three robbers armed with knives", "four robbers armed with knives")
    run = run_of(asam, content=corrected.encode())
    assert run.counts["updated"] == 1 and run.counts["unchanged"] == 3
    item = FeedItem.objects.get(external_id="2022-148")
    assert "four robbers" in item.data["description"] and item.last_run == run
    assert item.first_run != run


def test_an_unreadable_document_fails_and_leaves_what_was_stored(asam):
    run_of(asam, "asam.json")
    before = list(FeedItem.objects.values_list("external_id", "raw_sha256").order_by("pk"))
    run = run_of(asam, content=b'{"asam": [{"reference": "2022-999", "date": "20')
    assert run.state == "failed" and "cannot be read" in run.error
    assert run.counts["new"] == 0
    assert list(FeedItem.objects.values_list("external_id", "raw_sha256").order_by("pk")) == before


def test_one_run_of_a_source_at_a_time(asam, django_db_blocker):
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [services._LOCK_CLASS, asam.pk])
        with pytest.raises(services.SourceBusy, match="being polled already"):
            run_of(asam, "asam.json")
        assert not FeedRun.objects.exists()
    finally:
        other.close()
    # The lock goes with its connection, as soon as the server has ended that session.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            assert run_of(asam, "asam.json").state == "succeeded"
            break
        except services.SourceBusy:
            time.sleep(0.05)
    else:
        pytest.fail("The lock outlived its connection.")


def test_a_run_left_running_by_a_stopped_worker_is_closed_and_the_next_one_completes(asam):
    stale = FeedRun.objects.create(source=asam, trigger="schedule")
    run = run_of(asam, "asam.json")
    stale.refresh_from_db()
    assert stale.state == "failed" and "Interrupted" in stale.error
    assert run.state == "succeeded" and FeedItem.objects.count() == 4


def test_the_command_adds_imports_and_lists(db, capsys):
    call_command("feeds", "add", "--name", "IMB PRC", "--format", "imb-csv", "--reliability", "B")
    source = FeedSource.objects.get()
    assert (source.slug, source.reliability, source.enabled) == ("imb-prc", "B", True)
    call_command("feeds", "import", "IMB PRC", str(FIXTURES / "imb.csv"))
    out = capsys.readouterr().out
    assert "fetched 5, new 4, updated 0, unchanged 0, rejected 1" in out
    call_command("feeds", "import", "imb-prc", str(FIXTURES / "imb.csv"))
    assert "new 0, updated 0, unchanged 4, rejected 1" in capsys.readouterr().out
    call_command("feeds", "list")
    assert "imb-prc: IMB-style CSV" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "nobody", "x.csv"], "No feed source is called 'nobody'"),
        (["import", "imb-prc", "/nonexistent/file.csv"], "Cannot read /nonexistent/file.csv"),
        (["import", "imb-prc", str(FIXTURES / "asam.json")], "The run failed"),
        (["add", "--name", "IMB PRC", "--format", "imb-csv"], "already exists"),
        (
            ["add", "--name", "X", "--format", "rss", "--interval", "1"],
            "greater than or equal to 5",
        ),
        (["add", "--name", "Y", "--format", "rss", "--url", "not a url"], "Enter a valid URL."),
    ],
)
def test_the_command_refuses_bad_input(db, args, message):
    call_command("feeds", "add", "--name", "IMB PRC", "--format", "imb-csv")
    with pytest.raises(CommandError, match=message):
        call_command("feeds", *args)
    assert FeedSource.objects.count() == 1
    assert not FeedItem.objects.exists()


@pytest.mark.parametrize(
    ("fmt", "fixture", "damage"),
    [("asam-json", "asam.json", (b"robbers", b"rob\\u0000bers")),  # NUL escaped in JSON
     ("imb-csv", "imb.csv", (b"robbers", b"rob\x00bers"))],  # a NUL byte
)  # fmt: skip
def test_a_record_holding_a_nul_character_is_rejected_and_the_rest_stored(fmt, fixture, damage):
    source = services.source_add(name=f"Damaged {fmt}", format=fmt, reliability="B")
    clean = run_of(source, fixture)
    FeedItem.objects.filter(source=source).delete()
    damaged = run_of(source, content=(FIXTURES / fixture).read_bytes().replace(*damage, 1))
    assert damaged.state == "succeeded", damaged.error
    assert damaged.rejected == clean.rejected + 1
    assert damaged.new == clean.new - 1
    assert [r for r in damaged.rejections if "NUL character" in r["reason"]]
    assert FeedItem.objects.filter(source=source).count() == clean.new - 1


def test_records_left_for_review_tell_the_editors_once_per_run(asam, cast):
    from members.models import Notification
    from tests.notify import fan_out_all, roles_told

    run_of(asam, "asam.json")
    fan_out_all()
    assert roles_told(cast, "review_queue") == {"editor", "staff"}
    told = Notification.objects.get(recipient=cast.editor)
    assert told.text == "4 new records from NGA ASAM wait in the feed queue"
    assert told.mail == "daily"  # the editors' digest, unless they choose otherwise
    run_of(asam, "asam.json")  # nothing new: nobody is told again
    fan_out_all()
    assert Notification.objects.filter(recipient=cast.editor).count() == 1
