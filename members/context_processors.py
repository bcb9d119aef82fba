"""Template context: the viewer, so templates can show what a role may do; the bell's
count, counted only when a page shows it, once."""

from django.utils.functional import cached_property


class Unread:
    """The bell: ``count`` is asked of the database the first time a page reads it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self) -> int:
        from .notifications.selectors import unread_count

        return unread_count(self.user)

    @property
    def shown(self) -> str:
        from .notifications.selectors import UNREAD_SHOWN

        return f"{UNREAD_SHOWN}+" if self.count > UNREAD_SHOWN else str(self.count)


def viewer(request):
    return {"viewer": getattr(request, "viewer", None)}


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread": Unread(user)}
