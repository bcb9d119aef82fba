"""The API against its own OpenAPI schema, with Schemathesis, in a live server: every
operation, requests valid and invalid, as a member with a token. No answer may be a server
error, a status or content type the schema does not list, or a body that does not match it;
a valid request may not be refused, nor an invalid one accepted."""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.throttling import SimpleRateThrottle

from tests.incidents.conftest import report
from tests.tokens import key_for

pytestmark = pytest.mark.django_db(transaction=True)

CONFIG = {
    "seed": 20261129,
    "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
    "generation": {
        "mode": "all",
        "max-examples": 20,
        "deterministic": True,
        "database": "none",
    },
    "checks": {
        # Rules across parameters (a period that ends before it begins, half a circle, a
        # position on land, a date in the future) refuse requests the schema cannot tell
        # from valid ones; every other check runs.
        "positive_data_acceptance": {"enabled": False},
    },
    "phases": {
        "examples": {"enabled": True},
        "coverage": {"enabled": False},
        "fuzzing": {"enabled": True},
        "stateful": {"enabled": False},
    },
    # The coverage phase tries every boundary of every parameter: for the query parameters
    # of the list and the trends (the map's and the count's filters are the list's); on
    # bodies of thirty fields it would take minutes, where fuzzing takes seconds.
    "operations": [
        {
            "include-name": ["GET /api/v1/incidents/", "GET /api/v1/trends/"],
            "phases": {"coverage": {"enabled": True}},
        }
    ],
}


@pytest.fixture
def api_schema(live_server, cast, settings, monkeypatch):
    # No limit answers 429 in place of the answer under test (DRF reads its rates once).
    settings.RATE_LIMIT_MEMBER = "100000/h"
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", dict.fromkeys(["anon", "user", "map"], "100000/h")
    )
    report(cast, tlp="green")
    key = key_for(cast.member_a)
    config = schemathesis.Config.from_dict(CONFIG)
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/", config=config)
    schema.config.update(
        base_url=live_server.url, headers={"Authorization": f"Token {key}"}, request_timeout=30
    )
    return schema


@pytest.fixture
def http_session():
    """One connection a request: the live server may close a kept-alive connection between
    two requests, and a request sent on one it closed fails for no fault of the API."""
    with requests.Session() as session:
        session.headers["Connection"] = "close"
        yield session


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis_settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_contract(case, http_session):
    case.call_and_validate(session=http_session)
