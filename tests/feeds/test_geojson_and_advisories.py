"""GeoJSON feature collections with a property mapping, and RSS or Atom advisories, hostile
XML included."""

from pathlib import Path

import pytest

from feeds import services
from feeds.formats import FeedError, Record, Rejection, read
from feeds.models import Advisory, FeedItem

FIXTURES = Path(__file__).parent / "fixtures"
MAPPING = {"date": "incident_date", "description": "summary", "hostility": "category",
           "vessel_type": "vessel", "vessel_status": "status"}  # fmt: skip


def split(records):
    records = list(records)
    return (
        {r.external_id: r for r in records if isinstance(r, Record)},
        {r.external_id: r.reason for r in records if isinstance(r, Rejection)},
    )


def test_geojson_reads_points_through_the_sources_mapping():
    read_, refused = split(read("geojson", (FIXTURES / "mdat.geojson").read_bytes(), MAPPING))
    assert list(read_) == ["MDAT-2024-031", "MDAT-2024-032"]
    lagos = read_["MDAT-2024-031"].data
    assert (lagos["latitude"], lagos["longitude"]) == (6.2833, 3.3167)
    assert lagos["occurred_on"] == "2024-05-01"
    assert (lagos["occurred_time"], lagos["time_basis"]) == ("01:30", "utc")
    assert lagos["hostility"] == "Boarding" and lagos["vessel_type_text"] == "product tanker"
    assert lagos["place"] == "Lagos"
    assert refused == {
        "MDAT-2024-033": "Unreadable: only Point geometries give an incident's position.",
        "(no id)": "The feature has no id.",
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"type": "Feature"}', "FeatureCollection"),
        (b'{"type": "FeatureCollection"}', "no list of features"),
        (b'{"type": "FeatureCollection", "features": [', "cannot be read"),
    ],
)
def test_bad_geojson_fails_as_a_whole(content, message):
    with pytest.raises(FeedError, match=message):
        list(read("geojson", content))


def test_rss_and_atom_items_are_advisories():
    read_, refused = split(read("rss", (FIXTURES / "advisories.rss").read_bytes()))
    assert list(read_) == ["adv-2024-07", "adv-2024-08"]
    first = read_["adv-2024-07"].data
    assert first["title"] == "Increased robberies at Lagos anchorage"
    assert first["link"] == "https://advisories.example.org/2024-07"
    assert first["published_at"] == "2024-05-01T10:00:00+00:00"
    assert read_["adv-2024-08"].data["link"] == ""  # only http and https links are kept
    assert read_["adv-2024-08"].data["published_at"] == "2024-05-03T07:00:00+00:00"
    assert list(refused.values()) == ["The advisory has no title or no id."]
    atom, _ = split(read("rss", (FIXTURES / "advisories.atom").read_bytes()))
    entry = atom["urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"].data
    assert entry["link"] == "https://warnings.example.org/red-sea"
    assert entry["published_at"] == "2024-01-12T18:30:02+00:00"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><item><guid>x</guid><title>&lol3;</title></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><guid>x</guid><title>&secret;</title></item></channel></rss>"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BILLION_LAUGHS, "declares entities or a DTD"),
        (XXE, "declares entities or a DTD"),
        (b"<rss><channel><item>", "cannot be read"),
        (b"<html><body>Not a feed</body></html>", "RSS 2.0 or Atom"),
    ],
)
def test_hostile_or_broken_xml_is_refused_whole(content, message):
    with pytest.raises(FeedError, match=message):
        list(read("rss", content))


@pytest.mark.django_db
def test_advisories_are_stored_for_the_sources_region_and_not_as_incidents():
    source = services.source_add(name="MDAT-GoG advisories", format="rss", region="west_africa")
    run = services.ingest(source, (FIXTURES / "advisories.rss").read_bytes(), trigger="upload")
    assert run.counts == {"fetched": 3, "new": 2, "updated": 0, "unchanged": 0, "rejected": 1}
    assert not FeedItem.objects.exists()
    advisory = Advisory.objects.get(external_id="adv-2024-07")
    assert advisory.region == "west_africa" and advisory.tlp == "clear"
    again = services.ingest(source, (FIXTURES / "advisories.rss").read_bytes(), trigger="upload")
    assert again.counts["unchanged"] == 2 and Advisory.objects.count() == 2
    hostile = services.ingest(source, XXE, trigger="upload")
    assert hostile.state == "failed" and Advisory.objects.count() == 2


@pytest.mark.django_db
def test_a_geojson_source_uses_its_mapping():
    source = services.source_add(
        name="MDAT-GoG", format="geojson", property_mapping=MAPPING, reliability="A"
    )
    run = services.ingest(source, (FIXTURES / "mdat.geojson").read_bytes(), trigger="upload")
    assert run.counts["new"] == 2 and run.counts["rejected"] == 2
    item = FeedItem.objects.get(external_id="MDAT-2024-031")
    assert item.extracted["perpetrators"] == 4 and item.extracted["category"] == "boarded"
    assert item.extracted["vessel_type"] == "product_tanker"
