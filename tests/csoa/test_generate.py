"""seed_incidents: realistic, valid generated history, loaded in batches."""

import pytest
from django.core.management import CommandError, call_command

from incidents.models import Incident, IncidentChange
from kit.geography import distance_nm
from members.access import Viewer, visible
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db

STAFF = Viewer(role="staff")


def test_generated_incidents_are_valid_and_placed_at_their_ports(cast, capsys):
    call_command("seed_incidents", "--count", "120", "--seed", "7", "--batch", "50")
    assert "120 incidents loaded" in capsys.readouterr().out
    incidents = list(visible(STAFF, Incident).select_related("port"))
    assert len(incidents) == 120
    assert len({incident.reference for incident in incidents}) == 120
    for incident in incidents:
        incident.full_clean(exclude=["reference"])  # uniqueness: checked below
        assert incident.region == incident.port.region
        distance = distance_nm(
            incident.latitude, incident.longitude, incident.port.latitude, incident.port.longitude
        )
        assert distance <= incident.port.radius_nm
    assert len({incident.status for incident in incidents}) >= 4
    assert any(incident.occurred_time is None for incident in incidents)
    assert visible(STAFF, IncidentChange).filter(kind="reported").count() == 120


def test_references_continue_after_generated_history(cast):
    call_command("seed_incidents", "--count", "30", "--seed", "1")
    later = report(cast)
    references = set(visible(STAFF, Incident).values_list("reference", flat=True))
    assert len(references) == 31 and later.reference in references


def test_out_of_range_counts_are_refused(db):
    with pytest.raises(CommandError):
        call_command("seed_incidents", "--count", "0")
    assert not visible(STAFF, Incident).exists()
