"""A member's home after login: the latest incidents in their regions, their watched ports,
what is unread and their shortcuts; only what they may see, and nothing of it for the
public."""

import datetime as dt

import pytest
from django.utils import timezone

from members.notifications import notify
from members.notifications.services import watch_set
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db


def home(client, user):
    client.force_login(user)
    answer = client.get("/")
    assert answer.status_code == 200
    return answer


def test_the_latest_in_the_watched_regions_and_no_one_elses_secrets(cast, client):
    recent = timezone.localdate() - dt.timedelta(days=10)
    lagos = report(cast, occurred_on=recent, tlp="green")  # West Africa
    singapore = report(cast, occurred_on=recent, latitude=1.26, longitude=104.08, tlp="green")
    secret = report(cast, reporter=cast.member_b, occurred_on=recent, tlp="amber_strict")
    watch_set(user=cast.member_a, target_type="region", target_key="west_africa",
              label="West Africa")  # fmt: skip
    page = home(client, cast.member_a).content.decode()
    assert 'data-testid="member-home"' in page and "Latest in your regions" in page
    assert lagos.reference in page and singapore.reference not in page
    assert secret.reference not in page  # Bravo's AMBER+STRICT report, in the same region
    # Bravo's member sees their own report there, and the shortcuts.
    page = home(client, cast.member_b).content.decode()
    assert secret.reference in page and singapore.reference in page  # no region watched
    assert "Watch a region" in page and "Report an incident" in page


def test_watched_ports_count_only_what_the_member_may_see(cast, client):
    this_year = timezone.localdate() - dt.timedelta(days=30)
    report(cast, occurred_on=this_year, tlp="green")  # Lagos anchorage
    report(cast, occurred_on=this_year - dt.timedelta(days=1), tlp="green")
    report(cast, occurred_on=dt.date(2019, 3, 8), tlp="green")  # older than a year
    report(cast, reporter=cast.member_b, occurred_on=this_year, tlp="red")
    watch_set(user=cast.member_a, target_type="port", target_key="NGLOS-ANCH",
              label="Lagos Anchorage")  # fmt: skip
    page = home(client, cast.member_a).content.decode()
    assert "Lagos Anchorage" in page
    assert "2 incidents in the last 12 months" in page
    assert f"latest {this_year.day} {this_year:%b %Y}" in page


def test_unread_notifications_and_the_public_home(cast, client):
    incident = report(cast, tlp="green")
    notify(kind="incident_activity", subject=incident, text="For Alpha only",
           direct={cast.member_a.pk: "watching"})  # fmt: skip
    from members.models import NotificationEvent
    from members.notifications.tasks import fan_out

    for event in NotificationEvent.objects.all():
        fan_out(event.pk)
    page = home(client, cast.member_a).content.decode()
    assert "For Alpha only" in page and "All 1 unread notifications" in page
    page = home(client, cast.member_b).content.decode()
    assert "For Alpha only" not in page and "No unread notifications." in page
    client.logout()
    public = client.get("/").content.decode()
    assert 'data-testid="member-home"' not in public and "Join now" in public
    applicant = home(client, cast.pending_a).content.decode()
    assert 'data-testid="member-home"' not in applicant and "being vetted" in applicant
