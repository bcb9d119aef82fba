"""What the counted cells share (the map's, ``incidents.mapcells``; the trends',
``reports.trendcells``): the trigger that takes an incident out of its cells and puts it
back when it changes, the rebuild, and the register of the kinds of cells.

Each kind of cell has a count function, ``incidents_<name>_count(incident, delta)``, and
names the columns whose change moves an incident between cells (``watched``). Bulk loads
switch every such trigger off for their session (``SET csoa.bulk_load = 'on'``) and rebuild
the cells of every registered kind at the end (``bulk_load``). Apps register their kind when
they are ready (``register``), so this app need not know the apps that count its incidents.
"""

from __future__ import annotations

from typing import Protocol

from django.db import connection, transaction

from kit.registry import KeyedRegister


class CountedCells(Protocol):
    """A kind of counted cells: ``rebuild`` recounts them (returning the rows written);
    ``differences`` counts the cells that differ from a recount (0 when exact)."""

    def rebuild(self) -> int: ...

    def differences(self) -> int: ...


KINDS: KeyedRegister[str, CountedCells] = KeyedRegister("kinds of counted cells")


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
    """Within this block, this connection's writes skip the triggers of the counted cells;
    every kind is rebuilt at the end, also when the block fails part of the way."""

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute("SET csoa.bulk_load = 'on'")
        return self

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute("RESET csoa.bulk_load")
        for kind in KINDS.values():
            kind.rebuild()
        with connection.cursor() as cursor:
            # The planner's view of the new rows and their timeline entries.
            cursor.execute("ANALYZE incidents_incident, incidents_incidentchange")
        return False
