"""Who is asking: the viewer, resolved once per request (or once for many people, when
telling them something) from the user, their membership and their groups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models

from kit.registry import KeyedRegister

from ..models import Membership, Role, User
from .markings import APPROVED_ROLES, PENDING, PUBLIC

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AnonymousUser


@dataclass(frozen=True)
class Viewer:
    """Who is asking: resolved once per request from the user and their membership."""

    role: str
    user_id: int | None = None
    organisation_id: int | None = None
    groups: frozenset[int] = frozenset()  # the groups they are in, themselves or by organisation

    @property
    def approved(self) -> bool:
        return self.role in APPROVED_ROLES

    @property
    def is_staff(self) -> bool:
        return self.role == Role.STAFF

    @property
    def is_editor(self) -> bool:
        return self.role == Role.EDITOR

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def cache_key(self) -> str:
        """What decides what this viewer may see, as a key for what is kept per kind of
        viewer: a new role or group is a new key."""
        groups = ",".join(map(str, sorted(self.groups)))
        return f"{self.user_id}:{self.role}:{self.organisation_id}:{groups}"


ANONYMOUS = Viewer(role=PUBLIC)

# Who is in which group is the groups room's to say: it registers how. ``annotations()``
# gives annotations of a membership whose values are lists of its person's group ids, so that
# viewers are read with their memberships, in the same query. One room registers it.
GroupsAnnotations = Callable[[], dict[str, models.Expression]]
GROUPS_OF: KeyedRegister[str, GroupsAnnotations] = KeyedRegister("how to find people's groups")


def _group_annotations() -> dict[str, models.Expression]:
    return {name: value for of in GROUPS_OF.values() for name, value in of().items()}


def _groups_of(membership: Membership, annotations: dict[str, models.Expression]) -> frozenset[int]:
    return frozenset(gid for name in annotations for gid in getattr(membership, name) or ())


def viewer_for(user: User | AnonymousUser | None) -> Viewer:
    """The viewer for a user: pending or rejected accounts see what the public sees."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    annotations = _group_annotations()
    membership = (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .annotate(**annotations)
        .first()
    )
    if membership is not None:
        # The site menu shows the member's organisation: it comes with this one query.
        User.membership.related.set_cached_value(user, membership)
    if membership is None:
        # A superuser made with createsuperuser has no membership yet: they run the platform.
        role = Role.STAFF if user.is_superuser else PENDING
        return Viewer(role=role, user_id=user.pk)
    if membership.status != Membership.Status.APPROVED:
        return Viewer(role=PENDING, user_id=user.pk, organisation_id=membership.organisation_id)
    return Viewer(
        role=membership.role,
        user_id=user.pk,
        organisation_id=membership.organisation_id,
        groups=_groups_of(membership, annotations),
    )


def viewers_for(users: Iterable[User]) -> dict[int, Viewer]:
    """The viewers of many users at once, by user id, in one query (as ``viewer_for``)."""
    users = list(users)
    annotations = _group_annotations()
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(user_id__in=[u.pk for u in users]).annotate(
            **annotations
        )
    }
    viewers: dict[int, Viewer] = {}
    for user in users:
        membership = memberships.get(user.pk)
        if not user.is_active:
            viewers[user.pk] = ANONYMOUS
        elif membership is None:
            viewers[user.pk] = Viewer(
                role=Role.STAFF if user.is_superuser else PENDING, user_id=user.pk
            )
        else:
            approved = membership.status == Membership.Status.APPROVED
            viewers[user.pk] = Viewer(
                role=membership.role if approved else PENDING,
                user_id=user.pk,
                organisation_id=membership.organisation_id,
                groups=_groups_of(membership, annotations) if approved else frozenset(),
            )
    return viewers
