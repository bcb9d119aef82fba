"""The members app's own notifications: an applicant waits to be vetted, and a reminder when
one has waited ``VETTING_REMINDER_DAYS``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..mails import vetters_of
from ..models import Membership, Role
from .events import notify
from .registers import KINDS, SUBJECTS, Kind, Reason, Subject

VETTERS = frozenset({Role.ORG_ADMIN, Role.STAFF})


def register() -> None:
    KINDS.add(
        Kind(
            "vetting",
            "Applications to vet",
            "A colleague applied to join and waits for you (the application is also mailed "
            "to you when it arrives).",
            mail="never",
            for_roles=VETTERS,
            gone="Decided, or no longer yours to vet",
        )
    )
    KINDS.add(
        Kind(
            "vetting_reminder",
            "Applications still waiting",
            f"An application has waited {settings.VETTING_REMINDER_DAYS} days.",
            for_roles=VETTERS,
            gone="Decided, or no longer yours to vet",
        )
    )
    SUBJECTS.add(
        Subject(
            model=Membership,
            title=lambda m: f"the application of {m.user.full_name or m.user.email}",
            url=lambda m: reverse("members:vetting_decide", args=[m.pk]),
            marking=lambda m: "green",
            select_related=("user", "organisation"),
        )
    )


def application_waiting(*, membership: Membership) -> None:
    """Tell the people who can vet this applicant that they wait."""

    name = membership.user.full_name or membership.user.email
    notify(
        kind="vetting",
        subject=membership,
        text=f"{name} applied to join {membership.organisation_label}",
        direct=dict.fromkeys((user.pk for user in vetters_of(membership)), Reason.VETTER),
        to_watchers=False,
    )


def vetting_reminders(*, now: dt.datetime | None = None) -> int:
    """Applications waiting VETTING_REMINDER_DAYS or more and not yet reminded of: one
    reminder each, to the people who can vet them."""

    now = now or timezone.now()
    due = Membership.objects.filter(
        status=Membership.Status.PENDING,
        user__is_active=True,
        reminded_at__isnull=True,
        created_at__lte=now - dt.timedelta(days=settings.VETTING_REMINDER_DAYS),
    ).select_related("user", "organisation")
    reminded = 0
    for membership in due:
        with transaction.atomic():
            claimed = Membership.objects.filter(pk=membership.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            days = (now - membership.created_at).days
            name = membership.user.full_name or membership.user.email
            notify(
                kind="vetting_reminder",
                subject=membership,
                text=f"{name} has waited {days} days to join {membership.organisation_label}",
                direct=dict.fromkeys((u.pk for u in vetters_of(membership)), Reason.VETTER),
                to_watchers=False,
            )
            reminded += 1
    return reminded
