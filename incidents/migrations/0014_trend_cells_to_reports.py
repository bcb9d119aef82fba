"""The trends' counted cells move to the reports app (their tables stay as they are); an
export's kinds come from the formats of rows and the documents apps register; the map cells'
functions are installed as the code now writes them."""

from django.db import migrations, models

import incidents.models

# The map cells' functions and trigger, as written when this migration was made.
FUNCTIONS_SQL = r"""
CREATE OR REPLACE FUNCTION incidents_tile_x(longitude double precision, level integer)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT least((1 << level) - 1,
               greatest(0, floor((longitude + 180) / 360 * (1 << level))))::integer
$$;

CREATE OR REPLACE FUNCTION incidents_tile_y(latitude double precision, level integer)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT least((1 << level) - 1, greatest(0, floor(
    (1 - asinh(tan(radians(
      greatest(-85.05112878, least(85.05112878, latitude))
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
BEGIN
  IF i.tlp = 'red' THEN
    RETURN;
  END IF;
  FOR lvl IN 2..12 LOOP
    cx := incidents_tile_x(i.longitude, lvl);
    cy := incidents_tile_y(i.latitude, lvl);
    INSERT INTO incidents_mapcell AS cell
      (level, x, y, region, category, status, tlp, organisation_id,
       count, sum_latitude, sum_longitude)
    VALUES (lvl, cx, cy, i.region, i.category, i.status, i.tlp, owner,
            delta, delta * i.latitude, delta * i.longitude)
    ON CONFLICT (level, x, y, region, category, status, tlp, organisation_id) DO UPDATE
      SET count = cell.count + EXCLUDED.count,
          sum_latitude = cell.sum_latitude + EXCLUDED.sum_latitude,
          sum_longitude = cell.sum_longitude + EXCLUDED.sum_longitude;
    IF delta < 0 THEN
      DELETE FROM incidents_mapcell
      WHERE level = lvl AND x = cx AND y = cy AND region = i.region
        AND category = i.category AND status = i.status AND tlp = i.tlp
        AND organisation_id IS NOT DISTINCT FROM owner AND count <= 0;
    END IF;
  END LOOP;
END
$$;


CREATE OR REPLACE FUNCTION incidents_mapcell_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('csoa.bulk_load', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND (OLD.latitude, OLD.longitude, OLD.region, OLD.category, OLD.status, OLD.tlp, OLD.organisation_id) IS NOT DISTINCT FROM (NEW.latitude, NEW.longitude, NEW.region, NEW.category, NEW.status, NEW.tlp, NEW.organisation_id) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM incidents_mapcell_count(OLD, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM incidents_mapcell_count(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS incidents_mapcell ON incidents_incident;
CREATE TRIGGER incidents_mapcell AFTER INSERT OR UPDATE OR DELETE ON incidents_incident
  FOR EACH ROW EXECUTE FUNCTION incidents_mapcell_trigger();
"""


class Migration(migrations.Migration):
    dependencies = [("incidents", "0013_trend_cells_grades")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="trendcell", name="organisation"),
                migrations.DeleteModel(name="PortMonth"),
                migrations.DeleteModel(name="TrendCell"),
            ]
        ),
        migrations.AlterField(
            model_name="export",
            name="format",
            field=models.CharField(choices=incidents.models.export_formats, max_length=10),
        ),
        migrations.RunSQL(FUNCTIONS_SQL, migrations.RunSQL.noop),
    ]
