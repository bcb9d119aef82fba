"""API keys for tests, issued as an organisation admin issues them (kept on the user object,
so one test asks for one key per person)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.utils import timezone

from members.models import ApiToken
from members.services import api_key_hash, api_token_issue


def key_for(user, **options) -> str:
    """A read-and-write key of every part for this member (the same one within a test)."""
    if options:
        return api_token_issue(user=user, **options)
    if getattr(user, "_test_api_key", None) is None:
        user._test_api_key = api_token_issue(user=user, name="Tests")
    return user._test_api_key


def raw_key_for(user) -> str:
    """A key stored as an older platform stored any: for an account the service would now
    refuse one (an editor's)."""
    key = secrets.token_urlsafe(30)
    ApiToken.objects.create(
        user=user, name="Old", prefix=key[:8], key_hash=api_key_hash(key),
        expires_at=timezone.now() + dt.timedelta(days=30), scope="read_write",
    )  # fmt: skip
    return key
