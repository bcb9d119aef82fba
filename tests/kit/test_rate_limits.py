"""The expensive pages and their API are rate limited per person, and per address for the
public: over the limit, 429 with when to try again; other people and addresses go on.

Windows are fixed (django-ratelimit): the tests use hourly ones, so that no test straddles
the end of a window."""

import pytest
from django.test import RequestFactory, override_settings

from kit.limits import client_ip, in_words
from tests.tokens import key_for

pytestmark = pytest.mark.django_db


@override_settings(RATE_LIMIT_PUBLIC="3/h")
@pytest.mark.parametrize(
    "url", ["/trends/?region=west_africa", "/regions/", "/ports/NGLOS/", "/incidents/?q=knife"]
)
def test_the_public_are_limited_per_address(client, url):
    for _ in range(3):
        assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 1 <= wait <= 3600
    assert b"Try again in" in response.content
    other = client.get(url, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


@override_settings(RATE_LIMIT_PUBLIC="2/h")
def test_the_list_without_a_search_is_not_counted(client):
    for _ in range(4):
        assert client.get("/incidents/?category=boarded").status_code == 200


@override_settings(RATE_LIMIT_MEMBER="2/h", RATE_LIMIT_PUBLIC="100/h")
def test_members_are_limited_per_person(client, cast):
    client.force_login(cast.member_a)
    for _ in range(2):
        assert client.get("/trends/").status_code == 200
    assert client.get("/trends/").status_code == 429
    client.force_login(cast.member_b)
    assert client.get("/trends/").status_code == 200


@override_settings(RATE_LIMIT_MEMBER="2/h")
def test_the_api_counts_in_the_same_window_and_says_when(client, cast):
    key = key_for(cast.member_a)
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get("/api/v1/trends/", **auth).status_code == 200
    assert client.get("/api/v1/incidents/?q=robbers", **auth).status_code == 200
    assert client.get("/api/v1/trends/", **auth).status_code == 200
    response = client.get("/api/v1/trends/", **auth)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "throttled" in response.json()["detail"]
    assert client.get("/api/v1/incidents/count/?q=a", **auth).status_code == 200


@override_settings(RATE_LIMIT_REPORTS="2/h")
def test_pdf_requests_are_limited_per_person(client, cast):
    client.force_login(cast.member_a)
    answers = [client.post("/regions/report/", {"year": "2024"}).status_code for _ in range(3)]
    assert answers[2] == 429
    from incidents.models import Export

    assert Export.objects.filter(created_by=cast.member_a).count() == 2


@override_settings(RATE_LIMIT_PUBLIC="2/h")
def test_exports_are_limited(client):
    for _ in range(2):
        assert client.get("/incidents/export/?format=csv").status_code == 200
    assert client.get("/incidents/export/?format=csv").status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),
        (2, "198.51.100.1, 203.0.113.9", "198.51.100.1"),
        (1, "not-an-address", "10.0.0.2"),
        (2, "203.0.113.9", "10.0.0.2"),
    ],
)
def test_the_callers_address_comes_from_trusted_proxies_only(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request) == expected


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(1, "1 second"), (45, "45 seconds"), (100, "2 minutes"), (682, "11 minutes"),
     (3600, "60 minutes"), (7200, "2 hours")],
)  # fmt: skip
def test_the_wait_is_said_in_words(seconds, words):
    assert in_words(seconds) == words


@pytest.mark.parametrize(
    "throttle_path", ["kit.limits.AnonymousThrottle", "kit.limits.MapThrottle"]
)
def test_api_limits_hold_when_requests_arrive_together(settings, throttle_path):
    """Forty requests at the same moment against a limit of ten: ten pass, whatever the
    threads' order (a list of times read and written back lets most of them through)."""
    import threading

    from django.contrib.auth.models import AnonymousUser
    from django.utils.module_loading import import_string

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "10/min", "user": "10/min", "map": "10/min"},
    }
    throttle_class = import_string(throttle_path)
    start = threading.Barrier(40)
    allowed = []

    def call():
        request = RequestFactory().get("/api/v1/incidents/", REMOTE_ADDR="192.0.2.7")
        request.user = AnonymousUser()
        start.wait()
        allowed.append(throttle_class().allow_request(request, None))

    threads = [threading.Thread(target=call) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 10
