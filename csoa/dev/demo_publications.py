"""The editors' demo publications: a closed First Response Report on a tanker seizure with
its three updates; a West Africa bulletin in force and the expired one it superseded; two
workshops to come and a past conference with its report. Written through the publishing
services, then dated as they would have been; running it again adds nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from groups.models import Group
from members.models import User
from reports.models import Publication, PublicationUpdate
from reports.publications import services

EDITOR = "editor@csoa.example"
FRR_TITLE = "CSOA First Response Report: tanker seized in the Strait of Hormuz"
UTC = dt.UTC


def _at(year, month, day, hour=0, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def _dated(publication: Publication, when: dt.datetime, **more) -> None:
    Publication.objects.unrestricted().filter(pk=publication.pk).update(
        created_at=when, published_at=when, **more
    )


def _first_response(editor: User) -> None:
    report = services.publication_draft(
        author=editor,
        kind="first_response",
        title=FRR_TITLE,
        tlp="clear",
        summary="A British-flagged product tanker was boarded from helicopters and fast craft "
        "and taken into port while in transit, outbound through the strait.",
        occurred_at=_at(2019, 7, 19, 15, 30),
        latitude=26.35,
        longitude=56.25,
        vessel="Product tanker, British flag, 30,000 dwt",
        crew="23 (no British nationals)",
        injuries="None reported",
        not_known="Whether the crew will be allowed to leave; the "
        "legal basis claimed for the seizure.",
        assessment="A state-directed seizure in response to an earlier detention. Further "
        "seizures of vessels linked to the same flag are likely while the dispute lasts.",
        advice_csos="Review transits of the strait for vessels under the affected flag; "
        "register with the reporting centre before entering the area.",
        advice_masters="Keep AIS on; report any approach by small craft at once; do not "
        "resist a boarding by state forces.",
        sources=[
            ("Reporting centre advisory", "B", 2),
            ("Owner's statement", "A", 2),
            ("Press reports", "C", 3),
        ],
    )
    services.publication_publish(actor=editor, publication=report)
    _dated(report, _at(2019, 7, 20, 6, 10))
    log = [
        (
            _at(2019, 7, 20, 14, 0),
            "The vessel is at anchor off Bandar Abbas; the crew is reported safe and on board.",
            "updated",
        ),
        (
            _at(2019, 7, 22, 9, 30),
            "The flag state has asked for the vessel's release; naval "
            "escorts are being arranged for the flag's other transits.",
            "updated",
        ),
        (
            _at(2019, 9, 27, 8, 0),
            "The vessel was released and has left the port. This report is closed.",
            "closed",
        ),
    ]
    for when, text, status in log:
        update = services.publication_update_add(
            actor=editor, publication=report, text=text, response_status=status
        )
        PublicationUpdate.objects.filter(pk=update.pk).update(created_at=when)
    Publication.objects.unrestricted().filter(pk=report.pk).update(updated_at=log[-1][0])


def _bulletins(editor: User) -> None:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    group = Group.objects.filter(slug="west-africa").first()
    common = {
        "issuer": "CSOA West Africa desk",
        "bulletin_kind": "threat_bulletin",
        "region": "west_africa",
        "group": group,
        "tlp": "green",
        "verified": True,
    }
    expired = services.publication_draft(
        author=editor,
        kind="bulletin",
        title="Gulf of Guinea: kidnap threat off the Niger Delta",
        sequence=f"{now.year}/040",
        threat_level="severe",
        summary="Two boardings with crew kidnapped within 60 nm of the coast in ten days.",
        recommended_actions="Stay more than 250 nm from the coast where trading allows; "
        "report to the regional reporting centre every six hours.",
        contacts="Reporting centre watch: +33 2 98 22 88 88",
        **common,
    )
    services.publication_publish(actor=editor, publication=expired)
    _dated(
        expired,
        now - dt.timedelta(days=21),
        issued_at=now - dt.timedelta(days=21),
        cutoff_at=now - dt.timedelta(days=21, hours=6),
        valid_until=now - dt.timedelta(days=7),
    )
    current = services.publication_draft(
        author=editor,
        kind="bulletin",
        title="Gulf of Guinea: boardings at Lomé and Cotonou anchorages",
        sequence=f"{now.year}/041",
        threat_level="substantial",
        summary="Night-time boardings for theft at the anchorages continue; no kidnaps since "
        "the last bulletin.",
        supersedes=expired,
        cutoff_at=now - dt.timedelta(hours=8),
        valid_until=now + dt.timedelta(days=14),
        recommended_actions="Keep deck watches and lighting through the night at anchor; "
        "report every approach.",
        contacts="Reporting centre watch: +33 2 98 22 88 88",
        **common,
    )
    services.publication_publish(actor=editor, publication=current)


def _events(editor: User) -> None:
    conference = services.publication_draft(
        author=editor,
        kind="event",
        title="Maritime Information Warfare Conference",
        tlp="clear",
        summary="Two days on information warfare at sea: spoofing, jamming and "
        "deception, and what they mean for ship security.",
        starts=_at(2019, 11, 18, 9),
        ends=_at(2019, 11, 19, 17),
        time_zone="Europe/London",
        venue="London",
        organiser="Conference organisers",
        audience="CSOs, masters, navies",
    )
    services.publication_publish(actor=editor, publication=conference)
    report = services.publication_draft(
        author=editor,
        kind="news",
        tlp="clear",
        title="Report: Maritime Information Warfare Conference",
        summary="What CSOs took away from the two days in London.",
        body="Speakers from navies, insurers and owners agreed that **GNSS interference** is "
        "now routine in several regions.\n\n- Keep a paper plot when positions jump.\n"
        "- Report spoofing to the reporting centre with times and positions.",
    )
    services.publication_publish(actor=editor, publication=report)
    _dated(report, _at(2019, 11, 21, 10))
    _dated(conference, _at(2019, 9, 2, 10), event_report=report)
    soon = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    for days, title, zone, venue, organiser in (
        (
            24,
            "Shipping Managers' Course (one day)",
            "Europe/London",
            "HMS Excellent, Portsmouth",
            "Royal Navy",
        ),
        (52, "Workshop: security of ships at anchor", "Europe/Athens", "Athens", "BIMCO"),
    ):
        starts = soon + dt.timedelta(days=days, hours=8)
        event = services.publication_draft(
            author=editor,
            kind="event",
            title=title,
            tlp="clear",
            starts=starts,
            ends=starts + dt.timedelta(hours=8),
            time_zone=zone,
            venue=venue,
            organiser=organiser,
            audience="Company Security Officers and shipping managers",
        )
        services.publication_publish(actor=editor, publication=event)


def seed_publications() -> int:
    if Publication.objects.unrestricted().filter(title=FRR_TITLE).exists():
        return 0
    editor = User.objects.get(email=EDITOR)
    _first_response(editor)
    _bulletins(editor)
    _events(editor)
    return Publication.objects.unrestricted().count()
