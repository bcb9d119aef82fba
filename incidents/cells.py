"""What the counted cells share (the map's, ``incidents.mapcells``; the trends',
``incidents.trendcells``): the trigger that takes an incident out of its cells and puts it
back when it changes, and the rebuild.

Each kind of cell has a count function, ``incidents_<name>_count(incident, delta)``, and
names the columns whose change moves an incident between cells (``watched``). Bulk loads
switch every such trigger off for their session (``SET csoa.bulk_load = 'on'``) and rebuild
the cells at the end (``bulk_load``).
"""

from __future__ import annotations

from django.db import connection, transaction


def trigger_sql(name: str, watched: list[str]) -> str:
    """The trigger function and the trigger of one kind of cell."""
    old = ", ".join(f"OLD.{column}" for column in watched)
    new = ", ".join(f"NEW.{column}" for column in watched)
    return f"""
CREATE OR REPLACE FUNCTION incidents_{name}_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('csoa.bulk_load', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND ({old}) IS NOT DISTINCT FROM ({new}) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM incidents_{name}_count(OLD, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM incidents_{name}_count(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS incidents_{name} ON incidents_incident;
CREATE TRIGGER incidents_{name} AFTER INSERT OR UPDATE OR DELETE ON incidents_incident
  FOR EACH ROW EXECUTE FUNCTION incidents_{name}_trigger();
"""


def rebuild(statements: list[str], tables: list[str]) -> int:
    """Run a rebuild's statements in one transaction, then ANALYZE the tables (outside it);
    returns the rows the tables hold."""
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        cursor.execute(
            "SELECT " + " + ".join(f"(SELECT count(*) FROM {table})" for table in tables)
        )
        rows = cursor.fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")
    return rows


class bulk_load:
    """Within this block, this connection's writes skip the triggers of the counted cells
    (the map's and the trends'); both are rebuilt at the end, also when the block fails part
    of the way."""

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute("SET csoa.bulk_load = 'on'")
        return self

    def __exit__(self, *exc):
        from . import mapcells, trendcells  # they build their SQL on this module

        with connection.cursor() as cursor:
            cursor.execute("RESET csoa.bulk_load")
        mapcells.rebuild()
        trendcells.rebuild()
        with connection.cursor() as cursor:
            # The planner's view of the new rows and their timeline entries.
            cursor.execute("ANALYZE incidents_incident, incidents_incidentchange")
        return False
