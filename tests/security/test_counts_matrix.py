"""Counts and aggregates against every role: the map, the list's rows and count, the API
count, the trend, the regional summary and the exports hold exactly the incidents the access
matrix says each role sees, whether they are answered from the counted cells or from the
incidents themselves."""

import json
import re

import pytest

from members.access import viewer_for
from reports.summary import regional_summary
from tests.conftest import ROLES, sign_in
from tests.incidents.conftest import report

from .access_matrix import SEES, TLPS, callers_group, incident

pytestmark = pytest.mark.django_db

FILTERS = {"cells": "", "incidents": "&since=2000-01-01"}
# A trend reads its cells for any whole months; a filter the cells do not keep makes it
# count the incidents themselves.
TREND_FILTERS = {"cells": "&since=2000-01-01", "incidents": "&status=reported,verified,confirmed"}


@pytest.fixture
def marked(cast):
    """One incident of company A per marking, one AMBER shared with company B, one RED sent
    to member B; and one AMBER shared with a group, one RED sent to it: member B is in the
    group, admin B was and left it."""
    made = {tlp: incident(cast, tlp) for tlp in TLPS}
    made["amber_shared"] = report(cast, tlp="amber", latitude=10.0, longitude=-61.0)
    made["amber_shared"].shared_with_organisations.set([cast.org_b])
    made["red_to_b"] = report(cast, tlp="red", latitude=1.26, longitude=104.08)
    made["red_to_b"].recipients.set([cast.member_b])
    group = callers_group(cast)
    made["amber_to_group"] = report(cast, tlp="amber", latitude=12.8, longitude=47.9)
    made["amber_to_group"].shared_with_groups.set([group])
    made["red_to_group"] = report(cast, tlp="red", latitude=-6.1, longitude=106.9)
    made["red_to_group"].recipient_groups.set([group])
    return made


def expected(role: str) -> set[str]:
    seen = {tlp for tlp in TLPS if role in SEES[tlp]}
    if role in SEES["amber"] | {"member_b", "admin_b"}:
        seen.add("amber_shared")
    if role in {"member_a", "member_b"}:
        seen.add("red_to_b")
    if role in SEES["amber"] | {"member_b"}:  # a group member; not its former member
        seen.add("amber_to_group")
    if role in {"member_a", "member_b"}:
        seen.add("red_to_group")
    return seen


@pytest.mark.parametrize("path", list(FILTERS))
@pytest.mark.parametrize("role", ROLES)
def test_every_count_holds_what_the_role_may_see(client, cast, marked, role, path):
    user = cast.user(role)
    api = sign_in(client, user)
    names = {incident.reference: name for name, incident in marked.items()}
    want = expected(role)
    extra = FILTERS[path]

    page = client.get(f"/incidents/?{extra}").content.decode()
    listed = {names[ref] for ref in re.findall(r'href="/incidents/(CSOA-\d{4}-\d{4})/"', page)}
    assert listed == want
    assert f">{len(want)} incident" in page

    count = client.get(f"/api/v1/incidents/count/?{extra}", **api).json()
    assert count == {"count": len(want), "exact": True}

    trend = client.get(f"/api/v1/trends/?{TREND_FILTERS[path]}", **api).json()
    assert trend["incidents"] == len(want) == sum(trend["weekdays"].values())
    summary = regional_summary(viewer_for(user), year=2019)  # the incidents are of 2019
    assert sum(sum(row["this_year"]) for row in summary["regions"]) == len(want)

    exported = client.get(f"/incidents/export/?format=geojson{extra}")
    features = json.loads(b"".join(exported.streaming_content))["features"]
    assert {names[feature["id"]] for feature in features} == want

    if user is not None:  # the organisation's own feed, as Atom and GeoJSON
        atom = client.get(f"/api/v1/incidents/feed.atom?limit=500{extra}", **api)
        feed_refs = set(re.findall(r"<title>(CSOA-\d{4}-\d{4}):", atom.content.decode()))
        assert {names[ref] for ref in feed_refs} == want
        geo = client.get(f"/api/v1/incidents/feed.geojson?limit=500{extra}", **api)
        features = json.loads(b"".join(geo.streaming_content))["features"]
        assert {names[feature["id"]] for feature in features} == want

    world = f"/api/v1/incidents/map/?bbox=-180,-85,180,85&zoom=2{extra}"
    body = client.get(world, **api).json()
    assert body["total"] == len(want)
    assert {names[f["properties"]["reference"]] for f in body["features"]} == want
