"""Migrations carry their SQL as text frozen when they were written, and a database migrated
from nothing holds exactly the functions and triggers the code writes today: a change of a
trigger that forgets its migration fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.db import connection

from chatter import search as chatter_search
from incidents import mapcells, search
from reports import trendcells

ROOT = Path(__file__).resolve().parents[2]
PROJECT = {"csoa", "members", "incidents", "feeds", "reports", "chatter", "groups", "kit"}
# What a migration may name of the project: the models' fields, validators and callables
# its state refers to, never a module's SQL or constants.
STATE_MODULES = {
    "incidents.models", "members.models", "incidents.validation", "kit.fields", "kit.storage",
    "groups.models", "reports.models",  # their stored files' upload_to
}  # fmt: skip

FUNCTION = re.compile(r"CREATE OR REPLACE FUNCTION (\w+)\(.*?\$\$(.*?)\$\$;", re.S)
TRIGGER = re.compile(r"CREATE TRIGGER (\w+) .*? EXECUTE FUNCTION (\w+)\(\)", re.S)
CODE = (
    mapcells.FUNCTIONS_SQL + trendcells.FUNCTIONS_SQL + search.TRIGGER_SQL
    + chatter_search.TRIGGER_SQL
)  # fmt: skip


def _migrations() -> list[Path]:
    return sorted(path for path in ROOT.glob("*/migrations/0*.py"))


def test_migrations_take_nothing_but_model_state_from_the_code():
    assert _migrations()
    for path in _migrations():
        tree = ast.parse(path.read_text())
        for node in tree.body:  # module-level imports: what the migration runs with
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                if name.split(".")[0] in PROJECT:
                    assert name in STATE_MODULES, f"{path.relative_to(ROOT)} imports {name}"


def test_the_founding_groups_migration_holds_what_the_tests_make_again():
    import importlib

    from groups import founding

    frozen = importlib.import_module("groups.migrations.0002_founding_groups")
    assert (frozen.PORT_CRIME, frozen.REGIONAL) == (founding.PORT_CRIME, founding.REGIONAL)


def test_the_database_holds_the_functions_and_triggers_the_code_writes(request, db):
    # pytest-django made this database by running every migration from an empty one.
    assert not request.config.getoption("reuse_db", False)
    expected = dict(FUNCTION.findall(CODE))
    assert {"incidents_mapcell_count", "incidents_trendcell_count", "incidents_search_vector"} <= (
        set(expected)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname, p.prosrc FROM pg_proc AS p JOIN pg_namespace AS n "
            "ON n.oid = p.pronamespace WHERE n.nspname = 'public' "
            "AND (p.proname LIKE %s OR p.proname LIKE %s)",
            ["incidents\\_%", "chatter\\_%"],
        )
        live = dict(cursor.fetchall())
        cursor.execute(
            "SELECT t.tgname, p.proname FROM pg_trigger AS t JOIN pg_proc AS p ON p.oid = t.tgfoid "
            "WHERE t.tgrelid IN ('incidents_incident'::regclass, 'chatter_post'::regclass, "
            "'incidents_incident_shared_with_groups'::regclass, "
            "'incidents_incident_shared_with_organisations'::regclass) AND NOT t.tgisinternal"
        )
        triggers = dict(cursor.fetchall())
    assert set(live) == set(expected)
    for name, body in expected.items():
        assert live[name] == body, f"{name} differs from the code: a migration is missing"
    assert triggers == dict(TRIGGER.findall(CODE))


@pytest.mark.parametrize(
    "module", [mapcells, trendcells, search, chatter_search], ids=lambda m: m.__name__
)
def test_each_kind_of_trigger_sql_is_found_by_the_check(module):
    """The patterns above read every function and trigger the code writes."""
    sql = module.FUNCTIONS_SQL if hasattr(module, "FUNCTIONS_SQL") else module.TRIGGER_SQL
    assert FUNCTION.findall(sql) and TRIGGER.findall(sql)
    assert sql.count("CREATE OR REPLACE FUNCTION") == len(FUNCTION.findall(sql))
