"""The root's views: the home page (which shows what several apps know), the health check and
the development outbox."""

from __future__ import annotations

import redis
from django.conf import settings
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from kit.geography import Region
from reports.summary import headline_figures

from .mail import message_text, outbox_messages


def home(request):
    context = {"headline": headline_figures(request.viewer), "regions": Region.choices}
    return render(request, "home.html", context)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _redis_ok() -> bool:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


@never_cache
def healthz(request):
    checks = {"database": _database_ok(), "redis": _redis_ok()}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            **{k: "ok" if v else "down" for k, v in checks.items()},
        },
        status=200 if healthy else 503,
    )


def outbox(request):
    """Mail sent by the platform, for staff, in development only: it holds password-reset
    links, so nobody else may read it (404, as for anything not theirs)."""
    if not settings.DEBUG or settings.PRODUCTION or not request.viewer.is_staff:
        raise Http404
    mails = [
        {"name": name, "message": message, "text": message_text(message)}
        for name, message in outbox_messages()
    ]
    return render(request, "dev/outbox.html", {"mails": mails})
