"""``access.audience`` (who of many may see one object, for notifications) says exactly what
``can_view`` says for each of them: every role, every marking, shares and recipients, content
within other content."""

import pytest

from incidents.services import update_add
from members.access import audience, can_view, viewer_for, viewers_for
from members.models import User
from tests.conftest import ROLES
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db

MARKINGS = ["clear", "green", "amber", "amber_strict", "red"]


def everyone(cast):
    users = [cast.user(role) for role in ROLES if role != "public"]
    inactive = User.objects.create_user(email="gone@alpha.example", password="x")
    inactive.is_active = False
    inactive.save()
    return [*users, inactive]


def assert_same(obj, users):
    # Those who may see it and can be told: an inactive account sees what the public sees,
    # and is told nothing.
    viewers = {u.pk: viewer_for(u) for u in users}
    expected = {pk for pk, v in viewers.items() if v.is_authenticated and can_view(v, obj)}
    assert audience(obj, viewers_for(users)) == expected
    assert audience(obj, viewers_for(users), batch=1) == expected  # a query per group


@pytest.mark.parametrize("tlp", MARKINGS)
def test_audience_of_an_incident_is_who_may_see_it(cast, tlp):
    incident = report(cast, tlp=tlp)
    assert_same(incident, everyone(cast))


@pytest.mark.parametrize(
    ("parent", "tlp"),
    [(p, t) for p in ("clear", "green", "amber") for t in MARKINGS[MARKINGS.index(p) :]]
    + [("red", "red")],
)  # what is added to an incident is marked at least as strictly as the incident
def test_audience_of_an_update_within_an_incident(cast, tlp, parent):
    incident = report(cast, tlp=parent)
    update = update_add(incident=incident, author=cast.member_a, text="More", tlp=tlp)
    assert_same(update, everyone(cast))


def test_shares_and_recipients_count(cast):
    amber = report(cast, tlp="amber")
    amber.shared_with_organisations.add(cast.org_b)
    red = report(cast, tlp="red")
    red.recipients.add(cast.member_b)
    users = everyone(cast)
    for obj in (amber, red):
        assert_same(obj, users)
    assert cast.member_b.pk in audience(red, viewers_for(users))
    assert cast.admin_b.pk not in audience(red, viewers_for(users))
