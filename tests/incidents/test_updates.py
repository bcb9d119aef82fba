"""Updates: any member who can see an incident adds to it, under a marking no less strict."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from incidents import selectors
from incidents.models import Attachment, IncidentUpdate
from incidents.services import update_add
from members.access import AccessPolicyBypassed, visible
from tests.files import jpeg_bytes, upload

from .conftest import report, timeline_for

pytestmark = pytest.mark.django_db


def test_another_companys_member_adds_an_update_seen_on_the_timeline(cast):
    incident = report(cast)
    update = update_add(incident=incident, author=cast.member_b, text="Same gang tried us too.")
    assert update.tlp == "green" and update.organisation == cast.org_b
    entries = timeline_for(cast, "member_a", incident)
    assert [entry.kind for entry in entries] == ["reported", "update"]
    assert entries[1].who.endswith("Bravo Lines")


def test_an_update_is_never_marked_less_strictly_than_its_incident(cast):
    incident = report(cast, tlp="amber")
    with pytest.raises(ValidationError) as error:
        update_add(incident=incident, author=cast.member_a, text="x", tlp="green")
    assert "tlp" in error.value.message_dict
    assert not visible(cast.viewer("staff"), IncidentUpdate).exists()


def test_a_stricter_update_is_seen_only_by_its_own_audience(cast):
    incident = report(cast)
    update_add(incident=incident, author=cast.member_b, text="Our own view.", tlp="amber_strict")
    assert [e.kind for e in timeline_for(cast, "admin_b", incident)][-1] == "update"
    assert [e.kind for e in timeline_for(cast, "member_a", incident)] == ["reported"]
    assert [e.kind for e in timeline_for(cast, "editor", incident)] == ["reported"]


def test_an_update_marked_as_its_amber_incident_reaches_the_incidents_audience(cast):
    incident = report(cast, tlp="amber")
    update_add(incident=incident, author=cast.editor, text="Editor's note", tlp="amber")
    assert [e.kind for e in timeline_for(cast, "member_a", incident)][-1] == "update"
    with pytest.raises(Http404):  # member B may not open the incident, nor read its updates
        timeline_for(cast, "member_b", incident)
    assert not visible(cast.viewer("member_b"), IncidentUpdate).exists()


def test_updates_to_an_invisible_incident_are_refused(cast):
    incident = report(cast, tlp="amber_strict")
    with pytest.raises(PermissionDenied):
        update_add(incident=incident, author=cast.member_b, text="x", tlp="red")
    with pytest.raises(PermissionDenied):
        update_add(incident=incident, author=cast.pending_a, text="x", tlp="amber_strict")


def test_an_empty_update_is_refused(cast):
    incident = report(cast)
    with pytest.raises(ValidationError):
        update_add(incident=incident, author=cast.member_a, text="   ")


def test_an_update_with_a_photo_stores_the_original_and_its_hash(cast):
    incident = report(cast)
    data = jpeg_bytes()
    update = update_add(
        incident=incident, author=cast.member_a, text="Photo", files=[upload("deck.jpg", data)]
    )
    (attachment,) = update.attachments.unrestricted()
    assert attachment.kind == "photo" and attachment.content_type == "image/jpeg"
    assert attachment.original.read() == data
    import hashlib

    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.processing == "pending"
    assert attachment.original.name.endswith(".jpg") and "deck" not in attachment.original.name


def test_one_bad_file_stores_nothing(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    incident = report(cast)
    with pytest.raises(ValidationError) as error:
        update_add(
            incident=incident,
            author=cast.member_a,
            text="Two files",
            files=[upload("ok.jpg", jpeg_bytes()), upload("evil.jpg", b"<html>hi</html>")],
        )
    assert "evil.jpg" in error.value.message_dict["files"][0]
    assert not visible(cast.viewer("staff"), IncidentUpdate).exists()
    assert not visible(cast.viewer("staff"), Attachment).exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_an_anonymous_report_hides_the_reporter_from_other_companies(cast):
    incident = report(cast, anonymous=True)
    assert selectors.reporter_label(cast.viewer("member_b"), incident) == "A member"
    assert timeline_for(cast, "member_b", incident)[0].who == "A member"
    assert "Alpha Tankers" in selectors.reporter_label(cast.viewer("admin_a"), incident)
    assert "Alpha Tankers" in selectors.reporter_label(cast.viewer("editor"), incident)


def test_likely_duplicates_by_place_and_day_or_by_vessel(cast):
    original = report(cast)
    viewer = cast.viewer("member_b")
    near = selectors.likely_duplicates(
        viewer,
        occurred_on=original.occurred_on + dt.timedelta(days=1),
        latitude=6.35,
        longitude=3.35,
    )
    assert near == [original]
    far = selectors.likely_duplicates(
        viewer, occurred_on=original.occurred_on, latitude=6.29, longitude=4.5
    )
    assert far == []
    later = selectors.likely_duplicates(
        viewer,
        occurred_on=original.occurred_on + dt.timedelta(days=2),
        latitude=6.29,
        longitude=3.33,
    )
    assert later == []
    vessel = selectors.likely_duplicates(
        viewer,
        occurred_on=original.occurred_on,
        latitude=1.2,
        longitude=103.8,
        vessel_imo="9074729",
    )
    assert vessel == [original]


def test_duplicates_only_among_what_the_reporter_may_see(cast):
    original = report(cast, tlp="amber_strict")
    found = selectors.likely_duplicates(
        cast.viewer("member_b"), occurred_on=original.occurred_on, latitude=6.29, longitude=3.33
    )
    assert found == []


def test_the_public_never_learns_who_reported_or_updated_a_clear_incident(cast):
    incident = report(cast, tlp="clear")
    update_add(incident=incident, author=cast.member_b, text="Seen too.", tlp="clear")
    public = cast.viewer("public")
    assert selectors.reporter_label(public, incident) == "A member"
    assert {entry.who for entry in timeline_for(cast, "public", incident)} == {"A member"}
    assert selectors.reporter_label(cast.viewer("member_b"), incident).endswith("Alpha Tankers")


def test_children_are_read_only_for_an_incident_opened_through_the_policy(cast):
    incident = report(cast)
    member_b = cast.viewer("member_b")
    with pytest.raises(AccessPolicyBypassed):
        selectors.updates(member_b, incident)  # not opened through the policy
    opened_by_a = selectors.incident_by_id(cast.viewer("member_a"), incident.pk)
    with pytest.raises(AccessPolicyBypassed):
        selectors.timeline(member_b, opened_by_a)  # opened for someone else
    opened = selectors.incident_by_id(member_b, incident.pk)
    assert [entry.kind for entry in selectors.timeline(member_b, opened)] == ["reported"]
