"""The feeds part of ``make bench``: the real NGA ASAM and IMB archives (``../shared/data``,
or ``BENCH_DATA``) read, extracted and stored, timed; a second run that must change nothing;
and, with ``BENCH_FEEDS_ACCEPT=1``, both archives accepted automatically, to count how many
records became incidents and how many were matched with another source's incident.

Runs in a database of its own (``csoa_bench_feeds``), made afresh each time.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("BENCH_DATA") or ROOT.parent / "shared" / "data")
ARCHIVES = {
    "asam-json": DATA / "asam" / "asam_api_2022-06-21.json",
    "asam-csv": DATA / "asam" / "asam_export_2022-06-21.csv",
    "imb-csv": DATA / "imb" / "pirate_attacks.csv",
}


def _say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def main(base_url: str) -> dict | None:
    """Make the database and measure in a process of its own; returns the figures."""
    from csoa.dev.bench import measured_apart

    missing = [str(path) for path in ARCHIVES.values() if not path.exists()]
    if missing:
        _say(f"feeds: skipped, the real archives are not here ({', '.join(missing)})")
        return None
    return measured_apart(base_url, "csoa_bench_feeds", "csoa.dev.bench_feeds")


def _timed(source, content: bytes) -> dict:
    from feeds import services

    started = time.perf_counter()
    run = services.ingest(source, content, trigger="command")
    seconds = time.perf_counter() - started
    assert run.state == "succeeded", run.error
    return {
        **run.counts,
        "accepted": run.accepted,
        "attached": run.attached,
        "seconds": round(seconds, 2),
    }


def _history() -> dict:
    """The first start's load of the shipped archives, on an empty database: read, stored,
    matched, accepted in bulk and counted into the cells; the cells checked afterwards."""
    from feeds import archives
    from incidents.cells import KINDS
    from incidents.models import Incident

    started = time.perf_counter()
    runs = archives.load()
    seconds = time.perf_counter() - started
    assert [run.state for run in runs] == ["succeeded"] * len(archives.ARCHIVES)
    again = time.perf_counter()
    assert archives.load() == []
    return {
        "seconds": round(seconds, 1),
        "again_seconds": round(time.perf_counter() - again, 2),
        "records": sum(run.fetched for run in runs),
        "incidents": Incident.objects.unrestricted().count(),
        "attached": sum(run.attached for run in runs),
        "queued": sum(run.fetched - run.rejected - run.accepted - run.attached for run in runs),
        "cells_differing": sum(cells.differences() for cells in KINDS.values()),
    }


def measure(out: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csoa.settings")
    django.setup()
    from feeds import services
    from feeds.models import FeedItem
    from incidents.models import Incident

    content = {fmt: path.read_bytes() for fmt, path in ARCHIVES.items()}
    figures: dict = {"history": _history()}
    asam = services.source_add(name="NGA ASAM", format="asam-json", reliability="B")
    figures["asam_json_first"] = _timed(asam, content["asam-json"])
    figures["asam_json_again"] = _timed(asam, content["asam-json"])
    csv_source = services.source_add(name="NGA ASAM CSV", format="asam-csv", reliability="B")
    figures["asam_csv_first"] = _timed(csv_source, content["asam-csv"])
    imb = services.source_add(name="IMB PRC", format="imb-csv", reliability="B")
    figures["imb_first"] = _timed(imb, content["imb-csv"])
    figures["imb_again"] = _timed(imb, content["imb-csv"])
    figures["items"] = FeedItem.objects.count()
    figures["likely_matches"] = FeedItem.objects.filter(match__isnull=False).count()
    if os.environ.get("BENCH_FEEDS_ACCEPT") == "1":
        auto_asam = services.source_add(
            name="NGA ASAM accepted", format="asam-json", reliability="B", auto_accept=True
        )
        auto_imb = services.source_add(
            name="IMB PRC accepted", format="imb-csv", reliability="B", auto_accept=True
        )
        figures["asam_accepted"] = _timed(auto_asam, content["asam-json"])
        figures["imb_accepted"] = _timed(auto_imb, content["imb-csv"])
        figures["asam_accepted_again"] = _timed(auto_asam, content["asam-json"])
        figures["imb_accepted_again"] = _timed(auto_imb, content["imb-csv"])
        figures["incidents"] = Incident.objects.unrestricted().count()
    out.write_text(json.dumps(figures, indent=2))


def report(figures: dict) -> None:
    h = figures["history"]
    verdict = "ok" if h["seconds"] <= 60 and h["cells_differing"] == 0 else "MISSED"
    print("\nFirst start: the shipped public archives (NGA ASAM, IMB) loaded through the feeds")
    print(
        f"  {h['records']:,} records read, matched and accepted in bulk in {h['seconds']:.1f} s "
        f"(target <= 60 s) {verdict}"
    )
    print(
        f"  {h['incidents']:,} incidents; {h['attached']:,} records matched with an incident "
        f"already held; {h['queued']:,} left for an editor; cells differing "
        f"{h['cells_differing']:,}"
    )
    print(f"  a second start: nothing to load, {h['again_seconds']:.2f} s")
    print("\nFeeds: the real archives")
    rows = [
        ("ASAM JSON, first run", "asam_json_first"),
        ("ASAM JSON, again", "asam_json_again"),
        ("ASAM CSV, first run", "asam_csv_first"),
        ("IMB CSV, first run", "imb_first"),
        ("IMB CSV, again", "imb_again"),
        ("ASAM accepted", "asam_accepted"),
        ("IMB accepted", "imb_accepted"),
        ("ASAM accepted, again", "asam_accepted_again"),
        ("IMB accepted, again", "imb_accepted_again"),
    ]
    for label, key in rows:
        if key not in figures:
            continue
        f = figures[key]
        print(
            f"  {label:<24} {f['seconds']:6.2f} s  fetched {f['fetched']:,}, new {f['new']:,}, "
            f"updated {f['updated']:,}, unchanged {f['unchanged']:,}, rejected {f['rejected']:,}"
            + (
                f", incidents {f['accepted']:,}, attached {f['attached']:,}"
                if f["accepted"] or f["attached"]
                else ""
            )
        )
    first = figures["asam_json_first"]["seconds"]
    verdict = "ok" if first < 5 else "MISSED"
    print(
        f"  ASAM: 8,642 records parsed, extracted and stored in {first:.2f} s "
        f"(target < 5 s) {verdict}"
    )
    print(
        f"  items {figures['items']:,}; likely matches shown to editors "
        f"{figures['likely_matches']:,}"
    )
    if "incidents" in figures:
        print(f"  incidents after both archives were accepted: {figures['incidents']:,}")
    from feeds.evaluation import DEV, HELD_OUT, SAMPLE, TEST, evaluate, load, table

    for paths, what in (
        ((TEST,), "the measure, which no rule was written against"),
        ((DEV, SAMPLE, HELD_OUT), "the development material the rules were revised on"),
    ):
        records = [record for path in paths for record in load(path)]
        print(f"\nReading the narrative: {len(records)} records labelled by hand, {what}")
        print("\n".join(table(evaluate(records))))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "measure":
        measure(Path(sys.argv[2]))
