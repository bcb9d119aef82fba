"""Full-text search over incidents: the description, what was stolen, the vessel and place.

The vector is stored on the incident (``Incident.search``, GIN-indexed) and rebuilt by
:func:`refresh_search` after every write, so a search at a million incidents reads an index
instead of parsing every description.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery
from django.db import connection

from .models import Incident, Port

CONFIG = "english"

_REFRESH = f"""
UPDATE {Incident._meta.db_table} AS i SET search =
    setweight(to_tsvector('{CONFIG}', coalesce(i.vessel_name, '') || ' ' ||
        coalesce((SELECT p.name FROM {Port._meta.db_table} AS p WHERE p.id = i.port_id), '')),
        'A')
    || setweight(to_tsvector('{CONFIG}', coalesce(i.description, '') || ' ' ||
        coalesce(i.stolen, '')), 'B')
WHERE {{where}}
"""  # noqa: S608 - table names and the configuration are constants


def refresh_search(*, ids: list[int] | None = None, references: list[str] | None = None) -> None:
    """Rebuild the search vector of these incidents (by id or by reference)."""
    if ids is not None:
        where, params = "i.id = ANY(%s)", [ids]
    elif references is not None:
        where, params = "i.reference = ANY(%s)", [references]
    else:
        raise ValueError("Say which incidents: ids or references.")
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH.format(where=where), params)


def search_query(text: str) -> SearchQuery:
    """What a member types, read as a web search: words, "quoted phrases", -excluded, or."""
    return SearchQuery(text, config=CONFIG, search_type="websearch")
