"""Settings for the test suite: the real ones, plus a test-only app of shared content."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DJANGO_ENV", "test")

from csoa.settings import *  # noqa: F403
from csoa.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.sharing"]
FEEDS_ALLOW_PRIVATE_URLS = True  # the tests' feed servers run on 127.0.0.1
FEEDS_RETRY_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Uploaded files of a test run go to a temporary folder of their own.
MEDIA_ROOT = tempfile.mkdtemp(prefix="csoa-test-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
