"""The land mask, memory-mapped from a file written once: the same answers as the package's
own mask, without holding the whole mask in each process."""

import numpy as np
import pytest

from kit import landmask


@pytest.fixture
def tiny_mask(tmp_path, settings):
    """A 4 x 8 world whose sea is true, as the package stores it: land in one cell."""
    sea = np.ones((4, 8), dtype=bool)
    sea[2, 5] = False  # latitude 0..45 N, longitude 45..90 E
    np.save(tmp_path / "mask.npy", sea)
    np.savez(tmp_path / "axes.npz", lat=np.linspace(-90, 90, 5)[:-1],
             lon=np.linspace(-180, 180, 9)[:-1])  # fmt: skip
    settings.LAND_MASK_DIR = tmp_path
    landmask._mask.cache_clear()
    yield
    landmask._mask.cache_clear()


def test_the_mask_is_read_from_its_file_mapped_not_loaded(tiny_mask):
    assert landmask.is_land(10.0, 60.0) is True
    assert landmask.is_land(-10.0, 60.0) is False
    lats, lons = np.array([10.0, 10.0, 89.9, -90.0]), np.array([60.0, 100.0, 60.0, 180.0])
    assert landmask.is_land(lats, lons).tolist() == [True, False, False, False]
    assert isinstance(landmask._mask()[0], np.memmap)


def test_the_real_mask_knows_sea_from_land():
    landmask._mask.cache_clear()
    assert landmask.is_land(6.30, 3.33) is False  # Lagos anchorage
    assert landmask.is_land(9.06, 7.49) is True  # Abuja
    assert landmask.is_land(1.26, 104.08) is False  # Singapore Strait
    assert landmask.is_land(-25.0, 135.0) is True  # Australia
