"""Template context: the viewer, so templates can show what a role may do; the bell's
count, counted only when a page shows it, once."""

from django.utils.functional import cached_property

from .notifications.selectors import UNREAD_SHOWN, unread_count


class Unread:
    """The bell: ``count`` is asked of the database the first time a page reads it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self) -> int:

        return unread_count(self.user)

    @property
    def shown(self) -> str:

        return f"{UNREAD_SHOWN}+" if self.count > UNREAD_SHOWN else str(self.count)


def viewer(request):
    return {"viewer": getattr(request, "viewer", None)}


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread": Unread(user)}
