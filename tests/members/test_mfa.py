"""MFA: available to every member, required before editors and staff can work."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.conftest import TOTP_SECRET, totp_code

pytestmark = pytest.mark.django_db


def login(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302


def test_editor_without_an_authenticator_is_sent_to_set_one_up(client, cast):
    Authenticator.objects.filter(user=cast.editor).delete()
    login(client, cast.editor)
    response = client.get(reverse("members:me"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert_can_activate_totp(client)


def assert_can_activate_totp(client):
    """allauth asks for the password again before an authenticator is added."""
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": "correct-horse-battery"})
    assert response.status_code == 302
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert b"data:image/svg+xml" in page.content


def test_staff_without_an_authenticator_cannot_open_the_admin(client, cast):
    Authenticator.objects.filter(user=cast.staff).delete()
    client.force_login(cast.staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_members_may_work_without_mfa_and_may_turn_it_on(client, cast):
    login(client, cast.member_a)
    assert client.get(reverse("members:profile", args=[cast.member_a.pk])).status_code == 200
    assert_can_activate_totp(client)


def test_login_with_totp_asks_for_the_code(client, cast):
    response = client.post(
        reverse("account_login"), {"login": cast.editor.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert not response.wsgi_request.user.is_authenticated
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert response.status_code == 302
    assert client.get(reverse("members:me")).status_code == 302
    assert client.get(reverse("members:profile", args=[cast.editor.pk])).status_code == 200
