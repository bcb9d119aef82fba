"""A group's lens on its page (the Port Crime Working Group asks which port first), and
studies pinned to a group: who may pin, what a pin's marking lets each reader see, what is
refused."""

import html
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from groups import services
from groups.models import Group, Pin
from members.access import viewer_for, visible
from members.models import Level, Notification
from members.notifications.services import watch_set
from tests.incidents.conftest import report
from tests.notify import fan_out_all

pytestmark = pytest.mark.django_db


def recent(cast, **facts):
    import datetime as dt

    from django.utils import timezone

    return report(cast, occurred_on=timezone.now().date() - dt.timedelta(days=30), **facts)


def test_the_port_crime_group_asks_which_port_then_shows_its_year(client, cast):
    recent(cast, port=None)  # at Lagos anchorage's position: the nearest port is found
    group = Group.objects.get(slug="port-crime")
    client.force_login(cast.member_b)
    asked = client.get(f"/groups/{group.slug}/").content.decode()
    assert "Which port?" in asked and 'data-testid="lens-count"' not in asked
    unknown = client.get(f"/groups/{group.slug}/?port=XXNOPE").content.decode()
    assert "No port or anchorage has the code XXNOPE" in unknown
    shown = client.get(f"/groups/{group.slug}/?port=NGLOS").content.decode()
    assert 'data-testid="lens-count"' in shown and "/trends/?port=" in shown


def test_a_regional_lens_counts_what_the_reader_may_see(client, cast):
    recent(cast, tlp="green")
    recent(cast, tlp="amber_strict")
    path = "/groups/west-africa/"
    client.force_login(cast.member_a)
    assert "<strong>2</strong> incidents" in client.get(path).content.decode()
    client.force_login(cast.member_b)
    shown = client.get(path).content.decode()
    assert "<strong>1</strong> incident " in shown
    assert "/incidents/map/?region=west_africa" in shown


def _group(cast):
    group = services.group_create(
        creator=cast.member_a, name="Port watch", collection="cso", join_policy="open"
    )
    services.group_join(user=cast.member_b, group=group)
    return group


def test_a_member_pins_a_study_and_the_group_is_told(client, cast):
    group = _group(cast)
    watch_set(
        user=cast.member_b, target_type="group", target_key=group.slug, label=group.name,
        level=Level.WATCHING,
    )  # fmt: skip
    client.force_login(cast.member_a)
    form = client.get("/groups/pin/?title=Lagos&link=/ports/NGLOS/&findings=Nights").content
    assert b"Port watch" in form and b"/ports/NGLOS/" in form
    answer = client.post(
        "/groups/pin/",
        {"group": group.slug, "title": "Lagos at night", "link": "/ports/NGLOS/",
         "findings": "All between 01:00 and 04:00.", "tlp": "green"},
    )  # fmt: skip
    assert answer.status_code == 302
    page = client.get(f"/groups/{group.slug}/").content.decode()
    assert "Lagos at night" in page and "All between 01:00 and 04:00." in page
    fan_out_all()
    assert "pinned" in Notification.objects.get(recipient=cast.member_b, kind="groups").text


def test_an_amber_pin_is_seen_in_the_group_and_nowhere_else(cast):
    group = _group(cast)
    pin = services.pin_add(
        actor=cast.member_a, group=group, title="Ours", link="/ports/NGLOS/", tlp="amber"
    )
    assert visible(viewer_for(cast.member_b), Pin).filter(pk=pin.pk).exists()
    assert not visible(viewer_for(cast.admin_b), Pin).filter(pk=pin.pk).exists()
    strict = services.pin_add(
        actor=cast.member_a, group=group, title="Ours only", link="/ports/NGLOS/",
        tlp="amber_strict",
    )  # fmt: skip
    assert not visible(viewer_for(cast.member_b), Pin).filter(pk=strict.pk).exists()


def test_pins_refuse_what_is_not_a_page_of_the_platform_or_not_theirs(cast):
    group = _group(cast)
    for link in ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "", "/a\\b"]:
        with pytest.raises(ValidationError):
            services.pin_add(actor=cast.member_a, group=group, title="X", link=link)
    with pytest.raises(ValidationError):
        services.pin_add(actor=cast.member_a, group=group, title="X", link="/", tlp="red")
    with pytest.raises(PermissionDenied):  # not in the group
        services.pin_add(actor=cast.admin_b, group=group, title="X", link="/ports/NGLOS/")
    pin = services.pin_add(actor=cast.member_a, group=group, title="X", link="/ports/NGLOS/")
    with pytest.raises(PermissionDenied):
        services.pin_remove(actor=cast.member_b, pin=pin)
    services.pin_remove(actor=cast.member_a, pin=pin)
    assert not Pin.objects.unrestricted().exists()


def test_the_pin_form_refuses_a_group_one_is_not_in(client, cast):
    group = _group(cast)
    client.force_login(cast.admin_b)
    answer = client.post(
        "/groups/pin/", {"group": group.slug, "title": "X", "link": "/ports/NGLOS/", "tlp": "green"}
    )
    assert answer.status_code == 400 and not Pin.objects.unrestricted().exists()


def test_a_trend_page_offers_pin_to_a_group_to_those_in_one(client, cast):
    _group(cast)
    client.force_login(cast.member_a)
    assert "Pin to a group" in client.get("/ports/NGLOS/").content.decode()
    client.force_login(cast.admin_b)
    assert "Pin to a group" not in client.get("/ports/NGLOS/").content.decode()


def test_a_pin_is_discussed_in_its_group_in_a_thread_that_quotes_it(client, cast):
    from chatter.models import Thread

    group = _group(cast)
    services.pin_add(
        actor=cast.member_a, group=group, title="Lagos at night", link="/ports/NGLOS/",
        findings="All between 01:00 and 04:00.\nMost at the outer anchorage.", tlp="amber",
    )  # fmt: skip
    client.force_login(cast.member_b)
    page = client.get(f"/groups/{group.slug}/").content.decode()
    start = re.search(r'href="([^"]+)" data-testid="discuss-pin"', page).group(1)
    form = client.get(html.unescape(start)).content.decode()
    assert "Lagos at night" in form and "&gt; All between 01:00 and 04:00." in form
    client.post(
        html.unescape(start),
        {"title": "Lagos at night", "body": "[Lagos at night](/ports/NGLOS/) Seen the same.",
         "tlp": "amber", "topic": "discussion"},
    )  # fmt: skip
    thread = Thread.objects.unrestricted().get()
    assert thread.group == group and list(thread.shared_with_groups.all()) == [group]
    client.force_login(cast.admin_b)  # not in the group: may not start a thread there
    assert 'data-testid="discuss-pin"' not in client.get(f"/groups/{group.slug}/").content.decode()
