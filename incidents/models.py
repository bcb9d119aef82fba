"""Ports and anchorages (reference data) and the incident record."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.expressions import RawSQL
from django.utils import timezone

from kit.geography import Region
from kit.storage import PrivateStorage, private_storage  # noqa: F401 - the migrations name it here
from members.access import RULES, TLP, Rule, SharedContent, marking_rule, visible

from .documents import DOCUMENTS
from .validation import validate_country_code, validate_no_repeats


class Port(models.Model):
    """A port or anchorage. Incidents within its radius count as "at" it."""

    class Kind(models.TextChoices):
        PORT = "port", "Port"
        ANCHORAGE = "anchorage", "Anchorage"

    code = models.CharField(
        max_length=12,
        unique=True,
        help_text="The UN/LOCODE for a port; the port's UN/LOCODE with -ANCH for its anchorage.",
    )
    locode = models.CharField("UN/LOCODE", max_length=5, db_index=True)
    name = models.CharField(max_length=100)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    latitude = models.FloatField(validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    timezone = models.CharField(max_length=64)
    radius_nm = models.FloatField(
        "radius (nm)", validators=[MinValueValidator(0.5), MaxValueValidator(50)]
    )
    region = models.CharField(max_length=30, choices=Region.choices)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Category(models.TextChoices):
    BOARDED = "boarded", "Boarded"
    ATTEMPTED = "attempted", "Attempted boarding"
    FIRED_UPON = "fired_upon", "Fired upon"
    HIJACKED = "hijacked", "Hijacked"
    KIDNAPPING = "kidnapping", "Kidnapping"
    SUSPICIOUS_APPROACH = "suspicious_approach", "Suspicious approach"
    SEIZURE = "seizure", "Seizure"
    DRONE_ATTACK = "drone_attack", "Drone or missile attack"
    THEFT = "theft", "Theft"
    OTHER = "other", "Other"


class Outcome(models.TextChoices):
    SUCCESSFUL = "successful", "Successful"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
    UNKNOWN = "unknown", "Unknown"


class FoiledBy(models.TextChoices):
    CREW_ALERT = "crew_alert", "Alert crew"
    ALARM = "alarm", "Alarm"
    SECURITY_TEAM = "security_team", "Security team"
    NAVY = "navy", "Navy or coast guard"
    MANOEUVRE = "manoeuvre", "Manoeuvre"


class Weapon(models.TextChoices):
    NONE = "none", "None"
    KNIVES = "knives", "Knives"
    MACHETES = "machetes", "Machetes"
    GUNS = "guns", "Guns"
    OTHER = "other", "Other"


class Target(models.TextChoices):
    FORECASTLE_STORE = "forecastle_store", "Forecastle store"
    BOSUN_STORE = "bosun_store", "Bosun store"
    ENGINE_ROOM = "engine_room", "Engine room"
    SHIPS_STORES = "ships_stores", "Ship's stores"
    CARGO = "cargo", "Cargo"
    CREW_PROPERTY = "crew_property", "Crew property"
    BUNKERS = "bunkers", "Bunkers"
    OTHER = "other", "Other"


class VesselType(models.TextChoices):
    TANKER = "tanker", "Tanker"
    PRODUCT_TANKER = "product_tanker", "Product or chemical tanker"
    LPG_LNG = "gas_carrier", "LPG or LNG carrier"
    BULK_CARRIER = "bulk_carrier", "Bulk carrier"
    CONTAINER = "container", "Container ship"
    GENERAL_CARGO = "general_cargo", "General cargo"
    RORO = "roro", "Ro-ro or vehicle carrier"
    PASSENGER = "passenger", "Passenger or cruise ship"
    OFFSHORE = "offshore", "Offshore or supply vessel"
    TUG = "tug", "Tug or barge"
    FISHING = "fishing", "Fishing vessel"
    YACHT = "yacht", "Yacht"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Unknown"


class VesselStatus(models.TextChoices):
    ANCHORED = "anchored", "Anchored"
    BERTHED = "berthed", "Berthed"
    UNDERWAY = "underway", "Underway"
    DRIFTING = "drifting", "Drifting"
    UNKNOWN = "unknown", "Unknown"


class Status(models.TextChoices):
    REPORTED = "reported", "Reported"
    VERIFIED = "verified", "Verified"
    CONFIRMED = "confirmed", "Confirmed"
    DISPUTED = "disputed", "Disputed"
    RETRACTED = "retracted", "Retracted"


class SourceReliability(models.TextChoices):
    A = "A", "A: completely reliable"
    B = "B", "B: usually reliable"
    C = "C", "C: fairly reliable"
    D = "D", "D: not usually reliable"
    E = "E", "E: unreliable"
    F = "F", "F: reliability cannot be judged"


class InformationCredibility(models.IntegerChoices):
    CONFIRMED = 1, "1: confirmed by other sources"
    PROBABLY_TRUE = 2, "2: probably true"
    POSSIBLY_TRUE = 3, "3: possibly true"
    DOUBTFUL = 4, "4: doubtful"
    IMPROBABLE = 5, "5: improbable"
    CANNOT_JUDGE = 6, "6: truth cannot be judged"


class Significance(models.IntegerChoices):
    CAT1 = 1, "CAT 1: very significant"
    CAT2 = 2, "CAT 2: significant"
    CAT3 = 3, "CAT 3: less significant"
    CAT4 = 4, "CAT 4: least significant"


def _choices_array(choices, **kwargs) -> ArrayField:
    return ArrayField(
        models.CharField(max_length=30, choices=choices),
        default=list,
        validators=[validate_no_repeats],
        **kwargs,
    )


class Incident(SharedContent):
    """One incident of maritime crime, with the structured facts that trend spotting counts."""

    reference = models.CharField(max_length=20, unique=True, editable=False)

    # Where and when. The local date and time are as reported; the zone follows from the
    # position, and the UTC instant from those (the local midnight when the time is unknown).
    occurred_on = models.DateField("date (local)")
    occurred_time = models.TimeField("time (local)", null=True, blank=True)
    timezone = models.CharField(max_length=64)
    occurred_at = models.DateTimeField("UTC instant", db_index=True)
    latitude = models.FloatField(validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    port = models.ForeignKey(
        Port,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        db_index=False,  # incident_port_date serves it
    )
    region = models.CharField(max_length=30, choices=Region.choices)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")

    # What happened.
    category = models.CharField(max_length=30, choices=Category.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.UNKNOWN)
    foiled_by = _choices_array(FoiledBy.choices, blank=True)
    perpetrators = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(500)]
    )
    weapons = _choices_array(Weapon.choices, blank=True)
    crew_restrained = models.BooleanField("crew restrained or tied up", default=False)
    crew_assaulted = models.BooleanField(default=False)
    crew_injured = models.PositiveSmallIntegerField(null=True, blank=True)
    crew_kidnapped = models.PositiveSmallIntegerField(null=True, blank=True)
    crew_killed = models.PositiveSmallIntegerField(null=True, blank=True)
    crew_on_board = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10000)]
    )
    targets = _choices_array(Target.choices, blank=True)
    stolen = models.TextField(max_length=2000, blank=True)

    # The vessel.
    vessel_name = models.CharField(max_length=100, blank=True)
    vessel_imo = models.CharField("IMO number", max_length=7, blank=True, db_index=True)
    vessel_type = models.CharField(
        max_length=20, choices=VesselType.choices, default=VesselType.UNKNOWN
    )
    vessel_flag = models.CharField(
        max_length=2,
        blank=True,
        validators=[validate_country_code],
        help_text="ISO 3166-1 alpha-2",
    )
    vessel_status = models.CharField(
        max_length=20, choices=VesselStatus.choices, default=VesselStatus.UNKNOWN
    )

    description = models.TextField(max_length=20000, blank=True)

    # Verification and grading.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REPORTED)
    status_reason = models.TextField(max_length=2000, blank=True)
    source_reliability = models.CharField(
        max_length=1, choices=SourceReliability.choices, blank=True
    )
    information_credibility = models.PositiveSmallIntegerField(
        choices=InformationCredibility.choices, null=True, blank=True
    )
    significance = models.PositiveSmallIntegerField(
        choices=Significance.choices, null=True, blank=True
    )
    significance_overridden = models.BooleanField(default=False)

    anonymous = models.BooleanField(
        default=False, help_text="Other members see 'a member' instead of the reporter."
    )
    # Full-text search over the description, what was stolen, the vessel and the place;
    # kept by a trigger (incidents.search).
    search = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["latitude", "longitude"]),
            # Date-range maps and counts read this index alone (an index-only scan).
            models.Index(
                fields=["occurred_on"],
                include=[
                    "id",
                    "latitude",
                    "longitude",
                    "category",
                    "status",
                    "tlp",
                    "organisation",
                    "created_by",
                ],
                name="incident_map_by_date",
            ),
            models.Index(fields=["status", "created_at"]),
            # A port's incidents in a period: a port's trend reads only those.
            models.Index(fields=["port", "occurred_on"], name="incident_port_date"),
            GinIndex(fields=["search"], name="incident_search_gin"),
            # Keyset pages of the list, one per sortable column (see incidents.listing).
            models.Index(fields=["occurred_at", "id"], name="incident_keyset_date"),
            *(
                models.Index(fields=[column, "occurred_at", "id"], name=f"incident_keyset_{column}")
                for column in ("category", "status", "region")
            ),
            # The RED incidents addressed to their author (members.access.granted).
            models.Index(
                fields=["created_by"], condition=models.Q(tlp="red"), name="incident_red_author"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="incident_position_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(significance__isnull=True)
                | models.Q(significance__gte=1, significance__lte=4),
                name="incident_significance_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_category_display()}"

    @property
    def time_known(self) -> bool:
        return self.occurred_time is not None

    def _labels(self, field: str, choices) -> str:
        labels = dict(choices.choices)
        return ", ".join(str(labels.get(value, value)) for value in getattr(self, field))

    @property
    def foiled_by_labels(self) -> str:
        return self._labels("foiled_by", FoiledBy)

    @property
    def weapons_labels(self) -> str:
        return self._labels("weapons", Weapon)

    @property
    def targets_labels(self) -> str:
        return self._labels("targets", Target)


class IncidentChange(models.Model):
    """An entry on an incident's timeline: who changed what, from what to what, and why.

    ``changes`` is a list of ``{"field", "old", "new"}`` with JSON values (dates as ISO
    strings, the port as its code). The first entry of every incident is its report.
    """

    class Kind(models.TextChoices):
        REPORTED = "reported", "Reported"
        CHANGED = "changed", "Changed"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CHANGED)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changes = models.JSONField(default=list, blank=True)
    reason = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["incident", "changed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="reported") | ~models.Q(reason=""),
                name="incident_change_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind} {self.changed_at:%Y-%m-%d %H:%M}"


class IncidentUpdate(SharedContent):
    """A member's addition to an incident: text and attachments, with its own TLP marking."""

    access_parent = "incident"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(max_length=20000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["incident", "created_at"])]

    def __str__(self) -> str:
        return f"Update {self.pk} to {self.incident_id}"


def _attachment_path(attachment: Attachment, filename: str) -> str:
    now = timezone.now()
    return f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Attachment(SharedContent):
    """A photo, video or document attached to an incident (through an update, or directly).

    The original is kept byte for byte with its SHA-256 as evidence; photos also get a
    display copy and a thumbnail, re-encoded without metadata, made by a background job.
    """

    access_parent = "incident"

    class Kind(models.TextChoices):
        PHOTO = "photo", "Photo"
        VIDEO = "video", "Video"
        DOCUMENT = "document", "Document"

    class Processing(models.TextChoices):
        PENDING = "pending", "Waiting to be processed"
        READY = "ready", "Ready"
        FAILED = "failed", "Processing failed"
        NOT_NEEDED = "not_needed", "Kept as uploaded"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="attachments")
    update = models.ForeignKey(
        IncidentUpdate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=50)
    original = models.FileField(storage=private_storage, upload_to=_attachment_path)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    display = models.FileField(storage=private_storage, blank=True)
    thumbnail = models.FileField(storage=private_storage, blank=True)
    processing = models.CharField(
        max_length=12, choices=Processing.choices, default=Processing.PENDING
    )
    queued_at = models.DateTimeField(
        default=timezone.now, help_text="When processing was last asked of the worker."
    )
    processing_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["queued_at"],
                condition=models.Q(processing="pending"),
                name="attachment_pending_queued",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class ReferenceCounter(models.Model):
    """The last reference number given out in a year (CSOA-2019-0042)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


def _incident_change_rule(viewer):
    return models.Q(incident__in=visible(viewer, Incident).values("pk"))


RULES.add(Rule(IncidentChange, _incident_change_rule, parent="incident"))


def kept_owner() -> models.ForeignKey:
    """The owner a counted cell keeps (only for AMBER and AMBER+STRICT): a key, not a
    reference the database holds the cell to."""
    return models.ForeignKey(
        "members.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )


class Audience(models.Model):
    """The organisations and groups a TLP:AMBER incident is shared with, as one set: every
    incident shared with exactly these is in this audience, and in no other.

    The database keeps it: triggers on the two sharing tables find (or make) the incident's
    audience and write it to ``incidents_incident.audience_id``, a column that is not a
    field of the model, so no ``save()`` of an incident read earlier can write back an old
    one. The map's cells are counted per audience, which lets a viewer's shared incidents
    be counted from the cells instead of one by one (``incidents.mapcells``).
    """

    organisations = ArrayField(models.BigIntegerField())
    groups = ArrayField(models.BigIntegerField())

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisations", "groups"], name="audience_key")
        ]
        indexes = [
            GinIndex(fields=["organisations"], name="audience_organisations"),
            GinIndex(fields=["groups"], name="audience_groups"),
        ]

    def __str__(self) -> str:
        return f"organisations {self.organisations}, groups {self.groups}"


def _audiences_of(viewer) -> RawSQL:
    """The ids of the audiences an approved member is in: those naming their organisation
    or one of their groups (plain SQL: the map asks this on every view)."""
    sql = "SELECT id FROM incidents_audience WHERE organisations @> ARRAY[%s]::bigint[]"
    params: list = [viewer.organisation_id]
    if viewer.groups:
        sql += " OR groups && %s::bigint[]"
        params.append(sorted(viewer.groups))
    return RawSQL(sql, params)  # noqa: S611 - our SQL, the values as parameters


def _audience_rule(viewer):
    """The audiences a viewer is in: their organisation's, and their groups'."""
    if viewer.is_staff:
        return None
    if not viewer.approved or viewer.organisation_id is None:
        return models.Q(pk__in=[])
    return models.Q(pk__in=_audiences_of(viewer))


RULES.add(Rule(Audience, _audience_rule))


class MapCell(models.Model):
    """How many incidents lie in one cell of the map's grid, kept by a database trigger.

    Cells are Web Mercator tiles at levels 2-12 (a cell at level z+2 is a quarter of a map
    tile at zoom z, 64 pixels wide), per region, category, status and marking; the owner is
    kept only for AMBER and AMBER+STRICT, the markings whose audience depends on it, and
    the audience (the organisations and groups it is shared with) only for AMBER. TLP:RED
    incidents are never counted here. A viewer's cells are those their marking rule admits
    and the AMBER ones of the audiences they are in (``_map_cell_rule``); the map and the
    counts add the RED incidents a viewer sees by grant
    (``members.access.granted(..., shares=False)``), so they answer in the same time for a
    million incidents as for a thousand. ``incidents.mapcells`` holds the triggers and the
    rebuild.
    """

    level = models.PositiveSmallIntegerField()
    x = models.IntegerField()
    y = models.IntegerField()
    region = models.CharField(max_length=30, choices=Region.choices)
    category = models.CharField(max_length=30, choices=Category.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    tlp = models.CharField(max_length=20)
    organisation = kept_owner()
    audience = models.ForeignKey(
        Audience, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    count = models.IntegerField()
    sum_latitude = models.FloatField()
    sum_longitude = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "level",
                    "x",
                    "y",
                    "region",
                    "category",
                    "status",
                    "tlp",
                    "organisation",
                    "audience",
                ],
                name="mapcell_key",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"level {self.level} ({self.x}, {self.y}): {self.count}"


def _map_cell_rule(viewer):
    """The marking rule, and the AMBER cells of the audiences the viewer is in: together
    with the RED incidents granted to them, exactly the incidents they may see."""
    marking = marking_rule(viewer)
    if not viewer.approved or viewer.is_editor or viewer.is_staff:
        return marking  # editors and staff see all AMBER by its marking
    if viewer.organisation_id is None:
        return marking
    return marking | models.Q(tlp=TLP.AMBER, audience__in=_audiences_of(viewer))


RULES.add(Rule(MapCell, _map_cell_rule))


class ExportFormat(models.TextChoices):
    """The formats of rows of incidents; apps add documents of their own (the reports' PDFs,
    ``incidents.documents.DOCUMENTS``)."""

    CSV = "csv", "CSV"
    GEOJSON = "geojson", "GeoJSON"
    KML = "kml", "KML"


def export_formats() -> list[tuple[str, str]]:
    """Every kind of export: the formats of rows and the registered documents."""
    return [*ExportFormat.choices, *((fmt, doc.label) for fmt, doc in DOCUMENTS.items())]


class Export(models.Model):
    """A large export of the incidents matching a filter, written by a background job into
    private storage and downloaded only by the member who asked for it."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being written"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    format = models.CharField(max_length=10, choices=export_formats)
    query = models.CharField(
        max_length=2000, blank=True, help_text="The list's filters and order, as in its URL."
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(null=True, blank=True)
    written = models.PositiveIntegerField(default=0)
    highest_tlp = models.CharField("highest TLP marking in the file", max_length=20, blank=True)
    file = models.FileField(storage=private_storage, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        default=timezone.now,
        help_text="When the job last showed life: queued, or writing. The sweep fails a job "
        "silent for EXPORTS_STALE_SECONDS, and sends a queued one again.",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_by", "-created_at"]),
            models.Index(
                fields=["heartbeat_at"],
                condition=models.Q(state__in=["queued", "running"]),
                name="export_active_heartbeat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} export {self.pk}"

    @property
    def is_document(self) -> bool:
        """A PDF report (steps of progress) rather than rows of incidents."""
        return self.format not in ExportFormat.values

    @property
    def highest_tlp_label(self) -> str:
        return dict(TLP.choices).get(self.highest_tlp, "")

    def file_name(self, extension: str) -> str:
        """Where the file goes in private storage."""
        return f"exports/{self.created_at:%Y/%m}/{self.pk.hex}.{extension}"

    @property
    def percent(self) -> int:
        if self.state == self.State.READY:
            return 100
        if not self.total:
            return 0
        return min(99, self.written * 100 // self.total)


class SavedSearch(models.Model):
    """A member's named filter of the list and the map, kept to open again in one click."""

    class View(models.TextChoices):
        LIST = "list", "List"
        MAP = "map", "Map"

    # How its owner is told of new incidents that match it, as chosen when saving: its watch.
    ALERTS = [
        ("daily", "In the bell, and by mail in a daily digest"),
        ("immediately", "In the bell, and by mail at once"),
        ("weekly", "In the bell, and by mail in a weekly digest"),
        ("bell", "In the bell only"),
        ("none", "Not at all"),
    ]
    ALERT_DEFAULT = "daily"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=100)
    query = models.CharField(max_length=2000, blank=True)
    view = models.CharField(max_length=4, choices=View.choices, default=View.LIST)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_search_name_per_owner")
        ]

    def __str__(self) -> str:
        return self.name


def _own_rows(field: str):
    """Rows that belong to the viewer alone: their own exports and saved searches."""

    def rule(viewer):
        if not viewer.is_authenticated:
            return models.Q(pk__in=[])
        return models.Q(**{f"{field}_id": viewer.user_id})

    return rule


RULES.add(Rule(Export, _own_rows("created_by")))
RULES.add(Rule(SavedSearch, _own_rows("owner")))
