"""Demo groups: the reporting centre's and the industry supporters' groups (Military and
Industry), a CSO working group joined by request with a request waiting, members in the
Port Crime Working Group (with the founding anchorage study pinned) and in West Africa (with
two of the reporting centre's advisories waiting for the editors' briefing), and a thread in
each. Each group is known by its
name and each thread by its title, so loading twice adds nothing. People are fictional."""

from __future__ import annotations

from chatter.models import Thread
from chatter.services import post_reply, thread_start
from groups import services
from groups.models import Group, GroupFile, GroupMember, JoinRequest, Pin
from members.access import viewer_for
from members.models import Organisation, User

DEMO_GROUPS = [
    {
        "creator": "staff@csoa.example",
        "name": "Gulf of Guinea Maritime Reporting Centre",
        "collection": "military_industry",
        "organisation": "Gulf of Guinea Maritime Reporting Centre",
        "join_policy": "open",
        "description": "The centre's releasable bulletins for the Gulf of Guinea, and its "
        "watchkeepers' answers to CSOs' questions.",
        "contact": "Watch, day and night: +33 2 98 00 00 00 · watch@ggmrc.example · "
        "report approaches on VHF 16 first.",
    },
    {
        "creator": "staff@csoa.example",
        "name": "Maritime Security Industry Forum",
        "collection": "military_industry",
        "organisation": "Maritime Security Industry Forum",
        "join_policy": "open",
        "description": "Industry guidance (BMP, the hardening of ships, security teams) from "
        "the forum's analysts.",
        "contact": "Analysts' desk, office hours: analyst@msif.example.",
    },
    {
        "creator": "cso@northwind.example",
        "name": "Lomé anchorage watch",
        "collection": "cso",
        "join_policy": "request",
        "description": "CSOs whose ships wait at Lomé anchorage: guard boats, VHF working "
        "channels, who is there this month.",
        "members": ["cso@blueanchor.example"],
        "requests": [("analyst@msif.example", "The forum is drafting guidance for Lomé.")],
    },
]
JOINS = {
    "port-crime": ["cso@northwind.example", "cso@blueanchor.example", "analyst@msif.example"],
    "west-africa": ["cso@northwind.example", "cso@blueanchor.example", "watch@ggmrc.example"],
    "gulf-of-guinea-maritime-reporting-centre": ["cso@blueanchor.example"],
}
DEMO_THREADS = [
    {
        "group": "Lomé anchorage watch",
        "author": "cso@northwind.example",
        "title": "Guard boat at Lomé in December: who shares?",
        "tlp": "amber",
        "body": "Shared with this group: two of our tankers are at Lomé anchorage from the "
        "10th. Anyone else there who would share a guard boat?",
        "replies": [("cso@blueanchor.example", "One of ours from the 12th. Count us in.")],
    },
    {
        "group": "Gulf of Guinea Maritime Reporting Centre",
        "author": "watch@ggmrc.example",
        "title": "Reporting a suspicious approach to the centre: what we need",
        "tlp": "green",
        "topic": "bulletin",
        "body": "Position, time (UTC), the number of boats and persons, what they carried, "
        "your course and speed, and what the crew did. Call first, write after.",
        "replies": [
            ("cso@blueanchor.example", "Do you want photos sent to the watch address?"),
            ("watch@ggmrc.example", "Yes, as soon as the ship can: originals, not screenshots."),
        ],
    },
    {
        "group": "west-africa",
        "author": "editor@csoa.example",
        "title": "West Africa: this week's consolidated picture",
        "tlp": "green",
        "region": "west_africa",
        "topic": "bulletin",
        "body": "Two boardings at Lagos anchorage and one attempt off Bonny, all at night "
        "from canoes; the reporting centre's advisory stands. NGLOS-ANCH",
        "replies": [],
    },
]


DEMO_PINS = [
    {
        "group": "port-crime",
        "author": "analyst@msif.example",
        "title": "The founding study: Cotonou anchorage, Friday and Saturday nights",
        "link": "/ports/BJCOO-ANCH/",
        "findings": "Seven of ten boardings on a Friday or a Saturday.\n"
        "All between 23:45 and 04:15 local time.",
    },
]


# Two advisories of the reporting centre, as its RSS feed gives them (a source with no URL:
# never polled), waiting for the editors' West Africa briefing.
DEMO_ADVISORIES = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>GGMRC advisories (demo)</title>
<item><guid>ggmrc-demo-1</guid><title>Night boardings from canoes at Lagos anchorage</title>
<link>https://ggmrc.example/advisories/1</link>
<description>Three boardings in a fortnight, 01:00 to 04:00, by three to five robbers.</description>
<pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate></item>
<item><guid>ggmrc-demo-2</guid><title>Suspicious approaches south of Bonny</title>
<link>https://ggmrc.example/advisories/2</link>
<description>Skiffs with ladders approached two tankers 40 NM south of Bonny.</description>
<pubDate>Wed, 25 Nov 2026 06:30:00 GMT</pubDate></item>
</channel></rss>"""


def _advisories() -> int:
    from feeds import services as feed_services
    from feeds.models import FeedSource

    if FeedSource.objects.filter(slug="ggmrc-advisories-demo").exists():
        return 0
    source = feed_services.source_add(
        name="GGMRC advisories (demo)", format="rss", region="west_africa"
    )
    feed_services.ingest(source, DEMO_ADVISORIES, trigger="upload")
    return 1


DEMO_FILE_TITLE = "Cotonou anchorage: the watch's night routine (checklist)"
DEMO_FILE_HTML = """<html><body style="font-family: sans-serif; margin: 2cm">
<p style="font-weight: bold">TLP:AMBER</p>
<h1 style="font-size: 16pt">Cotonou anchorage: the night routine</h1>
<p>A checklist the Port Crime Working Group drew from its founding study (demo).</p>
<ol><li>Deck patrols every 30 minutes from 23:00 to 05:00 local time, Fridays and
Saturdays above all.</li><li>Lights on the hull and the anchor chain; the chain pipe
closed.</li><li>Report any approach by canoe to the port's VTS and to the regional centre.
</li></ol></body></html>"""


def _file() -> int:
    """A checklist in the Port Crime Working Group's files: a PDF made here, added through
    the same checks as any member's upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from weasyprint import HTML

    if GroupFile.objects.unrestricted().filter(title=DEMO_FILE_TITLE).exists():
        return 0
    pdf = HTML(string=DEMO_FILE_HTML).write_pdf()
    services.file_add(
        actor=_user("analyst@msif.example"),
        group=_group("port-crime"),
        upload=SimpleUploadedFile("cotonou-night-routine.pdf", pdf, "application/pdf"),
        title=DEMO_FILE_TITLE,
        note="Drawn from the founding study's ten boardings.",
    )
    return 1


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _group(name: str) -> Group:
    return Group.objects.filter(slug=name).first() or Group.objects.get(name=name)


def seed_groups() -> int:
    added = 0
    for demo in DEMO_GROUPS:
        if Group.objects.filter(name=demo["name"], collection=demo["collection"]).exists():
            continue
        organisation = Organisation.objects.filter(name=demo.get("organisation", "")).first()
        group = services.group_create(
            creator=_user(demo["creator"]),
            name=demo["name"],
            collection=demo["collection"],
            join_policy=demo["join_policy"],
            description=demo["description"],
            organisation=organisation,
            contact=demo.get("contact", ""),
        )
        for email in demo.get("members", []):
            GroupMember.objects.get_or_create(group=group, user=_user(email))
        for email, reason in demo.get("requests", []):
            JoinRequest.objects.create(group=group, user=_user(email), reason=reason)
        added += 1
    for slug, emails in JOINS.items():
        group = Group.objects.get(slug=slug)
        for email in emails:
            if group.pk not in viewer_for(_user(email)).groups:
                services.group_join(user=_user(email), group=group)
                added += 1
    for demo in DEMO_THREADS:
        if Thread.objects.unrestricted().filter(title=demo["title"]).exists():
            continue
        thread = thread_start(
            author=_user(demo["author"]),
            title=demo["title"],
            body=demo["body"],
            tlp=demo["tlp"],
            topic=demo.get("topic", "discussion"),
            region=demo.get("region", ""),
            group=_group(demo["group"]),
        )
        for email, text in demo["replies"]:
            post_reply(author=_user(email), thread=thread, body=text)
        added += 1
    added += _advisories()
    for demo in DEMO_PINS:
        if Pin.objects.unrestricted().filter(title=demo["title"]).exists():
            continue
        services.pin_add(
            actor=_user(demo["author"]),
            group=_group(demo["group"]),
            title=demo["title"],
            link=demo["link"],
            findings=demo["findings"],
        )
        added += 1
    added += _file()
    return added
