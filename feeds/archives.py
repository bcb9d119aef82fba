"""The public history the platform starts with, shipped compressed in ``feeds/data``:

- the NGA Anti-Shipping Activity Messages (ASAM), 8,642 records from May 1978 to June 2022,
  the CSV export of the NGA maritime safety site (a U.S. Government work, public domain);
- the IMB Piracy Reporting Centre and MappingPiracy incidents of 1993 to 2020, 7,511 records,
  from Benden et al. (2021), "Crime at Sea: A Global Database of Maritime Pirate Attacks
  (1993-2020)", Journal of Open Humanities Data 7:19, https://doi.org/10.5334/johd.39, data at
  https://zenodo.org/record/4583802 (CC BY 4.0: the README and the about page cite it).

Each is a feed source of its own, fed by this file rather than a URL, graded, marked
TLP:CLEAR (both are public) and set to accept automatically. They are loaded through the
feeds like any upload, ASAM first: an IMB record that surely reports an ASAM incident is
attached to it as a second source instead of making another. Loading is done once: a source
that has a successful run is left alone, so a second start reads nothing.
"""

from __future__ import annotations

import lzma
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from members.access import TLP

from . import services
from .models import FeedFormat, FeedRun, FeedSource

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Archive:
    name: str
    format: str
    file: str
    reliability: str
    records: int


ARCHIVES = (
    Archive(
        "NGA ASAM archive",
        FeedFormat.ASAM_CSV,
        "asam_export_2022-06-21.csv.xz",
        "B",
        8642,
    ),
    Archive(
        "IMB piracy archive (Benden et al. 2021)",
        FeedFormat.IMB_CSV,
        "imb_pirate_attacks_1993-2020.csv.xz",
        "B",
        7511,
    ),
)


def loaded(archive: Archive) -> bool:
    return FeedRun.objects.filter(
        source__name=archive.name, state=FeedRun.State.SUCCEEDED, not_modified=False
    ).exists()


def _source(archive: Archive) -> FeedSource:
    source = FeedSource.objects.filter(name=archive.name).first()
    if source is None:
        source = services.source_add(
            name=archive.name,
            format=archive.format,
            reliability=archive.reliability,
            auto_accept=True,
            default_tlp=TLP.CLEAR,
        )
    return source


def load(archives=ARCHIVES, *, say: Callable[[str], None] = lambda line: None) -> list[FeedRun]:
    """Load each archive not loaded yet; the runs made (none when all are loaded)."""
    runs = []
    for archive in archives:
        if loaded(archive):
            continue
        started = time.perf_counter()
        content = lzma.decompress((DATA / archive.file).read_bytes())
        run = services.ingest(_source(archive), content, trigger=FeedRun.Trigger.COMMAND)
        runs.append(run)
        if run.state != FeedRun.State.SUCCEEDED:
            say(f"{archive.name}: failed: {run.error}")
            continue
        say(
            f"{archive.name}: {run.fetched:,} records, {run.accepted:,} new incidents, "
            f"{run.attached:,} matched with an incident already held, {run.rejected:,} "
            f"unreadable ({time.perf_counter() - started:.1f} s)"
        )
    return runs
