"""Hostile values sent to every endpoint of the access matrix: in every query parameter the
platform reads, every field of the page's forms, and every field of the API's bodies. No
answer may be a server error, and a value that cannot be valid stores nothing.

Each request sets every parameter or field at once to one value of the corpus (so every
parser and validator reads it); the filters, which most endpoints share, also get each value
one parameter at a time on the list and the trends.
"""

from __future__ import annotations

import json
import re

import pytest
from django.apps import apps

from incidents.filters import IncidentFilter
from reports.filters import TrendFilter
from tests.conftest import api_auth

from .access_matrix import ROUTES, Route

pytestmark = pytest.mark.django_db

# Values no field accepts: they must be refused, and nothing stored.
NEVER_VALID = ["\x00", "a\x00b", "[\x00]"]
# Values most fields refuse (a date out of range, a number too large, malformed JSON), and
# text that may be stored where text is: none may break anything.
HOSTILE = [
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2019-02-30",
    "-1",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    "x" * 5_000,
    "[]",
    '{"a": 1}',
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../../../etc/passwd",
    "{{ 7|add:7 }}",
    "%s%s%n",
    "\u202eevil\u202c",
    "💥",
    # Digits that str.isdigit() takes and int() refuses; links with control characters.
    "²",
    "/\t/evil.example",
    "javascript:alert(1)",
]
INVALID = NEVER_VALID + HOSTILE[:8]
CORPUS = NEVER_VALID + HOSTILE

ROLES = ["member_a", "staff"]
QUERY_PARAMETERS = sorted(
    {*IncidentFilter.base_filters, *TrendFilter.base_filters}
    | {"format", "sort", "dir", "page", "after", "before", "year", "variant", "cursor",
       "page_size", "bbox", "zoom", "query", "next", "post", "link"}
)  # fmt: skip
STORED = [
    "incidents.Incident", "incidents.IncidentUpdate", "incidents.IncidentChange",
    "incidents.Attachment", "incidents.Export", "incidents.SavedSearch", "feeds.FeedSource",
    "feeds.FeedItem", "members.Membership", "members.Organisation", "members.ContactMessage",
    "kit.PendingTask",
]  # fmt: skip
FORM_FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}


def stored() -> dict[str, int]:
    counts = {}
    for label in STORED:
        model = apps.get_model(label)
        manager = model.objects
        queryset = manager.unrestricted() if hasattr(manager.all(), "unrestricted") else manager
        counts[label] = queryset.count()
    return counts


def reachable(route: Route, role: str) -> bool:
    return route.expect[role] in (200, 302, 400)


def routes() -> list[Route]:
    seen, chosen = set(), []
    for route in ROUTES:
        key = (route.method, route.name, route.token)
        if key not in seen:
            seen.add(key)
            chosen.append(route)
    return chosen


def sign_in(client, cast, role: str, route: Route) -> dict:
    user = cast.user(role)
    if route.token:
        return api_auth(client, user)
    client.force_login(user)
    return {}


def form_fields(client, url: str, headers: dict) -> list[str]:
    page = client.get(url, **headers)
    names = set(FORM_FIELD.findall(page.content.decode(errors="replace")))
    return sorted(names - SKIPPED_FIELDS)


def api_fields(route: Route) -> list[str]:
    from incidents.api import IncidentChangeSerializer, IncidentCreateSerializer

    if route.name == "api-incidents":
        return list(IncidentCreateSerializer().fields)
    if route.name == "api-incident":
        return list(IncidentChangeSerializer().fields)
    return ["text", "tlp", "file", "files"]


def assert_answers(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


@pytest.mark.parametrize("role", ["staff"])  # staff reach every page
def test_hostile_query_values_never_break_a_page_or_store_anything(client, cast, role):
    for route in routes():
        if route.method != "get" or not reachable(route, role):
            continue
        headers = sign_in(client, cast, role, route)
        url = route.url(cast).split("?")[0]
        for value in [*NEVER_VALID, *HOSTILE[:4], *HOSTILE[7:10], *HOSTILE[-3:]]:
            before = stored()
            response = client.get(url, dict.fromkeys(QUERY_PARAMETERS, value), **headers)
            assert_answers(response, f"GET {url} with {value[:20]!r} as {role}")
            assert stored() == before, f"GET {url} stored something"


# The list's filters on its page, the trends' on the API (the API's list and the trends'
# page read the same filter sets).
@pytest.mark.parametrize("url", ["/incidents/", "/api/v1/trends/"])
def test_each_filter_alone_refuses_what_is_not_valid(client, cast, url):
    client.force_login(cast.member_a)
    for name in sorted({*IncidentFilter.base_filters, *TrendFilter.base_filters}):
        for value in INVALID:
            response = client.get(url, {name: value})
            assert_answers(response, f"GET {url}?{name}={value[:20]!r}")


@pytest.mark.parametrize("role", ROLES)
def test_hostile_form_and_api_fields_never_break_and_invalid_ones_store_nothing(client, cast, role):
    for route in routes():
        if route.method == "get" or not reachable(route, role):
            continue
        headers = sign_in(client, cast, role, route)
        url = route.url(cast)
        if route.token:
            fields = api_fields(route)
        else:
            fields = form_fields(client, url, headers) or list(route.data) or ["query"]
        for value in CORPUS:
            before = stored()
            if route.token:
                body = json.dumps(dict.fromkeys(fields, value))
                response = getattr(client, route.method)(
                    url, body, content_type="application/json", **headers
                )
            else:
                response = getattr(client, route.method)(url, dict.fromkeys(fields, value))
            what = f"{route.method.upper()} {url} with {value[:20]!r} as {role}"
            assert_answers(response, what)
            if value in NEVER_VALID:
                after = stored()
                added = {label for label in STORED if after[label] > before[label]}
                assert not added, f"{what} stored {added}"
