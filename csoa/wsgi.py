"""WSGI entry point (gunicorn csoa.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csoa.settings")
application = get_wsgi_application()
