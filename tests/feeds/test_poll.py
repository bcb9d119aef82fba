"""Polling a source over HTTP: against a real server on 127.0.0.1 serving the fixtures."""

import datetime as dt
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from feeds import services
from feeds.models import FeedItem, FeedRun, FeedSource
from feeds.tasks import poll_due_sources

from .server import Answer

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
ASAM = (FIXTURES / "asam.json").read_bytes()


def source_at(url: str, fmt: str = "asam-json", **fields) -> FeedSource:
    return services.source_add(name="NGA ASAM", format=fmt, url=url, **fields)


def poll(source, attempts=None) -> FeedRun:
    return services.poll(source, trigger="command", attempts=attempts)


def test_a_poll_stores_the_document_and_a_second_asks_only_if_it_changed(feed_server):
    source = source_at(feed_server.serve("/asam.json", Answer(ASAM, etag='"v1"')))
    run = poll(source)
    assert run.state == "succeeded" and run.counts["new"] == 4
    source.refresh_from_db()
    assert source.etag == '"v1"'

    again = poll(source)
    assert again.state == "succeeded" and again.not_modified
    assert again.counts == {"fetched": 0, "new": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    assert feed_server.requests[1][1]["If-None-Match"] == '"v1"'
    assert FeedItem.objects.count() == 4


def test_last_modified_is_sent_back(feed_server):
    stamp = "Wed, 01 Jun 2022 10:00:00 GMT"
    source = source_at(feed_server.serve("/a", Answer(ASAM, headers={"Last-Modified": stamp})))
    poll(source)
    poll(source)
    assert feed_server.requests[1][1]["If-Modified-Since"] == stamp


def test_a_server_error_is_tried_again_with_a_pause(feed_server):
    url = feed_server.serve("/a", Answer(b"busy", 503), Answer(b"busy", 500), Answer(ASAM))
    run = poll(source_at(url), attempts=3)
    assert run.state == "succeeded" and run.counts["new"] == 4
    assert feed_server.paths() == ["/a", "/a", "/a"]


def test_a_server_that_keeps_failing_fails_the_run_and_keeps_what_was_stored(feed_server):
    url = feed_server.serve("/a", Answer(ASAM), Answer(b"down", 500))
    source = source_at(url)
    poll(source)
    before = sorted(FeedItem.objects.values_list("external_id", "raw_sha256"))
    run = poll(source, attempts=2)
    assert run.state == "failed" and run.error == "The server answered 500 Internal Server Error."
    assert sorted(FeedItem.objects.values_list("external_id", "raw_sha256")) == before
    assert len(feed_server.requests) == 3


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (Answer(b"<!DOCTYPE html><html>Maintenance</html>"), "HTML page, not ASAM JSON"),
        (Answer(ASAM[: len(ASAM) // 2]), "The ASAM JSON cannot be read"),
        (Answer(b"\xff\xfe\x00garbage"), "The ASAM JSON cannot be read"),
        (Answer(b"", 404), "The server answered 404 Not Found."),
        (Answer(b"", 403), "The server answered 403 Forbidden."),
    ],
)
def test_bad_answers_fail_the_run_with_a_clear_error(feed_server, answer, message):
    run = poll(source_at(feed_server.serve("/a", answer)), attempts=1)
    assert run.state == "failed" and message in run.error
    assert not FeedItem.objects.exists()


def test_an_endless_answer_is_cut_at_the_size_limit(feed_server, settings):
    settings.FEEDS_MAX_BYTES = 1_000_000
    run = poll(source_at(feed_server.serve("/a", Answer(endless=True))), attempts=1)
    assert run.state == "failed"
    assert run.error == "The answer is over the limit of 1,000,000 bytes."


def test_a_declared_length_over_the_limit_is_refused_before_reading(feed_server, settings):
    settings.FEEDS_MAX_BYTES = 1_000
    answer = Answer(ASAM, headers={"Content-Length": str(len(ASAM))})
    run = poll(source_at(feed_server.serve("/a", answer)), attempts=1)
    assert run.error == f"The answer is {len(ASAM):,} bytes, over the limit of 1,000."


def test_a_gzip_bomb_is_cut_at_the_size_limit(feed_server, settings):
    settings.FEEDS_MAX_BYTES = 100_000
    run = poll(source_at(feed_server.serve("/a", Answer(b"0" * 5_000_000, gzip=True))))
    assert run.error == "The answer unpacks to more than the limit of 100,000 bytes."


def test_a_gzip_encoded_document_is_read(feed_server):
    run = poll(source_at(feed_server.serve("/a", Answer(ASAM, gzip=True))))
    assert run.state == "succeeded" and run.counts["new"] == 4


def test_a_server_that_hangs_ends_the_run(feed_server, settings):
    settings.FEEDS_TIMEOUT_SECONDS = 1
    started = time.monotonic()
    run = poll(source_at(feed_server.serve("/a", Answer(ASAM, delay=3))), attempts=1)
    assert run.state == "failed" and run.error == "The server did not answer in time."
    assert time.monotonic() - started < 2.5


def test_redirects_are_followed_and_loops_are_not(feed_server):
    feed_server.serve("/new", Answer(ASAM))
    url = feed_server.serve("/old", Answer(status=301, headers={"Location": "/new"}))
    assert poll(source_at(url)).counts["new"] == 4
    loop = feed_server.serve("/loop", Answer(status=302, headers={"Location": "/loop"}))
    FeedSource.objects.filter(name="NGA ASAM").update(url=loop)
    run = poll(FeedSource.objects.get(), attempts=1)
    assert run.state == "failed" and run.error == "More than 5 redirects."


def test_private_and_loopback_addresses_are_refused_unless_allowed(feed_server, settings):
    settings.FEEDS_ALLOW_PRIVATE_URLS = False
    run = poll(source_at(feed_server.serve("/a", Answer(ASAM))), attempts=1)
    assert run.state == "failed"
    assert "127.0.0.1, a private or local address" in run.error
    assert feed_server.requests == []  # nothing was asked of the server


def test_only_http_and_https(db):
    with pytest.raises(ValidationError, match="Only http and https addresses"):
        services.source_add(name="Local", format="asam-json", url="ftp://example.org/x")
    # A source stored before that check, or written around it, is still refused at fetch time.
    source = FeedSource.objects.create(
        name="Local", slug="local", format="asam-json", url="ftp://example.org/x"
    )
    run = poll(source, attempts=1)
    assert run.error == "Only http and https URLs can be fetched, not 'ftp://example.org/x'."


def test_the_command_polls_once_and_says_what_came(feed_server, capsys):
    source_at(feed_server.serve("/a", Answer(ASAM, etag='"e"')))
    call_command("feeds", "poll", "NGA ASAM")
    assert "fetched 6, new 4, updated 0, unchanged 0, rejected 2" in capsys.readouterr().out
    call_command("feeds", "poll", "nga-asam")
    assert "(not modified)" in capsys.readouterr().out


def test_the_command_fails_loudly(feed_server, db):
    source_at(feed_server.serve("/a", Answer(b"", 404)))
    with pytest.raises(CommandError, match="The poll failed"):
        call_command("feeds", "poll", "NGA ASAM")
    services.source_add(name="Uploads", format="imb-csv")
    with pytest.raises(CommandError, match="has no URL"):
        call_command("feeds", "poll", "Uploads")


def test_sources_are_due_after_their_interval(feed_server):
    hourly = source_at(feed_server.serve("/a", Answer(ASAM)), interval_minutes=60)
    services.source_add(name="Off", format="asam-json", url=hourly.url, enabled=False)
    services.source_add(name="Uploads", format="imb-csv")
    assert [s.name for s in services.due_sources()] == ["NGA ASAM"]  # never polled
    poll(hourly)
    assert services.due_sources() == []
    later = timezone.now() + dt.timedelta(minutes=61)
    assert [s.name for s in services.due_sources(later)] == ["NGA ASAM"]


@pytest.mark.django_db(transaction=True)
def test_beat_and_a_real_worker_poll_what_is_due(feed_server, celery_worker):
    source_at(feed_server.serve("/a", Answer(ASAM)))
    poll_due_sources.delay()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not FeedRun.objects.filter(state="succeeded").exists():
        time.sleep(0.1)
    run = FeedRun.objects.get()
    assert run.state == "succeeded" and run.trigger == "schedule" and run.counts["new"] == 4
