"""The feeds app: external sources of crime reports, read, de-duplicated and queued."""

from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = "Feeds"

    def ready(self) -> None:
        from incidents import sources

        from . import notifications, signals  # noqa: F401
        from .selectors import FeedReporters

        sources.REPORTERS.add(FeedReporters())
        notifications.register()
