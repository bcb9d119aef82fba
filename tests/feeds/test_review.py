"""Matching records with incidents, and the editors' accept, attach and reject; sources
that accept automatically."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from feeds import review, services
from feeds.matching import Candidate, score
from feeds.models import FeedItem
from incidents.models import Incident
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


def candidate(**overrides):
    fields = {"pk": 1, "occurred_on": dt.date(2022, 5, 28), "latitude": 1.1167,
              "longitude": 103.5167, "category": "boarded", "vessel_imo": "",
              "vessel_name": ""}  # fmt: skip
    fields.update(overrides)
    return Candidate(**fields)


RECORD = {"occurred_on": "2022-05-28", "latitude": 1.1167, "longitude": 103.5167,
          "category": "boarded", "vessel_name": "Magnum Energy", "vessel_imo": ""}  # fmt: skip


def test_the_score_weighs_when_where_vessel_and_what():
    assert score(RECORD, candidate()) == 0.8  # same day, place and category; no vessel named
    assert score(RECORD, candidate(vessel_name="MAGNUM  ENERGY")) == 1.0
    far = candidate(occurred_on=dt.date(2022, 5, 30), latitude=1.1167 + 25 / 60)
    assert score(RECORD, far) < 0.3
    assert score({**RECORD, "vessel_imo": "9074729"}, candidate(vessel_imo="9000000")) == 0.6
    assert score({**RECORD, "category": "theft"}, candidate()) == 0.75


@pytest.fixture
def asam(db):
    return services.source_add(name="NGA ASAM", format="asam-json", reliability="B")


def ingest(source, name="asam.json"):
    return services.ingest(source, (FIXTURES / name).read_bytes(), trigger="upload")


def test_a_record_is_matched_with_the_incident_it_likely_reports(cast, asam):
    same = report(cast, occurred_on=dt.date(2022, 5, 28), latitude=1.12, longitude=103.52,
                  tlp="green")  # fmt: skip
    report(cast, occurred_on=dt.date(2022, 5, 28), latitude=1.1167, longitude=103.5167,
           tlp="red")  # fmt: skip  # never a candidate
    ingest(asam)
    item = FeedItem.objects.get(external_id="2022-148")
    assert item.match_id == same.pk and item.match_score >= 0.6
    assert FeedItem.objects.get(external_id="2019-031").match is None


def test_accepting_makes_a_verified_graded_incident_from_the_records_facts(cast, asam):
    ingest(asam)
    item = FeedItem.objects.get(external_id="2022-148")
    incident = review.item_accept(item, editor=cast.editor)
    assert incident.status == "verified" and incident.source_reliability == "B"
    assert incident.tlp == "clear" and incident.organisation.slug == "csoa-feeds"
    assert (incident.occurred_on, incident.occurred_time) == (dt.date(2022, 5, 28), dt.time(2, 59))
    assert incident.perpetrators == 3 and incident.weapons == ["knives"]
    assert incident.vessel_type == "bulk_carrier" and incident.vessel_flag == "MH"
    assert incident.vessel_status == "underway" and incident.outcome == "successful"
    assert incident.description.startswith("INDONESIA: On 28 May")
    change = incident.changes.order_by("changed_at", "id").last()
    assert change.changed_by == cast.editor
    assert change.reason == "Accepted from NGA ASAM, record 2022-148"
    item.refresh_from_db()
    assert item.state == "accepted" and item.incident == incident
    with pytest.raises(ValidationError, match="accepted as a new incident already"):
        review.item_accept(item, editor=cast.editor)
    assert Incident.objects.unrestricted().count() == 1


def test_a_utc_time_becomes_local_time_at_the_position(cast, asam):
    ingest(asam)
    facts = review.facts_for(FeedItem.objects.get(external_id="2019-031"))
    # "at 2256 UTC" off Lagos (UTC+1)
    assert (facts["occurred_on"], facts["occurred_time"]) == (dt.date(2019, 3, 9), dt.time(23, 56))


def test_attach_and_reject(cast, asam):
    ingest(asam)
    incident = report(cast)
    item = FeedItem.objects.get(external_id="2019-031")
    review.item_attach(item, incident, editor=cast.editor)
    item.refresh_from_db()
    assert item.state == "attached" and incident.feed_items.get() == item
    other = FeedItem.objects.get(external_id="2021-207")
    with pytest.raises(ValidationError, match="Say why"):
        review.item_reject(other, editor=cast.editor, reason="  ")
    review.item_reject(other, editor=cast.editor, reason="Duplicate of the IMB report")
    other.refresh_from_db()
    assert other.state == "rejected" and other.reject_reason == "Duplicate of the IMB report"
    assert other.incident is None


def test_a_source_that_accepts_automatically_creates_and_attaches(cast):
    source = services.source_add(name="Trusted centre", format="asam-json", reliability="A",
                                 auto_accept=True)  # fmt: skip
    run = ingest(source)
    assert (run.new, run.accepted, run.attached) == (4, 3, 1)  # 2021-207 is listed twice
    twice = FeedItem.objects.filter(external_id__startswith="2021-207").order_by("external_id")
    assert [i.state for i in twice] == ["accepted", "attached"]
    assert twice[0].incident == twice[1].incident
    assert set(Incident.objects.unrestricted().values_list("status", flat=True)) == {"verified"}
    assert set(Incident.objects.unrestricted().values_list("source_reliability", flat=True)) == {
        "A"
    }
    again = ingest(source)
    assert (again.new, again.accepted, again.attached) == (0, 0, 0)
    assert Incident.objects.unrestricted().count() == 3


def test_a_corrected_record_is_matched_afresh(cast, asam):
    nearby = report(cast, occurred_on=dt.date(2022, 5, 28), latitude=1.12, longitude=103.52)
    ingest(asam)
    item = FeedItem.objects.get(external_id="2022-148")
    assert item.match_id == nearby.pk
    from incidents.services import incident_change

    incident_change(incident=nearby, actor=cast.editor, reason="Wrong position",
                    latitude=6.29, longitude=3.33)  # fmt: skip
    text = (FIXTURES / "asam.json").read_text(encoding="utf-8")
    corrected = text.replace("three robbers armed with knives", "four robbers armed with knives")
    services.ingest(asam, corrected.encode(), trigger="upload")
    item.refresh_from_db()
    assert item.match_id is None and item.match_score is None


def test_candidates_are_found_across_the_antimeridian(cast):
    from feeds.matching import Matcher

    near = report(cast, occurred_on=dt.date(2020, 1, 1), latitude=-17.0, longitude=179.95,
                  tlp="green")  # fmt: skip
    record = {"occurred_on": "2020-01-01", "latitude": -17.0, "longitude": -179.98,
              "category": "boarded"}  # fmt: skip
    found = Matcher([record]).best(record)
    assert found is not None and found[0] == near.pk
