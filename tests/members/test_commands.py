"""Operations commands: add_member, api_token, seed_demo."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from csoa.dev.demo_people import DEMO_ORGANISATIONS, DEMO_PEOPLE
from members.models import ApiToken, AuditEvent, Membership, Organisation, User

pytestmark = pytest.mark.django_db


def test_add_member_creates_an_approved_verified_account_and_its_organisation(capsys):
    call_command(
        "add_member",
        "Kim@Echo.example",
        "--organisation",
        "Echo Reefers",
        "--role",
        "org_admin",
        "--password",
        "a-long-sea-passage-42",
    )
    user = User.objects.get(email="kim@echo.example")
    assert user.check_password("a-long-sea-passage-42")
    assert EmailAddress.objects.get(user=user).verified
    assert user.membership.status == Membership.Status.APPROVED
    assert user.membership.role == "org_admin"
    organisation = Organisation.objects.get(name="Echo Reefers")
    assert organisation.email_domains == ["echo.example"]
    assert "Organisation admin of Echo Reefers" in capsys.readouterr().out


def test_add_member_joins_an_existing_organisation(cast):
    call_command(
        "add_member", "new@alpha.example", "--organisation", "alpha tankers", "--role", "member"
    )
    assert User.objects.get(email="new@alpha.example").membership.organisation == cast.org_a


def test_add_member_refuses_a_duplicate(cast):
    before = User.objects.count()
    with pytest.raises(CommandError, match="already exists"):
        call_command("add_member", cast.member_a.email, "--organisation", "X", "--role", "member")
    assert User.objects.count() == before
    assert not Organisation.objects.filter(name="X").exists()


def test_add_member_refuses_an_unknown_role(db):
    with pytest.raises(CommandError):
        call_command("add_member", "a@b.example", "--organisation", "X", "--role", "captain")
    assert not User.objects.exists()


def test_api_token_prints_a_new_token_kept_only_as_its_hash(cast, capsys, client):
    call_command("api_token", cast.member_a.email)
    first = capsys.readouterr().out.strip()
    call_command("api_token", cast.member_a.email.upper(), "--name", "Tracker", "--scope", "read")
    second = capsys.readouterr().out.strip()
    assert first != second and len(second) == 40
    tokens = ApiToken.objects.filter(user=cast.member_a)
    assert sorted(tokens.values_list("name", flat=True)) == [
        "Issued on the command line",
        "Tracker",
    ]
    assert AuditEvent.objects.filter(action="api_token_issued").count() == 2
    for key in (first, second):  # both work; neither is in any table
        answer = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
        assert answer.status_code == 200 and answer.json()["handle"] == cast.member_a.handle
        assert not _in_any_row(key)


def _in_any_row(text: str) -> bool:
    """Whether any text column of any table holds this text."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE "
            "table_schema = 'public' AND data_type IN ('character varying', 'text')"
        )
        for table, column in cursor.fetchall():
            cursor.execute(
                f'SELECT 1 FROM "{table}" WHERE "{column}" LIKE %s LIMIT 1',  # noqa: S608
                [f"%{text}%"],
            )
            if cursor.fetchone():
                return True
    return False


def test_api_token_refuses_unknown_accounts(db):
    with pytest.raises(CommandError, match="No active account"):
        call_command("api_token", "nobody@example.org")


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo")
    counts = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
    assert counts == (len(DEMO_PEOPLE), len(DEMO_ORGANISATIONS), len(DEMO_PEOPLE))
    call_command("seed_demo")
    assert counts == (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
    )
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"member", "org_admin", "editor", "staff"}
    assert Membership.objects.filter(status="pending").count() == 1


def test_seed_demo_refuses_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_loads_incidents_in_every_status_with_updates_and_files(db):
    from incidents.models import Attachment, Incident, IncidentUpdate
    from members.access import Viewer

    call_command("seed_demo")
    staff = Viewer(role="staff")
    incidents = Incident.objects.visible_to(staff)
    assert set(incidents.values_list("status", flat=True)) == {
        "reported",
        "verified",
        "confirmed",
        "disputed",
        "retracted",
    }
    assert IncidentUpdate.objects.visible_to(staff).count() >= 3
    kinds = set(Attachment.objects.visible_to(staff).values_list("kind", flat=True))
    assert kinds == {"photo", "document"}
    count = incidents.count()
    call_command("seed_demo")
    assert Incident.objects.visible_to(staff).count() == count


def test_seed_demo_loads_groups_once(db):
    from csoa.dev.demo_groups import DEMO_GROUPS
    from groups.models import Group, GroupMember, JoinRequest

    call_command("seed_demo")
    people = GroupMember.objects.count()
    call_command("seed_demo")
    assert GroupMember.objects.count() == people
    for demo in DEMO_GROUPS:
        assert Group.objects.filter(name=demo["name"], collection=demo["collection"]).count() == 1
    assert JoinRequest.objects.filter(status="pending").count() == 1
    centre = Group.objects.get(
        collection="military_industry", organisation__kind="military_reporting_centre"
    )
    assert centre.contact
    from feeds.models import Advisory
    from groups.models import Pin

    assert Advisory.objects.filter(region="west_africa", briefing="draft").count() == 2
    assert Pin.objects.unrestricted().filter(group__slug="port-crime").count() == 1


def test_seed_demo_saves_valid_searches_for_the_demo_member(db):
    from incidents.forms import clean_search_query
    from incidents.models import SavedSearch

    call_command("seed_demo")
    call_command("seed_demo")
    searches = SavedSearch.objects.filter(owner__email="cso@northwind.example")
    assert searches.count() == 2
    for search in searches:
        assert clean_search_query(search.query) == search.query


def test_seed_demo_loads_chatter_threads_once(db):
    from chatter.models import Post, Thread
    from csoa.dev import demo_chatter, demo_groups

    call_command("seed_demo")
    call_command("seed_demo")
    threads = Thread.objects.unrestricted()
    demo = [*demo_chatter.DEMO_THREADS, *demo_groups.DEMO_THREADS]
    assert threads.count() == len(demo)
    assert Post.objects.unrestricted().count() == sum(1 + len(t["replies"]) for t in demo)
    assert threads.filter(group__isnull=False).count() == len(demo_groups.DEMO_THREADS)
    assert set(threads.values_list("tlp", flat=True)) == {"green", "amber"}
    assert threads.filter(topic="question", answer__isnull=False).count() == 1
