"""Every task beat schedules and every app queues is one a worker knows: a worker finds
tasks only in each app's tasks.py. Asked of a fresh process, as a worker starts."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
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
    queued = queued_names()
    assert {
        "members.notifications.tasks.fan_out",
        "members.notifications.tasks.send_mail",
        "incidents.tasks.process_attachment",
        "incidents.tasks.write_export",
        "feeds.tasks.poll_source",
        "members.tasks.send_vetting_decision",
    } <= queued
    assert queued <= known, queued - known


def queued_names() -> set[str]:
    """Every task name production code hands to ``kit.queue.enqueue``, which must be written
    out (a literal) so that this test reads it."""
    names = set()
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {"tests", ".venv", "var"} or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "enqueue"
            ):
                continue
            first = node.args[0] if node.args else None
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), where
            names.add(first.value)
    return names


def test_enqueue_refuses_a_task_that_is_not_named(db):
    from kit.models import PendingTask
    from kit.queue import enqueue

    with pytest.raises(TypeError):
        enqueue(len, 1)
    assert not PendingTask.objects.exists()
