"""Reads of the notification centre: the bell's count, the inbox, a person's watches and
mail choices. What a notification is about is shown only while the reader may still see it:
otherwise "no longer shared with you", never its text."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.urls import reverse

from ..access import Viewer, visible
from ..models import Level, Notification, NotificationSetting, Rhythm, User, Watch
from .registers import KINDS, SUBJECTS

UNREAD_SHOWN = 99  # the bell says "99+" beyond: counting further costs and tells nothing
# A kept count is forgotten whenever it changes; this bounds how long one can be wrong when
# Redis is away and each process keeps its own.
UNREAD_KEPT_SECONDS = 120
# The levels as a Watch form offers them, saying what each does.
LEVEL_CHOICES = [
    (Level.WATCHING, "Watching: bell and mail"),
    (Level.TRACKING, "Tracking: bell only"),
    (Level.NORMAL, "Normal: only what concerns me"),
    (Level.MUTED, "Muted: nothing"),
]
# A tag's: its new threads, or every post in them.
TAG_LEVEL_CHOICES = [
    (Level.WATCHING, "Watching: every post, bell and mail"),
    (Level.FIRST_POST, "Watching first post: new threads, bell and mail"),
    (Level.NORMAL, "Normal: only what concerns me"),
]


def _unread_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user: User) -> int:
    """Unread notifications, up to UNREAD_SHOWN + 1: kept in the cache until a notification
    is made or read (``forget_unread``), else one query on a partial index."""
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        mine = Notification.objects.filter(recipient=user, read_at__isnull=True)
        count = mine.values("pk")[: UNREAD_SHOWN + 1].count()
        cache.set(key, count, UNREAD_KEPT_SECONDS)
    return count


def forget_unread(user_ids) -> None:
    """Their counts changed: the bell asks the database next time."""
    cache.delete_many([_unread_key(user_id) for user_id in user_ids])


@dataclass(frozen=True)
class Entry:
    """A notification as its reader may see it now."""

    notification: Notification
    shared: bool
    url: str = ""
    note: str = ""
    reference: str = ""
    open_url: str = ""

    @property
    def text(self) -> str:
        if self.shared:
            return self.notification.text
        kind = KINDS.get(self.notification.kind)
        return kind.gone if kind else "No longer shared with you"

    @property
    def kind_label(self) -> str:
        kind = KINDS.get(self.notification.kind)
        return kind.label if kind else self.notification.kind


def subjects_seen(viewer: Viewer, notifications, *, whole: bool = False) -> dict:
    """What these notifications are about that the viewer may see now, by (subject type,
    id), read through the access policy: one query per kind of subject. The inbox reads the
    few fields it shows; ``whole`` reads what a mail tells of them too."""
    by_type: dict[int, set[int]] = defaultdict(set)
    for notification in notifications:
        by_type[notification.subject_type_id].add(notification.subject_id)
    seen: dict[tuple[int, int], object] = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        subject = SUBJECTS.get(model)
        if subject is None:
            continue
        objects = visible(viewer, model).filter(pk__in=ids)
        if subject.only and not whole:
            related = [
                r
                for r in subject.select_related
                if any(f.startswith(f"{r}__") for f in subject.only)
            ]
            objects = objects.select_related(*related).only(*subject.only)
        elif subject.select_related:
            objects = objects.select_related(*subject.select_related)
        seen.update({(type_id, obj.pk): obj for obj in objects})
    return seen


def shown(viewer: Viewer, notifications: list[Notification]) -> list[Entry]:
    """The entries of these notifications, as the viewer may see them now."""
    seen = subjects_seen(viewer, notifications)
    opened = reverse("members:notifications")  # each opens at notifications/<id>/
    entries = []
    for notification in notifications:
        obj = seen.get((notification.subject_type_id, notification.subject_id))
        open_url = f"{opened}{notification.pk}/"
        if obj is None:
            entries.append(Entry(notification, shared=False, open_url=open_url))
            continue
        subject = SUBJECTS[type(obj)]
        entries.append(
            Entry(
                notification,
                True,
                url=subject.url(obj),
                note=subject.note(obj),
                reference=subject.reference(obj),
                open_url=open_url,
            )
        )
    return entries


def notifications_of(viewer: Viewer) -> QuerySet[Notification]:
    """The viewer's own notifications, newest first (the access policy: one's own alone)."""
    return visible(viewer, Notification).order_by("-created_at", "-id")


def inbox(viewer: Viewer, *, before: tuple | None = None, size: int = 50) -> tuple[list, tuple]:
    """A page of the inbox: the entries, and where the next page starts (None at the end)."""
    notifications = notifications_of(viewer)
    if before is not None:
        created, pk = before
        notifications = notifications.filter(
            Q(created_at__lt=created) | Q(created_at=created, pk__lt=pk)
        )
    page = list(notifications[: size + 1])
    more = page[size] if len(page) > size else None
    page = page[:size]
    following = (page[-1].created_at, page[-1].pk) if more is not None else None
    return shown(viewer, page), following


def mail_choices(user: User) -> dict[str, str]:
    """How the person wants each kind mailed: their choice, else the kind's default."""
    chosen = dict(NotificationSetting.objects.filter(user=user).values_list("kind", "mail"))
    return {key: chosen.get(key, kind.mail) for key, kind in KINDS.items()}


def watches_of(viewer: Viewer) -> QuerySet[Watch]:
    return visible(viewer, Watch).order_by("target_type", "label", "pk")


def watch_states(
    viewer: Viewer,
    target_type: str,
    keys: list[str],
    *,
    question: str,
    alerts: bool,
    levels: list | None = None,
) -> dict[str, dict]:
    """What each Watch form of a page shows, by target key, in one query: the viewer's level
    (normal when they have none), and for ports, regions, areas and searches how new
    incidents are mailed. Empty for the public and applicants, who cannot watch."""
    if not viewer.approved:
        return {}
    current = {
        watch.target_key: watch
        for watch in watches_of(viewer).filter(target_type=target_type, target_key__in=keys)
    }
    states = {}
    for key in keys:
        watch = current.get(key)
        states[key] = {
            "target_type": target_type,
            "target_key": key,
            "question": question,
            "alerts": alerts,
            "level": watch.level if watch else Level.NORMAL,
            "mail": watch.mail if watch else "",
            "urgent_at_once": watch.urgent_at_once if watch else False,
            "levels": levels or LEVEL_CHOICES,
            "rhythms": Rhythm.choices,
        }
    return states


def watch_state(
    viewer: Viewer,
    target_type: str,
    key: str,
    *,
    question: str,
    alerts: bool,
    levels: list | None = None,
):
    """The Watch form of one target (None for those who cannot watch)."""
    states = watch_states(
        viewer, target_type, [key], question=question, alerts=alerts, levels=levels
    )
    return states.get(key)
