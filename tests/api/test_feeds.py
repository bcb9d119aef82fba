"""An organisation's own feed, as Atom and GeoJSON: what its account may see and nothing
more, each entry with its marking, the newest changes first, the list's filters, a limit, and
an ETag that lets a poller on a thin link ask again for nothing."""

import datetime as dt
import json

import pytest
from defusedxml import ElementTree

from incidents.models import Incident
from tests.conftest import api_auth
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
GEORSS = "{http://www.georss.org/georss}"


@pytest.fixture
def incidents(cast):
    public = report(
        cast,
        tlp="clear",
        occurred_on=dt.date(2024, 3, 1),
        description="Robbers boarded <at> night & fled.",
    )
    own = report(cast, tlp="amber", occurred_on=dt.date(2024, 4, 1))
    theirs = report(cast, reporter=cast.member_b, tlp="amber", occurred_on=dt.date(2024, 5, 1))
    return public, own, theirs


def entries(client, user, query=""):
    headers = api_auth(client, user)
    answer = client.get(f"/api/v1/incidents/feed.atom{query}", **headers)
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(answer.content)
    return answer, root, root.findall(f"{ATOM}entry")


def test_an_organisations_atom_feed_holds_what_it_may_see_each_with_its_marking(
    client, cast, incidents
):
    public, own, theirs = incidents
    _answer, root, found = entries(client, cast.member_a)
    titles = [e.find(f"{ATOM}title").text for e in found]
    assert titles[0].startswith(own.reference) or titles[1].startswith(own.reference)
    assert not any(t.startswith(theirs.reference) for t in titles)
    assert root.find(f"{ATOM}title").text == "CSOA incidents for Alpha Tankers"
    by_ref = {e.find(f"{ATOM}title").text.split(":")[0]: e for e in found}
    markings = {
        ref: [c.get("term") for c in e.findall(f"{ATOM}category") if c.get("scheme")]
        for ref, e in by_ref.items()
    }
    assert markings[own.reference] == ["TLP:AMBER"] and markings[public.reference] == ["TLP:CLEAR"]
    entry = by_ref[public.reference]
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/incidents/{public.reference}/")
    assert entry.find(f"{GEORSS}point").text == f"{public.latitude} {public.longitude}"
    assert "Robbers boarded <at> night & fled." in entry.find(f"{ATOM}summary").text
    _, _, theirs_found = entries(client, cast.member_b)
    refs = {e.find(f"{ATOM}title").text.split(":")[0] for e in theirs_found}
    assert refs == {public.reference, theirs.reference}


def test_the_geojson_feed_is_the_same_picture(client, cast, incidents):
    public, own, _theirs = incidents
    answer = client.get("/api/v1/incidents/feed.geojson", **api_auth(client, cast.member_a))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/geo+json"
    document = json.loads(b"".join(answer.streaming_content))
    refs = [f["id"] for f in document["features"]]
    assert set(refs) == {public.reference, own.reference}
    tlps = {f["id"]: f["properties"]["tlp"] for f in document["features"]}
    assert tlps[own.reference] == "TLP:AMBER"


def test_the_newest_changes_come_first_narrowed_by_filters_and_a_limit(client, cast, incidents):
    public, own, _ = incidents
    Incident.objects.unrestricted().filter(pk=public.pk).update(
        updated_at=own.updated_at + dt.timedelta(hours=1)
    )
    _, _, found = entries(client, cast.member_a)
    assert found[0].find(f"{ATOM}title").text.startswith(public.reference)
    _, _, found = entries(client, cast.member_a, "?limit=1")
    assert len(found) == 1
    _, _, found = entries(client, cast.member_a, "?since=2024-03-15")
    assert [e.find(f"{ATOM}title").text.split(":")[0] for e in found] == [own.reference]
    headers = api_auth(client, cast.member_a)
    for bad in ("?limit=0", "?limit=501", "?limit=ten", "?since=yesterday"):
        assert client.get(f"/api/v1/incidents/feed.atom{bad}", **headers).status_code == 400


def test_a_poller_asks_again_for_nothing_until_something_changes(client, cast, incidents):
    public, _, _ = incidents
    headers = api_auth(client, cast.member_a)
    first = client.get("/api/v1/incidents/feed.atom", **headers)
    etag = first["ETag"]
    again = client.get("/api/v1/incidents/feed.atom", HTTP_IF_NONE_MATCH=etag, **headers)
    assert again.status_code == 304 and again.content == b""
    Incident.objects.unrestricted().filter(pk=public.pk).update(description="Changed.")
    Incident.objects.unrestricted().get(pk=public.pk).save()  # its updated_at moves
    changed = client.get("/api/v1/incidents/feed.atom", HTTP_IF_NONE_MATCH=etag, **headers)
    assert changed.status_code == 200 and changed["ETag"] != etag
    other = client.get("/api/v1/incidents/feed.geojson", HTTP_IF_NONE_MATCH=etag, **headers)
    assert other.status_code == 200  # another format, another tag


def test_the_feed_is_for_signed_in_accounts_and_tokens_that_open_incidents(client, cast, incidents):
    assert client.get("/api/v1/incidents/feed.atom").status_code == 401
    assert (
        client.get("/api/v1/incidents/feed.atom", HTTP_AUTHORIZATION="Token forged").status_code
        == 401
    )
