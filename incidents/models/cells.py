"""Counted cells of the map: the audiences AMBER incidents are shared with, and the counts
per cell and marking."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models.expressions import RawSQL

from kit.geography import Region
from members.access import RULES, TLP, Rule, marking_rule

from .choices import Category, Status


def kept_owner() -> models.ForeignKey:
    """The owner a counted cell keeps (only for AMBER and AMBER+STRICT): a key, not a
    reference the database holds the cell to."""
    return models.ForeignKey(
        "members.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )


class Audience(models.Model):
    """The organisations and groups a TLP:AMBER incident is shared with, as one set: every
    incident shared with exactly these is in this audience, and in no other.

    The database keeps it: triggers on the two sharing tables find (or make) the incident's
    audience and write it to ``incidents_incident.audience_id``, a column that is not a
    field of the model, so no ``save()`` of an incident read earlier can write back an old
    one. The map's cells are counted per audience, which lets a viewer's shared incidents
    be counted from the cells instead of one by one (``incidents.mapcells``).
    """

    organisations = ArrayField(models.BigIntegerField())
    groups = ArrayField(models.BigIntegerField())

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisations", "groups"], name="audience_key")
        ]
        indexes = [
            GinIndex(fields=["organisations"], name="audience_organisations"),
            GinIndex(fields=["groups"], name="audience_groups"),
        ]

    def __str__(self) -> str:
        return f"organisations {self.organisations}, groups {self.groups}"


def _audiences_of(viewer) -> RawSQL:
    """The ids of the audiences an approved member is in: those naming their organisation
    or one of their groups (plain SQL: the map asks this on every view)."""
    sql = "SELECT id FROM incidents_audience WHERE organisations @> ARRAY[%s]::bigint[]"
    params: list = [viewer.organisation_id]
    if viewer.groups:
        sql += " OR groups && %s::bigint[]"
        params.append(sorted(viewer.groups))
    return RawSQL(sql, params)  # noqa: S611 - our SQL, the values as parameters


def _audience_rule(viewer):
    """The audiences a viewer is in: their organisation's, and their groups'."""
    if viewer.is_staff:
        return None
    if not viewer.approved or viewer.organisation_id is None:
        return models.Q(pk__in=[])
    return models.Q(pk__in=_audiences_of(viewer))


RULES.add(Rule(Audience, _audience_rule))


class MapCell(models.Model):
    """How many incidents lie in one cell of the map's grid, kept by a database trigger.

    Cells are Web Mercator tiles at levels 2-12 (a cell at level z+2 is a quarter of a map
    tile at zoom z, 64 pixels wide), per region, category, status and marking; the owner is
    kept only for AMBER and AMBER+STRICT, the markings whose audience depends on it, and
    the audience (the organisations and groups it is shared with) only for AMBER. TLP:RED
    incidents are never counted here. A viewer's cells are those their marking rule admits
    and the AMBER ones of the audiences they are in (``_map_cell_rule``); the map and the
    counts add the RED incidents a viewer sees by grant
    (``members.access.granted(..., shares=False)``), so they answer in the same time for a
    million incidents as for a thousand. ``incidents.mapcells`` holds the triggers and the
    rebuild.
    """

    level = models.PositiveSmallIntegerField()
    x = models.IntegerField()
    y = models.IntegerField()
    region = models.CharField(max_length=30, choices=Region.choices)
    category = models.CharField(max_length=30, choices=Category.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    tlp = models.CharField(max_length=20)
    organisation = kept_owner()
    audience = models.ForeignKey(
        Audience, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    count = models.IntegerField()
    sum_latitude = models.FloatField()
    sum_longitude = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "level",
                    "x",
                    "y",
                    "region",
                    "category",
                    "status",
                    "tlp",
                    "organisation",
                    "audience",
                ],
                name="mapcell_key",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"level {self.level} ({self.x}, {self.y}): {self.count}"


def _map_cell_rule(viewer):
    """The marking rule, and the AMBER cells of the audiences the viewer is in: together
    with the RED incidents granted to them, exactly the incidents they may see."""
    marking = marking_rule(viewer)
    if not viewer.approved or viewer.is_editor or viewer.is_staff:
        return marking  # editors and staff see all AMBER by its marking
    if viewer.organisation_id is None:
        return marking
    return marking | models.Q(tlp=TLP.AMBER, audience__in=_audiences_of(viewer))


RULES.add(Rule(MapCell, _map_cell_rule))
