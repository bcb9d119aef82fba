"""The shared incident filters: each narrows as it says, and bad values are refused."""

import datetime as dt

import pytest
from django.http import QueryDict

from incidents import selectors
from incidents.filters import filtered

from .conftest import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(cast):
    return {
        "lagos": report(
            cast, description="Three robbers with knives stole mooring ropes.",
            vessel_name="Northwind Aurora",
        ),
        "lagos_2020": report(
            cast, occurred_on=dt.date(2020, 2, 1), category="attempted", outcome="unsuccessful",
            weapons=[], vessel_status="anchored",
        ),
        "singapore": report(
            cast, latitude=1.26, longitude=104.08, weapons=["guns"], vessel_imo="",
            description="Engine spares stolen underway.", vessel_type="bulk_carrier",
            vessel_status="underway",
        ),
        "fiji": report(cast, latitude=-17.0, longitude=179.9, vessel_imo="", tlp="clear"),
    }  # fmt: skip


def refs(cast, history, query, role="member_b"):
    queryset, filterset = filtered(selectors.incidents(cast.viewer(role)), QueryDict(query))
    assert filterset.is_valid(), filterset.errors
    names = {incident.pk: name for name, incident in history.items()}
    return {names[pk] for pk in queryset.values_list("pk", flat=True)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"lagos", "lagos_2020", "singapore", "fiji"}),
        ("since=2020-01-01&until=2020-12-31", {"lagos_2020"}),
        ("category=attempted", {"lagos_2020"}),
        ("category=attempted,boarded", {"lagos", "lagos_2020", "singapore", "fiji"}),
        ("outcome=unsuccessful", {"lagos_2020"}),
        ("region=south_east_asia", {"singapore"}),
        ("country=ng", {"lagos", "lagos_2020"}),
        ("port=NGLOS", {"lagos", "lagos_2020"}),
        ("port=NGLOS-ANCH", {"lagos", "lagos_2020"}),
        ("weapons=guns&weapons=machetes", {"singapore"}),
        ("vessel_type=bulk_carrier", {"singapore"}),
        ("vessel_status=underway", {"singapore"}),
        ("tlp=clear", {"fiji"}),
        ("near=6.3,3.3&radius_nm=20", {"lagos", "lagos_2020"}),
        ("near=1.2,104.0&radius_nm=5", set()),
        ("near=-17.0,-179.9&radius_nm=20", {"fiji"}),
        ("q=robbers", {"lagos"}),
        ("q=rope", {"lagos"}),
        ("q=Northwind", {"lagos"}),
        ("q=Lagos", {"lagos", "lagos_2020"}),
        ("q=spares -mooring", {"singapore"}),
        ("significance=2", {"singapore"}),
        ("significance=1,2", {"singapore"}),
    ],
)
def test_each_filter(cast, history, query, expected):
    assert refs(cast, history, query) == expected


def test_filters_never_widen_what_a_viewer_sees(cast, history):
    assert refs(cast, history, "region=west_africa", role="public") == set()
    assert refs(cast, history, "q=Fiji tlp=clear", role="public") == set()


@pytest.mark.parametrize(
    "query",
    ["since=yesterday", "category=piracy", "near=95,3", "near=abc", "radius_nm=-1",
     "significance=7"],
)  # fmt: skip
def test_bad_filter_values_are_refused(cast, query):
    _queryset, filterset = filtered(selectors.incidents(cast.viewer("member_b")), QueryDict(query))
    assert not filterset.is_valid()


def test_the_list_page_and_the_api_share_the_filters(client, cast, history):
    client.force_login(cast.member_b)
    page = client.get("/incidents/?region=south_east_asia").content.decode()
    assert history["singapore"].reference in page and history["lagos"].reference not in page
    body = client.get("/api/v1/incidents/?region=south_east_asia").json()
    assert [r["reference"] for r in body["results"]] == [history["singapore"].reference]
    assert client.get("/incidents/?since=nonsense").status_code == 400
    assert client.get("/api/v1/incidents/?since=nonsense").status_code == 400
