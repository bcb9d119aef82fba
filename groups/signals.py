"""Who is in a group changed: the rooms above that keep something per person (Chatter's
count of unread threads) forget it, so a member who leaves stops seeing at once."""

from django.db import transaction
from django.dispatch import Signal

# sent with user_ids: the people whose groups changed
membership_changed = Signal()


def changed(user_ids) -> None:

    ids = sorted(set(user_ids))
    if ids:  # now, and again once it is committed (a count made meanwhile is stale)
        membership_changed.send(sender=None, user_ids=ids)
        transaction.on_commit(lambda: membership_changed.send(sender=None, user_ids=ids))
