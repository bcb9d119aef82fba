"""Groups: the three collections (CSO Groups, Latest Regional Intelligence, Military and
Industry), their members and how people join, and groups as audiences of shared content."""

from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Groups"

    def ready(self) -> None:
        from kit.share import ShareTarget, register_share
        from members.access import register_groups_of

        from . import access, directory, notifications, selectors  # noqa: F401 - directory's rule
        from .sections import Section, register_section

        register_groups_of(access.group_annotations)
        notifications.register()
        register_section(Section("groups/_pins.html", selectors.pins_section, 7))
        register_section(Section("groups/_files.html", selectors.files_section, 8))
        register_share(ShareTarget("Pin to a group", selectors.pin_url))
