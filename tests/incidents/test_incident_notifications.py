"""Who hears of what happens to incidents, for every role and marking: the reporter and the
people who added to it, the watchers of the incident, its port, region, area and searches,
the editors; never anyone the access policy does not let see it now."""

from __future__ import annotations

import datetime as dt

import pytest

from incidents.services import incident_change, update_add
from members.models import Level, Notification, Rhythm
from members.notifications.services import watch_stop
from tests.conftest import ROLES
from tests.notify import fan_out_all, roles_told, watch, watch_region

from .conftest import report

pytestmark = pytest.mark.django_db

SIGNED_IN = [role for role in ROLES if role != "public"]
# Who may see content owned by company A and written by member A, by marking.
SEES = {
    "clear": set(SIGNED_IN),
    "green": set(SIGNED_IN) - {"pending_a"},
    "amber": {"member_a", "admin_a", "editor", "staff"},
    "amber_strict": {"member_a", "admin_a", "staff"},
    "red": {"member_a"},
}


def everyone_watches_the_region(cast) -> None:
    for role in SIGNED_IN:
        watch_region(cast.user(role))


@pytest.mark.parametrize("tlp", list(SEES))
def test_a_new_incident_alerts_the_watchers_who_may_see_it(cast, tlp):
    everyone_watches_the_region(cast)
    report(cast, tlp=tlp)  # by member A: the actor hears nothing of their own report
    fan_out_all()
    assert roles_told(cast, "incident_alert") == SEES[tlp] - {"member_a", "editor", "staff"}
    # The editors (and staff) hear of a member's report as one waiting for them.
    assert roles_told(cast, "review_queue") == SEES[tlp] & {"editor", "staff"}
    assert Notification.objects.filter(recipient=cast.member_a).count() == 0


@pytest.mark.parametrize("tlp", list(SEES))
def test_an_update_reaches_the_watchers_who_may_see_it(cast, tlp):
    incident = report(cast, tlp="clear")
    everyone_watches_the_region(cast)
    fan_out_all()
    Notification.objects.all().delete()
    update_add(incident=incident, author=cast.admin_a, text="The thieves came back.", tlp=tlp)
    fan_out_all()
    # The update carries its own marking: those who may not see it hear nothing of it (a RED
    # update of admin A's: its author alone, staff not).
    expected = set() if tlp == "red" else SEES[tlp] - {"admin_a"}
    assert roles_told(cast, "incident_activity") == expected


def test_an_amber_strict_update_never_reaches_another_companys_port_watcher(cast):
    """Not notified, not mailed, not counted, even for one who watches the port."""
    from django.core import mail

    from members.notifications.mail import mail_at_once
    from members.notifications.selectors import unread_count

    incident = report(cast, tlp="green")
    watch(cast.member_b, "port", incident.port.code, mail=Rhythm.IMMEDIATELY)
    fan_out_all()
    mail_at_once()  # what member B was told before
    before = unread_count(cast.member_b)
    mail.outbox.clear()
    update_add(incident=incident, author=cast.member_a, text="Crew list", tlp="amber_strict")
    fan_out_all()
    mail_at_once()
    assert unread_count(cast.member_b) == before
    assert not Notification.objects.filter(recipient=cast.member_b, kind="incident_activity")
    assert all(cast.member_b.email not in m.to for m in mail.outbox)


@pytest.mark.parametrize("tlp", list(SEES))
def test_a_verification_tells_the_reporter_and_the_contributors_then_the_watchers(cast, tlp):
    incident = report(cast, tlp=tlp)
    contributors = {"admin_a"} if "admin_a" in SEES[tlp] else set()  # not to a RED one
    for role in contributors:
        update_add(incident=incident, author=cast.user(role), text="Photos to follow.", tlp=tlp)
    everyone_watches_the_region(cast)
    fan_out_all()
    Notification.objects.all().delete()
    verifier = "editor" if "editor" in SEES[tlp] else "staff"  # editors see up to AMBER
    if tlp == "red":  # a RED report is verified by those it names
        incident.recipients.add(cast.user(verifier))
    incident_change(
        incident=incident,
        actor=cast.user(verifier),
        reason="Confirmed by the agent",
        status="verified",
    )
    fan_out_all()
    yours = Notification.objects.filter(kind="report_status")
    assert set(yours.values_list("recipient__email", flat=True)) == {
        cast.user(role).email for role in {"member_a", *contributors}
    }
    assert all("verified: Confirmed by the agent" in n.text for n in yours)
    # The verifier acted: not told; everyone else who watches and may see it hears of it.
    watchers = SEES[tlp] - {"member_a", "admin_a", verifier}  # the verifier of a RED one: named
    assert roles_told(cast, "incident_activity") == watchers


def test_upgrades_and_downgrades_are_said_with_the_reason(cast):
    incident = report(cast, tlp="green")
    incident_change(incident=incident, actor=cast.editor, reason="Guns seen", significance=1)
    incident_change(incident=incident, actor=cast.editor, reason="Knives only", significance=3)
    fan_out_all()
    texts = list(
        Notification.objects.filter(recipient=cast.member_a, kind="report_status")
        .order_by("pk")
        .values_list("text", flat=True)
    )
    assert texts[-1] == f"{incident.reference} was downgraded: Knives only"
    assert any("was upgraded: Guns seen" in t or "regraded: Guns seen" in t for t in texts)


def test_re_marking_amber_to_green_alerts_the_newly_able_once(cast):
    """New means new to that person: company B's watcher hears of it when it becomes
    visible to them; company A's, told already, is not told again."""
    watch_region(cast.admin_a)
    watch_region(cast.member_b)
    incident = report(cast, tlp="amber")
    fan_out_all()
    assert roles_told(cast, "incident_alert") == {"admin_a"}
    incident_change(incident=incident, actor=cast.editor, reason="Releasable", tlp="green")
    fan_out_all()
    alerts = Notification.objects.filter(kind="incident_alert")
    assert sorted(alerts.values_list("recipient__email", flat=True)) == sorted(
        [cast.admin_a.email, cast.member_b.email]
    )


def test_reporting_or_adding_makes_you_watch_and_you_can_stop(cast):
    from members.models import Watch

    incident = report(cast, tlp="green")
    own = Watch.objects.get(user=cast.member_a, target_type="incident")
    assert own.level == Level.WATCHING and own.label == incident.reference
    update_add(incident=incident, author=cast.member_b, text="Seen too")
    assert Watch.objects.filter(user=cast.member_b, target_key=str(incident.pk)).exists()
    watch_stop(watch=own)
    update_add(incident=incident, author=cast.member_a, text="Another")  # does not re-watch
    own.refresh_from_db()
    assert own.level == Level.NORMAL
    fan_out_all()
    Notification.objects.all().delete()
    update_add(incident=incident, author=cast.admin_a, text="And more")
    fan_out_all()
    # Member A stopped watching, but it is their report: they hear of it as its owner.
    assert Notification.objects.filter(recipient=cast.member_a, reason="owner").exists()


def test_muting_the_incident_silences_even_the_owner(cast):
    incident = report(cast, tlp="green")
    watch(cast.member_a, "incident", str(incident.pk), level=Level.MUTED)
    watch_region(cast.member_b, level=Level.MUTED)  # muting a region: nothing from it
    fan_out_all()
    update_add(incident=incident, author=cast.admin_b, text="Seen")
    incident_change(incident=incident, actor=cast.editor, reason="Agent", status="verified")
    fan_out_all()
    assert not Notification.objects.filter(recipient__in=[cast.member_a, cast.member_b])


def test_tracking_is_the_bell_only_and_normal_is_nothing(cast):
    incident = report(cast, tlp="green")
    watch_region(cast.member_b, level=Level.TRACKING)
    watch_region(cast.admin_b, level=Level.NORMAL)
    fan_out_all()
    update_add(incident=incident, author=cast.admin_a, text="Seen")
    fan_out_all()
    tracked = Notification.objects.get(recipient=cast.member_b, kind="incident_activity")
    assert tracked.mail == Rhythm.NEVER and tracked.reason == "tracking"
    assert not Notification.objects.filter(recipient=cast.admin_b, kind="incident_activity")


def test_the_closest_watch_decides(cast):
    """Watching the region but muting the port: nothing from the port's incidents."""
    incident = report(cast, tlp="green")
    watch_region(cast.member_b)
    watch(cast.member_b, "port", incident.port.code, level=Level.MUTED)
    fan_out_all()
    update_add(incident=incident, author=cast.admin_a, text="Seen")
    fan_out_all()
    assert not Notification.objects.filter(recipient=cast.member_b)


def test_significant_incidents_go_at_once_for_a_watch_that_asks(cast):
    watch_region(cast.member_b, mail=Rhythm.WEEKLY, urgent_at_once=True)
    watch_region(cast.admin_b, mail=Rhythm.WEEKLY)
    report(cast, tlp="green", weapons=["guns"], crew_kidnapped=2)  # CAT 1 by the rules
    fan_out_all()
    urgent = Notification.objects.get(recipient=cast.member_b, kind="incident_alert")
    other = Notification.objects.get(recipient=cast.admin_b, kind="incident_alert")
    assert urgent.event.urgent
    assert urgent.mail == Rhythm.IMMEDIATELY and other.mail == Rhythm.WEEKLY


def test_a_saved_search_and_a_circle_alert_on_what_they_match(cast):
    from incidents.services import saved_search_save

    search, _ = saved_search_save(
        owner=cast.member_b, name="Knives", query="weapons=knives", view="list"
    )
    watch(cast.member_b, "search", str(search.pk))
    watch(cast.admin_b, "circle", "6.3,3.3,20")
    watch(cast.editor, "circle", "-33.9,18.4,20")  # Cape Town: far away
    report(cast, tlp="green", weapons=["knives"])
    report(cast, tlp="green", weapons=["guns"], occurred_on=dt.date(2019, 3, 9))
    fan_out_all()
    alerts = Notification.objects.filter(kind="incident_alert")
    assert alerts.filter(recipient=cast.member_b).count() == 1  # the knives, not the guns
    assert alerts.filter(recipient=cast.admin_b).count() == 2
    assert not alerts.filter(recipient=cast.editor)


def test_a_saved_search_changed_or_deleted_changes_its_watch(cast):
    from incidents.services import saved_search_delete, saved_search_save
    from members.models import Watch

    search, _ = saved_search_save(
        owner=cast.member_b, name="Lagos", query="region=far_east", view="list"
    )
    kept = watch(cast.member_b, "search", str(search.pk))
    saved_search_save(owner=cast.member_b, name="Lagos", query="region=west_africa", view="list")
    kept.refresh_from_db()
    assert kept.criteria == {"region": ["west_africa"]}
    saved_search_delete(search=search)
    assert not Watch.objects.filter(pk=kept.pk).exists()


def test_a_photo_processed_or_refused_tells_its_author(cast):
    from incidents.services import attachment_process
    from tests.files import jpeg_bytes, upload

    incident = report(cast, tlp="green")
    update = update_add(
        incident=incident, author=cast.member_b, text="", files=[upload("a.jpg", jpeg_bytes())]
    )
    photo = update.attachments.unrestricted().get()
    attachment_process(attachment_id=photo.pk)
    attachment_process(attachment_id=photo.pk)  # run twice: told once
    fan_out_all()
    told = Notification.objects.filter(recipient=cast.member_b, kind="attachment")
    assert told.count() == 1 and "is ready" in told.get().text


def test_after_re_marking_the_inbox_says_no_longer_shared(cast):
    from members.notifications.selectors import inbox

    incident = report(cast, tlp="green")
    watch_region(cast.member_b)
    update_add(incident=incident, author=cast.admin_a, text="Tug seen")
    fan_out_all()
    entries, _ = inbox(cast.viewer("member_b"))
    assert entries and all(e.shared for e in entries)
    incident_change(
        incident=incident, actor=cast.admin_a, reason="Owner's wish", tlp="amber_strict"
    )
    entries, _ = inbox(cast.viewer("member_b"))
    assert [e.text for e in entries] == ["No longer shared with you"] * len(entries)
    assert all(not e.url for e in entries)


def test_after_retraction_the_inbox_says_so(cast):
    from members.notifications.selectors import inbox

    incident = report(cast, tlp="green")
    watch_region(cast.member_b)
    fan_out_all()
    incident_change(incident=incident, actor=cast.editor, reason="A drill", status="retracted")
    fan_out_all()
    entries, _ = inbox(cast.viewer("member_b"))
    assert entries and all(e.note == "since retracted" for e in entries)
