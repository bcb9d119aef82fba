"""The development outbox holds password-reset links: staff only, and only in development."""

import pytest
from django.core.mail import EmailMessage
from django.test import override_settings
from django.urls import Resolver404, resolve

from csoa.urls import development_urls

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("env", ["test", "production"])
def test_the_outbox_is_not_mounted_outside_development(env):
    with override_settings(DJANGO_ENV=env, DEBUG=False):
        assert development_urls() == []
    with pytest.raises(Resolver404):
        resolve("/dev/outbox/")


def test_the_outbox_is_not_mounted_in_development_without_debug():
    with override_settings(DJANGO_ENV="development", DEBUG=False):
        assert development_urls() == []


@pytest.mark.parametrize("role", ["public", "pending_a", "member_a", "editor"])
def test_only_staff_read_the_outbox_in_development(client, cast, settings, tmp_path, role):
    settings.ROOT_URLCONF = "tests.csoa.dev_urls"
    settings.DJANGO_ENV = "development"
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "csoa.mail.OutboxBackend"
    settings.OUTBOX_DIR = tmp_path
    EmailMessage("Reset your password", "https://x/reset/secret-key/", to=["s@x"]).send()
    if role != "public":
        client.force_login(cast.user(role))
    response = client.get("/dev/outbox/")
    assert response.status_code == 404
    assert b"secret-key" not in response.content
    client.force_login(cast.staff)
    response = client.get("/dev/outbox/")
    assert response.status_code == 200
    assert b"secret-key" in response.content
