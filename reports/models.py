"""The trends' counted cells: ``TrendCell`` (a region's month) and ``PortMonth`` (a port's
month), kept by a trigger on the incidents (``reports.trendcells``). Their tables keep the
names they had when the incidents app held them (``incidents_trendcell``,
``incidents_portmonth``). And the editors' publications (``Publication``), with a First
Response Report's sources and log of updates."""

from __future__ import annotations

import uuid
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from incidents.models import (
    Category,
    InformationCredibility,
    Port,
    SourceReliability,
    kept_owner,
)
from kit.fields import MinuteSet
from kit.geography import Region
from kit.storage import private_storage
from members.access import RULES, Rule, SharedContent, marking_rule, visible
from members.models import Membership, Role


class TrendCell(models.Model):
    """The trend figures of the incidents of one month in one region, kept by a database
    trigger as the map's cells are: per region, month (of the local date), category and
    marking (the owner only for AMBER and AMBER+STRICT). Retracted and TLP:RED incidents
    are never counted here.

    Each cell holds what a trend adds up: incidents per weekday and per local hour, per
    outcome, per fact (``reports.trendcells.FACTS``: what was done to the crew, weapons,
    targets, what foiled the attempt), the perpetrators' histogram and the minutes of the
    day at which incidents happened; and, for the headline figures, the crew on board and
    the incidents per country. A region's trend over whole months reads these cells
    through the access policy's marking rule, adds the granted incidents and scans only the
    days of a period's first and last month that are not whole: a region's trend over a
    million incidents reads a few thousand cells. ``reports.trendcells`` holds the
    trigger and the rebuild.
    """

    region = models.CharField(max_length=30, choices=Region.choices)
    month = models.DateField(help_text="The first day of the month.")
    category = models.CharField(max_length=30, choices=Category.choices)
    tlp = models.CharField(max_length=20)
    organisation = kept_owner()
    incidents = models.IntegerField()
    weekdays = ArrayField(models.IntegerField(), size=7, help_text="Monday first.")
    hours = ArrayField(models.IntegerField(), size=24)
    outcomes = ArrayField(models.IntegerField(), help_text="In the order of Outcome.")
    facts = ArrayField(models.IntegerField(), help_text="In the order of trendcells.FACTS.")
    perpetrators = models.JSONField(default=dict, help_text="Incidents per number of them.")
    minutes = MinuteSet()
    minute_counts = models.JSONField(
        default=dict, help_text="Incidents per minute of the day: keeps ``minutes`` exact."
    )
    crew_on_board = models.IntegerField(default=0, help_text="The sum of those given.")
    countries = models.JSONField(default=dict, help_text="Incidents per country, where known.")

    class Meta:
        db_table = "incidents_trendcell"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "month", "category", "tlp", "organisation"],
                name="trendcell_key",
                nulls_distinct=False,
            )
        ]
        indexes = [models.Index(fields=["month", "region"], name="trendcell_by_month")]

    def __str__(self) -> str:
        return f"{self.region} {self.month:%Y-%m}: {self.incidents}"


class PortMonth(models.Model):
    """How many incidents a port or anchorage had in a month (of the local date), per region
    and marking (the owner only for AMBER and AMBER+STRICT), kept by the same trigger as
    ``TrendCell`` and never counting retracted or TLP:RED incidents: the regional summary's
    top ports."""

    region = models.CharField(max_length=30, choices=Region.choices)
    port = models.ForeignKey(
        Port, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    month = models.DateField(help_text="The first day of the month.")
    tlp = models.CharField(max_length=20)
    organisation = kept_owner()
    incidents = models.IntegerField()

    class Meta:
        db_table = "incidents_portmonth"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "region", "port", "tlp", "organisation"],
                name="portmonth_key",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"port {self.port_id} {self.month:%Y-%m}: {self.incidents}"


RULES.add(Rule(TrendCell, marking_rule))
RULES.add(Rule(PortMonth, marking_rule))


# The editors' publications ------------------------------------------------------------------


class PublicationKind(models.TextChoices):
    FIRST_RESPONSE = "first_response", "First Response Report"
    BULLETIN = "bulletin", "Intelligence bulletin"
    NEWS = "news", "News"
    EVENT = "event", "Workshop or event"


class PublicationState(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "Waiting for a second editor"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


# What readers see: a withdrawn publication stays, saying that it was withdrawn.
SHOWN_STATES = (PublicationState.PUBLISHED, PublicationState.WITHDRAWN)


class ResponseStatus(models.TextChoices):
    DEVELOPING = "developing", "Developing"
    UPDATED = "updated", "Updated"
    CLOSED = "closed", "Closed"


class BulletinKind(models.TextChoices):
    ALERT = "alert", "Alert"
    ADVISORY = "advisory", "Advisory"
    THREAT_BULLETIN = "threat_bulletin", "Threat bulletin"
    THREAT_ASSESSMENT = "threat_assessment", "Threat assessment"


class ThreatLevel(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    SUBSTANTIAL = "substantial", "Substantial"
    SEVERE = "severe", "Severe"
    CRITICAL = "critical", "Critical"


# The definitions a bulletin shows beside its level (the UK's threat levels, as the Joint
# Maritime Security Centre's advisories use them).
THREAT_DEFINITIONS = {
    ThreatLevel.LOW: "An attack is highly unlikely.",
    ThreatLevel.MODERATE: "An attack is possible, but not likely.",
    ThreatLevel.SUBSTANTIAL: "An attack is likely.",
    ThreatLevel.SEVERE: "An attack is highly likely.",
    ThreatLevel.CRITICAL: "An attack is highly likely in the near future.",
}


def _publication_rule(viewer):
    """Drafts, reviews and scheduled publications are the editors' alone."""
    if viewer.is_editor or viewer.is_staff:
        return None
    return models.Q(state__in=SHOWN_STATES)


class Publication(SharedContent):
    """One of the editors' publications: a First Response Report, an intelligence bulletin,
    news, or a workshop or event. One model: the fields of a kind stay blank in the others.
    Readers see it under its TLP marking once published (``_publication_rule`` adds the
    state to the marking's rule); a withdrawn one stays, saying so."""

    access_condition = staticmethod(_publication_rule)

    kind = models.CharField(max_length=20, choices=PublicationKind.choices)
    state = models.CharField(
        max_length=20, choices=PublicationState.choices, default=PublicationState.DRAFT
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=1000, blank=True)
    body = models.TextField(max_length=50_000, blank=True, help_text="Markdown.")
    group = models.ForeignKey(
        "groups.Group",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The group it is posted in (bulletins: a Latest Regional Intelligence or "
        "a Military and Industry group).",
    )
    created_at = models.DateTimeField(default=timezone.now)
    publish_at = models.DateTimeField(null=True, blank=True, help_text="When scheduled.")
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True, help_text="Last updated.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(max_length=2000, blank=True)

    # First Response Report
    response_status = models.CharField(max_length=20, choices=ResponseStatus.choices, blank=True)
    occurred_at = models.DateTimeField("time", null=True, blank=True)
    latitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    vessel = models.CharField(max_length=200, blank=True)
    crew = models.CharField(max_length=500, blank=True)
    injuries = models.CharField(max_length=500, blank=True)
    not_known = models.TextField("not yet known", max_length=5000, blank=True)
    assessment = models.TextField(max_length=10_000, blank=True)
    advice_csos = models.TextField("advice to CSOs", max_length=5000, blank=True)
    advice_masters = models.TextField("advice to masters", max_length=5000, blank=True)
    incidents = models.ManyToManyField("incidents.Incident", blank=True, related_name="+")

    # Intelligence bulletin
    issuer = models.CharField(max_length=200, blank=True)
    sequence = models.CharField(
        max_length=40, blank=True, help_text="The issuer's own number (2026/041)."
    )
    bulletin_kind = models.CharField(max_length=20, choices=BulletinKind.choices, blank=True)
    verified = models.BooleanField(default=False)
    region = models.CharField(max_length=30, choices=Region.choices, blank=True)
    port = models.ForeignKey(
        Port, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    radius_nm = models.FloatField(
        "radius (nautical miles)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0.1), MaxValueValidator(1000)],
    )
    threat_level = models.CharField(max_length=20, choices=ThreatLevel.choices, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    cutoff_at = models.DateTimeField("information cut-off", null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True, help_text="Blank: does not expire.")
    supersedes = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    cancels = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="cancelled_by"
    )
    recommended_actions = models.TextField(max_length=5000, blank=True)
    contacts = models.TextField(max_length=2000, blank=True)

    # Workshop or event
    starts = models.DateTimeField(null=True, blank=True)
    ends = models.DateTimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, blank=True, help_text="IANA, e.g. Europe/London.")
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(max_length=500, blank=True)
    organiser = models.CharField(max_length=200, blank=True)
    audience = models.CharField(max_length=300, blank=True)
    event_report = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="After the event: the report on it.",
    )

    class Meta:
        indexes = [
            models.Index(fields=["kind", "state", "published_at"], name="publication_listing"),
            models.Index(fields=["kind", "starts"], name="publication_events"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        """A bulletin's issuer and sequence, as it is quoted."""
        return " ".join(part for part in (self.issuer, self.sequence) if part)

    @property
    def threat_definition(self) -> str:
        return THREAT_DEFINITIONS.get(self.threat_level, "")

    def _local(self, moment):
        """A moment as the event's own clock reads it (naive: Django's date filter would
        turn an aware one back to UTC)."""

        if moment is None or not self.time_zone:
            return moment
        return timezone.make_naive(moment, zoneinfo.ZoneInfo(self.time_zone))

    @property
    def starts_local(self):
        return self._local(self.starts)

    @property
    def ends_local(self):
        return self._local(self.ends)

    def expired(self, now=None) -> bool:
        now = now or timezone.now()
        return self.valid_until is not None and self.valid_until <= now


class PublicationSource(models.Model):
    """A source of a First Response Report, with its Admiralty grading."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="sources")
    description = models.CharField(max_length=300)
    reliability = models.CharField(max_length=1, choices=SourceReliability.choices)
    credibility = models.PositiveSmallIntegerField(choices=InformationCredibility.choices)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.description} ({self.reliability}{self.credibility})"

    @property
    def grading(self) -> str:
        return f"{self.reliability}{self.credibility}"


class PublicationUpdate(models.Model):
    """One entry of a report's log of updates: appended, never changed."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(max_length=10_000, help_text="Markdown.")
    response_status = models.CharField(max_length=20, choices=ResponseStatus.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.publication}: {self.created_at:%Y-%m-%d %H:%M}"


def _of_visible_publications(viewer):
    return models.Q(publication__in=visible(viewer, Publication).values("pk"))


RULES.add(Rule(PublicationSource, _of_visible_publications, parent="publication"))
RULES.add(Rule(PublicationUpdate, _of_visible_publications, parent="publication"))


def _publication_file_path(stored: PublicationFile, filename: str) -> str:
    now = timezone.now()
    return f"publication-files/{now:%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class PublicationFile(models.Model):
    """A photo or a PDF document of a publication, checked on upload as every attachment is
    (``kit.uploads``). A photo is kept only as copies re-encoded without its metadata (a
    display copy and a smaller one for the page), so a public report never carries where a
    photo was taken; a document is kept byte for byte. Seen by those who see the
    publication."""

    class Kind(models.TextChoices):
        PHOTO = "photo", "Photo"
        DOCUMENT = "document", "Document"

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    caption = models.CharField(max_length=300, blank=True)
    content_type = models.CharField(max_length=50)
    stored = models.FileField(storage=private_storage, upload_to=_publication_file_path)
    preview = models.FileField(
        storage=private_storage,
        upload_to=_publication_file_path,
        blank=True,
        help_text="A photo's copy for the page, at most 720 px wide.",
    )
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(help_text="Of what is kept.")
    sha256 = models.CharField("SHA-256", max_length=64, help_text="Of the file as uploaded.")
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.caption or self.original_name


RULES.add(Rule(PublicationFile, _of_visible_publications, parent="publication"))


class PublicationFeedToken(models.Model):
    """The secret in a member's personal feed address: its entries follow that member's
    access at each read. A new address revokes the old one (it then answers 404)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_feed_token",
            )
        ]

    def __str__(self) -> str:
        return f"feed of {self.user_id}{' (revoked)' if self.revoked_at else ''}"


def _own_rule(viewer):
    if not viewer.is_authenticated:
        return models.Q(pk__in=[])
    return models.Q(user_id=viewer.user_id)


RULES.add(Rule(PublicationFeedToken, _own_rule))


class PublicationRead(models.Model):
    """That a member opened a First Response Report or a bulletin, and when first: their
    organisation's admins see which colleagues have read it."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    first_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["publication", "user"], name="one_read_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.publication_id}"


def _read_rule(viewer):
    """Staff see every read; an organisation's admins their colleagues'; anyone their own."""

    if viewer.is_staff:
        return None
    if not viewer.is_authenticated:
        return models.Q(pk__in=[])
    mine = models.Q(user_id=viewer.user_id)
    if viewer.role == Role.ORG_ADMIN and viewer.approved:
        colleagues = Membership.objects.filter(
            organisation_id=viewer.organisation_id, status=Membership.Status.APPROVED
        ).values("user_id")
        mine |= models.Q(user_id__in=colleagues)
    return mine & models.Q(publication__in=visible(viewer, Publication).values("pk"))


RULES.add(Rule(PublicationRead, _read_rule))
