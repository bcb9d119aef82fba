"""The map of incidents, clustered on the server (``GET /api/v1/incidents/map/``).

A view asks for a bounding box, a zoom and the list's filters, and gets a GeoJSON
FeatureCollection: a cluster per occupied grid cell (a quarter of a map tile, 64 pixels),
with its count, the mean position of its incidents and their breakdown by category and by
status; or, when few incidents are in view, each incident on its own.

Where the filters are only category, status, region and marking, the clusters are read from
the counted cells (``MapCell``, counted per marking, owner and audience), so a world view
of a million incidents costs as little as one of a thousand; other filters group the
matching incidents themselves.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import reverse

from kit.openapi import DECIMAL
from members.access import Viewer, granted, visible

from .filters import IncidentFilter
from .mapcells import CELLS_PER_TILE_LOG2, FIRST_LEVEL, LAST_LEVEL, tile_x, tile_y
from .models import Category, Incident, MapCell, Status

CELL_FILTERS = frozenset({"category", "status", "region", "tlp"})
MAX_ZOOM = 20
SINGLES_MAX = 300  # with this many incidents in view or fewer, each is shown on its own


@dataclass(frozen=True)
class BBox:
    west: float
    south: float
    east: float
    north: float

    @property
    def longitude_ranges(self) -> list[tuple[float, float]]:
        """One range, or two where the box crosses the antimeridian (west > east)."""
        if self.west <= self.east:
            return [(self.west, self.east)]
        return [(self.west, 180.0), (-180.0, self.east)]

    @property
    def whole_world(self) -> bool:
        return self.west == -180 and self.east == 180 and self.south <= -85 and self.north >= 85

    def incidents(self) -> Q:
        if self.whole_world:
            return Q()
        lon = Q()
        for west, east in self.longitude_ranges:
            lon |= Q(longitude__range=(west, east))
        return Q(latitude__range=(self.south, self.north)) & lon

    def cells(self, level: int) -> Q:
        x = Q()
        for west, east in self.longitude_ranges:
            x |= Q(x__range=(tile_x(west, level), tile_x(east, level)))
        return Q(y__range=(tile_y(self.north, level), tile_y(self.south, level))) & x


def _wrap(longitude: float) -> float:
    return (longitude + 180) % 360 - 180 if not -180 <= longitude <= 180 else longitude


BOX = re.compile(",".join([DECIMAL] * 4))


class BBoxField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not BOX.fullmatch(value):
            raise ValidationError("Give the box as WEST,SOUTH,EAST,NORTH in decimal degrees.")
        west, south, east, north = (float(part) for part in value.split(","))
        if not all(map(math.isfinite, (west, south, east, north))):
            raise ValidationError("The box must be made of finite numbers.")
        if not (-90 <= south < north <= 90):
            raise ValidationError("South must be below north, both within -90..90.")
        if east - west >= 360 or (west < -180 and east > 180):
            return BBox(-180.0, south, 180.0, north)  # the whole world, or more of it
        return BBox(_wrap(west), south, _wrap(east), north)


class MapForm(forms.Form):
    bbox = BBoxField(max_length=200)
    zoom = forms.IntegerField(min_value=0, max_value=MAX_ZOOM)


@dataclass
class Cluster:
    count: int = 0
    sum_latitude: float = 0.0
    sum_longitude: float = 0.0
    first_id: int | None = None
    categories: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)

    def add(self, category, status, count, sum_latitude, sum_longitude, first_id) -> None:
        if category is not None:
            self.count += count
            self.sum_latitude += sum_latitude
            self.sum_longitude += sum_longitude
            self.categories[category] += count
            if first_id is not None:
                self.first_id = first_id if self.first_id is None else min(self.first_id, first_id)
        if status is not None:
            self.statuses[status] += count


def active_filters(filterset: IncidentFilter) -> set[str]:
    data = filterset.form.cleaned_data
    active = {name for name, value in data.items() if value not in (None, "", [], ())}
    if "near" not in active:
        active.discard("radius_nm")
    return active


def level_for(zoom: int) -> int:
    return zoom + CELLS_PER_TILE_LOG2


def uses_cells(filterset: IncidentFilter, zoom: int) -> bool:
    return (
        FIRST_LEVEL <= level_for(zoom) <= LAST_LEVEL and active_filters(filterset) <= CELL_FILTERS
    )


def _grouped(inner: QuerySet, level: int | None) -> tuple[str, list]:
    """Wrap a queryset of rows in SQL that sums them per cell, by category and by status."""
    sql, params = inner.query.sql_with_params()
    if level is None:  # rows of MapCell: already per cell
        rows = (
            "SELECT x, y, category, status, count, sum_latitude, sum_longitude, "  # noqa: S608
            f"NULL::bigint AS id FROM ({sql}) AS c"
        )
        totals = "sum(count), sum(sum_latitude), sum(sum_longitude), NULL::bigint"
    else:
        rows = (
            f"SELECT incidents_tile_x(longitude, {level:d}) AS x, "  # noqa: S608
            f"incidents_tile_y(latitude, {level:d}) AS y, category, status, 1 AS count, "
            f"latitude AS sum_latitude, longitude AS sum_longitude, id FROM ({sql}) AS i"
        )
        totals = "count(*), sum(sum_latitude), sum(sum_longitude), min(id)"
    return (
        f"SELECT x, y, category, status, {totals} FROM ({rows}) AS r "  # noqa: S608 - our SQL
        "GROUP BY GROUPING SETS ((x, y, category), (x, y, status))",
        list(params),
    )


def cluster_sql(viewer: Viewer, filterset: IncidentFilter, bbox: BBox, zoom: int):
    """The one SQL statement behind a map view's clusters (also timed on its own by the
    benchmark), and whether it reads the counted cells."""
    level = level_for(zoom)
    if uses_cells(filterset, zoom):
        cells = counted_cells(viewer, filterset, level).filter(bbox.cells(level))
        columns = ["x", "y", "category", "status", "count", "sum_latitude", "sum_longitude"]
        return (*_grouped(cells.values(*columns), None), True)
    level = min(level, 30)
    incidents = filterset.qs.filter(bbox.incidents()).order_by()
    columns = ["id", "latitude", "longitude", "category", "status"]
    return (*_grouped(incidents.values(*columns), level), False)


def cell_filters(filterset: IncidentFilter) -> Q:
    """The filters the cells keep, as a condition that holds for cells and incidents alike."""
    data = filterset.form.cleaned_data
    condition = Q()
    for name in sorted(CELL_FILTERS):
        if data.get(name):
            condition &= Q(**{f"{name}__in": data[name]})
    return condition


def counted_cells(viewer: Viewer, filterset: IncidentFilter, level: int) -> QuerySet[MapCell]:
    """The viewer's counted cells at a level, narrowed by the filters the cells keep."""
    return visible(viewer, MapCell).filter(cell_filters(filterset), level=level)


def granted_incidents(viewer: Viewer, filterset: IncidentFilter, *columns: str, where=None):
    """The TLP:RED incidents the viewer sees by grant (which the counted cells leave out)
    matching the filters the cells keep (the only ones active where cells are read), as one
    UNION ALL of these columns; None when there are none to ask for. The AMBER ones shared
    with the viewer are in the cells of their audience."""
    condition = cell_filters(filterset) & (where or Q())
    querysets = [
        queryset.filter(condition).order_by().values(*columns)
        for queryset in granted(viewer, Incident, shares=False)
    ]
    if not querysets:
        return None
    first, *rest = querysets
    return first.union(*rest, all=True) if rest else first


def clusters(viewer: Viewer, filterset: IncidentFilter, bbox: BBox, zoom: int):
    sql, sql_params, from_cells = cluster_sql(viewer, filterset, bbox, zoom)
    cells: dict[tuple[int, int], Cluster] = defaultdict(Cluster)
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        for x, y, *values in cursor.fetchall():
            cells[x, y].add(*values)
    if from_cells:
        level = level_for(zoom)
        columns = ["latitude", "longitude", "category", "status"]
        rows = granted_incidents(viewer, filterset, *columns, where=bbox.incidents())
        for row in rows if rows is not None else []:
            lat, lon = row["latitude"], row["longitude"]
            key = (tile_x(lon, level), tile_y(lat, level))
            cluster = cells[key]
            cluster.add(row["category"], None, 1, lat, lon, None)
            cluster.add(None, row["status"], 1, 0, 0, None)
    return cells


CATEGORY_LABELS = dict(Category.choices)
STATUS_LABELS = dict(Status.choices)


def _point(longitude: float, latitude: float) -> dict:
    return {"type": "Point", "coordinates": [round(longitude, 5), round(latitude, 5)]}


def _facts(incident) -> dict:
    """What a marker of one incident says of it in its popup."""
    return {
        "count": 1,
        "reference": incident.reference,
        "url": reverse("incidents:detail", args=[incident.reference]),
        "category": incident.category,
        "category_label": incident.get_category_display(),
        "status": incident.status,
        "status_label": incident.get_status_display(),
        "outcome_label": incident.get_outcome_display(),
        "occurred_on": incident.occurred_on.isoformat(),
        "occurred_time": incident.occurred_time.strftime("%H:%M")
        if incident.occurred_time
        else None,
        "place": incident.port.name if incident.port else incident.get_region_display(),
        "vessel": incident.get_vessel_type_display(),
    }


def single_features(incidents) -> list[dict]:
    return [
        {
            "type": "Feature",
            "geometry": _point(incident.longitude, incident.latitude),
            "properties": _facts(incident),
        }
        for incident in incidents
    ]


def cluster_features(
    cells: dict[tuple[int, int], Cluster], references: dict[int, object] | None = None
) -> list[dict]:
    """Clusters as features; a cluster of one is its incident, with the same facts as any
    marker of one (``references``: the incidents of clusters of one, by id)."""
    references = references or {}
    features = []
    for cluster in cells.values():
        if cluster.count <= 0:
            continue
        properties = {
            "count": cluster.count,
            "category": cluster.categories.most_common(1)[0][0],
            "categories": dict(cluster.categories.most_common()),
            "statuses": dict(cluster.statuses.most_common()),
        }
        alone = references.get(cluster.first_id) if cluster.count == 1 else None
        if alone is not None:
            properties.update(_facts(alone))
        features.append(
            {
                "type": "Feature",
                "geometry": _point(
                    cluster.sum_longitude / cluster.count, cluster.sum_latitude / cluster.count
                ),
                "properties": properties,
            }
        )
    features.sort(key=lambda feature: -feature["properties"]["count"])
    return features


def map_view(viewer: Viewer, filterset: IncidentFilter, bbox: BBox, zoom: int) -> dict:
    """The FeatureCollection for one map view."""
    cells = clusters(viewer, filterset, bbox, zoom)
    total = sum(cluster.count for cluster in cells.values())
    if total <= SINGLES_MAX:
        incidents = (
            filterset.qs.filter(bbox.incidents())
            .select_related(None)
            .select_related("port")
            .only(*SINGLE_FIELDS)
            .order_by("-occurred_at", "-id")[:SINGLES_MAX]
        )
        features = single_features(incidents)
    else:
        ones = [c.first_id for c in cells.values() if c.count == 1 and c.first_id is not None]
        alone = (
            filterset.qs.filter(pk__in=ones)
            .select_related(None)
            .select_related("port")
            .only(*SINGLE_FIELDS)
        )
        references = {incident.pk: incident for incident in alone} if ones else {}
        features = cluster_features(cells, references)
    return {
        "type": "FeatureCollection",
        "total": total,
        "clustered": total > SINGLES_MAX,
        "features": features,
    }


SINGLE_FIELDS = [
    "reference",
    "latitude",
    "longitude",
    "category",
    "status",
    "outcome",
    "occurred_on",
    "occurred_time",
    "region",
    "vessel_type",
    "port__name",
]
