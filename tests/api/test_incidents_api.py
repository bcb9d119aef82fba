"""The incident API contract: fields, pages, 404 for the invisible, 400 per field, reasons."""

import datetime as dt

import pytest

from incidents.models import Incident, IncidentChange
from members.access import visible
from tests.conftest import api_auth
from tests.files import PDF, jpeg_bytes, upload
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db

CONTRACT_FIELDS = {
    "reference", "occurred_on", "occurred_time", "timezone", "occurred_at", "latitude",
    "longitude", "port", "region", "country", "category", "outcome", "foiled_by",
    "perpetrators", "weapons", "crew_restrained", "crew_assaulted", "crew_injured",
    "crew_kidnapped", "crew_killed", "crew_on_board", "targets", "stolen", "vessel_name",
    "vessel_imo", "vessel_type", "vessel_flag", "vessel_status", "description", "status",
    "source_reliability", "information_credibility", "significance", "tlp",
}  # fmt: skip


@pytest.fixture
def api(client):
    def as_user(user):
        if user is not None:
            client.defaults.update(api_auth(client, user))
        return client

    return as_user


def test_an_incident_has_every_contract_field(api, cast):
    incident = report(cast)
    body = api(cast.member_b).get(f"/api/v1/incidents/{incident.reference}/").json()
    assert set(body) >= CONTRACT_FIELDS
    assert "id" not in body  # the reference names an incident; database ids stay inside
    assert body["reference"] == incident.reference
    assert body["occurred_on"] == "2019-03-08" and body["occurred_time"] == "02:59"
    assert body["timezone"] == "Africa/Lagos"
    assert body["occurred_at"] == "2019-03-08T01:59:00Z"
    assert body["port"] == "NGLOS" and body["country"] == "NG"
    assert body["weapons"] == ["knives"] and body["targets"] == ["forecastle_store"]
    assert body["outcome"] == "unknown" and body["significance"] == 3
    assert body["tlp"] == "green" and body["status"] == "reported"


def test_lists_page_with_results_and_next(api, cast):
    for day in range(1, 4):
        report(cast, occurred_on=dt.date(2020, 1, day))
    client = api(cast.member_b)
    first = client.get("/api/v1/incidents/?page_size=2").json()
    assert set(first) == {"results", "next"}
    assert [r["occurred_on"] for r in first["results"]] == ["2020-01-03", "2020-01-02"]
    second = client.get(first["next"]).json()
    assert [r["occurred_on"] for r in second["results"]] == ["2020-01-01"]
    assert second["next"] is None


def test_invisible_incidents_answer_404_and_are_not_listed(api, cast):
    strict = report(cast, tlp="amber_strict")
    client = api(cast.member_b)
    assert client.get(f"/api/v1/incidents/{strict.reference}/").status_code == 404
    assert client.get("/api/v1/incidents/").json()["results"] == []
    assert client.get(f"/api/v1/incidents/{strict.reference}/updates/").status_code == 404
    assert client.get(f"/api/v1/incidents/{strict.reference}/attachments/").status_code == 404


def test_post_with_a_port_and_no_position(api, cast):
    response = api(cast.member_a).post(
        "/api/v1/incidents/",
        {"occurred_on": "2023-11-02", "occurred_time": "23:50", "port": "IDBLW-ANCH",
         "category": "boarded", "weapons": ["knives"], "perpetrators": 4},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["port"] == "IDBLW" and body["timezone"] == "Asia/Jakarta"
    assert body["reference"].startswith("CSOA-2023-")
    incident = visible(cast.viewer("staff"), Incident).get()
    assert incident.created_by == cast.member_a and incident.organisation == cast.org_a


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"latitude": 95, "longitude": 3}, "latitude"),
        ({"latitude": 0, "longitude": 0}, "latitude"),
        ({"latitude": 6.3, "longitude": 3.3, "vessel_imo": "9074728"}, "vessel_imo"),
        ({"latitude": 6.3, "longitude": 3.3, "occurred_on": "2999-01-01"}, "occurred_on"),
        ({"latitude": 6.3, "longitude": 3.3, "category": "piracy"}, "category"),
        ({"latitude": 6.3, "longitude": 3.3, "weapons": ["rpg"]}, "weapons"),
        ({"port": "ZZZZZ"}, "port"),
        ({"latitude": 6.3}, "longitude"),
        ({"latitude": 25, "longitude": 10}, "latitude"),
    ],
)
def test_post_validation_errors_are_400_per_field_and_save_nothing(api, cast, payload, field):
    data = {"occurred_on": "2023-11-02", "category": "boarded", **payload}
    response = api(cast.member_a).post("/api/v1/incidents/", data, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not visible(cast.viewer("staff"), Incident).exists()


def test_the_public_and_pending_may_not_post(api, cast):
    data = {"occurred_on": "2023-11-02", "category": "boarded", "port": "NGLOS"}
    assert api(None).post("/api/v1/incidents/", data).status_code == 401
    response = api(cast.pending_a).post("/api/v1/incidents/", data, content_type="application/json")
    assert response.status_code == 403


def test_patch_needs_a_reason_and_records_it(api, cast):
    incident = report(cast, category="attempted")
    client = api(cast.editor)
    url = f"/api/v1/incidents/{incident.reference}/"
    response = client.patch(url, {"category": "boarded"}, content_type="application/json")
    assert response.status_code == 400 and "reason" in response.json()
    response = client.patch(
        url,
        {"category": "boarded", "status": "verified", "reason": "Master's report"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["category"] == "boarded" and response.json()["status"] == "verified"
    change = IncidentChange.objects.get(kind="changed")
    assert change.reason == "Master's report" and change.changed_by == cast.editor


def test_patch_by_a_member_who_may_see_but_not_change_is_forbidden(api, cast):
    incident = report(cast)
    response = api(cast.member_b).patch(
        f"/api/v1/incidents/{incident.reference}/",
        {"perpetrators": 9, "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    response = api(cast.admin_a).patch(
        f"/api/v1/incidents/{incident.reference}/",
        {"status": "verified", "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_updates_and_attachments_through_the_api(api, cast):
    incident = report(cast, anonymous=True)
    client = api(cast.member_b)
    base = f"/api/v1/incidents/{incident.reference}"
    response = client.post(f"{base}/updates/", {"text": "Seen again at dawn."},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["author"].endswith("Bravo Lines")
    response = client.post(f"{base}/attachments/", {"file": upload("x.jpg", jpeg_bytes())})
    assert response.status_code == 201, response.json()
    attachment = response.json()
    assert attachment["kind"] == "photo" and len(attachment["sha256"]) == 64
    listed = client.get(f"{base}/attachments/").json()
    assert [a["id"] for a in listed["results"]] == [attachment["id"]]
    file = client.get(attachment["file"])
    assert file.status_code == 200 and b"".join(file.streaming_content) == jpeg_bytes()
    updates = client.get(f"{base}/updates/").json()["results"]
    assert [u["text"] for u in updates] == ["Seen again at dawn.", ""]
    assert updates[1]["attachments"] == [attachment["id"]]


def test_hostile_and_understrict_uploads_are_400(api, cast):
    incident = report(cast, tlp="amber")
    client = api(cast.member_a)
    base = f"/api/v1/incidents/{incident.reference}"
    response = client.post(f"{base}/attachments/", {"file": upload("x.pdf", b"<html></html>")})
    assert response.status_code == 400 and "files" in response.json()
    response = client.post(f"{base}/attachments/", {"file": upload("x.pdf", PDF), "tlp": "green"})
    assert response.status_code == 400 and "tlp" in response.json()
    assert client.get(f"{base}/attachments/").json()["results"] == []


def test_the_schema_lists_the_incident_endpoints(client):
    import yaml

    paths = yaml.safe_load(client.get("/api/schema/").content)["paths"]
    one = "/api/v1/incidents/{reference}/"
    assert {"/api/v1/incidents/", one, one + "updates/", one + "attachments/"} <= set(paths)
