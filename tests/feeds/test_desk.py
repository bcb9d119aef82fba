"""The feed desk's pages: the review queue with bulk actions, one record with accept
(prefilled), attach and reject, uploads, and the health page."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from feeds import services
from feeds.models import FeedItem, FeedRun
from incidents.models import Incident
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def loaded(cast):
    asam = services.source_add(name="NGA ASAM", format="asam-json", reliability="B")
    imb = services.source_add(name="IMB PRC", format="imb-csv")
    services.ingest(asam, (FIXTURES / "asam.json").read_bytes(), trigger="upload")
    services.ingest(imb, (FIXTURES / "imb.csv").read_bytes(), trigger="upload")
    return asam, imb


def listed(page) -> list[str]:
    return re.findall(r'href="/feeds/items/\d+/">([^<]+)</a>', page)


def test_the_queue_lists_pending_records_by_source_and_region(client, cast, loaded):
    client.force_login(cast.editor)
    page = client.get("/feeds/queue/").content.decode()
    assert len(listed(page)) == 8
    only_asam = listed(client.get("/feeds/queue/?source=nga-asam").content.decode())
    assert only_asam == ["NGA ASAM 2022-148", "NGA ASAM 2021-207#2", "NGA ASAM 2021-207",
                         "NGA ASAM 2019-031"]  # fmt: skip
    west_africa = listed(client.get("/feeds/queue/?region=west_africa").content.decode())
    lagos = "IMB PRC 2019-03-08|02:59 UTC|6.29|3.33|Atlantic Dawn|Boarded"
    assert west_africa == ["NGA ASAM 2019-031", lagos]
    assert client.get("/feeds/queue/?source=bbc").status_code == 400


def test_bulk_accept_and_reject(client, cast, loaded):
    client.force_login(cast.editor)
    ids = list(
        FeedItem.objects.filter(source=loaded[0]).order_by("pk").values_list("pk", flat=True)
    )
    response = client.post("/feeds/queue/", {"items": ids[:2], "action": "reject", "reason": ""})
    assert response.status_code == 400 and "Say why" in response.content.decode()
    assert not FeedItem.objects.exclude(state="pending").exists()
    client.post("/feeds/queue/", {"items": ids[:2], "action": "accept"})
    assert Incident.objects.unrestricted().count() == 2
    client.post("/feeds/queue/", {"items": ids[2:], "action": "reject", "reason": "Old"})
    states = list(
        FeedItem.objects.filter(pk__in=ids).order_by("pk").values_list("state", flat=True)
    )
    assert states == ["accepted", "accepted", "rejected", "rejected"]
    forged = client.post("/feeds/queue/", {"items": [999999], "action": "accept"})
    assert forged.status_code == 400


def test_a_record_is_accepted_with_the_editors_corrections(client, cast, loaded):
    client.force_login(cast.editor)
    item = FeedItem.objects.get(external_id="2022-148")
    page = client.get(f"/feeds/items/{item.pk}/").content.decode()
    assert 'name="perpetrators" value="3"' in page and "MAGNUM ENERGY" in page
    bad = client.post(f"/feeds/items/{item.pk}/accept/", {"category": "boarded"})
    assert bad.status_code == 400 and not Incident.objects.unrestricted().exists()
    response = client.post(
        f"/feeds/items/{item.pk}/accept/",
        {"occurred_on": "2022-05-28", "occurred_time": "02:59", "latitude": "1.1167",
         "longitude": "103.5167", "category": "boarded", "outcome": "successful",
         "perpetrators": "4", "weapons": ["knives"], "vessel_type": "bulk_carrier",
         "vessel_status": "underway", "vessel_name": "Magnum Energy",
         "description": "Corrected by the editor."},
    )  # fmt: skip
    incident = Incident.objects.unrestricted().get()
    waiting = list(FeedItem.objects.filter(state="pending").order_by("-occurred_on", "-id"))
    assert response.status_code == 302  # the next record waiting opens
    assert response["Location"] == f"/feeds/items/{waiting[0].pk}/"
    assert incident.perpetrators == 4 and incident.status == "verified"
    item.refresh_from_db()
    assert item.state == "accepted" and item.incident == incident


def test_attach_by_reference_and_reject_with_a_reason(client, cast, loaded):
    client.force_login(cast.editor)
    incident = report(cast)
    item = FeedItem.objects.get(external_id="2019-031")
    response = client.post(f"/feeds/items/{item.pk}/attach/", {"reference": "CSOA-1999-0001"})
    assert response.status_code == 400
    assert "No incident you may see has this reference." in response.content.decode()
    client.post(f"/feeds/items/{item.pk}/attach/", {"reference": incident.reference.lower()})
    item.refresh_from_db()
    assert item.state == "attached" and item.incident == incident
    page = client.get(f"/incidents/{incident.reference}/").content.decode()
    assert "Sources: NGA ASAM (2019-031, source graded B)." in page

    other = FeedItem.objects.get(external_id="2021-207")
    assert client.post(f"/feeds/items/{other.pk}/reject/", {"reason": ""}).status_code == 400
    client.post(f"/feeds/items/{other.pk}/reject/", {"reason": "Listed twice"})
    other.refresh_from_db()
    assert other.state == "rejected" and other.reject_reason == "Listed twice"


def test_an_editor_uploads_a_file_into_a_source(client, cast, loaded):
    client.force_login(cast.editor)
    upload = SimpleUploadedFile("more.csv", (FIXTURES / "imb.csv").read_bytes())
    response = client.post("/feeds/sources/imb-prc/upload/", {"file": upload})
    assert response.status_code == 302
    run = FeedRun.objects.filter(trigger="upload").latest("started_at")
    assert run.source.slug == "imb-prc" and run.counts["unchanged"] == 4
    wrong = SimpleUploadedFile("wrong.json", (FIXTURES / "asam.json").read_bytes())
    response = client.post("/feeds/sources/imb-prc/upload/", {"file": wrong})
    assert response.status_code == 400
    assert "The file was not read: The IMB CSV lacks the columns" in response.content.decode()


def test_the_health_page_shows_each_sources_state(client, cast, loaded, feed_server):
    asam, _ = loaded
    asam.url = feed_server.serve(
        "/down",
    )
    asam.save()
    services.poll(asam, trigger="command", attempts=1)  # the server answers 404
    client.force_login(cast.editor)
    page = client.get("/feeds/health/").content.decode()
    assert "NGA ASAM" in page and "IMB PRC" in page
    assert "<strong>Failing:</strong> The server answered 404 Not Found." in page
    assert 'href="/feeds/queue/?source=nga-asam">4</a>' in page


@pytest.mark.parametrize("role", ["public", "member_a", "admin_a", "pending_a"])
def test_only_editors_and_staff_reach_the_desk(client, cast, loaded, role):
    user = cast.user(role)
    if user:
        client.force_login(user)
    item = FeedItem.objects.first()
    for url in ("/feeds/queue/", "/feeds/health/", f"/feeds/items/{item.pk}/",
                "/feeds/sources/nga-asam/upload/"):  # fmt: skip
        assert client.get(url).status_code == (302 if role == "public" else 404)


def test_the_queue_counts_its_records_in_words_and_each_decision_opens_the_next(
    client, cast, loaded
):
    client.force_login(cast.editor)
    page = client.get("/feeds/queue/").content.decode()
    waiting = FeedItem.objects.filter(state="pending").count()
    assert f'data-testid="queue-count">{waiting} records</span>' in page
    assert ">Boarded" in page and ">boarded<" not in page  # labels, not codes
    first = re.findall(r'data-testid="first-line">([^<]+)<', page)
    assert first and all(len(line) <= 160 for line in first)
    order = list(FeedItem.objects.filter(state="pending").order_by("-occurred_on", "-id"))
    middle = order[1]
    shown = client.get(f"/feeds/items/{middle.pk}/").content.decode()
    assert f'href="/feeds/items/{order[0].pk}/" rel="prev"' in shown
    assert f'href="/feeds/items/{order[2].pk}/" rel="next"' in shown
    assert f"2 of {len(order)} waiting" in shown
    answer = client.post(f"/feeds/items/{middle.pk}/reject/", {"reason": "Listed twice"})
    assert answer["Location"] == f"/feeds/items/{order[2].pk}/"
    last = order[-1]
    answer = client.post(f"/feeds/items/{last.pk}/reject/", {"reason": "Old"})
    assert answer["Location"] == "/feeds/queue/"  # none after it


def test_a_record_shows_each_fact_read_with_the_words_it_came_from(client, cast, loaded):
    asam, _ = loaded
    item = FeedItem.objects.get(source=asam, external_id="2022-148")
    client.force_login(cast.editor)
    page = client.get(f"/feeds/items/{item.pk}/").content.decode()
    assert 'data-testid="read-facts"' in page
    assert '<dd data-fact="weapons">Knives <q class="evidence">knives</q></dd>' in page
    assert '<dd data-fact="occurred_time">02:59 <q class="evidence">at 0259 local</q></dd>' in page
    assert '<dd data-fact="perpetrators">3 <q class="evidence">three robbers</q></dd>' in page


def test_a_record_a_source_could_not_accept_says_why_on_the_desk(client, cast):
    imb = services.source_add(name="IMB PRC", format="imb-csv", auto_accept=True)
    header = (
        "date,time,longitude,latitude,attack_type,location_description,nearest_country,"
        "eez_country,shore_distance,shore_longitude,shore_latitude,attack_description,"
        "vessel_name,vessel_type,vessel_status,data_source\n"
    )
    row = "2018-07-04,NA,0,0,Boarded,Somewhere,NA,NA,NA,NA,NA,Robbers boarded.,NA,NA,NA,imb\n"
    run = services.ingest(imb, (header + row).encode(), trigger="upload")
    assert (run.accepted, run.new) == (0, 1)
    item = FeedItem.objects.get(source=imb)
    assert item.state == "pending" and "0°N 0°E" in item.held_reason
    client.force_login(cast.editor)
    page = client.get(f"/feeds/items/{item.pk}/").content.decode()
    assert 'data-testid="held-reason"' in page and "usually means the position was left out" in page
