"""The Celery application: Redis broker, tasks found in every app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csoa.settings")

app = Celery("csoa")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
