"""Headline figures and the regional crime summary: what counts (three years; seen; never
retracted), this year against the same days of last year, the top ports, the pages and the
PDF."""

import datetime as dt
import io

import pytest
from django.http import QueryDict
from pypdf import PdfReader

from incidents.models import Export
from incidents.services import incidents_set_status
from members.access import viewer_for
from reports.report import summary_pdf
from reports.summary import headline_figures, regional_summary
from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
SINGAPORE_STRAIT = {"latitude": 1.26, "longitude": 104.08}


def test_headline_figures_count_the_last_three_years_seen(cast):
    report(cast, occurred_on=dt.date(2025, 3, 1), perpetrators=5, crew_on_board=20)
    report(cast, occurred_on=dt.date(2024, 1, 1), perpetrators=None, category="attempted",
           crew_on_board=18)  # fmt: skip
    report(cast, occurred_on=dt.date(2023, 6, 16), perpetrators=7, category="hijacked",
           crew_on_board=12, **SINGAPORE_STRAIT)  # fmt: skip
    report(cast, occurred_on=dt.date(2023, 6, 15), perpetrators=100, crew_on_board=99)  # too old
    hoax = report(cast, occurred_on=dt.date(2025, 5, 1), perpetrators=50, crew_on_board=50)
    incidents_set_status(actor=cast.editor, incident_ids=[hoax.pk], status="retracted",
                         reason="Hoax")  # fmt: skip
    report(cast, occurred_on=dt.date(2025, 5, 2), perpetrators=9, tlp="red", crew_on_board=9)
    seen = headline_figures(viewer_for(cast.member_b), today=TODAY)
    expected = {"incidents": 3, "countries": 2, "criminals": 12, "boarded": 2,
                "crew_affected": 32}  # fmt: skip
    assert {k: seen[k] for k in expected} == expected
    assert headline_figures(viewer_for(cast.member_a), today=TODAY)["criminals"] == 21
    west = headline_figures(viewer_for(cast.member_b), region="west_africa", today=TODAY)
    assert (west["incidents"], west["countries"]) == (2, 1)
    assert headline_figures(viewer_for(None), today=TODAY)["incidents"] == 0  # GREEN only


def test_the_summary_sets_this_year_against_the_same_days_of_last_year(cast):
    for day in ("2026-01-10", "2026-06-15", "2025-02-01", "2025-06-15", "2025-06-16",
                "2025-12-31", "2024-12-31"):  # fmt: skip
        report(cast, occurred_on=dt.date.fromisoformat(day))
    report(cast, occurred_on=dt.date(2026, 3, 3), **SINGAPORE_STRAIT)
    summary = regional_summary(viewer_for(cast.member_b), today=TODAY)
    rows = {row["region"]: row for row in summary["regions"]}
    west = rows["west_africa"]
    assert west["this_year"][:6] == [1, 0, 0, 0, 0, 1] and sum(west["this_year"]) == 2
    assert west["last_year"] == [0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1]
    assert (west["to_date"], west["to_date_last_year"], west["last_year_total"]) == (2, 2, 4)
    assert west["change"] == 0
    east = rows["south_east_asia"]
    assert (east["to_date"], east["to_date_last_year"], east["change"]) == (1, 0, None)
    assert summary["total_to_date"] == 3 and summary["months_shown"] == 6
    assert [(p["port__code"], p["this_year"], p["last_year"]) for p in summary["ports"]] == [
        ("NGLOS-ANCH", 2, 4)
    ]  # the Singapore Strait position is at no port
    past = regional_summary(viewer_for(cast.member_b), year=2025, today=TODAY)
    assert {r["region"]: r["to_date"] for r in past["regions"]} == {"west_africa": 4}


def test_the_pages(client, cast):
    report(cast, occurred_on=dt.date.today() - dt.timedelta(days=2), perpetrators=4,
           crew_on_board=21)  # fmt: skip
    client.force_login(cast.member_b)
    page = client.get("/regions/").content.decode()
    assert "West Africa / Gulf of Guinea" in page and 'data-chart="regions"' in page
    assert "Make a PDF of this summary" in page
    region = client.get("/regions/west_africa/").content.decode()
    assert 'data-testid="headline"' in region and "<strong>21</strong> crew" in region
    assert 'data-chart="months"' in region and "Lagos Anchorage" in region
    home = client.get("/").content.decode()
    assert "<strong>4</strong> criminals reported" in home
    assert client.get("/regions/atlantis/").status_code == 404
    for year in ("1999", "abc", str(dt.date.today().year + 1)):
        assert client.get(f"/regions/?year={year}").status_code == 400


def test_the_summary_pdf_is_marked_on_every_page(client, cast):
    report(cast, occurred_on=dt.date.today() - dt.timedelta(days=2))
    document, counted, marking = summary_pdf(viewer_for(cast.member_b), QueryDict(""))
    text = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(document)).pages]
    assert counted == 1 and marking == "green"
    assert "Maritime crime summary" in text[0] and "West Africa" in text[0]
    assert all(page.count("TLP:GREEN") >= 2 for page in text)
    client.force_login(cast.member_b)
    response = client.post("/regions/report/", {"region": "west_africa"})
    assert response.status_code == 302 and Export.objects.get().format == "summary"
    assert client.post("/regions/report/", {"year": "1850"}).status_code == 400
    assert client.post("/regions/report/", {"region": "moon"}).status_code == 400
    client.force_login(cast.pending_a)
    assert client.post("/regions/report/", {}).status_code == 403
    assert Export.objects.count() == 1


def test_staff_read_the_days_statistics(client, cast):
    from feeds import services as feed_services

    incident = report(cast, occurred_on=dt.date(2024, 5, 1))
    incidents_set_status(actor=cast.editor, incident_ids=[incident.pk], status="verified",
                         reason="Checked")  # fmt: skip
    source = feed_services.source_add(name="Bad feed", format="asam-json")
    feed_services.ingest(source, b"{not json", trigger="upload")
    client.force_login(cast.staff)
    page = client.get("/statistics/daily/").content.decode()
    today = page.split('data-testid="daily"', 1)[1].split("</tr>", 2)[1]
    numbers = [c.split("<")[0] or c.split(">")[1].split("<")[0] for c in today.split("<td>")[2:]]
    # new incidents, verifications, applications, approvals, runs, failed, new records
    assert numbers[:2] == ["1", "1"] and numbers[4:7] == ["1", "1", "0"]
    assert int(numbers[2]) >= 1 and int(numbers[3]) >= 1  # the cast's own memberships


def test_headline_figures_are_kept_five_minutes_per_person(client, cast):
    from django.core.cache import cache

    cache.clear()
    report(cast, occurred_on=dt.date.today() - dt.timedelta(days=2), perpetrators=4)
    client.force_login(cast.member_b)
    assert "<strong>4</strong> criminals reported" in client.get("/").content.decode()
    report(cast, occurred_on=dt.date.today() - dt.timedelta(days=1), perpetrators=3)
    assert "<strong>4</strong> criminals reported" in client.get("/").content.decode()
    client.force_login(cast.member_a)  # another person counts afresh
    assert "<strong>7</strong> criminals reported" in client.get("/").content.decode()
    cache.clear()
    client.force_login(cast.member_b)
    assert "<strong>7</strong> criminals reported" in client.get("/").content.decode()
