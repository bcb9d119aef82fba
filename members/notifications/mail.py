"""Notifications by mail, sent by the worker in batches: at once, or in a daily or weekly
digest, as each person chose per kind.

- A mail carries a notification's content only when what it is about is TLP:CLEAR or
  TLP:GREEN; under AMBER and stricter it carries the kind, the title (an incident's
  reference), the marking and a link.
- Whether the reader may still see the subject is asked again when the mail is written: a
  notification about what they may no longer see is not mailed.
- Notifications about one topic are merged into one item ("3 new updates on
  CSOA-2026-0011").
- At most ``NOTIFICATIONS_MAIL_DAILY_CAP`` mails at once per person a day; beyond that what
  would have gone at once waits for the next daily digest.
- The weekly digest carries, beyond the person's notifications, the parts other apps
  register (``DIGEST_PARTS``: CSO Chatter's top threads of the week they may
  read), for everyone who takes them weekly, with or without notifications waiting; one
  weekly digest a person in six days, however often the task runs.
- Every mail has a signed one-click unsubscribe link for its kinds (``List-Unsubscribe``
  and ``List-Unsubscribe-Post``), which works without logging in.

A notification is claimed for mailing by a conditional update (pending to sending), so two
workers never mail it twice; one whose worker died while sending goes back to pending after
``EXPORTS_STALE_SECONDS`` (the sweep) and may be mailed once more, never lost.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kit.queue import enqueue

from ..access import TLP, viewers_for
from ..models import Membership, Notification, NotificationMail, NotificationSetting, Rhythm, User
from .registers import DIGEST_PARTS, KINDS, SUBJECTS, DigestItem
from .selectors import subjects_seen
from .services import unsubscribe_token

OPEN_MARKINGS = frozenset({TLP.CLEAR, TLP.GREEN})
MAILS_PER_RUN = 200


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def mail_soon() -> None:
    """Ask a worker to send what waits to go at once (after the current transaction)."""

    enqueue("members.notifications.tasks.send_mail")


@dataclass
class Item:
    """One line of a mail: a topic's notifications of one kind, merged."""

    kind: str
    topic_label: str
    lines: list[str]
    url: str
    marking: str
    summary: str
    count: int
    safe: bool = True  # every line says nothing of a restricted subject's content

    @property
    def heading(self) -> str:
        if self.count == 1:
            return self.lines[0]
        kind = KINDS.get(self.kind)
        many = kind.many if kind else "{count} notifications about {topic}"
        return many.format(count=self.count, topic=self.topic_label)

    @property
    def open(self) -> bool:
        return self.marking in OPEN_MARKINGS

    @property
    def marking_label(self) -> str:
        return _marking_label(self.marking)


def _marking_label(marking: str) -> str:
    return dict(TLP.choices).get(marking, "")


@dataclass
class Part:
    """A registered part of the weekly digest, as one person's mail shows it."""

    kind: str
    heading: str
    items: list[DigestItem]

    def lines(self) -> list[dict]:
        return [
            {
                "title": item.title,
                "url": _absolute(item.url),
                "line": item.line,
                "open": item.marking in OPEN_MARKINGS,
                "marking_label": _marking_label(item.marking),
            }
            for item in self.items
        ]


def _claim(recipient_id: int, rhythms: list[str]) -> list[Notification]:
    """This person's notifications waiting for these rhythms, claimed for this run."""
    with transaction.atomic():
        waiting = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                recipient_id=recipient_id,
                mail__in=rhythms,
                mail_state=Notification.MailState.PENDING,
            )
            .order_by("created_at", "id")
        )
        Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(
            mail_state=Notification.MailState.SENDING, mail_claimed_at=timezone.now()
        )
    return waiting


def _items(user: User, notifications: list[Notification]) -> tuple[list[Item], list[int]]:
    """The items of a mail, from what the person may still see; and the notifications that
    are not mailed (no longer shared)."""
    seen = subjects_seen(viewers_for([user])[user.pk], notifications, whole=True)
    merged: dict[tuple[str, str], Item] = {}
    skipped = []
    for notification in notifications:
        obj = seen.get((notification.subject_type_id, notification.subject_id))
        if obj is None:
            skipped.append(notification.pk)
            continue
        subject = SUBJECTS[type(obj)]
        marking = subject.marking(obj)
        key = (notification.kind, notification.topic)
        item = merged.get(key)
        if item is None:
            item = merged[key] = Item(
                kind=notification.kind,
                topic_label=notification.topic_label or subject.title(obj),
                lines=[],
                url=_absolute(reverse("members:notification_open", args=[notification.pk])),
                marking=marking,
                summary="",
                count=0,
            )
        # The strictest marking of what the item merges decides what the mail may carry.
        if TLP.strictness(marking) > TLP.strictness(item.marking):
            item.marking = marking
        item.count += 1
        said = marking in OPEN_MARKINGS or subject.speaks_safely(obj)
        item.safe = item.safe and said
        closed_line = f"{KINDS[notification.kind].label}: {subject.title(obj)}"
        item.lines.append(notification.text if said else closed_line)
        if marking in OPEN_MARKINGS and not item.summary:
            item.summary = subject.summary(obj)
    for item in merged.values():
        if not item.open:  # one restricted notification closes the merged item
            if not item.safe:
                item.lines = [f"{KINDS[item.kind].label}: {item.topic_label}"] * len(item.lines)
            item.summary = ""
    return list(merged.values()), skipped


def _send(user: User, rhythm: str, items: list[Item], parts: list[Part] = ()) -> None:
    kinds = sorted({item.kind for item in items} | {part.kind for part in parts})
    token = unsubscribe_token(user, kinds)
    unsubscribe = _absolute(reverse("members:unsubscribe", args=[token]))
    count = sum(item.count for item in items)
    if rhythm == Rhythm.IMMEDIATELY and len(items) == 1:
        subject = items[0].heading
    elif rhythm == Rhythm.IMMEDIATELY:
        subject = f"{count} notifications from the CSOA platform"
    elif not count:
        subject = "Your CSOA week: " + ", ".join(part.heading for part in parts)
    else:
        period = "today" if rhythm == Rhythm.DAILY else "this week"
        subject = f"Your CSOA digest: {count} notification{'s' if count != 1 else ''} {period}"
    context = {
        "user": user,
        "items": items,
        "parts": parts,
        "rhythm": rhythm,
        "unsubscribe_url": unsubscribe,
        "settings_url": _absolute(reverse("members:notification_settings")),
        "inbox_url": _absolute(reverse("members:notifications")),
        "kinds": [KINDS[kind].label for kind in kinds],
    }
    body = render_to_string("members/email/notifications.txt", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject[:200],
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
    NotificationMail.objects.create(
        recipient=user,
        rhythm=rhythm,
        subject=subject[:300],
        notifications=count,
        parts=[part.kind for part in parts],
    )


def _mail_one(
    user: User, rhythm: str, notifications: list[Notification], parts: list[Part] = ()
) -> int:
    items, skipped = _items(user, notifications)
    Notification.objects.filter(pk__in=skipped).update(mail_state=Notification.MailState.SKIPPED)
    mailed = [n.pk for n in notifications if n.pk not in set(skipped)]
    if items or parts:
        _send(user, rhythm, items, parts)
    Notification.objects.filter(pk__in=mailed).update(
        mail_state=Notification.MailState.SENT, mailed_at=timezone.now()
    )
    return 1 if items or parts else 0


def _sent_today(user_ids: list[int]) -> dict[int, int]:
    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    counts = defaultdict(int)
    for recipient_id in NotificationMail.objects.filter(
        recipient_id__in=user_ids, sent_at__gte=start, rhythm=Rhythm.IMMEDIATELY
    ).values_list("recipient_id", flat=True):
        counts[recipient_id] += 1
    return counts


def _waiting_recipients(rhythms: list[str], done: set[int] = frozenset()) -> list[int]:
    waiting = Notification.objects.filter(
        mail__in=rhythms, mail_state=Notification.MailState.PENDING
    ).exclude(recipient_id__in=done)
    return list(waiting.values_list("recipient_id", flat=True).distinct()[:MAILS_PER_RUN])


def mail_at_once() -> int:
    """Send what waits to go at once, a mail per person; returns the mails sent."""
    recipients = _waiting_recipients([Rhythm.IMMEDIATELY])
    sent_today = _sent_today(recipients)
    users = User.objects.in_bulk(recipients)
    sent = 0
    for recipient_id in recipients:
        user = users.get(recipient_id)
        if user is None or not user.is_active:
            continue
        if sent_today[recipient_id] >= settings.NOTIFICATIONS_MAIL_DAILY_CAP:
            # Over the day's cap: what would have gone at once waits for the daily digest.
            Notification.objects.filter(
                recipient_id=recipient_id,
                mail=Rhythm.IMMEDIATELY,
                mail_state=Notification.MailState.PENDING,
            ).update(mail=Rhythm.DAILY)
            continue
        claimed = _claim(recipient_id, [Rhythm.IMMEDIATELY])
        if claimed:
            sent += _mail_one(user, Rhythm.IMMEDIATELY, claimed)
    if len(recipients) == MAILS_PER_RUN:
        mail_soon()  # more people wait: another run, so one run stays short
    return sent


class _WeeklyParts:
    """Who takes which registered part of the weekly digest, and what it holds for them:
    a part goes to a person at most once in six days (a task run again sends none twice)."""

    def __init__(self, rhythm: str):
        self.since = timezone.now() - dt.timedelta(days=7)
        self.parts = [p for p in DIGEST_PARTS if p.kind in KINDS] if rhythm == Rhythm.WEEKLY else []
        self.mailed = set()
        self.choices: dict[str, dict[int, str]] = {}
        if self.parts:
            recently = timezone.now() - dt.timedelta(days=6)
            self.mailed = set(
                NotificationMail.objects.filter(rhythm=Rhythm.WEEKLY, sent_at__gte=recently)
                .exclude(parts=[])
                .values_list("recipient_id", flat=True)
            )
            for part in self.parts:
                self.choices[part.kind] = dict(
                    NotificationSetting.objects.filter(kind=part.kind).values_list(
                        "user_id", "mail"
                    )
                )

    def takes(self, user_id: int, part) -> bool:
        chosen = self.choices[part.kind].get(user_id, KINDS[part.kind].mail)
        return chosen == Rhythm.WEEKLY and user_id not in self.mailed

    def takers(self, done: set[int]) -> list[int]:
        """Approved members who take a part and have had no digest in this run."""
        if not self.parts:
            return []
        approved = User.objects.filter(
            is_active=True, membership__status=Membership.Status.APPROVED
        ).exclude(pk__in=done | self.mailed)
        return [
            user_id
            for user_id in approved.order_by("pk").values_list("pk", flat=True)
            if any(self.takes(user_id, part) for part in self.parts)
        ]

    def for_user(self, user: User, viewer) -> list[Part]:
        shown = []
        for part in self.parts:
            if self.takes(user.pk, part) and viewer.approved:
                items = part.items(viewer, self.since)
                if items:
                    shown.append(Part(part.kind, part.heading, items))
        return shown


def mail_digests(rhythm: str) -> int:
    """The daily (or weekly) digest of everyone with notifications waiting for it; weekly,
    also of everyone who takes a registered part of it (the week's top threads)."""
    sent, done = 0, set()
    weekly = _WeeklyParts(rhythm)
    while True:
        recipients = _waiting_recipients([rhythm], done)
        if not recipients:
            break
        done.update(recipients)
        users = User.objects.in_bulk(recipients)
        viewers = viewers_for(users.values()) if weekly.parts else {}
        for recipient_id in recipients:
            claimed = _claim(recipient_id, [rhythm])
            user = users.get(recipient_id)
            if user is None or not user.is_active:
                Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(
                    mail_state=Notification.MailState.SKIPPED
                )
                continue
            if claimed:
                parts = weekly.for_user(user, viewers[user.pk]) if weekly.parts else []
                sent += _mail_one(user, rhythm, claimed, parts)
    takers = weekly.takers(done)
    for start in range(0, len(takers), MAILS_PER_RUN):
        users = User.objects.in_bulk(takers[start : start + MAILS_PER_RUN])
        viewers = viewers_for(users.values())
        for user in users.values():
            parts = weekly.for_user(user, viewers[user.pk])
            if parts:
                _send(user, rhythm, [], parts)
                sent += 1
    return sent


def mail_sweep() -> int:
    """Mail a dead worker claimed and never sent goes back to waiting; what waits to go at
    once is sent. Registered with the minute's sweep."""
    stale = timezone.now() - dt.timedelta(seconds=settings.EXPORTS_STALE_SECONDS)
    returned = Notification.objects.filter(
        Q(mail_state=Notification.MailState.SENDING) & Q(mail_claimed_at__lt=stale)
    ).update(mail_state=Notification.MailState.PENDING)
    if Notification.objects.filter(
        mail=Rhythm.IMMEDIATELY, mail_state=Notification.MailState.PENDING
    ).exists():
        mail_soon()
    return returned
