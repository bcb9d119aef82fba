"""The access policy: TLP rules for shared content, the refusal to read without a viewer."""

import pytest
from django.http import Http404

from members import access
from members.access import TLP, AccessPolicyBypassed
from members.models import AuditEvent
from tests.conftest import ROLES
from tests.security.access_matrix import callers_group
from tests.sharing.models import Note

pytestmark = pytest.mark.django_db


def note(cast, tlp, *, org=None, author=None, shared_with=(), recipients=()):
    n = Note.objects.create(
        title=f"{tlp} note",
        tlp=tlp,
        organisation=org or cast.org_a,
        created_by=author or cast.member_a,
    )
    n.shared_with_organisations.set(shared_with)
    n.recipients.set(recipients)
    return n


# Who sees a note owned by organisation A, by marking. Editors are the platform's own.
EXPECTED = {
    TLP.CLEAR: set(ROLES),
    TLP.GREEN: {"member_a", "admin_a", "member_b", "admin_b", "editor", "staff"},
    TLP.AMBER: {"member_a", "admin_a", "editor", "staff"},
    TLP.AMBER_STRICT: {"member_a", "admin_a", "staff"},
    TLP.RED: {"member_a"},  # member_a is the author; no recipients; staff are not named
}


@pytest.mark.parametrize("tlp", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_note_by_marking(cast, tlp, role):
    n = note(cast, tlp)
    viewer = cast.viewer(role)
    expected = role in EXPECTED[tlp]
    assert access.can_view(viewer, n) is expected
    assert (n in access.visible(viewer, Note)) is expected


def test_amber_shared_with_another_organisation_reaches_its_members(cast):
    n = note(cast, TLP.AMBER, shared_with=[cast.org_b])
    assert access.can_view(cast.viewer("member_b"), n)
    assert access.can_view(cast.viewer("admin_b"), n)
    assert not access.can_view(cast.viewer("pending_a"), n)


def test_staff_do_not_read_red_they_are_not_named_on(cast):
    n = note(cast, TLP.RED, recipients=[cast.member_b])
    staff = cast.viewer("staff")
    assert not access.can_view(staff, n)
    with pytest.raises(Http404):
        access.get_visible_or_404(staff, Note, pk=n.pk)
    n.recipients.add(cast.staff)
    assert access.can_view(staff, n)


def test_red_reaches_named_recipients_only(cast):
    n = note(cast, TLP.RED, recipients=[cast.member_b])
    assert access.can_view(cast.viewer("member_b"), n)
    assert not access.can_view(cast.viewer("admin_b"), n)
    assert not access.can_view(cast.viewer("admin_a"), n)


def test_amber_strict_is_not_widened_by_sharing(cast):
    n = note(cast, TLP.AMBER_STRICT, shared_with=[cast.org_b], recipients=[cast.member_b])
    assert not access.can_view(cast.viewer("member_b"), n)


def test_lists_do_not_repeat_rows_shared_several_ways(cast):
    n = note(cast, TLP.AMBER, shared_with=[cast.org_a, cast.org_b])
    assert list(access.visible(cast.viewer("member_a"), Note)) == [n]


def test_reading_shared_content_without_a_viewer_fails_loudly(cast):
    note(cast, TLP.GREEN)
    with pytest.raises(AccessPolicyBypassed):
        list(Note.objects.all())
    with pytest.raises(AccessPolicyBypassed):
        Note.objects.filter(tlp=TLP.GREEN).count()
    with pytest.raises(AccessPolicyBypassed):
        Note.objects.get(title="green note")
    with pytest.raises(AccessPolicyBypassed):
        Note.objects.exists()


def test_reading_without_the_policy_is_refused_asynchronously_too(cast):
    """``aiterator`` reads rows without ``iterator``: it asks for the policy all the same."""
    import asyncio

    note(cast, TLP.RED)

    async def read_all():
        return [n async for n in Note.objects.aiterator()]

    with pytest.raises(AccessPolicyBypassed):
        asyncio.run(read_all())


def test_internal_work_opts_out_explicitly(cast):
    n = note(cast, TLP.RED)
    assert list(Note.objects.unrestricted()) == [n]
    assert Note.objects.unrestricted().filter(pk=n.pk).update(title="renamed") == 1


def test_the_policy_survives_chaining(cast):
    """Filters, orders and projections added after the policy keep it: another company's
    AMBER+STRICT note stays out, and what the viewer may see stays in."""
    hidden = note(cast, TLP.AMBER_STRICT)
    shown = note(cast, TLP.GREEN)
    visible = Note.objects.visible_to(cast.viewer("member_b"))
    chained = visible.filter(tlp__in=[TLP.AMBER_STRICT, TLP.GREEN]).order_by("title")
    assert list(chained.values_list("pk", flat=True)) == [shown.pk]
    assert hidden.pk not in visible.values_list("pk", flat=True)
    assert chained.exclude(pk=shown.pk).count() == 0
    assert Note.objects.visible_to(cast.viewer("member_a")).filter(pk=hidden.pk).exists()


def test_models_without_a_rule_are_refused():
    from allauth.account.models import EmailAddress

    with pytest.raises(AccessPolicyBypassed):
        access.visible(access.ANONYMOUS, EmailAddress)


def test_get_visible_or_404_hides_existence(cast):
    n = note(cast, TLP.AMBER_STRICT)
    with pytest.raises(Http404):
        access.get_visible_or_404(cast.viewer("member_b"), Note, pk=n.pk)
    with pytest.raises(Http404):
        access.get_visible_or_404(cast.viewer("member_b"), Note, pk=n.pk + 1000)
    with pytest.raises(Http404):
        access.get_visible_or_404(cast.viewer("member_b"), Note, pk="not-a-number")


@pytest.mark.parametrize("tlp", [TLP.AMBER_STRICT, TLP.RED])
def test_staff_opening_restricted_content_is_audited(cast, tlp):
    n = note(cast, tlp, recipients=[cast.staff] if tlp == TLP.RED else ())
    assert access.get_visible_or_404(cast.viewer("staff"), Note, pk=n.pk) == n
    event = AuditEvent.objects.get(action=AuditEvent.Action.STAFF_ACCESS)
    assert event.actor == cast.staff
    assert event.target_id == str(n.pk)
    assert event.detail == {"tlp": tlp}


def test_staff_opening_green_content_is_not_audited(cast):
    n = note(cast, TLP.GREEN)
    access.get_visible_or_404(cast.viewer("staff"), Note, pk=n.pk)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.STAFF_ACCESS).exists()


def test_pending_and_rejected_accounts_see_what_the_public_sees(cast):
    from tests.factories import member

    rejected = member(cast.org_a, status="rejected")
    note(cast, TLP.GREEN)
    clear = note(cast, TLP.CLEAR)
    for user in (cast.pending_a, rejected):
        assert list(access.visible(access.viewer_for(user), Note)) == [clear]


def test_deactivated_accounts_see_what_the_public_sees(cast):
    cast.member_a.is_active = False
    cast.member_a.save()
    assert access.viewer_for(cast.member_a) == access.ANONYMOUS


def test_tlp_strictness_orders_the_markings():
    order = [TLP.CLEAR, TLP.GREEN, TLP.AMBER, TLP.AMBER_STRICT, TLP.RED]
    assert sorted(order, key=TLP.strictness) == order
    assert TLP.strictness(TLP.RED) > TLP.strictness(TLP.GREEN)


@pytest.mark.parametrize("role", ROLES)
def test_marking_rule_and_grants_make_up_the_whole_rule_without_overlap(cast, role):
    """Aggregates kept per marking (the map's cells) rely on this split being exact."""
    notes = [note(cast, tlp) for tlp in TLP.values]
    notes += [
        note(cast, TLP.AMBER, shared_with=[cast.org_b]),
        note(cast, TLP.AMBER, shared_with=[cast.org_a, cast.org_b]),
        note(cast, TLP.AMBER, org=cast.org_b, author=cast.member_b, shared_with=[cast.org_a]),
        note(cast, TLP.RED, recipients=[cast.member_b, cast.admin_b]),
        note(cast, TLP.RED, author=cast.member_b, recipients=[cast.member_b]),
        note(cast, TLP.AMBER_STRICT, org=cast.org_b, author=cast.member_b),
    ]
    # Shares with a group that member B is in (and admin B left), overlapping the others.
    group = callers_group(cast)
    for shared in (
        note(cast, TLP.AMBER),
        note(cast, TLP.AMBER, shared_with=[cast.org_b]),
        note(cast, TLP.AMBER, org=cast.org_b, author=cast.member_b),
    ):
        shared.shared_with_groups.set([group])
        notes.append(shared)
    for sent in (
        note(cast, TLP.RED),
        note(cast, TLP.RED, recipients=[cast.member_b]),
        note(cast, TLP.RED, author=cast.member_b),
    ):
        sent.recipient_groups.set([group])
        notes.append(sent)
    viewer = cast.viewer(role)
    marking = access.marking_rule(viewer)
    by_marking = Note.objects.unrestricted()
    by_marking = list(by_marking if marking is None else by_marking.filter(marking))
    by_marking = [n for n in by_marking if n.tlp != TLP.RED]  # aggregates leave RED out
    by_grant = [n for queryset in access.granted(viewer, Note) for n in queryset]
    together = [n.pk for n in by_marking + by_grant]
    assert len(together) == len(set(together)), "an object counted twice"
    assert set(together) == set(access.visible(viewer, Note).values_list("pk", flat=True))
    assert {n.pk for n in notes} >= set(together)
