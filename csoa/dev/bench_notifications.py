"""The notification centre's part of ``make bench``, in a database of its own
(``csoa_bench_notifications``, made afresh each time) with 10,000 generated incidents:

- the bell on every page: the unread count of a member with 10,000 unread notifications,
  and a page (``/why-join/``) for that member against one with none, over HTTP;
- the inbox of that member: its first page and a page deep in it, over HTTP;
- an event for 1,000 watchers fanned out by the code the worker runs;
- a new incident matched against 10,000 watches (saved searches, ports, regions, areas).
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {
    "bell count (kept in the cache)": 1.0,
    "page with the bell, 10,000 unread (p95 added)": 1.0,
    "inbox, 10,000 notifications": 30.0,
}


def _say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def main(base_url: str) -> dict:
    from csoa.dev.bench import measured_apart

    return measured_apart(base_url, "csoa_bench_notifications", "csoa.dev.bench_notifications")


def _people(count: int, organisation, prefix: str) -> list:
    from django.contrib.auth.hashers import make_password

    from members.models import Membership, User

    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"{prefix}{n}@bench.invalid", full_name=f"{prefix} {n}", password=password)
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            organisation=organisation,
            position="cso",
            application_reason="-",
            status=Membership.Status.APPROVED,
        )
        for user in users
    )
    return users


def _watches(people, rng: random.Random) -> int:
    """10,000 watches of the kinds people keep: 7,000 saved searches, 1,000 each of ports,
    regions and areas."""
    from incidents.criteria import compile_criteria
    from incidents.models import Port
    from kit.geography import Region
    from members.models import Watch

    ports = list(Port.objects.values_list("code", "latitude", "longitude"))
    regions = [r for r in Region.values if r != "other"]
    categories = ["boarded", "attempted", "theft", "hijacked"]
    rows = []
    for n in range(10_000):
        user = people[n % len(people)]
        if n < 7000:
            query = rng.choice(
                [
                    f"region={rng.choice(regions)}&category={rng.choice(categories)}",
                    f"port={rng.choice(ports)[0]}",
                    f"weapons=guns&region={rng.choice(regions)}",
                    f"since=2020-01-01&region={rng.choice(regions)}&significance=1,2",
                    f"category={rng.choice(categories)}&vessel_status=anchored",
                ]
            )
            kind, key = "search", str(n)
        elif n < 8000:
            code = rng.choice(ports)[0]
            kind, key, query = "port", code, f"port={code}"
        elif n < 9000:
            region = rng.choice(regions)
            kind, key, query = "region", region, f"region={region}"
        else:
            _code, latitude, longitude = rng.choice(ports)
            kind, key = "circle", f"{latitude:.2f},{longitude:.2f},{rng.choice([20, 50, 150])}"
            query = f"near={latitude:.2f},{longitude:.2f}&radius_nm={key.rsplit(',', 1)[1]}"
        rows.append(
            Watch(
                user=user,
                target_type=kind,
                target_key=f"{key}#{n}",
                label=key,
                criteria=compile_criteria(query),
            )
        )
    Watch.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _notifications_for(user, count: int, incidents: list) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from incidents.models import Incident
    from members.models import Notification, NotificationEvent

    kind = ContentType.objects.get_for_model(Incident)
    event = NotificationEvent.objects.create(
        kind="incident_alert",
        subject_type=kind,
        subject_id=incidents[0].pk,
        text="bench",
        topic="bench",
        topic_label="bench",
        fanned_out_at=timezone.now(),
    )
    now = timezone.now()
    Notification.objects.bulk_create(
        (
            Notification(
                recipient=user,
                event=event,
                kind="incident_alert",
                key=f"bench:{n}",
                reason="alert",
                subject_type=kind,
                subject_id=incidents[n % len(incidents)].pk,
                topic=f"incidents.incident:{incidents[n % len(incidents)].pk}",
                topic_label=incidents[n % len(incidents)].reference,
                text=f"New incident {incidents[n % len(incidents)].reference}",
                created_at=now - timezone.timedelta(minutes=n),
            )
            for n in range(count)
        ),
        batch_size=2000,
    )


def _session(user) -> str:
    from importlib import import_module

    from django.conf import settings

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _in_process(function, runs: int) -> dict:
    from csoa.dev.bench import _percentiles

    for _ in range(5):
        function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return _percentiles(samples)


def measure(out: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csoa.settings")
    django.setup()
    from django.db import transaction

    from csoa.dev import bench
    from csoa.dev.generate import seed_incidents
    from incidents.models import Incident
    from incidents.notifications import incident_watchers
    from members.models import Notification, NotificationEvent, Organisation, Watch
    from members.notifications import notify
    from members.notifications.fanout import event_fan_out
    from members.notifications.selectors import unread_count

    requests = int(os.environ.get("BENCH_REQUESTS", "200"))
    rng = random.Random(3)  # noqa: S311 - choosing sample watches
    _say("notifications: 10,000 incidents, 1,000 watchers, 10,000 watches, 10,000 notifications")
    seed_incidents(10_000, seed=7)
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-watchers", defaults={"name": "Bench Watchers", "verified": True}
    )
    watchers = _people(1000, organisation, "watcher")
    owners = _people(100, organisation, "searcher")
    _watches(owners, rng)
    busy, quiet = _people(2, organisation, "reader")
    incidents = list(Incident.objects.unrestricted().filter(tlp="green").order_by("pk")[:500])
    _notifications_for(busy, 10_000, incidents)
    from django.db import connection

    with connection.cursor() as cursor:  # as autovacuum does after a load
        cursor.execute("VACUUM ANALYZE members_notification, members_watch, members_user")
    figures: dict = {}

    from django.core.cache import cache

    from members.notifications.selectors import forget_unread

    figures["bell count (kept in the cache)"] = _in_process(lambda: unread_count(busy), requests)

    def counted_afresh():
        forget_unread([busy.pk])
        unread_count(busy)

    figures["bell count, counted afresh"] = _in_process(counted_afresh, requests)
    cache.clear()

    server, port = bench.server_for()
    try:
        busy_pages = bench.Client(port, {"Cookie": f"sessionid={_session(busy)}"})
        quiet_pages = bench.Client(port, {"Cookie": f"sessionid={_session(quiet)}"})
        with_bell = bench._time(busy_pages, ["/why-join/"], requests)
        without = bench._time(quiet_pages, ["/why-join/"], requests)
        figures["page, 10,000 unread"] = with_bell
        figures["page, none unread"] = without
        figures["page with the bell, 10,000 unread (p95 added)"] = {
            "p50": with_bell["p50"] - without["p50"],
            "p95": with_bell["p95"] - without["p95"],
            "n": requests,
        }
        figures["inbox, 10,000 notifications"] = bench._time(
            busy_pages, ["/notifications/"], requests
        )
        deep = busy_pages.get("/notifications/")[1].decode()
        import re

        older = re.search(r'href="\?page=([^"]+)" rel="next"', deep).group(1)
        figures["inbox, second page"] = bench._time(
            busy_pages, [f"/notifications/?page={older}"], requests
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    # An update to an incident of the region a thousand people watch.
    incident = Incident.objects.unrestricted().filter(tlp="green", region="west_africa").first()
    Watch.objects.bulk_create(
        Watch(
            user=user,
            target_type="region",
            target_key="west_africa",
            label="West Africa",
            criteria={"region": ["west_africa"]},
        )
        for user in watchers
    )
    with transaction.atomic():
        event = notify(kind="incident_activity", subject=incident, text="bench update")
    started = time.perf_counter()
    made = event_fan_out(event_id=event.pk)
    figures["fan-out, 1,000 watchers"] = {
        "seconds": round(time.perf_counter() - started, 3),
        "notifications": made,
    }
    # A new incident matched against every watch (11,000 with the region's thousand).
    sample = list(Incident.objects.unrestricted().order_by("?")[:50])
    timings = []
    for one in sample:
        started = time.perf_counter()
        matched = incident_watchers(one)
        timings.append(time.perf_counter() - started)
    figures["match a new incident, 11,000 watches"] = {
        "p50_ms": round(sorted(timings)[len(timings) // 2] * 1000, 1),
        "max_ms": round(max(timings) * 1000, 1),
        "matched_last": len(matched),
        "watches": Watch.objects.count(),
    }
    figures["counts"] = {
        "notifications": Notification.objects.count(),
        "events": NotificationEvent.objects.count(),
    }
    out.write_text(json.dumps(figures, indent=2))


def report(figures: dict) -> None:
    print()
    print("Notifications (10,000 incidents)")
    for name in (
        "bell count (kept in the cache)",
        "bell count, counted afresh",
        "page, none unread",
        "page, 10,000 unread",
        "page with the bell, 10,000 unread (p95 added)",
        "inbox, 10,000 notifications",
        "inbox, second page",
    ):
        row = figures[name]
        target = TARGETS.get(name)
        met = (
            f"   target {target:g} ms: {'met' if row['p95'] <= target else 'MISSED'}"
            if target
            else ""
        )
        print(f"  {name:<48} p50 {row['p50']:7.2f} ms   p95 {row['p95']:7.2f} ms{met}")
    fan = figures["fan-out, 1,000 watchers"]
    print(
        f"  {'fan-out, 1,000 watchers':<48} {fan['seconds']:.2f} s ({fan['notifications']:,} made)"
        f"   target 2 s: {'met' if fan['seconds'] <= 2 else 'MISSED'}"
    )
    match = figures["match a new incident, 11,000 watches"]
    print(
        f"  {'match a new incident, ' + format(match['watches'], ',') + ' watches':<48} "
        f"p50 {match['p50_ms']:.1f} ms   max {match['max_ms']:.1f} ms"
        f"   target 1 s: {'met' if match['max_ms'] <= 1000 else 'MISSED'}"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["measure"]:
        measure(Path(sys.argv[2]))
