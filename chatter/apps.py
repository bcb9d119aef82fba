"""CSO Chatter: the members' own discussion, tied to the incident data and its sharing rules."""

from django.apps import AppConfig


class ChatterConfig(AppConfig):
    name = "chatter"
    verbose_name = "CSO Chatter"

    def ready(self) -> None:
        from groups.directory import PROFILE_ACTIONS
        from groups.sections import PIN_ACTIONS, SECTIONS, Section
        from groups.signals import membership_changed
        from incidents.panels import PANELS, Panel
        from kit.actions import Action
        from kit.share import SHARE_TARGETS, ShareTarget
        from members.access import marking_changed
        from reports.publications.actions import PUBLICATION_ACTIONS

        from . import notifications, offers

        notifications.register()
        PANELS.add(Panel("chatter/_discussion.html", offers.discussion_panel))
        SHARE_TARGETS.add(ShareTarget("Share to Chatter", offers.share_url))
        SECTIONS.add(Section("chatter/_group_threads.html", offers.group_section, 10))
        PROFILE_ACTIONS.add(Action("Message", offers.message_url, "message"))
        PIN_ACTIONS.add(Action("Discuss", offers.discuss_pin_url, "discuss-pin"))
        PUBLICATION_ACTIONS.add(
            Action("Discuss", offers.discuss_publication_url, "discuss-publication")
        )
        membership_changed.connect(_forget_unread, dispatch_uid="chatter-forget-unread")
        marking_changed.connect(_discussion_follows, dispatch_uid="chatter-discussion-follows")


def _discussion_follows(sender, content, **kwargs) -> None:
    """What a thread discusses was marked anew: the discussion follows (never less strict)."""
    from .services import discussion_follow

    discussion_follow(content=content)


def _forget_unread(sender, user_ids, **kwargs) -> None:
    """Someone's groups changed: their count of unread threads is counted again."""
    from .unread import forget_unread

    forget_unread(user_ids)
