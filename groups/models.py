"""A group, its members (people, and organisations as a whole), requests to join and
invitations. One model serves the three collections; they differ only in who may create a
group there (groups.policy)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from kit.storage import private_storage
from members.access import SharedContent
from members.models import Organisation, User


class Collection(models.TextChoices):
    CSO = "cso", "CSO Groups"
    REGIONAL = "regional_intelligence", "Latest Regional Intelligence"
    MILITARY = "military_industry", "Military and Industry"


class JoinPolicy(models.TextChoices):
    OPEN = "open", "Open: any member joins"
    REQUEST = "request", "By request: an owner approves"
    INVITATION = "invitation", "By invitation only"


class Visibility(models.TextChoices):
    LISTED = "listed", "Listed to all members"
    UNLISTED = "unlisted", "Unlisted: found only by invitation"


class Group(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(max_length=5000, blank=True)
    collection = models.CharField(max_length=30, choices=Collection.choices)
    visibility = models.CharField(
        max_length=20, choices=Visibility.choices, default=Visibility.LISTED
    )
    join_policy = models.CharField(
        "how people join", max_length=20, choices=JoinPolicy.choices, default=JoinPolicy.REQUEST
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For Military and Industry: the reporting centre, navy, authority or "
        "industry body the group is of. Its members are the group's posters.",
    )
    contact = models.TextField(
        max_length=2000, blank=True, help_text="How to reach the organisation's watch."
    )
    lens = models.CharField(
        max_length=2000,
        blank=True,
        help_text="The group's view of the incident data: a filter of the incident list.",
    )
    lens_asks_port = models.BooleanField(
        default=False, help_text="The lens has no fixed port: the group page asks which one."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "collection", Lower("name"), name="group_name_unique_in_collection"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


class GroupRole(models.TextChoices):
    OWNER = "owner", "Owner"
    MODERATOR = "moderator", "Moderator"
    MEMBER = "member", "Member"


class GroupMember(models.Model):
    """A person in a group."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20, choices=GroupRole.choices, default=GroupRole.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["group", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="group_member_once"),
        ]
        indexes = [models.Index(fields=["user", "group"], name="group_member_by_user")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_id} ({self.role})"


class GroupOrganisation(models.Model):
    """An organisation in a group as a whole: every approved member of it is in the group."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="organisations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "organisation"], name="group_org_once"),
        ]
        indexes = [models.Index(fields=["organisation", "group"], name="group_org_by_org")]

    def __str__(self) -> str:
        return f"organisation {self.organisation_id} in {self.group_id}"


class JoinRequest(models.Model):
    """A request to join a group that joins by request, with the asker's reason and the
    owner's decision and its reason."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an owner"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(max_length=2000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status="pending"),
                name="one_pending_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} asks to join {self.group_id} ({self.status})"


class Invitation(models.Model):
    """An owner's or moderator's invitation of a person to a group."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status="pending"),
                name="one_pending_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} invited to {self.group_id} ({self.status})"


class Pin(SharedContent):
    """A study pinned to a group: a view of the data (a trend page, a port's figures) by its
    link, with its findings, under the marking of what they count. Seen by those who may see
    both the group and the pin's marking; under AMBER it is shared with the group."""

    access_parent = "group"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="pins")
    title = models.CharField(max_length=200)
    link = models.CharField(max_length=500, help_text="A page of the platform: /ports/NGLOS/")
    findings = models.TextField(max_length=3000, blank=True)
    pinned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-pinned_at", "-id"]

    def __str__(self) -> str:
        return self.title


# The markings a group's file may carry (TLP:CLEAR would make it public).
FILE_TLP_CHOICES = [
    ("green", "TLP:GREEN"),
    ("amber", "TLP:AMBER"),
    ("amber_strict", "TLP:AMBER+STRICT"),
    ("red", "TLP:RED"),
]


def _file_path(group_file: GroupFile, filename: str) -> str:
    now = timezone.now()
    return f"group-files/{now:%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class GroupFile(SharedContent):
    """A document, photo or video in a group's files: checked on upload as every attachment
    is (``kit.uploads``), kept byte for byte with its SHA-256, served only through the
    access policy. Seen by those who may see both the group and the file's marking; under
    AMBER it is shared with the group (and any other groups it names), under RED the group
    is its recipient."""

    access_parent = "group"

    class Kind(models.TextChoices):
        PHOTO = "photo", "Photo"
        VIDEO = "video", "Video"
        DOCUMENT = "document", "Document"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(max_length=200)
    note = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=50)
    original = models.FileField(storage=private_storage, upload_to=_file_path)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["group", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class DirectoryMember(User):
    """An approved member as the members' directory shows them, under a rule of its own
    (groups.directory): approved members see one another there."""

    class Meta:
        proxy = True
        ordering = ["full_name", "id"]
