"""Verification status, grading, significance, and the editors' queue."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from incidents import selectors
from incidents.models import Incident, Status
from incidents.services import incident_change, incidents_set_status
from members.access import visible

from .conftest import report

pytestmark = pytest.mark.django_db


def change(incident, actor, **changes):
    return incident_change(
        incident=incident, actor=actor, reason="Checked with the master", **changes
    )


def test_reported_verified_confirmed(cast):
    incident = report(cast)
    change(incident, cast.editor, status="verified")
    change(incident, cast.editor, status="confirmed")
    incident.refresh_from_db()
    assert incident.status == "confirmed"
    assert incident.status_reason == "Checked with the master"


def test_a_reported_incident_is_verified_before_it_is_confirmed(cast):
    incident = report(cast)
    with pytest.raises(ValidationError) as error:
        change(incident, cast.editor, status="confirmed")
    assert "status" in error.value.message_dict


def test_a_retracted_incident_stays_visible_with_its_reason_but_leaves_statistics(cast):
    kept = report(cast)
    retracted = report(cast)
    incident_change(
        incident=retracted,
        actor=cast.editor,
        reason="The master withdrew the report.",
        status="retracted",
    )
    viewer = cast.viewer("member_b")
    assert selectors.incident_by_reference(viewer, retracted.reference).status_reason
    assert set(selectors.incidents(viewer).values_list("pk", flat=True)) == {kept.pk, retracted.pk}
    counted = selectors.in_statistics(selectors.incidents(viewer))
    assert list(counted.values_list("pk", flat=True)) == [kept.pk]


def test_only_editors_grade_and_verify(cast):
    incident = report(cast)
    for role in ("member_a", "admin_a"):
        with pytest.raises(PermissionDenied):
            change(incident, cast.user(role), source_reliability="B")
    change(incident, cast.editor, source_reliability="B", information_credibility=2)
    incident.refresh_from_db()
    assert (incident.source_reliability, incident.information_credibility) == ("B", 2)


def test_grading_out_of_range_is_refused(cast):
    incident = report(cast)
    with pytest.raises(ValidationError):
        change(incident, cast.editor, information_credibility=7)
    with pytest.raises(ValidationError):
        change(incident, cast.editor, source_reliability="G")


def test_significance_is_suggested_and_follows_the_facts_until_an_editor_overrides(cast):
    incident = report(cast)  # three robbers with knives, crew tied up
    assert incident.significance == 3
    change(incident, cast.editor, weapons=["guns"], crew_injured=1)
    incident.refresh_from_db()
    assert incident.significance == 1
    change(incident, cast.editor, significance=2)
    change(incident, cast.editor, crew_injured=0, weapons=[])
    incident.refresh_from_db()
    assert (incident.significance, incident.significance_overridden) == (2, True)
    change(incident, cast.editor, significance=None)  # back to the suggestion
    incident.refresh_from_db()
    assert (incident.significance, incident.significance_overridden) == (3, False)


def test_the_queue_is_oldest_first_and_only_for_editors(cast):
    first, second = report(cast), report(cast)
    change(second, cast.editor, status="verified")
    third = report(cast)
    queue = selectors.verification_queue(cast.viewer("editor"))
    assert [i.pk for i in queue] == [first.pk, third.pk]
    assert list(selectors.verification_queue(cast.viewer("admin_a"))) == []


def test_bulk_verify_changes_all_or_nothing(cast):
    a, b = report(cast), report(cast)
    assert (
        incidents_set_status(
            actor=cast.editor, incident_ids=[a.pk, b.pk], status="verified", reason="Cross-checked"
        )
        == 2
    )
    statuses = visible(cast.viewer("editor"), Incident).values_list("status", flat=True)
    assert set(statuses) == {"verified"}
    c = report(cast)
    with pytest.raises(ValidationError):  # a and b are verified: confirming c directly fails
        incidents_set_status(
            actor=cast.editor, incident_ids=[a.pk, c.pk], status="confirmed", reason="x"
        )
    a.refresh_from_db()
    assert a.status == Status.VERIFIED


def test_bulk_actions_refuse_forged_ids_and_non_editors(cast):
    a = report(cast)
    strict_b = report(cast, reporter=cast.member_b, tlp="amber_strict")
    with pytest.raises(ValidationError):
        incidents_set_status(
            actor=cast.editor, incident_ids=[a.pk, strict_b.pk], status="verified", reason="x"
        )
    with pytest.raises(PermissionDenied):
        incidents_set_status(actor=cast.admin_a, incident_ids=[a.pk], status="verified", reason="x")
    a.refresh_from_db()
    assert a.status == "reported"
