"""The notification centre itself: one notification per person and event, safe to run
twice; the bell and the inbox; mail at once and in digests, by TLP marking, merged, capped;
one-click unsubscribing; the API."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from incidents.services import incident_change, update_add
from members.models import Notification, NotificationMail, NotificationSetting, Rhythm
from members.notifications.fanout import event_fan_out
from members.notifications.mail import mail_at_once, mail_digests
from members.notifications.services import unsubscribe_token
from tests.conftest import api_auth
from tests.incidents.conftest import report
from tests.notify import fan_out_all, watch_region

pytestmark = pytest.mark.django_db


def updates_to(cast, incident, count: int, tlp: str = "green", author="admin_a"):
    for n in range(count):
        update_add(incident=incident, author=cast.user(author), text=f"Sighting {n}", tlp=tlp)


def a_watched_incident(cast, tlp="green", rhythm=Rhythm.IMMEDIATELY):
    """Company A's incident, whose updates member B hears of (watching the region)."""
    incident = report(cast, tlp="clear" if tlp == "green" else tlp)
    watch_region(cast.member_b, mail=rhythm)
    NotificationSetting.objects.create(user=cast.member_b, kind="incident_activity", mail=rhythm)
    fan_out_all()
    Notification.objects.all().delete()
    mail.outbox.clear()
    return incident


# One per person and event ------------------------------------------------------------------


def test_an_event_fanned_out_twice_makes_each_notification_once(cast):
    incident = a_watched_incident(cast)
    update_add(incident=incident, author=cast.admin_a, text="Seen")
    event_id = fan_out_all() and Notification.objects.latest("pk").event_id
    count = Notification.objects.count()
    assert count >= 2  # member A (owner) and member B (watching)
    from members.models import NotificationEvent

    NotificationEvent.objects.filter(pk=event_id).update(fanned_out_at=None)
    assert event_fan_out(event_id=event_id) == 0
    assert Notification.objects.count() == count


def test_the_actor_is_never_told_of_their_own_action(cast):
    incident = a_watched_incident(cast)
    update_add(incident=incident, author=cast.member_b, text="I saw it")
    fan_out_all()
    assert not Notification.objects.filter(recipient=cast.member_b)


# The bell and the inbox ----------------------------------------------------------------------


def test_the_bell_shows_the_unread_count_on_every_page_and_opening_one_lowers_it(client, cast):
    incident = a_watched_incident(cast)
    updates_to(cast, incident, 3)
    fan_out_all()
    client.force_login(cast.member_b)
    page = client.get("/incidents/").content.decode()
    assert re.search(r'data-testid="bell-count">3<', page)
    first = Notification.objects.filter(recipient=cast.member_b).first()
    opened = client.get(f"/notifications/{first.pk}/")
    assert opened.status_code == 302 and incident.reference in opened["Location"]
    assert re.search(r'data-testid="bell-count">2<', client.get("/").content.decode())
    client.post("/notifications/read/")
    assert 'data-testid="bell-count"' not in client.get("/").content.decode()


def test_the_bell_says_99_plus_beyond(client, cast):
    from members.notifications.selectors import unread_count

    incident = a_watched_incident(cast)
    updates_to(cast, incident, 101)
    fan_out_all()
    assert unread_count(cast.member_b) == 100  # counted no further than needed
    client.force_login(cast.member_b)
    assert 'data-testid="bell-count">99+<' in client.get("/notifications/").content.decode()


def test_the_bell_costs_one_query_and_the_inbox_a_fixed_few(
    client, cast, django_assert_num_queries
):
    incident = a_watched_incident(cast)
    updates_to(cast, incident, 2)
    fan_out_all()
    client.force_login(cast.member_b)
    # Session, user, membership; the bell's count, Chatter's count of unread threads and
    # Messages' count of unread conversations, once each: then they are kept until they change.
    with django_assert_num_queries(6):
        client.get("/why-join/")
    with django_assert_num_queries(3):
        client.get("/why-join/")
    # ... and the page of notifications; what they are about, one query per kind of subject.
    with django_assert_num_queries(5):
        assert client.get("/notifications/").status_code == 200
    updates_to(cast, incident, 30)
    fan_out_all()
    client.get("/why-join/")  # the bell counts again, once
    with django_assert_num_queries(5):
        page = client.get("/notifications/").content.decode()
    assert page.count('data-testid="notification"') == 32


def test_the_inbox_groups_by_day_and_pages(client, cast):
    incident = a_watched_incident(cast)
    updates_to(cast, incident, 55)
    fan_out_all()
    old = Notification.objects.filter(recipient=cast.member_b).order_by("pk")[:5]
    Notification.objects.filter(pk__in=[n.pk for n in old]).update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )
    client.force_login(cast.member_b)
    first = client.get("/notifications/").content.decode()
    assert "Today" in first and first.count('data-testid="notification"') == 50
    older = re.search(r'href="\?page=([^"]+)" rel="next"', first).group(1)
    second = client.get(f"/notifications/?page={older}").content.decode()
    assert second.count('data-testid="notification"') == 5
    assert (timezone.now() - dt.timedelta(days=3)).strftime("%-d %B %Y") in second


def test_someone_elses_notification_is_not_found(client, cast):
    incident = a_watched_incident(cast)
    updates_to(cast, incident, 1)
    fan_out_all()
    theirs = Notification.objects.get(recipient=cast.member_b)
    client.force_login(cast.admin_b)
    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


# Mail ----------------------------------------------------------------------------------------


def test_mail_at_once_carries_the_content_of_green_and_clear(cast):
    incident = a_watched_incident(cast)
    update_add(incident=incident, author=cast.admin_a, text="Two skiffs seen at dawn")
    fan_out_all()
    assert mail_at_once() >= 1
    sent = next(m for m in mail.outbox if cast.member_b.email in m.to)
    assert "Two skiffs seen at dawn" in sent.body
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sent.extra_headers["List-Unsubscribe"].startswith("<http")
    assert NotificationMail.objects.filter(recipient=cast.member_b).count() == 1
    assert mail_at_once() == 0  # sent once


@pytest.mark.parametrize("tlp", ["amber", "amber_strict", "red"])
def test_mail_under_amber_and_stricter_names_it_and_links_to_it_only(cast, tlp):
    from members.notifications.services import watch_set

    incident = report(cast, tlp=tlp, description="Armed robbers in the engine room")
    if tlp == "red":  # staff verify a RED report only when it names them
        incident.recipients.add(cast.staff)
    owner = cast.member_a
    NotificationSetting.objects.create(user=owner, kind="report_status", mail=Rhythm.IMMEDIATELY)
    watch_set(user=owner, target_type="incident", target_key=str(incident.pk), label="x")
    fan_out_all()
    mail.outbox.clear()
    incident_change(
        incident=incident, actor=cast.staff, reason="The agent's crew list", status="verified"
    )
    fan_out_all()
    mail_at_once()
    sent = next(m for m in mail.outbox if owner.email in m.to)
    assert incident.reference in sent.body and "http" in sent.body
    assert {"amber": "TLP:AMBER", "amber_strict": "TLP:AMBER+STRICT", "red": "TLP:RED"}[tlp] in (
        sent.body
    )
    assert "Armed robbers" not in sent.body and "crew list" not in sent.body


def test_consecutive_notifications_about_one_incident_are_merged(cast):
    incident = a_watched_incident(cast)
    updates_to(cast, incident, 3)
    fan_out_all()
    mail_at_once()
    to_b = [m for m in mail.outbox if cast.member_b.email in m.to]
    assert len(to_b) == 1
    assert f"3 updates and changes on {incident.reference}" in to_b[0].subject


def test_a_notification_no_longer_shared_when_mailed_is_not_mailed(cast):
    incident = a_watched_incident(cast)
    updates_to(cast, incident, 1)
    fan_out_all()
    incident_change(incident=incident, actor=cast.admin_a, reason="Owner", tlp="amber_strict")
    mail_at_once()
    assert not [m for m in mail.outbox if cast.member_b.email in m.to]
    assert Notification.objects.get(
        recipient=cast.member_b, kind="incident_activity"
    ).mail_state == ("skipped")


def test_beyond_the_daily_cap_mail_waits_for_the_digest(cast, settings):
    settings.NOTIFICATIONS_MAIL_DAILY_CAP = 2
    incident = a_watched_incident(cast)
    for n in range(4):
        update_add(incident=incident, author=cast.admin_a, text=f"Sighting {n}")
        fan_out_all()
        mail_at_once()
    to_b = [m for m in mail.outbox if cast.member_b.email in m.to]
    assert len(to_b) == 2
    waiting = Notification.objects.filter(recipient=cast.member_b, mail_state="pending")
    assert waiting.count() == 2 and set(waiting.values_list("mail", flat=True)) == {"daily"}
    mail_digests(Rhythm.DAILY)
    assert len([m for m in mail.outbox if cast.member_b.email in m.to]) == 3


def test_the_daily_digest_of_a_busy_day(cast):
    incident = a_watched_incident(cast, rhythm=Rhythm.DAILY)
    other = report(cast, tlp="clear", occurred_on=dt.date(2019, 4, 2))
    fan_out_all()
    Notification.objects.filter(kind="incident_alert").delete()
    updates_to(cast, incident, 12)
    updates_to(cast, other, 3)
    fan_out_all()
    assert mail_at_once() == 0  # nothing goes at once
    assert mail_digests(Rhythm.DAILY) >= 1
    digest = next(m for m in mail.outbox if cast.member_b.email in m.to)
    assert "digest: 15 notifications today" in digest.subject
    assert f"12 updates and changes on {incident.reference}" in digest.body
    assert f"3 updates and changes on {other.reference}" in digest.body
    assert mail_digests(Rhythm.DAILY) == 0  # sent once
    assert mail_digests(Rhythm.WEEKLY) == 0


# Unsubscribing -------------------------------------------------------------------------------


def test_the_unsubscribe_link_works_without_logging_in_and_stops_only_that_kind(client, cast):
    incident = a_watched_incident(cast)
    NotificationSetting.objects.create(user=cast.member_b, kind="incident_alert", mail="daily")
    updates_to(cast, incident, 1)
    fan_out_all()
    mail_at_once()
    sent = next(m for m in mail.outbox if cast.member_b.email in m.to)
    link = sent.extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    assert page.status_code == 200 and cast.member_b.email in page.content.decode()
    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the link, no session.
    done = client.post(f"/{path}", {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    choices = dict(
        NotificationSetting.objects.filter(user=cast.member_b).values_list("kind", "mail")
    )
    assert choices == {"incident_activity": "never", "incident_alert": "daily"}


@pytest.mark.parametrize("damage", ["forged", "expired", "another kind's signature"])
def test_a_forged_or_expired_unsubscribe_link_changes_nothing(client, cast, settings, damage):
    token = unsubscribe_token(cast.member_b, ["incident_activity"])
    if damage == "forged":
        token = token[:-3] + "abc"
    elif damage == "expired":
        from django.core import signing

        class SignedTwoDaysAgo(signing.TimestampSigner):
            def timestamp(self):
                return signing.b62_encode(int(timezone.now().timestamp()) - 2 * 86400)

        settings.NOTIFICATIONS_UNSUBSCRIBE_DAYS = 1
        token = SignedTwoDaysAgo(salt="csoa.notifications.unsubscribe").sign_object(
            {"u": cast.member_b.pk, "k": ["incident_activity"]}, compress=True
        )
        response = client.post(f"/notifications/unsubscribe/{token}/")
        assert response.status_code == 400 and "expired" in response.content.decode()
        assert not NotificationSetting.objects.exists()
        return
    else:
        from django.core import signing

        token = signing.dumps({"u": cast.member_b.pk, "k": ["incident_activity"]}, salt="other")
    response = client.post(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 400
    assert not NotificationSetting.objects.exists()


# The API -------------------------------------------------------------------------------------


def test_the_api_lists_notifications_newest_first_with_their_object(client, cast):
    incident = a_watched_incident(cast)
    updates_to(cast, incident, 3)
    fan_out_all()
    headers = api_auth(client, cast.member_b)
    answer = client.get("/api/v1/notifications/?page_size=2", **headers).json()
    assert set(answer) == {"results", "next"} and answer["next"]
    first = answer["results"][0]
    assert set(first) >= {"id", "kind", "created", "read", "text", "object"}
    assert first["read"] is False and first["kind"] == "incident_activity"
    assert first["object"]["type"] == "incidentupdate"
    assert first["object"]["reference"] == incident.reference
    assert first["object"]["url"].startswith(f"/incidents/{incident.reference}/")
    rest = client.get(answer["next"], **headers).json()
    assert len(rest["results"]) == 1 and rest["next"] is None
    ids = [first["id"]]
    assert client.post(
        "/api/v1/notifications/read/", {"ids": ids}, content_type="application/json", **headers
    ).json() == {"read": 1}
    again = client.get("/api/v1/notifications/", **headers).json()["results"]
    assert [n["read"] for n in again] == [True, False, False]


def test_the_api_says_no_longer_shared_without_the_content(client, cast):
    incident = a_watched_incident(cast)
    updates_to(cast, incident, 1)
    fan_out_all()
    incident_change(incident=incident, actor=cast.admin_a, reason="Owner", tlp="amber_strict")
    headers = api_auth(client, cast.member_b)
    [entry] = client.get("/api/v1/notifications/", **headers).json()["results"]
    assert entry["text"] == "No longer shared with you"
    assert entry["object"]["url"] is None and "reference" not in entry["object"]


def test_preferences_and_watches_through_the_api(client, cast):
    headers = api_auth(client, cast.member_b)
    kinds = {
        p["kind"]: p["mail"]
        for p in client.get("/api/v1/notifications/preferences/", **headers).json()
    }
    assert kinds["report_status"] == "immediately" and kinds["incident_alert"] == "daily"
    changed = client.put(
        "/api/v1/notifications/preferences/",
        {"incident_alert": "weekly"},
        content_type="application/json",
        **headers,
    )
    assert {p["kind"]: p["mail"] for p in changed.json()}["incident_alert"] == "weekly"
    bad = client.put(
        "/api/v1/notifications/preferences/",
        {"incident_alert": "hourly"},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 400
    made = client.post(
        "/api/v1/watches/",
        {"target_type": "port", "target_key": "NGLOS", "level": 2},
        content_type="application/json",
        **headers,
    )
    assert made.status_code == 201, made.content
    watch = made.json()
    assert watch["label"] and watch["level"] == 2
    nowhere = client.post(
        "/api/v1/watches/",
        {"target_type": "port", "target_key": "ZZZZZ"},
        content_type="application/json",
        **headers,
    )
    assert nowhere.status_code == 400
    patched = client.patch(
        f"/api/v1/watches/{watch['id']}/", {"level": 3}, content_type="application/json", **headers
    )
    assert patched.json()["level"] == 3
    assert client.delete(f"/api/v1/watches/{watch['id']}/", **headers).status_code == 204
    assert client.get("/api/v1/watches/", **headers).json() == []
