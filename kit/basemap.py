"""The platform's own basemap: land and sea drawn from the land mask (``kit.landmask``) as
256-pixel Web Mercator tiles, for maps with no tile server, or when it cannot be reached
(as on most ships). A tile is three colours (sea, land, the coastline between them), a PNG
of a few kilobytes. Tiles to ``CACHED_UP_TO`` are kept on disk once drawn; deeper ones are
drawn on demand (the mask's 1 km cells hold no more detail beyond ``MAX_ZOOM``, where the
map scales the tiles up instead)."""

from __future__ import annotations

import io
import math
import os
from pathlib import Path

import numpy as np
from django.conf import settings
from PIL import Image

from .landmask import is_land

SIZE = 256
MAX_ZOOM = 10
CACHED_UP_TO = 7
SEA, LAND, COAST = (207, 224, 238), (236, 231, 218), (120, 138, 160)
PALETTE = [*SEA, *LAND, *COAST]


def valid(z: int, x: int, y: int) -> bool:
    return 0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z


def _centres(z: int, x: int, y: int) -> tuple[np.ndarray, np.ndarray]:
    """The latitude and longitude of each pixel's centre."""
    world = SIZE * 2**z
    pixels = np.arange(SIZE) + 0.5
    longitudes = (x * SIZE + pixels) / world * 360.0 - 180.0
    merc = math.pi * (1 - 2 * (y * SIZE + pixels) / world)
    latitudes = np.degrees(np.arctan(np.sinh(merc)))
    return np.meshgrid(latitudes, longitudes, indexing="ij")


def draw(z: int, x: int, y: int) -> bytes:
    """The tile as PNG: each pixel land or sea, and land touching the sea drawn as coast."""
    latitudes, longitudes = _centres(z, x, y)
    land = np.asarray(is_land(latitudes, longitudes), dtype=bool)
    padded = np.pad(land, 1, mode="edge")
    next_to_sea = ~padded[:-2, 1:-1] | ~padded[2:, 1:-1] | ~padded[1:-1, :-2] | ~padded[1:-1, 2:]
    index = np.where(land, np.where(next_to_sea, 2, 1), 0).astype(np.uint8)
    image = Image.fromarray(index, mode="P")
    image.putpalette(PALETTE)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def tile(z: int, x: int, y: int) -> bytes:
    """The tile, from the disk cache when it was drawn before."""
    if z > CACHED_UP_TO:
        return draw(z, x, y)
    path = Path(settings.BASEMAP_DIR) / str(z) / str(x) / f"{y}.png"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    png = draw(z, x, y)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")  # two workers drawing it at once
    partial.write_bytes(png)
    os.replace(partial, path)
    return png
