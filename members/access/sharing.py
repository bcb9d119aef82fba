"""Giving content the audience of what it belongs to (an update of an incident, a post of
a thread), one object or many, and the signal sent when a marking changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.dispatch import Signal

from .markings import TLP
from .policy import SharedContent

if TYPE_CHECKING:
    from django.db import models

SHARES = (
    "shared_with_organisations",
    "shared_with_groups",
    "recipients",
    "recipient_groups",
    "recipient_organisations",
)

# Sent when shared content's marking changes (an incident raised to AMBER+STRICT), with the
# object as ``content``: what is derived from it and marked apart (its discussion) follows.
marking_changed = Signal()


def _audience(source: SharedContent, owner_id: int) -> dict[str, set[int]]:
    """What content owned by ``owner_id`` and marked as ``source`` is shared with, to have
    ``source``'s audience: under AMBER its owner, organisations and groups, under RED its
    author, recipients, recipient groups and organisations; nothing else."""
    found: dict[str, set[int]] = {name: set() for name in SHARES}
    if source.tlp == TLP.AMBER:
        organisations = set(source.shared_with_organisations.values_list("pk", flat=True))
        organisations.add(source.organisation_id)
        organisations.discard(owner_id)  # its own owner sees it anyway
        found["shared_with_organisations"] = organisations
        found["shared_with_groups"] = set(source.shared_with_groups.values_list("pk", flat=True))
    elif source.tlp == TLP.RED:
        people = set(source.recipients.values_list("pk", flat=True))
        found["recipients"] = {source.created_by_id, *people}
        found["recipient_groups"] = set(source.recipient_groups.values_list("pk", flat=True))
        found["recipient_organisations"] = set(
            source.recipient_organisations.values_list("pk", flat=True)
        )
    return found


def share_as(content: SharedContent, source: SharedContent) -> None:
    """Give content marked as what it belongs to (an update of an incident, a post of a
    thread) that one's audience: under AMBER its owner, organisations and groups, under RED
    its author, recipients and recipient groups and organisations."""
    if content.tlp != source.tlp:
        return
    for name, ids in _audience(source, content.organisation_id).items():
        if ids:
            getattr(content, name).set(sorted(ids))


def share_all_as(model: type[SharedContent], ids: list[int], source: SharedContent) -> None:
    """Mark many objects of one kind, all owned by ``source``'s owner, as ``source`` and give
    them exactly its audience, in a few queries whatever their number (a discussion's posts
    when it is raised to its incident's marking)."""
    if not ids:
        return
    model.objects.unrestricted().filter(pk__in=ids).update(tlp=source.tlp)
    for name, targets in _audience(source, source.organisation_id).items():
        field = cast("models.ManyToManyField[Any, Any]", model._meta.get_field(name))
        through = cast(Any, field.remote_field.through)
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        through.objects.filter(**{f"{own}_id__in": ids}).delete()
        through.objects.bulk_create(
            [through(**{f"{own}_id": pk, f"{other}_id": t}) for pk in ids for t in sorted(targets)]
        )
