"""Demo incidents for `make run`: every verification status, updates, photos and a document.

Loaded by ``manage.py seed_demo`` after the demo accounts. Each incident is recognised by its
vessel and date, so loading twice adds nothing. Vessels and people are fictional.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from incidents.forms import clean_search_query
from incidents.models import Incident, Port, SavedSearch
from incidents.services import incident_change, incident_report, saved_search_save, update_add
from members.access import TLP
from members.models import User

# reporter, facts, then (status, reason) steps by the editor, then updates (author, text, file)
DEMO_INCIDENTS = [
    {
        "reporter": "cso@northwind.example",
        "facts": {
            "port": "NGLOS-ANCH",
            "occurred_on": dt.date(2025, 3, 14),
            "occurred_time": dt.time(2, 55),
            "category": "boarded",
            "outcome": "successful",
            "perpetrators": 3,
            "weapons": ["knives"],
            "crew_restrained": True,
            "targets": ["forecastle_store"],
            "stolen": "Mooring rope and paint",
            "vessel_name": "Northwind Aurora",
            "vessel_type": "product_tanker",
            "vessel_flag": "MT",
            "vessel_status": "anchored",
            "crew_on_board": 22,
            "description": "Three robbers armed with knives boarded the anchored tanker from a "
            "canoe, tied up the duty AB and escaped with stores from the forecastle store.",
        },
        "steps": [("verified", "Confirmed with the vessel's master and the agent.")],
        "updates": [
            (
                "watch@ggmrc.example",
                "Navy patrol informed; two similar boardings this month.",
                None,
            ),
            ("cso@northwind.example", "Photo of the forecastle store after the boarding.", "photo"),
        ],
    },
    {
        "reporter": "cso@blueanchor.example",
        "facts": {
            "latitude": 1.2650,
            "longitude": 104.0850,
            "occurred_on": dt.date(2025, 5, 2),
            "occurred_time": dt.time(23, 40),
            "category": "boarded",
            "outcome": "successful",
            "perpetrators": 4,
            "weapons": ["knives"],
            "targets": ["engine_room"],
            "stolen": "Engine spares",
            "vessel_name": "Blue Anchor Star",
            "vessel_type": "bulk_carrier",
            "vessel_flag": "PA",
            "vessel_status": "underway",
            "description": "Four robbers boarded the bulk carrier underway in the Singapore "
            "Strait and stole engine spares. The crew was not harmed.",
            "tlp": TLP.CLEAR,
        },
        "steps": [
            ("verified", "Reported by the master to the reporting centre."),
            ("confirmed", "Confirmed by the coastal state's navy."),
        ],
        "updates": [("cso@blueanchor.example", "The master's report.", "document")],
    },
    {
        "reporter": "cso@northwind.example",
        "facts": {
            "port": "PECLL-ANCH",
            "occurred_on": dt.date(2025, 8, 22),
            "occurred_time": dt.time(3, 10),
            "category": "attempted",
            "outcome": "unsuccessful",
            "foiled_by": ["crew_alert", "alarm"],
            "perpetrators": 2,
            "vessel_name": "Northwind Breeze",
            "vessel_type": "tanker",
            "vessel_status": "anchored",
            "description": "Two persons tried to climb the anchor chain; the alert crew raised "
            "the alarm and they fled.",
        },
        "steps": [],
        "updates": [],
    },
    {
        "reporter": "watch@ggmrc.example",
        "facts": {
            "latitude": 3.9500,
            "longitude": 6.9000,
            "occurred_on": dt.date(2025, 1, 9),
            "occurred_time": None,
            "category": "kidnapping",
            "outcome": "successful",
            "perpetrators": 8,
            "weapons": ["guns"],
            "crew_assaulted": True,
            "crew_kidnapped": 6,
            "crew_on_board": 19,
            "vessel_type": "general_cargo",
            "vessel_status": "underway",
            "description": "Pirates armed with guns boarded the vessel off the Niger Delta and "
            "kidnapped six crew members. Time not reported.",
            "tlp": TLP.AMBER,
        },
        "steps": [("verified", "Reported by the regional reporting centre.")],
        "updates": [],
    },
    {
        "reporter": "analyst@msif.example",
        "facts": {
            "latitude": 13.9000,
            "longitude": 42.3000,
            "occurred_on": dt.date(2024, 12, 18),
            "occurred_time": dt.time(14, 20),
            "category": "drone_attack",
            "outcome": "successful",
            "crew_injured": 1,
            "vessel_name": "Meridian Trader",
            "vessel_type": "container",
            "vessel_status": "underway",
            "description": "An uncrewed aerial vehicle struck the container ship's deck; one "
            "crew member was slightly injured.",
            "tlp": TLP.CLEAR,
        },
        "steps": [
            ("verified", "Reported by the naval operation in the area."),
            ("confirmed", "Confirmed by the flag state."),
        ],
        "updates": [],
    },
    {
        "reporter": "cso@blueanchor.example",
        "facts": {
            "port": "BDCGP-ANCH",
            "occurred_on": dt.date(2025, 6, 30),
            "occurred_time": dt.time(1, 5),
            "category": "theft",
            "outcome": "successful",
            "perpetrators": 5,
            "targets": ["ships_stores"],
            "stolen": "Fire hoses",
            "vessel_name": "Blue Anchor Dawn",
            "vessel_type": "bulk_carrier",
            "vessel_status": "anchored",
            "description": "Stores found missing at dawn; the crew believes five persons came "
            "aboard in the night.",
        },
        "steps": [("disputed", "The port authority says the hoses were landed for testing.")],
        "updates": [],
    },
    {
        "reporter": "cso@northwind.example",
        "facts": {
            "port": "IDDUM-ANCH",
            "occurred_on": dt.date(2025, 9, 5),
            "occurred_time": dt.time(22, 15),
            "category": "suspicious_approach",
            "outcome": "unsuccessful",
            "vessel_name": "Northwind Aurora",
            "vessel_type": "product_tanker",
            "vessel_status": "anchored",
            "description": "A small boat circled the tanker twice and left.",
        },
        "steps": [("retracted", "The boat was a pilot launch: not a security incident.")],
        "updates": [],
    },
]


def _photo() -> bytes:
    image = Image.new("RGB", (960, 640), (70, 90, 110))
    draw = ImageDraw.Draw(image)
    draw.rectangle((120, 380, 840, 600), fill=(150, 40, 30))
    draw.text((140, 400), "Forecastle store, port side", fill=(255, 255, 255))
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "DemoCam"
    image.save(out, "JPEG", quality=80, exif=exif)
    return out.getvalue()


def _document() -> bytes:
    """A one-page master's report, as a real PDF."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8.27, 11.69))
    lines = [
        "MASTER'S REPORT",
        "MV Blue Anchor Star, bulk carrier, underway in the Singapore Strait",
        "",
        "2340 LT: four robbers armed with knives boarded from the stern.",
        "Engine room entered; engine spares stolen. No crew harmed.",
        "Alarm raised, crew mustered, robbers escaped in a small boat.",
        "Reported to the reporting centre and the coastal state at 0010 LT.",
    ]
    for n, line in enumerate(lines):
        figure.text(0.1, 0.9 - n * 0.03, line, fontsize=14 if n == 0 else 10)
    out = io.BytesIO()
    figure.savefig(out, format="pdf")
    return out.getvalue()


def _file(kind: str) -> SimpleUploadedFile:
    if kind == "photo":
        return SimpleUploadedFile("forecastle.jpg", _photo(), "image/jpeg")
    return SimpleUploadedFile("master-report.pdf", _document(), "application/pdf")


# Who follows what, so the bell, the inbox and the mail have something to show: (email,
# target type, key, level, mail of new incidents).
DEMO_WATCHES = [
    ("cso@northwind.example", "region", "west_africa", 3, "daily"),
    ("cso@blueanchor.example", "port", "NGLOS", 3, "immediately"),
    ("cso@blueanchor.example", "region", "south_east_asia", 2, ""),
    ("watch@ggmrc.example", "region", "west_africa", 3, "weekly"),
]


def seed_watches() -> None:
    """The demo watches (kept as they are when they exist: a demo user may have changed one)."""
    from members.access import viewer_for
    from members.models import Watch
    from members.notifications import TARGETS
    from members.notifications.services import watch_set

    for email, target_type, key, level, rhythm in DEMO_WATCHES:
        user = User.objects.get(email=email)
        if Watch.objects.filter(user=user, target_type=target_type, target_key=key).exists():
            continue
        label, criteria = TARGETS[target_type].describe(viewer_for(user), key)
        watch_set(
            user=user,
            target_type=target_type,
            target_key=key,
            label=label,
            level=level,
            mail=rhythm,
            criteria=criteria,
        )


def seed_incidents(editor_email: str = "editor@csoa.example") -> int:
    """Load the demo incidents that are not there yet; returns how many were added."""
    editor = User.objects.get(email=editor_email)
    seed_watches()
    added = 0
    for demo in DEMO_INCIDENTS:
        facts = dict(demo["facts"])
        exists = Incident.objects.unrestricted().filter(
            occurred_on=facts["occurred_on"],
            vessel_name=facts.get("vessel_name", ""),
            category=facts["category"],
        )
        if exists.exists():
            continue
        reporter = User.objects.get(email=demo["reporter"])
        if "port" in facts:
            facts["port"] = Port.objects.get(code=facts["port"])
        incident = incident_report(
            reporter=reporter, organisation=reporter.membership.organisation, **facts
        )
        for status, reason in demo["steps"]:
            incident_change(incident=incident, actor=editor, reason=reason, status=status)
        for author_email, text, kind in demo["updates"]:
            update_add(
                incident=incident,
                author=User.objects.get(email=author_email),
                text=text,
                files=[_file(kind)] if kind else [],
            )
        added += 1
    added += seed_study_year(editor_email=editor_email)
    for email, name, query, view in DEMO_SEARCHES:
        owner = User.objects.get(email=email)
        if not SavedSearch.objects.filter(owner=owner, name=name).exists():
            saved_search_save(  # alerting as a member's new search does
                owner=owner, name=name, query=clean_search_query(query), view=view
            )
    return added


# A year at Cotonou anchorage in the pattern of the study that founded the platform (ten
# incidents; seven on a Friday or Saturday; all between 23:45 and 04:15; three to ten robbers;
# the duty AB tied up in seven and assaulted in two; knives in four, a gun in one; the
# forecastle store nine times, the bosun store once; two foiled by an alert crew), dated
# within the twelve months before the demo is loaded so that the port's page shows it.
# Each row: ISO weekday, local time, robbers, weapons, tied up, assaulted, target, foiled.
DEMO_STUDY = [
    (5, "23:45", 3, ["knives"], True, True, "forecastle_store", False),
    (6, "01:10", 10, ["knives", "guns"], True, False, "forecastle_store", False),
    (5, "02:59", 5, ["knives"], True, True, "forecastle_store", False),
    (6, "03:20", 6, [], True, False, "forecastle_store", True),
    (5, "04:15", 4, ["knives"], True, False, "bosun_store", False),
    (6, "00:30", 5, [], True, False, "forecastle_store", False),
    (5, "02:00", 8, [], True, False, "forecastle_store", True),
    (2, "01:45", 9, [], False, False, "forecastle_store", False),
    (3, "03:05", 5, [], False, False, "forecastle_store", False),
    (4, "23:55", 6, [], False, False, "forecastle_store", False),
]


def seed_study_year(today: dt.date | None = None, editor_email: str = "editor@csoa.example"):
    """The study's year at Cotonou anchorage, verified; skipped when it is there already."""
    if Incident.objects.unrestricted().filter(vessel_name__startswith="Study Vessel").exists():
        return 0
    today = today or dt.date.today()
    editor = User.objects.get(email=editor_email)
    reporter = User.objects.get(email="watch@ggmrc.example")
    anchorage = Port.objects.get(code="BJCOO-ANCH")
    for n, (weekday, time, robbers, weapons, tied, assaulted, target, foiled) in enumerate(
        DEMO_STUDY
    ):
        day = today - dt.timedelta(days=330 - 30 * n)
        day -= dt.timedelta(days=(day.isoweekday() - weekday) % 7)  # back to that weekday
        incident = incident_report(
            reporter=reporter,
            organisation=reporter.membership.organisation,
            port=anchorage,
            occurred_on=day,
            occurred_time=dt.time.fromisoformat(time),
            category="attempted" if foiled else "boarded",
            outcome="unsuccessful" if foiled else "successful",
            foiled_by=["crew_alert"] if foiled else [],
            perpetrators=robbers,
            weapons=weapons,
            crew_restrained=tied,
            crew_assaulted=assaulted,
            targets=[target],
            vessel_name=f"Study Vessel {n + 1}",
            vessel_type="tanker",
            vessel_status="anchored",
            description=f"{robbers} robbers boarded the anchored tanker at night.",
        )
        incident_change(incident=incident, actor=editor, reason="Demo data.", status="verified")
    return len(DEMO_STUDY)


DEMO_SEARCHES = [
    ("cso@northwind.example", "Lagos anchorage", "port=NGLOS-ANCH", "list"),
    (
        "cso@northwind.example",
        "Gulf of Guinea boardings",
        "category=boarded&region=west_africa&view=5/4.0/3.0",
        "map",
    ),
]
