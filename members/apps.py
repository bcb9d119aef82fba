"""The members app: organisations, accounts and roles, vetting, the access policy, audit."""

from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members and organisations"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the audit receivers
