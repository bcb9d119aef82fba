"""Every URL against every role: the answers in access_matrix.ROUTES, and nothing missing."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import ROLES, api_auth

from .access_matrix import ROUTES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_route_answers_each_role_as_the_matrix_says(client, cast, route, role):
    user = cast.user(role)
    headers = {}
    if user is not None:
        if route.token:
            headers.update(api_auth(client, user))
        else:
            client.force_login(user)
    if route.method in ("patch", "put"):
        headers["content_type"] = "application/json"
    response = getattr(client, route.method)(route.url(cast), route.data, **headers)
    assert response.status_code == route.expect[role], f"{route} as {role}: {response.status_code}"


def _project_url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _project_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            module = getattr(pattern.callback, "__module__", "")
            if module.startswith(("csoa.", "members.", "incidents.", "feeds.")):
                names.add(namespace + pattern.name)
    return names


def test_every_url_of_the_project_is_in_the_matrix():
    covered = {route.name for route in ROUTES}
    missing = _project_url_names() - covered
    assert not missing, f"add these URLs to tests/security/access_matrix.py: {sorted(missing)}"


def test_every_route_says_what_each_role_gets():
    for route in ROUTES:
        assert set(route.expect) == set(ROLES), route
