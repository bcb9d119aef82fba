"""The trend cells count each source grade too: the trigger is made again from
``trendcells.FACTS`` and the cells are recounted."""

from django.db import migrations

from incidents import trendcells


def recount(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for statement in trendcells.rebuild_sql():
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0012_job_heartbeats")]

    operations = [
        migrations.RunSQL(trendcells.FUNCTIONS_SQL, migrations.RunSQL.noop),
        migrations.RunPython(recount, migrations.RunPython.noop),
    ]
