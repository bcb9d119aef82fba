"""The audit log, messages to the platform, and API tokens with their use."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from .people import User


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
