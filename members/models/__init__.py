"""The members' tables: people, organisations and memberships; the audit log and contact
messages; watches and notifications; API tokens.

The modules: ``people``, ``records`` (the audit log, contact messages, API tokens) and
``notifications``. This face only re-exports them, under the names the migrations use."""

from __future__ import annotations

from .notifications import (
    Level,
    Notification,
    NotificationEvent,
    NotificationMail,
    NotificationSetting,
    Rhythm,
    Watch,
)
from .people import (
    HANDLE_LENGTH,
    DirectoryPart,
    Membership,
    Organisation,
    Position,
    Role,
    User,
    UserManager,
    default_directory_shows,
    free_handle,
)
from .records import (
    ApiToken,
    ApiTokenUse,
    AuditEvent,
    ContactMessage,
)

__all__ = [
    "HANDLE_LENGTH",
    "ApiToken",
    "ApiTokenUse",
    "AuditEvent",
    "ContactMessage",
    "DirectoryPart",
    "Level",
    "Membership",
    "Notification",
    "NotificationEvent",
    "NotificationMail",
    "NotificationSetting",
    "Organisation",
    "Position",
    "Rhythm",
    "Role",
    "User",
    "UserManager",
    "Watch",
    "default_directory_shows",
    "free_handle",
]
