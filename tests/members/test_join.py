"""Join now: an application creates a pending account; bad input creates nothing."""

import pytest
from django.core import mail
from django.urls import reverse

from members.models import AuditEvent, Membership, User

pytestmark = pytest.mark.django_db


def application(**overrides):
    data = {
        "full_name": "Jane Doe",
        "email": "jane@alpha.example",
        "position": "cso",
        "organisation": "",
        "new_organisation": "",
        "new_organisation_kind": "",
        "reason": "CSO for twelve product tankers.",
        "password1": "a-long-sea-passage-42",
        "password2": "a-long-sea-passage-42",
    }
    data.update(overrides)
    return data


def test_applying_creates_a_pending_account_and_sends_verification(client, cast):
    response = client.post(reverse("join"), application(organisation=cast.org_a.pk))
    assert response.status_code == 302
    user = User.objects.get(email="jane@alpha.example")
    assert user.full_name == "Jane Doe"
    membership = user.membership
    assert membership.status == Membership.Status.PENDING
    assert membership.organisation == cast.org_a
    assert membership.position == "cso"
    assert AuditEvent.objects.filter(action="application", actor=user).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jane@alpha.example"]
    assert "confirm" in mail.outbox[0].body.lower()


def test_applying_for_a_new_organisation_records_the_request(client, db):
    response = client.post(
        reverse("join"),
        application(new_organisation="Charlie Bulk", new_organisation_kind="shipping_company"),
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="jane@alpha.example")
    assert membership.organisation is None
    assert membership.requested_organisation == "Charlie Bulk"


def _rejected(client, data, field, message):
    before = (User.objects.count(), Membership.objects.count())
    response = client.post(reverse("join"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert (User.objects.count(), Membership.objects.count()) == before
    assert mail.outbox == []


def test_duplicate_email_is_refused(client, cast):
    data = application(email=cast.member_a.email.upper(), organisation=cast.org_a.pk)
    _rejected(client, data, "email", "already")


def test_unknown_organisation_id_is_refused(client, cast):
    _rejected(client, application(organisation=999999), "organisation", "valid choice")


def test_forged_organisation_value_is_refused(client, cast):
    _rejected(client, application(organisation="1 OR 1=1"), "organisation", "valid choice")


def test_organisation_is_required(client, cast):
    _rejected(client, application(), "organisation", "Choose your organisation")


def test_both_an_organisation_and_a_new_one_is_refused(client, cast):
    data = application(
        organisation=cast.org_a.pk, new_organisation="X", new_organisation_kind="pmsc"
    )
    _rejected(client, data, "new_organisation", "Either")


def test_a_new_organisation_that_exists_is_refused(client, cast):
    data = application(new_organisation="alpha tankers", new_organisation_kind="shipping_company")
    _rejected(client, data, "new_organisation", "already on the platform")


@pytest.mark.parametrize(
    ("field", "length"), [("full_name", 151), ("reason", 2001), ("new_organisation", 201)]
)
def test_over_long_fields_are_refused(client, cast, field, length):
    data = application(organisation=cast.org_a.pk, **{field: "x" * length})
    if field == "new_organisation":
        data.update(organisation="", new_organisation_kind="pmsc")
    _rejected(client, data, field, "at most")


def test_unknown_position_is_refused(client, cast):
    _rejected(client, application(organisation=cast.org_a.pk, position="pirate"), "position", "")


def test_weak_password_is_refused(client, cast):
    data = application(organisation=cast.org_a.pk, password1="password", password2="password")
    _rejected(client, data, "password1", "")


def test_pending_applicant_after_verifying_sees_their_application(client, cast):
    client.post(reverse("join"), application(organisation=cast.org_a.pk))
    user = User.objects.get(email="jane@alpha.example")
    client.force_login(user)
    response = client.get(reverse("members:me"), follow=True)
    assert response.status_code == 200
    assert b"Your application is being vetted" in response.content
