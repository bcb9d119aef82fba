"""Load the curated ports and anchorages from incidents/data/ports.csv."""

from django.db import migrations


def load(apps, schema_editor):
    from incidents.ports import load_ports

    load_ports(apps.get_model("incidents", "Port"))


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
