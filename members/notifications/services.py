"""Every write of the notification centre that people make: reading, mail choices, watches
and one-click unsubscribing."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Level, Notification, NotificationSetting, Rhythm, User, Watch
from .registers import KINDS, TARGETS
from .selectors import forget_unread

_UNSUBSCRIBE_SALT = "csoa.notifications.unsubscribe"


def notifications_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the person's notifications read: these (their own only), or all. Returns how
    many were unread."""

    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    read = unread.update(read_at=timezone.now())
    forget_unread([user.pk])
    return read


@transaction.atomic
def mail_choices_save(*, user: User, choices: dict[str, str]) -> None:
    """Keep how the person wants each kind mailed (kinds and rhythms checked)."""
    for kind, rhythm in choices.items():
        if kind not in KINDS:
            raise ValidationError({kind: "There is no such kind of notification."})
        allowed = KINDS[kind].rhythms or tuple(Rhythm.values)
        if rhythm not in allowed:
            raise ValidationError({kind: f"Choose one of {', '.join(allowed)}."})
    for kind, rhythm in choices.items():
        NotificationSetting.objects.update_or_create(
            user=user, kind=kind, defaults={"mail": rhythm}
        )


def watch_set(
    *,
    user: User,
    target_type: str,
    target_key: str,
    label: str,
    level: int = Level.WATCHING,
    mail: str = "",
    urgent_at_once: bool = False,
    criteria: dict | None = None,
) -> Watch:
    """Follow something at a level (or change how): one watch per person and target."""
    if target_type not in TARGETS:
        raise ValidationError({"target_type": "There is nothing of this kind to watch."})
    if level not in Level.values or (
        level == Level.FIRST_POST and not TARGETS[target_type].first_post
    ):
        raise ValidationError({"level": "Choose muted, normal, tracking or watching."})
    if mail and mail not in Rhythm.values:
        raise ValidationError({"mail": f"Choose one of {', '.join(Rhythm.values)}."})
    watch, _created = Watch.objects.update_or_create(
        user=user,
        target_type=target_type,
        target_key=target_key,
        defaults={
            "label": label[:200],
            "level": level,
            "mail": mail,
            "urgent_at_once": urgent_at_once,
            "criteria": criteria or {},
        },
    )
    return watch


AUTO_FOLLOWED = frozenset({"incident", "thread"})


def watch_follow(
    *, user: User, target_type: str, target_key: str, label: str, level: int = Level.WATCHING
) -> None:
    """Follow something the person made or added to (their report, their update, their
    reply), unless they already chose a level for it: stopping stays stopped. One query."""
    watch = Watch(
        user=user, target_type=target_type, target_key=target_key, label=label[:200], level=level
    )
    Watch.objects.bulk_create([watch], ignore_conflicts=True)


def watch_stop(*, watch: Watch) -> None:
    """Stop following (a watch the access policy gave the person: their own). What one
    follows by reporting or adding to it stays, at normal: adding to it again does not
    make one watch it again."""
    if watch.target_type in AUTO_FOLLOWED:
        watch.level = Level.NORMAL
        watch.save(update_fields=["level"])
    else:
        watch.delete()


def unsubscribe_token(user: User, kinds: list[str]) -> str:
    return signing.dumps({"u": user.pk, "k": sorted(kinds)}, salt=_UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_reader(token: str) -> tuple[User, list[str]]:
    """Whose and which kinds a link unsubscribes; ValidationError for a forged, damaged or
    expired one (``NOTIFICATIONS_UNSUBSCRIBE_DAYS``)."""
    try:
        data = signing.loads(
            token, salt=_UNSUBSCRIBE_SALT, max_age=settings.NOTIFICATIONS_UNSUBSCRIBE_DAYS * 86400
        )
        user = User.objects.get(pk=data["u"], is_active=True)
        kinds = [kind for kind in data["k"] if kind in KINDS]
    except signing.SignatureExpired:
        raise ValidationError(
            "This link has expired: change your mail on your settings page."
        ) from None
    except (signing.BadSignature, KeyError, TypeError, User.DoesNotExist):
        raise ValidationError("This link is not one the platform sent.") from None
    return user, kinds


@transaction.atomic
def unsubscribe(*, token: str) -> tuple[User, list[str]]:
    """One click from a mail, without logging in: no more mail of these kinds."""
    user, kinds = unsubscribe_reader(token)
    mail_choices_save(user=user, choices=dict.fromkeys(kinds, Rhythm.NEVER))
    Notification.objects.filter(
        recipient=user, kind__in=kinds, mail_state=Notification.MailState.PENDING
    ).update(mail_state=Notification.MailState.SKIPPED)
    return user, kinds
