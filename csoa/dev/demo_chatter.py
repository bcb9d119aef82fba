"""Demo threads for CSO Chatter: a reporting centre's releasable bulletin and its debate, a
question about a coast guard inspection answered by another company's CSO, the anchorage
study shared from its trend page, and an AMBER thread between two companies. Each is known
by its title, so loading twice adds nothing. People and vessels are fictional."""

from __future__ import annotations

import re

from chatter.models import Thread
from chatter.services import post_reply, thread_answer, thread_start
from members.models import Organisation, User

DEMO_THREADS = [
    {
        "author": "watch@ggmrc.example",
        "title": "Releasable: robbery pattern at Lagos anchorage, night boardings from canoes",
        "topic": "bulletin",
        "tlp": "green",
        "region": "west_africa",
        "body": (
            "**GGMRC advisory, releasable to industry.** Three boardings at Lagos anchorage "
            "in the last fortnight, all between 01:00 and 04:00, by three to five robbers in "
            "canoes, using hooks and ladders at the stern.\n\n"
            "- Keep deck lights on and the stern watched.\n"
            "- Report approaches at once on VHF 16 and to the centre.\n\n"
            "See CSOA-2025-0001 and the port's figures: NGLOS-ANCH."
        ),
        "replies": [
            (
                "cso@northwind.example",
                "Our tanker was boarded there in March: same pattern, "
                "the forecastle store. We now put a second watchman forward from midnight.",
            ),
            (
                "cso@blueanchor.example",
                "Does anyone have experience with the anchorage security boats? Worth the cost?",
            ),
            (
                "watch@ggmrc.example",
                "They deter, but patrols are irregular. Ask your agent "
                "for the licensed providers' list.",
            ),
        ],
    },
    {
        "author": "cso@blueanchor.example",
        "title": "Coast guard inspection at Chittagong: what do they ask for?",
        "topic": "question",
        "tlp": "green",
        "region": "indian_subcontinent",
        "body": "One of our masters was held for six hours by an inspection team. Which "
        "papers should be ready, and who do we call if it drags on?",
        "replies": [
            (
                "cso@northwind.example",
                "Crew list, stores list and the ISPS certificate, "
                "printed, in three copies. The agent's duty officer can call the station: ask "
                "for the name of the officer in charge at the start.",
            ),
        ],
        "answer": 2,
    },
    {
        "author": "analyst@msif.example",
        "title": "The Cotonou anchorage study, from its trend page",
        "topic": "lesson",
        "tlp": "green",
        "region": "west_africa",
        "body": "The study that founded the platform, to drill into: "
        "[the trend at Cotonou anchorage](/ports/BJCOO-ANCH/). Seven of ten boardings on a "
        "Friday or a Saturday, all between 23:45 and 04:15 local time. BJCOO-ANCH",
        "replies": [],
    },
    {
        "author": "cso@northwind.example",
        "title": "Joint watch arrangements for our ships at Lomé",
        "topic": "discussion",
        "tlp": "amber",
        "share_with": "Blue Anchor Lines",
        "body": "Shared with Blue Anchor Lines only: our ships are at Lomé anchorage together "
        "next month. Shall we share a guard boat and a VHF working channel?",
        "replies": [
            (
                "cso@blueanchor.example",
                "Yes, @<cso@northwind.example>. Our agent can arrange the boat; channel 72.",
            ),
        ],
    },
]


def _mentions(text: str) -> str:
    """``@<email>`` in a demo post: that person's handle."""
    return re.sub(r"@<([^>]+)>", lambda m: "@" + User.objects.get(email=m[1]).handle, text)


def seed_threads() -> int:
    added = 0
    for demo in DEMO_THREADS:
        if Thread.objects.unrestricted().filter(title=demo["title"]).exists():
            continue
        share = Organisation.objects.filter(name=demo.get("share_with", "")).first()
        thread = thread_start(
            author=User.objects.get(email=demo["author"]),
            title=demo["title"],
            body=demo["body"],
            tlp=demo["tlp"],
            topic=demo["topic"],
            region=demo.get("region", ""),
            share_with=[share] if share else [],
        )
        posts = [
            post_reply(author=User.objects.get(email=email), thread=thread, body=_mentions(text))
            for email, text in demo["replies"]
        ]
        if demo.get("answer"):
            thread_answer(actor=thread.created_by, thread=thread, post=posts[demo["answer"] - 2])
        added += 1
    return added
