"""The curated list of ports and anchorages (incidents/data/ports.csv) and the nearest one."""

from __future__ import annotations

import csv
import math
from pathlib import Path

from django.db.models import Q

from .geography import distance_nm

PORTS_CSV = Path(__file__).resolve().parent / "data" / "ports.csv"
# No port's radius exceeds this; it bounds the search box around a position.
MAX_RADIUS_NM = 50


def read_ports_csv(path: Path = PORTS_CSV) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["latitude"] = float(row["latitude"])
        row["longitude"] = float(row["longitude"])
        row["radius_nm"] = float(row["radius_nm"])
    return rows


def load_ports(port_model, rows: list[dict] | None = None) -> int:
    """Create or update the ports from the CSV (used by the data migration); returns how many
    rows were written."""
    written = 0
    for row in rows if rows is not None else read_ports_csv():
        code = row.pop("code")
        port_model.objects.update_or_create(code=code, defaults=row)
        written += 1
    return written


def nearest_port(latitude: float, longitude: float):
    """The nearest port or anchorage whose radius holds the position, or None."""
    from .models import Port

    dlat = MAX_RADIUS_NM / 60
    dlon = min(180.0, MAX_RADIUS_NM / (60 * max(0.01, math.cos(math.radians(latitude)))))
    west, east = longitude - dlon, longitude + dlon
    within = Q(longitude__range=(max(west, -180), min(east, 180)))
    if west < -180:  # the box crosses the antimeridian
        within |= Q(longitude__gte=west + 360)
    if east > 180:
        within |= Q(longitude__lte=east - 360)
    candidates = Port.objects.filter(within, latitude__range=(latitude - dlat, latitude + dlat))
    best, best_distance = None, None
    for port in candidates:
        distance = distance_nm(latitude, longitude, port.latitude, port.longitude)
        if distance <= port.radius_nm and (best_distance is None or distance < best_distance):
            best, best_distance = port, distance
    return best


def nearest_known_port(latitude: float, longitude: float):
    """The nearest port or anchorage at any distance, and that distance in nm (or None, None).
    Used for warnings, not for placing incidents: 202 rows are quick to scan."""
    from .models import Port

    best, best_distance = None, None
    for port in Port.objects.only("name", "latitude", "longitude"):
        distance = distance_nm(latitude, longitude, port.latitude, port.longitude)
        if best_distance is None or distance < best_distance:
            best, best_distance = port, distance
    return best, best_distance


def port_by_code(code: str):
    """A port or anchorage by its code (NGLOS-ANCH), or by UN/LOCODE, which names the port
    itself, or its anchorage when that is all the list holds. None when unknown."""
    from .models import Port

    code = code.strip().upper()
    return (
        Port.objects.filter(code=code).first()
        or Port.objects.filter(locode=code).order_by("-kind").first()  # "port" before "anchorage"
    )
