"""The pages of the groups room: thin, each parsing what was sent, calling a selector or a
service and rendering.

The modules: ``groups`` (the collections, a group, its settings, joining and its members'
management), ``contents`` (pins and files) and ``directory`` (the member directory and a
person's page). This face only re-exports them."""

from __future__ import annotations

from .contents import (
    file,
    file_add,
    file_remove,
    files,
    pin,
    unpin,
)
from .directory import (
    members_directory,
    person,
)
from .groups import (
    TABS,
    action,
    add_organisation,
    answer,
    archive,
    create,
    decide,
    group,
    hand_over,
    index,
    invite,
    join,
    leave,
    members_only,
    people,
    remove,
    remove_organisation,
    role,
    settings,
    withdraw,
)

__all__ = [
    "TABS",
    "action",
    "add_organisation",
    "answer",
    "archive",
    "create",
    "decide",
    "file",
    "file_add",
    "file_remove",
    "files",
    "group",
    "hand_over",
    "index",
    "invite",
    "join",
    "leave",
    "members_directory",
    "members_only",
    "people",
    "person",
    "pin",
    "remove",
    "remove_organisation",
    "role",
    "settings",
    "unpin",
    "withdraw",
]
