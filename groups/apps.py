"""Groups: the three collections (CSO Groups, Latest Regional Intelligence, Military and
Industry), their members and how people join, and groups as audiences of shared content."""

from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Groups"

    def ready(self) -> None:
        from kit.share import SHARE_TARGETS, ShareTarget
        from members.access import GROUPS_OF

        from . import access, directory, notifications, selectors  # noqa: F401 - directory's rule
        from .sections import SECTIONS, Section

        GROUPS_OF.add(access.group_annotations, key="groups")
        notifications.register()
        SECTIONS.add(Section("groups/_pins.html", selectors.pins_section, 7))
        SECTIONS.add(Section("groups/_files.html", selectors.files_section, 8))
        SHARE_TARGETS.add(ShareTarget("Pin to a group", selectors.pin_url))
