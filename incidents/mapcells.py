"""The map's grid of counted cells (``MapCell``): tile arithmetic, the triggers, the rebuild.

A database trigger on ``incidents_incident`` keeps the cells exact on every insert, update
and delete, whatever code path makes it, in the same transaction (``incidents.cells``).
Triggers on the two tables that share incidents with organisations and groups keep each
incident's audience (``Audience``) in ``incidents_incident.audience_id``; changing it moves
the incident between cells like any other change. They run during bulk loads too (the
cells' rebuild reads the audiences they keep).
"""

from __future__ import annotations

import math

from django.db import connection

from . import cells

FIRST_LEVEL = 2
LAST_LEVEL = 12
CELLS_PER_TILE_LOG2 = 2  # a cell at level z+2 is a quarter of a 256-pixel tile at zoom z
MAX_MERCATOR_LATITUDE = 85.05112878

# The same arithmetic in SQL and in Python: a cell of a point at a level.
FUNCTIONS_SQL = f"""
CREATE OR REPLACE FUNCTION incidents_tile_x(longitude double precision, level integer)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT least((1 << level) - 1,
               greatest(0, floor((longitude + 180) / 360 * (1 << level))))::integer
$$;

CREATE OR REPLACE FUNCTION incidents_tile_y(latitude double precision, level integer)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT least((1 << level) - 1, greatest(0, floor(
    (1 - asinh(tan(radians(
      greatest(-{MAX_MERCATOR_LATITUDE}, least({MAX_MERCATOR_LATITUDE}, latitude))
    ))) / pi()) / 2 * (1 << level)
  )))::integer
$$;

CREATE OR REPLACE FUNCTION incidents_mapcell_count(i incidents_incident, delta integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  lvl integer;
  cx integer;
  cy integer;
  owner integer := CASE WHEN i.tlp IN ('amber', 'amber_strict') THEN i.organisation_id END;
  shared bigint := CASE WHEN i.tlp = 'amber' THEN i.audience_id END;
BEGIN
  IF i.tlp = 'red' THEN
    RETURN;
  END IF;
  FOR lvl IN {FIRST_LEVEL}..{LAST_LEVEL} LOOP
    cx := incidents_tile_x(i.longitude, lvl);
    cy := incidents_tile_y(i.latitude, lvl);
    INSERT INTO incidents_mapcell AS cell
      (level, x, y, region, category, status, tlp, organisation_id, audience_id,
       count, sum_latitude, sum_longitude)
    VALUES (lvl, cx, cy, i.region, i.category, i.status, i.tlp, owner, shared,
            delta, delta * i.latitude, delta * i.longitude)
    ON CONFLICT (level, x, y, region, category, status, tlp, organisation_id, audience_id)
    DO UPDATE
      SET count = cell.count + EXCLUDED.count,
          sum_latitude = cell.sum_latitude + EXCLUDED.sum_latitude,
          sum_longitude = cell.sum_longitude + EXCLUDED.sum_longitude;
    IF delta < 0 THEN
      DELETE FROM incidents_mapcell
      WHERE level = lvl AND x = cx AND y = cy AND region = i.region
        AND category = i.category AND status = i.status AND tlp = i.tlp
        AND organisation_id IS NOT DISTINCT FROM owner
        AND audience_id IS NOT DISTINCT FROM shared AND count <= 0;
    END IF;
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION incidents_audience_of(incident bigint)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  orgs bigint[];
  grps bigint[];
  found bigint;
BEGIN
  SELECT coalesce(array_agg(DISTINCT s.organisation_id ORDER BY s.organisation_id), '{{}}')
    INTO orgs FROM incidents_incident_shared_with_organisations AS s
    WHERE s.incident_id = incident;
  SELECT coalesce(array_agg(DISTINCT s.group_id ORDER BY s.group_id), '{{}}')
    INTO grps FROM incidents_incident_shared_with_groups AS s WHERE s.incident_id = incident;
  IF orgs = '{{}}' AND grps = '{{}}' THEN
    RETURN NULL;
  END IF;
  INSERT INTO incidents_audience (organisations, groups) VALUES (orgs, grps)
    ON CONFLICT (organisations, groups) DO NOTHING;
  SELECT a.id INTO found FROM incidents_audience AS a
    WHERE a.organisations = orgs AND a.groups = grps;
  RETURN found;
END
$$;

CREATE OR REPLACE FUNCTION incidents_audience_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target bigint;
  audience bigint;
BEGIN
  FOREACH target IN ARRAY CASE TG_OP
    WHEN 'INSERT' THEN ARRAY[NEW.incident_id]
    WHEN 'DELETE' THEN ARRAY[OLD.incident_id]
    ELSE ARRAY[OLD.incident_id, NEW.incident_id] END
  LOOP
    audience := incidents_audience_of(target);
    UPDATE incidents_incident SET audience_id = audience
      WHERE id = target AND audience_id IS DISTINCT FROM audience;
  END LOOP;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS incidents_audience ON incidents_incident_shared_with_organisations;
CREATE TRIGGER incidents_audience AFTER INSERT OR UPDATE OR DELETE
  ON incidents_incident_shared_with_organisations
  FOR EACH ROW EXECUTE FUNCTION incidents_audience_trigger();

DROP TRIGGER IF EXISTS incidents_audience ON incidents_incident_shared_with_groups;
CREATE TRIGGER incidents_audience AFTER INSERT OR UPDATE OR DELETE
  ON incidents_incident_shared_with_groups
  FOR EACH ROW EXECUTE FUNCTION incidents_audience_trigger();
"""
FUNCTIONS_SQL += cells.trigger_sql(
    "mapcell",
    [
        "latitude",
        "longitude",
        "region",
        "category",
        "status",
        "tlp",
        "organisation_id",
        "audience_id",
    ],
)

DROP_SQL = """
DROP TRIGGER IF EXISTS incidents_audience ON incidents_incident_shared_with_groups;
DROP TRIGGER IF EXISTS incidents_audience ON incidents_incident_shared_with_organisations;
DROP FUNCTION IF EXISTS incidents_audience_trigger();
DROP FUNCTION IF EXISTS incidents_audience_of(bigint);
DROP TRIGGER IF EXISTS incidents_mapcell ON incidents_incident;
DROP FUNCTION IF EXISTS incidents_mapcell_trigger();
DROP FUNCTION IF EXISTS incidents_mapcell_count(incidents_incident, integer);
DROP FUNCTION IF EXISTS incidents_tile_y(double precision, integer);
DROP FUNCTION IF EXISTS incidents_tile_x(double precision, integer);
"""

_KEY = "region, category, status, tlp, organisation_id, audience_id"
_INSERT = f"INSERT INTO incidents_mapcell (level, x, y, {_KEY}, count, sum_latitude, sum_longitude)"


_SHARED = """(SELECT incident_id FROM incidents_incident_shared_with_groups
    UNION SELECT incident_id FROM incidents_incident_shared_with_organisations)"""
MEND_AUDIENCES_SQL = f"""
UPDATE incidents_incident AS i SET audience_id = mended.audience
FROM (SELECT id, incidents_audience_of(id) AS audience FROM incidents_incident
      WHERE audience_id IS NOT NULL OR id IN {_SHARED}) AS mended
WHERE i.id = mended.id AND i.audience_id IS DISTINCT FROM mended.audience"""


def rebuild_sql() -> list[str]:
    """Count the finest level from the incidents, then each coarser level from the one below
    (a cell's four children at the next level are exactly its area)."""
    statements = [
        "LOCK TABLE incidents_incident IN SHARE MODE",
        MEND_AUDIENCES_SQL,
        "DELETE FROM incidents_mapcell",
        f"""{_INSERT}
        SELECT {LAST_LEVEL}, incidents_tile_x(longitude, {LAST_LEVEL}),
               incidents_tile_y(latitude, {LAST_LEVEL}), region, category, status, tlp,
               CASE WHEN tlp IN ('amber', 'amber_strict') THEN organisation_id END,
               CASE WHEN tlp = 'amber' THEN audience_id END,
               count(*), sum(latitude), sum(longitude)
        FROM incidents_incident WHERE tlp <> 'red'
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9""",
    ]
    for level in range(LAST_LEVEL - 1, FIRST_LEVEL - 1, -1):
        statements.append(
            f"""{_INSERT}
            SELECT {level}, x / 2, y / 2, {_KEY}, sum(count), sum(sum_latitude), sum(sum_longitude)
            FROM incidents_mapcell WHERE level = {level + 1}
            GROUP BY x / 2, y / 2, {_KEY}"""
        )
    return statements


def rebuild() -> int:
    """Recount every cell from the incidents (after a bulk load); returns the cells written."""
    return cells.rebuild(rebuild_sql(), ["incidents_mapcell"])


def differences() -> int:
    """How many (cell, key) counts differ from a recount of the incidents: 0 when exact."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH kept AS (
              SELECT level, x, y, region, category, status, tlp,
                     coalesce(organisation_id, 0) AS owner, coalesce(audience_id, 0) AS shared,
                     count
              FROM incidents_mapcell WHERE count <> 0
            ), counted AS (
              SELECT level, incidents_tile_x(longitude, level) AS x,
                     incidents_tile_y(latitude, level) AS y, region, category, status, tlp,
                     CASE WHEN tlp IN ('amber', 'amber_strict') THEN organisation_id ELSE 0
                       END AS owner,
                     CASE WHEN tlp = 'amber' THEN coalesce(audience_id, 0) ELSE 0 END AS shared,
                     count(*) AS count
              FROM incidents_incident
              CROSS JOIN generate_series({FIRST_LEVEL}, {LAST_LEVEL}) AS level
              WHERE tlp <> 'red'
              GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
            )
            SELECT count(*) FROM kept FULL JOIN counted
              USING (level, x, y, region, category, status, tlp, owner, shared)
            WHERE kept.count IS DISTINCT FROM counted.count
            """
        )
        cells_differing = cursor.fetchone()[0]
    return cells_differing + audiences_differing()


def audiences_differing() -> int:
    """How many incidents hold an audience other than the one their sharing makes."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM incidents_incident AS i
            LEFT JOIN incidents_audience AS a ON a.id = i.audience_id
            WHERE (i.audience_id IS NOT NULL OR i.id IN """
            + _SHARED
            + """)
              AND (coalesce(a.organisations, '{}'), coalesce(a.groups, '{}')) IS DISTINCT FROM (
                (SELECT coalesce(array_agg(DISTINCT organisation_id ORDER BY organisation_id),
                                 '{}')
                 FROM incidents_incident_shared_with_organisations WHERE incident_id = i.id),
                (SELECT coalesce(array_agg(DISTINCT group_id ORDER BY group_id), '{}')
                 FROM incidents_incident_shared_with_groups WHERE incident_id = i.id))
            """
        )
        return cursor.fetchone()[0]


# Python's side of the arithmetic, for the map's bounding boxes ------------------------------


def tile_x(longitude: float, level: int) -> int:
    n = 1 << level
    return min(n - 1, max(0, math.floor((longitude + 180) / 360 * n)))


def tile_y(latitude: float, level: int) -> int:
    n = 1 << level
    c = math.radians(max(-MAX_MERCATOR_LATITUDE, min(MAX_MERCATOR_LATITUDE, latitude)))
    return min(
        n - 1, max(0, math.floor((1 - math.log(math.tan(c) + 1 / math.cos(c)) / math.pi) / 2 * n))
    )
