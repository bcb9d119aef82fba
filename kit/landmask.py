"""The 1 km land mask (GLOBE, through global-land-mask), memory-mapped.

global-land-mask decompresses its whole mask, 21,600 by 43,200 cells (about 930 MB), into
every process that imports it. Here it is decompressed once, by a short-lived process, into
a plain file under ``LAND_MASK_DIR``; every web and worker process then maps that file and
reads only the pages it touches: a position check or a map of an anchorage reads a few
megabytes, not a gigabyte.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from django.conf import settings

if TYPE_CHECKING:
    import numpy.typing as npt


def _files(folder: Path) -> tuple[Path, Path]:
    return folder / "mask.npy", folder / "axes.npz"


def write(folder: Path) -> None:
    """Decompress the package's mask into ``folder`` (peak memory: the whole mask, once)."""
    from global_land_mask import globe

    folder.mkdir(parents=True, exist_ok=True)
    mask_file, axes_file = _files(folder)
    # Each writer its own partial files, so two processes building at once do not collide.
    partial_mask = folder / f"mask.{os.getpid()}.part.npy"
    partial_axes = folder / f"axes.{os.getpid()}.part.npz"
    np.save(partial_mask, globe._mask)
    np.savez(partial_axes, lat=globe._lat, lon=globe._lon)
    os.replace(partial_axes, axes_file)
    os.replace(partial_mask, mask_file)


@functools.cache
def _mask() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    folder = Path(settings.LAND_MASK_DIR)
    mask_file, axes_file = _files(folder)
    if not mask_file.exists():
        subprocess.run(  # noqa: S603 (this interpreter, this module)
            [sys.executable, "-m", "kit.landmask", str(folder)], check=True
        )
    axes = np.load(axes_file)
    return np.load(mask_file, mmap_mode="r"), axes["lat"], axes["lon"]


def _index(values: npt.ArrayLike, axis: np.ndarray) -> np.ndarray:
    values = np.clip(np.asarray(values, dtype=float), axis.min(), axis.max())
    indices: np.ndarray = ((values - axis[0]) / (axis[1] - axis[0])).astype(int)
    return indices


def is_land(latitude: npt.ArrayLike, longitude: npt.ArrayLike) -> bool | npt.NDArray[np.bool_]:
    """Whether each position is on land: a bool, or an array of them for arrays. (The
    package's mask is true at sea.)"""
    mask, lat, lon = _mask()
    sea = mask[_index(latitude, lat), _index(longitude, lon)]
    return not bool(sea) if np.ndim(sea) == 0 else ~np.asarray(sea)


if __name__ == "__main__":
    write(Path(sys.argv[1]))
