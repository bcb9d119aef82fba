"""The map's place search: ports by name, code or country, and regions with their bounds."""

import pytest

from incidents import places

pytestmark = pytest.mark.django_db


def names(query):
    return [place["name"] for place in places.search(query)]


def test_a_port_by_its_name_code_or_country_and_accents_aside():
    assert names("lagos")[:2] == ["Lagos (Apapa)", "Lagos Anchorage"]
    assert names("nglos-anch") == ["Lagos Anchorage"]
    assert names("lome") == ["Lomé", "Lomé Anchorage"]
    nigeria = places.search("nigeria")
    assert nigeria and all(p["detail"].endswith("Nigeria") for p in nigeria)
    port = places.search("lagos anchorage")[0]
    assert (port["kind"], port["latitude"], port["longitude"]) == ("port", 6.3, 3.33)
    # Its name says it is an anchorage already: not "Lagos Anchorage Anchorage".
    assert port["detail"] == "Nigeria" and port["zoom"] == places.PORT_ZOOM
    apapa = places.search("apapa")[0]
    assert apapa["detail"] == "Port, Nigeria"


def test_a_region_comes_with_its_bounds():
    region = places.search("gulf of guinea")[0]
    assert region["kind"] == "region" and region["name"] == "West Africa / Gulf of Guinea"
    (south, west), (north, east) = region["bounds"]
    assert south < 6.3 < north and west < 3.3 < east
    assert len(places.search("a")) == places.LIMIT
    assert places.search("   ") == [] and places.search("zzzz") == []


def test_the_api_answers_everyone_and_refuses_bad_input(client):
    answer = client.get("/api/v1/places/", {"q": "singapore"})
    assert answer.status_code == 200 and answer["Cache-Control"] == "public, max-age=86400"
    assert answer.json()["results"][0]["name"].startswith("Singapore")
    for bad in ("", "x" * 101):
        answer = client.get("/api/v1/places/", {"q": bad})
        assert answer.status_code == 400 and "q" in answer.json(), bad
    assert client.get("/api/v1/places/", {"q": "lagos\x00"}).status_code == 400
