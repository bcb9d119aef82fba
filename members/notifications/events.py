"""Telling people: an event kept with the write that caused it, fanned out after the commit
by a worker (``fanout.event_fan_out``)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from kit.queue import enqueue

from ..models import NotificationEvent, User
from .registers import KINDS, SUBJECTS


def notify(
    *,
    kind: str,
    subject: models.Model,
    text: str,
    topic: models.Model | None = None,
    actor: User | None = None,
    direct: dict[int, str] | None = None,
    direct_roles: tuple[str, ...] = (),
    to_watchers: bool = True,
    watch_kind: str = "",
    key: str = "",
    urgent: bool = False,
    skip: set[int] | frozenset[int] = frozenset(),
) -> NotificationEvent:
    """Tell people that something happened to ``subject``: ``text`` is the one line they
    read; ``direct`` names people who hear of it whatever they watch, with their reason,
    and ``direct_roles`` roles whose members do (editors: the reason is the role's);
    with ``to_watchers`` the subject's watchers hear of it too, as ``watch_kind`` when it
    differs (a status change: "your report" for its reporter, "activity" for watchers).
    ``topic`` is what consecutive mails merge on (an incident, for its updates); ``key``
    makes the event one of a series told once per person (an alert of a new incident);
    ``skip`` names people who hear of the same thing another way (a reply's mentioned, told
    by the mention). Runs
    in the caller's transaction; the fan-out waits for its commit."""
    if kind not in KINDS or (watch_kind or kind) not in KINDS or type(subject) not in SUBJECTS:
        raise LookupError(f"Register the kind {kind!r} and its subject before notifying.")
    topic = topic or subject
    event = NotificationEvent.objects.create(
        kind=kind,
        watch_kind=watch_kind if watch_kind != kind else "",
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        actor=actor,
        text=text[:300],
        topic=f"{topic._meta.label_lower}:{topic.pk}",
        topic_label=SUBJECTS[type(topic)].title(topic)[:100] if type(topic) in SUBJECTS else "",
        key=key,
        direct=[[user_id, reason] for user_id, reason in (direct or {}).items()]
        + [[user_id, "skip"] for user_id in sorted(skip)],
        direct_roles=list(direct_roles),
        to_watchers=to_watchers,
        urgent=urgent,
    )
    enqueue("members.notifications.tasks.fan_out", event.pk)
    return event
