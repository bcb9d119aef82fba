"""Partner tokens: hashed at rest, named, scoped (read-only or read-write, parts of the API),
expiring, several per account, issued and revoked by an organisation's admin with MFA, last
use shown and every use recorded."""

import datetime as dt

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from members.models import ApiToken, ApiTokenUse, AuditEvent

pytestmark = pytest.mark.django_db


def with_authenticator(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def issue(client, **fields):
    data = {"name": "Fleet tracker", "scope": "read", "days": "90", **fields}
    return client.post("/tokens/", data)


def test_an_admin_without_mfa_sees_the_tokens_but_issues_none(client, cast):
    client.force_login(cast.admin_a)
    page = client.get("/tokens/").content.decode()
    assert 'data-testid="tokens-need-mfa"' in page and "Set one up" in page
    assert 'data-testid="token-form"' not in page
    assert issue(client, holder=cast.member_a.pk).status_code == 404
    assert not ApiToken.objects.exists()


def test_an_admin_with_mfa_issues_a_scoped_token_shown_once_and_kept_as_a_hash(client, cast):
    client.force_login(with_authenticator(cast.admin_a))
    answer = issue(client, holder=cast.member_a.pk, parts=["incidents"])
    assert answer.status_code == 200
    key = answer.context["issued"]
    assert key and key in answer.content.decode()
    token = ApiToken.objects.get()
    assert token.user == cast.member_a and token.created_by == cast.admin_a
    assert token.scope == "read" and token.parts == ["incidents"]
    assert token.key_hash != key and key not in token.key_hash and token.prefix == key[:8]
    assert dt.timedelta(days=89) < token.expires_at - timezone.now() <= dt.timedelta(days=90)
    assert AuditEvent.objects.filter(action="api_token_issued", actor=cast.admin_a).exists()
    assert answer["Cache-Control"] == "private, no-store"
    assert key not in client.get("/tokens/").content.decode()  # shown once

    client.logout()
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get("/api/v1/incidents/", **auth).status_code == 200
    assert client.get("/api/v1/chatter/threads/", **auth).status_code == 403  # not its part
    refused = client.post("/api/v1/incidents/", {}, content_type="application/json", **auth)
    assert refused.status_code == 403 and "read-only" in refused.json()["detail"]
    assert ApiTokenUse.objects.filter(token=token).count() == 3
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_an_admin_issues_only_to_their_organisations_members(client, cast):
    client.force_login(with_authenticator(cast.admin_a))
    for outsider in (cast.member_b, cast.editor):
        answer = issue(client, holder=outsider.pk)
        assert answer.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_revoked_or_expired_token_stops_at_once(client, cast):
    from tests.tokens import key_for

    first = key_for(cast.member_a)
    second = key_for(cast.member_a, name="Second", days=30)
    token = ApiToken.objects.get(name="Tests")
    client.force_login(with_authenticator(cast.admin_a))
    assert client.post(f"/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == cast.admin_a
    client.logout()
    answer = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {first}")
    assert answer.status_code == 401
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {second}").status_code == 200
    ApiToken.objects.filter(name="Second").update(expires_at=timezone.now())
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {second}").status_code == 401


def test_another_organisations_admin_cannot_revoke(client, cast):
    from tests.tokens import key_for

    key_for(cast.member_a)
    token = ApiToken.objects.get()
    client.force_login(with_authenticator(cast.admin_b))
    assert client.post(f"/tokens/{token.pk}/revoke/").status_code == 404
    assert "Tests" not in client.get("/tokens/").content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
