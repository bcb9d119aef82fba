"""The notification centre: who hears what, when, without ever leaking. Every app tells
people through here.

An app registers, when it is ready, the *kinds* of notification it makes (``KINDS.add``:
a name people see on their preferences page and the mail rhythm it has unless they choose
another), the *subjects* they are about (``SUBJECTS.add``: how to name, link and mark an
object, and who watches it) and the *targets* people can watch (``TARGETS.add``). Then a
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

from ..models import Level, Rhythm
from .events import notify
from .registers import (
    DIGEST_PARTS,
    KINDS,
    SUBJECTS,
    TARGETS,
    DigestItem,
    DigestPart,
    Kind,
    Reason,
    Subject,
    Target,
    WatchMatch,
)

__all__ = [
    "DIGEST_PARTS",
    "KINDS",
    "SUBJECTS",
    "TARGETS",
    "DigestItem",
    "DigestPart",
    "Kind",
    "Level",
    "Reason",
    "Rhythm",
    "Subject",
    "Target",
    "WatchMatch",
    "notify",
]
