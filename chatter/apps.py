"""CSO Chatter: the members' own discussion, tied to the incident data and its sharing rules."""

from django.apps import AppConfig


class ChatterConfig(AppConfig):
    name = "chatter"
    verbose_name = "CSO Chatter"

    def ready(self) -> None:
        from groups.directory import register_profile_action
        from groups.sections import Section, register_pin_action, register_section
        from groups.signals import membership_changed
        from incidents.panels import register_panel
        from kit.actions import Action
        from kit.share import ShareTarget, register_share
        from members.access import marking_changed
        from reports.publications.actions import register_publication_action

        from . import notifications, selectors

        notifications.register()
        register_panel("chatter/_discussion.html", selectors.discussion_panel)
        register_share(ShareTarget("Share to Chatter", selectors.share_url))
        register_section(Section("chatter/_group_threads.html", selectors.group_section, 10))
        register_profile_action(Action("Message", selectors.message_url, "message"))
        register_pin_action(Action("Discuss", selectors.discuss_pin_url, "discuss-pin"))
        register_publication_action(
            Action("Discuss", selectors.discuss_publication_url, "discuss-publication")
        )
        membership_changed.connect(_forget_unread, dispatch_uid="chatter-forget-unread")
        marking_changed.connect(_discussion_follows, dispatch_uid="chatter-discussion-follows")


def _discussion_follows(sender, content, **kwargs) -> None:
    """What a thread discusses was marked anew: the discussion follows (never less strict)."""
    from .services import discussion_follow

    discussion_follow(content=content)


def _forget_unread(sender, user_ids, **kwargs) -> None:
    """Someone's groups changed: their count of unread threads is counted again."""
    from .selectors import forget_unread

    forget_unread(user_ids)
