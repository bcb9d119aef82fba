"""A TLP:RED report names whom it is for (people, organisations, groups, the editors to
verify it), on the form and in the API; it is refused without them, and recipients are
named only under RED. Naming people tells nobody which addresses are registered."""

import pytest

from incidents.models import Incident
from members.access import can_view
from tests.conftest import api_auth
from tests.factories import member

from .test_pages import FORM

pytestmark = pytest.mark.django_db

API_REPORT = {"occurred_on": "2024-05-10", "category": "boarded", "port": "NGLOS-ANCH"}


def reports():
    return Incident.objects.unrestricted()


def test_the_form_refuses_red_without_recipients_and_saves_nothing(client, cast):
    client.force_login(cast.member_a)
    response = client.post("/incidents/report/", {**FORM, "tlp": "red"})
    assert response.status_code == 400
    assert "A TLP:RED report is seen only by those it names" in response.content.decode()
    assert not reports().exists()


def test_the_form_says_who_sees_red_and_offers_the_editors(client, cast):
    client.force_login(cast.member_a)
    page = client.get("/incidents/report/").content.decode()
    assert "The CSOA editors, so that they can verify it" in page
    assert "Editors verify it only if you name them" in page
    assert "Editors verify every report;" not in page


def test_red_for_the_editors_is_verified_by_them_and_read_by_nobody_else(client, cast):
    client.force_login(cast.member_a)
    response = client.post("/incidents/report/", {**FORM, "tlp": "red", "to_editors": "on"})
    assert response.status_code == 302
    incident = reports().get()
    assert can_view(cast.viewer("editor"), incident)
    for role in ("staff", "admin_a", "member_b"):
        assert not can_view(cast.viewer(role), incident), role
    client.force_login(cast.editor)
    assert client.get(f"/incidents/{incident.reference}/").status_code == 200
    verified = client.post(
        f"/incidents/{incident.reference}/verify/",
        {"status": "verified", "reason": "The master confirmed it."},
    )
    assert verified.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "verified"


def test_the_api_refuses_red_without_recipients(client, cast):
    headers = api_auth(client, cast.member_a)
    answer = client.post(
        "/api/v1/incidents/", {**API_REPORT, "tlp": "red"}, content_type="application/json",
        **headers,
    )  # fmt: skip
    assert answer.status_code == 400 and "recipients" in answer.json()
    assert not reports().exists()


def test_the_api_names_people_organisations_and_groups(client, cast):
    from groups.services import group_create

    group = group_create(creator=cast.member_a, name="Bonny callers", collection="cso")
    headers = api_auth(client, cast.member_a)
    answer = client.post(
        "/api/v1/incidents/",
        {
            **API_REPORT, "tlp": "red", "recipients": [f"@{cast.member_b.handle}"],
            "recipient_organisations": [cast.org_b.slug], "recipient_groups": [group.slug],
        },
        content_type="application/json", **headers,
    )  # fmt: skip
    assert answer.status_code == 201, answer.json()
    incident = reports().get()
    assert list(incident.recipients.all()) == [cast.member_b]
    assert list(incident.recipient_organisations.all()) == [cast.org_b]
    assert list(incident.recipient_groups.all()) == [group]
    # Company B's admin is named through the organisation; nobody else of the cast.
    assert can_view(cast.viewer("admin_b"), incident)
    assert not can_view(cast.viewer("editor"), incident)
    assert not can_view(cast.viewer("admin_a"), incident)


def test_recipients_only_under_red(client, cast):
    headers = api_auth(client, cast.member_a)
    answer = client.post(
        "/api/v1/incidents/",
        {**API_REPORT, "tlp": "green", "recipients": [cast.member_b.handle]},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert answer.status_code == 400 and "recipients" in answer.json()


def test_naming_people_tells_nothing_of_which_addresses_are_registered(client, cast):
    outsider = member(cast.org_b)  # registered, not a colleague of member A
    headers = api_auth(client, cast.member_a)
    said = []
    for name in (outsider.email, "nobody@bravo.example"):
        answer = client.post(
            "/api/v1/incidents/", {**API_REPORT, "tlp": "red", "recipients": [name]},
            content_type="application/json", **headers,
        )  # fmt: skip
        assert answer.status_code == 400
        said.append(answer.json()["recipients"][0].replace(name, "ADDRESS"))
    assert said[0] == said[1]
    assert not reports().exists()


def test_the_incident_page_says_whom_it_is_shared_with(client, cast):
    from groups.services import group_create
    from tests.incidents.conftest import report

    group = group_create(creator=cast.member_a, name="Bonny callers", collection="cso")
    red = report(cast, tlp="red", recipients=[cast.member_b], recipient_groups=[group])
    client.force_login(cast.member_b)
    said = client.get(f"/incidents/{red.reference}/").content.decode()
    assert "Only " in said and cast.member_b.full_name in said
    assert "the group Bonny callers" in said  # a listed group: every member sees its name
    amber = report(cast, tlp="amber", shared_with_groups=[group])
    amber.shared_with_organisations.set([cast.org_b])
    said = client.get(f"/incidents/{amber.reference}/").content.decode()
    assert "the editors, Bravo Lines" in said
