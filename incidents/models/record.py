"""Ports and anchorages (reference data) and the incident record: its facts, its changes
and its updates."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from kit.geography import Region
from members.access import RULES, Rule, SharedContent, visible

from ..validation import validate_country_code, validate_no_repeats
from .choices import (
    Category,
    FoiledBy,
    InformationCredibility,
    Outcome,
    Significance,
    SourceReliability,
    Status,
    Target,
    VesselStatus,
    VesselType,
    Weapon,
)


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


class ReferenceCounter(models.Model):
    """The last reference number given out in a year (CSOA-2019-0042)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


def _incident_change_rule(viewer):
    return models.Q(incident__in=visible(viewer, Incident).values("pk"))


RULES.add(Rule(IncidentChange, _incident_change_rule, parent="incident"))
