"""The incident's search vector is kept by the database: a trigger computes it before every
insert and every update that changes what it is made of."""

from django.db import migrations

# The trigger, as written when this migration was made.
TRIGGER_SQL = r"""
CREATE OR REPLACE FUNCTION incidents_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.search IS NOT NULL
     AND (NEW.vessel_name, NEW.port_id, NEW.description, NEW.stolen)
         IS NOT DISTINCT FROM (OLD.vessel_name, OLD.port_id, OLD.description, OLD.stolen) THEN
    RETURN NEW;
  END IF;
  NEW.search :=
    setweight(to_tsvector('english', coalesce(NEW.vessel_name, '') || ' ' ||
      coalesce((SELECT p.name FROM incidents_port AS p WHERE p.id = NEW.port_id), '')), 'A')
    || setweight(to_tsvector('english', coalesce(NEW.description, '') || ' ' ||
      coalesce(NEW.stolen, '')), 'B');
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS incidents_search ON incidents_incident;
CREATE TRIGGER incidents_search BEFORE INSERT OR UPDATE ON incidents_incident
  FOR EACH ROW EXECUTE FUNCTION incidents_search_vector();
"""

DROP_SQL = r"""
DROP TRIGGER IF EXISTS incidents_search ON incidents_incident;
DROP FUNCTION IF EXISTS incidents_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [("incidents", "0014_trend_cells_to_reports")]

    operations = [migrations.RunSQL(TRIGGER_SQL, DROP_SQL)]
