"""Files are kept by caches only to be revalidated: a marking raised after a file was served
publicly leaves no cached copy that can be used without asking again."""

import pytest

from incidents.services import incident_change, update_add
from tests.files import jpeg_bytes, upload

from .conftest import report

pytestmark = pytest.mark.django_db


def photo(cast, *, incident_tlp: str, tlp: str):
    incident = report(cast, tlp=incident_tlp)
    update = update_add(
        incident=incident, author=cast.member_a, text="deck", tlp=tlp,
        files=[upload("deck.jpg", jpeg_bytes())],
    )  # fmt: skip
    return incident, update.attachments.unrestricted().get()


def test_a_clear_file_of_a_clear_incident_may_be_kept_by_shared_caches(client, cast):
    _incident, attachment = photo(cast, incident_tlp="clear", tlp="clear")
    response = client.get(f"/incidents/attachments/{attachment.pk}/original/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, no-cache"
    assert response["ETag"]


def test_a_file_that_is_not_clear_is_private(client, cast):
    _incident, attachment = photo(cast, incident_tlp="green", tlp="green")
    client.force_login(cast.member_b)
    response = client.get(f"/incidents/attachments/{attachment.pk}/original/")
    assert response["Cache-Control"] == "private, no-cache"


def test_revalidation_after_the_marking_is_raised_answers_404(client, cast):
    incident, attachment = photo(cast, incident_tlp="clear", tlp="clear")
    url = f"/incidents/attachments/{attachment.pk}/original/"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    incident_change(
        incident=incident, actor=cast.admin_a, reason="owner's request", tlp="amber_strict"
    )
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404
    client.force_login(cast.member_a)
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["Cache-Control"] == "private, no-store"  # AMBER+STRICT now


def test_the_api_file_carries_the_same_headers(client, cast):
    incident, attachment = photo(cast, incident_tlp="clear", tlp="clear")
    url = f"/api/v1/incidents/{incident.reference}/attachments/{attachment.pk}/file/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, no-cache"
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.mark.parametrize("tlp", ["amber_strict", "red"])
def test_a_strict_file_is_not_kept_at_all(client, cast, tlp):
    _incident, attachment = photo(cast, incident_tlp=tlp, tlp=tlp)
    client.force_login(cast.member_a)
    response = client.get(f"/incidents/attachments/{attachment.pk}/original/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
