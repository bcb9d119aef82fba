"""Reading every record again when the reader improves: facts an editor set stay as set, the
rest follow the new reading, the timeline says why, nobody is notified, and a reading taken
up again or run twice changes nothing more. Editors' corrections are kept and counted."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from feeds import rereading, review, selectors, services
from feeds.models import Correction, FeedItem, Reading
from incidents.models import Incident, IncidentChange
from members.access import viewer_for
from members.models import Notification
from tests.notify import fan_out_all

pytestmark = pytest.mark.django_db

ASAM = (Path(__file__).parent / "fixtures" / "asam.json").read_bytes()


@pytest.fixture
def accepted(cast):
    """The ASAM fixture accepted automatically, then read as an older reader read it: no
    weapons, no perpetrators, no time (what the reader reads now is what it finds again)."""
    source = services.source_add(name="NGA ASAM", format="asam-json", auto_accept=True)
    run = services.ingest(source, ASAM, trigger="command")
    assert run.accepted >= 3
    item = FeedItem.objects.get(source=source, external_id="2022-148")
    incident = Incident.objects.unrestricted().get(pk=item.incident_id)
    assert (incident.perpetrators, incident.weapons) == (3, ["knives"])
    older = {k: v for k, v in item.extracted.items() if k not in ("perpetrators", "weapons")}
    older["targets"] = ["engine_room"]
    FeedItem.objects.filter(pk=item.pk).update(extracted=older)
    Incident.objects.unrestricted().filter(pk=incident.pk).update(
        perpetrators=None, weapons=[], targets=["engine_room"], crew_on_board=None
    )
    return item, incident


def test_a_reading_brings_the_new_facts_and_keeps_the_editors(accepted, cast):
    item, incident = accepted
    # An editor set the targets by hand since: theirs stand.
    Incident.objects.unrestricted().filter(pk=incident.pk).update(targets=["bosun_store"])
    out = StringIO()
    call_command("feeds", "reread", stdout=out)
    incident = Incident.objects.unrestricted().get(pk=incident.pk)
    assert (incident.perpetrators, incident.weapons) == (3, ["knives"])
    assert incident.targets == ["bosun_store"]
    item.refresh_from_db()
    assert item.extracted["perpetrators"] == 3
    change = IncidentChange.objects.filter(incident=incident).last()
    assert change.reason == rereading.REASON
    assert {c["field"] for c in change.changes} >= {"perpetrators", "weapons"}
    assert "targets" not in {c["field"] for c in change.changes}
    reading = Reading.objects.get()
    assert reading.state == "done" and reading.done == reading.total == FeedItem.objects.count()
    assert (reading.records_changed, reading.incidents_changed) == (1, 1)
    assert "1 incidents changed" in out.getvalue() or "1 incident" in out.getvalue()
    fan_out_all()
    assert not Notification.objects.filter(kind="report_status").exists()  # nobody told


def test_a_second_reading_and_a_reading_taken_up_change_nothing_more(accepted):
    item, _incident = accepted
    first = rereading.run_alone(rereading.reading_ask())
    changes = IncidentChange.objects.count()
    second = rereading.run_alone(rereading.reading_ask())
    assert first.pk != second.pk
    assert (second.records_changed, second.incidents_changed) == (0, 0)
    assert IncidentChange.objects.count() == changes
    # A reading a worker left half-way goes on from where it stands.
    third = Reading.objects.create(total=FeedItem.objects.count(), state="running")
    Reading.objects.filter(pk=third.pk).update(last_item_id=item.pk)
    third.refresh_from_db()
    done = rereading.run_alone(third, batch=1)
    assert done.done == FeedItem.objects.filter(pk__gt=item.pk).count()


def test_only_one_reading_waits_or_runs_at_a_time(accepted):
    first = rereading.reading_ask()
    assert rereading.reading_ask().pk == first.pk


def test_a_stuck_reading_is_sent_again_by_the_sweep(accepted):
    import datetime as dt

    from django.utils import timezone

    reading = rereading.reading_ask()
    assert rereading.sweep() == 0
    Reading.objects.filter(pk=reading.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=11)
    )
    assert rereading.sweep() == 1
    assert rereading.sweep() == 0  # sent again: its clock starts again


def test_an_editors_corrections_are_kept_counted_and_given_as_labels(cast):
    source = services.source_add(name="NGA ASAM", format="asam-json")
    services.ingest(source, ASAM, trigger="command")
    item = FeedItem.objects.get(source=source, external_id="2022-148")
    facts = review.facts_for(item)
    facts["perpetrators"] = 4
    facts["weapons"] = ["knives", "guns"]
    review.item_accept(item, editor=cast.editor, facts=facts)
    corrections = {c.field: c for c in Correction.objects.all()}
    assert set(corrections) == {"perpetrators", "weapons"}
    assert (corrections["perpetrators"].read, corrections["perpetrators"].corrected) == (3, 4)
    assert corrections["weapons"].words == "knives"
    other = FeedItem.objects.get(source=source, external_id="2019-031")
    review.item_accept(other, editor=cast.editor)  # accepted as read: agreement
    kept = {row["field"]: row for row in selectors.agreement(viewer_for(cast.editor))}
    assert kept["perpetrators"]["reviewed"] == 2 and kept["perpetrators"]["kept"] == 0.5
    assert kept["occurred_time"]["kept"] == 1.0
    out = StringIO()
    call_command("feeds", "corrections", stdout=out)
    labels = json.loads(out.getvalue())
    assert labels == [
        {
            "source": "NGA ASAM",
            "reference": "2022-148",
            "hostility": item.data["hostility"],
            "description": item.data["description"],
            "labels": {"perpetrators": 4, "weapons": ["guns", "knives"]},
        }
    ]


def test_editors_see_what_was_read_on_the_incident_page_and_others_do_not(client, cast):
    source = services.source_add(name="NGA ASAM", format="asam-json", auto_accept=True)
    services.ingest(source, ASAM, trigger="command")
    item = FeedItem.objects.get(source=source, external_id="2022-148")
    incident = Incident.objects.unrestricted().get(pk=item.incident_id)
    url = f"/incidents/{incident.reference}/"
    client.force_login(cast.editor)
    page = client.get(url).content.decode()
    assert 'data-testid="incident-read-facts"' in page
    assert '<dd data-fact="weapons">Knives <q class="evidence">knives</q></dd>' in page
    client.force_login(cast.member_a)
    page = client.get(url).content.decode()
    assert page.count("incident-read-facts") == 0
    client.logout()
    assert "incident-read-facts" not in client.get(url).content.decode()


def test_the_desk_asks_for_a_reading_and_sees_its_progress(client, cast, accepted):
    client.force_login(cast.member_a)
    assert client.post("/feeds/reread/").status_code in (403, 404)
    client.force_login(cast.editor)
    response = client.post("/feeds/reread/")
    assert response.status_code == 302
    reading = Reading.objects.get()
    assert reading.asked_by == cast.editor
    page = client.get("/feeds/health/").content.decode()
    assert 'data-testid="reading"' in page.split("<main", 1)[1] and "Waiting for a worker" in page


def test_the_desk_sees_how_often_editors_keep_what_was_read(client, cast):
    source = services.source_add(name="NGA ASAM", format="asam-json")
    services.ingest(source, ASAM, trigger="command")
    item = FeedItem.objects.get(source=source, external_id="2022-148")
    facts = review.facts_for(item)
    facts["perpetrators"] = 4
    review.item_accept(item, editor=cast.editor, facts=facts)
    client.force_login(cast.editor)
    page = client.get("/feeds/health/").content.decode()
    assert 'data-testid="agreement"' in page
    assert "Perpetrators</td><td>0%" in page.replace("\n", "").replace("  ", "")
    assert selectors.agreement(viewer_for(cast.member_a)) == []  # not theirs to see


def test_a_fact_the_new_reading_no_longer_finds_is_emptied_as_the_incident_writes_it(accepted):
    item, incident = accepted
    read_now = rereading.read_of(item)
    assert "crew_killed" not in read_now and "cargo" not in read_now.get("targets", [])
    older = {**item.extracted, "crew_restrained": True, "crew_killed": 2, "targets": ["cargo"]}
    FeedItem.objects.filter(pk=item.pk).update(extracted=older)
    Incident.objects.unrestricted().filter(pk=incident.pk).update(
        crew_restrained=True, crew_killed=2, targets=["cargo"]
    )
    reading = rereading.run_alone(rereading.reading_ask())
    assert reading.state == "done"
    incident = Incident.objects.unrestricted().get(pk=incident.pk)
    assert incident.crew_killed is None
    assert incident.targets == read_now.get("targets", [])
    assert incident.crew_restrained is bool(read_now.get("crew_restrained"))
