"""The curated list of ports and anchorages (incidents/data/ports.csv) and the nearest one."""

from __future__ import annotations

import csv
import math
from pathlib import Path

from kit.geography import box_around, distance_nm
from kit.landmask import is_land

from .models import Port

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


def _nearest(latitude: float, longitude: float, candidates):
    best, best_distance = None, None
    for port in candidates:
        distance = distance_nm(latitude, longitude, port.latitude, port.longitude)
        if distance <= port.radius_nm and (
            best_distance is None
            or distance < best_distance
            or (distance == best_distance and port.code < best.code)
        ):
            best, best_distance = port, distance
    return best


def nearest_port(latitude: float, longitude: float):
    """The nearest port or anchorage whose radius holds the position, or None (the first
    code in order when two are as near)."""

    candidates = Port.objects.filter(box_around(latitude, longitude, MAX_RADIUS_NM).q())
    return _nearest(latitude, longitude, candidates)


class PortIndex:
    """Every port read once, for placing many positions without a query each: the same
    answer as ``nearest_port``."""

    def __init__(self):

        self.ports = list(Port.objects.all())

    def __call__(self, latitude: float, longitude: float):
        box = box_around(latitude, longitude, MAX_RADIUS_NM)
        candidates = (port for port in self.ports if box.holds(port.latitude, port.longitude))
        return _nearest(latitude, longitude, candidates)


def nearest_known_port(latitude: float, longitude: float):
    """The nearest port or anchorage at any distance, and that distance in nm (or None, None).
    Used for warnings, not for placing incidents: 202 rows are quick to scan."""

    best, best_distance = None, None
    for port in Port.objects.only("name", "latitude", "longitude"):
        distance = distance_nm(latitude, longitude, port.latitude, port.longitude)
        if best_distance is None or distance < best_distance:
            best, best_distance = port, distance
    return best, best_distance


def port_by_code(code: str):
    """A port or anchorage by its code (NGLOS-ANCH), or by UN/LOCODE, which names the port
    itself, or its anchorage when that is all the list holds. None when unknown."""

    code = code.strip().upper()
    return (
        Port.objects.filter(code=code).first()
        or Port.objects.filter(locode=code).order_by("-kind").first()  # "port" before "anchorage"
    )


INLAND_RING_NM = 10.0
FAR_FROM_PORT_NM = 30.0


def _on_land(latitude: float, longitude: float) -> bool:
    """From a 1 km land mask (GLOBE, via global-land-mask). Time-zone polygons are no use
    here: they take in territorial and archipelagic waters such as the Java Sea."""

    return is_land(latitude, longitude)


def position_warning(latitude: float, longitude: float) -> str | None:
    """A message when the position is well inland and far from every known port: most often a
    swapped sign (3.3 E for 3.3 W) or a mistyped degree. None when it looks like the sea."""
    if not _on_land(latitude, longitude):
        return None
    step = INLAND_RING_NM / 60.0
    scale = max(math.cos(math.radians(latitude)), 0.05)
    ring = [(step, 0), (-step, 0), (0, step / scale), (0, -step / scale)]
    for dlat, dlon in ring:
        lat = max(-90.0, min(90.0, latitude + dlat))
        lon = (longitude + dlon + 180) % 360 - 180
        if not _on_land(lat, lon):
            return None  # near a coast or a large waterway
    port, distance = nearest_known_port(latitude, longitude)
    if port is not None and distance <= FAR_FROM_PORT_NM:
        return None
    where = f" ({distance:.0f} nm from {port.name}, the nearest port we know)" if port else ""
    return (
        f"{abs(latitude):.4f}°{'N' if latitude >= 0 else 'S'} "
        f"{abs(longitude):.4f}°{'E' if longitude >= 0 else 'W'} is on land, far from any "
        f"port{where}. Check the position (a swapped sign?), or confirm it is right."
    )
