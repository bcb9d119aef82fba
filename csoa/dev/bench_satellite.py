"""The satellite part of ``make bench``: the platform as a ship's CSO sees it over a
satellite link, in Chromium with its network emulation at 256 kbit/s each way and 700 ms
round trips, every page cold (a new browser context, the cache disabled) and the tile server
unreachable.

The database is made afresh (``csoa_bench_satellite``) and holds the first start's history:
the shipped public archives, about 14,600 incidents. gunicorn serves it in production
settings (compressed pages, hashed and compressed static files). A logged-in member opens:

- the map, until its first markers are drawn;
- an incident page, until its first contentful paint (the page is readable: styles are
  loaded before anything is painted);
- the list, until its first contentful paint.

Each is opened ``BENCH_SATELLITE_RUNS`` times (default 3); the median is reported, with the
bytes the page moved.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path

KBIT = 1000 / 8
LINK = {"latency": 700, "downloadThroughput": 256 * KBIT, "uploadThroughput": 256 * KBIT}
TARGETS_S = {"map": 4.0, "incident page": 3.0, "list": 2.0}


def _say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def main(base_url: str) -> dict | None:
    from csoa.dev.bench import measured_apart

    return measured_apart(base_url, "csoa_bench_satellite", "csoa.dev.bench_satellite")


FIRST_PAINT = """() => new Promise(done => {
  const seen = performance.getEntriesByName("first-contentful-paint");
  if (seen.length) { done(seen[0].startTime); return; }
  new PerformanceObserver(list => {
    const entry = list.getEntriesByName("first-contentful-paint")[0];
    if (entry) { done(entry.startTime); }
  }).observe({ type: "paint", buffered: true });
})"""
MARKERS = "document.querySelector('.leaflet-marker-icon, path.incident')"


def _open(browser, base: str, session: str, path: str, until: str) -> tuple[float, int]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=base)
    context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
    context.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {"offline": False, **LINK})
    moved = []
    cdp.on("Network.loadingFinished", lambda event: moved.append(event["encodedDataLength"]))
    page.goto(path, wait_until="commit", timeout=120_000)
    if until == "markers":
        page.wait_for_function(f"() => {MARKERS} !== null", timeout=120_000, polling=50)
        seconds = page.evaluate("performance.now()") / 1000
    else:
        seconds = page.evaluate(FIRST_PAINT) / 1000
    page.wait_for_load_state("load", timeout=120_000)
    context.close()
    return seconds, int(sum(moved))


def _headers(port: int, session: str) -> dict:
    """How the pages and static files are sent: compressed, and for how long kept."""
    import gzip
    import http.client
    import re

    def get(path: str) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(
            "GET", path, headers={"Accept-Encoding": "gzip", "Cookie": f"sessionid={session}"}
        )
        return connection.getresponse()

    page = get("/incidents/map/")
    body = page.read()
    html = gzip.decompress(body) if page.getheader("Content-Encoding") == "gzip" else body
    scripts = re.findall(rb'src="(/static/[^"]+\.js)"', html)
    static = get(scripts[0].decode())
    static.read()
    return {
        "html_encoding": page.getheader("Content-Encoding") or "none",
        "static_encoding": static.getheader("Content-Encoding") or "none",
        "static_cache": static.getheader("Cache-Control") or "none",
        "scripts": [name.decode().rsplit("/", 1)[-1] for name in scripts],
    }


def measure(out: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csoa.settings")
    django.setup()
    from playwright.sync_api import sync_playwright

    from csoa.dev.bench import _bench_member, server_for
    from feeds import archives
    from incidents.models import Incident

    archives.load()
    reference = (
        Incident.objects.unrestricted().order_by("-occurred_at").values_list("reference", flat=True)
    )[0]
    _user, _token, session = _bench_member()
    server, port = server_for("bench-satellite")
    base = f"http://127.0.0.1:{port}"
    runs = int(os.environ.get("BENCH_SATELLITE_RUNS", "3"))
    pages = {
        "map": ("/incidents/map/", "markers"),
        "incident page": (f"/incidents/{reference}/", "paint"),
        "list": ("/incidents/", "paint"),
    }
    figures: dict = {"incidents": Incident.objects.unrestricted().count()}
    try:
        figures["headers"] = _headers(port, session)
        with sync_playwright() as playwright:
            executable = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
            browser = playwright.chromium.launch(
                executable_path=executable if Path(executable).exists() else None,
                args=["--no-sandbox"],
            )
            for name, (path, until) in pages.items():
                timed = [_open(browser, base, session, path, until) for _ in range(runs)]
                figures[name] = {
                    "seconds": round(statistics.median(t for t, _ in timed), 2),
                    "all": [round(t, 2) for t, _ in timed],
                    "kb": round(statistics.median(b for _, b in timed) / 1024, 1),
                }
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    out.write_text(json.dumps(figures, indent=2))


def report(figures: dict) -> None:
    print("\nThe satellite link: 256 kbit/s, 700 ms round trips, a cold cache, no tile server")
    print(f"  {figures['incidents']:,} incidents (the shipped archives); a member at 390 px")
    h = figures["headers"]
    print(
        f"  pages sent {h['html_encoding']}; static files {h['static_encoding']}, "
        f"Cache-Control: {h['static_cache']}; the map page's scripts: {', '.join(h['scripts'])}"
    )
    for name, target in TARGETS_S.items():
        f = figures[name]
        verdict = "ok" if f["seconds"] <= target else "MISSED"
        what = "first markers" if name == "map" else "readable (first contentful paint)"
        runs = ", ".join(f"{t:.2f}" for t in f["all"])
        print(
            f"  {name:<14} {what:<34} {f['seconds']:5.2f} s (runs {runs}; {f['kb']:,.1f} KB "
            f"moved) target <= {target:.0f} s {verdict}"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "measure":
        measure(Path(sys.argv[2]))
