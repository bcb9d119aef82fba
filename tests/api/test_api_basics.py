"""The API's basics: the OpenAPI schema, its docs, and token authentication."""

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_and_lists_the_endpoints(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema["paths"]


def test_docs_page_is_served_without_third_party_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content
    assert b"cdn." not in response.content
    assert "'unsafe-inline'" in response["Content-Security-Policy"].split("style-src")[1]


def test_other_pages_allow_no_inline_style(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy


def test_token_authentication(client, cast, capsys):
    call_command("api_token", cast.member_a.email)
    token = capsys.readouterr().out.strip()
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert response.json() == {
        "id": cast.member_a.pk,
        "email": cast.member_a.email,
        "full_name": cast.member_a.full_name,
        "handle": cast.member_a.handle,
        "role": "member",
        "organisation": {"slug": "alpha", "name": "Alpha Tankers"},
    }


def test_a_pending_account_is_reported_as_pending(client, cast, capsys):
    call_command("api_token", cast.pending_a.email)
    token = capsys.readouterr().out.strip()
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.json()["role"] == "pending"


@pytest.mark.parametrize("header", ["Token not-a-real-token", "Token ", "Bearer abc", "Token a b"])
def test_bad_tokens_are_refused(client, db, header):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_a_deactivated_account_token_stops_working(client, cast, capsys):
    call_command("api_token", cast.member_a.email)
    token = capsys.readouterr().out.strip()
    cast.member_a.is_active = False
    cast.member_a.save()
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
