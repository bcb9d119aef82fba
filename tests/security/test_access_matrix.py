"""Every URL against every role: the answers in access_matrix.ROUTES, and nothing missing:
no page of any of the project's apps, no operation of the API."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, clear_url_caches, get_resolver, resolve
from drf_spectacular.generators import SchemaGenerator

from tests.conftest import ROLES, Client, api_auth

from .access_matrix import ROUTES

pytestmark = pytest.mark.django_db

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def answer(route, cast, url: str, role: str) -> int:
    """What the route answers this role, from a fresh client; whatever the request changes
    is rolled back, and the rate limits emptied, so each role meets the same platform."""
    client = Client()
    user = cast.user(role)
    headers = {}
    cache.clear()
    with transaction.atomic():
        if user is not None:
            if route.token:
                headers.update(api_auth(client, user))
            else:
                client.force_login(user)
        if route.method in ("patch", "put"):
            headers["content_type"] = "application/json"
        response = getattr(client, route.method)(url, route.data, **headers)
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_route_answers_each_role_as_the_matrix_says(cast, route):
    url = route.url(cast)  # what the route is about is made once, for every role
    answers = {role: answer(route, cast, url, role) for role in ROLES}
    wrong = {role: f"{got}, not {route.expect[role]}" for role, got in answers.items()
             if got != route.expect[role]}  # fmt: skip
    assert not wrong, f"{route}: {wrong}"


def project_packages() -> set[str]:
    """The project's own apps, from INSTALLED_APPS: those whose code lives in this checkout
    (the test-only apps aside), so a new app's pages are covered without naming it here."""
    root = Path(settings.BASE_DIR).resolve()
    packages = set()
    for config in apps.get_app_configs():
        top = config.name.split(".")[0]
        if top != "tests" and (root / top / "__init__.py").exists():
            packages.add(top)
    return packages


def project_url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    """The names of every URL whose view is the project's own code."""
    packages = tuple(f"{package}." for package in project_packages())
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= project_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            view = getattr(pattern.callback, "view_class", pattern.callback)
            if getattr(view, "__module__", "").startswith(packages):
                names.add(namespace + pattern.name)
    return names


def test_the_project_apps_come_from_installed_apps():
    assert {"csoa", "members", "incidents", "feeds", "reports", "kit"} <= project_packages()


def test_every_url_of_the_project_is_in_the_matrix():
    covered = {route.name for route in ROUTES}
    missing = project_url_names() - covered
    assert not missing, f"add these URLs to tests/security/access_matrix.py: {sorted(missing)}"


def test_a_url_missing_from_the_matrix_is_found(settings):
    """A page added without a row in the matrix fails the check above."""
    settings.ROOT_URLCONF = "tests.security.extra_urls"
    clear_url_caches()
    try:
        assert project_url_names() - {route.name for route in ROUTES} == {"without_a_row"}
    finally:
        clear_url_caches()


def api_operations() -> set[tuple[str, str]]:
    """Every operation of the OpenAPI schema, as (URL name, method)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = set()
    for path, methods in schema["paths"].items():
        sample = re.sub(r"\{[^}]+\}", "1", path)
        name = resolve(sample).url_name
        operations |= {(name, method) for method in methods if method in HTTP_METHODS}
    return operations


def test_every_api_operation_is_in_the_matrix():
    operations = api_operations()
    assert ("api-incidents", "post") in operations and ("api-trends", "get") in operations
    covered = {(route.name, route.method) for route in ROUTES}
    missing = operations - covered
    assert not missing, f"add these API operations to the matrix: {sorted(missing)}"


def test_every_route_says_what_each_role_gets():
    for route in ROUTES:
        assert set(route.expect) == set(ROLES), route
