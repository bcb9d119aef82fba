"""Vetting: who may decide an application, what a decision does, and who is told."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members import selectors, services
from members.models import AuditEvent, Membership, Organisation
from tests.factories import member

pytestmark = pytest.mark.django_db


def decide(client, user, membership, **data):
    client.force_login(user)
    return client.post(reverse("members:vetting_decide", args=[membership.pk]), data)


def test_org_admin_approves_an_applicant_from_their_domain(client, cast):
    application = cast.pending_a.membership
    response = decide(client, cast.admin_a, application, decision="approve", reason="Known CSO")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Membership.Status.APPROVED
    assert application.decided_by == cast.admin_a
    assert application.decision_reason == "Known CSO"
    event = AuditEvent.objects.get(action="approved", target_id=str(application.pk))
    assert event.actor == cast.admin_a


def test_org_admin_rejects_with_a_reason(client, cast):
    application = cast.pending_a.membership
    response = decide(client, cast.admin_a, application, decision="reject", reason="Not ours")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Membership.Status.REJECTED
    assert AuditEvent.objects.filter(action="rejected", target_id=str(application.pk)).exists()


def test_a_rejection_needs_a_reason_and_an_approval_does_not(client, cast):
    application = cast.pending_a.membership
    response = decide(client, cast.admin_a, application, decision="reject", reason="  ")
    assert response.status_code == 400 and "Say why you reject" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Membership.Status.PENDING
    with pytest.raises(ValidationError):
        services.membership_reject(actor=cast.admin_a, membership_id=application.pk, reason="")
    response = decide(client, cast.admin_a, application, decision="approve", reason="")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Membership.Status.APPROVED and application.decision_reason == ""


def test_org_admin_cannot_vet_an_address_outside_their_domains(client, cast):
    outsider = member(cast.org_a, status="pending", email="someone@gmail.example")
    response = decide(client, cast.admin_a, outsider.membership, decision="approve", reason="ok")
    assert response.status_code == 404
    outsider.membership.refresh_from_db()
    assert outsider.membership.status == Membership.Status.PENDING
    # ...but staff can.
    assert selectors.vetting_queue(cast.viewer("staff")).filter(user=outsider).exists()


@pytest.mark.parametrize("role", ["admin_b", "member_a", "member_b", "editor", "pending_a"])
def test_others_cannot_vet_and_learn_nothing(client, cast, role):
    application = cast.pending_a.membership
    response = decide(client, getattr(cast, role), application, decision="approve", reason="x")
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Membership.Status.PENDING


def test_forged_application_ids_answer_404(client, cast):
    client.force_login(cast.admin_a)
    for forged in ["999999", "0", cast.member_a.membership.pk]:
        url = f"/vetting/{forged}/"
        assert client.get(url).status_code == 404
        assert client.post(url, {"decision": "approve", "reason": "x"}).status_code == 404
    assert client.get("/vetting/abc/").status_code == 404


def test_a_decided_application_cannot_be_decided_again(client, cast):
    application = cast.pending_a.membership
    decide(client, cast.admin_a, application, decision="reject", reason="no")
    response = decide(client, cast.admin_a, application, decision="approve", reason="yes")
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Membership.Status.REJECTED


def test_the_service_refuses_unauthorised_deciders(cast):
    with pytest.raises(PermissionDenied):
        services.membership_approve(
            actor=cast.admin_b, membership_id=cast.pending_a.membership.pk, reason="x"
        )


def test_staff_approve_a_new_organisation_request(client, cast):
    applicant = member(cast.org_a, status="pending", email="ops@charlie.example")
    Membership.objects.filter(pk=applicant.membership.pk).update(
        organisation=None,
        requested_organisation="Charlie Bulk",
        requested_organisation_kind="shipping_company",
    )
    response = decide(client, cast.staff, applicant.membership, decision="approve", reason="ok")
    assert response.status_code == 302
    applicant.membership.refresh_from_db()
    organisation = applicant.membership.organisation
    assert organisation.name == "Charlie Bulk"
    assert organisation.email_domains == ["charlie.example"]
    assert AuditEvent.objects.filter(action="organisation_created").exists()


def test_staff_attach_a_new_organisation_request_to_an_existing_one(client, cast):
    applicant = member(cast.org_a, status="pending", email="ops@bravo-mail.example")
    Membership.objects.filter(pk=applicant.membership.pk).update(
        organisation=None, requested_organisation="Bravo", requested_organisation_kind="pmsc"
    )
    response = decide(
        client,
        cast.staff,
        applicant.membership,
        decision="approve",
        reason="same company",
        organisation=cast.org_b.pk,
    )
    assert response.status_code == 302
    applicant.membership.refresh_from_db()
    assert applicant.membership.organisation == cast.org_b
    assert not Organisation.objects.filter(name="Bravo").exists()


def test_queue_lists_only_verified_applications_oldest_first(cast):
    from allauth.account.models import EmailAddress

    later = member(cast.org_a, status="pending")
    unverified = member(cast.org_a, status="pending")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    queue = list(selectors.vetting_queue(cast.viewer("admin_a")))
    assert queue == [cast.pending_a.membership, later.membership]


def test_decisions_and_applications_are_mailed_by_a_real_worker(celery_worker, cast):
    from django.db import transaction

    application = cast.pending_a.membership
    with transaction.atomic():
        services.membership_application_confirmed(membership=application)
    _wait_for_mail(1)
    assert mail.outbox[0].to == [cast.admin_a.email]
    assert f"/vetting/{application.pk}/" in mail.outbox[0].body

    services.membership_reject(actor=cast.admin_a, membership_id=application.pk, reason="Unknown")
    _wait_for_mail(2)
    assert mail.outbox[1].to == [cast.pending_a.email]
    assert "Unknown" in mail.outbox[1].body


def test_an_application_nobody_in_the_company_can_vet_goes_to_staff(celery_worker, cast):
    outsider = member(cast.org_a, status="pending", email="someone@gmail.example")
    services.membership_application_confirmed(membership=outsider.membership)
    _wait_for_mail(1)
    assert mail.outbox[0].to == [cast.staff.email]


def _wait_for_mail(count: int, timeout: float = 15) -> None:
    import time

    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(mail.outbox) == count, [m.subject for m in mail.outbox]
