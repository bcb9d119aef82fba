"""The markings of shared content (Traffic Light Protocol 2.0), the roles a viewer may
have beyond those of a membership, and how a file under a marking may be kept."""

from __future__ import annotations

from django.db import models

from ..models import Role

PUBLIC = "public"
PENDING = "pending"
APPROVED_ROLES = frozenset(Role.values)


class AccessPolicyBypassed(RuntimeError):
    """Shared content was read without asking the access policy for a viewer."""


class TLP(models.TextChoices):
    """Traffic Light Protocol 2.0 markings, from the least to the most restricted."""

    CLEAR = "clear", "TLP:CLEAR"
    GREEN = "green", "TLP:GREEN"
    AMBER = "amber", "TLP:AMBER"
    AMBER_STRICT = "amber_strict", "TLP:AMBER+STRICT"
    RED = "red", "TLP:RED"

    @classmethod
    def strictness(cls, value: str) -> int:
        return list(cls.values).index(value)


RESTRICTED_TLP = frozenset({TLP.AMBER_STRICT, TLP.RED})


def cache_control(markings: set[str]) -> str:
    """How a file under these markings (its own and its parents') may be kept: by shared
    caches only when all are TLP:CLEAR, by the viewer's own browser otherwise, and not even
    there under AMBER+STRICT or RED. Each use revalidates (``no-cache``)."""
    if markings & RESTRICTED_TLP:
        return "private, no-store"
    if markings == {TLP.CLEAR}:
        return "public, no-cache"
    return "private, no-cache"
