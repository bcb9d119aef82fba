"""The menu's counts of threads with unread posts and of unread private conversations,
counted only when a page shows them."""

from django.utils.functional import cached_property

from .unread import unread_conversations, unread_threads


class UnreadThreads:
    def __init__(self, viewer):
        self.viewer = viewer

    @cached_property
    def count(self) -> int:
        return unread_threads(self.viewer)


class UnreadConversations(UnreadThreads):
    @cached_property
    def count(self) -> int:
        return unread_conversations(self.viewer)


def chatter(request):
    viewer = getattr(request, "viewer", None)
    if viewer is None or not viewer.is_authenticated:
        return {}
    return {
        "chatter_unread": UnreadThreads(viewer),
        "messages_unread": UnreadConversations(viewer),
    }
