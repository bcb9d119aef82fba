"""Check every kind of counted cells (the map's, the trends') against the incidents, or
recount them."""

from django.core.management.base import BaseCommand, CommandError

from incidents.cells import KINDS


class Command(BaseCommand):
    help = (
        "Check the counted cells of every kind (--check) or recount them from the incidents "
        "(--rebuild)."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--check", action="store_true")
        action.add_argument("--rebuild", action="store_true")

    def handle(self, *args, check, rebuild, **options):
        wrong = []
        for name, cells in KINDS.items():
            if rebuild:
                self.stdout.write(f"The {name} cells: {cells.rebuild():,} recounted.")
                continue
            differing = cells.differences()
            if differing:
                wrong.append(f"{differing:,} of the {name} cells")
            else:
                self.stdout.write(f"The {name} cells match the incidents.")
        if wrong:
            raise CommandError(f"{' and '.join(wrong)} differ from the incidents: run --rebuild.")
