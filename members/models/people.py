"""People, organisations and their memberships, with roles and handles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.utils.text import slugify


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
