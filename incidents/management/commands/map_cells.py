"""Check the map's counted cells against the incidents, or recount them."""

from django.core.management.base import BaseCommand, CommandError

from incidents import mapcells


class Command(BaseCommand):
    help = "Check the map's counted cells (--check) or recount them from the incidents (--rebuild)."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--check", action="store_true")
        action.add_argument("--rebuild", action="store_true")

    def handle(self, *args, check, rebuild, **options):
        if rebuild:
            self.stdout.write(f"{mapcells.rebuild():,} cells recounted.")
            return
        wrong = mapcells.differences()
        if wrong:
            raise CommandError(f"{wrong:,} cells differ from the incidents: run --rebuild.")
        self.stdout.write("The map's cells match the incidents.")
