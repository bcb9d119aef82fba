"""Changing a member's role: who may give which role, and the audit of it."""

import pytest
from django.urls import reverse

from members.models import AuditEvent

pytestmark = pytest.mark.django_db


def change(client, actor, target, role, reason="promotion"):
    client.force_login(actor)
    return client.post(
        reverse("members:change_role", args=[target.pk]), {"role": role, "reason": reason}
    )


def test_org_admin_makes_a_colleague_org_admin(client, cast):
    response = change(client, cast.admin_a, cast.member_a, "org_admin")
    assert response.status_code == 302
    cast.member_a.membership.refresh_from_db()
    assert cast.member_a.membership.role == "org_admin"
    event = AuditEvent.objects.get(action="role_changed")
    assert event.actor == cast.admin_a
    assert event.detail == {"from": "member", "to": "org_admin", "reason": "promotion"}


def test_org_admin_cannot_make_anyone_editor_or_staff(client, cast):
    for role in ("editor", "staff"):
        assert change(client, cast.admin_a, cast.member_a, role).status_code == 400
    cast.member_a.membership.refresh_from_db()
    assert cast.member_a.membership.role == "member"
    assert not AuditEvent.objects.filter(action="role_changed").exists()


def test_org_admin_cannot_touch_another_organisation(client, cast):
    assert change(client, cast.admin_a, cast.member_b, "org_admin").status_code == 404
    cast.member_b.membership.refresh_from_db()
    assert cast.member_b.membership.role == "member"


def test_members_cannot_change_roles(client, cast):
    assert change(client, cast.member_a, cast.admin_a, "member").status_code == 404


def test_nobody_changes_their_own_role(client, cast):
    assert change(client, cast.admin_a, cast.admin_a, "member").status_code == 404


def test_staff_make_an_editor_and_staff_get_admin_access(client, cast):
    assert change(client, cast.staff, cast.member_b, "editor").status_code == 302
    assert change(client, cast.staff, cast.member_a, "staff").status_code == 302
    cast.member_a.refresh_from_db()
    assert cast.member_a.is_staff and cast.member_a.is_superuser
    assert change(client, cast.staff, cast.member_a, "member").status_code == 302
    cast.member_a.refresh_from_db()
    assert not cast.member_a.is_staff and not cast.member_a.is_superuser


def test_a_role_change_needs_a_reason(client, cast):
    assert change(client, cast.admin_a, cast.member_a, "org_admin", reason="").status_code == 400
    cast.member_a.membership.refresh_from_db()
    assert cast.member_a.membership.role == "member"
