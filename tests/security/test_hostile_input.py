"""Hostile input gets a clear 400 (or 404, or 413) and changes nothing: forged cursors, NUL
characters, deep or huge JSON, repeated choices, unknown codes, empty changes."""

import base64
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from incidents.models import Export, Incident, IncidentChange, IncidentUpdate
from tests.conftest import api_auth
from tests.files import jpeg_bytes
from tests.incidents.conftest import report
from tests.tokens import key_for

pytestmark = pytest.mark.django_db


def token(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {key_for(user)}"}


def cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


FORGED_CURSORS = [
    "cD1nYXJiYWdl",  # p=garbage
    "cD0A",  # p=NUL
    cursor("r=1&p=2019-13-45 99:99"),
    cursor("o=1&p=1' OR 1=1 --"),
    "not base64 at all!",
    "!!!",
    cursor("o=x"),
    cursor("p=2025-01-01"),  # well formed, but not one the API signed
    cursor("p=2025-01-01") + ":forged-signature",
]


@pytest.mark.parametrize("value", FORGED_CURSORS)
def test_a_cursor_the_api_did_not_give_is_refused(client, cast, value):
    incident = report(cast, tlp="green")
    auth = token(cast.member_a)
    for url in (
        "/api/v1/incidents/",
        f"/api/v1/incidents/{incident.reference}/updates/",
        f"/api/v1/incidents/{incident.reference}/attachments/",
    ):
        response = client.get(url, {"cursor": value}, **auth)
        assert response.status_code == 400, (url, response.content)
        assert "cursor" in response.json()


def test_a_cursor_the_api_gave_cannot_be_altered(client, cast):
    for day in (1, 2, 3):
        report(cast, tlp="green", occurred_on=__import__("datetime").date(2019, 3, day))
    auth = token(cast.member_a)
    link = client.get("/api/v1/incidents/?page_size=1", **auth).json()["next"]
    given = __import__("urllib.parse").parse.parse_qs(link.split("?", 1)[1])["cursor"][0]
    token_part, signature = given.rsplit(":", 1)
    altered = cursor(base64.b64decode(token_part).decode().replace("2019-03", "2018-03"))
    response = client.get("/api/v1/incidents/", {"cursor": f"{altered}:{signature}"}, **auth)
    assert response.status_code == 400


def test_a_cursor_the_api_gave_still_works(client, cast):
    for day in (1, 2, 3):
        report(cast, tlp="green", occurred_on=__import__("datetime").date(2019, 3, day))
    auth = token(cast.member_a)
    first = client.get("/api/v1/incidents/?page_size=2", **auth).json()
    second = client.get(first["next"], **auth)
    assert second.status_code == 200
    assert len(second.json()["results"]) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/ports/%00/",
        "/incidents/%00/",
        "/incidents/?port=%00",
        "/incidents/?q=a%00b",
        "/trends/?port=NGLOS%00",
        "/members/%00/",
    ],
)
def test_a_nul_in_a_page_address_is_a_bad_request(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


@pytest.mark.parametrize(
    "url", ["/api/v1/incidents/?port=%00", "/api/v1/trends/?port=%00", "/api/v1/incidents/%00/"]
)
def test_a_nul_in_an_api_address_is_a_bad_request(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


REPORT = {"port": "NGLOS-ANCH", "occurred_on": "2019-03-08", "category": "boarded"}


def post_json(client, user, body: str | bytes, url: str = "/api/v1/incidents/"):
    return client.post(url, body, "application/json", **token(user))


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"port": "\u0000", "occurred_on": "2019-03-08", "category": "boarded"}),
        json.dumps(
            {
                "port": "NGLOS",
                "occurred_on": "2019-03-08",
                "category": "boarded",
                "description": "robbers\u0000",
            }
        ),
        json.dumps(
            {"port": "NGLOS", "occurred_on": "2019-03-08", "category": "boarded", "a\u0000": 1}
        ),
        "[" * 50_000 + "]" * 50_000,
        '{"a":' * 40 + "1" + "}" * 40,
        '{"port": "NGLOS", "occurred_on": "2019-03-08", "category": "boarded", '
        '"perpetrators": NaN}',
        b'{"port": "\xff\xfe"}',
        "",
    ],
)
def test_hostile_json_is_refused_and_stores_nothing(client, cast, body):
    response = post_json(client, cast.member_a, body)
    assert response.status_code == 400, response.content[:300]
    assert response.json()  # a message says what was wrong
    assert not Incident.objects.unrestricted().exists()


def test_a_json_body_over_the_limit_is_refused_unread(client, cast, settings):
    body = json.dumps({"description": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    response = post_json(client, cast.member_a, body)
    assert response.status_code == 413
    assert "MB allowed" in response.json()["detail"]
    assert not Incident.objects.unrestricted().exists()


def test_too_many_files_at_once_is_a_json_error(client, cast, settings):
    incident = report(cast, tlp="green")
    files = [
        SimpleUploadedFile(f"p{n}.jpg", jpeg_bytes(), "image/jpeg")
        for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    ]
    response = client.post(
        f"/api/v1/incidents/{incident.reference}/updates/",
        {"text": "photos", "files": files},
        **token(cast.member_a),
    )
    assert response.status_code == 400
    assert "files" in response.json()
    assert not IncidentUpdate.objects.unrestricted().exists()


def test_a_large_form_body_on_the_api_is_a_json_error(client, cast, settings):
    incident = report(cast, tlp="green")
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = client.post(
        f"/api/v1/incidents/{incident.reference}/updates/",
        {"text": big, "files": [SimpleUploadedFile("p.jpg", jpeg_bytes(), "image/jpeg")]},
        **token(cast.member_a),
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert not IncidentUpdate.objects.unrestricted().exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weapons": ["knives"] * 10_000}, "weapons"),
        ({"weapons": ["knives", "knives"]}, "weapons"),
        ({"targets": ["engine_room", "engine_room"]}, "targets"),
        ({"vessel_flag": "1"}, "vessel_flag"),
        ({"vessel_flag": "XX"}, "vessel_flag"),
        ({"vessel_flag": "\u00e9"}, "vessel_flag"),
        ({"occurred_time": "25:00"}, "occurred_time"),
        ({"perpetrators": 100_000}, "perpetrators"),
        ({"latitude": 91, "longitude": 3}, "latitude"),
        ({"tlp": "purple"}, "tlp"),
    ],
)
def test_invalid_facts_are_refused_with_the_field_named(client, cast, changes, field):
    response = post_json(client, cast.member_a, json.dumps({**REPORT, **changes}))
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Incident.objects.unrestricted().exists()


def test_a_flag_in_small_letters_is_stored_in_capitals(client, cast):
    response = post_json(client, cast.member_a, json.dumps({**REPORT, "vessel_flag": "pa"}))
    assert response.status_code == 201, response.json()
    assert response.json()["vessel_flag"] == "PA"


def test_an_empty_change_is_refused_to_those_who_may_not_change(client, cast):
    incident = report(cast, tlp="green")
    url = f"/api/v1/incidents/{incident.reference}/"
    for user in (cast.member_a, cast.member_b, cast.admin_b):
        response = client.patch(url, "{}", "application/json", **token(user))
        assert response.status_code == 403, user
    response = client.patch(url, "{}", "application/json", **token(cast.admin_a))
    assert response.status_code == 200
    assert not IncidentChange.objects.exclude(kind="reported").exists()


@pytest.mark.parametrize("tlp", ["amber_strict", "red"])
def test_an_editor_cannot_mark_an_incident_beyond_their_own_sight(client, cast, tlp):
    incident = report(cast, tlp="amber")
    url = f"/api/v1/incidents/{incident.reference}/"
    response = client.patch(
        url, json.dumps({"tlp": tlp, "reason": "restricting"}), "application/json",
        **api_auth(client, cast.editor),
    )  # fmt: skip
    assert response.status_code == 400
    assert "could no longer see" in response.json()["tlp"][0]
    incident = Incident.objects.unrestricted().get(pk=incident.pk)
    assert incident.tlp == "amber"
    assert not IncidentChange.objects.exclude(kind="reported").exists()
    assert client.get(url, **api_auth(client, cast.editor)).status_code == 200


def test_the_owners_admin_may_restrict_their_own_incident(client, cast):
    incident = report(cast, tlp="amber")
    url = f"/api/v1/incidents/{incident.reference}/"
    response = client.patch(
        url, json.dumps({"tlp": "amber_strict", "reason": "restricting"}), "application/json",
        **token(cast.admin_a),
    )  # fmt: skip
    assert response.status_code == 200
    assert response.json()["tlp"] == "amber_strict"


def test_a_nul_in_a_page_form_is_a_bad_request(client, cast):
    from urllib.parse import urlencode

    from members.models import ContactMessage
    from tests.members.test_contact import message

    hostile = message(message="Hello\x00there")
    response = client.post("/contact/", urlencode(hostile), "application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert b"NUL" in response.content
    response = client.post("/contact/", hostile)  # multipart: the form's fields refuse it
    assert response.status_code == 400
    assert not ContactMessage.objects.exists()
    client.force_login(cast.member_a)
    response = client.post("/trends/report/", {"query": "region=west_africa\x00"})
    assert response.status_code == 400
    assert not Export.objects.exists()


def test_a_nul_in_a_cookie_is_a_bad_request(client):
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/").status_code == 400
    assert client.get("/api/v1/incidents/").status_code == 400


def test_json_is_read_as_utf_8_whatever_charset_is_named(client, cast):
    response = client.generic(
        "POST", "/api/v1/incidents/", json.dumps(REPORT).encode(),
        "application/json; charset=zlib", **token(cast.member_a),
    )  # fmt: skip
    assert response.status_code == 201
