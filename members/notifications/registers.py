"""What the notification centre knows of the rooms that tell people things: the kinds of
notification, the subjects they are about, what people can watch and the parts of the
weekly digest, each a register that the rooms fill when they are ready."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models

from kit.registry import KeyedRegister, Register

from ..models import Rhythm


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


KINDS: KeyedRegister[str, Kind] = KeyedRegister("kinds of notification", key=lambda k: k.key)
DIGEST_PARTS: Register[DigestPart] = Register("parts of the weekly digest")
SUBJECTS: KeyedRegister[type[models.Model], Subject] = KeyedRegister(
    "subjects of notifications", key=lambda s: s.model
)
TARGETS: KeyedRegister[str, Target] = KeyedRegister("things to watch", key=lambda t: t.key)
