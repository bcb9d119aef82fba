"""The menu's counts of threads with unread posts and of unread private conversations,
counted only when a page shows them."""

from django.utils.functional import cached_property


class UnreadThreads:
    def __init__(self, viewer):
        self.viewer = viewer

    @cached_property
    def count(self) -> int:
        from .selectors import unread_threads

        return unread_threads(self.viewer)


class UnreadConversations(UnreadThreads):
    @cached_property
    def count(self) -> int:
        from .selectors import unread_conversations

        return unread_conversations(self.viewer)


def chatter(request):
    viewer = getattr(request, "viewer", None)
    if viewer is None or not viewer.is_authenticated:
        return {}
    return {
        "chatter_unread": UnreadThreads(viewer),
        "messages_unread": UnreadConversations(viewer),
    }
