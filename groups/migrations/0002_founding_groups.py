"""The founding groups: the Port Crime Working Group in CSO Groups (a lens with no fixed
port: its page asks which one), and the four Latest Regional Intelligence groups, each with
its regions as its lens."""

from django.db import migrations

from groups.founding import PORT_CRIME, REGIONAL, found


def create(apps, schema_editor):
    found(apps.get_model("groups", "Group"))


def remove(apps, schema_editor):
    Group = apps.get_model("groups", "Group")
    Group.objects.filter(slug__in=[PORT_CRIME["slug"], *(r[0] for r in REGIONAL)]).delete()


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
