"""Feed sources from the command line: add one, import a file into one, list them."""

import json
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from feeds import archives, live, rereading, services
from feeds.models import FeedFormat, FeedRun, FeedSource
from incidents.models import SourceReliability


def _source(name: str) -> FeedSource:
    source = (
        FeedSource.objects.filter(name__iexact=name).first()
        or FeedSource.objects.filter(slug=name).first()
    )
    if source is None:
        raise CommandError(f"No feed source is called {name!r}; `feeds list` shows them.")
    return source


def _report(run: FeedRun) -> str:
    counts = ", ".join(f"{name} {value:,}" for name, value in run.counts.items())
    line = f"{run.source}: {run.get_state_display().lower()}: {counts}"
    return line + (f"\n{run.error}" if run.error else "")


class Command(BaseCommand):
    help = "Manage feed sources: add, poll, import FILE, list, archives, defaults."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        add = commands.add_parser("add", help="add a source")
        add.add_argument("--name", required=True)
        add.add_argument("--format", required=True, choices=FeedFormat.values)
        add.add_argument("--url", default="")
        add.add_argument("--interval", type=int, default=360, help="minutes between polls")
        add.add_argument("--reliability", default="C", choices=SourceReliability.values)
        add.add_argument("--auto-accept", action="store_true")
        add.add_argument("--disabled", action="store_true")
        poll = commands.add_parser("poll", help="fetch a source's URL once, now")
        poll.add_argument("name")
        load = commands.add_parser("import", help="read one file into a source")
        load.add_argument("name")
        load.add_argument("file", type=Path)
        commands.add_parser("list", help="the sources and their last run")
        commands.add_parser(
            "archives", help="load the shipped public archives (NGA ASAM, IMB), once"
        )
        reread = commands.add_parser(
            "reread",
            help="read every record's text again with the current reader, updating the facts "
            "of their incidents that no editor set by hand",
        )
        reread.add_argument(
            "--queue", action="store_true", help="put it on a worker instead of reading here"
        )
        commands.add_parser(
            "corrections", help="the editors' corrections of what the reader read, as JSON labels"
        )
        commands.add_parser(
            "defaults",
            help="add the shipped live sources (NGA ASAM, UKMTO) that are missing; they are "
            "polled when FEEDS_LIVE_SOURCES is true",
        )

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _add(self, *, name, format, url, interval, reliability, auto_accept, disabled, **_):
        try:
            source = services.source_add(
                name=name,
                format=format,
                url=url,
                interval_minutes=interval,
                reliability=reliability,
                auto_accept=auto_accept,
                enabled=not disabled,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Added {source.name} ({source.slug}): {source.get_format_display()}.")

    def _poll(self, *, name, **_):
        source = _source(name)
        try:
            run = services.poll(source, trigger=FeedRun.Trigger.COMMAND)
        except (services.SourceBusy, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
        self.stdout.write(_report(run) + (" (not modified)" if run.not_modified else ""))
        if run.state == FeedRun.State.FAILED:
            raise CommandError("The poll failed; what was stored before is untouched.")

    def _import(self, *, name, file, **_):
        source = _source(name)
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            run = services.ingest(source, content, trigger=FeedRun.Trigger.COMMAND)
        except services.SourceBusy as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_report(run))
        if run.state == FeedRun.State.FAILED:
            raise CommandError("The run failed; nothing of this file was stored.")

    def _reread(self, *, queue, **_):
        reading = rereading.reading_ask()
        if queue:
            self.stdout.write(f"Reading {reading.pk} is on its way to a worker.")
            return
        try:
            reading = rereading.run_alone(reading, say=self.stdout.write)
        except rereading.ReadingBusy as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Read {reading.done:,} records again: {reading.records_changed:,} read otherwise, "
            f"{reading.incidents_changed:,} incidents changed."
        )

    def _corrections(self, **_):
        self.stdout.write(json.dumps(rereading.corrections_as_labels(), indent=1))

    def _defaults(self, **_):
        try:
            live.install(say=self.stdout.write)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _list(self, **_):
        for source in FeedSource.objects.order_by("name"):
            run = source.runs.first()
            last = _report(run) if run else f"{source}: never run"
            flags = "" if source.enabled else " (disabled)"
            self.stdout.write(f"{source.slug}{flags}: {source.get_format_display()}\n  {last}")

    def _archives(self, **_):

        started = time.perf_counter()
        try:
            runs = archives.load(say=self.stdout.write)
        except services.SourceBusy as error:
            raise CommandError(str(error)) from None
        if not runs:
            self.stdout.write("The public archives are loaded already.")
            return
        if any(run.state == FeedRun.State.FAILED for run in runs):
            raise CommandError("An archive failed to load; the next start tries it again.")
        self.stdout.write(f"The public archives loaded in {time.perf_counter() - started:.1f} s.")
