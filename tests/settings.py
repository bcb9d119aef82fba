"""Settings for the test suite: the real ones, plus a test-only app of shared content."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DJANGO_ENV", "test")


def _redis_of_worker(url: str, worker: str) -> str:
    """Under pytest-xdist each worker ("gw0", "gw1", ...) has a Redis database of its own,
    after the one it was given (the test database is suffixed alike by pytest-django):
    tests clear the cache, purge the broker and count rate limits without meeting."""
    from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

    index = int(worker.removeprefix("gw") or 0) + 1
    parts = urlsplit(url)
    if parts.scheme == "unix":  # unix:///path/redis.sock?db=0 (urlunsplit drops the //)
        query = parse_qs(parts.query)
        db = (int(query.get("db", ["0"])[0]) + index) % 16
        return f"unix://{parts.path}?" + urlencode({**query, "db": db}, doseq=True)
    db = (int(parts.path.strip("/") or 0) + index) % 16
    return urlunsplit(parts._replace(path=f"/{db}"))


if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get("REDIS_URL"):
    # Set in the environment, so the processes the tests start (a worker to kill, manage.py)
    # use it too; once per process, whatever imports these settings again.
    worker = os.environ["PYTEST_XDIST_WORKER"]
    if os.environ.get("CSOA_REDIS_WORKER") != worker:
        os.environ["REDIS_URL"] = _redis_of_worker(os.environ["REDIS_URL"], worker)
        os.environ["CSOA_REDIS_WORKER"] = worker

from csoa.settings import *  # noqa: E402, F403
from csoa.settings import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "tests.sharing"]
FEEDS_ALLOW_PRIVATE_URLS = True  # the tests' feed servers run on 127.0.0.1
FEEDS_RETRY_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Uploaded files of a test run go to a temporary folder of their own.
MEDIA_ROOT = tempfile.mkdtemp(prefix="csoa-test-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
BASEMAP_DIR = tempfile.mkdtemp(prefix="csoa-test-basemap-")
atexit.register(shutil.rmtree, BASEMAP_DIR, ignore_errors=True)
FEEDS_LIVE_SOURCES = False  # no internet in tests; tests switch it on where they need it
