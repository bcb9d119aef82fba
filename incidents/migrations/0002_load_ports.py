"""Load the curated ports and anchorages from incidents/data/ports.csv.

What it needs is written here rather than imported, so that later changes to the app's code
cannot change what this migration does: the file is read as CSV, and only the columns the
port table has at this point of the history are written."""

import csv
from pathlib import Path

from django.db import migrations

PORTS_CSV = Path(__file__).resolve().parents[1] / "data" / "ports.csv"
NUMBERS = ("latitude", "longitude", "radius_nm")


def load(apps, schema_editor):
    port_model = apps.get_model("incidents", "Port")
    columns = {field.name for field in port_model._meta.concrete_fields} - {"id", "code"}
    with PORTS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            values = {name: value for name, value in row.items() if name in columns}
            for name in NUMBERS:
                values[name] = float(values[name])
            port_model.objects.update_or_create(code=row["code"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
