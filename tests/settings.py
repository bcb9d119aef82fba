"""Settings for the test suite: the real ones, plus a test-only app of shared content."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DJANGO_ENV", "test")

from csoa.settings import *  # noqa: F403
from csoa.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.sharing"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Uploaded files of a test run go to a temporary folder of their own.
MEDIA_ROOT = tempfile.mkdtemp(prefix="csoa-test-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
