"""The PDF of a trend: the study's findings in its text, the charts and map, the sources and
grading, the TLP marking on every page; made by a worker as the asking member's export."""

import io
import time

import pytest
from django.http import QueryDict
from pypdf import PdfReader

from incidents import exports
from incidents.models import Export
from members.access import viewer_for
from reports.report import trend_pdf
from tests.incidents.conftest import report as reported

from .test_api import STUDY_QUERY, study
from .test_pages import STUDY_FINDINGS

pytestmark = pytest.mark.django_db

PARAMS = QueryDict(STUDY_QUERY[1:])


def pages(document: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(document)).pages]


def test_the_study_pdf_says_what_the_study_said_on_every_page_marked(cast):
    study(cast)
    steps = []
    document, counted, marking = trend_pdf(viewer_for(cast.member_b), PARAMS, steps.append)
    assert document.startswith(b"%PDF-") and counted == 10 and marking == "green"
    assert steps == [1, 2, 3, 4]
    text = pages(document)
    assert 1 <= len(text) <= 2
    everything = " ".join(text)
    squeezed = everything.replace(" ", "")  # text extraction splits kerned pairs: "T argets"
    for line in STUDY_FINDINGS:
        assert line.replace(" ", "") in squeezed, line
    assert "Lagos Anchorage" in everything and "1 January 2019 to 31 December 2019" in everything
    assert "member reports (10)" in everything and "ungraded 10" in everything
    assert all(page.count("TLP:GREEN") >= 2 for page in text)  # the header and the footer
    images = sum(len(page.images) for page in PdfReader(io.BytesIO(document)).pages)
    assert images == 1  # the map's land and sea; the charts are drawn as vectors
    assert "Fri" in everything and "forecastle store" in everything  # the charts' own text


def test_the_marking_is_the_most_restricted_counted(cast):
    study(cast)
    reported(cast, tlp="red", occurred_on=study_day())
    _, counted, marking = trend_pdf(viewer_for(cast.member_a), PARAMS)
    assert (counted, marking) == (11, "red")
    _, counted, marking = trend_pdf(viewer_for(cast.member_b), PARAMS)
    assert (counted, marking) == (10, "green")


def study_day():
    import datetime as dt

    return dt.date(2019, 6, 1)


def test_a_member_asks_and_downloads_the_pdf(client, cast):
    study(cast)
    client.force_login(cast.member_b)
    page = client.get("/trends/" + STUDY_QUERY).content.decode()
    assert "Make a PDF report" in page
    response = client.post("/trends/report/", {"query": STUDY_QUERY[1:]})
    job = Export.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/incidents/exports/{job.pk}/"
    assert (job.format, job.created_by) == ("pdf", cast.member_b)
    assert exports.export_write(export_id=job.pk) == "ready"
    job.refresh_from_db()
    assert (job.written, job.total, job.highest_tlp) == (4, 4, "green")
    detail = client.get(f"/incidents/exports/{job.pk}/").content.decode()
    assert "PDF trend report" in detail and "4 of 4 steps done" in detail
    download = client.get(f"/incidents/exports/{job.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert "csoa-trend-" in download["Content-Disposition"]
    assert STUDY_FINDINGS[1] in " ".join(pages(b"".join(download.streaming_content)))
    client.force_login(cast.member_a)
    assert client.get(f"/incidents/exports/{job.pk}/download/").status_code == 404


@pytest.mark.parametrize(
    ("role", "query", "status"),
    [("pending_a", STUDY_QUERY[1:], 403), ("member_b", "port=ZZZZZ", 400),
     ("member_b", "latitude=1", 400)],
)  # fmt: skip
def test_refused_requests_queue_nothing(client, cast, role, query, status):
    client.force_login(cast.user(role))
    response = client.post("/trends/report/", {"query": query})
    assert response.status_code == status and not Export.objects.exists()


def test_the_public_is_asked_to_sign_in(client):
    response = client.post("/trends/report/", {"query": STUDY_QUERY[1:]})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Export.objects.exists()


def test_a_member_waits_for_no_more_than_three(client, cast, settings):
    settings.EXPORTS_ACTIVE_MAX = 1
    client.force_login(cast.member_b)
    client.post("/trends/report/", {"query": STUDY_QUERY[1:]})
    response = client.post("/trends/report/", {"query": STUDY_QUERY[1:]})
    assert response.status_code == 429 and Export.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_the_pdf(client, cast, celery_worker):
    study(cast)
    client.force_login(cast.member_b)
    client.post("/trends/report/", {"query": STUDY_QUERY[1:]})
    job = Export.objects.get()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and job.state in ("queued", "running"):
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.state == "ready", job.error
    assert pages(job.file.open("rb").read())[0].count("TLP:GREEN") >= 2


def test_drawing_libraries_stay_out_of_start_up():
    import os
    import subprocess
    import sys

    check = (
        "import sys, django; django.setup(); "
        "print(sorted(m for m in ('matplotlib', 'weasyprint') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
    )  # fmt: skip
    assert out.stdout.strip() == "[]"
