"""Where private files are kept: under MEDIA_ROOT/private, outside every public URL, served
only by views that ask the access policy (evidence on incidents, a group's files, exports)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/private: they have no public URL."""

    @cached_property
    def base_location(self):
        return str(Path(settings.MEDIA_ROOT) / "private")

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view.")


private_storage = PrivateStorage()
