"""The audit log records logins, failed logins and logouts with the address they came from."""

import pytest
from django.urls import reverse

from members.models import AuditEvent

pytestmark = pytest.mark.django_db


def login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_successful_login_is_audited(client, cast):
    response = login(client, cast.member_a.email, "correct-horse-battery")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="login")
    assert event.actor == cast.member_a
    assert event.ip_address == "127.0.0.1"


def test_failed_login_is_audited_without_the_password(client, cast):
    response = login(client, cast.member_a.email, "wrong-password")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="login_failed")
    assert event.actor is None
    assert event.detail == {"email": cast.member_a.email}
    assert "wrong-password" not in str(event.detail)


def test_logout_is_audited(client, cast):
    client.force_login(cast.member_a)
    client.post(reverse("account_logout"))
    assert AuditEvent.objects.filter(action="logout", actor=cast.member_a).exists()


def test_repeated_failed_logins_are_rate_limited(client, cast):
    codes = [login(client, cast.member_a.email, f"wrong-{i}").status_code for i in range(7)]
    response = login(client, cast.member_a.email, "correct-horse-battery")
    # allauth refuses further attempts for this address, even with the right password.
    assert response.status_code in (200, 429)
    assert not response.wsgi_request.user.is_authenticated
    assert codes[0] == 200
    assert AuditEvent.objects.filter(action="login").count() == 0


def test_audit_events_cannot_be_edited_in_the_admin(client, cast):
    login(client, cast.member_a.email, "nope")
    event = AuditEvent.objects.get()
    client.force_login(cast.staff)
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "type": "totp"}]
    session.save()
    url = reverse("admin:members_auditevent_change", args=[event.pk])
    response = client.post(url, {"action": "login"})
    assert response.status_code == 403
