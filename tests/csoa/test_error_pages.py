"""Error pages in the site's layout with a way back (JSON on the API), a 500 page that needs
no database, and compressed pages whose CSRF tokens are masked anew on every answer."""

from __future__ import annotations

import gzip
import re

import pytest
from django.test import Client, RequestFactory, override_settings

from kit.web import server_error

pytestmark = pytest.mark.django_db

MENU = 'nav aria-label="Main"'


def test_a_page_not_found_says_it_may_not_be_shared_with_you(client):
    response = client.get("/incidents/CSOA-2019-9999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Not found, or not shared with you" in page
    assert MENU in page and 'href="/"' in page
    assert "log in" in page  # the public are told they may need to


def test_a_member_is_not_asked_to_log_in_on_a_404(client, cast):
    client.force_login(cast.member_a)
    page = client.get("/incidents/CSOA-2019-9999/").content.decode()
    assert "Not found, or not shared with you" in page and "log in</a> to see it" not in page


def test_the_api_answers_json_for_an_address_that_names_nothing(client):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


def test_a_form_without_its_csrf_token_gets_a_page_that_says_what_to_do(db):
    response = Client(enforce_csrf_checks=True).post("/contact/", {"name": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Reload the page and send it again" in page and MENU in page


def test_a_request_the_platform_cannot_read_gets_the_400_page(client):
    response = client.get("/incidents/%00/")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_the_500_page_is_written_without_the_database(django_assert_num_queries):
    request = RequestFactory().get("/incidents/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page and MENU in page and "{%" not in page


def test_the_500_answer_of_the_api_is_json():
    response = server_error(RequestFactory().get("/api/v1/incidents/"))
    assert response.status_code == 500 and b'"Server error."' in response.content


@override_settings(ROOT_URLCONF="tests.csoa.failing_urls")
def test_an_error_in_a_view_answers_the_500_page(db):
    response = Client(raise_request_exception=False).get("/fails/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_pages_are_compressed_for_clients_that_accept_it(client):
    response = client.get("/contact/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"Contact" in gzip.decompress(response.content)


@pytest.mark.parametrize(
    ("content_type", "compressed"),
    [("text/html; charset=utf-8", True), ("application/json", True), ("text/csv", True),
     ("image/jpeg", False), ("video/mp4", False), ("application/pdf", False)],
)  # fmt: skip
def test_only_text_answers_are_compressed(content_type, compressed):
    from django.http import HttpResponse

    from kit.middleware import CompressTextMiddleware

    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    middleware = CompressTextMiddleware(
        lambda r: HttpResponse(b"a" * 4000, content_type=content_type)
    )
    response = middleware(request)
    assert (response.get("Content-Encoding") == "gzip") is compressed


def test_the_csrf_token_in_a_compressed_page_differs_on_every_answer(client):
    """BREACH needs a secret repeated byte for byte across answers: the token is masked anew
    each time."""
    tokens = set()
    for _ in range(3):
        page = gzip.decompress(client.get("/contact/", HTTP_ACCEPT_ENCODING="gzip").content)
        tokens |= set(re.findall(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert len(tokens) == 3


def test_a_page_form_too_large_or_with_too_many_files_gets_the_400_page(client, cast):
    """What Django refuses while reading a page's body (RequestDataTooBig, TooManyFilesSent)
    answers the site's 400 page, not an error page of Django's."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.member_a)
    too_big = client.post("/contact/", {"message": "x" * 3_000_000})
    assert too_big.status_code == 400 and MENU in too_big.content.decode()
    files = [SimpleUploadedFile(f"{n}.jpg", b"x") for n in range(120)]
    too_many = client.post("/incidents/report/", {"files": files})
    assert too_many.status_code == 400 and MENU in too_many.content.decode()
