"""CSO Chatter: the members' own discussion, tied to the incident data and its sharing rules."""

from django.apps import AppConfig


class ChatterConfig(AppConfig):
    name = "chatter"
    verbose_name = "CSO Chatter"

    def ready(self) -> None:
        from . import notifications

        notifications.register()
