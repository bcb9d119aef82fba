"""``make bench``: the platform's speed and memory, measured on a real server at 127.0.0.1.

For each size (10 thousand and 1 million incidents by default) the benchmark makes (or
reuses) a database of generated history, starts gunicorn with one sync worker in production
settings, and times, over HTTP: the map endpoint at world and at regional zoom, the list's
first and a deep page, a filtered count, an incident page, a streamed CSV export near the
streaming limit; and a background export of everything the bench member sees, in a process
of its own (rows per second and that process's peak memory). It also runs the map's and the
list's SQL directly (every statement the platform runs for those requests, as it ran them),
so the platform's overhead over the database shows as a ratio. It reads the web worker's
peak memory and what the map page weighs before tiles.

Environment: ``BENCH_SIZES`` (comma-separated, default ``10000,1000000``),
``BENCH_REQUESTS`` (timed requests per figure, default 200), ``BENCH_FRESH=1`` to reseed.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
REGIONAL_VIEWS = [  # what a CSO looks at: a sea area at zoom 5-6
    ("-12,-6,14,12", 5),  # Gulf of Guinea
    ("95,-8,125,10", 5),  # Malacca and Singapore Straits, Indonesia
    ("38,5,60,20", 5),  # Gulf of Aden
    ("-85,0,-55,20", 5),  # Caribbean and Venezuela
    ("70,5,95,25", 6),  # Indian subcontinent
]
TARGETS_MS = {  # p95 targets at one million incidents
    "map, world zoom": 100,  # the map page's weight (<= 500 KB) and memory are printed too
    "map, regional zoom": 50,
    "list, first page": 50,
    "list, deep page": 50,
    "incident page": 50,
    "trend, port (~1,000)": 100,
    "trend, busiest region": 500,
    "regional summary": 500,
    "trend, all history (API)": 1000,  # the longest period a trend may name
    "trend, all history (page)": 1000,
}
PDF_TARGET_S = 3.0


def _say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# The driver: databases, seeding, one measuring process per size ----------------------------


def _database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + name))


def measured_apart(base_url: str, name: str, module: str) -> dict:
    """Run ``module``'s ``measure`` in a process of its own, against a database made afresh
    (``name``, beside the one ``base_url`` names); its figures."""
    url = fresh_database(base_url, name)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_ENV": "development"}
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(48)  # the server signs sessions with it
    out = ROOT / "var" / f"{name}.json"
    command = [PYTHON, "-m", module, "measure", str(out)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603
    return json.loads(out.read_text())


def server_for(workdir_name: str = "bench") -> tuple[subprocess.Popen, int]:
    """gunicorn on a free port of 127.0.0.1, as the benches time it."""
    port = _free_port()
    workdir = ROOT / "var" / workdir_name
    workdir.mkdir(parents=True, exist_ok=True)
    return _start_server(port, workdir), port


def fresh_database(base_url: str, name: str) -> str:
    """A database made afresh beside the one ``base_url`` names, migrated; its URL."""
    import psycopg

    with psycopg.connect(_database_url(base_url, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = _database_url(base_url, name)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_ENV": "development"}
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    return url


def _prepare(base_url: str, size: int, fresh: bool) -> str:
    import psycopg

    name = f"csoa_bench_{size}"
    url = _database_url(base_url, name)
    with psycopg.connect(_database_url(base_url, "postgres"), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_ENV": "development"}
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    with psycopg.connect(url) as conn:
        have = conn.execute("SELECT count(*) FROM incidents_incident").fetchone()[0]
    if have != size:
        if have:
            _say(f"{name} holds {have:,} incidents, not {size:,}: run again with BENCH_FRESH=1")
            raise SystemExit(2)
        _say(f"seeding {size:,} incidents into {name}")
        subprocess.run(  # noqa: S603
            [*manage, "seed_incidents", "--count", str(size), "--seed", "1"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    return url


def main() -> int:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,1000000").split(",") if s]
    fresh = os.environ.get("BENCH_FRESH") == "1"
    results = {}
    for size in sizes:
        url = _prepare(os.environ["DATABASE_URL"], size, fresh)
        out = ROOT / "var" / f"bench-{size}.json"
        # The measuring process signs the bench member's session with the server's key.
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SECRET_KEY": secrets.token_urlsafe(48)}
        command = [PYTHON, "-m", "csoa.dev.bench", "measure", str(out)]
        subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603
        results[size] = json.loads(out.read_text())
    if results:
        _report(results)
    from csoa.dev import bench_feeds, bench_notifications

    feeds = bench_feeds.main(os.environ["DATABASE_URL"])
    if feeds is not None:
        bench_feeds.report(feeds)
    if os.environ.get("BENCH_SATELLITE", "1") == "1":
        from csoa.dev import bench_satellite

        bench_satellite.report(bench_satellite.main(os.environ["DATABASE_URL"]))
    if os.environ.get("BENCH_NOTIFICATIONS", "1") == "1":
        bench_notifications.report(bench_notifications.main(os.environ["DATABASE_URL"]))
    if os.environ.get("BENCH_CHATTER", "1") == "1":
        from csoa.dev import bench_chatter

        bench_chatter.report(bench_chatter.main(os.environ["DATABASE_URL"]))
    if os.environ.get("BENCH_GROUPS", "1") == "1":
        from csoa.dev import bench_groups

        bench_groups.report(bench_groups.main(os.environ["DATABASE_URL"]))
    return 0


def _report(results: dict[int, dict]) -> None:
    sizes = sorted(results)
    print()
    header = f"{'p50 / p95 ms':<26}" + "".join(f"{f'{size:,} incidents':>24}" for size in sizes)
    print(header)
    print("-" * len(header))
    for name in results[sizes[0]]["http"]:
        cells = []
        for size in sizes:
            figure = results[size]["http"][name]
            cells.append(f"{figure['p50']:>10.1f} / {figure['p95']:>6.1f}")
        print(f"{name:<26}" + "".join(f"{c:>24}" for c in cells))
    print()
    print(f"{'SQL alone, p50 / p95 ms':<26}" + "".join(" " * 24 for _ in sizes))
    for name in results[sizes[0]]["sql"]:
        cells = []
        for size in sizes:
            sql = results[size]["sql"][name]
            ratio = results[size]["http"][name]["p50"] / max(sql["p50"], 0.001)
            cells.append(f"{sql['p50']:>6.1f} / {sql['p95']:>5.1f} (x{ratio:.1f})")
        print(f"{name:<26}" + "".join(f"{c:>24}" for c in cells))
    print()
    for size in sizes:
        r = results[size]
        job = r["export_job"]
        print(
            f"{size:>9,} incidents: web worker peak memory {r['worker_peak_mb']:.0f} MB; "
            f"map page {r['map_page_kb']:.0f} KB before tiles ({r['map_page_files']} files); "
            f"streamed export {r['streamed_export_rows']:,} rows"
        )
        print(
            f"{'':>20}background CSV export: {job['rows']:,} rows in {job['seconds']:.1f} s "
            f"({job['rows_per_second']:,.0f} rows/s, {job['file_mb']:.0f} MB), "
            f"process peak memory {job['peak_mb']:.0f} MB"
        )
    for size in sizes:
        cost = results[size].get("group_sharing")
        if not cost:
            continue
        print(
            f"{size:>9,} incidents: a member in {GROUPS_OF_THE_MEMBER} groups "
            f"({cost['shared incidents']:,} incidents shared with them) against one in none, "
            "p50 / p95 ms (target: within 10%)"
        )
        for label in ("map, world zoom", "map, regional zoom", "list, first page"):
            alone, grouped = cost[label]["alone"], cost[label]["in groups"]
            added = grouped["p95"] / max(alone["p95"], 0.001) - 1
            print(
                f"{'':>20}{label:<20} {alone['p50']:6.1f} / {alone['p95']:6.1f}  against "
                f"{grouped['p50']:6.1f} / {grouped['p95']:6.1f}  ({added:+.0%} at p95: "
                f"{'met' if added <= 0.10 else 'MISSED'})"
            )
    for size in sizes:
        r = results[size]
        pdf, port, region = r["pdf"], r["trend_port"], r["trend_region"]
        print(
            f"{size:>9,} incidents: trend of {port['port']} since {port['since']} counts "
            f"{port['incidents']:,}; busiest region {region['region']} "
            f"({region['answer']:,} incidents); PDF for that port: "
            f"p50 {pdf['p50']:.2f} s, max {pdf['max']:.2f} s, {pdf['kb']:.0f} KB"
        )
    large = sizes[-1]
    print(f"\nTargets at {large:,} incidents:")
    for name, target in TARGETS_MS.items():
        p95 = results[large]["http"][name]["p95"]
        verdict = "ok" if p95 <= target else "MISSED"
        print(f"  {name:<24} {p95:6.1f} ms  (target {target} ms) {verdict}")
    pdf = results[large]["pdf"]["max"]
    verdict = "ok" if pdf <= PDF_TARGET_S else "MISSED"
    name = "PDF for a port"
    print(f"  {name:<24} {pdf:6.2f} s   (target {PDF_TARGET_S:.0f} s, slowest run) {verdict}")
    for name, sql in results[large]["sql"].items():
        ratio = results[large]["http"][name]["p50"] / max(sql["p50"], 0.001)
        verdict = "ok" if ratio <= 2 else "MISSED"
        print(f"  {name:<24} platform/SQL x{ratio:.1f} (target x2) {verdict}")
    if len(sizes) > 1:
        for name in results[large]["http"]:
            growth = results[large]["http"][name]["p95"] / results[sizes[0]]["http"][name]["p95"]
            verdict = "ok" if growth <= 1.5 else "MISSED"
            print(f"  {name:<24} {large:,} / {sizes[0]:,}: x{growth:.2f} (target x1.5) {verdict}")


# The measuring process: one size, one server -------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "n": len(ordered),
    }


class Client:
    """One HTTP request at a time to the server on 127.0.0.1, like a browser tab would."""

    def __init__(self, port: int, headers: dict[str, str]):
        self.port = port
        self.headers = headers

    def get(self, path: str, headers: dict | None = None) -> tuple[int, bytes, float]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        started = time.perf_counter()
        connection.request("GET", path, headers={**self.headers, **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        connection.close()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status} {body[:300]!r}")
        return response.status, body, elapsed


def _time(client: Client, paths: list[str], requests: int) -> dict[str, float]:
    for path in paths[:5]:
        client.get(path)  # warm up
    return _percentiles([client.get(paths[i % len(paths)])[2] for i in range(requests)])


def _statements(user, path: str) -> list[str]:
    """Every SQL statement the platform runs to answer this request, as it ran them."""
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    client = DjangoClient(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return [query["sql"] for query in queries.captured_queries]


def _time_sql(requests: list[list[str]], count: int) -> dict[str, float]:
    """The same statements run directly, one request's worth per sample."""
    from django.db import connection

    samples = []
    with connection.cursor() as cursor:
        for i in range(count + 5):
            started = time.perf_counter()
            for sql in requests[i % len(requests)]:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
            if i >= 5:
                samples.append((time.perf_counter() - started) * 1000)
    return _percentiles(samples)


def _bench_member(email: str = "bench@bench.invalid"):
    from importlib import import_module

    from django.conf import settings

    from members.models import Membership, Organisation, Role, User
    from members.services import api_token_issue

    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-shipping", defaults={"name": "Bench Shipping", "verified": True}
    )
    user, _ = User.objects.get_or_create(email=email, defaults={"full_name": "Bench Member"})
    Membership.objects.update_or_create(
        user=user,
        defaults={
            "organisation": organisation,
            "role": Role.MEMBER,
            "status": Membership.Status.APPROVED,
        },
    )
    key = api_token_issue(user=user, name="Bench")
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return user, key, session.session_key


def _start_server(port: int, workdir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_HOST": "localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_BEHIND_TLS_PROXY": "false",
        "STATIC_ROOT": str(workdir / "static"),
        "API_USER_RATE": "1000000/min",
        "API_ANON_RATE": "1000000/min",
        "API_MAP_RATE": "1000000/min",
        "RATE_LIMIT_MEMBER": "1000000/m",
        "RATE_LIMIT_PUBLIC": "1000000/m",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "csoa.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/healthz")
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def _worker_peak_mb(server: subprocess.Popen) -> float:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    peak = 0
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak / 1024


def _map_page_weight(client: Client) -> tuple[float, int]:
    """What the map page costs before tiles: HTML, styles, scripts and the first map view,
    as sent compressed."""
    gzip = {"Accept-Encoding": "gzip, br"}
    _, html, _ = client.get("/incidents/map/", gzip)
    total, files = len(html), 1
    for url in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        total += len(client.get(url.decode(), gzip)[1])
        files += 1
    total += len(client.get("/api/v1/incidents/map/?bbox=-180,-85,180,85&zoom=2", gzip)[1])
    return total / 1024, files + 1


def measure(out: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csoa.settings")
    django.setup()
    from django.db import connection

    from incidents import listing, selectors
    from members.access import viewer_for

    requests = int(os.environ.get("BENCH_REQUESTS", "200"))
    user, token, session = _bench_member()
    viewer = viewer_for(user)
    rng = random.Random(1)  # noqa: S311 - choosing sample pages
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM incidents_incident")
        size = cursor.fetchone()[0]
        cursor.execute(
            "SELECT reference FROM incidents_incident WHERE tlp IN ('clear', 'green') "
            "AND id % 97 = 0 LIMIT 2000"
        )
        references = [row[0] for row in cursor.fetchall()]
        trend_port, trend_since, trend_count = _port_with_a_thousand(cursor)
        cursor.execute(
            "SELECT region FROM incidents_incident GROUP BY region ORDER BY count(*) DESC LIMIT 1"
        )
        busiest_region = cursor.fetchone()[0]
    rng.shuffle(references)

    incidents = selectors.incidents(viewer)
    order = listing.Order()
    pages = max(1, size // 50)
    depth = min(500, int(pages * 0.9))
    deep_row = incidents.order_by(*order.order_by())[depth * 50 - 1]
    deep_token = listing.token_for(order, deep_row)

    world = "/api/v1/incidents/map/?bbox=-180,-85,180,85&zoom=2"
    regional = [f"/api/v1/incidents/map/?bbox={box}&zoom={zoom}" for box, zoom in REGIONAL_VIEWS]
    api = Client(0, {"Authorization": f"Token {token}"})
    pages_client = Client(0, {"Cookie": f"sessionid={session}"})

    workdir = ROOT / "var" / "bench"
    workdir.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    server = _start_server(port, workdir)
    api.port = pages_client.port = port
    try:
        http_figures = {
            "map, world zoom": _time(api, [world], requests),
            "map, regional zoom": _time(api, regional, requests),
            "list, first page": _time(pages_client, ["/incidents/"], requests),
            "list, deep page": _time(pages_client, [f"/incidents/?after={deep_token}"], requests),
            "filtered count": _time(
                api, ["/api/v1/incidents/count/?region=west_africa&category=boarded"], requests
            ),
            "incident page": _time(
                pages_client, [f"/incidents/{ref}/" for ref in references], requests
            ),
        }
        port_trend = f"/api/v1/trends/?port={trend_port}&since={trend_since}"
        region_trend = f"/api/v1/trends/?region={busiest_region}"
        fewer = max(20, requests // 5)
        http_figures["trend, port (~1,000)"] = _time(api, [port_trend], requests)
        http_figures["trend, busiest region"] = _time(api, [region_trend], fewer)
        http_figures["regional summary"] = _time(pages_client, ["/regions/"], fewer)
        everything = f"since=1900-01-01&until={dt.date.today().year + 1}-12-31"
        http_figures["trend, all history (API)"] = _time(
            api, [f"/api/v1/trends/?{everything}"], fewer
        )
        http_figures["trend, all history (page)"] = _time(
            pages_client, [f"/trends/?{everything}"], fewer
        )
        http_figures["home page, headline figures"] = _time(pages_client, ["/"], fewer)
        region_count = json.loads(api.get(region_trend)[1])["incidents"]
        deep = f"/incidents/?after={deep_token}"
        sql_figures = {
            "map, world zoom": _time_sql([_statements(user, world)], requests),
            "map, regional zoom": _time_sql([_statements(user, p) for p in regional], requests),
            "list, first page": _time_sql([_statements(user, "/incidents/")], requests),
            "list, deep page": _time_sql([_statements(user, deep)], requests),
        }
        since = _export_window(viewer)
        streamed = f"/incidents/export/?format=csv&since={since}"
        http_figures["streamed CSV export"] = _time(
            pages_client, [streamed], max(10, requests // 10)
        )
        streamed_rows = pages_client.get(streamed)[1].count(b"\r\n") - 1
        weight, files = _map_page_weight(pages_client)
        groups_cost = _group_sharing_cost(port, world, regional, requests)
        peak = _worker_peak_mb(server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    pdf = _time_pdf(viewer, {"port": trend_port, "since": trend_since})
    job = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "csoa.dev.bench", "export-job", str(user.pk)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    out.write_text(
        json.dumps(
            {
                "size": size,
                "deep_page": depth,
                "http": http_figures,
                "sql": sql_figures,
                "worker_peak_mb": peak,
                "map_page_kb": weight,
                "map_page_files": files,
                "streamed_export_rows": streamed_rows,
                "trend_port": {"port": trend_port, "since": trend_since, "incidents": trend_count},
                "trend_region": {"region": busiest_region, "answer": region_count},
                "pdf": pdf,
                "export_job": json.loads(job.stdout.strip().splitlines()[-1]),
                "group_sharing": groups_cost,
            },
            indent=2,
        )
    )
    _say(f"{size:,} incidents measured (deep page: {depth})")


GROUPS_OF_THE_MEMBER = 20


def _group_sharing_cost(port: int, world: str, regional: list[str], requests: int) -> dict:
    """The map and the list for two members of one organisation, one in no group and one in
    20 groups that other organisations' AMBER incidents are shared with (about one in a
    thousand of them each), their requests taken in turn: what group sharing adds."""
    from django.db import connection

    from groups.models import Group, GroupMember
    from incidents.models import Incident

    alone = _bench_member()
    grouped = _bench_member("bench-in-groups@bench.invalid")
    through = Incident.shared_with_groups.through._meta.db_table
    for n in range(GROUPS_OF_THE_MEMBER):
        group, made = Group.objects.get_or_create(
            slug=f"bench-group-{n}",
            defaults={"name": f"Bench group {n}", "collection": "cso", "join_policy": "open"},
        )
        GroupMember.objects.get_or_create(group=group, user=grouped[0])
        if made:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {through} (incident_id, group_id) "  # noqa: S608 - a table name
                    "SELECT id, %s FROM incidents_incident WHERE tlp = 'amber' AND id %% 1000 = %s",
                    [group.pk, n],
                )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(DISTINCT incident_id) FROM {through}")  # noqa: S608
        shared = cursor.fetchone()[0]
    clients = {
        name: (
            Client(port, {"Authorization": f"Token {token}"}),
            Client(port, {"Cookie": f"sessionid={session}"}),
        )
        for name, (_user, token, session) in (("alone", alone), ("in groups", grouped))
    }
    figures: dict = {"shared incidents": shared}
    for label, paths, which in (
        ("map, world zoom", [world], 0),
        ("map, regional zoom", regional, 0),
        ("list, first page", ["/incidents/"], 1),
    ):
        for name in clients:
            for path in paths[:3]:
                clients[name][which].get(path)  # warm up
        samples: dict[str, list[float]] = {name: [] for name in clients}
        for i in range(requests):
            for name in clients:
                samples[name].append(clients[name][which].get(paths[i % len(paths)])[2])
        figures[label] = {name: _percentiles(times) for name, times in samples.items()}
    return figures


def _port_with_a_thousand(cursor) -> tuple[str, str, int]:
    """The busiest port, and the local date from which it has about 1,000 incidents (all
    its history when it has fewer)."""
    cursor.execute(
        "SELECT p.id, p.code, count(*) FROM incidents_incident i JOIN incidents_port p "
        "ON p.id = i.port_id WHERE i.status <> 'retracted' GROUP BY p.id, p.code "
        "ORDER BY count(*) DESC LIMIT 1"
    )
    port_id, code, total = cursor.fetchone()
    cursor.execute(
        "SELECT occurred_on FROM incidents_incident WHERE port_id = %s AND status <> "
        "'retracted' ORDER BY occurred_on DESC OFFSET %s LIMIT 1",
        [port_id, min(total, 1000) - 1],
    )
    since = cursor.fetchone()[0]
    cursor.execute(
        "SELECT count(*) FROM incidents_incident WHERE port_id = %s AND occurred_on >= %s "
        "AND status <> 'retracted'",
        [port_id, since],
    )
    return code, since.isoformat(), cursor.fetchone()[0]


def _time_pdf(viewer, params: dict, runs: int = 7) -> dict:
    """The trend's PDF for a port, made in this process as the worker makes it."""
    from django.http import QueryDict

    from reports.report import trend_pdf

    query = QueryDict(mutable=True)
    query.update(params)
    trend_pdf(viewer, query)  # the first draws with cold font caches
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        document, counted, _marking = trend_pdf(viewer, query)
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    return {
        "p50": seconds[len(seconds) // 2],
        "max": seconds[-1],
        "kb": len(document) / 1024,
        "incidents": counted,
    }


def _export_window(viewer) -> str:
    """A start date from which the bench member sees a little under the streaming limit."""
    from django.conf import settings

    from incidents import selectors

    rows = selectors.incidents(viewer).order_by("-occurred_on").values_list("occurred_on")
    return rows[int(settings.EXPORTS_STREAM_MAX * 0.9)][0].isoformat()


def export_job(user_id: int) -> None:
    """One background export of everything the member sees, in this process: prints the
    rows, the seconds and the process's peak memory as JSON."""
    import resource

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csoa.settings")
    django.setup()
    from incidents.exports import export_write
    from incidents.models import Export

    export = Export.objects.create(created_by_id=user_id, format="csv", query="")
    started = time.perf_counter()
    state = export_write(export_id=export.pk)
    seconds = time.perf_counter() - started
    export.refresh_from_db()
    assert state == "ready", export.error
    figures = {
        "rows": export.total,
        "seconds": seconds,
        "rows_per_second": export.total / seconds,
        "file_mb": export.size / 1024 / 1024,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    export.file.delete(save=False)
    export.delete()
    print(json.dumps(figures))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "measure":
        measure(Path(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "export-job":
        export_job(int(sys.argv[2]))
    else:
        sys.exit(main())
