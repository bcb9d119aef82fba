"""The searches members save, and how they are told of new matches."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from members.models import User

from .. import notifications
from ..models import (
    SavedSearch,
)


@transaction.atomic
def saved_search_save(
    *, owner: User, name: str, query: str, view: str, alert: str | None = None
) -> tuple[SavedSearch, bool]:
    """Keep a member's search under a name; saving under a name in use replaces that one.
    ``alert`` says how they are told of new incidents that match it (``SavedSearch.ALERTS``;
    a new search alerts as ``ALERT_DEFAULT`` unless told, a replaced one as it did)."""
    if alert is not None and alert not in dict(SavedSearch.ALERTS):
        raise ValidationError({"alert": "Choose how to be told of new incidents."})
    existing = SavedSearch.objects.filter(owner=owner, name=name).first()
    if existing is not None:
        existing.query, existing.view = query, view
        existing.save(update_fields=["query", "view"])
        notifications.saved_search_changed(search=existing)
        if alert is not None:
            notifications.saved_search_alert(search=existing, alert=alert)
        return existing, False
    if SavedSearch.objects.filter(owner=owner).count() >= settings.SAVED_SEARCHES_MAX:
        raise ValidationError(
            f"You have {settings.SAVED_SEARCHES_MAX} saved searches, the most one member may "
            "keep; delete one first."
        )
    search = SavedSearch.objects.create(owner=owner, name=name, query=query, view=view)
    notifications.saved_search_alert(search=search, alert=alert or SavedSearch.ALERT_DEFAULT)
    return search, True


@transaction.atomic
def saved_search_delete(*, search: SavedSearch) -> None:
    """Delete a member's saved search (one the access policy gave them: their own), and the
    watch that alerts on it."""
    notifications.saved_search_deleted(search_id=search.pk)
    search.delete()
