"""The trend cells count each source grade too: the trigger is made again with a fact per
grade and the cells are recounted."""

from django.db import migrations

# The trend cells' functions and the recount, as written when this migration was made.
FUNCTIONS_SQL = r"""
CREATE OR REPLACE FUNCTION incidents_int_array_add(a integer[], b integer[])
RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(x + y ORDER BY n) FROM unnest(a, b) WITH ORDINALITY AS u(x, y, n)
$$;

CREATE OR REPLACE FUNCTION incidents_count_add(counts jsonb, k text, delta integer)
RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN k IS NULL THEN counts
    WHEN coalesce((counts ->> k)::integer, 0) + delta = 0 THEN counts - k
    ELSE jsonb_set(counts, ARRAY[k], to_jsonb(coalesce((counts ->> k)::integer, 0) + delta))
  END
$$;

CREATE OR REPLACE FUNCTION incidents_trendcell_count(i incidents_incident, delta integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_owner integer := CASE WHEN i.tlp IN ('amber', 'amber_strict') THEN i.organisation_id END;
  v_month date := date_trunc('month', i.occurred_on)::date;
  v_dow integer := extract(isodow FROM i.occurred_on)::integer;
  v_hour integer := extract(hour FROM i.occurred_time)::integer;
  v_minute integer := v_hour * 60 + extract(minute FROM i.occurred_time)::integer;
BEGIN
  IF i.tlp = 'red' OR i.status = 'retracted' THEN
    RETURN;
  END IF;
  -- A new cell takes the incident's figures; a kept one adds them (or takes them away). A
  -- minute stays marked while some incident of the cell happened at it.
  INSERT INTO incidents_trendcell AS cell (region, month, category, tlp, organisation_id, incidents, weekdays, hours, outcomes, facts, perpetrators, minutes, minute_counts, crew_on_board, countries)
  VALUES (i.region, v_month, i.category, i.tlp, v_owner, delta,
          ARRAY(SELECT CASE WHEN d = v_dow THEN delta ELSE 0 END FROM generate_series(1, 7) d),
          ARRAY(SELECT CASE WHEN h = v_hour THEN delta ELSE 0 END FROM generate_series(0, 23) h),
          ARRAY[CASE WHEN i.outcome = 'successful' THEN delta ELSE 0 END, CASE WHEN i.outcome = 'unsuccessful' THEN delta ELSE 0 END, CASE WHEN i.outcome = 'unknown' THEN delta ELSE 0 END],
          ARRAY[CASE WHEN i.crew_restrained THEN delta ELSE 0 END, CASE WHEN i.crew_assaulted THEN delta ELSE 0 END, CASE WHEN i.crew_injured > 0 THEN delta ELSE 0 END, CASE WHEN i.crew_kidnapped > 0 THEN delta ELSE 0 END, CASE WHEN i.crew_killed > 0 THEN delta ELSE 0 END, CASE WHEN i.weapons @> ARRAY['none']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.weapons @> ARRAY['knives']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.weapons @> ARRAY['machetes']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.weapons @> ARRAY['guns']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.weapons @> ARRAY['other']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.targets @> ARRAY['forecastle_store']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.targets @> ARRAY['bosun_store']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.targets @> ARRAY['engine_room']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.targets @> ARRAY['ships_stores']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.targets @> ARRAY['cargo']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.targets @> ARRAY['crew_property']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.targets @> ARRAY['bunkers']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.targets @> ARRAY['other']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.outcome = 'unsuccessful' AND i.foiled_by @> ARRAY['crew_alert']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.outcome = 'unsuccessful' AND i.foiled_by @> ARRAY['alarm']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.outcome = 'unsuccessful' AND i.foiled_by @> ARRAY['security_team']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.outcome = 'unsuccessful' AND i.foiled_by @> ARRAY['navy']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.outcome = 'unsuccessful' AND i.foiled_by @> ARRAY['manoeuvre']::varchar[] THEN delta ELSE 0 END, CASE WHEN i.source_reliability = '' THEN delta ELSE 0 END, CASE WHEN i.source_reliability = 'A' THEN delta ELSE 0 END, CASE WHEN i.source_reliability = 'B' THEN delta ELSE 0 END, CASE WHEN i.source_reliability = 'C' THEN delta ELSE 0 END, CASE WHEN i.source_reliability = 'D' THEN delta ELSE 0 END, CASE WHEN i.source_reliability = 'E' THEN delta ELSE 0 END, CASE WHEN i.source_reliability = 'F' THEN delta ELSE 0 END],
          incidents_count_add('{}'::jsonb, i.perpetrators::text, delta),
          CASE WHEN v_minute IS NULL THEN repeat('0', 1440)::bit(1440)
               ELSE set_bit(repeat('0', 1440)::bit(1440), v_minute, 1) END,
          incidents_count_add('{}'::jsonb, v_minute::text, delta),
          coalesce(i.crew_on_board, 0) * delta,
          incidents_count_add('{}'::jsonb, nullif(i.country, ''), delta))
  ON CONFLICT (region, month, category, tlp, organisation_id) DO UPDATE SET
    incidents = cell.incidents + delta,
    weekdays = incidents_int_array_add(cell.weekdays, EXCLUDED.weekdays),
    hours = incidents_int_array_add(cell.hours, EXCLUDED.hours),
    outcomes = incidents_int_array_add(cell.outcomes, EXCLUDED.outcomes),
    facts = incidents_int_array_add(cell.facts, EXCLUDED.facts),
    perpetrators = incidents_count_add(cell.perpetrators, i.perpetrators::text, delta),
    minutes = CASE
      WHEN v_minute IS NULL THEN cell.minutes
      WHEN coalesce((cell.minute_counts ->> v_minute::text)::integer, 0) + delta > 0
        THEN set_bit(cell.minutes, v_minute, 1)
      ELSE set_bit(cell.minutes, v_minute, 0) END,
    minute_counts = incidents_count_add(cell.minute_counts, v_minute::text, delta),
    crew_on_board = cell.crew_on_board + EXCLUDED.crew_on_board,
    countries = incidents_count_add(cell.countries, nullif(i.country, ''), delta);
  IF i.port_id IS NOT NULL THEN
    INSERT INTO incidents_portmonth AS cell (month, region, port_id, tlp, organisation_id, incidents)
    VALUES (v_month, i.region, i.port_id, i.tlp, v_owner, delta)
    ON CONFLICT (month, region, port_id, tlp, organisation_id) DO UPDATE SET incidents = cell.incidents + delta;
  END IF;
  IF delta < 0 THEN
    DELETE FROM incidents_portmonth
    WHERE month = v_month AND region = i.region AND port_id = i.port_id AND tlp = i.tlp
      AND organisation_id IS NOT DISTINCT FROM v_owner AND incidents <= 0;
    DELETE FROM incidents_trendcell
    WHERE region = i.region AND month = v_month AND category = i.category AND tlp = i.tlp
      AND organisation_id IS NOT DISTINCT FROM v_owner AND incidents <= 0;
  END IF;
END
$$;


CREATE OR REPLACE FUNCTION incidents_trendcell_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('csoa.bulk_load', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND (OLD.region, OLD.port_id, OLD.occurred_on, OLD.occurred_time, OLD.category, OLD.status = 'retracted', OLD.tlp, OLD.organisation_id, OLD.outcome, OLD.foiled_by, OLD.perpetrators, OLD.weapons, OLD.targets, OLD.crew_restrained, OLD.crew_assaulted, OLD.crew_injured, OLD.crew_kidnapped, OLD.crew_killed, OLD.crew_on_board, OLD.country, OLD.source_reliability) IS NOT DISTINCT FROM (NEW.region, NEW.port_id, NEW.occurred_on, NEW.occurred_time, NEW.category, NEW.status = 'retracted', NEW.tlp, NEW.organisation_id, NEW.outcome, NEW.foiled_by, NEW.perpetrators, NEW.weapons, NEW.targets, NEW.crew_restrained, NEW.crew_assaulted, NEW.crew_injured, NEW.crew_kidnapped, NEW.crew_killed, NEW.crew_on_board, NEW.country, NEW.source_reliability) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM incidents_trendcell_count(OLD, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM incidents_trendcell_count(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS incidents_trendcell ON incidents_incident;
CREATE TRIGGER incidents_trendcell AFTER INSERT OR UPDATE OR DELETE ON incidents_incident
  FOR EACH ROW EXECUTE FUNCTION incidents_trendcell_trigger();
"""

COUNT_SQL = [
    r"""LOCK TABLE incidents_incident IN SHARE MODE""",
    r"""DELETE FROM incidents_trendcell""",
    r"""DELETE FROM incidents_portmonth""",
    r"""INSERT INTO incidents_trendcell (region, month, category, tlp, organisation_id, incidents, weekdays, hours, outcomes, facts, perpetrators, minutes, minute_counts, crew_on_board, countries) 
    WITH i AS (
      SELECT i.region, date_trunc('month', i.occurred_on)::date AS month,
             i.category, i.tlp, CASE WHEN i.tlp IN ('amber', 'amber_strict') THEN i.organisation_id END AS organisation_id,
             i.outcome, i.perpetrators, i.weapons, i.targets, i.foiled_by, i.crew_restrained,
             i.crew_assaulted, i.crew_injured, i.crew_kidnapped, i.crew_killed,
             i.crew_on_board, nullif(i.country, '') AS country, i.source_reliability,
             extract(isodow FROM i.occurred_on)::integer AS dow,
             extract(hour FROM i.occurred_time)::integer AS hour,
             (extract(hour FROM i.occurred_time) * 60
              + extract(minute FROM i.occurred_time))::integer AS minute
      FROM incidents_incident AS i WHERE tlp <> 'red' AND status <> 'retracted'
    ), f AS (
      SELECT region, month, category, tlp, organisation_id, sum(n)::integer AS incidents, ARRAY[sum(weekdays_0), sum(weekdays_1), sum(weekdays_2), sum(weekdays_3), sum(weekdays_4), sum(weekdays_5), sum(weekdays_6)]::integer[] AS weekdays, ARRAY[sum(hours_0), sum(hours_1), sum(hours_2), sum(hours_3), sum(hours_4), sum(hours_5), sum(hours_6), sum(hours_7), sum(hours_8), sum(hours_9), sum(hours_10), sum(hours_11), sum(hours_12), sum(hours_13), sum(hours_14), sum(hours_15), sum(hours_16), sum(hours_17), sum(hours_18), sum(hours_19), sum(hours_20), sum(hours_21), sum(hours_22), sum(hours_23)]::integer[] AS hours, ARRAY[sum(outcomes_0), sum(outcomes_1), sum(outcomes_2)]::integer[] AS outcomes, ARRAY[sum(facts_0), sum(facts_1), sum(facts_2), sum(facts_3), sum(facts_4), sum(facts_5), sum(facts_6), sum(facts_7), sum(facts_8), sum(facts_9), sum(facts_10), sum(facts_11), sum(facts_12), sum(facts_13), sum(facts_14), sum(facts_15), sum(facts_16), sum(facts_17), sum(facts_18), sum(facts_19), sum(facts_20), sum(facts_21), sum(facts_22), sum(facts_23), sum(facts_24), sum(facts_25), sum(facts_26), sum(facts_27), sum(facts_28), sum(facts_29)]::integer[] AS facts,
             coalesce(jsonb_object_agg(perpetrators, n) FILTER (WHERE perpetrators IS NOT NULL),
                      '{}'::jsonb) AS perpetrators,
             bit_or(minutes) AS minutes, coalesce(sum(crew), 0)::integer AS crew_on_board
      FROM (
        SELECT region, month, category, tlp, organisation_id, perpetrators, count(*) AS n, count(*) FILTER (WHERE dow = 1) AS weekdays_0, count(*) FILTER (WHERE dow = 2) AS weekdays_1, count(*) FILTER (WHERE dow = 3) AS weekdays_2, count(*) FILTER (WHERE dow = 4) AS weekdays_3, count(*) FILTER (WHERE dow = 5) AS weekdays_4, count(*) FILTER (WHERE dow = 6) AS weekdays_5, count(*) FILTER (WHERE dow = 7) AS weekdays_6, count(*) FILTER (WHERE hour = 0) AS hours_0, count(*) FILTER (WHERE hour = 1) AS hours_1, count(*) FILTER (WHERE hour = 2) AS hours_2, count(*) FILTER (WHERE hour = 3) AS hours_3, count(*) FILTER (WHERE hour = 4) AS hours_4, count(*) FILTER (WHERE hour = 5) AS hours_5, count(*) FILTER (WHERE hour = 6) AS hours_6, count(*) FILTER (WHERE hour = 7) AS hours_7, count(*) FILTER (WHERE hour = 8) AS hours_8, count(*) FILTER (WHERE hour = 9) AS hours_9, count(*) FILTER (WHERE hour = 10) AS hours_10, count(*) FILTER (WHERE hour = 11) AS hours_11, count(*) FILTER (WHERE hour = 12) AS hours_12, count(*) FILTER (WHERE hour = 13) AS hours_13, count(*) FILTER (WHERE hour = 14) AS hours_14, count(*) FILTER (WHERE hour = 15) AS hours_15, count(*) FILTER (WHERE hour = 16) AS hours_16, count(*) FILTER (WHERE hour = 17) AS hours_17, count(*) FILTER (WHERE hour = 18) AS hours_18, count(*) FILTER (WHERE hour = 19) AS hours_19, count(*) FILTER (WHERE hour = 20) AS hours_20, count(*) FILTER (WHERE hour = 21) AS hours_21, count(*) FILTER (WHERE hour = 22) AS hours_22, count(*) FILTER (WHERE hour = 23) AS hours_23, count(*) FILTER (WHERE outcome = 'successful') AS outcomes_0, count(*) FILTER (WHERE outcome = 'unsuccessful') AS outcomes_1, count(*) FILTER (WHERE outcome = 'unknown') AS outcomes_2, count(*) FILTER (WHERE i.crew_restrained) AS facts_0, count(*) FILTER (WHERE i.crew_assaulted) AS facts_1, count(*) FILTER (WHERE i.crew_injured > 0) AS facts_2, count(*) FILTER (WHERE i.crew_kidnapped > 0) AS facts_3, count(*) FILTER (WHERE i.crew_killed > 0) AS facts_4, count(*) FILTER (WHERE i.weapons @> ARRAY['none']::varchar[]) AS facts_5, count(*) FILTER (WHERE i.weapons @> ARRAY['knives']::varchar[]) AS facts_6, count(*) FILTER (WHERE i.weapons @> ARRAY['machetes']::varchar[]) AS facts_7, count(*) FILTER (WHERE i.weapons @> ARRAY['guns']::varchar[]) AS facts_8, count(*) FILTER (WHERE i.weapons @> ARRAY['other']::varchar[]) AS facts_9, count(*) FILTER (WHERE i.targets @> ARRAY['forecastle_store']::varchar[]) AS facts_10, count(*) FILTER (WHERE i.targets @> ARRAY['bosun_store']::varchar[]) AS facts_11, count(*) FILTER (WHERE i.targets @> ARRAY['engine_room']::varchar[]) AS facts_12, count(*) FILTER (WHERE i.targets @> ARRAY['ships_stores']::varchar[]) AS facts_13, count(*) FILTER (WHERE i.targets @> ARRAY['cargo']::varchar[]) AS facts_14, count(*) FILTER (WHERE i.targets @> ARRAY['crew_property']::varchar[]) AS facts_15, count(*) FILTER (WHERE i.targets @> ARRAY['bunkers']::varchar[]) AS facts_16, count(*) FILTER (WHERE i.targets @> ARRAY['other']::varchar[]) AS facts_17, count(*) FILTER (WHERE i.outcome = 'unsuccessful' AND i.foiled_by @> ARRAY['crew_alert']::varchar[]) AS facts_18, count(*) FILTER (WHERE i.outcome = 'unsuccessful' AND i.foiled_by @> ARRAY['alarm']::varchar[]) AS facts_19, count(*) FILTER (WHERE i.outcome = 'unsuccessful' AND i.foiled_by @> ARRAY['security_team']::varchar[]) AS facts_20, count(*) FILTER (WHERE i.outcome = 'unsuccessful' AND i.foiled_by @> ARRAY['navy']::varchar[]) AS facts_21, count(*) FILTER (WHERE i.outcome = 'unsuccessful' AND i.foiled_by @> ARRAY['manoeuvre']::varchar[]) AS facts_22, count(*) FILTER (WHERE i.source_reliability = '') AS facts_23, count(*) FILTER (WHERE i.source_reliability = 'A') AS facts_24, count(*) FILTER (WHERE i.source_reliability = 'B') AS facts_25, count(*) FILTER (WHERE i.source_reliability = 'C') AS facts_26, count(*) FILTER (WHERE i.source_reliability = 'D') AS facts_27, count(*) FILTER (WHERE i.source_reliability = 'E') AS facts_28, count(*) FILTER (WHERE i.source_reliability = 'F') AS facts_29, sum(crew_on_board) AS crew,
               bit_or(CASE WHEN minute IS NULL THEN repeat('0', 1440)::bit(1440)
                           ELSE set_bit(repeat('0', 1440)::bit(1440), minute, 1) END) AS minutes
        FROM i GROUP BY region, month, category, tlp, organisation_id, perpetrators
      ) AS g
      GROUP BY region, month, category, tlp, organisation_id
    ), m AS (
      SELECT region, month, category, tlp, organisation_id, jsonb_object_agg(minute, n) AS minute_counts
      FROM (SELECT region, month, category, tlp, organisation_id, minute, count(*) AS n FROM i WHERE minute IS NOT NULL
            GROUP BY region, month, category, tlp, organisation_id, minute) AS g
      GROUP BY region, month, category, tlp, organisation_id
    ), c AS (
      SELECT region, month, category, tlp, organisation_id, jsonb_object_agg(country, n) AS countries
      FROM (SELECT region, month, category, tlp, organisation_id, country, count(*) AS n FROM i WHERE country IS NOT NULL
            GROUP BY region, month, category, tlp, organisation_id, country) AS g
      GROUP BY region, month, category, tlp, organisation_id
    )
    SELECT f.region, f.month, f.category, f.tlp, f.organisation_id, f.incidents, f.weekdays, f.hours, f.outcomes,
           f.facts, f.perpetrators, f.minutes,
           coalesce(m.minute_counts, '{}'::jsonb) AS minute_counts, f.crew_on_board,
           coalesce(c.countries, '{}'::jsonb) AS countries
    FROM f LEFT JOIN m ON f.region = m.region AND f.month = m.month AND f.category = m.category AND f.tlp = m.tlp AND coalesce(f.organisation_id, 0) = coalesce(m.organisation_id, 0) LEFT JOIN c ON f.region = c.region AND f.month = c.month AND f.category = c.category AND f.tlp = c.tlp AND coalesce(f.organisation_id, 0) = coalesce(c.organisation_id, 0)
    """,
    r"""INSERT INTO incidents_portmonth (month, region, port_id, tlp, organisation_id, incidents) 
    SELECT date_trunc('month', occurred_on)::date AS month, region, port_id, tlp,
           CASE WHEN tlp IN ('amber', 'amber_strict') THEN organisation_id END AS organisation_id, count(*)::integer AS incidents
    FROM incidents_incident WHERE tlp <> 'red' AND status <> 'retracted' AND port_id IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
    """,
]


class Migration(migrations.Migration):
    dependencies = [("incidents", "0012_job_heartbeats")]

    operations = [
        migrations.RunSQL(FUNCTIONS_SQL, migrations.RunSQL.noop),
        migrations.RunSQL(COUNT_SQL, migrations.RunSQL.noop),
    ]
