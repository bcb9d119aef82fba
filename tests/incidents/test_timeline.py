"""Changing an incident: who may, the required reason, and the timeline that keeps it all."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from incidents.models import Incident, IncidentChange
from incidents.services import incident_change

from .conftest import report, timeline_for

pytestmark = pytest.mark.django_db


def test_the_report_is_the_first_entry_of_the_timeline(cast):
    incident = report(cast)
    (entry,) = timeline_for(cast, "member_b", incident)
    assert entry.kind == "reported"
    assert entry.who.endswith("Alpha Tankers")


def test_an_editor_upgrades_attempted_to_boarded_with_a_reason(cast):
    incident = report(cast, category="attempted", outcome="unsuccessful")
    change = incident_change(
        incident=incident,
        actor=cast.editor,
        reason="Master's report: robbers reached the forecastle.",
        category="boarded",
        outcome="successful",
    )
    incident.refresh_from_db()
    assert incident.category == "boarded"
    fields = {row["field"]: (row["old"], row["new"]) for row in change.changes}
    assert fields["category"] == ("attempted", "boarded")
    assert fields["outcome"] == ("unsuccessful", "successful")
    assert change.changed_by == cast.editor and change.reason.startswith("Master's")
    entries = timeline_for(cast, "member_a", incident)
    assert [entry.kind for entry in entries] == ["reported", "changed"]
    assert entries[1].changes[0]["label"]


def test_a_change_without_a_reason_changes_nothing(cast):
    incident = report(cast)
    with pytest.raises(ValidationError) as error:
        incident_change(incident=incident, actor=cast.editor, reason="  ", perpetrators=5)
    assert "reason" in error.value.message_dict
    incident.refresh_from_db()
    assert incident.perpetrators == 3
    assert IncidentChange.objects.filter(kind="changed").count() == 0


def test_changing_nothing_records_nothing(cast):
    incident = report(cast)
    assert incident_change(incident=incident, actor=cast.editor, reason="x", perpetrators=3) is None
    assert IncidentChange.objects.count() == 1


def test_the_owning_organisations_admin_may_change_facts_but_not_verify(cast):
    incident = report(cast)
    incident_change(incident=incident, actor=cast.admin_a, reason="Crew count", crew_on_board=21)
    with pytest.raises(PermissionDenied):
        incident_change(incident=incident, actor=cast.admin_a, reason="x", status="verified")


@pytest.mark.parametrize("role", ["member_a", "member_b", "admin_b"])
def test_other_members_may_not_change_facts(cast, role):
    incident = report(cast)
    with pytest.raises(PermissionDenied):
        incident_change(incident=incident, actor=cast.user(role), reason="x", perpetrators=9)
    incident.refresh_from_db()
    assert incident.perpetrators == 3


def test_a_member_who_cannot_see_the_incident_cannot_change_it(cast):
    incident = report(cast, tlp="amber_strict")
    with pytest.raises(Incident.DoesNotExist):
        incident_change(incident=incident, actor=cast.admin_b, reason="x", perpetrators=9)


def test_moving_the_position_derives_port_zone_and_utc_again(cast):
    incident = report(cast)
    change = incident_change(
        incident=incident,
        actor=cast.editor,
        reason="Position from the ship's log",
        latitude=1.26,
        longitude=104.10,
    )
    incident.refresh_from_db()
    assert incident.region == "south_east_asia"
    assert incident.timezone in {"Asia/Singapore", "Asia/Jakarta", "Asia/Kuala_Lumpur"}
    changed = {row["field"] for row in change.changes}
    assert {"latitude", "longitude", "region", "timezone", "occurred_at"} <= changed


def test_an_invalid_change_is_refused_whole(cast):
    incident = report(cast)
    with pytest.raises(ValidationError) as error:
        incident_change(
            incident=incident,
            actor=cast.editor,
            reason="x",
            perpetrators=4,
            occurred_on=dt.date.today() + dt.timedelta(days=3),
        )
    assert "occurred_on" in error.value.message_dict
    incident.refresh_from_db()
    assert incident.perpetrators == 3


def test_a_wrong_imo_check_digit_is_refused_on_change(cast):
    incident = report(cast)
    with pytest.raises(ValidationError) as error:
        incident_change(incident=incident, actor=cast.editor, reason="x", vessel_imo="9074728")
    assert "vessel_imo" in error.value.message_dict
