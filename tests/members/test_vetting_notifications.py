"""Vetters hear of applicants in the bell, and are reminded of one left waiting."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from members import services
from members.models import Membership, Notification
from members.notifications.mail import mail_at_once
from members.notifications.selectors import inbox
from members.notifications.vetting import vetting_reminders
from tests.factories import member
from tests.notify import fan_out_all

pytestmark = pytest.mark.django_db


def test_an_applicant_is_in_the_bell_of_the_admins_who_can_vet_them(cast):
    services.membership_application_confirmed(membership=cast.pending_a.membership)
    fan_out_all()
    told = Notification.objects.get(kind="vetting")
    assert told.recipient == cast.admin_a and told.mail == "never"  # already mailed
    assert "applied to join Alpha Tankers" in told.text


def test_an_applicant_no_admin_can_vet_is_in_the_bell_of_staff(cast):
    outsider = member(cast.org_a, status="pending", email="someone@gmail.example")
    services.membership_application_confirmed(membership=outsider.membership)
    fan_out_all()
    assert list(Notification.objects.values_list("recipient", flat=True)) == [cast.staff.pk]


def test_a_decided_application_is_said_so_in_the_inbox(cast):
    services.membership_application_confirmed(membership=cast.pending_a.membership)
    fan_out_all()
    services.membership_approve(
        actor=cast.admin_a, membership_id=cast.pending_a.membership.pk, reason="Our CSO"
    )
    [entry], _ = inbox(cast.viewer("admin_a"))
    assert entry.text == "Decided, or no longer yours to vet" and not entry.url


def test_vetters_are_reminded_once_of_an_application_left_three_days(cast):
    application = cast.pending_a.membership
    Membership.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2)
    )
    assert vetting_reminders() == 0
    assert vetting_reminders(now=timezone.now() + dt.timedelta(days=1, minutes=1)) == 1
    assert vetting_reminders(now=timezone.now() + dt.timedelta(days=2)) == 0  # once
    fan_out_all()
    reminder = Notification.objects.get(kind="vetting_reminder")
    assert reminder.recipient == cast.admin_a and "has waited 3 days" in reminder.text
    mail.outbox.clear()
    mail_at_once()
    assert [m.to for m in mail.outbox] == [[cast.admin_a.email]]
