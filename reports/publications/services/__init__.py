"""Every write of the editors' publications: drafts and their changes, publishing (at once
or when due), updates and withdrawal, files, the readers' feed tokens and what they read.

The modules: ``editing``, ``files`` and ``reading``. This face only re-exports them."""

from __future__ import annotations

from .editing import (
    COMMON,
    KIND_FIELDS,
    publication_change,
    publication_draft,
    publication_incidents_link,
    publication_publish,
    publication_update_add,
    publication_withdraw,
    publish_due,
)
from .files import (
    FILES_PER_PUBLICATION,
    PHOTO_SIZES,
    publication_file_add,
    publication_file_remove,
)
from .reading import (
    READ_KINDS,
    feed_token_of,
    feed_token_renew,
    publication_read,
)

__all__ = [
    "COMMON",
    "FILES_PER_PUBLICATION",
    "KIND_FIELDS",
    "PHOTO_SIZES",
    "READ_KINDS",
    "feed_token_of",
    "feed_token_renew",
    "publication_change",
    "publication_draft",
    "publication_file_add",
    "publication_file_remove",
    "publication_incidents_link",
    "publication_publish",
    "publication_read",
    "publication_update_add",
    "publication_withdraw",
    "publish_due",
]
