"""The trends' counted cells (``TrendCell``, and ``PortMonth`` for the top ports): what each
cell adds up, the trigger, the rebuild and the check.

A database trigger on ``incidents_incident`` keeps the cells exact on every insert, update
and delete, in the same transaction, as the map's trigger keeps the map's cells
(``incidents.mapcells``): bulk loads switch both off for their session and rebuild both
when done.

What a cell adds up is written once, here, in SQL generated from the choices (``FACTS``):
the trigger and the rebuild are made from it. A migration installs them; a new weapon,
target or way of foiling an attempt needs a migration that runs ``FUNCTIONS_SQL`` and
``rebuild_sql()`` again (the check, ``differences()``, fails until then).
"""

from __future__ import annotations

import re

from django.db import connection

from incidents import cells
from incidents.models import FoiledBy, Outcome, SourceReliability, Target, Weapon

MINUTES_A_DAY = 24 * 60
GRADES = ["", *SourceReliability.values]  # "" for a source not graded yet

# What was done to the crew: the condition on an incident.
CREW = {
    "restrained": "{i}crew_restrained",
    "assaulted": "{i}crew_assaulted",
    "injured": "{i}crew_injured > 0",
    "kidnapped": "{i}crew_kidnapped > 0",
    "killed": "{i}crew_killed > 0",
}


def _literal(value: str) -> str:
    if not re.fullmatch(r"[a-z_]+", value):  # choices are identifiers: never quoted input
        raise ValueError(f"Not a choice value: {value!r}")
    return f"'{value}'"


def _holds(column: str, value: str) -> str:
    return f"{{i}}{column} @> ARRAY[{_literal(value)}]::varchar[]"


# Each fact: a name and the condition an incident meets, with {i} for the row's prefix. A
# trend counts incidents, not items: two robbers with knives count once under knives.
FACTS: list[tuple[str, str]] = [
    *[(f"crew_{name}", sql) for name, sql in CREW.items()],
    *[(f"weapon_{w}", _holds("weapons", w)) for w in Weapon.values],
    *[(f"target_{t}", _holds("targets", t)) for t in Target.values],
    *[
        (f"foiled_{f}", f"{{i}}outcome = 'unsuccessful' AND {_holds('foiled_by', f)}")
        for f in FoiledBy.values
    ],
    # The Admiralty grade of the source: how far to trust what a trend counts.
    *[(f"grade_{g or 'none'}", f"{{i}}source_reliability = '{g}'") for g in GRADES],
]
OUTCOMES = list(Outcome.values)

_KEY = ["region", "month", "category", "tlp", "organisation_id"]
_PORT_KEY = ["month", "region", "port_id", "tlp", "organisation_id"]
_COLUMNS = [
    "incidents",
    "weekdays",
    "hours",
    "outcomes",
    "facts",
    "perpetrators",
    "minutes",
    "minute_counts",
    "crew_on_board",
    "countries",
]
_NO_MINUTES = f"repeat('0', {MINUTES_A_DAY})::bit({MINUTES_A_DAY})"
# The rows a cell counts, and the owner kept only where the marking's audience depends on it.
_COUNTED = "tlp <> 'red' AND status <> 'retracted'"
_OWNER = "CASE WHEN {i}tlp IN ('amber', 'amber_strict') THEN {i}organisation_id END"


def fact_sql(prefix: str = "") -> list[str]:
    return [sql.format(i=prefix) for _name, sql in FACTS]


# What the trigger compares before and after an update: when none changed, no cell changes.
# A change of status matters only to or from retracted.
_WATCHED = [
    "region",
    "port_id",
    "occurred_on",
    "occurred_time",
    "category",
    "status = 'retracted'",
    "tlp",
    "organisation_id",
    "outcome",
    "foiled_by",
    "perpetrators",
    "weapons",
    "targets",
    "crew_restrained",
    "crew_assaulted",
    "crew_injured",
    "crew_kidnapped",
    "crew_killed",
    "crew_on_board",
    "country",
    "source_reliability",
]


def _one_hot(values: list[str], delta: str) -> str:
    return "ARRAY[" + ", ".join(f"CASE WHEN {v} THEN {delta} ELSE 0 END" for v in values) + "]"


FUNCTIONS_SQL = f"""
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
  v_owner integer := {_OWNER.format(i="i.")};
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
  INSERT INTO incidents_trendcell AS cell ({", ".join(_KEY + _COLUMNS)})
  VALUES (i.region, v_month, i.category, i.tlp, v_owner, delta,
          ARRAY(SELECT CASE WHEN d = v_dow THEN delta ELSE 0 END FROM generate_series(1, 7) d),
          ARRAY(SELECT CASE WHEN h = v_hour THEN delta ELSE 0 END FROM generate_series(0, 23) h),
          {_one_hot([f"i.outcome = {_literal(o)}" for o in OUTCOMES], "delta")},
          {_one_hot(fact_sql("i."), "delta")},
          incidents_count_add('{{}}'::jsonb, i.perpetrators::text, delta),
          CASE WHEN v_minute IS NULL THEN {_NO_MINUTES}
               ELSE set_bit({_NO_MINUTES}, v_minute, 1) END,
          incidents_count_add('{{}}'::jsonb, v_minute::text, delta),
          coalesce(i.crew_on_board, 0) * delta,
          incidents_count_add('{{}}'::jsonb, nullif(i.country, ''), delta))
  ON CONFLICT ({", ".join(_KEY)}) DO UPDATE SET
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
    INSERT INTO incidents_portmonth AS cell ({", ".join(_PORT_KEY)}, incidents)
    VALUES (v_month, i.region, i.port_id, i.tlp, v_owner, delta)
    ON CONFLICT ({", ".join(_PORT_KEY)}) DO UPDATE SET incidents = cell.incidents + delta;
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

"""
FUNCTIONS_SQL += cells.trigger_sql("trendcell", _WATCHED)

DROP_SQL = """
DROP TRIGGER IF EXISTS incidents_trendcell ON incidents_incident;
DROP FUNCTION IF EXISTS incidents_trendcell_trigger();
DROP FUNCTION IF EXISTS incidents_trendcell_count(incidents_incident, integer);
DROP FUNCTION IF EXISTS incidents_count_add(jsonb, text, integer);
DROP FUNCTION IF EXISTS incidents_int_array_add(integer[], integer[]);
"""


def counted_sql() -> str:
    """Every cell counted afresh from the incidents: the figures per cell and number of
    perpetrators, then per cell (so the perpetrators' histogram is one more aggregate); and
    the incidents per cell and minute, and per cell and country, each then per cell."""
    sums = {
        "weekdays": [f"dow = {d}" for d in range(1, 8)],
        "hours": [f"hour = {h}" for h in range(24)],
        "outcomes": [f"outcome = {_literal(o)}" for o in OUTCOMES],
        "facts": fact_sql("i."),
    }
    inner = ", ".join(
        f"count(*) FILTER (WHERE {condition}) AS {name}_{n}"
        for name, conditions in sums.items()
        for n, condition in enumerate(conditions)
    )
    outer = ", ".join(
        "ARRAY["
        + ", ".join(f"sum({name}_{n})" for n in range(len(conditions)))
        + f"]::integer[] AS {name}"
        for name, conditions in sums.items()
    )
    key = ", ".join(_KEY)

    def same_cell(other: str) -> str:
        return " AND ".join(
            f"coalesce(f.{k}, 0) = coalesce({other}.{k}, 0)"
            if k == "organisation_id"
            else f"f.{k} = {other}.{k}"
            for k in _KEY
        )

    return f"""
    WITH i AS (
      SELECT i.region, date_trunc('month', i.occurred_on)::date AS month,
             i.category, i.tlp, {_OWNER.format(i="i.")} AS organisation_id,
             i.outcome, i.perpetrators, i.weapons, i.targets, i.foiled_by, i.crew_restrained,
             i.crew_assaulted, i.crew_injured, i.crew_kidnapped, i.crew_killed,
             i.crew_on_board, nullif(i.country, '') AS country, i.source_reliability,
             extract(isodow FROM i.occurred_on)::integer AS dow,
             extract(hour FROM i.occurred_time)::integer AS hour,
             (extract(hour FROM i.occurred_time) * 60
              + extract(minute FROM i.occurred_time))::integer AS minute
      FROM incidents_incident AS i WHERE {_COUNTED}
    ), f AS (
      SELECT {key}, sum(n)::integer AS incidents, {outer},
             coalesce(jsonb_object_agg(perpetrators, n) FILTER (WHERE perpetrators IS NOT NULL),
                      '{{}}'::jsonb) AS perpetrators,
             bit_or(minutes) AS minutes, coalesce(sum(crew), 0)::integer AS crew_on_board
      FROM (
        SELECT {key}, perpetrators, count(*) AS n, {inner}, sum(crew_on_board) AS crew,
               bit_or(CASE WHEN minute IS NULL THEN {_NO_MINUTES}
                           ELSE set_bit({_NO_MINUTES}, minute, 1) END) AS minutes
        FROM i GROUP BY {key}, perpetrators
      ) AS g
      GROUP BY {key}
    ), m AS (
      SELECT {key}, jsonb_object_agg(minute, n) AS minute_counts
      FROM (SELECT {key}, minute, count(*) AS n FROM i WHERE minute IS NOT NULL
            GROUP BY {key}, minute) AS g
      GROUP BY {key}
    ), c AS (
      SELECT {key}, jsonb_object_agg(country, n) AS countries
      FROM (SELECT {key}, country, count(*) AS n FROM i WHERE country IS NOT NULL
            GROUP BY {key}, country) AS g
      GROUP BY {key}
    )
    SELECT {", ".join(f"f.{k}" for k in _KEY)}, f.incidents, f.weekdays, f.hours, f.outcomes,
           f.facts, f.perpetrators, f.minutes,
           coalesce(m.minute_counts, '{{}}'::jsonb) AS minute_counts, f.crew_on_board,
           coalesce(c.countries, '{{}}'::jsonb) AS countries
    FROM f LEFT JOIN m ON {same_cell("m")} LEFT JOIN c ON {same_cell("c")}
    """


def port_counted_sql() -> str:
    return f"""
    SELECT date_trunc('month', occurred_on)::date AS month, region, port_id, tlp,
           {_OWNER.format(i="")} AS organisation_id, count(*)::integer AS incidents
    FROM incidents_incident WHERE {_COUNTED} AND port_id IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
    """


def rebuild_sql() -> list[str]:
    return [
        "LOCK TABLE incidents_incident IN SHARE MODE",
        "DELETE FROM incidents_trendcell",
        "DELETE FROM incidents_portmonth",
        f"INSERT INTO incidents_trendcell ({', '.join(_KEY + _COLUMNS)}) {counted_sql()}",
        f"INSERT INTO incidents_portmonth ({', '.join(_PORT_KEY)}, incidents) {port_counted_sql()}",
    ]


def rebuild() -> int:
    """Recount every cell from the incidents (after a bulk load); returns the cells written
    (the trend cells and the ports' months)."""
    return cells.rebuild(rebuild_sql(), ["incidents_trendcell", "incidents_portmonth"])


def _differing(table: str, key: list[str], columns: list[str], counted: str) -> str:
    """SQL counting the rows of ``table`` that differ from ``counted`` (either side missing
    counts too); the owner may be null, so it is matched as 0."""
    keys = ", ".join(f"coalesce({k}, 0) AS {k}" if k == "organisation_id" else k for k in key)
    values = ", ".join(columns)
    kept_values = ", ".join(f"kept.{c}" for c in columns)
    counted_values = ", ".join(f"counted.{c}" for c in columns)
    return f"""
    SELECT count(*)
    FROM (SELECT {keys}, {values} FROM {table}) AS kept
    FULL JOIN (SELECT {keys}, {values} FROM ({counted}) AS c) AS counted USING ({", ".join(key)})
    WHERE ROW({kept_values}, 0) IS DISTINCT FROM ROW({counted_values}, 0)
    """


def differences() -> int:
    """How many cells differ from a recount of the incidents, in any figure: 0 when exact."""
    with connection.cursor() as cursor:
        cursor.execute(_differing("incidents_trendcell", _KEY, _COLUMNS, counted_sql()))
        wrong = cursor.fetchone()[0]
        cursor.execute(
            _differing("incidents_portmonth", _PORT_KEY, ["incidents"], port_counted_sql())
        )
        return wrong + cursor.fetchone()[0]
