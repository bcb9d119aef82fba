"""The notification centre: who hears what, when, without ever leaking. Every app tells
people through here.

An app registers, when it is ready, the *kinds* of notification it makes (``register_kind``:
a name people see on their preferences page and the mail rhythm it has unless they choose
another), the *subjects* they are about (``register_subject``: how to name, link and mark an
object, and who watches it) and the *targets* people can watch (``register_target``). Then a
write that people should hear of calls :func:`notify` in its transaction. The event is kept
with the write; after the commit a worker fans it out (``fanout.event_fan_out``):

1. the candidates: the people named with the event and why (owner, mentioned, editor, ...),
   and the people watching what it is about (the subject's ``watchers``);
2. less the actor, anyone who muted it, and anyone inactive;
3. intersected with the people the access policy lets see the subject *now*
   (``members.access.audience``);
4. one notification per person and key (the event, or what the caller names: an alert of a
   new incident is made once per person, however many watches match it), with the mail
   rhythm the person chose for the kind (or the watch's own).

The bell, the inbox and the mail read those rows; what they show of a subject is checked
again when they show it. See docs/notifications.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ..models import Level, NotificationEvent, Rhythm, User


class Reason(models.TextChoices):
    """Why a person hears of an event."""

    OWNER = "owner", "it is yours"
    CONTRIBUTOR = "contributor", "you added to it"
    MENTIONED = "mentioned", "you were mentioned"
    RECIPIENT = "recipient", "it is addressed to you"
    WATCHING = "watching", "you watch it"
    TRACKING = "tracking", "you track it"
    ALERT = "alert", "it matches what you watch"
    EDITOR = "editor", "you are an editor"
    VETTER = "vetter", "you vet your organisation's applicants"


@dataclass(frozen=True)
class Kind:
    """A kind of notification: ``label`` and ``help`` are what people read on their
    preferences page; ``mail`` is its rhythm until they choose another."""

    key: str
    label: str
    help: str
    mail: str = Rhythm.IMMEDIATELY
    for_roles: frozenset[str] | None = None  # shown on the preferences page to these roles
    many: str = "{count} notifications about {topic}"  # several merged into one mail item
    gone: str = "No longer shared with you"  # what the inbox says when its subject is not seen
    rhythms: tuple[str, ...] = ()  # the rhythms it may be mailed in; empty: any


@dataclass(frozen=True)
class WatchMatch:
    """A person's watch that covers an event's subject. ``closeness`` orders watches from
    the broadest (a region) to the closest (a port, then a circle or a search): the closest
    one decides. ``itself``: the watch is on the subject (or what it belongs to) itself."""

    user_id: int
    level: int
    closeness: int = 0
    itself: bool = False
    mail: str = ""
    urgent_at_once: bool = False


@dataclass(frozen=True)
class Subject:
    """How the centre speaks of one model's objects. ``title`` is what may be said of it
    whatever its marking (an incident's reference); ``summary`` is its content, mailed only
    under TLP:CLEAR and TLP:GREEN; ``marking`` is its TLP (the strictest of it and what it
    belongs to); ``watchers`` the watches that cover it."""

    model: type[models.Model]
    title: Callable[[models.Model], str]
    url: Callable[[models.Model], str]
    marking: Callable[[models.Model], str]
    summary: Callable[[models.Model], str] = lambda obj: ""
    watchers: Callable[[models.Model], list[WatchMatch]] = lambda obj: []
    note: Callable[[models.Model], str] = lambda obj: ""  # e.g. "since retracted"
    select_related: tuple[str, ...] = ()  # what ``url`` and ``title`` read
    reference: Callable[[models.Model], str] = lambda obj: ""  # for the API's object
    # The fields the inbox reads (``url``, ``note``, ``reference``): a page of fifty loads
    # no more of them. Empty: all.
    only: tuple[str, ...] = ()
    # Whether what is said of this object (a notification's text: "Maria Jensen replied in a
    # private conversation") names none of its content, so a mail may say it whatever the
    # marking. Otherwise a restricted subject's mail says only the kind and the title.
    speaks_safely: Callable[[models.Model], bool] = lambda obj: False


@dataclass(frozen=True)
class Target:
    """Something people can watch (an incident, a port, a region, a circle, a saved search):
    ``describe(key)`` gives its label and link, or None when there is no such thing the
    person may see."""

    key: str
    label: str
    describe: Callable[..., tuple[str, str] | None] = field(default=lambda viewer, key: None)
    first_post: bool = False  # it has new threads: it can be watched for those alone


@dataclass(frozen=True)
class DigestItem:
    """A line of a digest's part: a title and its link (a path), what is said of it, and
    the marking of what it names (under AMBER and stricter the mail says only the title)."""

    title: str
    url: str
    line: str
    marking: str


@dataclass(frozen=True)
class DigestPart:
    """A part of the weekly digest beyond a person's own notifications (CSO Chatter: the
    week's top threads). ``kind`` is the kind on their preferences page that takes it, in
    the weekly digest or not at all; ``items(viewer, since)`` what it holds for this reader
    since then, through the access policy."""

    kind: str
    heading: str
    items: Callable[..., list[DigestItem]]


KINDS: dict[str, Kind] = {}
DIGEST_PARTS: list[DigestPart] = []
SUBJECTS: dict[type[models.Model], Subject] = {}
TARGETS: dict[str, Target] = {}


def register_kind(kind: Kind) -> None:
    KINDS[kind.key] = kind


def register_digest_part(part: DigestPart) -> None:
    if part not in DIGEST_PARTS:
        DIGEST_PARTS.append(part)


def register_subject(subject: Subject) -> None:
    SUBJECTS[subject.model] = subject


def register_target(target: Target) -> None:
    TARGETS[target.key] = target


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
    from kit.queue import enqueue

    from .tasks import fan_out

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
    enqueue(fan_out, event.pk)
    return event


__all__ = [
    "KINDS",
    "SUBJECTS",
    "TARGETS",
    "Kind",
    "Level",
    "Reason",
    "Rhythm",
    "Subject",
    "Target",
    "WatchMatch",
    "notify",
    "register_kind",
    "register_subject",
    "register_target",
]
