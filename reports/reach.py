"""Where the record ends, for a window that holds little or nothing.

The public sources' history ends where their publishers stopped (the shipped ASAM archive
in June 2022, IMB's in 2020) until live sources bring today's; a page whose default window
(the last twelve months, the last three years) lies after that end says so, with the date,
and offers the same length of window ending where the record does. Always over what the
viewer may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from incidents.selectors import public_record_ends
from members.access import Viewer


@dataclass(frozen=True)
class Gap:
    """The public record ends before the window starts."""

    record_ends: dt.date
    members_reports: int  # what the window holds: members' reports only
    latest_since: dt.date  # the same length of window, ending where the record ends
    latest_until: dt.date


def gap(viewer: Viewer, since: dt.date, until: dt.date, held: int) -> Gap | None:
    """When the window [since, until] starts after the public record ends: where it ends,
    and the latest window of the same length that holds it. ``held``: what the window
    holds (members' reports, then)."""
    ends = public_record_ends(viewer)
    if ends is None or ends >= since:
        return None
    length = until - since
    return Gap(ends, held, ends - length, ends)


def twelve_months_gap(viewer: Viewer, held: int, today: dt.date | None = None) -> Gap | None:
    today = today or timezone.now().date()
    year_ago = today - dt.timedelta(days=365)
    return gap(viewer, year_ago + dt.timedelta(days=1), today, held)
