"""Bulk-load generated incident history for load and speed work."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from csoa.dev.generate import seed_incidents


class Command(BaseCommand):
    help = "Bulk-load N generated, realistic incidents (since 2013, at the curated ports)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=None, help="For a repeatable history.")
        parser.add_argument("--batch", type=int, default=50_000)

    def handle(self, *args, count, seed, batch, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_incidents refuses to run in production.")
        if not 1 <= count <= 10_000_000:
            raise CommandError("--count must be between 1 and 10,000,000.")
        if not 1 <= batch <= 500_000:
            raise CommandError("--batch must be between 1 and 500,000.")
        started = time.monotonic()
        written = seed_incidents(count, seed=seed, batch=batch)
        seconds = time.monotonic() - started
        self.stdout.write(
            f"{written} incidents loaded in {seconds:.1f} s ({written / seconds:,.0f} a second)."
        )
