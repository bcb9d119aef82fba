"""Groups: creating one in each collection, joining by each policy, requests and their
decisions, invitations, leaving and removing, roles and handing over, organisations as a
whole, archiving; what each changes and what each refuses."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chatter import selectors as chatter_selectors
from chatter import unread as chatter_unread
from chatter.services import post_reply, thread_read, thread_start
from groups import services
from groups.models import Group, GroupMember, GroupRole, Invitation, JoinRequest
from incidents.models import Incident
from members.access import get_visible_or_404, viewer_for, visible
from members.models import AuditEvent, Notification
from tests.conftest import member
from tests.factories import OrganisationFactory
from tests.incidents.conftest import report
from tests.notify import fan_out_all

pytestmark = pytest.mark.django_db


def working_group(cast, **options):
    options.setdefault("join_policy", "request")
    return services.group_create(
        creator=cast.member_a, name=options.pop("name", "Port watch"), collection="cso", **options
    )


def in_group(group) -> set[int]:
    return set(GroupMember.objects.filter(group=group).values_list("user_id", flat=True))


def test_the_founding_groups_are_there_with_their_lenses():
    founded = dict(Group.objects.values_list("slug", "collection"))
    assert founded["port-crime"] == "cso"
    for slug in ("asia", "west-africa", "gulf-of-aden", "mediterranean"):
        assert founded[slug] == "regional_intelligence"
    assert Group.objects.get(slug="port-crime").lens_asks_port
    assert Group.objects.get(slug="west-africa").lens == "region=west_africa"


def test_who_may_create_a_group_depends_on_the_collection(cast):
    working_group(cast)
    with pytest.raises(PermissionDenied):
        services.group_create(
            creator=cast.member_a, name="Asia two", collection="regional_intelligence"
        )
    services.group_create(
        creator=cast.editor, name="Indian Ocean", collection="regional_intelligence"
    )
    with pytest.raises(PermissionDenied):
        services.group_create(creator=cast.editor, name="A navy", collection="military_industry")
    with pytest.raises(PermissionDenied):
        services.group_create(creator=cast.pending_a, name="Mine", collection="cso")


def test_a_military_and_industry_group_belongs_to_such_an_organisation(cast):
    with pytest.raises(ValidationError) as refused:
        services.group_create(
            creator=cast.staff, name="Bravo's", collection="military_industry",
            organisation=cast.org_b,
        )  # fmt: skip
    assert "reporting centre" in str(refused.value)
    centre = OrganisationFactory(name="MDAT-GoG", slug="mdat-gog", kind="military_reporting_centre")
    watchkeeper = member(centre)
    group = services.group_create(
        creator=cast.staff, name="MDAT-GoG", collection="military_industry", organisation=centre,
        contact="watchkeepers@mdat.example, +33 2 98 22 88 88",
    )  # fmt: skip
    # The centre's members are in it as a whole, without joining.
    assert group.pk in viewer_for(watchkeeper).groups
    assert group.pk not in viewer_for(cast.member_a).groups


def test_a_name_taken_in_its_collection_is_refused_and_the_slug_is_never_a_page(cast):
    working_group(cast)
    with pytest.raises(ValidationError) as refused:
        working_group(cast, name="PORT WATCH")
    assert "already has" in str(refused.value)
    assert (
        services.group_create(creator=cast.member_a, name="New", collection="cso").slug == "new-2"
    )


def test_bad_text_is_refused_and_changes_nothing(cast):
    before = Group.objects.count()
    for name in ["", "   ", "Port\x00watch", "x" * 101]:
        with pytest.raises(ValidationError):
            working_group(cast, name=name)
    with pytest.raises(ValidationError):
        working_group(cast, join_policy="anyone")
    assert Group.objects.count() == before


def test_an_open_group_is_joined_at_once_and_joining_twice_is_refused(cast):
    group = working_group(cast, join_policy="open")
    services.group_join(user=cast.member_b, group=group)
    assert cast.member_b.pk in in_group(group)
    assert group.pk in viewer_for(cast.member_b).groups
    with pytest.raises(ValidationError, match="already in"):
        services.group_join(user=cast.member_b, group=group)


def test_a_request_needs_a_reason_and_its_owner_decides(cast):
    group = working_group(cast)
    with pytest.raises(ValidationError):
        services.group_join(user=cast.member_b, group=group, reason="  ")
    asked = services.group_join(user=cast.member_b, group=group, reason="We call at Lagos.")
    assert isinstance(asked, JoinRequest) and cast.member_b.pk not in in_group(group)
    with pytest.raises(ValidationError, match="already asked"):
        services.group_join(user=cast.member_b, group=group, reason="Again.")
    fan_out_all()
    bell = Notification.objects.get(recipient=cast.member_a, kind="groups")
    assert "asks to join" in bell.text
    # A member who does not run the group decides nothing.
    with pytest.raises(PermissionDenied):
        services.request_decide(actor=cast.admin_b, join_request=asked, approve=True)
    with pytest.raises(ValidationError, match="Say why"):
        services.request_decide(actor=cast.member_a, join_request=asked, approve=False)
    services.request_decide(actor=cast.member_a, join_request=asked, approve=True)
    assert cast.member_b.pk in in_group(group)
    with pytest.raises(ValidationError, match="already decided"):
        services.request_decide(actor=cast.member_a, join_request=asked, approve=False, reason="No")
    fan_out_all()
    assert "was approved" in Notification.objects.get(recipient=cast.member_b, kind="groups").text
    assert AuditEvent.objects.filter(
        action="group_request_decided", target_id=str(group.pk)
    ).exists()


def test_a_declined_request_says_why_and_joins_nobody(cast):
    group = working_group(cast)
    asked = services.group_join(user=cast.member_b, group=group, reason="Please.")
    services.request_decide(
        actor=cast.member_a, join_request=asked, approve=False, reason="Owners of tankers only."
    )
    asked.refresh_from_db()
    assert asked.status == "declined" and asked.decision_reason == "Owners of tankers only."
    assert cast.member_b.pk not in in_group(group)


def test_an_invitation_only_group_is_joined_by_invitation(cast):
    group = working_group(cast, join_policy="invitation", visibility="unlisted")
    with pytest.raises(ValidationError, match="invitation only"):
        services.group_join(user=cast.member_b, group=group)
    # Unlisted: found by nobody outside it until invited.
    assert not visible(viewer_for(cast.member_b), Group).filter(pk=group.pk).exists()
    with pytest.raises(PermissionDenied):
        services.invite(actor=cast.admin_b, group=group, user=cast.member_b)
    with pytest.raises(ValidationError):
        services.invite(actor=cast.member_a, group=group, user=cast.pending_a)
    invitation = services.invite(actor=cast.member_a, group=group, user=cast.member_b)
    with pytest.raises(ValidationError, match="already invited"):
        services.invite(actor=cast.member_a, group=group, user=cast.member_b)
    assert visible(viewer_for(cast.member_b), Group).filter(pk=group.pk).exists()
    fan_out_all()
    assert "invites you" in Notification.objects.get(recipient=cast.member_b, kind="groups").text
    services.invitation_answer(user=cast.member_b, invitation=invitation, accept=True)
    assert cast.member_b.pk in in_group(group)
    assert Invitation.objects.get(pk=invitation.pk).status == "accepted"


def test_the_last_owner_hands_over_before_leaving_or_being_removed(cast):
    group = working_group(cast, join_policy="open")
    services.group_join(user=cast.member_b, group=group)
    with pytest.raises(ValidationError, match="last owner"):
        services.group_leave(user=cast.member_a, group=group)
    theirs = GroupMember.objects.get(group=group, user=cast.member_b)
    mine = GroupMember.objects.get(group=group, user=cast.member_a)
    with pytest.raises(ValidationError, match="last owner"):
        services.member_remove(actor=cast.staff, member=mine, reason="Gone.")
    with pytest.raises(PermissionDenied):
        services.ownership_transfer(actor=cast.member_b, group=group, to=cast.member_b)
    with pytest.raises(ValidationError):
        services.ownership_transfer(actor=cast.member_a, group=group, to=cast.admin_b)
    services.ownership_transfer(actor=cast.member_a, group=group, to=cast.member_b)
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert (theirs.role, mine.role) == (GroupRole.OWNER, GroupRole.MODERATOR)
    services.group_leave(user=cast.member_a, group=group)
    assert in_group(group) == {cast.member_b.pk}
    assert AuditEvent.objects.filter(action="group_ownership", target_id=str(group.pk)).exists()


def test_removing_someone_needs_a_reason_is_audited_and_tells_them(cast):
    group = working_group(cast, join_policy="open")
    services.group_join(user=cast.member_b, group=group)
    services.group_join(user=cast.admin_b, group=group)
    theirs = GroupMember.objects.get(group=group, user=cast.member_b)
    with pytest.raises(PermissionDenied):  # a plain member removes nobody
        services.member_remove(actor=cast.admin_b, member=theirs, reason="No.")
    with pytest.raises(ValidationError, match="Say why"):
        services.member_remove(actor=cast.member_a, member=theirs, reason="")
    services.member_remove(actor=cast.member_a, member=theirs, reason="Left the company.")
    assert cast.member_b.pk not in in_group(group)
    event = AuditEvent.objects.get(action="group_member_removed")
    assert event.detail == {"user": cast.member_b.pk, "reason": "Left the company."}
    fan_out_all()
    assert "Left the company." in Notification.objects.get(recipient=cast.member_b).text


def test_a_moderator_manages_members_but_not_owners_or_roles(cast):
    group = working_group(cast, join_policy="open")
    for user in (cast.member_b, cast.admin_b):
        services.group_join(user=user, group=group)
    theirs = GroupMember.objects.get(group=group, user=cast.member_b)
    services.member_role(actor=cast.member_a, member=theirs, role="moderator")
    owner = GroupMember.objects.get(group=group, user=cast.member_a)
    with pytest.raises(PermissionDenied):
        services.member_remove(actor=cast.member_b, member=owner, reason="Coup.")
    with pytest.raises(PermissionDenied):
        services.member_role(
            actor=cast.member_b,
            member=GroupMember.objects.get(group=group, user=cast.admin_b),
            role="moderator",
        )
    with pytest.raises(ValidationError):
        services.member_role(actor=cast.member_a, member=theirs, role="owner")
    services.member_remove(
        actor=cast.member_b,
        member=GroupMember.objects.get(group=group, user=cast.admin_b),
        reason="Spam.",
    )
    assert cast.admin_b.pk not in in_group(group)


def test_an_archived_group_is_read_only_and_still_read(cast):
    group = working_group(cast, join_policy="open")
    services.group_join(user=cast.member_b, group=group)
    thread = thread_start(
        author=cast.member_a, title="Lagos boardings", body="Seen any?", tlp="amber", group=group
    )
    with pytest.raises(PermissionDenied):
        services.group_archive(actor=cast.member_b, group=group)
    services.group_archive(actor=cast.member_a, group=group)
    with pytest.raises(ValidationError, match="archived"):
        services.group_join(user=cast.admin_b, group=group)
    with pytest.raises(PermissionDenied):
        post_reply(author=cast.member_b, thread=thread, body="A reply.")
    # Its members still read what is in it.
    assert chatter_selectors.threads(viewer_for(cast.member_b)).filter(pk=thread.pk).exists()


def test_leaving_a_group_stops_seeing_what_was_shared_with_it_at_once(cast):
    group = working_group(cast, join_policy="open")
    services.group_join(user=cast.member_b, group=group)
    incident = report(cast, tlp="amber")
    incident.shared_with_groups.set([group])
    thread = thread_start(
        author=cast.member_a, title="The boarding", body="What do we know?", tlp="amber",
        group=group,
    )  # fmt: skip
    thread_read(user=cast.member_b, thread=thread, number=1)
    post_reply(author=cast.member_a, thread=thread, body="More.")
    viewer = viewer_for(cast.member_b)
    assert get_visible_or_404(viewer, Incident, pk=incident.pk)
    assert chatter_unread.unread_threads(viewer) == 1  # counted now, and kept
    services.group_leave(user=cast.member_b, group=group)
    viewer = viewer_for(cast.member_b)
    assert not visible(viewer, Incident).filter(pk=incident.pk).exists()
    assert not chatter_selectors.threads(viewer).filter(pk=thread.pk).exists()
    assert chatter_unread.unread_threads(viewer) == 0  # the kept count was forgotten


def test_an_organisation_added_as_a_whole_brings_its_members_and_their_new_colleagues(cast):
    group = working_group(cast, join_policy="invitation")
    with pytest.raises(PermissionDenied):
        services.organisation_add(actor=cast.admin_b, group=group, organisation=cast.org_b)
    services.organisation_add(actor=cast.member_a, group=group, organisation=cast.org_b)
    with pytest.raises(ValidationError, match="already"):
        services.organisation_add(actor=cast.member_a, group=group, organisation=cast.org_b)
    newcomer = member(cast.org_b)
    assert group.pk in viewer_for(newcomer).groups
    assert group.pk not in viewer_for(cast.pending_a).groups
    with pytest.raises(ValidationError, match="Say why"):
        services.organisation_remove(
            actor=cast.member_a, group=group, organisation=cast.org_b, reason=""
        )
    services.organisation_remove(
        actor=cast.member_a, group=group, organisation=cast.org_b, reason="The project ended."
    )
    assert group.pk not in viewer_for(newcomer).groups


def test_latest_regional_intelligence_is_started_by_editors_and_answered_by_its_members(cast):
    west_africa = Group.objects.get(slug="west-africa")
    services.group_join(user=cast.member_b, group=west_africa)
    with pytest.raises(PermissionDenied, match="editors"):
        thread_start(author=cast.member_b, title="Mine", body="A post.", group=west_africa)
    briefing = thread_start(
        author=cast.editor, title="Gulf of Guinea: week 48", body="Three boardings.",
        group=west_africa,
    )  # fmt: skip
    post_reply(author=cast.member_b, thread=briefing, body="One of them was ours.")
    with pytest.raises(PermissionDenied):  # not in the group
        post_reply(author=cast.admin_a, thread=briefing, body="And?")


def test_joining_a_regional_group_watches_its_new_threads(cast):
    from members.models import Level, Watch

    services.group_join(user=cast.member_b, group=Group.objects.get(slug="asia"))
    watch = Watch.objects.get(user=cast.member_b, target_type="group", target_key="asia")
    assert watch.level == Level.FIRST_POST
    thread_start(
        author=cast.editor, title="Singapore Strait: week 48", body="Four thefts.",
        group=Group.objects.get(slug="asia"),
    )  # fmt: skip
    fan_out_all()
    told = Notification.objects.get(recipient=cast.member_b, kind="chatter")
    assert "Singapore Strait" in told.text


def test_a_group_thread_under_amber_is_shared_with_the_group(cast):
    group = working_group(cast, join_policy="open")
    services.group_join(user=cast.member_b, group=group)
    thread = thread_start(
        author=cast.member_a, title="Our anchorage", body="Read this.", tlp="amber", group=group
    )
    assert list(thread.shared_with_groups.all()) == [group]
    assert chatter_selectors.threads(viewer_for(cast.member_b)).filter(pk=thread.pk).exists()
    assert not chatter_selectors.threads(viewer_for(cast.admin_b)).filter(pk=thread.pk).exists()
    with pytest.raises(PermissionDenied):  # not in the group: starts nothing in it
        thread_start(author=cast.admin_b, title="Me too", body="Hello.", group=group)


def test_content_is_shared_only_with_groups_the_author_is_in(cast):
    theirs = services.group_create(creator=cast.member_b, name="Bravo's own", collection="cso")
    with pytest.raises(ValidationError, match="only with groups you are in"):
        thread_start(
            author=cast.member_a, title="Sneaky", body="Hello.", tlp="amber",
            share_with_groups=[theirs],
        )  # fmt: skip


def test_owners_watch_their_group_and_members_choose_at_joining(client, cast):
    from members.models import Level, Watch

    group = working_group(cast, join_policy="open")
    levels = lambda: dict(  # noqa: E731
        Watch.objects.filter(target_type="group", target_key=group.slug).values_list(
            "user_id", "level"
        )
    )
    assert levels() == {cast.member_a.pk: Level.WATCHING}
    client.force_login(cast.member_b)
    page = client.get(f"/groups/{group.slug}/").content.decode()
    assert "Tell me of its new threads" in page
    client.post(f"/groups/{group.slug}/join/", {"watch": str(Level.NORMAL)})
    services.group_join(user=cast.admin_b, group=group)
    assert in_group(group) == {cast.member_a.pk, cast.member_b.pk, cast.admin_b.pk}
    assert levels() == {cast.member_a.pk: Level.WATCHING, cast.admin_b.pk: Level.FIRST_POST}

    Notification.objects.all().delete()
    thread_start(
        author=cast.admin_b, title="Bonny tonight", body="Quiet.", tlp="green", group=group
    )
    fan_out_all()
    told = set(Notification.objects.filter(kind="chatter").values_list("recipient", flat=True))
    assert told == {cast.member_a.pk}  # the owner; member B chose nothing, admin B wrote it
