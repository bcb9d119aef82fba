"""Every task beat schedules and every app queues is one a worker knows: a worker finds
tasks only in each app's tasks.py. Asked of a fresh process, as a worker starts."""

import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
LIST_TASKS = (
    "import django, json; django.setup(); from csoa.celery import app; "
    "app.loader.import_default_modules(); print(json.dumps(sorted(app.tasks)))"
)


def worker_tasks() -> set[str]:
    answer = subprocess.run(
        [sys.executable, "-c", LIST_TASKS], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(json.loads(answer.stdout.strip().splitlines()[-1]))


def test_every_scheduled_and_queued_task_is_known_to_a_worker():
    known = worker_tasks()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= known, scheduled - known
    queued = {
        "members.notifications.tasks.fan_out",
        "members.notifications.tasks.send_mail",
        "incidents.tasks.process_attachment",
        "feeds.tasks.poll_source",
    }
    assert queued <= known, queued - known
