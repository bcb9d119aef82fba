"""How fast one person may write in Chatter, counted in Redis, for the pages and the API
alike: one post every 5 seconds, 20 threads a day, and not the same text twice within 5
minutes. And an idempotency key per form (or ``Idempotency-Key`` header): a reply sent twice
(a double click, a resend after a dropped link) is made once, and the second answer points
at the first.

A refused write answers 429 with what to do. When Redis cannot be reached each process counts
on its own (``kit.cache``) until it is back.
"""

from __future__ import annotations

import hashlib
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

from kit.limits import in_words

IDEMPOTENCY_SECONDS = 24 * 3600


class TooFast(Exception):
    """A write refused by a limit: ``message`` for the person, ``wait`` in seconds."""

    def __init__(self, message: str, wait: int):
        super().__init__(message)
        self.message, self.wait = message, max(1, wait)


def _text_key(user_id: int, body: str) -> str:
    digest = hashlib.sha256(" ".join(body.split()).lower().encode()).hexdigest()[:32]
    return f"chatter:text:{user_id}:{digest}"


@contextmanager
def writing(user, body: str, *, thread: bool = False):
    """Claim the right to write this text now, or raise :class:`TooFast`. Inside the
    block the write is made; if it fails, the claim is given back."""
    now = time.time()
    gap = settings.CHATTER_POST_INTERVAL_SECONDS
    interval_key = f"chatter:posted:{user.pk}"
    if not cache.add(interval_key, now, gap):
        last = cache.get(interval_key) or now
        wait = int(gap - (now - float(last))) + 1
        raise TooFast(f"One post at a time: wait {in_words(wait)} before posting again.", wait)
    claimed = [interval_key]
    try:
        text_key = _text_key(user.pk, body)
        repeat = settings.CHATTER_REPEAT_SECONDS
        if not cache.add(text_key, now, repeat):
            wait = int(repeat - (now - float(cache.get(text_key) or now))) + 1
            raise TooFast(
                "You posted this same text a moment ago. Say something new, or wait "
                f"{in_words(wait)}.",
                wait,
            )
        claimed.append(text_key)
        if thread:
            day = time.strftime("%Y%m%d", time.gmtime(now))
            day_key = f"chatter:threads:{user.pk}:{day}"
            cache.add(day_key, 0, 86400)
            started = cache.incr(day_key)
            if started > settings.CHATTER_THREADS_PER_DAY:
                cache.decr(day_key)
                wait = 86400 - int(now) % 86400
                raise TooFast(
                    f"At most {settings.CHATTER_THREADS_PER_DAY} new threads a day: reply in "
                    f"one, or start this one in {in_words(wait)}.",
                    wait,
                )
            claimed.append(day_key)
        yield
    except Exception:
        for key in claimed:
            if key.startswith("chatter:threads:"):
                cache.decr(key)
            else:
                cache.delete(key)
        raise


def _idempotency_key(user, key: str) -> str:
    return f"chatter:once:{user.pk}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"


def made_before(user, key: str) -> int | None:
    """The post this idempotency key made already, if any."""
    if not key:
        return None
    made = cache.get(_idempotency_key(user, key))
    return int(made) if made else None


def remember(user, key: str, post_pk: int) -> None:
    if key:
        cache.set(_idempotency_key(user, key), post_pk, IDEMPOTENCY_SECONDS)
