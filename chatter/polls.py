"""Polls in Chatter threads: put one (the thread's author, or an editor for a publication's
discussion), vote (once a person, changeable until it closes), and read the results (the
totals per option, for those who may read the thread; never who voted, nor how any
organisation did)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from kit.text import checked_text
from members.access import Viewer, get_visible_or_404, viewer_for
from members.models import User

from .access import can_review
from .models import Poll, PollOption, PollVote, Thread

MAX_OPTIONS = 10


def may_add_poll(viewer: Viewer, thread: Thread) -> bool:
    """The thread's author puts a poll to it; an editor to a publication's discussion."""
    if not viewer.approved or has_poll(thread):
        return False
    return thread.created_by_id == viewer.user_id or (
        thread.publication_id is not None and can_review(viewer)
    )


def has_poll(thread: Thread) -> bool:
    return _poll(thread) is not None


def _poll(thread: Thread) -> Poll | None:
    """The thread's poll, read with the thread when it was (``selectors.thread``)."""
    try:
        return thread.poll
    except Poll.DoesNotExist:
        return None


@transaction.atomic
def poll_add(
    *,
    author: User,
    thread: Thread,
    question: str,
    options: list[str],
    multiple: bool = False,
    closes_at: dt.datetime | None = None,
) -> Poll:
    """A poll in a thread its author may read: a question, two to ten options."""
    viewer = viewer_for(author)
    thread = get_visible_or_404(viewer, Thread.objects.select_for_update(), pk=thread.pk)
    if not may_add_poll(viewer, thread):
        raise PermissionDenied("The thread's author puts a poll to it, once.")
    question = checked_text(question, "question", length=300, required=True, missing="Ask it.")
    texts = []
    for text in options:
        text = checked_text(text, "options", length=200)
        if text and text.casefold() not in {t.casefold() for t in texts}:
            texts.append(text)
    if not 2 <= len(texts) <= MAX_OPTIONS:
        raise ValidationError({"options": f"Give from 2 to {MAX_OPTIONS} different options."})
    if closes_at is not None and closes_at <= timezone.now():
        raise ValidationError({"closes_at": "Choose a closing time in the future."})
    poll = Poll.objects.create(
        thread=thread,
        question=question,
        multiple=bool(multiple),
        closes_at=closes_at,
        created_by=author,
    )
    PollOption.objects.bulk_create(
        [PollOption(poll=poll, text=text, position=n) for n, text in enumerate(texts)]
    )
    return poll


@transaction.atomic
def poll_vote(*, voter: User, poll: Poll, option_ids: list[int]) -> list[int]:
    """The voter's choice, replacing any earlier one while the poll is open: one option, or
    several in a multiple-choice poll; none withdraws the vote."""
    viewer = viewer_for(voter)
    if not viewer.approved:
        raise PermissionDenied("Approved members vote.")
    poll = get_visible_or_404(viewer, Poll.objects.select_for_update(), pk=poll.pk)
    if poll.closed:
        raise ValidationError({"options": "The poll is closed."})
    chosen = sorted(set(option_ids))
    if len(chosen) > 1 and not poll.multiple:
        raise ValidationError({"options": "Choose one option."})
    known = set(PollOption.objects.filter(poll=poll, pk__in=chosen).values_list("pk", flat=True))
    if known != set(chosen):
        raise ValidationError({"options": "Choose among the poll's options."})
    PollVote.objects.filter(poll=poll, voter=voter).delete()
    PollVote.objects.bulk_create([PollVote(poll=poll, option_id=pk, voter=voter) for pk in chosen])
    return chosen


@dataclass(frozen=True)
class Result:
    option: PollOption
    votes: int
    share: int  # per cent of the voters
    mine: bool


@dataclass(frozen=True)
class Shown:
    poll: Poll
    results: list[Result]
    voters: int
    may_vote: bool


def poll_of(viewer: Viewer, thread: Thread) -> Shown | None:
    """The thread's poll as this reader sees it (a thread opened through the policy for
    them): the totals per option, their own choice, whether they may vote."""
    if getattr(thread, "_access_viewer", None) != viewer:  # opened for this reader
        thread = get_visible_or_404(viewer, Thread.objects.select_related("poll"), pk=thread.pk)
    poll = _poll(thread)  # whoever may read the thread may read its poll
    if poll is None:
        return None
    counts = dict(
        PollVote.objects.filter(poll=poll)
        .values("option")
        .annotate(n=Count("pk"))
        .values_list("option", "n")
    )  # totals of everyone's votes: counts only, never who
    voters = PollVote.objects.filter(poll=poll).values("voter").distinct().count()
    mine = set()
    if viewer.is_authenticated:
        mine = set(
            PollVote.objects.filter(poll=poll, voter_id=viewer.user_id).values_list(
                "option_id", flat=True
            )
        )
    results = []
    for option in PollOption.objects.filter(poll=poll).order_by("position"):
        votes = counts.get(option.pk, 0)
        share = round(100 * votes / voters) if voters else 0
        results.append(Result(option, votes, share, option.pk in mine))
    return Shown(poll, results, voters, viewer.approved and not poll.closed)
