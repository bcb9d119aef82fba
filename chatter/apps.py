"""CSO Chatter: the members' own discussion, tied to the incident data and its sharing rules."""

from django.apps import AppConfig


class ChatterConfig(AppConfig):
    name = "chatter"
    verbose_name = "CSO Chatter"

    def ready(self) -> None:
        from incidents.panels import register_panel
        from kit.share import ShareTarget, register_share

        from . import notifications, selectors

        notifications.register()
        register_panel("chatter/_discussion.html", selectors.discussion_panel)
        register_share(ShareTarget("Share to Chatter", selectors.share_url))
