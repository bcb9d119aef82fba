"""Who may do what at the feed desk, beyond seeing it (the rules in ``feeds.models``)."""

from incidents.access import can_verify
from members.access import Viewer


def can_review(viewer: Viewer) -> bool:
    """Review records, upload files and ask for a poll now: editors and staff."""
    return can_verify(viewer)


def can_configure(viewer: Viewer) -> bool:
    """Add sources and change their settings (URL, interval, on or off): staff only."""
    return viewer.is_staff
