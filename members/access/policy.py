"""The policy itself: shared content, whose queries refuse to run until the policy is
applied; the rule by marking and the grants beyond it; the rules of other models; and the
questions every read asks (``visible``, ``can_view``, ``get_visible_or_404``, ``audience``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from kit.registry import KeyedRegister

from ..audit import audit_staff_access
from ..models import Membership, Organisation, User
from .markings import RESTRICTED_TLP, TLP, AccessPolicyBypassed
from .roles import vettable_memberships
from .viewer import Viewer

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator
    from typing import Self

    from django.db.models.expressions import Combinable

_M = TypeVar("_M", bound=models.Model)
_SC = TypeVar("_SC", bound="SharedContent")
_QS = TypeVar("_QS", bound="QuerySet[Any]")


class SharedContentQuerySet(QuerySet[_SC]):
    """A queryset that will not run until the access policy (or an explicit opt-out) is applied."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._access_checked = False

    def _clone(self) -> Self:
        clone: Self = super()._clone()  # type: ignore[misc]  # QuerySet._clone is not declared
        clone._access_checked = self._access_checked
        return clone

    def _require_policy(self) -> None:
        if not self._access_checked:
            raise AccessPolicyBypassed(
                f"{self.model.__name__} was read without the access policy. Use "
                f".visible_to(viewer), or .unrestricted() for internal work shown to nobody."
            )

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._require_policy()
        super()._fetch_all()

    def count(self) -> int:
        self._require_policy()
        return super().count()

    def exists(self) -> bool:
        self._require_policy()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._require_policy()
        return super().aggregate(*args, **kwargs)

    def iterator(self, *args: Any, **kwargs: Any) -> Iterator[_SC]:
        self._require_policy()
        return super().iterator(*args, **kwargs)

    async def aiterator(self, *args: Any, **kwargs: Any) -> AsyncIterator[_SC]:
        self._require_policy()
        async for row in super().aiterator(*args, **kwargs):
            yield row

    def contains(self, obj: models.Model) -> bool:
        self._require_policy()
        return super().contains(obj)

    def update(self, **kwargs: Any) -> int:
        self._require_policy()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._require_policy()
        return super().delete()

    def visible_to(self, viewer: Viewer) -> Self:
        return visible(viewer, self)

    def unrestricted(self) -> Self:
        """For services, tasks and migrations whose results are shown to no one directly."""
        clone: Self = self._chain()  # type: ignore[attr-defined]  # QuerySet._chain is not declared
        clone._access_checked = True
        return clone


SharedContentManager = models.Manager.from_queryset(SharedContentQuerySet)


class SharedContent(models.Model):
    """Base for every piece of shared content: a TLP marking and an owning organisation;
    under AMBER the organisations and groups it is shared with, under RED the people, groups
    and organisations it names.

    A subclass that belongs to other content names that foreign key in ``access_parent``:
    it is then visible only to viewers who may also see the parent.
    """

    access_parent: str | None = None

    tlp = models.CharField("TLP marking", max_length=20, choices=TLP, default=TLP.GREEN)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="owner"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_with_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", help_text="For TLP:AMBER."
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", help_text="For TLP:RED."
    )
    # The record names its groups; the groups room knows nothing of the record.
    shared_with_groups = models.ManyToManyField(
        "groups.Group", blank=True, related_name="+", help_text="For TLP:AMBER."
    )
    recipient_groups = models.ManyToManyField(
        "groups.Group", blank=True, related_name="+", help_text="For TLP:RED."
    )
    recipient_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        help_text="For TLP:RED: every approved member of these organisations.",
    )

    objects = SharedContentManager()

    class Meta:
        abstract = True


def _m2m_exists(
    model: type[models.Model], field: str, value: int | frozenset[int] | None
) -> Exists:
    m2m = cast("models.ManyToManyField[Any, Any]", model._meta.get_field(field))
    through = cast(Any, m2m.remote_field.through)
    lookup = m2m.m2m_reverse_name() + ("__in" if isinstance(value, frozenset) else "")
    return Exists(
        through.objects.filter(**{f"{m2m.m2m_field_name()}_id": OuterRef("pk"), lookup: value})
    )


def marking_rule(viewer: Viewer) -> Q:
    """What a viewer sees of shared content by its marking and owner alone.

    Together with :func:`granted` this is the whole rule: what is not visible by marking is
    visible only through a grant made for that one object (an AMBER share with an
    organisation, a RED recipient). Aggregates kept per (marking, owner), such as the map's
    cells, apply this rule to their rows and add the granted objects one by one (or, like
    the map's cells, count the shared ones per audience).
    """
    if viewer.is_staff:
        # Staff run the platform and see every marking but one: TLP:RED is private, read
        # only by those it names, staff included.
        return ~Q(tlp=TLP.RED)
    clear = Q(tlp=TLP.CLEAR)
    if not viewer.approved:
        return clear
    org = viewer.organisation_id
    amber = Q(tlp=TLP.AMBER) if viewer.is_editor else Q(tlp=TLP.AMBER, organisation_id=org)
    return clear | Q(tlp=TLP.GREEN) | amber | Q(tlp=TLP.AMBER_STRICT, organisation_id=org)


def granted(
    viewer: Viewer, model: type[_SC], *, shares: bool = True
) -> list[SharedContentQuerySet[_SC]]:
    """What a viewer sees beyond :func:`marking_rule`: the TLP:RED objects they wrote or
    that are addressed to them or their groups (staff included) and, for members who are
    neither editors nor staff, AMBER objects another organisation shared with their
    organisation or groups.

    Disjoint querysets, each starting from an index so it stays quick on large tables:
    ``visible(viewer, model)`` is exactly the objects matching the marking rule plus these.
    ``shares=False`` leaves the AMBER shares out, for aggregates that count those by
    audience themselves (the map's cells).
    """
    objects = cast("SharedContentQuerySet[_SC]", _as_queryset(model)).unrestricted()
    if not viewer.approved:
        return []
    org, user, groups = viewer.organisation_id, viewer.user_id, viewer.groups
    named = [("recipients", user), ("recipient_groups", groups), ("recipient_organisations", org)]
    to_me = _m2m_ids_sql(model, named)
    rows = [
        objects.filter(tlp=TLP.RED, created_by_id=user),
        objects.filter(tlp=TLP.RED, pk__in=to_me).exclude(created_by_id=user),
    ]
    if shares and not (viewer.is_editor or viewer.is_staff):
        with_mine = _m2m_ids_sql(model, [("shared_with_organisations", org)])
        rows.append(objects.filter(tlp=TLP.AMBER, pk__in=with_mine).exclude(organisation_id=org))
        if groups:
            rows.append(
                objects.filter(
                    tlp=TLP.AMBER, pk__in=_m2m_ids_sql(model, [("shared_with_groups", groups)])
                )
                .exclude(organisation_id=org)
                .exclude(pk__in=with_mine)
            )
    return rows


def _m2m_ids_sql(
    model: type[models.Model], asked: list[tuple[str, int | frozenset[int] | None]]
) -> RawSQL:
    """The ids of the objects whose ``field`` names ``value`` (one id, or any of a set; an
    empty set is left out) for each pair asked, as one set: plain SQL that stands alone
    (it names no table of the outer query), so the ORM need not rewrite its aliases."""
    parts: list[str] = []
    params: list[int | list[int] | None] = []
    for field, value in asked:
        if isinstance(value, frozenset) and not value:
            continue
        m2m = cast("models.ManyToManyField[Any, Any]", model._meta.get_field(field))
        through = cast("type[models.Model]", m2m.remote_field.through)._meta.db_table
        column, named = m2m.m2m_column_name(), m2m.m2m_reverse_name()
        many = isinstance(value, frozenset)
        match = "= ANY(%s)" if many else "= %s"
        parts.append(f'SELECT "{column}" FROM "{through}" WHERE "{named}" {match}')  # noqa: S608
        params.append(sorted(value) if isinstance(value, frozenset) else value)
    return RawSQL(" UNION ".join(parts), params)  # noqa: S611 - our SQL, values as parameters


def _shared_content_rule(viewer: Viewer, model: type[models.Model]) -> Q | None:
    marking = marking_rule(viewer)
    if not viewer.approved:
        return marking
    org, user, groups = viewer.organisation_id, viewer.user_id, viewer.groups
    to: Combinable | Q = Q(created_by_id=user) | _m2m_exists(model, "recipients", user)
    to |= _m2m_exists(model, "recipient_organisations", org)
    if groups:
        to |= _m2m_exists(model, "recipient_groups", groups)
    red: Q = Q(tlp=TLP.RED) & to  # type: ignore[assignment]  # Q & a condition is a Q
    if viewer.is_editor or viewer.is_staff:
        return marking | red
    shared: Combinable | Q = _m2m_exists(model, "shared_with_organisations", org)
    if groups:
        shared |= _m2m_exists(model, "shared_with_groups", groups)
    return marking | (Q(tlp=TLP.AMBER) & shared) | red


# Other models ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """Who may see a model that carries no TLP marking: ``allows(viewer)`` returns the
    filter for that viewer, ``None`` for everything, or ``Q(pk__in=[])`` for nothing.
    ``parent`` names the foreign key when the rule is "whoever may see the parent"."""

    model: type[models.Model]
    allows: Callable[[Viewer], Q | None]
    parent: str | None = None


RULES: KeyedRegister[type[models.Model], Rule] = KeyedRegister(
    "access rules", key=lambda rule: rule.model
)


NOTHING = Q(pk__in=[])


def _organisation_rule(viewer: Viewer) -> Q | None:
    if viewer.is_staff:
        return None
    if viewer.approved:
        return Q(pk=viewer.organisation_id)
    return NOTHING


def _user_rule(viewer: Viewer) -> Q | None:
    if viewer.is_staff:
        return None
    if not viewer.is_authenticated:
        return NOTHING
    mine = Q(pk=viewer.user_id)
    if not viewer.approved:
        return mine
    colleagues = Q(
        membership__organisation_id=viewer.organisation_id,
        membership__status=Membership.Status.APPROVED,
    )
    return mine | colleagues


def _membership_rule(viewer: Viewer) -> Q | None:
    if viewer.is_staff:
        return None
    return Q(pk__in=vettable_memberships(viewer).values("pk")) | Q(user_id=viewer.user_id)


RULES.add(Rule(Organisation, _organisation_rule))
RULES.add(Rule(User, _user_rule))
RULES.add(Rule(Membership, _membership_rule))


# The questions ------------------------------------------------------------------------------


def _as_queryset(model_or_queryset: type[_M] | QuerySet[_M]) -> QuerySet[_M]:
    if isinstance(model_or_queryset, QuerySet):
        return model_or_queryset
    return model_or_queryset._default_manager.all()


def _condition(viewer: Viewer, model: type[models.Model]) -> Q | None:
    """What a kind of shared content asks beyond its marking (a publication: that it is
    published), from its ``access_condition(viewer)``; ``None`` when nothing."""
    condition = getattr(model, "access_condition", None)
    return condition(viewer) if condition is not None else None


def _and(first: Q | None, second: Q | None) -> Q | None:
    if first is None:
        return second
    return first if second is None else first & second


@overload
def visible(viewer: Viewer, model_or_queryset: type[_M]) -> QuerySet[_M]: ...
@overload
def visible(viewer: Viewer, model_or_queryset: _QS) -> _QS: ...
def visible(viewer: Viewer, model_or_queryset: type[models.Model] | QuerySet[Any]) -> QuerySet[Any]:
    """The objects of this kind (or of this queryset) that the viewer may see."""
    queryset = _as_queryset(model_or_queryset)
    model = queryset.model
    if issubclass(model, SharedContent):
        rule = _and(_shared_content_rule(viewer, model), _condition(viewer, model))
        queryset = cast("SharedContentQuerySet[Any]", queryset).unrestricted()
        parent = getattr(model, "access_parent", None)
        if parent is not None and rule is not None:
            # Content attached to other content (an update to an incident) is seen only by
            # those who may see both: its own marking and its parent's.
            parent_model = cast("type[models.Model]", model._meta.get_field(parent).related_model)
            rule &= Q(**{f"{parent}__in": visible(viewer, parent_model).values("pk")})
    elif model in RULES:
        rule = RULES[model].allows(viewer)
    else:
        raise AccessPolicyBypassed(f"The access policy has no rule for {model.__name__}.")
    return queryset if rule is None else queryset.filter(rule)


def visible_within(viewer: Viewer, model: type[_M], parent: models.Model) -> QuerySet[_M]:
    """What the viewer may see of one parent's children (an incident's updates, changes and
    files), for a parent this viewer was given by :func:`get_visible_or_404`: the parent's
    own check is not repeated in SQL. Any other parent is refused loudly."""
    if getattr(parent, "_access_viewer", None) != viewer:
        raise AccessPolicyBypassed(
            f"{type(parent).__name__} was not read through get_visible_or_404 for this viewer."
        )
    field = getattr(model, "access_parent", None) or (
        RULES[model].parent if model in RULES else None
    )
    if field is None:
        raise AccessPolicyBypassed(f"{model.__name__} does not belong to a parent.")
    queryset = _as_queryset(model)
    if issubclass(model, SharedContent):
        rule = _and(_shared_content_rule(viewer, model), _condition(viewer, model))
        queryset = cast("SharedContentQuerySet[Any]", queryset).unrestricted()
        queryset = queryset if rule is None else queryset.filter(rule)
    return queryset.filter(**{field: parent})


def can_view(viewer: Viewer, obj: models.Model) -> bool:
    """Whether the viewer may see this object: the same rule as :func:`visible`, for one row."""
    return visible(viewer, type(obj)).filter(pk=obj.pk).exists()


def _person_matters(obj: models.Model) -> bool:
    """Whether who may see this object depends on the person and not only on their role and
    organisation: TLP:RED content (its author and recipients), anything within RED content,
    and models with rules of their own (a person's own rows)."""
    node: models.Model | None = obj
    while node is not None:
        if not isinstance(node, SharedContent) or node.tlp == TLP.RED:
            return True
        parent = getattr(node, "access_parent", None)
        node = getattr(node, parent) if parent else None
    return False


def _groups_matter(obj: models.Model) -> bool:
    """Whether who may see this object depends on the viewer's groups: AMBER content (and
    what is within it) may be shared with groups."""
    node: models.Model | None = obj
    while node is not None:
        if getattr(node, "tlp", None) == TLP.AMBER:
            return True
        parent = getattr(node, "access_parent", None)
        node = getattr(node, parent) if parent else None
    return False


def audience(obj: models.Model, viewers: dict[int, Viewer], *, batch: int = 200) -> set[int]:
    """Which of these people (viewers by user id) may see this object now: the rule of
    :func:`visible` asked for them, a batch of them in one query. For telling people of
    something (notifications, mail): nobody hears of what they may not see.

    Under CLEAR, GREEN and AMBER+STRICT the rule depends on a viewer's role and organisation
    alone, so it is asked once per (role, organisation) and holds for everyone of it; under
    AMBER once per (role, organisation, groups); for RED content and other models, once per
    person."""
    model = type(obj)
    groups: dict[tuple[object, ...], list[int]] = {}
    person_matters = _person_matters(obj)
    groups_matter = _groups_matter(obj)
    for user_id, viewer in viewers.items():
        if not viewer.is_authenticated:
            continue
        in_groups = viewer.groups if groups_matter else None
        key = (viewer,) if person_matters else (viewer.role, viewer.organisation_id, in_groups)
        groups.setdefault(key, []).append(user_id)
    askers = [(n, viewers[people[0]]) for n, people in enumerate(groups.values())]
    allowed_groups: set[int] = set()
    for start in range(0, len(askers), batch):
        asks = [
            visible(viewer, model)
            .filter(pk=obj.pk)
            .annotate(audience_asker=models.Value(n, output_field=models.IntegerField()))
            .values_list("audience_asker", flat=True)
            for n, viewer in askers[start : start + batch]
        ]
        allowed_groups.update(asks[0].union(*asks[1:], all=True))
    people = list(groups.values())
    return {user_id for n in allowed_groups for user_id in people[n]}


def get_visible_or_404(
    viewer: Viewer, model_or_queryset: type[_M] | QuerySet[_M], **lookup: Any
) -> _M:
    """The object, if it exists and the viewer may see it; otherwise 404 (never 403)."""
    try:
        obj = visible(viewer, model_or_queryset).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    if viewer.is_staff and getattr(obj, "tlp", None) in RESTRICTED_TLP:
        audit_staff_access(viewer=viewer, obj=obj)
    cast(Any, obj)._access_viewer = viewer  # its children may be read with visible_within
    return obj
