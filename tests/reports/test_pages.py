"""The trend page and the port pages: the study's findings in plain words, charts drawn on the
server, the same access rules as the API, bad input refused."""

import base64
import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.incidents.conftest import report

from .test_api import STUDY_QUERY, study

pytestmark = pytest.mark.django_db

STUDY_FINDINGS = [
    "10 incidents in this period.",
    "7 of 10 incidents on a Friday or Saturday.",
    "All between 23:45 and 04:15 local time.",
    "Between 3 and 10 perpetrators (median 5.5).",
    "In 7 incidents the crew were restrained or tied up, and in 2 assaulted.",
    "In 4 incidents the perpetrators carried knives, and in 1 guns.",
    "Targets: 9 the forecastle store and 1 the bosun store.",
    "2 of 10 attempts were unsuccessful, both thanks to an alert crew.",
]


def findings(page: str) -> list[str]:
    block = page.split('data-testid="findings"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<li>([^<]+)</li>", block)


def test_the_study_reads_as_the_study_did(client, cast):
    study(cast)
    client.force_login(cast.member_b)
    response = client.get("/trends/" + STUDY_QUERY)
    page = response.content.decode()
    assert response.status_code == 200 and "Lagos Anchorage" in page
    assert findings(page) == STUDY_FINDINGS
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', page)
    assert len(images) == 4
    weekdays = base64.b64decode(images[0][0]).decode()
    assert weekdays.startswith("<?xml") and "<svg" in weekdays and ">Fri<" in weekdays
    assert "Fri: 4, Sat: 3" in images[0][1]


def test_nothing_seen_is_said_plainly(client, cast):
    study(cast)  # GREEN: members only
    page = client.get("/trends/" + STUDY_QUERY).content.decode()
    assert findings(page) == ["No incident is recorded here in this period that you may see."]
    assert 'class="charts"' not in page and "Sources:" not in page  # no empty charts


def test_counts_have_thousands_separators_and_countries_their_names(client, cast):
    from django.template import Context, Template

    shown = Template(
        "{% load humanize geography %}{{ n|intcomma }} · {{ c|country }} · {{ x|country }}"
    ).render(Context({"n": 14712, "c": "NG", "x": "ZZ"}))
    assert shown == "14,712 · Nigeria · ZZ"
    study(cast)
    client.force_login(cast.member_b)
    page = client.get("/ports/NGLOS-ANCH/").content.decode()
    assert " · Nigeria · " in page and " · NG · " not in page
    incident = report(cast)
    detail = client.get(f"/incidents/{incident.reference}/").content.decode()
    assert "<dt>Country</dt><dd>Nigeria</dd>" in detail


def test_a_bad_place_is_refused_on_the_page(client):
    response = client.get("/trends/?port=ZZZZZ")
    assert response.status_code == 400
    assert "No port or anchorage has the code ZZZZZ." in response.content.decode()


def test_the_page_shows_the_last_twelve_months_unless_told(client, cast):
    today = timezone.now().date()
    report(cast, occurred_on=today - dt.timedelta(days=10))
    report(cast, occurred_on=today - dt.timedelta(days=400))
    client.force_login(cast.member_b)
    page = client.get("/trends/?port=NGLOS-ANCH").content.decode()
    assert findings(page)[0] == "1 incident in this period."
    everything = client.get("/trends/?port=NGLOS-ANCH&since=2000-01-01").content.decode()
    assert findings(everything)[0] == "2 incidents in this period."


def test_list_filters_are_kept_and_narrow_the_trend(client, cast):
    study(cast)
    client.force_login(cast.member_b)
    page = client.get("/trends/" + STUDY_QUERY + "&category=attempted").content.decode()
    assert '<input type="hidden" name="category" value="attempted">' in page
    assert findings(page)[0] == "2 incidents in this period."


def test_a_port_page_shows_its_last_twelve_months_and_links_to_the_trend(client, cast):
    today = timezone.now().date()
    report(cast, occurred_on=today - dt.timedelta(days=3), occurred_time=dt.time(2, 10))
    report(cast, occurred_on=today - dt.timedelta(days=500))
    client.force_login(cast.member_b)
    response = client.get("/ports/NGLOS-ANCH/")
    page = response.content.decode()
    assert response.status_code == 200 and "<h1>Lagos Anchorage" in page
    assert findings(page)[0] == "1 incident in this period."
    assert "/trends/?port=NGLOS-ANCH&amp;since=" in page
    assert 'href="/ports/NGLOS/"' in page  # the port at the same UN/LOCODE
    assert client.get("/ports/nglos-anch/").status_code == 200
    assert client.get("/ports/XXXXX/").status_code == 404


def test_the_list_links_to_the_trend_of_its_filter(client, cast):
    study(cast)
    client.force_login(cast.member_b)
    listing = client.get("/incidents/" + STUDY_QUERY + "&category=attempted").content.decode()
    link = re.search(r'href="(/trends/\?[^"]+)" data-testid="trend-link"', listing)[1]
    assert "PDF" not in listing.split('class="exports"', 1)[1].split("</p>", 1)[0]
    page = client.get(link.replace("&amp;", "&")).content.decode()
    assert findings(page)[0] == "2 incidents in this period."
    assert 'name="sort"' not in page and 'name="dir"' not in page


def test_the_demo_holds_the_studys_year_at_cotonou(client, cast):
    from django.core.management import call_command

    from members.models import User

    call_command("seed_demo")
    call_command("seed_demo")  # loading twice adds nothing
    client.force_login(User.objects.get(email="cso@northwind.example"))
    page = client.get("/ports/BJCOO-ANCH/").content.decode()
    assert findings(page) == STUDY_FINDINGS


def test_the_sources_separate_member_reports_from_each_feed(client, cast):
    from pathlib import Path

    from feeds import review, services
    from feeds.models import FeedItem

    fixtures = Path(__file__).resolve().parents[1] / "feeds" / "fixtures"
    source = services.source_add(name="NGA ASAM", format="asam-json", reliability="B")
    services.ingest(source, (fixtures / "asam.json").read_bytes(), trigger="upload")
    review.item_accept(FeedItem.objects.get(external_id="2022-148"), editor=cast.editor)
    report(cast, occurred_on=dt.date(2022, 5, 1), latitude=1.26, longitude=104.08)
    client.force_login(cast.member_b)
    page = client.get("/trends/?region=south_east_asia&since=2022-01-01").content.decode()
    sources = page.split('data-testid="trend-sources">', 1)[1].split("</p>", 1)[0]
    assert "NGA ASAM (1), member reports (1)." in sources
    assert "B 1" in sources and "ungraded 1" in sources


@pytest.mark.parametrize(
    ("today", "since"),
    [
        (dt.date(2026, 12, 2), dt.date(2025, 12, 3)),
        (dt.date(2028, 2, 29), dt.date(2027, 3, 1)),  # a leap day: a year before has none
        (dt.date(2029, 3, 1), dt.date(2028, 3, 2)),
    ],
)
def test_the_last_twelve_months_end_today_whatever_the_day(today, since):
    from reports.selectors import last_twelve_months

    assert last_twelve_months(today) == (since, today)
