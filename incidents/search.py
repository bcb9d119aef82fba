"""Full-text search over incidents: the description, what was stolen, the vessel and place.

The vector is stored on the incident (``Incident.search``, GIN-indexed) and kept by the
database: a trigger computes it before every insert and before every update that changes
the vessel's name, the port, the description or what was stolen, whatever code writes the
row (a service, a bulk load, a COPY). A search at a million incidents reads an index
instead of parsing every description. Renaming a port (reference data, loaded by a
migration) leaves its incidents' vectors as they were until they next change.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery

CONFIG = "english"

# The trigger; a migration installs it as it is written here (a change is a new migration).
TRIGGER_SQL = f"""
CREATE OR REPLACE FUNCTION incidents_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.search IS NOT NULL
     AND (NEW.vessel_name, NEW.port_id, NEW.description, NEW.stolen)
         IS NOT DISTINCT FROM (OLD.vessel_name, OLD.port_id, OLD.description, OLD.stolen) THEN
    RETURN NEW;
  END IF;
  NEW.search :=
    setweight(to_tsvector('{CONFIG}', coalesce(NEW.vessel_name, '') || ' ' ||
      coalesce((SELECT p.name FROM incidents_port AS p WHERE p.id = NEW.port_id), '')), 'A')
    || setweight(to_tsvector('{CONFIG}', coalesce(NEW.description, '') || ' ' ||
      coalesce(NEW.stolen, '')), 'B');
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS incidents_search ON incidents_incident;
CREATE TRIGGER incidents_search BEFORE INSERT OR UPDATE ON incidents_incident
  FOR EACH ROW EXECUTE FUNCTION incidents_search_vector();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS incidents_search ON incidents_incident;
DROP FUNCTION IF EXISTS incidents_search_vector();
"""


def search_query(text: str) -> SearchQuery:
    """What a member types, read as a web search: words, "quoted phrases", -excluded, or."""
    return SearchQuery(text, config=CONFIG, search_type="websearch")
