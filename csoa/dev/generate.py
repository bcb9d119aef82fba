"""Realistic generated incident history, bulk-loaded with PostgreSQL COPY.

For load and speed work (``manage.py seed_incidents --count N``): incidents at the curated
ports and anchorages, weighted towards the places where maritime crime happens, since 2013,
with plausible categories, local times (mostly at night), perpetrators, weapons, crew
outcomes, targets, vessels, verification and TLP markings. Each incident gets a reference
from the per-year counters and a "reported" entry on its timeline, so the pages work.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import random
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from incidents import cells, significance
from incidents.models import (
    Category,
    Incident,
    IncidentChange,
    Port,
    ReferenceCounter,
    Status,
    Target,
    VesselType,
)
from members.access import TLP
from members.models import Membership, Organisation, Role, User

GENERATED_ORGANISATION = "CSOA generated history"
GENERATED_USER = "history@generated.invalid"
FIRST_DAY = dt.date(2013, 1, 1)

# Relative weight of crime per region (roughly the shape of IMB and ReCAAP counts).
REGION_WEIGHT = {
    "south_east_asia": 34,
    "west_africa": 22,
    "south_america": 14,
    "indian_subcontinent": 9,
    "gulf_of_aden": 7,
    "caribbean": 4,
    "far_east": 3,
    "red_sea": 3,
    "arabian_sea": 2,
    "east_africa": 2,
    "mediterranean": 1,
    "europe": 1,
    "other": 1,
}
CATEGORY_WEIGHT = {
    Category.BOARDED: 55,
    Category.ATTEMPTED: 15,
    Category.THEFT: 8,
    Category.SUSPICIOUS_APPROACH: 10,
    Category.FIRED_UPON: 3,
    Category.HIJACKED: 2,
    Category.KIDNAPPING: 3,
    Category.SEIZURE: 1,
    Category.DRONE_ATTACK: 1,
    Category.OTHER: 2,
}
STATUS_WEIGHT = {
    Status.VERIFIED: 60,
    Status.CONFIRMED: 20,
    Status.REPORTED: 12,
    Status.DISPUTED: 5,
    Status.RETRACTED: 3,
}
TLP_WEIGHT = {TLP.GREEN: 70, TLP.CLEAR: 20, TLP.AMBER: 8, TLP.AMBER_STRICT: 2}
VESSELS = [v for v in VesselType.values if v not in ("unknown", "other")]
TARGETS = [Target.FORECASTLE_STORE, Target.BOSUN_STORE, Target.ENGINE_ROOM, Target.SHIPS_STORES]
STOLEN = ["Ship's stores", "Engine spares", "Mooring ropes", "Paint", "Crew cash and phones"]
COLUMNS = [
    "reference",
    "occurred_on",
    "occurred_time",
    "timezone",
    "occurred_at",
    "latitude",
    "longitude",
    "port_id",
    "region",
    "country",
    "category",
    "outcome",
    "foiled_by",
    "perpetrators",
    "weapons",
    "crew_restrained",
    "crew_assaulted",
    "crew_injured",
    "crew_kidnapped",
    "crew_killed",
    "crew_on_board",
    "targets",
    "stolen",
    "vessel_name",
    "vessel_imo",
    "vessel_type",
    "vessel_flag",
    "vessel_status",
    "description",
    "status",
    "status_reason",
    "source_reliability",
    "information_credibility",
    "significance",
    "significance_overridden",
    "anonymous",
    "created_at",
    "updated_at",
    "tlp",
    "organisation_id",
    "created_by_id",
]


@dataclass
class _Facts:
    """What significance.suggest reads."""

    category: str
    outcome: str
    perpetrators: int | None
    weapons: list
    crew_restrained: bool
    crew_assaulted: bool
    crew_injured: int | None
    crew_kidnapped: int | None
    crew_killed: int | None
    targets: list


def _owner() -> tuple[Organisation, User]:
    organisation, _ = Organisation.objects.get_or_create(
        name=GENERATED_ORGANISATION,
        defaults={"slug": "csoa-generated-history", "kind": "industry_body", "verified": True},
    )
    user = User.objects.filter(email=GENERATED_USER).first()
    if user is None:
        user = User.objects.create_user(email=GENERATED_USER, full_name="Generated history")
        user.is_active = False
        user.set_unusable_password()
        user.save()
        Membership.objects.create(
            user=user,
            organisation=organisation,
            role=Role.MEMBER,
            status=Membership.Status.APPROVED,
            position="other",
            application_reason="Generated history for load tests.",
        )
    return organisation, user


def _weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _imo(rng: random.Random) -> str:
    digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(5)]
    check = sum(d * w for d, w in zip(digits, range(7, 1, -1), strict=True)) % 10
    return "".join(map(str, digits)) + str(check)


def _array(values: list[str]) -> str:
    return "{" + ",".join(values) + "}"


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


class _Places:
    def __init__(self, rng: random.Random):
        ports = list(Port.objects.all())
        by_region: dict[str, list[Port]] = {}
        for port in ports:
            by_region.setdefault(port.region, []).append(port)
        self.regions = {r: w for r, w in REGION_WEIGHT.items() if r in by_region}
        self.by_region = by_region
        self.rng = rng
        self.zones = {port.timezone: ZoneInfo(port.timezone) for port in ports}

    def pick(self) -> Port:
        return self.rng.choice(self.by_region[_weighted(self.rng, self.regions)])


def _row(rng: random.Random, places: _Places, day_span: int) -> tuple[dict, int]:
    port = places.pick()
    distance = port.radius_nm * math.sqrt(rng.random()) * 0.9
    bearing = rng.random() * 2 * math.pi
    latitude = port.latitude + distance * math.cos(bearing) / 60
    longitude = port.longitude + distance * math.sin(bearing) / (
        60 * max(math.cos(math.radians(port.latitude)), 0.05)
    )
    longitude = (longitude + 180) % 360 - 180
    occurred_on = FIRST_DAY + dt.timedelta(days=rng.randrange(day_span))
    occurred_time = None
    if rng.random() < 0.85:  # most robberies happen at night, local time
        hour = rng.choice([22, 23, 0, 1, 2, 3, 4, 5]) if rng.random() < 0.8 else rng.randrange(24)
        occurred_time = dt.time(hour, rng.randrange(60))
    local = dt.datetime.combine(
        occurred_on, occurred_time or dt.time(0), places.zones[port.timezone]
    )
    category = _weighted(rng, CATEGORY_WEIGHT)
    boarded = category in (Category.BOARDED, Category.THEFT, Category.HIJACKED, Category.KIDNAPPING)
    outcome = "successful" if boarded and rng.random() < 0.8 else "unsuccessful"
    if category == Category.SUSPICIOUS_APPROACH:
        outcome = "unsuccessful"
    perpetrators = rng.choice([None, 1, 2, 3, 3, 4, 4, 5, 6, 7, 8, 10, 12])
    weapons = rng.choice([[], ["knives"], ["knives"], ["machetes"], ["guns"], ["knives", "guns"]])
    if category in (Category.KIDNAPPING, Category.HIJACKED, Category.FIRED_UPON):
        weapons = ["guns"]
    facts = _Facts(
        category=category,
        outcome=outcome,
        perpetrators=perpetrators,
        weapons=weapons,
        crew_restrained=boarded and rng.random() < 0.25,
        crew_assaulted=boarded and rng.random() < 0.1,
        crew_injured=rng.choice([0, 0, 0, 1]) if boarded else None,
        crew_kidnapped=rng.randint(2, 9) if category == Category.KIDNAPPING else None,
        crew_killed=None,
        targets=[rng.choice(TARGETS)] if boarded else [],
    )
    status = _weighted(rng, STATUS_WEIGHT)
    row = {
        "occurred_on": occurred_on,
        "occurred_time": occurred_time,
        "timezone": port.timezone,
        "occurred_at": local.astimezone(dt.UTC),
        "latitude": round(latitude, 5),
        "longitude": round(longitude, 5),
        "port_id": port.pk,
        "region": port.region,
        "country": port.country,
        "category": category,
        "outcome": outcome,
        "foiled_by": _array(["crew_alert"] if outcome == "unsuccessful" and boarded else []),
        "perpetrators": perpetrators,
        "weapons": _array(weapons),
        "crew_restrained": facts.crew_restrained,
        "crew_assaulted": facts.crew_assaulted,
        "crew_injured": facts.crew_injured,
        "crew_kidnapped": facts.crew_kidnapped,
        "crew_killed": None,
        "crew_on_board": rng.choice([None, 18, 20, 22, 24, 25]),
        "targets": _array(facts.targets),
        "stolen": rng.choice(STOLEN) if outcome == "successful" and boarded else "",
        "vessel_name": "",
        "vessel_imo": _imo(rng) if rng.random() < 0.4 else "",
        "vessel_type": rng.choice(VESSELS),
        "vessel_flag": rng.choice(["PA", "LR", "MH", "SG", "MT", "BS", "GR", "HK"]),
        "vessel_status": "anchored"
        if port.kind == "anchorage"
        else rng.choice(["anchored", "berthed", "underway"]),
        "description": f"{Category(category).label} at {port.name}.",
        "status": status,
        "status_reason": "Generated." if status in (Status.DISPUTED, Status.RETRACTED) else "",
        "source_reliability": rng.choice(["A", "B", "B", "C", ""]),
        "information_credibility": rng.choice([1, 2, 2, 3, None]),
        "significance": significance.suggest(facts),
        "significance_overridden": False,
        "anonymous": rng.random() < 0.05,
        "tlp": _weighted(rng, TLP_WEIGHT),
    }
    return row, occurred_on.year


def _reserve_references(years: Counter) -> dict[int, int]:
    """Take a block of reference numbers per year; returns the first number of each block."""
    first = {}
    for year, count in sorted(years.items()):
        counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
        first[year] = counter.last + 1
        counter.last += count
        counter.save(update_fields=["last"])
    return first


def seed_incidents(count: int, *, seed: int | None = None, batch: int = 50_000) -> int:
    """Bulk-load ``count`` generated incidents; returns how many were written. Each batch is
    one transaction, so an interrupted run keeps whole batches and can simply be run again."""
    rng = random.Random(seed)  # noqa: S311 - made-up history, not secrets
    organisation, user = _owner()
    places = _Places(rng)
    day_span = (timezone.localdate() - FIRST_DAY).days
    written = 0
    table = Incident._meta.db_table
    changes = IncidentChange._meta.db_table
    with cells.bulk_load():  # the counted cells are recounted once, at the end
        while written < count:
            size = min(batch, count - written)
            rows = [_row(rng, places, day_span) for _ in range(size)]
            with transaction.atomic():
                first = _reserve_references(Counter(year for _row_, year in rows))
                now = timezone.now()
                buffer = io.StringIO()
                references = []
                for row, year in rows:
                    row["reference"] = f"CSOA-{year}-{first[year]:04d}"
                    references.append(row["reference"])
                    first[year] += 1
                    row["created_at"] = row["updated_at"] = now
                    row["organisation_id"] = organisation.pk
                    row["created_by_id"] = user.pk
                    buffer.write("\t".join(_copy_value(row[c]) for c in COLUMNS) + "\n")
                buffer.seek(0)
                with connection.cursor() as cursor:
                    with cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                        while chunk := buffer.read(1 << 20):
                            copy.write(chunk)
                    cursor.execute(
                        f"INSERT INTO {changes} (incident_id, kind, changed_by_id, changed_at, "  # noqa: S608
                        "changes, reason) SELECT id, 'reported', created_by_id, created_at, %s, '' "
                        f"FROM {table} WHERE reference = ANY(%s)",
                        [json.dumps([]), references],
                    )
            written += size
    return written
