"""The root's views: the home page (which shows what several apps know), the health check and
the development outbox."""

from __future__ import annotations

import redis
from django.conf import settings
from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import F
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from chatter.search import posts_matching
from incidents import selectors
from incidents.filters import filtered
from incidents.search import search_query
from kit.geography import Region
from kit.limits import rate_limited, searching
from reports import reach
from reports.publications import selectors as publications
from reports.summary import headline_figures

from .dashboard import member_home
from .mail import message_text, outbox_messages


def home(request):

    viewer = request.viewer
    headline = headline_figures(viewer)
    context = {
        "headline": headline,
        "reach": reach.gap(viewer, headline["since"], headline["until"], headline["incidents"]),
        "regions": Region.choices,
        "first_response": list(publications.publications(viewer, "first_response")[:3]),
        "news": list(publications.news_and_workshops(viewer)[:4]),
    }
    if viewer.approved:
        context["mine"] = member_home(viewer)
    elif request.user.is_authenticated:
        membership = getattr(request.user, "membership", None)
        if membership is not None and membership.status == "pending":
            context["applying"] = membership  # an applicant who logs in is told where it stands
    return render(request, "home.html", context)


SHOWN = 5  # of each kind, on the menu's search page


@rate_limited("search", when=searching)
def search(request):
    """The menu's search: the incidents and the Chatter posts the reader may see that match,
    the best few of each, with the way to all of them."""

    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    incidents, posts = [], []
    if query:
        params = QueryDict(mutable=True)
        params["q"] = query
        matching, _filters = filtered(selectors.incidents(request.viewer), params)
        incidents = list(
            matching.annotate(rank=SearchRank(F("search"), search_query(query)))
            .select_related("port")
            .order_by("-rank", "-occurred_on")[:SHOWN]
        )
        posts = posts_matching(request.viewer, query, limit=SHOWN)
    return render(request, "search.html", {"q": query, "incidents": incidents, "posts": posts})


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
