"""Groups: the three collections (CSO Groups, Latest Regional Intelligence, Military and
Industry), their members and how people join, and groups as audiences of shared content."""

from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Groups"

    def ready(self) -> None:
        from members.access import register_groups_of

        from . import access, directory, notifications  # noqa: F401 - directory's rule

        register_groups_of(access.groups_of, access.group_annotations)
        notifications.register()
