"""GET /healthz says whether the database and Redis answer."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthy_when_both_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_unavailable_when_redis_does_not_answer(client, settings, tmp_path):
    settings.REDIS_URL = f"unix://{tmp_path}/nothing-listens-here.sock"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "redis": "down"}


def test_unavailable_when_the_database_does_not_answer(client, settings):
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    original = settings_dict["PORT"], settings_dict["HOST"]
    connections["default"].close()
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", "1"
    try:
        response = client.get("/healthz")
    finally:
        settings_dict["PORT"], settings_dict["HOST"] = original
        connections["default"].close()
    assert response.status_code == 503
    assert response.json()["database"] == "down"
