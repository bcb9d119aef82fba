"""The clustered map: counted cells kept exact by the trigger, clusters and single incidents,
the antimeridian, the access policy, bad input, and the queries it costs."""

import datetime as dt

import pytest
from django.db import connection

from csoa.dev.generate import seed_incidents
from incidents import clusters, mapcells
from incidents.models import Audience, Incident, MapCell
from incidents.services import incident_change
from members.access import TLP, viewer_for, visible
from tests.security.access_matrix import callers_group

from .conftest import report

pytestmark = pytest.mark.django_db

WORLD = "/api/v1/incidents/map/?bbox=-180,-85,180,85&zoom=2"


def cells_total(level=2, **filters):
    return sum(MapCell.objects.filter(level=level, **filters).values_list("count", flat=True))


def test_the_trigger_keeps_the_cells_exact_through_reports_changes_and_deletes(cast):
    lagos = report(cast)
    report(cast, latitude=1.26, longitude=104.08, tlp="amber")
    report(cast, tlp="red")
    fiji = report(cast, latitude=-17.0, longitude=179.9, tlp="clear")
    assert cells_total() == 3  # RED is never counted in cells
    assert mapcells.differences() == 0
    amber = MapCell.objects.get(level=12, tlp="amber")
    assert amber.organisation_id == cast.org_a.pk and amber.count == 1
    assert MapCell.objects.filter(tlp="green", organisation__isnull=False).count() == 0

    incident_change(
        incident=lagos, actor=cast.editor, reason="Moved", latitude=-33.9, longitude=18.4
    )
    incident_change(incident=lagos, actor=cast.editor, reason="Check", status="verified")
    incident_change(incident=fiji, actor=cast.editor, reason="Known", category="attempted")
    assert mapcells.differences() == 0
    assert cells_total(status="verified") == 1
    assert cells_total(category="attempted") == 1
    assert cells_total(region="west_africa") == 0

    Incident.objects.unrestricted().filter(pk=fiji.pk).delete()
    assert mapcells.differences() == 0
    assert cells_total() == 2
    assert not MapCell.objects.filter(count__lte=0).exists()  # emptied cells go


def test_a_bulk_load_recounts_the_cells_once_at_the_end(cast):
    seed_incidents(250, seed=3, batch=100)
    assert mapcells.differences() == 0
    assert cells_total() == Incident.objects.unrestricted().exclude(tlp="red").count() == 250
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('csoa.bulk_load', true)")
        assert cursor.fetchone()[0] in (None, "")  # the trigger is on again


def test_python_and_sql_agree_on_every_cell():
    points = [(0, 0), (6.29, 3.33), (-17.0, 179.9), (-17.0, -179.99), (89.9, 180), (-90, -180)]
    points += [(1.26, 104.08), (12.5, 43.3), (85.0511, 10), (-85.06, -10)]
    with connection.cursor() as cursor:
        for latitude, longitude in points:
            for level in (2, 7, 12, 18):
                cursor.execute(
                    "SELECT incidents_tile_x(%s, %s), incidents_tile_y(%s, %s)",
                    [longitude, level, latitude, level],
                )
                sql = cursor.fetchone()
                python = (mapcells.tile_x(longitude, level), mapcells.tile_y(latitude, level))
                assert sql == python, (latitude, longitude, level)


@pytest.fixture
def spread(cast):
    """Two incidents off Lagos 40 nm apart, one off Singapore, two either side of 180°."""
    return {
        "lagos": report(cast),
        "bonny": report(cast, latitude=4.2, longitude=7.1, category="attempted"),
        "singapore": report(cast, latitude=1.26, longitude=104.08, tlp="clear"),
        "fiji": report(cast, latitude=-17.0, longitude=179.9),
        "samoa": report(cast, latitude=-14.0, longitude=-171.8, category="theft"),
    }


def features(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_few_incidents_in_view_come_one_by_one(client, cast, spread):
    client.force_login(cast.member_b)
    body = features(client, WORLD)
    assert body["total"] == 5 and body["clustered"] is False
    by_ref = {f["properties"]["reference"]: f for f in body["features"]}
    lagos = by_ref[spread["lagos"].reference]
    assert lagos["geometry"]["coordinates"] == [3.33, 6.29]
    assert lagos["properties"]["count"] == 1
    assert "id" not in lagos["properties"]  # the reference names it; no database id
    assert lagos["properties"]["url"] == f"/incidents/{spread['lagos'].reference}/"
    assert lagos["properties"]["category_label"] == "Boarded"


def test_clusters_at_world_zoom_split_when_zooming_in(client, cast, spread, monkeypatch):
    monkeypatch.setattr(clusters, "SINGLES_MAX", 0)
    client.force_login(cast.member_b)
    world = features(client, "/api/v1/incidents/map/?bbox=-30,-30,30,30&zoom=2")
    assert body_counts(world) == [2]  # Lagos and Bonny share a cell at zoom 2
    (gulf,) = world["features"]
    assert gulf["properties"]["categories"] == {"boarded": 1, "attempted": 1}
    assert gulf["properties"]["statuses"] == {"reported": 2}
    assert gulf["geometry"]["coordinates"] == [pytest.approx(5.215), pytest.approx(5.245)]
    closer = features(client, "/api/v1/incidents/map/?bbox=0,0,10,10&zoom=8")
    assert body_counts(closer) == [1, 1]
    # Zoomed in past the counted cells, clusters of one name their incident.
    closest = features(client, "/api/v1/incidents/map/?bbox=3,6,4,7&zoom=14")
    lagos = spread["lagos"].reference
    assert [f["properties"].get("reference") for f in closest["features"]] == [lagos]
    # ... with the same facts as any marker of one: its popup has nothing undefined.
    (alone,) = closest["features"]
    for fact in ("occurred_on", "category_label", "status", "status_label", "place", "vessel"):
        assert alone["properties"][fact], fact
    assert alone["properties"]["occurred_on"] == spread["lagos"].occurred_on.isoformat()


def body_counts(body):
    return sorted(f["properties"]["count"] for f in body["features"])


@pytest.mark.parametrize("cells", [True, False], ids=["counted-cells", "incidents"])
def test_a_pacific_view_crosses_the_antimeridian(client, cast, spread, monkeypatch, cells):
    monkeypatch.setattr(clusters, "SINGLES_MAX", 0)
    client.force_login(cast.member_b)
    extra = "" if cells else "&since=2000-01-01"  # a filter the cells do not keep
    pacific = features(client, f"/api/v1/incidents/map/?bbox=170,-30,-165,0&zoom=4{extra}")
    assert pacific["total"] == 2
    again = features(client, f"/api/v1/incidents/map/?bbox=170,-30,195,0&zoom=4{extra}")
    assert again["total"] == 2  # Leaflet's 195° is -165°
    atlantic = features(client, f"/api/v1/incidents/map/?bbox=-165,-30,170,0&zoom=4{extra}")
    assert atlantic["total"] == 0


def test_counted_cells_and_incidents_agree_for_every_filter_the_cells_keep(client, cast, spread):
    incident_change(
        incident=spread["bonny"], actor=cast.editor, reason="Checked", status="verified"
    )
    client.force_login(cast.member_b)
    for query in ["", "&category=boarded,theft", "&status=verified", "&region=west_africa"]:
        fast = features(client, WORLD + query)["total"]
        slow = features(client, WORLD + query + "&since=2000-01-01")["total"]
        assert fast == slow, query
    assert features(client, WORLD + "&category=boarded,theft")["total"] == 4
    assert features(client, WORLD + "&q=nothing-like-this")["total"] == 0


def test_the_map_shows_each_viewer_only_what_they_may_see(client, cast, spread):
    shared = report(cast, tlp="amber", latitude=10.0, longitude=-61.0)
    shared.shared_with_organisations.set([cast.org_b])
    secret = report(cast, tlp="red", latitude=10.1, longitude=-61.1)
    secret.recipients.set([cast.member_b])
    report(cast, tlp="amber_strict", latitude=10.2, longitude=-61.2)
    expected = {"public": 1, "member_b": 7, "admin_b": 6, "editor": 6, "member_a": 8, "staff": 7}
    for role, total in expected.items():
        client.logout()
        if cast.user(role):
            client.force_login(cast.user(role))
        for extra in ("", "&since=2000-01-01"):
            assert features(client, WORLD + extra)["total"] == total, (role, extra)


@pytest.mark.parametrize(
    "query",
    [
        "zoom=2",
        "bbox=-180,-85,180,85",
        "bbox=1,2,3&zoom=2",
        "bbox=a,b,c,d&zoom=2",
        "bbox=0,10,10,0&zoom=2",
        "bbox=0,-95,10,0&zoom=2",
        "bbox=nan,0,10,10&zoom=2",
        "bbox=0,0,10,10&zoom=21",
        "bbox=0,0,10,10&zoom=-1",
        "bbox=0,0,10,10&zoom=2&since=yesterday",
        "bbox=0,0,10,10&zoom=2&category=piracy",
    ],
)
def test_bad_map_requests_get_a_clear_400(client, query):
    response = client.get(f"/api/v1/incidents/map/?{query}")
    assert response.status_code == 400
    assert response.json()  # a message per field


def test_the_map_costs_the_same_queries_however_many_incidents(
    client, cast, spread, monkeypatch, django_assert_num_queries
):
    client.force_login(cast.member_b)
    client.get(WORLD)  # the session's own queries settle
    # Session, user and membership; the cells; the incidents granted to this member; and,
    # with few in view, the incidents themselves.
    with django_assert_num_queries(6):
        features(client, WORLD)
    for n in range(3):
        report(cast, occurred_on=dt.date(2018, 1, 1 + n), latitude=-5 - n, longitude=100 + n)
    with django_assert_num_queries(6):
        assert len(features(client, WORLD)["features"]) == 8
    monkeypatch.setattr(clusters, "SINGLES_MAX", 0)
    with django_assert_num_queries(5):
        assert features(client, WORLD)["clustered"] is True
    # Without the cells: one query groups the incidents, one names the clusters of one.
    with django_assert_num_queries(5):
        assert features(client, WORLD + "&since=2000-01-01")["total"] == 8


def test_the_map_page_carries_the_filters_for_its_requests(client, cast):
    page = client.get("/incidents/map/?category=boarded&since=2020-01-01&view=5/6.2/3.3")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-query="category=boarded&amp;since=2020-01-01"' in html
    assert 'href="/incidents/?category=boarded&amp;since=2020-01-01"' in html
    assert 'name="view" value="5/6.2/3.3"' in html


def test_a_cell_key_keeps_the_owner_only_where_the_audience_depends_on_it(cast):
    report(cast, tlp=TLP.GREEN)
    report(cast, tlp=TLP.AMBER_STRICT)
    owners = dict(MapCell.objects.filter(level=2).values_list("tlp", "organisation_id"))
    assert owners == {"green": None, "amber_strict": cast.org_a.pk}


def test_the_counted_cells_command_finds_and_mends_a_drift_of_the_map(cast):
    from django.core.management import CommandError, call_command

    report(cast)
    call_command("counted_cells", "--check")
    MapCell.objects.filter(level=5).update(count=99)
    with pytest.raises(CommandError, match="of the map cells differ"):
        call_command("counted_cells", "--check")
    call_command("counted_cells", "--rebuild")
    call_command("counted_cells", "--check")
    assert cells_total(level=5) == 1


def test_each_shared_incident_is_counted_once_in_the_cells_of_its_audience(client, cast):
    group = callers_group(cast)  # member B in it; admin B joined and left
    first = report(cast, tlp="amber")
    second = report(cast, tlp="amber", latitude=1.26, longitude=104.08)
    first.shared_with_groups.set([group])
    first.shared_with_organisations.set([cast.org_b])
    second.shared_with_organisations.set([cast.org_b])  # the same sharing, the other way round
    second.shared_with_groups.set([group])
    # Each set of organisations and groups is one audience, however it was come to.
    audience = Audience.objects.get(organisations=[cast.org_b.pk], groups=[group.pk])
    assert cells_total(audience=audience) == 2 and cells_total() == 2
    assert mapcells.differences() == 0

    first.shared_with_organisations.clear()  # now the group's alone
    only_group = Audience.objects.get(organisations=[], groups=[group.pk])
    assert cells_total(audience=audience) == cells_total(audience=only_group) == 1
    assert mapcells.differences() == 0
    client.force_login(cast.admin_b)  # in organisation B, no longer in the group
    assert features(client, WORLD)["total"] == 1
    client.force_login(cast.member_b)
    assert features(client, WORLD)["total"] == 2

    incident_change(incident=second, actor=cast.editor, reason="Public now", tlp="green")
    assert cells_total(audience=audience) == 0  # the audience counts under AMBER alone
    assert MapCell.objects.filter(tlp="green", audience__isnull=False).count() == 0
    first.shared_with_groups.clear()
    Incident.objects.unrestricted().filter(pk=second.pk).delete()
    assert mapcells.differences() == 0
    assert cells_total(audience__isnull=False) == 0
    client.force_login(cast.member_b)
    assert features(client, WORLD)["total"] == 0


def test_a_viewer_is_in_the_audiences_of_their_organisation_and_groups(cast):
    group = callers_group(cast)
    ours = Audience.objects.create(organisations=[cast.org_b.pk], groups=[])
    grouped = Audience.objects.create(organisations=[cast.org_a.pk], groups=[group.pk])
    Audience.objects.create(organisations=[cast.org_a.pk], groups=[])

    def audiences(user):
        return set(visible(viewer_for(user), Audience))

    assert audiences(cast.member_b) == {ours, grouped}
    assert audiences(cast.admin_b) == {ours}  # left the group
    assert audiences(cast.pending_a) == set()


def test_a_drifted_audience_is_found_and_mended_by_the_rebuild(cast):
    shared = report(cast, tlp="amber")
    shared.shared_with_organisations.set([cast.org_b])
    with connection.cursor() as cursor:
        cursor.execute("SET csoa.bulk_load = 'on'")  # a write that skips the cells
        cursor.execute(
            "UPDATE incidents_incident SET audience_id = NULL WHERE id = %s", [shared.pk]
        )
        cursor.execute("RESET csoa.bulk_load")
    assert mapcells.audiences_differing() == 1
    mapcells.rebuild()
    assert mapcells.differences() == 0
    assert cells_total(audience__organisations=[cast.org_b.pk]) == 1
