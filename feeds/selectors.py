"""Reads of the feeds app."""

from __future__ import annotations

from django.core.cache import cache

MEMBERS = "members"
_CHOICES_KEY = "feeds:source-choices"


def source_choices() -> list[tuple[str, str]]:
    """The incident filter's sources: member reports, then each feed source by name. Kept in
    the cache, so the list and map pages do not ask the database for it on every view."""
    choices = cache.get(_CHOICES_KEY)
    if choices is None:
        from .models import FeedSource

        choices = [(MEMBERS, "Member reports")] + [
            (slug, name) for slug, name in FeedSource.objects.values_list("slug", "name")
        ]
        cache.set(_CHOICES_KEY, choices, 300)
    return choices


def forget_source_choices() -> None:
    cache.delete(_CHOICES_KEY)
