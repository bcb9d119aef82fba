"""The groups' part of ``make bench``, in a database of its own (``csoa_bench_groups``, made
afresh each time): 1,000 members in 20 organisations and 500 groups of 2 to 61 people, the
reader in 20 of them. Over HTTP against gunicorn: the groups index (a collection and the
reader's own groups) and a group page (60 people, 20 threads).
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

TARGETS = {"groups index": 40.0, "your groups": 40.0, "group page": 40.0}
GROUPS = 500


def _say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def main(base_url: str) -> dict:
    from csoa.dev.bench import measured_apart

    return measured_apart(base_url, "csoa_bench_groups", "csoa.dev.bench_groups")


def _seed(rng: random.Random) -> dict:
    from chatter.services import thread_start
    from csoa.dev.bench_notifications import _people
    from groups.models import Group, GroupMember
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
    people = []
    for n, organisation in enumerate(organisations):
        people += _people(50, organisation, f"cso{n}-")
    reader = people[1]
    groups = Group.objects.bulk_create(
        Group(
            name=f"Working group {n}",
            slug=f"working-group-{n}",
            collection="cso",
            join_policy=("open", "request", "invitation")[n % 3],
            visibility="unlisted" if n % 10 == 9 else "listed",
            description="Port calls, guard boats and what the figures say. " * 3,
        )
        for n in range(GROUPS)
    )
    rows = []
    for n, group in enumerate(groups):
        size = 60 if n == 0 else 2 + n % 60
        chosen = rng.sample(people, size)
        if n < 20 and reader not in chosen:
            chosen[0] = reader
        rows += [
            GroupMember(group=group, user=user, role="owner" if i == 0 else "member")
            for i, user in enumerate(chosen)
        ]
    GroupMember.objects.bulk_create(rows, ignore_conflicts=True)
    page_group = groups[0]
    for n in range(20):
        thread_start(
            author=reader,
            title=f"Lagos anchorage, week {n}",
            body="What did your ships see?",
            tlp="amber",
            group=page_group,
        )
    return {"reader": reader, "group": page_group}


def measure(out: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csoa.settings")
    django.setup()
    from django.db import connection

    from csoa.dev import bench
    from csoa.dev.bench_notifications import _session

    requests = int(os.environ.get("BENCH_REQUESTS", "200"))
    _say(f"groups: 1,000 members, {GROUPS} groups")
    started = time.perf_counter()
    made = _seed(random.Random(7))  # noqa: S311 - generated bench data
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE groups_group, groups_groupmember")
    figures: dict = {"seed seconds": round(time.perf_counter() - started, 1)}
    server, port = bench.server_for()
    try:
        pages = bench.Client(port, {"Cookie": f"sessionid={_session(made['reader'])}"})
        figures["groups index"] = bench._time(pages, ["/groups/?collection=cso"], requests)
        figures["your groups"] = bench._time(pages, ["/groups/"], requests)
        figures["group page"] = bench._time(pages, [f"/groups/{made['group'].slug}/"], requests)
    finally:
        server.terminate()
        server.wait(timeout=30)
    out.write_text(json.dumps(figures, indent=2))


def report(figures: dict) -> None:
    print()
    print(f"Groups (1,000 members, {GROUPS} groups, seeded in {figures['seed seconds']} s)")
    from csoa.dev.bench_chatter import timing_line

    for name, target in TARGETS.items():
        print(timing_line(name, figures[name], target))


if __name__ == "__main__":
    if sys.argv[1:2] == ["measure"]:
        measure(Path(sys.argv[2]))
