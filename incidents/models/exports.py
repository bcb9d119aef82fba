"""Exports of incidents written in the background, and the searches members save."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from kit.storage import private_storage
from members.access import RULES, TLP, Rule

from ..documents import DOCUMENTS


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
