"""What the feeds tell people: records that wait in the editors' queue after a run (the
kind ``review_queue`` belongs to the incidents app, whose queue this is too)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from incidents.notifications import editors
from members.notifications import SUBJECTS, Reason, Subject, notify

from .models import FeedRun


def register() -> None:
    SUBJECTS.add(
        Subject(
            model=FeedRun,
            title=lambda run: f"a run of {run.source.name}",
            url=lambda run: reverse("feeds:queue") + "?" + urlencode({"source": run.source.slug}),
            marking=lambda run: "green",
            select_related=("source",),
        )
    )


def records_waiting(*, run: FeedRun, count: int) -> None:
    """A run left records for the editors to review."""

    if not count:
        return
    notify(
        kind="review_queue",
        subject=run,
        text=f"{count} new record{'s' if count != 1 else ''} from {run.source.name} wait in the "
        "feed queue",
        direct=dict.fromkeys(editors(), Reason.EDITOR),
        to_watchers=False,
    )
