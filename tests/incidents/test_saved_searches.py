"""Saved searches: a member keeps a filter of the list or the map under a name."""

import pytest

from incidents.models import SavedSearch

pytestmark = pytest.mark.django_db


def save(client, name, query, view="list"):
    return client.post("/incidents/searches/", {"name": name, "query": query, "view": view})


def test_a_member_saves_a_search_and_opens_it_from_their_list(client, cast):
    client.force_login(cast.member_a)
    response = save(
        client, " Lagos   robberies ", "region=west_africa&category=boarded&sort=date&dir=desc"
    )
    assert response.status_code == 302
    search = SavedSearch.objects.get()
    assert search.owner == cast.member_a and search.name == "Lagos robberies"
    assert search.query == "category=boarded&dir=desc&region=west_africa&sort=date"
    page = client.get("/incidents/searches/").content.decode()
    assert f'href="/incidents/?{search.query.replace("&", "&amp;")}"' in page
    assert client.get(f"/incidents/?{search.query}").status_code == 200


def test_a_map_search_keeps_the_map_view_and_opens_the_map(client, cast):
    client.force_login(cast.member_a)
    save(client, "Singapore Strait", "view=7/1.2/104.0&category=boarded&after=x", view="map")
    search = SavedSearch.objects.get()
    assert search.query == "category=boarded&view=7%2F1.2%2F104.0"  # page tokens are not kept
    page = client.get("/incidents/searches/").content.decode()
    assert 'href="/incidents/map/?category=boarded&amp;view=7%2F1.2%2F104.0"' in page


def test_saving_under_a_name_in_use_replaces_that_search(client, cast):
    client.force_login(cast.member_a)
    save(client, "Gulf", "region=west_africa")
    save(client, "Gulf", "region=west_africa&status=verified")
    assert list(SavedSearch.objects.values_list("name", "query")) == [
        ("Gulf", "region=west_africa&status=verified")
    ]


@pytest.mark.parametrize(
    ("name", "query", "view", "message"),
    [
        ("", "category=boarded", "list", "This field is required."),
        ("   ", "category=boarded", "list", "This field is required."),
        ("Bad", "category=piracy", "list", "category: Select a valid choice."),
        ("Bad", "since=2020-13-01", "list", "since: Enter a valid date."),
        ("Bad", "sort=price", "list", "Sort by one of"),
        ("Bad", "view=far/away", "map", "The map view is zoom/latitude/longitude."),
        ("Bad", "category=boarded", "globe", "Select a valid choice."),
        ("x" * 101, "", "list", "at most 100 characters"),
    ],
)
def test_bad_searches_are_refused_and_nothing_is_saved(client, cast, name, query, view, message):
    client.force_login(cast.member_a)
    response = save(client, name, query, view)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_a_member_keeps_at_most_so_many_searches(client, cast, settings):
    settings.SAVED_SEARCHES_MAX = 2
    client.force_login(cast.member_a)
    save(client, "One", "")
    save(client, "Two", "")
    response = save(client, "Three", "")
    assert response.status_code == 400
    assert "2 saved searches" in response.content.decode()
    assert SavedSearch.objects.count() == 2
    assert save(client, "Two", "category=theft").status_code == 302  # replacing is still fine


def test_searches_are_private_to_their_member(client, cast):
    client.force_login(cast.member_a)
    save(client, "Mine", "category=theft")
    client.get("/incidents/searches/")  # where the browser goes next, reading "Saved as"
    search = SavedSearch.objects.get()
    for other in (cast.admin_a, cast.member_b, cast.staff):
        client.force_login(other)
        assert "Mine" not in client.get("/incidents/searches/").content.decode()
        assert client.post(f"/incidents/searches/{search.pk}/delete/").status_code == 404
    assert SavedSearch.objects.exists()
    client.force_login(cast.member_a)
    assert client.post(f"/incidents/searches/{search.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.exists()


def test_the_list_and_the_map_offer_to_save_their_search(client, cast):
    assert "Save this search" not in client.get("/incidents/").content.decode()
    client.force_login(cast.member_a)
    page = client.get("/incidents/?category=boarded").content.decode()
    assert "Save this search" in page
    assert 'value="category=boarded&amp;sort=date&amp;dir=desc"' in page
    page = client.get("/incidents/map/?category=theft&view=3/0/0").content.decode()
    assert 'name="view" value="map"' in page and "category=theft" in page


def test_a_new_search_alerts_by_default_and_saving_asks_how(client, cast):
    from members.models import Level, Watch

    client.force_login(cast.member_a)
    form = client.get("/incidents/").content.decode()
    assert "Tell me of new incidents that match it" in form
    save(client, "Lagos", "region=west_africa")
    search = SavedSearch.objects.get(name="Lagos")
    watch = Watch.objects.get(user=cast.member_a, target_type="search", target_key=str(search.pk))
    assert (watch.level, watch.mail) == (Level.WATCHING, "daily")
    client.post(
        "/incidents/searches/",
        {"name": "Bonny", "query": "port=NGBON", "view": "list", "alert": "bell"},
    )
    bonny = SavedSearch.objects.get(name="Bonny")
    watch = Watch.objects.get(target_type="search", target_key=str(bonny.pk))
    assert (watch.level, watch.mail) == (Level.TRACKING, "")
    client.post(
        "/incidents/searches/",
        {"name": "Quiet", "query": "region=far_east", "view": "list", "alert": "none"},
    )
    quiet = SavedSearch.objects.get(name="Quiet")
    assert not Watch.objects.filter(target_type="search", target_key=str(quiet.pk)).exists()


def test_a_saved_search_alerts_its_owner_of_a_new_incident_that_matches(client, cast):
    from members.models import Notification
    from tests.incidents.conftest import report
    from tests.notify import fan_out_all

    client.force_login(cast.member_b)
    save(client, "Boardings", "category=boarded&region=west_africa")
    fan_out_all()
    report(cast, tlp="green")  # member A's boarding at Lagos anchorage
    fan_out_all()
    told = Notification.objects.get(recipient=cast.member_b, kind="incident_alert")
    assert told.reason == "alert" and told.mail == "daily"


def test_the_list_says_each_search_in_words(client, cast):
    client.force_login(cast.member_a)
    save(client, "Knives at Lagos", "category=boarded,hijacked&weapons=knives&since=2024-01-01")
    page = client.get("/incidents/searches/").content.decode()
    assert "Category: Boarded, Hijacked" in page
    assert "Weapons: Knives" in page and "Since 1 Jan 2024" in page
    assert "<code>" not in page and "weapons=knives" not in page.split("<h1>")[1].split("href")[0]
