"""Watches, notification settings, events and the notifications and mails made of them."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from .people import User


class Level(models.IntegerChoices):
    """How closely a person follows something, as Discourse names the levels."""

    MUTED = 0, "Muted"
    NORMAL = 1, "Normal"
    TRACKING = 2, "Tracking"
    WATCHING = 3, "Watching"
    FIRST_POST = 4, "Watching first post"  # a tag: its new threads, not every reply


class Rhythm(models.TextChoices):
    """When a notification is mailed."""

    IMMEDIATELY = "immediately", "At once"
    DAILY = "daily", "In a daily digest"
    WEEKLY = "weekly", "In a weekly digest"
    NEVER = "never", "Not by mail"


class Watch(models.Model):
    """A person following something: an incident, a port or anchorage, a region, a circle on
    the map, a saved search, and later a thread or a group. The target is named by a type,
    which the app that owns it registers (``members.notifications.TARGETS``), and a
    key within it; ``criteria`` is what that app keeps to match its events against."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="watches")
    target_type = models.CharField(max_length=30)
    target_key = models.CharField(max_length=120)
    label = models.CharField(max_length=200, help_text="What the person sees it called.")
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.WATCHING)
    mail = models.CharField(
        max_length=12,
        choices=Rhythm.choices,
        blank=True,
        help_text="How alerts of new incidents are mailed; empty: as the person chose per kind.",
    )
    urgent_at_once = models.BooleanField(
        default=False, help_text="Mail CAT 1 and CAT 2 incidents at once, whatever the rhythm."
    )
    criteria = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["target_type", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_type", "target_key"], name="watch_once_per_target"
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_key"], name="watch_target")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.get_level_display()} {self.target_type}:{self.target_key}"


class NotificationSetting(models.Model):
    """How one person wants one kind of notification mailed (the kind's default otherwise)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    mail = models.CharField(max_length=12, choices=Rhythm.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_setting_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.mail}"


class NotificationEvent(models.Model):
    """Something happened that people may hear of: kept in the transaction of the write that
    caused it, then fanned out by a worker into one notification per person."""

    kind = models.CharField(max_length=40, help_text="The kind the people named directly get.")
    watch_kind = models.CharField(
        max_length=40, blank=True, help_text="The kind watchers get; empty: the same."
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.CharField(max_length=300, help_text="One line a person reads.")
    topic = models.CharField(max_length=100, help_text="What consecutive mails merge on.")
    topic_label = models.CharField(max_length=100)
    key = models.CharField(
        max_length=120, blank=True, help_text="At most one notification per person and key."
    )
    direct = models.JSONField(default=list, help_text="[[user id, reason], ...]")
    direct_roles = models.JSONField(
        default=list, help_text="Roles whose approved members hear of it directly, as editors."
    )
    to_watchers = models.BooleanField(default=True)
    urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(fanned_out_at__isnull=True),
                name="event_not_fanned_out",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.topic_label}"


class Notification(models.Model):
    """What one person is told of one event: in the bell and the inbox, and by mail as they
    chose. Its text is shown only while they may still see what it is about."""

    class MailState(models.TextChoices):
        NONE = "none", "Not mailed"
        PENDING = "pending", "Waiting to be mailed"
        SENDING = "sending", "Being mailed"
        SENT = "sent", "Mailed"
        SKIPPED = "skipped", "Not mailed: no longer shared, or unsubscribed"

    # The recipient leads the indexes below; a subject's type is never looked up alone: no
    # index of their own (fewer indexes to plan around on the bell's count, and to write).
    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    event = models.ForeignKey(NotificationEvent, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=120)
    reason = models.CharField(max_length=20)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    subject_id = models.PositiveBigIntegerField()
    topic = models.CharField(max_length=100)
    topic_label = models.CharField(max_length=100)
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    mail = models.CharField(max_length=12, choices=Rhythm.choices, default=Rhythm.NEVER)
    mail_state = models.CharField(max_length=10, choices=MailState.choices, default=MailState.NONE)
    mail_claimed_at = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["mail", "recipient"],
                condition=models.Q(mail_state__in=["pending", "sending"]),
                name="notification_to_mail",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.text}"


class NotificationMail(models.Model):
    """A mail the centre sent: for the daily cap, and as a record."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    rhythm = models.CharField(max_length=12, choices=Rhythm.choices)
    subject = models.CharField(max_length=300)
    notifications = models.PositiveIntegerField()
    parts = ArrayField(
        models.CharField(max_length=40),
        default=list,
        blank=True,
        help_text="The kinds of the digest's parts it carried (the week's top threads).",
    )

    class Meta:
        indexes = [models.Index(fields=["recipient", "sent_at"], name="notification_mail_by_day")]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.sent_at:%Y-%m-%d %H:%M}: {self.subject}"
