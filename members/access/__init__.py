"""The access policy: who may see what. Every read of shared content goes through here.

Two questions, for any model: ``visible(viewer, Model)`` gives the objects of a kind that a
viewer may see, ``can_view(viewer, obj)`` answers for one object. Shared content (anything
that carries a TLP marking) inherits :class:`SharedContent`, whose manager refuses to read
until the policy has been applied, so a forgotten check fails loudly instead of leaking.
Other models register a rule in :data:`RULES`.

The package's modules, each below the next: ``markings`` (TLP, roles), ``viewer`` (who is
asking), ``policy`` (shared content and the rules), ``sharing`` (an audience given as
another's) and ``roles`` (vetting). This face only re-exports them.
"""

from __future__ import annotations

from .markings import (
    APPROVED_ROLES,
    PENDING,
    PUBLIC,
    RESTRICTED_TLP,
    TLP,
    AccessPolicyBypassed,
    cache_control,
)
from .policy import (
    NOTHING,
    RULES,
    Rule,
    SharedContent,
    SharedContentManager,
    SharedContentQuerySet,
    audience,
    can_view,
    get_visible_or_404,
    granted,
    marking_rule,
    visible,
    visible_within,
)
from .roles import (
    assignable_roles,
    vettable_memberships,
)
from .sharing import (
    SHARES,
    marking_changed,
    share_all_as,
    share_as,
)
from .viewer import (
    ANONYMOUS,
    GROUPS_OF,
    GroupsAnnotations,
    Viewer,
    viewer_for,
    viewers_for,
)

__all__ = [
    "ANONYMOUS",
    "APPROVED_ROLES",
    "GROUPS_OF",
    "NOTHING",
    "PENDING",
    "PUBLIC",
    "RESTRICTED_TLP",
    "RULES",
    "SHARES",
    "TLP",
    "AccessPolicyBypassed",
    "GroupsAnnotations",
    "Rule",
    "SharedContent",
    "SharedContentManager",
    "SharedContentQuerySet",
    "Viewer",
    "assignable_roles",
    "audience",
    "cache_control",
    "can_view",
    "get_visible_or_404",
    "granted",
    "marking_changed",
    "marking_rule",
    "share_all_as",
    "share_as",
    "vettable_memberships",
    "viewer_for",
    "viewers_for",
    "visible",
    "visible_within",
]
