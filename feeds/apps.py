"""The feeds app: external sources of crime reports, read, de-duplicated and queued."""

from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = "Feeds"

    def ready(self) -> None:
        from incidents import sources
        from incidents.panels import PANELS, Panel
        from kit.queue import SWEEPS

        from . import notifications, rereading, signals  # noqa: F401
        from .selectors import FeedReporters, read_facts_panel

        sources.REPORTERS.add(FeedReporters())
        notifications.register()
        PANELS.add(Panel("feeds/_read_facts.html", read_facts_panel))
        SWEEPS.add(rereading.sweep)
