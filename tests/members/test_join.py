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
        "company": "Alpha Tankers",
        "company_kind": "shipping_company",
        "reason": "CSO for twelve product tankers.",
        "password1": "a-long-sea-passage-42",
        "password2": "a-long-sea-passage-42",
    }
    data.update(overrides)
    return data


def test_applying_creates_a_pending_account_and_sends_verification(client, cast):
    response = client.post(reverse("join"), application())
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


def test_the_join_form_lists_no_member_organisation(client, cast):
    page = client.get(reverse("join")).content.decode()
    for name in ("Alpha Tankers", "Bravo Lines", '<select name="organisation"'):
        assert name not in page


@pytest.mark.parametrize(
    ("email", "company", "found"),
    [
        ("jane@alpha.example", "Some Name We Do Not Know", "org_a"),  # the work address
        ("jane@gmail.example", "ALPHA TANKERS LTD.", "org_a"),  # the name, told loosely
        ("jane@gmail.example", "Bravo Lines", "org_b"),
        ("jane@bravo.example", "Alpha Tankers", "org_b"),  # the address vouches, not a name
    ],
)
def test_the_company_is_found_by_the_work_address_or_its_name(client, cast, email, company, found):
    response = client.post(reverse("join"), application(email=email, company=company))
    assert response.status_code == 302
    membership = Membership.objects.get(user__email=email)
    assert membership.organisation == getattr(cast, found)
    assert membership.requested_organisation == ""


def test_a_company_not_on_the_platform_is_asked_for(client, db):
    response = client.post(
        reverse("join"),
        application(email="jane@charlie.example", company=" Charlie Bulk ",
                    company_kind="shipping_company"),
    )  # fmt: skip
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="jane@charlie.example")
    assert membership.organisation is None
    assert membership.requested_organisation == "Charlie Bulk"
    assert membership.requested_organisation_kind == "shipping_company"


def test_the_answer_is_the_same_whether_the_company_was_found_or_not(client, cast):
    found = client.post(reverse("join"), application(email="a@x.example"))
    new = client.post(reverse("join"), application(email="b@x.example", company="Nobody Ltd"))
    assert found.status_code == new.status_code == 302 and found["Location"] == new["Location"]


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
    data = application(email=cast.member_a.email.upper())
    _rejected(client, data, "email", "already")


def test_the_company_and_its_kind_are_required(client, cast):
    _rejected(client, application(company=""), "company", "required")
    _rejected(client, application(company="\x00 "), "company", "Null characters")
    _rejected(client, application(company=" .  "), "company", "Name your company")
    _rejected(client, application(company_kind=""), "company_kind", "required")
    _rejected(client, application(company_kind="pirates"), "company_kind", "valid choice")


@pytest.mark.parametrize(
    ("field", "length"), [("full_name", 151), ("reason", 2001), ("company", 201)]
)
def test_over_long_fields_are_refused(client, cast, field, length):
    _rejected(client, application(**{field: "x" * length}), field, "at most")


def test_unknown_position_is_refused(client, cast):
    _rejected(client, application(position="pirate"), "position", "")


def test_weak_password_is_refused(client, cast):
    data = application(password1="password", password2="password")
    _rejected(client, data, "password1", "")


def test_pending_applicant_after_verifying_sees_their_application(client, cast):
    client.post(reverse("join"), application())
    user = User.objects.get(email="jane@alpha.example")
    client.force_login(user)
    response = client.get(reverse("members:me"), follow=True)
    assert response.status_code == 200
    assert b"Your application is being vetted" in response.content
