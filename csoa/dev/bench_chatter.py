"""CSO Chatter's part of ``make bench``, in a database of its own (``csoa_bench_chatter``,
made afresh each time) with 1,000 members in 20 organisations, 20,000 threads and 200,000
posts (one thread of 500), written set-based so that the search trigger and the indexes do
what they do in use:

- a thread of 500 posts, its first page, over HTTP, and what it weighs compressed;
- the latest list, over HTTP;
- the menu's count of threads with unread posts, kept and counted afresh;
- full-text search over every post a member may see;
- a post that mentions an organisation of 100 people, resolved, kept and fanned out.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {  # p95 in ms
    "thread page, 500 posts, first page": 60.0,
    "latest list": 40.0,
    "unread count (kept in the cache)": 1.0,
    "search": 100.0,
}
WORDS = [
    "boarding",
    "anchorage",
    "ladder",
    "skiff",
    "robbers",
    "crew",
    "citadel",
    "guard",
    "vessel",
    "night",
    "tanker",
    "bulk",
    "coast",
    "guard",
    "inspection",
    "pilot",
    "agent",
    "berth",
    "drift",
    "armed",
    "knives",
    "engine",
    "stores",
    "master",
    "lagos",
    "cotonou",
    "lome",
    "singapore",
    "strait",
    "malacca",
    "aden",
    "hormuz",
    "chittagong",
    "callao",
]


def timing_line(name: str, row: dict, target: float | None = None) -> str:
    """One timed figure of a bench's report: p50, p95, and the target met or missed."""
    line = f"  {name:<48} p50 {row['p50']:7.2f} ms   p95 {row['p95']:7.2f} ms"
    if target:
        line += f"   target {target:g} ms: {'met' if row['p95'] <= target else 'MISSED'}"
    return line


def _say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def main(base_url: str) -> dict:
    from csoa.dev.bench import measured_apart

    return measured_apart(base_url, "csoa_bench_chatter", "csoa.dev.bench_chatter")


def _seed(members: int, threads: int, posts: int) -> dict:
    """The people, threads and posts, in a few statements."""
    from django.db import connection

    from csoa.dev.bench_notifications import _people
    from members.models import Organisation

    organisations = [
        Organisation.objects.create(
            name=f"Bench Lines {n}",
            slug=f"bench-lines-{n}",
            kind="shipping_company",
            verified=True,
        )
        for n in range(20)
    ]
    # The first has 100 people (the one a post mentions); the rest share the others.
    sizes = [100] + [(members - 100) // 19] * 19
    sizes[-1] += members - sum(sizes)
    people = []
    for n, (organisation, size) in enumerate(zip(organisations, sizes, strict=True)):
        people += _people(size, organisation, f"cso{n}-")
    ids = [user.pk for user in people]
    words = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO chatter_thread (title, topic, region, tlp, organisation_id,
                created_by_id, created_at, last_post_at, posts_count, last_number)
            SELECT 'Thread ' || n || ': ' || ({words})[1 + n %% 30] || ' at '
                       || ({words})[1 + (n / 7) %% 30],
                   (ARRAY['question','bulletin','discussion','lesson'])[1 + n %% 4],
                   (ARRAY['west_africa','southeast_asia','gulf_of_aden',''])[1 + n %% 4],
                   CASE WHEN n %% 10 = 0 THEN 'amber' ELSE 'green' END,
                   (SELECT organisation_id FROM members_membership
                     WHERE user_id = (%s::int[])[1 + n %% %s]),
                   (%s::int[])[1 + n %% %s],
                   now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval,
                   0, 0
            FROM generate_series(1, %s) AS n
            """,
            [ids, len(ids), ids, len(ids), threads],
        )
        cursor.execute("SELECT min(id), max(id) FROM chatter_thread")
        first, last = cursor.fetchone()
        big = first  # the thread of 500 posts
        rest = posts - 500
        cursor.execute(
            f"""
            WITH numbered AS (
              SELECT CASE WHEN n <= 500 THEN %s
                          ELSE %s + 1 + (n - 501) %% (%s - %s) END AS thread_id,
                     n
              FROM generate_series(1, %s) AS n
            ), placed AS (
              SELECT thread_id, n, row_number() OVER (PARTITION BY thread_id ORDER BY n) AS number
              FROM numbered
            )
            INSERT INTO chatter_post (thread_id, number, body, html, tlp, organisation_id,
                created_by_id, created_at, hidden_reason)
            SELECT p.thread_id, p.number, b.body, '<p>' || b.body || '</p>', t.tlp,
                   t.organisation_id, (%s::int[])[1 + p.n %% %s],
                   t.created_at + (p.number || ' seconds')::interval, ''
            FROM placed AS p
            JOIN chatter_thread AS t ON t.id = p.thread_id
            CROSS JOIN LATERAL (
              SELECT 'Post ' || p.n || ': ' || ({words})[1 + p.n %% 30] || ' '
                     || ({words})[1 + (p.n / 3) %% 30] || ' ' || ({words})[1 + (p.n / 11) %% 30]
                     || ', seen from the bridge at ' || (p.n %% 24) || ':00; CSOA-2019-0001'
                     AS body
            ) AS b
            """,
            [big, big, last + 1, big + 1, rest + 500, ids, len(ids)],
        )
        cursor.execute(
            """
            UPDATE chatter_thread AS t SET posts_count = c.n, last_number = c.n,
                   last_post_at = c.at
            FROM (SELECT thread_id, count(*) AS n, max(created_at) AS at
                  FROM chatter_post GROUP BY thread_id) AS c
            WHERE c.thread_id = t.id
            """
        )
        cursor.execute("VACUUM ANALYZE chatter_thread, chatter_post, members_user")
    return {"organisations": organisations, "people": people, "big": big}


def measure(out: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csoa.settings")
    django.setup()
    from django.core.cache import cache
    from django.db import transaction

    from chatter import services, unread
    from chatter.models import Post, ReadState, Thread
    from chatter.search import posts_matching
    from csoa.dev import bench
    from csoa.dev.bench_notifications import _in_process, _session
    from members.access import viewer_for
    from members.notifications.fanout import event_fan_out

    requests = int(os.environ.get("BENCH_REQUESTS", "200"))
    _say("chatter: 1,000 members, 20,000 threads, 200,000 posts")
    started = time.perf_counter()
    made = _seed(1000, 20_000, 200_000)
    figures: dict = {
        "seed seconds": round(time.perf_counter() - started, 1),
        "counts": {
            "threads": Thread.objects.unrestricted().count(),
            "posts": Post.objects.unrestricted().count(),
        },
    }
    reader = made["people"][1]
    # The reader has read 300 threads, 40 of them with posts since.
    readable = list(
        Thread.objects.unrestricted()
        .filter(tlp="green")
        .order_by("-id")
        .values_list("pk", "last_number")[:300]
    )
    ReadState.objects.bulk_create(
        ReadState(user=reader, thread_id=pk, last_read=last - (1 if n < 40 else 0))
        for n, (pk, last) in enumerate(readable)
    )
    viewer = viewer_for(reader)
    figures["unread count (kept in the cache)"] = _in_process(
        lambda: unread.unread_threads(viewer), requests
    )

    def counted_afresh():
        unread.forget_unread([reader.pk])
        unread.unread_threads(viewer)

    figures["unread count, counted afresh"] = _in_process(counted_afresh, requests)
    figures["unread threads"] = unread.unread_threads(viewer)
    queries = ["ladder skiff", "coast guard", '"citadel" -armed', "lagos anchorage", "pilot"]
    timings = []
    for n in range(requests):
        began = time.perf_counter()
        posts_matching(viewer, queries[n % len(queries)])
        timings.append((time.perf_counter() - began) * 1000)
    figures["search"] = bench._percentiles(timings)
    cache.clear()

    server, port = bench.server_for()
    try:
        pages = bench.Client(port, {"Cookie": f"sessionid={_session(reader)}"})
        thread_path = f"/chatter/t/{made['big']}/?post=1"
        figures["thread page, 500 posts, first page"] = bench._time(pages, [thread_path], requests)
        figures["latest list"] = bench._time(pages, ["/chatter/"], requests)
        _, raw, _ = pages.get(thread_path)
        _, packed, _ = pages.get(thread_path, {"Accept-Encoding": "gzip"})
        figures["thread page weight"] = {
            "bytes": len(raw),
            "compressed": len(packed) if packed[:2] == b"\x1f\x8b" else len(gzip.compress(raw)),
            "posts": raw.count(b'data-testid="post"'),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)

    # A post that mentions an organisation of 100: its mentions resolved, the post kept,
    # and the event fanned out as the worker does.
    author = made["people"][0]
    thread = Thread.objects.unrestricted().filter(tlp="green").order_by("-pk").first()
    organisation = author.membership.organisation
    began = time.perf_counter()
    with transaction.atomic():
        post = services.post_reply(
            author=author, thread=thread, body=f"@{organisation.slug} please read this."
        )
    from members.models import NotificationEvent

    told = sum(
        event_fan_out(event_id=pk)
        for pk in NotificationEvent.objects.filter(fanned_out_at=None).values_list("pk", flat=True)
    )
    figures["mention of an organisation of 100, fanned out"] = {
        "seconds": round(time.perf_counter() - began, 3),
        "notifications": told,
        "post": post.pk,
    }
    out.write_text(json.dumps(figures, indent=2))


def report(figures: dict) -> None:
    print()
    counts = figures["counts"]
    print(
        f"CSO Chatter ({counts['threads']:,} threads, {counts['posts']:,} posts, "
        f"seeded in {figures['seed seconds']} s)"
    )
    for name in (
        "thread page, 500 posts, first page",
        "latest list",
        "unread count (kept in the cache)",
        "unread count, counted afresh",
        "search",
    ):
        print(timing_line(name, figures[name], TARGETS.get(name)))
    weight = figures["thread page weight"]
    print(
        f"  {'thread page of ' + str(weight['posts']) + ' posts, compressed':<48} "
        f"{weight['compressed'] / 1024:.1f} KB ({weight['bytes'] / 1024:.0f} KB raw)"
        f"   target 60 KB: {'met' if weight['compressed'] <= 60 * 1024 else 'MISSED'}"
    )
    fan = figures["mention of an organisation of 100, fanned out"]
    print(
        f"  {'mention of an organisation, fanned out':<48} {fan['seconds']:.2f} s "
        f"({fan['notifications']} told)   target 1 s: {'met' if fan['seconds'] <= 1 else 'MISSED'}"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["measure"]:
        measure(Path(sys.argv[2]))
