"""The platform's own basemap: tiles of land, sea and coast drawn from the land mask, kept on
disk once drawn, served publicly and cached long; forged tile numbers answer 404."""

import io

import pytest
from PIL import Image

from kit import basemap

LAND, SEA, COAST = basemap.LAND, basemap.SEA, basemap.COAST


def colour_at(png: bytes, latitude: float, longitude: float, z: int, x: int, y: int):
    """The colour of the pixel of a tile that holds this position."""
    import math

    world = basemap.SIZE * 2**z
    px = (longitude + 180) / 360 * world - x * basemap.SIZE
    merc = math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))
    py = (1 - merc / math.pi) / 2 * world - y * basemap.SIZE
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return image.getpixel((int(px), int(py)))


def test_a_tile_draws_land_sea_and_the_coast_between():
    world = basemap.draw(0, 0, 0)
    image = Image.open(io.BytesIO(world))
    assert image.size == (256, 256) and image.format == "PNG" and len(world) < 10_000
    assert colour_at(world, 23.0, 12.0, 0, 0, 0) == LAND  # the Sahara
    assert colour_at(world, -10.0, -140.0, 0, 0, 0) == SEA  # the Pacific
    colours = {colour for _count, colour in image.convert("RGB").getcolors()}
    assert colours == {LAND, SEA, COAST}
    lagos = basemap.draw(8, 130, 123)  # the Bight of Benin at zoom 8
    assert colour_at(lagos, 7.0, 3.4, 8, 130, 123) == LAND  # inland of Lagos
    assert colour_at(lagos, 5.8, 3.4, 8, 130, 123) == SEA  # off it


def test_tiles_are_kept_once_drawn_and_deep_ones_drawn_each_time(settings, tmp_path):
    settings.BASEMAP_DIR = tmp_path
    first = basemap.tile(3, 4, 3)
    kept = tmp_path / "3" / "4" / "3.png"
    assert kept.read_bytes() == first
    kept.write_bytes(b"kept")  # read from disk, not drawn again
    assert basemap.tile(3, 4, 3) == b"kept"
    basemap.tile(basemap.CACHED_UP_TO + 1, 0, 0)
    assert not (tmp_path / str(basemap.CACHED_UP_TO + 1)).exists()


@pytest.mark.django_db
def test_the_tiles_are_public_cached_long_and_forged_numbers_are_refused(client):
    answer = client.get("/tiles/land/2/2/1.png")
    assert answer.status_code == 200 and answer["Content-Type"] == "image/png"
    assert answer["Cache-Control"] == "public, max-age=2592000, immutable"
    for forged in ("11/0/0", "2/4/0", "2/0/4", "0/0/1"):
        assert client.get(f"/tiles/land/{forged}.png").status_code == 404
    assert client.get("/tiles/land/-1/0/0.png").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/incidents/map/"])
def test_the_maps_name_the_platforms_basemap(client, page):
    shown = client.get(page).content.decode()
    assert 'data-basemap="/tiles/land/{z}/{x}/{y}.png"' in shown
    assert "incidents/basemap.js" in shown
