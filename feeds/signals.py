"""Keeping the cached list of sources (the incident filters' choices) fresh."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import FeedSource
from .selectors import forget_source_choices


@receiver(post_save, sender=FeedSource)
@receiver(post_delete, sender=FeedSource)
def _sources_changed(**kwargs) -> None:
    forget_source_choices()
