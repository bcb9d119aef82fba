"""The incident filters' "source": member reports, or the incidents a feed reports."""

import re

import pytest

from feeds.models import FeedItem, FeedSource
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db


def listed(client, query: str) -> set[str]:
    page = client.get(f"/incidents/?{query}").content.decode()
    return set(re.findall(r'href="/incidents/(CSOA-\d{4}-\d{4})/"', page))


@pytest.fixture
def sourced(cast):
    asam = FeedSource.objects.create(name="NGA ASAM", slug="asam", format="asam-json")
    imb = FeedSource.objects.create(name="IMB PRC", slug="imb", format="imb-csv")
    by_member = report(cast)
    by_asam = report(cast, latitude=1.2, longitude=104.0)
    by_both = report(cast, latitude=4.2, longitude=7.1)
    for source, incident, key in ((asam, by_asam, "2022-1"), (asam, by_both, "2022-2"),
                                  (imb, by_both, "77")):  # fmt: skip
        FeedItem.objects.create(
            source=source, external_id=key, raw="{}", raw_sha256="0" * 64, incident=incident,
            state="attached",
        )  # fmt: skip
    return {"member": by_member, "asam": by_asam, "both": by_both}


def refs(sourced, *names):
    return {sourced[name].reference for name in names}


def test_incidents_are_found_by_who_reported_them(client, cast, sourced):
    client.force_login(cast.member_a)
    assert listed(client, "source=members") == refs(sourced, "member")
    assert listed(client, "source=asam") == refs(sourced, "asam", "both")
    assert listed(client, "source=imb") == refs(sourced, "both")
    assert listed(client, "source=members,imb") == refs(sourced, "member", "both")
    assert listed(client, "") == refs(sourced, "member", "asam", "both")
    count = client.get("/api/v1/incidents/count/?source=asam").json()
    assert count == {"count": 2, "exact": True}


def test_an_unknown_source_is_a_clear_error(client, cast, sourced):
    response = client.get("/incidents/?source=bbc")
    assert response.status_code == 400
    assert "Select a valid choice. bbc is not one of the available choices." in (
        response.content.decode()
    )


def test_a_new_source_can_be_chosen_at_once(client, cast, sourced):
    page = client.get("/incidents/").content.decode()
    assert '<option value="asam">NGA ASAM</option>' in page
    assert "MDAT-GoG" not in page
    FeedSource.objects.create(name="MDAT-GoG", slug="mdat-gog", format="geojson")
    page = client.get("/incidents/?source=mdat-gog").content.decode()
    assert '<option value="mdat-gog" selected>MDAT-GoG</option>' in page


def test_an_incident_lists_every_feed_that_reports_it(client, cast, sourced):
    client.force_login(cast.member_b)
    page = client.get(f"/incidents/{sourced['both'].reference}/").content.decode()
    assert "Sources: IMB PRC (77, source graded C), NGA ASAM (2022-2, source graded C)." in page
    page = client.get(f"/incidents/{sourced['member'].reference}/").content.decode()
    assert "Sources:" not in page
