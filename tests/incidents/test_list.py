"""The incident list: keyset pages in every sort order, the count, damaged links, and the
queries the list and an incident page cost."""

import datetime as dt
import re

import pytest

from incidents import listing
from incidents.services import incident_change

from .conftest import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven(cast):
    """Seven incidents: two on the same day and time (ties broken by id), mixed categories."""
    days = [(2019, 1, 5), (2019, 1, 5), (2018, 6, 1), (2020, 2, 2), (2017, 3, 3), (2021, 4, 4)]
    made = [
        report(cast, occurred_on=dt.date(*day), category=category)
        for day, category in zip(days, ["boarded", "theft", "attempted", "boarded", "theft",
                                        "hijacked"], strict=True)
    ]  # fmt: skip
    made.append(report(cast, occurred_on=dt.date(2016, 1, 1), tlp="amber_strict"))
    return made


def references(html: str) -> list[str]:
    return re.findall(r'<td class="lead-cell"><a href="/incidents/(CSOA-\d{4}-\d{4})/">', html)


def links(html: str) -> dict[str, str]:
    return {
        rel: href.replace("&amp;", "&")
        for rel, href in re.findall(r'rel="(\w+)" href="([^"]+)"', html)
    }


def walk(client, url: str) -> tuple[list[list[str]], list[list[str]]]:
    """Follow the next links to the end, then the previous links back to the start."""
    pages = []
    while url:
        html = client.get(url).content.decode()
        pages.append(references(html))
        url = links(html).get("next") and "/incidents/" + links(html)["next"]
        last = html
    back = [pages[-1]]
    url = links(last).get("prev")
    while url:
        html = client.get("/incidents/" + url).content.decode()
        back.insert(0, references(html))
        url = links(html).get("prev")
    return pages, back


def expected_order(incidents, key, reverse):
    ordered = sorted(incidents, key=key, reverse=reverse)
    return [incident.reference for incident in ordered]


@pytest.mark.parametrize(
    ("query", "key", "reverse"),
    [
        ("", lambda i: (i.occurred_at, i.pk), True),
        ("sort=date&dir=asc", lambda i: (i.occurred_at, i.pk), False),
        ("sort=category&dir=asc", lambda i: (i.category, i.occurred_at, i.pk), False),
        ("sort=category&dir=desc", lambda i: (i.category, i.occurred_at, i.pk), True),
        ("sort=status", lambda i: (i.status, i.occurred_at, i.pk), False),
    ],
)
def test_keyset_pages_walk_the_whole_list_in_order_both_ways(
    client, cast, seven, monkeypatch, query, key, reverse
):
    incident_change(incident=seven[2], actor=cast.editor, reason="Checked", status="verified")
    seven[2].refresh_from_db()
    monkeypatch.setattr("incidents.views.lists.PAGE_SIZE", 2)
    client.force_login(cast.member_b)  # sees six: not A's AMBER+STRICT
    pages, back = walk(client, f"/incidents/?{query}")
    assert [ref for page in pages for ref in page] == expected_order(seven[:6], key, reverse)
    assert [len(page) for page in pages] == [2, 2, 2]
    assert back == pages
    html = client.get(f"/incidents/?{query}").content.decode()
    assert 'rel="prev"' not in html


def test_previous_links_lead_back_page_by_page(client, cast, seven, monkeypatch):
    monkeypatch.setattr("incidents.views.lists.PAGE_SIZE", 2)
    client.force_login(cast.member_a)
    first = client.get("/incidents/?category=boarded,theft,hijacked,attempted").content.decode()
    second = client.get("/incidents/" + links(first)["next"]).content.decode()
    third = client.get("/incidents/" + links(second)["next"]).content.decode()
    back = client.get("/incidents/" + links(third)["prev"]).content.decode()
    assert references(back) == references(second)
    back = client.get("/incidents/" + links(back)["prev"]).content.decode()
    assert references(back) == references(first)
    assert "category=boarded" in links(second)["next"]  # the filters stay


def test_sort_links_keep_the_filters_and_turn_the_order_around(client, cast, seven):
    html = client.get("/incidents/?region=west_africa&sort=category&dir=asc").content.decode()
    assert (
        'aria-sort="ascending"><a href="?region=west_africa&amp;sort=category&amp;dir=desc"' in html
    )
    assert 'href="?region=west_africa&amp;sort=date&amp;dir=desc">Date' in html


def test_the_count_is_exact_from_the_cells_and_capped_otherwise(client, cast, seven, monkeypatch):
    client.force_login(cast.member_b)
    assert "6 incidents" in client.get("/incidents/").content.decode()
    assert "2 incidents" in client.get("/incidents/?category=theft").content.decode()
    html = client.get("/incidents/?since=2019-01-01").content.decode()
    assert "4 incidents" in html
    monkeypatch.setattr(listing, "COUNT_CAP", 3)
    assert "More than 3 incidents" in client.get("/incidents/?since=2019-01-01").content.decode()
    assert "6 incidents" in client.get("/incidents/").content.decode()  # cells: never capped


@pytest.mark.parametrize(
    "query",
    [
        "after=forged",
        "after=WyJib2FyZGVkIl0",  # a list of the wrong length
        "after=WzEsIDJd",  # [1, 2]: not a time
        "after=WyIyMDE5LTAxLTA1VDAyOjU5OjAwIiwgIngiXQ",  # the id is not a number
        "after=WyIyMDE5LTAxLTA1VDAyOjU5OjAwIiwgMV0",  # a time without its zone
        "sort=vessel_imo",
        "dir=sideways",
        "after=x&before=y",
        "since=2019-13-01",
    ],
)
def test_damaged_list_links_get_a_clear_400(client, cast, seven, query):
    response = client.get(f"/incidents/?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode() or "errorlist" in response.content.decode()


def test_the_list_costs_the_same_queries_however_many_rows(
    client, cast, seven, django_assert_num_queries
):
    client.force_login(cast.member_b)
    client.get("/incidents/")
    # Session, user, membership with its organisation (for the menu too); the page of rows;
    # the count from cells; the granted rows. (The bell's count is kept in the cache.)
    with django_assert_num_queries(6):
        assert len(references(client.get("/incidents/").content.decode())) == 6
    for n in range(5):
        report(cast, occurred_on=dt.date(2015, 1, 1 + n))
    with django_assert_num_queries(6):
        assert len(references(client.get("/incidents/").content.decode())) == 11


def test_an_incident_page_costs_the_same_queries_however_long_its_history(
    client, cast, django_assert_num_queries
):
    incident = report(cast)
    client.force_login(cast.member_b)
    client.get(f"/incidents/{incident.reference}/")
    with django_assert_num_queries(QUERIES_FOR_INCIDENT_PAGE):
        client.get(f"/incidents/{incident.reference}/")
    for n in range(4):
        incident_change(
            incident=incident, actor=cast.editor, reason=f"Check {n}", perpetrators=4 + n
        )
    with django_assert_num_queries(QUERIES_FOR_INCIDENT_PAGE):
        assert client.get(f"/incidents/{incident.reference}/").status_code == 200


# Session, user, membership with its organisation (for the menu too); the incident; its
# changes; its updates; the report's files; the feeds that report it; whether the reader
# watches it; its discussion in Chatter, if there is one. (The bell's count is kept in the
# cache.)
QUERIES_FOR_INCIDENT_PAGE = 10


def test_every_filter_has_a_label(client):
    page = client.get("/incidents/").content.decode()
    assert "[invalid name]" not in page
    assert '<label for="id_radius_nm">Radius (nm):</label>' in page
