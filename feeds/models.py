"""External sources of crime reports, their polls, and every record they sent."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from incidents.models import Incident, SourceReliability
from kit.geography import Region
from members.access import RULES, TLP, Rule, visible

from .formats import GEOJSON_FIELDS


class FeedFormat(models.TextChoices):
    ASAM_JSON = "asam-json", "ASAM JSON API"
    ASAM_CSV = "asam-csv", "ASAM CSV export"
    IMB_CSV = "imb-csv", "IMB-style CSV"
    GEOJSON = "geojson", "GeoJSON feature collection"
    RSS = "rss", "RSS or Atom advisories"
    UKMTO_JSON = "ukmto-json", "UKMTO incident list (JSON)"


class FeedSource(models.Model):
    """A publisher of reports that the platform reads: where, how often, and how far to trust
    it (the Admiralty grade of the source, A to F)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, help_text="Its name in URLs and filters.")
    format = models.CharField(max_length=12, choices=FeedFormat.choices)
    url = models.URLField(
        "URL", max_length=1000, blank=True, help_text="Leave empty for a source fed by uploads."
    )
    interval_minutes = models.PositiveIntegerField(
        "polling interval (minutes)",
        default=360,
        validators=[MinValueValidator(5), MaxValueValidator(60 * 24 * 30)],
    )
    reliability = models.CharField(
        "source reliability", max_length=1, choices=SourceReliability.choices, default="C"
    )
    default_tlp = models.CharField(
        "TLP marking of its incidents", max_length=20, choices=TLP.choices, default=TLP.CLEAR
    )
    region = models.CharField(max_length=30, choices=Region.choices, blank=True)
    enabled = models.BooleanField(default=True)
    auto_accept = models.BooleanField(
        default=False,
        help_text="Create incidents directly, verified and graded with the source's reliability.",
    )
    property_mapping = models.JSONField(
        default=dict,
        blank=True,
        help_text="GeoJSON only: which property holds each field, e.g. "
        '{"external_id": "id", "date": "incident_date", "description": "summary"}.',
    )
    shipped = models.CharField(
        max_length=30,
        blank=True,
        help_text="The shipped live source this is (feeds.live), polled only when "
        "FEEDS_LIVE_SOURCES is true; empty for sources staff added.",
    )
    since_parameter = models.CharField(
        max_length=40,
        blank=True,
        help_text="The query parameter by which the source's API takes the first day to "
        "send (NGA's minOccurDate): each poll asks from a month before the newest record held.",
    )
    usual_gap_days = models.PositiveIntegerField(
        "usual longest gap (days)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Editors and staff are told when the source has given nothing new for "
        "longer than this. Empty: never.",
    )
    quiet_told_at = models.DateTimeField(
        null=True, blank=True, help_text="When editors were last told the source is quiet."
    )
    # Conditional GET: what the server said last time.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):

        errors = {}
        if self.url and not self.url.lower().startswith(("http://", "https://")):
            errors["url"] = "Only http and https addresses can be polled."
        mapping = self.property_mapping
        if not isinstance(mapping, dict) or not all(
            isinstance(v, str) and k in GEOJSON_FIELDS for k, v in mapping.items()
        ):
            errors["property_mapping"] = (
                "Give an object of field names to property names, e.g. "
                f'{{"date": "when"}}; the fields are {", ".join(GEOJSON_FIELDS)}.'
            )
        if errors:
            raise ValidationError(errors)


class FeedRun(models.Model):
    """One poll or upload of a source, with what it brought."""

    class State(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "Schedule"
        COMMAND = "command", "Command"
        UPLOAD = "upload", "Upload"
        STAFF = "staff", "Staff"

    source = models.ForeignKey(FeedSource, on_delete=models.CASCADE, related_name="runs")
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    not_modified = models.BooleanField(default=False)
    fetched = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(
        default=0, help_text="New incidents created automatically."
    )
    attached = models.PositiveIntegerField(
        default=0, help_text="Records attached automatically to the incident they report."
    )
    error = models.TextField(blank=True)
    rejections = models.JSONField(
        default=list, blank=True, help_text="The first records refused, and why."
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["source", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M} {self.state}"

    @property
    def counts(self) -> dict[str, int]:
        return {
            name: getattr(self, name)
            for name in ("fetched", "new", "updated", "unchanged", "rejected")
        }


class FeedItem(models.Model):
    """One record of a source, kept verbatim with what was read from it. A re-poll updates
    the item with the same (source, external id); nothing is ever deleted."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        ACCEPTED = "accepted", "Accepted as a new incident"
        ATTACHED = "attached", "Attached to an incident"
        REJECTED = "rejected", "Rejected"

    source = models.ForeignKey(FeedSource, on_delete=models.PROTECT, related_name="items")
    external_id = models.CharField(max_length=200)
    raw = models.TextField(help_text="The record as the source sent it.")
    raw_sha256 = models.CharField(max_length=64)
    data = models.JSONField(default=dict, help_text="The record's fields, normalised.")
    extracted = models.JSONField(
        default=dict, blank=True, help_text="Facts read from the narrative: suggestions."
    )
    occurred_on = models.DateField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    region = models.CharField(max_length=30, choices=Region.choices, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    incident = models.ForeignKey(
        Incident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feed_items",
        help_text="The incident this record reports: set only when it is accepted or attached.",
    )
    match = models.ForeignKey(
        Incident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The existing incident it most likely reports.",
    )
    match_score = models.FloatField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The editor who accepted it, facts checked (none: accepted automatically).",
    )
    reject_reason = models.TextField(blank=True)
    held_reason = models.TextField(
        blank=True, help_text="Why a source that accepts automatically left it for an editor."
    )
    first_run = models.ForeignKey(FeedRun, on_delete=models.SET_NULL, null=True, related_name="+")
    last_run = models.ForeignKey(FeedRun, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="feed_item_key")
        ]
        indexes = [models.Index(fields=["state", "source", "-occurred_on"])]

    def __str__(self) -> str:
        return f"{self.source}: {self.external_id}"


class Correction(models.Model):
    """An editor's correction of a fact the reader read from a record's text, made when the
    editor accepted the record: kept, counted as the reader's agreement per fact on the feed
    desk, and usable as labels (``manage.py feeds corrections``)."""

    item = models.ForeignKey(FeedItem, on_delete=models.CASCADE, related_name="corrections")
    incident = models.ForeignKey(
        Incident, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    field = models.CharField(max_length=40)
    read = models.JSONField(null=True, blank=True, help_text="What the reader read.")
    corrected = models.JSONField(null=True, blank=True, help_text="What the editor set.")
    words = models.TextField(blank=True, help_text="The words the reader read it from.")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["field"])]

    def __str__(self) -> str:
        return f"{self.item}: {self.field}"


class Reading(models.Model):
    """A pass of the narrative reader over every record held, after the reader improved:
    its progress, and what it changed (``feeds.rereading``)."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Reading"
        DONE = "done", "Done"

    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    records_changed = models.PositiveIntegerField(default=0)
    incidents_changed = models.PositiveIntegerField(default=0)
    last_item_id = models.BigIntegerField(default=0, help_text="Where the reading stands.")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Reading {self.pk}: {self.get_state_display()}"


class Briefing(models.TextChoices):
    DRAFT = "draft", "Waiting for an editor"
    USED = "used", "In a briefing"
    DISMISSED = "dismissed", "Dismissed"


class Advisory(models.Model):
    """A warning or advisory from a reporting centre, kept for its region (not an incident)."""

    source = models.ForeignKey(FeedSource, on_delete=models.PROTECT, related_name="advisories")
    external_id = models.CharField(max_length=500)
    title = models.CharField(max_length=500)
    link = models.URLField(max_length=1000, blank=True)
    summary = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    region = models.CharField(max_length=30, choices=Region.choices, blank=True)
    tlp = models.CharField("TLP marking", max_length=20, choices=TLP.choices, default=TLP.CLEAR)
    raw = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    # A draft for the editors of the region's Latest Regional Intelligence group, until it is
    # consolidated into a briefing (whose post links it) or dismissed.
    briefing = models.CharField(
        max_length=20, choices=Briefing.choices, default=Briefing.DRAFT, db_index=True
    )
    briefing_link = models.CharField(max_length=500, blank=True, help_text="The briefing's post.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name_plural = "advisories"
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="advisory_key")
        ]

    def __str__(self) -> str:
        return self.title


def _feed_desk(viewer) -> models.Q | None:
    """Sources and runs are the editors' work: editors and staff see them."""
    if viewer.is_staff or viewer.is_editor:
        return None
    return models.Q(pk__in=[])


def _item_rule(viewer) -> models.Q | None:
    """Editors and staff see every record; others see the records that report an incident
    they may see (its sources, on the incident's page)."""
    if viewer.is_staff or viewer.is_editor:
        return None
    return models.Q(incident__in=visible(viewer, Incident).values("pk"))


def _advisory_rule(viewer) -> models.Q | None:
    if viewer.is_staff:
        return None
    if viewer.approved:
        return models.Q(tlp__in=[TLP.CLEAR, TLP.GREEN])
    return models.Q(tlp=TLP.CLEAR)


RULES.add(Rule(FeedSource, _feed_desk))
RULES.add(Rule(FeedRun, _feed_desk))
RULES.add(Rule(FeedItem, _item_rule, parent="incident"))
RULES.add(Rule(Advisory, _advisory_rule))
RULES.add(Rule(Correction, _feed_desk))
RULES.add(Rule(Reading, _feed_desk))
