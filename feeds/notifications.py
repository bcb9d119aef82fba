"""What the feeds tell people: records that wait in the editors' queue after a run (the
kind ``review_queue`` belongs to the incidents app, whose queue this is too), and a source
in trouble: failing after it worked, or quiet for longer than its usual gap."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.http import urlencode

from incidents.notifications import EDITORS, editors
from members.notifications import KINDS, SUBJECTS, Kind, Reason, Subject, notify

from .models import FeedRun, FeedSource


def register() -> None:
    KINDS.add(
        Kind(
            "feed_health",
            "Feeds in trouble",
            "A source's runs began to fail, or a live source has given nothing new for "
            "longer than its usual gap.",
            for_roles=EDITORS,
        )
    )
    SUBJECTS.add(
        Subject(
            model=FeedSource,
            title=lambda source: source.name,
            url=lambda source: reverse("feeds:health") + f"#source-{source.slug}",
            marking=lambda source: "green",
        )
    )
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


def source_failed(*, run: FeedRun) -> None:
    """A run failed where the one before it had not: the source is in trouble (a changed
    shape, a challenge page, an address gone). Told once, not at every failed poll."""

    before = (
        FeedRun.objects.filter(source=run.source_id, started_at__lt=run.started_at)
        .exclude(pk=run.pk)
        .order_by("-started_at")
        .values_list("state", flat=True)
        .first()
    )
    if before == FeedRun.State.FAILED:
        return
    notify(
        kind="feed_health",
        subject=run.source,
        text=f"{run.source.name} failed: {run.error[:200]}",
        direct=dict.fromkeys(editors(), Reason.EDITOR),
        to_watchers=False,
    )


def source_quiet(*, source: FeedSource, days: int | None, newest: dt.date | None) -> None:
    said = f"; its newest record is of {newest:%-d %B %Y}" if newest else ""
    notify(
        kind="feed_health",
        subject=source,
        text=f"{source.name} has given nothing new for {days} days, longer than its usual "
        f"{source.usual_gap_days}{said}",
        direct=dict.fromkeys(editors(), Reason.EDITOR),
        to_watchers=False,
    )
