"""The incident pages through Django's test client: forms, warnings, timeline and files."""

import pytest

from incidents.models import Attachment, Incident, IncidentUpdate
from incidents.services import attachment_process, update_add
from members.access import visible
from tests.files import jpeg_bytes, upload

from .conftest import report

pytestmark = pytest.mark.django_db

FORM = {
    "occurred_on": "2024-05-10",
    "occurred_time": "03:15",
    "port": "",
    "latitude": "1.2650",
    "longitude": "104.0000",
    "category": "boarded",
    "outcome": "successful",
    "perpetrators": "4",
    "weapons": ["knives"],
    "targets": ["engine_room"],
    "stolen": "Engine spares",
    "vessel_name": "Kota Example",
    "vessel_imo": "",
    "vessel_type": "bulk_carrier",
    "vessel_flag": "PA",
    "vessel_status": "underway",
    "description": "Four robbers boarded from a small boat.",
    "tlp": "green",
    "outcome_reason": "",
}


def all_incidents(cast):
    return visible(cast.viewer("staff"), Incident)


def login(client, user):
    client.force_login(user)
    return client


def test_a_member_reports_at_an_anchorage_by_its_code(client, cast):
    login(client, cast.member_a)
    data = {**FORM, "latitude": "", "longitude": "", "port": "idblw-anch"}
    response = client.post("/incidents/report/", data)
    assert response.status_code == 302
    incident = all_incidents(cast).get()
    assert incident.port.code == "IDBLW-ANCH" and incident.timezone == "Asia/Jakarta"
    assert response["Location"] == f"/incidents/{incident.reference}/"
    assert incident.weapons == ["knives"] and incident.created_by == cast.member_a


def test_the_report_form_shows_the_map_picker_and_port_search(client, cast):
    page = login(client, cast.member_a).get("/incidents/report/").content.decode()
    assert 'data-map="picker"' in page and 'list="port-list"' in page
    assert '<option value="NGLOS-ANCH">' in page
    assert "leaflet/leaflet.js" in page
    # The only inline script is the menu's, which the policy allows by its hash.
    from kit.inline import script_text

    assert page.count("<script>") == 1 and f"<script>{script_text('csoa/menu.js')}</script>" in page


def test_a_likely_duplicate_is_shown_before_saving(client, cast):
    existing = report(
        cast, occurred_on=__import__("datetime").date(2024, 5, 9), latitude=1.27, longitude=104.01
    )
    login(client, cast.member_b)
    response = client.post("/incidents/report/", FORM)
    assert response.status_code == 400
    assert existing.reference in response.content.decode()
    assert all_incidents(cast).count() == 1
    response = client.post("/incidents/report/", {**FORM, "not_duplicate": "on"})
    assert response.status_code == 302
    assert all_incidents(cast).count() == 2


def test_a_position_on_land_is_confirmed_before_saving(client, cast):
    login(client, cast.member_a)
    data = {**FORM, "latitude": "25", "longitude": "10"}
    response = client.post("/incidents/report/", data)
    assert response.status_code == 400
    assert "is on land" in response.content.decode()
    assert 'name="position_confirmed"' in response.content.decode()
    assert not all_incidents(cast).exists()
    response = client.post("/incidents/report/", {**data, "position_confirmed": "on"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"vessel_imo": "1234568"}, "not a valid IMO number"),
        ({"latitude": "0", "longitude": "0"}, "0°N 0°E"),
        ({"latitude": "91"}, "Latitude must be between -90 and 90 degrees"),
        ({"occurred_on": "2999-01-01"}, "in the future"),
        ({"latitude": "", "longitude": ""}, "Give the position, or choose the port"),
        ({"port": "XXXXX"}, "not a port or anchorage we know"),
        ({"category": "piracy"}, "Select a valid choice"),
    ],
)
def test_bad_reports_get_clear_messages_and_save_nothing(client, cast, changes, field_message):
    login(client, cast.member_a)
    response = client.post("/incidents/report/", {**FORM, **changes})
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not all_incidents(cast).exists()


def test_the_incident_page_shows_the_timeline_and_hides_an_anonymous_reporter(client, cast):
    incident = report(cast, anonymous=True)
    update_add(incident=incident, author=cast.member_b, text="We saw the same skiff.")
    page = login(client, cast.member_b).get(f"/incidents/{incident.reference}/").content.decode()
    assert "We saw the same skiff." in page
    assert "Reported by A member" in page
    assert "Alpha Tankers" not in page


def test_an_editor_changes_facts_with_a_reason_from_the_page(client, cast):
    incident = report(cast, category="attempted")
    login(client, cast.editor)
    form = client.get(f"/incidents/{incident.reference}/change/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        category="boarded",
        occurred_on="2019-03-08",
        occurred_time="02:59",
        port="",
        reason="Master's report",
    )
    response = client.post(f"/incidents/{incident.reference}/change/", data)
    assert response.status_code == 302, response.context["form"].errors
    page = client.get(f"/incidents/{incident.reference}/").content.decode()
    assert "Attempted boarding &rarr; Boarded" in page
    assert "Reason: Master&#x27;s report" in page


def test_a_change_without_a_reason_is_refused_on_the_page(client, cast):
    incident = report(cast)
    login(client, cast.admin_a)
    form = client.get(f"/incidents/{incident.reference}/change/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(perpetrators="6", occurred_on="2019-03-08", occurred_time="02:59", port="")
    response = client.post(f"/incidents/{incident.reference}/change/", data)
    assert response.status_code == 400
    incident.refresh_from_db()
    assert incident.perpetrators == 3


def test_an_editor_cannot_mark_an_incident_beyond_their_sight_from_the_page(client, cast):
    incident = report(cast, tlp="amber")
    login(client, cast.editor)
    form = client.get(f"/incidents/{incident.reference}/change/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(tlp="amber_strict", occurred_on="2019-03-08", occurred_time="02:59", port="",
                reason="Restricting")  # fmt: skip
    response = client.post(f"/incidents/{incident.reference}/change/", data)
    assert response.status_code == 400
    assert "could no longer see this incident" in response.content.decode()
    incident.refresh_from_db()
    assert incident.tlp == "amber"


def test_an_editor_verifies_and_grades_from_the_page(client, cast):
    incident = report(cast)
    login(client, cast.editor)
    response = client.post(
        f"/incidents/{incident.reference}/verify/",
        {
            "status": "verified",
            "source_reliability": "B",
            "information_credibility": "2",
            "significance": "",
            "reason": "Confirmed by the agent",
        },
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.status, incident.source_reliability, incident.information_credibility) == (
        "verified",
        "B",
        2,
    )


def test_a_member_adds_an_update_with_a_photo_and_a_hostile_file_stores_nothing(client, cast):
    incident = report(cast)
    login(client, cast.member_b)
    url = f"/incidents/{incident.reference}/updates/"
    response = client.post(
        url, {"text": "x", "tlp": "green", "files": [upload("x.jpg", b"<svg onload=alert(1)>")]}
    )
    assert response.status_code == 400
    assert "not one we accept" in response.content.decode()
    assert not visible(cast.viewer("staff"), IncidentUpdate).exists()
    response = client.post(
        url, {"text": "Photo", "tlp": "green", "files": [upload("deck.jpg", jpeg_bytes())]}
    )
    assert response.status_code == 302
    assert visible(cast.viewer("staff"), Attachment).get().kind == "photo"


def test_an_update_cannot_be_marked_less_strictly_from_the_page(client, cast):
    incident = report(cast, tlp="amber")
    login(client, cast.member_a)
    response = client.post(
        f"/incidents/{incident.reference}/updates/", {"text": "x", "tlp": "green"}
    )
    assert response.status_code == 400
    assert not visible(cast.viewer("staff"), IncidentUpdate).exists()


def test_files_are_served_with_safe_headers_and_thumbnails_once_processed(client, cast):
    incident = report(cast)
    data = jpeg_bytes()
    update = update_add(
        incident=incident, author=cast.member_a, text="x", files=[upload("deck.jpg", data)]
    )
    attachment = update.attachments.unrestricted().get()
    login(client, cast.member_b)
    response = client.get(f"/incidents/attachments/{attachment.pk}/original/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"].startswith("private")
    assert client.get(f"/incidents/attachments/{attachment.pk}/thumbnail/").status_code == 404
    attachment_process(attachment_id=attachment.pk)
    response = client.get(f"/incidents/attachments/{attachment.pk}/thumbnail/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"SecretCam" not in b"".join(response.streaming_content)


def test_the_queue_bulk_verifies_and_refuses_forged_ids(client, cast):
    first, second = report(cast), report(cast)
    login(client, cast.editor)
    page = client.get("/incidents/queue/").content.decode()
    assert page.index(first.reference) < page.index(second.reference)
    response = client.post(
        "/incidents/queue/",
        {"incidents": [first.pk, 999999], "status": "verified", "reason": "Checked"},
    )
    assert response.status_code == 400
    first.refresh_from_db()
    assert first.status == "reported"
    response = client.post(
        "/incidents/queue/",
        {"incidents": [first.pk, second.pk], "status": "verified", "reason": "Checked"},
    )
    assert response.status_code == 302
    assert set(all_incidents(cast).values_list("status", flat=True)) == {"verified"}


def test_the_public_list_shows_only_clear_incidents(client, cast):
    clear, green = report(cast, tlp="clear"), report(cast)
    page = client.get("/incidents/").content.decode()
    assert clear.reference in page and green.reference not in page


def test_a_superuser_without_an_organisation_cannot_report(client, db):
    from allauth.mfa.totp.internal.auth import TOTP

    from members.models import User
    from tests.conftest import TOTP_SECRET

    root = User.objects.create_superuser(email="root@example.org", password="x-long-password")
    TOTP.activate(root, TOTP_SECRET)
    client.force_login(root)
    assert client.get("/incidents/report/").status_code == 404
