"""Where files are kept. Private files: under MEDIA_ROOT/private, outside every public URL,
served only by views that ask the access policy (evidence on incidents, a group's files,
exports). Static files in production: the platform's own scripts and styles minified, then
hashed and compressed by WhiteNoise, so that a satellite link carries as little as it can
and a browser keeps them for a year."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import rcssmin
import rjsmin
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property
from whitenoise.storage import CompressedManifestStaticFilesStorage

if TYPE_CHECKING:
    from django.core.files.storage import Storage


class PrivateStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/private: they have no public URL."""

    @cached_property
    def base_location(self) -> str:
        return str(Path(settings.MEDIA_ROOT) / "private")

    def url(self, name: str | None) -> NoReturn:
        raise ValueError("Private files have no public URL; serve them through a view.")


private_storage = PrivateStorage()


# What is minified: the platform's own static files and Leaflet's style sheet (its script
# comes minified); other packages' files (the admin's, the API docs') are left as shipped.
MINIFIED = (
    "csoa/",
    "incidents/",
    "feeds/",
    "chatter/",
    "groups/",
    "reports/",
    "members/",
    "kit/",
    "leaflet/leaflet.css",
)


def minified(name: str, text: str) -> str:

    result: str = rjsmin.jsmin(text) if name.endswith(".js") else rcssmin.cssmin(text)
    return result


# WhiteNoise ships no type information, so its storage is a base class of no known type.
class MinifiedStaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    def post_process(
        self, paths: dict[str, tuple[Storage, str]], dry_run: bool = False, **options: Any
    ) -> Iterator[tuple[str, str | None, bool | Exception]]:
        if not dry_run:
            paths = dict(paths)
            for name in list(paths):
                if name.startswith(MINIFIED) and name.endswith((".js", ".css")):
                    path = Path(self.path(name))
                    path.write_text(minified(name, path.read_text(encoding="utf-8")), "utf-8")
                    paths[name] = (self, name)  # hash and compress the minified copy
        yield from super().post_process(paths, dry_run=dry_run, **options)
