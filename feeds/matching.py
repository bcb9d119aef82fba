"""Does a feed's record report an incident the platform already holds?

The score of a record against an incident, from 0 to 1, adds four things:

- **when** (weight 0.35): the same local date 1, a day apart 0.6, two days apart 0.3;
- **where** (0.35): 1 at the same position, falling in a straight line to 0 at 30 nm;
- **the vessel** (0.2): the same IMO number, or the same name (case and spaces aside, four
  letters at least), 1; a different IMO number counts against (-0.2);
- **what** (0.1): the same category 1, both some kind of boarding (boarded, attempted,
  theft) 0.5.

Candidates are incidents within two days and 30 nm. A record scoring 0.6 or more is shown to
the editor as "likely the same" as its best candidate; a source set to accept automatically
attaches a record scoring 0.8 or more to that incident instead of creating another.

Only incidents every editor may see (CLEAR, GREEN and AMBER) are candidates: a record is
never matched against, and so never reveals, an AMBER+STRICT or RED incident.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from incidents.models import Incident
from kit.geography import box_around, distance_nm
from members.access import TLP

WINDOW_DAYS = 2
RADIUS_NM = 30.0
LIKELY = 0.6
SAME = 0.8
BOARDING_KINDS = {"boarded", "attempted", "theft"}
CANDIDATE_TLP = [TLP.CLEAR, TLP.GREEN, TLP.AMBER]
CANDIDATE_FIELDS = (
    "pk",
    "occurred_on",
    "latitude",
    "longitude",
    "category",
    "vessel_imo",
    "vessel_name",
)


@dataclass(frozen=True)
class Candidate:
    pk: int
    occurred_on: dt.date
    latitude: float
    longitude: float
    category: str
    vessel_imo: str
    vessel_name: str


def _name(value: str) -> str:
    return "".join((value or "").lower().split())


def score(record: dict, candidate: Candidate) -> float:
    """How likely the record (normalised fields plus extracted facts) reports the incident."""
    days = abs((dt.date.fromisoformat(record["occurred_on"]) - candidate.occurred_on).days)
    when = {0: 1.0, 1: 0.6, 2: 0.3}.get(days, 0.0)
    distance = distance_nm(
        record["latitude"], record["longitude"], candidate.latitude, candidate.longitude
    )
    where = max(0.0, 1 - distance / RADIUS_NM)
    vessel = 0.0
    imo, name = record.get("vessel_imo", ""), _name(record.get("vessel_name", ""))
    if imo and candidate.vessel_imo:
        vessel = 1.0 if imo == candidate.vessel_imo else -1.0
    elif len(name) >= 4 and name == _name(candidate.vessel_name):
        vessel = 1.0
    category = record.get("category", "")
    what = (
        1.0
        if category == candidate.category
        else (0.5 if {category, candidate.category} <= BOARDING_KINDS else 0.0)
    )
    return round(0.35 * when + 0.35 * where + 0.2 * vessel + 0.1 * what, 3)


class Matcher:
    """Candidates for many records at once: the incidents of their dates read in one query,
    then scored in memory."""

    def __init__(self, records: list[dict]):
        days = [dt.date.fromisoformat(r["occurred_on"]) for r in records if r.get("occurred_on")]
        self.by_day: dict[dt.date, list[Candidate]] = {}
        if not days:
            return
        window = dt.timedelta(days=WINDOW_DAYS)
        rows = (
            Incident.objects.unrestricted()
            .filter(
                occurred_on__range=(min(days) - window, max(days) + window),
                tlp__in=CANDIDATE_TLP,
            )
            .values_list(*CANDIDATE_FIELDS)
        )
        wanted = set()
        for day in days:
            for offset in range(-WINDOW_DAYS, WINDOW_DAYS + 1):
                wanted.add(day + dt.timedelta(days=offset))
        for row in rows.iterator(chunk_size=5000):
            if row[1] in wanted:
                self.by_day.setdefault(row[1], []).append(Candidate(*row))

    def add(self, incident: Incident, *, pk: int | None = None) -> None:
        """An incident created meanwhile (by an automatic accept) is a candidate too; one not
        saved yet goes by a stand-in ``pk``."""
        candidate = Candidate(*(getattr(incident, field) for field in CANDIDATE_FIELDS))
        if pk is not None:
            candidate = dataclasses.replace(candidate, pk=pk)
        self.by_day.setdefault(incident.occurred_on, []).append(candidate)

    def best(self, record: dict) -> tuple[int, float] | None:
        """The best candidate's id and score, when it is at least "likely"."""
        if not record.get("occurred_on") or record.get("latitude") is None:
            return None
        day = dt.date.fromisoformat(record["occurred_on"])
        box = box_around(record["latitude"], record["longitude"], RADIUS_NM)
        best = None
        for offset in range(-WINDOW_DAYS, WINDOW_DAYS + 1):
            for candidate in self.by_day.get(day + dt.timedelta(days=offset), ()):
                if not box.holds(candidate.latitude, candidate.longitude):
                    continue
                value = score(record, candidate)
                if value >= LIKELY and (best is None or value > best[1]):
                    best = (candidate.pk, value)
        return best


def matchable(item) -> dict:
    """The fields a record is matched on: its own, completed by what was read from its text."""
    extracted = item.extracted or {}
    data = item.data or {}
    return {
        "occurred_on": data.get("occurred_on"),
        "latitude": data.get("latitude"),
        "longitude": data.get("longitude"),
        "vessel_name": data.get("vessel_name") or extracted.get("vessel_name", ""),
        "vessel_imo": extracted.get("vessel_imo", ""),
        "category": extracted.get("category", ""),
    }
