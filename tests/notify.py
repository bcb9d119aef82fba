"""Helpers for tests of the notification centre: run what the worker runs, now."""

from __future__ import annotations

from members.access import viewer_for
from members.models import Notification, NotificationEvent, Watch
from members.notifications import TARGETS
from members.notifications.fanout import event_fan_out
from members.notifications.services import watch_set

ROLES_SIGNED_IN = ["pending_a", "member_a", "admin_a", "member_b", "admin_b", "editor", "staff"]


def fan_out_all() -> int:
    """Fan out every event waiting, as the worker would after the commit."""
    made = 0
    for event_id in NotificationEvent.objects.filter(fanned_out_at__isnull=True).values_list(
        "pk", flat=True
    ):
        made += event_fan_out(event_id=event_id)
    return made


def told(kind: str | None = None) -> set[str]:
    """The emails of everyone notified (of this kind)."""
    rows = Notification.objects.all()
    if kind is not None:
        rows = rows.filter(kind=kind)
    return set(rows.values_list("recipient__email", flat=True))


def roles_told(cast, kind: str | None = None) -> set[str]:
    emails = told(kind)
    return {role for role in ROLES_SIGNED_IN if cast.user(role).email in emails}


def watch(user, target_type: str, key: str, **options) -> Watch:
    """Watch something as the Watch button does: its label and criteria from its target."""
    label, criteria = TARGETS[target_type].describe(viewer_for(user), key)
    return watch_set(
        user=user, target_type=target_type, target_key=key, label=label, criteria=criteria,
        **options,
    )  # fmt: skip


def watch_region(user, region: str = "west_africa", **options) -> Watch:
    return watch(user, "region", region, **options)
