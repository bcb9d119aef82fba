"""Settings for the test suite: the real ones, plus a test-only app of shared content."""

import os

os.environ.setdefault("DJANGO_ENV", "test")

from csoa.settings import *  # noqa: F403
from csoa.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.sharing"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
