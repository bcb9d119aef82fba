"""Organisations (the tenants), accounts, memberships with their roles, the audit log, and the
notification centre's records (watches, events, notifications, mail settings)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An account needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class DirectoryPart(models.TextChoices):
    """What a member may show in the members' directory beyond their name and organisation."""

    POSITION = "position", "My position"
    WATCHES = "watches", "The regions and ports I watch"
    GROUPS = "groups", "My groups"


def default_directory_shows() -> list[str]:
    return [DirectoryPart.POSITION, DirectoryPart.GROUPS]


class User(AbstractUser):
    """An account. People log in with their email address; there is no username."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    handle = models.CharField(
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text="How others mention the person in CSO Chatter: @jane.doe.",
    )
    directory_shows = ArrayField(
        models.CharField(max_length=20, choices=DirectoryPart.choices),
        default=default_directory_shows,
        blank=True,
        help_text="What the members' directory shows of them beyond name and organisation.",
    )
    system = models.BooleanField(
        default=False,
        help_text="The platform's own account (the feed desk): in no list of people, never "
        "named, mentioned or told.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        if not self.handle:
            self.handle = free_handle(self.full_name or self.email.split("@")[0], self.pk)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    @property
    def shown_name(self) -> str:
        """How other members see this person named: their name, else their handle."""
        return self.full_name or self.handle

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


HANDLE_LENGTH = 30


def free_handle(name: str, user_pk: int | None = None) -> str:
    """A handle made of the name (``Jane Doe``: ``jane.doe``) that no other person and no
    organisation (whose slug is its handle) has: ``jane.doe2`` if it is taken."""
    from django.utils.text import slugify

    base = slugify(name).replace("-", ".").strip("._")[:HANDLE_LENGTH] or "member"
    taken = set(
        User.objects.filter(handle__startswith=base)
        .exclude(pk=user_pk)
        .values_list("handle", flat=True)
    ) | set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    handle, number = base, 1
    while handle in taken:
        number += 1
        handle = f"{base}{number}"
    return handle


class Organisation(models.Model):
    """A company or body whose members use the platform: the unit of tenancy."""

    class Kind(models.TextChoices):
        SHIPPING_COMPANY = "shipping_company", "Shipping company"
        CRUISE_LINE = "cruise_line", "Cruise line"
        MILITARY_REPORTING_CENTRE = "military_reporting_centre", "Military reporting centre"
        INDUSTRY_BODY = "industry_body", "Industry body or NGO"
        INSURER = "insurer", "Insurer or P&I club"
        FLAG_STATE = "flag_state", "Flag state"
        PMSC = "pmsc", "Private maritime security company"
        PORT_AUTHORITY = "port_authority", "Port authority"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    email_domains = ArrayField(
        models.CharField(max_length=253),
        default=list,
        blank=True,
        help_text="Mail domains of the organisation's staff (e.g. maersk.com). Its admins "
        "may vet applicants whose address is at one of these domains.",
    )
    verified = models.BooleanField(default=False)
    system = models.BooleanField(
        default=False, help_text="The platform's own (its feeds): in no list of organisations."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="organisation_name_ci_unique")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What an approved member may do. Anonymous visitors and pending accounts have no role."""

    MEMBER = "member", "Member"
    ORG_ADMIN = "org_admin", "Organisation admin"
    EDITOR = "editor", "Editor"
    STAFF = "staff", "Staff"


class Position(models.TextChoices):
    CSO = "cso", "Company Security Officer"
    DPA = "dpa", "Designated Person Ashore"
    MASTER = "master", "Master"
    OFFICER = "officer", "Deck or engine officer"
    ANALYST = "analyst", "Security or intelligence analyst"
    NAVAL = "naval", "Naval or coast guard officer"
    MANAGER = "manager", "Fleet or operations manager"
    OTHER = "other", "Other"


class Membership(models.Model):
    """A person's place in an organisation: their application, its vetting, and their role."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending vetting"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
        help_text="Empty while the applicant asks for an organisation not yet on the platform.",
    )
    requested_organisation = models.CharField(max_length=200, blank=True)
    requested_organisation_kind = models.CharField(
        max_length=40, choices=Organisation.Kind.choices, blank=True
    )
    position = models.CharField(max_length=20, choices=Position.choices)
    application_reason = models.TextField(max_length=2000)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the vetters were reminded that it waits."
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "organisation"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False)
                | ~models.Q(requested_organisation=""),
                name="membership_has_organisation_or_request",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(organisation__isnull=False),
                name="approved_membership_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_status_display()})"

    @property
    def organisation_label(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return f"{self.requested_organisation} (new)"


class AuditEvent(models.Model):
    """A security event: who did what to whom, from where. Never edited, never deleted."""

    class Action(models.TextChoices):
        LOGIN = "login", "Logged in"
        LOGIN_FAILED = "login_failed", "Failed login"
        LOGOUT = "logout", "Logged out"
        APPLICATION = "application", "Applied to join"
        APPROVED = "approved", "Application approved"
        REJECTED = "rejected", "Application rejected"
        ROLE_CHANGED = "role_changed", "Role changed"
        ORGANISATION_CREATED = "organisation_created", "Organisation created"
        STAFF_ACCESS = "staff_access", "Staff opened restricted content"
        API_TOKEN_ISSUED = "api_token_issued", "API token issued"
        API_TOKEN_REVOKED = "api_token_revoked", "API token revoked"
        MFA_CHANGED = "mfa_changed", "Authenticator changed"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        EXPORTED = "exported", "Exported incidents"
        EXPORT_DOWNLOADED = "export_downloaded", "Downloaded an export"
        FEED_SOURCE_CHANGED = "feed_source_changed", "Feed source added or changed"
        FEED_POLL_ASKED = "feed_poll_asked", "Asked for a feed poll"
        POST_DELETED = "post_deleted", "Deleted a Chatter post"
        POST_RESTORED = "post_restored", "Restored a Chatter post"
        POST_FLAGGED = "post_flagged", "Flagged a Chatter post"
        POST_HIDDEN = "post_hidden", "Hid a Chatter post"
        POST_SHOWN = "post_shown", "Showed a flagged Chatter post again"
        PRIVATE_POST_OPENED = "private_post_opened", "Opened a flagged private post to moderate it"
        GROUP_CREATED = "group_created", "Created a group"
        GROUP_CHANGED = "group_changed", "Changed a group's settings"
        GROUP_ARCHIVED = "group_archived", "Archived or reopened a group"
        GROUP_MEMBER_REMOVED = "group_member_removed", "Removed someone from a group"
        GROUP_ROLE_CHANGED = "group_role_changed", "Changed a role in a group"
        GROUP_OWNERSHIP = "group_ownership", "Handed over a group"
        GROUP_ORGANISATION = "group_organisation", "Added or removed an organisation in a group"
        GROUP_REQUEST_DECIDED = "group_request_decided", "Decided a request to join a group"
        GROUP_FILE_REMOVED = "group_file_removed", "Removed a file from a group"
        PUBLICATION_PUBLISHED = "publication_published", "Published a publication"
        PUBLICATION_WITHDRAWN = "publication_withdrawn", "Withdrew a publication"
        PUBLICATION_FILE_REMOVED = "publication_file_removed", "Removed a publication's file"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=40, choices=Action.choices, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email or '-'} {self.action}"


class ContactMessage(models.Model):
    """A message sent through the public contact form; staff are emailed a copy."""

    name = models.CharField(max_length=150)
    email = models.EmailField()
    organisation = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=200)
    message = models.TextField(max_length=5000)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.email})"


# The notification centre's records (members/notifications/) ----------------------------


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


class ApiToken(models.Model):
    """A partner system's key to the API: named, scoped (read-only or read-write, some parts
    of the API or all), expiring, one of several an account may hold. Only a hash of the
    key is kept (``key_hash``, SHA-256: the key is 40 random characters, shown once when
    issued), and its first characters (``prefix``) to tell tokens apart."""

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read_write", "Read and write"

    class Part(models.TextChoices):
        INCIDENTS = "incidents", "Incidents and places"
        TRENDS = "trends", "Trends"
        CHATTER = "chatter", "CSO Chatter"
        GROUPS = "groups", "Groups"
        PUBLICATIONS = "publications", "Publications"
        NOTIFICATIONS = "notifications", "Notifications and watches"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What uses it: 'Fleet tracker'.")
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.READ)
    parts = ArrayField(
        models.CharField(max_length=20, choices=Part.choices),
        default=list,
        blank=True,
        help_text="The parts of the API it opens; empty: every part.",
    )
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ApiTokenUse(models.Model):
    """One request made with a token: the audit of every use."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses")
    at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["token", "-at"], name="token_use_latest")]

    def __str__(self) -> str:
        return f"{self.token_id} {self.method} {self.path}"
