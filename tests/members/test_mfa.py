"""MFA: available to every member, required before editors and staff can work."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
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


def test_the_admin_has_no_login_of_its_own(client, cast):
    """A staff password posted to the admin's login page signs nobody in: the admin sends
    people to the site's login, with its rate limits and the authenticator step."""
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": cast.staff.email, "password": "correct-horse-battery"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    response = client.get("/admin/login/?next=/admin/feeds/")
    assert response["Location"] == reverse("account_login") + "?next=/admin/feeds/"


def test_the_admin_login_page_does_not_redirect_elsewhere(client, cast):
    client.force_login(cast.staff)
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/admin/"


def test_a_member_signed_in_is_refused_by_the_admin_login(client, cast):
    client.force_login(cast.member_a)
    assert client.get("/admin/login/").status_code == 403


def test_a_staff_session_without_its_code_reaches_neither_the_admin_nor_the_api(client, cast):
    client.force_login(cast.staff, mfa=False)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.get(reverse("api-incidents"))
    assert response.status_code == 403
    assert response.json()["code"] == "not_verified"
    assert "authenticator" in response.json()["detail"]


def test_entering_the_code_again_opens_the_admin(client, cast):
    client.force_login(cast.staff, mfa=False)
    response = client.post(
        reverse("mfa_reauthenticate") + "?next=/admin/", {"code": totp_code(TOTP_SECRET)}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("api-incidents")).status_code == 200


def test_an_editor_without_an_authenticator_gets_nothing_from_the_api(client, cast):
    Authenticator.objects.filter(user=cast.editor).delete()
    login(client, cast.editor)
    for url in (reverse("api-incidents"), reverse("api-me"), reverse("api-trends")):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json()["code"] == "no_authenticator"
    response = client.post(
        reverse("api-incidents"), {"port": "NGLOS", "category": "boarded"}, "application/json"
    )
    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)  # allauth announces the set-up after its commit
def test_setting_up_the_authenticator_passes_the_session(client, cast):
    Authenticator.objects.filter(user=cast.editor).delete()
    login(client, cast.editor)
    assert_can_activate_totp(client)
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("api-incidents")).status_code == 200
    assert client.get(reverse("members:profile", args=[cast.editor.pk])).status_code == 200


@pytest.mark.parametrize("role", ["editor", "staff"])
def test_the_api_refuses_a_token_of_a_role_that_requires_mfa(client, cast, role):
    """Tokens are for partner systems: one of an editor's or staff account (made before the
    role was given, say) opens nothing, and staff cannot issue one."""
    from django.core.exceptions import ValidationError

    from members.models import ApiToken
    from members.services import api_token_issue
    from tests.tokens import raw_key_for

    user = cast.user(role)
    key = raw_key_for(user)
    response = client.get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 403
    assert "partner systems" in response.json()["detail"]
    with pytest.raises(ValidationError):
        api_token_issue(user=user)
    assert ApiToken.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/reauthenticate/",
    ],
)
def test_a_session_owing_its_code_reaches_no_account_page_but_the_code(client, cast, url):
    client.force_login(cast.staff, mfa=False)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert client.get(reverse("mfa_reauthenticate")).status_code == 200


def test_a_session_without_an_authenticator_reaches_only_its_set_up(client, cast):
    Authenticator.objects.filter(user=cast.editor).delete()
    login(client, cast.editor)
    for url in ("/accounts/email/", "/accounts/2fa/", "/accounts/password/change/"):
        response = client.get(url)
        assert response["Location"].startswith(reverse("mfa_activate_totp")), url
    assert_can_activate_totp(client)


def test_editors_and_staff_cannot_remove_their_authenticator(cast):
    from allauth.mfa.adapter import get_adapter

    for user in (cast.editor, cast.staff):
        authenticator = Authenticator.objects.get(user=user, type="totp")
        assert not get_adapter().can_delete_authenticator(authenticator)
    TOTP.activate(cast.member_a, TOTP_SECRET)
    mine = Authenticator.objects.get(user=cast.member_a, type="totp")
    assert get_adapter().can_delete_authenticator(mine)
