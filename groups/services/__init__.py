"""Every write of the groups room, each one transaction, audited where it matters.

The modules: ``groups`` (making, changing and archiving a group, its organisations),
``membership`` (joining, requests, invitations, leaving, roles) and ``contents`` (pins and
files). This face only re-exports them."""

from __future__ import annotations

from .contents import (
    FILE_MARKINGS,
    GROUP_PHOTO_SIZE,
    PINNABLE,
    file_add,
    file_remove,
    file_response,
    pin_add,
    pin_remove,
)
from .groups import (
    MILITARY_OWNER,
    REASON_LENGTH,
    RESERVED_SLUGS,
    group_archive,
    group_change,
    group_create,
    organisation_add,
    organisation_remove,
)
from .membership import (
    group_join,
    group_leave,
    invitation_answer,
    invite,
    member_remove,
    member_role,
    ownership_transfer,
    request_decide,
    request_withdraw,
)

__all__ = [
    "FILE_MARKINGS",
    "GROUP_PHOTO_SIZE",
    "MILITARY_OWNER",
    "PINNABLE",
    "REASON_LENGTH",
    "RESERVED_SLUGS",
    "file_add",
    "file_remove",
    "file_response",
    "group_archive",
    "group_change",
    "group_create",
    "group_join",
    "group_leave",
    "invitation_answer",
    "invite",
    "member_remove",
    "member_role",
    "organisation_add",
    "organisation_remove",
    "ownership_transfer",
    "pin_add",
    "pin_remove",
    "request_decide",
    "request_withdraw",
]
