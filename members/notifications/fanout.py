"""An event fanned out into notifications, by a worker, in batches: safe to run twice (a
person has at most one notification per key, so a run that was killed half way and is run
again adds the rest and nothing twice)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kit.queue import enqueue

from ..access import audience, viewers_for
from ..models import (
    Level,
    Membership,
    Notification,
    NotificationEvent,
    NotificationSetting,
    Rhythm,
    Role,
    User,
)
from .mail import mail_soon
from .registers import KINDS, SUBJECTS, Reason, WatchMatch
from .selectors import forget_unread


def subject_of(event_or_notification):
    """The object an event or a notification is about, or None when it is gone."""
    model = event_or_notification.subject_type.model_class()
    if model is None:
        return None
    manager = model._default_manager
    queryset = manager.unrestricted() if hasattr(manager, "unrestricted") else manager.all()
    return queryset.filter(pk=event_or_notification.subject_id).first()


ROLE_REASONS = {Role.EDITOR: Reason.EDITOR, Role.STAFF: Reason.EDITOR}
SKIP = "skip"  # in an event's ``direct``: this person hears of it another way


@dataclass(frozen=True)
class Candidate:
    """Someone who may hear of an event, before the access policy is asked."""

    reason: str
    kind: str
    mail: str = ""  # the watch's own rhythm, if it has one
    urgent_at_once: bool = False


def candidates(event: NotificationEvent, subject) -> dict[int, Candidate]:
    """Who may hear of the event and why, by user id.

    The closest watch a person has on the subject decides for the watchers' path: watching
    and tracking tell, normal does not, muted does not either. Muting the subject itself
    also silences what the person would hear directly (as the owner, say); muting something
    broader (the region) only stops what they would hear as its watcher. An alert of a new
    incident comes only from what matches it (a port, a region, a circle, a search), not
    from watching the incident itself.
    """
    alert = event.key.startswith("alert:")
    closest: dict[int, WatchMatch] = {}
    for match in SUBJECTS[type(subject)].watchers(subject):
        kept = closest.get(match.user_id)
        if kept is None or (match.itself, match.closeness) > (kept.itself, kept.closeness):
            closest[match.user_id] = match
    chosen: dict[int, Candidate] = {}
    direct = list(event.direct)
    if event.direct_roles:
        members = User.objects.filter(
            is_active=True,
            system=False,
            membership__role__in=event.direct_roles,
            membership__status=Membership.Status.APPROVED,
        ).values_list("pk", "membership__role")
        direct += [[user_id, ROLE_REASONS.get(role, role)] for user_id, role in members]
    skipped = {user_id for user_id, reason in direct if reason == SKIP}
    for user_id, reason in direct:
        if reason == SKIP:
            continue
        match = closest.get(user_id)
        if match is not None and match.itself and match.level == Level.MUTED:
            continue
        chosen[user_id] = Candidate(reason, event.kind)
    if event.to_watchers:
        for user_id, match in closest.items():
            if user_id in chosen or match.level < Level.TRACKING or (alert and match.itself):
                continue
            if alert:
                reason = Reason.ALERT
            else:
                reason = Reason.WATCHING if match.level == Level.WATCHING else Reason.TRACKING
            mail = Rhythm.NEVER if match.level == Level.TRACKING else match.mail
            kind = event.watch_kind or event.kind
            chosen[user_id] = Candidate(reason, kind, mail, match.urgent_at_once)
    for user_id in skipped:
        chosen.pop(user_id, None)
    if event.actor_id is not None:
        chosen.pop(event.actor_id, None)
    return chosen


def _rhythms(user_ids: list[int], kinds: set[str]) -> dict[tuple[int, str], str]:
    """The mail rhythm each person chose for each of these kinds (the kind's own else)."""
    chosen = {
        (user_id, kind): mail
        for user_id, kind, mail in NotificationSetting.objects.filter(
            user_id__in=user_ids, kind__in=kinds
        ).values_list("user_id", "kind", "mail")
    }
    return {
        (user_id, kind): chosen.get((user_id, kind), KINDS[kind].mail)
        for user_id in user_ids
        for kind in kinds
    }


def event_fan_out(*, event_id: int, batch: int | None = None) -> int:
    """Make the event's notifications; returns how many this run made."""

    batch = batch or settings.NOTIFICATIONS_FAN_OUT_BATCH
    event = NotificationEvent.objects.filter(pk=event_id).select_related("subject_type").first()
    if event is None or event.fanned_out_at is not None:
        return 0
    subject = subject_of(event)
    made = 0
    if subject is not None and event.kind in KINDS and (event.watch_kind or event.kind) in KINDS:
        wanted = candidates(event, subject)
        ids = sorted(wanted)
        for start in range(0, len(ids), batch):
            made += _fan_out_batch(event, subject, wanted, ids[start : start + batch])
    NotificationEvent.objects.filter(pk=event.pk).update(fanned_out_at=timezone.now())
    if (
        made
        and Notification.objects.filter(
            event=event, mail=Rhythm.IMMEDIATELY, mail_state=Notification.MailState.PENDING
        ).exists()
    ):
        mail_soon()
    return made


def _fan_out_batch(event, subject, wanted, ids: list[int]) -> int:
    key = event.key or f"event:{event.pk}"
    told = set(
        Notification.objects.filter(recipient_id__in=ids, key=key).values_list(
            "recipient_id", flat=True
        )
    )
    users = User.objects.filter(pk__in=set(ids) - told, is_active=True, system=False)
    allowed = sorted(audience(subject, viewers_for(users)))
    rhythms = _rhythms(allowed, {wanted[user_id].kind for user_id in allowed})
    rows = []
    for user_id in allowed:
        candidate = wanted[user_id]
        rhythm = candidate.mail or rhythms[(user_id, candidate.kind)]
        if event.urgent and candidate.urgent_at_once and candidate.mail != Rhythm.NEVER:
            rhythm = Rhythm.IMMEDIATELY
        rows.append(
            Notification(
                recipient_id=user_id,
                event=event,
                kind=candidate.kind,
                key=key,
                reason=candidate.reason,
                subject_type_id=event.subject_type_id,
                subject_id=event.subject_id,
                topic=event.topic,
                topic_label=event.topic_label,
                text=event.text,
                created_at=event.created_at,
                mail=rhythm,
                mail_state=(
                    Notification.MailState.NONE
                    if rhythm == Rhythm.NEVER
                    else Notification.MailState.PENDING
                ),
            )
        )
    with transaction.atomic():  # one batch, kept whatever happens to the next
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
    forget_unread(allowed)
    return len(rows)


def events_sweep() -> int:
    """Events a worker never fanned out (its message lost, or it died before the first
    batch): sent again. Registered with the minute's sweep."""

    stale = timezone.now() - timezone.timedelta(seconds=settings.EXPORTS_STALE_SECONDS)
    waiting = NotificationEvent.objects.filter(fanned_out_at__isnull=True, created_at__lt=stale)
    ids = list(waiting.values_list("pk", flat=True)[:500])
    for event_id in ids:
        enqueue("members.notifications.tasks.fan_out", event_id)
    return len(ids)
