"""Staff add sources and change their settings on the platform's own pages; the desk asks for
a poll now; everyone reads the advisories they may see, by region."""

import time
from pathlib import Path

import pytest

from feeds import services
from feeds.models import Advisory, FeedRun, FeedSource
from members.models import AuditEvent

from .server import Answer

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"

NEW = {
    "name": "MDAT-GoG", "format": "geojson", "url": "https://mdat.example.org/feed.geojson",
    "interval_minutes": "60", "reliability": "B", "default_tlp": "green",
    "region": "west_africa", "enabled": "on", "property_mapping": '{"date": "incident_date"}',
}  # fmt: skip


def test_staff_add_a_source_and_its_name_in_urls_follows_its_name(client, cast):
    client.force_login(cast.staff)
    response = client.post("/feeds/sources/add/", NEW)
    assert response.status_code == 302
    source = FeedSource.objects.get()
    assert (source.slug, source.format, source.interval_minutes) == ("mdat-gog", "geojson", 60)
    assert source.property_mapping == {"date": "incident_date"} and source.default_tlp == "green"
    event = AuditEvent.objects.get(action="feed_source_changed")
    assert event.actor == cast.staff and event.detail["added"] is True


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"url": "ftp://mdat.example.org/feed"}, "url", "Only http and https"),
        ({"url": "file:///etc/passwd"}, "url", "Enter a valid URL"),
        ({"interval_minutes": "1"}, "interval_minutes", "greater than or equal to 5"),
        ({"interval_minutes": "-60"}, "interval_minutes", "greater than or equal to"),
        ({"reliability": "Z"}, "reliability", "Select a valid choice"),
        ({"property_mapping": '{"date": 5}'}, "property_mapping", "Give an object"),
        ({"property_mapping": '{"victim": "v"}'}, "property_mapping", "Give an object"),
        ({"property_mapping": "[1, 2"}, "property_mapping", "Enter a valid JSON"),
        ({"name": "Add"}, "name", "name in URLs exists"),
        ({"name": "!!!"}, "name", "letters or digits"),
    ],
)
def test_bad_settings_are_refused_and_change_nothing(client, cast, change, field, message):
    client.force_login(cast.staff)
    response = client.post("/feeds/sources/add/", {**NEW, **change})
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert (
        not FeedSource.objects.exists()
        and not AuditEvent.objects.filter(action="feed_source_changed").exists()
    )


def test_a_second_source_with_the_same_name_is_refused(client, cast):
    services.source_add(name="MDAT GoG", format="rss")
    client.force_login(cast.staff)
    response = client.post("/feeds/sources/add/", NEW)
    assert response.status_code == 400 and FeedSource.objects.count() == 1


def test_staff_change_the_interval_and_switch_a_source_off(client, cast):
    source = services.source_add(name="NGA ASAM", format="asam-json", url="https://a.example/")
    client.force_login(cast.staff)
    page = client.get(f"/feeds/sources/{source.slug}/").content.decode()
    assert 'value="360"' in page and "Set when the source was added." in page
    response = client.post(
        f"/feeds/sources/{source.slug}/",
        {**NEW, "name": "NGA ASAM", "slug": "forged", "format": "rss", "interval_minutes": "720",
         "enabled": ""},
    )  # fmt: skip
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.slug, source.format) == ("nga-asam", "asam-json")
    assert source.interval_minutes == 720 and not source.enabled
    event = AuditEvent.objects.get(action="feed_source_changed")
    assert "interval_minutes" in event.detail["changed"]
    assert services.due_sources() == []


def test_editors_see_the_desk_but_not_the_settings(client, cast):
    source = services.source_add(name="NGA ASAM", format="asam-json", url="https://a.example/")
    client.force_login(cast.editor)
    health = client.get("/feeds/health/").content.decode()
    assert "Poll now" in health and "Settings" not in health and "Add a source" not in health
    assert client.get(f"/feeds/sources/{source.slug}/").status_code == 404
    assert client.post(f"/feeds/sources/{source.slug}/", NEW).status_code == 404
    source.refresh_from_db()
    assert source.name == "NGA ASAM"
    client.force_login(cast.staff)
    assert "Settings" in client.get("/feeds/health/").content.decode()


def test_a_switched_off_source_is_not_polled_on_request(client, cast):
    source = services.source_add(
        name="NGA ASAM", format="asam-json", url="https://a.example/", enabled=False
    )
    client.force_login(cast.editor)
    response = client.post(f"/feeds/sources/{source.slug}/poll/", follow=True)
    assert "switched off or fed by uploads" in response.content.decode()
    assert not AuditEvent.objects.filter(action="feed_poll_asked").exists()


@pytest.mark.django_db(transaction=True)
def test_poll_now_runs_on_a_real_worker(client, cast, feed_server, celery_worker):
    url = feed_server.serve("/asam.json", Answer((FIXTURES / "asam.json").read_bytes()))
    source = services.source_add(name="NGA ASAM", format="asam-json", url=url)
    client.force_login(cast.editor)
    response = client.post(f"/feeds/sources/{source.slug}/poll/", follow=True)
    assert "will be polled in a moment" in response.content.decode()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not FeedRun.objects.exclude(state="running").exists():
        time.sleep(0.1)
    run = FeedRun.objects.get()
    assert (run.state, run.trigger, run.counts["new"]) == ("succeeded", "staff", 4)
    assert AuditEvent.objects.get(action="feed_poll_asked").actor == cast.editor


def _advisories():
    clear = services.source_add(name="MDAT advisories", format="rss", region="west_africa")
    green = services.source_add(
        name="Members' warnings", format="rss", region="red_sea", default_tlp="green"
    )
    services.ingest(clear, (FIXTURES / "advisories.rss").read_bytes(), trigger="upload")
    services.ingest(green, (FIXTURES / "advisories.atom").read_bytes(), trigger="upload")
    return Advisory.objects.filter(source=green).values_list("title", flat=True)


def test_advisories_show_what_each_viewer_may_see_newest_first(client, cast):
    green_titles = list(_advisories())
    assert green_titles
    public = client.get("/advisories/").content.decode()
    assert public.index("Suspicious approaches off Bonny") < public.index(
        "Increased robberies at Lagos anchorage"
    )
    assert not any(title in public for title in green_titles)
    assert 'href="javascript' not in public
    client.force_login(cast.pending_a)
    assert not any(title in client.get("/advisories/").content.decode() for title in green_titles)
    client.force_login(cast.member_b)
    member = client.get("/advisories/").content.decode()
    assert all(title in member for title in green_titles)
    west = client.get("/advisories/?region=west_africa").content.decode()
    assert "Lagos anchorage" in west and not any(title in west for title in green_titles)
    assert client.get("/advisories/?region=atlantis").status_code == 400
