"""Places to go to on the map: ports and anchorages (by name, code or country) and regions,
for the map's search box (``GET /api/v1/places/?q=``). Both are the platform's own public
reference lists, the same for everyone."""

from __future__ import annotations

from functools import lru_cache

from kit.geography import REGION_BOXES, Region, country_name
from kit.text import folded

from .models import Port

LIMIT = 8
PORT_ZOOM = 11  # a port's radius (up to 50 nm) in sight on a phone


@lru_cache(maxsize=1)
def _regions() -> list[dict]:
    bounds: dict[str, list[float]] = {}
    for region, south, north, west, east in REGION_BOXES:
        box = bounds.setdefault(region, [south, west, north, east])
        box[:] = [min(box[0], south), min(box[1], west), max(box[2], north), max(box[3], east)]
    return [
        {
            "kind": "region",
            "name": Region(region).label,
            "detail": "Region",
            "bounds": [[box[0], box[1]], [box[2], box[3]]],
        }
        for region, box in bounds.items()
    ]


def search(query: str, *, limit: int = LIMIT) -> list[dict]:
    """Regions and ports matching the words of ``query`` (case and accents aside): names
    that start with it first, then names holding it, then the ports of a matching
    country."""

    words = folded(query).split()
    if not words:
        return []
    found: list[tuple[int, str, dict]] = []
    for region in _regions():
        name = folded(region["name"])
        if all(word in name for word in words):
            found.append((0 if name.startswith(words[0]) else 1, region["name"], region))
    for port in Port.objects.order_by("name"):
        country = country_name(port.country)
        name, code = folded(port.name), port.code.lower()
        everything = f"{name} {folded(country)} {code} {port.locode.lower()}"
        if not all(word in everything for word in words):
            continue
        rank = (
            0
            if name.startswith(words[0]) or code.startswith(words[0])
            else (1 if words[0] in name else 2)
        )
        kind = port.get_kind_display()  # not "Lagos Anchorage Anchorage"
        detail = country if folded(kind) in name else f"{kind}, {country}"
        found.append(
            (
                rank,
                port.name,
                {
                    "kind": "port",
                    "name": port.name,
                    "detail": detail,
                    "latitude": port.latitude,
                    "longitude": port.longitude,
                    "zoom": PORT_ZOOM,
                },
            )
        )
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return [entry for _rank, _name, entry in found[:limit]]
